"""Issue 10 point 3 on a phone: a participant leaves a statement out, the check page says so
and links to it, and sending needs the box ticked once."""

from __future__ import annotations

import os

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, participant_user

SCREENSHOTS = os.environ.get("SMAIL_SCREENSHOTS")  # a folder: keep the page to look at


def test_a_participant_sends_an_incomplete_rating_on_purpose(app, live_server, phone_page,
                                                             clock, make_participant):
    participant = make_participant(with_account=True)
    page = phone_page
    browser_login(page, live_server, participant_user(app, participant).username, PASSWORD)
    page.locator("form[action$='/me/rating'] button[type=submit]").click()
    page.wait_for_url("**/step/1")
    for step in range(1, 8):
        groups = page.locator("fieldset").all()
        # on step 2, the last statement is left without an answer
        for group in groups[:-1] if step == 2 else groups:
            group.locator("input[value='4']").check()
        page.get_by_role("button", name="Spara och fortsätt").click()
        page.wait_for_load_state("load")
    assert page.url.endswith("/check")
    notice = page.locator("[data-unanswered]")
    assert "1 påstående saknar svar" in notice.inner_text()
    axe_scan(page, context="check page with a statement left out")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "check-incomplete.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url("**/check")
    assert page.get_by_text("kryssa i att du vill skicka ändå").is_visible()
    page.get_by_label("Jag vill skicka fast 1 påstående saknar svar").check()
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url("**/done")
