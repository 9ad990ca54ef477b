"""The participant's pages work at 320 px and with text at 200%: nothing forces sideways
scrolling of the page (WCAG 1.4.4 resize text, 1.4.10 reflow)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, participant_user


@pytest.mark.parametrize(("width", "text_zoom"), [(320, 1), (390, 2)])
def test_participant_pages_reflow(app, live_server, browser, clock, make_participant, width,
                                  text_zoom):
    participant = make_participant(with_account=True)
    user = participant_user(app, participant)
    context = browser.new_context(viewport={"width": width, "height": 700}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    browser_login(page, live_server, user.username, PASSWORD)
    page.get_by_role("button", name="Börja skatta").click()
    page.wait_for_url("**/step/1")
    step_url = page.url
    for url in (live_server.url("/me"), step_url, live_server.url("/me/access-log"),
                live_server.url("/me/reminders"), live_server.url("/me/progress")):
        page.goto(url)
        if text_zoom != 1:
            # Like a browser's text-size setting: rem and em sizes grow, the viewport not.
            page.evaluate(f"document.documentElement.style.fontSize = '{100 * text_zoom}%'")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{url} is {overflow}px wide at {width}px, text ×{text_zoom}"
        axe_scan(page, context=f"{url} at {width}px, text ×{text_zoom}")
    context.close()


def test_new_password_page_on_a_phone(app, live_server, phone_page, clock, make_insats,
                                      make_certified_handledare, make_participant):
    from smail_app.extensions import db
    from smail_app.participants import services
    from smail_app.participants.models import Participant

    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True)
    with app.app_context():
        from smail_app.auth.models import User

        issued = services.issue_password_link(db.session.get(Participant, participant.id),
                                              db.session.get(User, handledare.id))
        db.session.commit()
    phone_page.goto(live_server.url(f"/invite/{issued.token}"))
    axe_scan(phone_page, context="new password")
    phone_page.get_by_label("Välj lösenord").fill("ett nytt lösenord")
    phone_page.get_by_label("Skriv lösenordet igen").fill("ett nytt lösenord")
    phone_page.get_by_role("button", name="Spara lösenordet").click()
    phone_page.wait_for_url("**/me")
    assert phone_page.get_by_text("Ditt nya lösenord är sparat.").is_visible()


def test_rating_step_with_the_keyboard_only(app, live_server, desktop_page, clock,
                                            make_participant):
    """Tab to the first statement, arrow keys choose, Tab to the button, Enter sends."""
    participant = make_participant(with_account=True)
    user = participant_user(app, participant)
    page = desktop_page
    browser_login(page, live_server, user.username, PASSWORD)
    page.get_by_role("button", name="Börja skatta").click()
    page.wait_for_url("**/step/1")

    def focused() -> dict:
        return page.evaluate("() => ({tag: document.activeElement.tagName, "
                             "type: document.activeElement.type || '', "
                             "text: (document.activeElement.textContent || '').trim()})")

    for _ in range(40):  # past the header, the back link and into the first scale
        page.keyboard.press("Tab")
        if focused()["type"] == "radio":
            break
    assert focused()["type"] == "radio"
    page.keyboard.press("ArrowDown")  # radio groups move and choose with the arrows
    page.keyboard.press("ArrowDown")
    checked = page.locator("fieldset.rating-question").first.locator("input:checked")
    assert checked.input_value() == "3"
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused()["text"] == "Spara och fortsätt":
            break
    assert focused()["text"] == "Spara och fortsätt"
    page.keyboard.press("Enter")
    page.wait_for_url("**/step/2")
