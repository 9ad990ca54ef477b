"""Issue 10 point 9: without JavaScript the radar left ~350 px of blank space and the step
promised "Dina svar sparas direkt" although only "Spara och fortsätt" saves. Each mode now
says what is true, and the table stands in for the chart."""

from __future__ import annotations

from datetime import date

from tests.browser.conftest import browser_login
from tests.factories import PASSWORD, add_rating, participant_user


def _participant_context(browser, javascript: bool):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    return context


def test_each_mode_says_how_answers_are_saved_and_charts_leave_no_gap(
        app, live_server, browser, clock, make_participant):
    participant = make_participant(with_account=True, start_date=date(2027, 3, 1))
    add_rating(app, participant, date(2027, 3, 1), 2)
    clock.set(date(2027, 5, 25))
    user = participant_user(app, participant)
    for javascript in (False, True):
        context = _participant_context(browser, javascript)
        page = context.new_page()
        browser_login(page, live_server, user.username, PASSWORD)
        page.goto(live_server.url("/me/progress"))
        page.wait_for_load_state("load")
        radar = page.locator(".chart--radar")
        assert radar.is_visible() is javascript  # no empty box without JavaScript
        assert page.locator("table.table--stack").first.is_visible()

        page.goto(live_server.url("/me"))
        # "Börja skatta" the first time, "Fortsätt skattningen" the second.
        page.locator("form[action$='/me/rating'] button[type=submit]").click()
        page.wait_for_url("**/step/1")
        page.wait_for_load_state("load")
        direct = page.get_by_text("Dina svar sparas direkt.")
        on_continue = page.get_by_text("Dina svar sparas när du trycker på")
        assert direct.is_visible() is javascript
        assert on_continue.is_visible() is not javascript
        context.close()
