"""Languages translated for the participant's pages (Arabic first) cover every string those
pages show: each page is rendered in each such language while every lookup in the catalogue
is watched, and a string the catalogue lacks fails the test by name."""

from __future__ import annotations

import re
from datetime import date

import pytest

from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.i18n import LANGUAGES
from smail_app.participants import services as participant_services
from smail_app.participants.models import Participant
from tests.conftest import login
from tests.factories import PASSWORD, add_activity, participant_user

PARTIAL_LANGUAGES = [code for code, language in LANGUAGES.items()
                     if language.participant_pages_only]


SEEN: list[str] = []  # the pages of the last visit, for tests that read them


def _ok(response) -> str:
    assert response.status_code < 500
    SEEN.append(response.get_data(as_text=True))
    return SEEN[-1]


def _invite_link(app, participant, handledare) -> str:
    with app.app_context():
        issued = participant_services.issue_participant_invite(
            db.session.get(Participant, participant.id), db.session.get(User, handledare.id))
        db.session.commit()
        return f"/invite/{issued.token}"


def _statement_names(page: str) -> list[str]:
    return sorted(set(re.findall(r'name="(s\d+)"', page)))


@pytest.mark.parametrize("code", PARTIAL_LANGUAGES)
def test_every_participant_page_is_translated(app, client, clock, make_insats,
                                              make_certified_handledare, make_participant, code,
                                              looked_up):
    visit_participant_pages(app, client, clock, make_insats, make_certified_handledare,
                            make_participant, code)
    _used, missing = looked_up[code]
    assert not sorted(missing), f"missing in {code}: {sorted(missing)}"


def visit_participant_pages(app, client, clock, make_insats, make_certified_handledare,
                            make_participant, code: str) -> list[str]:
    """Every page a participant sees, in ``code``: signing in (also wrongly), the invite,
    each page of their own, forms with errors, a whole rating, and a rating done together
    on the handledare's device after the interpreter's switch. Returns the pages' HTML."""
    SEEN.clear()
    insats = make_insats()
    participant = make_participant(insats, with_account=True)
    handledare = make_certified_handledare(insats)
    add_activity(app, participant, handledare, due_date=date(2027, 3, 5))
    clock.advance(days=10)  # so the activity shows as late too
    user = participant_user(app, participant)
    client.post("/language", data={"language": code, "next": "/login"})
    invite = _invite_link(app, make_participant(), handledare)
    _ok(client.get(invite))
    _ok(client.post(invite, data={"username": "", "password": "kort"}))
    _ok(client.get("/login"))
    _ok(client.post("/login", data={"login": user.username, "password": "fel"}))
    _ok(client.post("/login", data={"login": user.username, "password": PASSWORD}))
    pages = ["/me", "/me/progress", "/me/access-log", "/me/reminders", "/me/my-data", "/account"]
    for path in pages:
        _ok(client.get(path))
    _ok(client.post("/me/reminders", data={"email": "inte en adress"}))
    _ok(client.post("/account/password", data={"current_password": "fel"}))
    step_url = client.post("/me/rating").headers["Location"]
    _ok(client.post(step_url, data={"s1": "9"}))  # an answer off the scale
    for _step in range(7):
        page = _ok(client.get(step_url))
        step_url = client.post(step_url, data={name: "3" for name in
                                               _statement_names(page)}).headers["Location"]
    _ok(client.get(step_url))  # the check page
    done = client.post(step_url.replace("/check", "/submit")).headers["Location"]
    _ok(client.get(done))
    _ok(client.get("/me/progress"))
    assert 'dir="rtl"' in _ok(client.get("/me")) or not LANGUAGES[code].is_rtl
    _together_in(client, code, lambda **kw: make_participant(insats, **kw), handledare)
    return list(SEEN)


def _together_in(client, code: str, make_participant, handledare) -> None:
    """The participant's pages of a rating done together, switched by the interpreter."""
    participant = make_participant(handledare=handledare)
    client.post("/logout")
    login(client, handledare)
    step_url = client.post(f"/participants/{participant.public_id}/together").headers["Location"]
    rating_id = step_url.split("/together/")[1].split("/")[0]
    client.post(f"/ratings/{rating_id}/language", data={"language": code, "next": step_url})
    _ok(client.get(step_url))
