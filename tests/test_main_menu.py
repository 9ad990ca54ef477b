"""The main menu (web.main_menu): each kind of user sees the links of their roles and no
others, the page they are on is marked for screen readers, and the links follow the
language."""

from __future__ import annotations

import re

from tests.conftest import login
from tests.factories import participant_user

LINK = re.compile(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>')


def _menu(client, path: str) -> list[tuple[str, bool, str]]:
    page = client.get(path).get_data(as_text=True)
    nav = page[page.index('id="site-nav"'):page.index("</nav>")]
    return [(href, bool(current), label) for href, current, label in LINK.findall(nav)]


def test_a_participant_sees_their_own_four_links(app, client, make_participant):
    login(client, participant_user(app, make_participant(with_account=True)))
    menu = _menu(client, "/me/progress")
    assert [label for _, _, label in menu] == [
        "Min skattning", "Min utveckling", "Vem har sett mina uppgifter", "Mitt konto"]
    assert [label for _, current, label in menu if current] == ["Min utveckling"]


def test_each_role_sees_its_links(app, client, make_staff, make_admin):
    handledare = make_staff("handledare")
    login(client, handledare)
    labels = [label for _, _, label in _menu(client, "/account")]
    assert labels == ["Mina deltagare", "Rapporter", "Mina utbildningar", "Kolla certifiering",
                      "Mitt konto"]
    client.post("/logout")
    login(client, make_staff("utbildare"))
    labels = [label for _, _, label in _menu(client, "/account")]
    assert labels == ["Kurser", "Mina utbildningar", "Kolla certifiering", "Mitt konto"]
    client.post("/logout")
    login(client, make_admin())
    menu = _menu(client, "/certification/esf")
    labels = [label for _, _, label in menu]
    assert "Mina deltagare" not in labels
    assert labels[:7] == ["Organisationer", "Insatser", "Personal", "Frågeversioner",
                          "ESF-uppföljning", "Åtkomstlogg", "Språk"]
    assert [(href, label) for href, current, label in menu if current] == [
        ("/certification/esf", "ESF-uppföljning")]


def test_the_menu_follows_the_language(app, client, make_staff):
    login(client, make_staff("handledare"))
    client.post("/language", data={"language": "en", "next": "/account"})
    labels = [label for _, _, label in _menu(client, "/account")]
    assert labels[0] == "My participants" and "Mina deltagare" not in labels
