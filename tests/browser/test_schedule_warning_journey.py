"""Issue 10 point 4 on a phone: the participant page says that a new rating counts for no
occasion, and rating together starts only once the handledare has ticked that they want it."""

from __future__ import annotations

import os
from datetime import date

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, add_rating

SCREENSHOTS = os.environ.get("SMAIL_SCREENSHOTS")  # a folder: keep the page to look at


def test_rating_outside_the_schedule_is_a_choice(app, live_server, phone_page, clock,
                                                 make_insats, make_certified_handledare,
                                                 make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare, start_date=date(2027, 3, 1))
    add_rating(app, participant, date(2027, 3, 1), 3)
    clock.set(date(2027, 4, 20))
    page = phone_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.goto(live_server.url(f"/participants/{participant.public_id}"))
    assert page.get_by_text("Nästa fönster öppnar 17 maj 2027.").first.is_visible()
    axe_scan(page, context="participant page, outside the schedule")
    if SCREENSHOTS:
        page.locator(".actions").screenshot(path=os.path.join(SCREENSHOTS, "outside-schedule.png"))
    page.get_by_role("button", name="Skatta tillsammans").click()
    page.wait_for_url(f"**/participants/{participant.public_id}")
    assert page.get_by_text("Kryssa i att du vill skatta ändå").is_visible()
    page.locator("#outside_schedule_together").check()
    page.get_by_role("button", name="Skatta tillsammans").click()
    page.wait_for_url("**/together/**/step/1")
