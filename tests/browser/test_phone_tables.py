"""Issue 10 point 8: on a phone the "Senaste" column of the participant's progression and the
"Handledaren" and "Samtalsämne" columns of the handledare's comparison were cut off. Those
tables now read as one card per row; the follow-up page's insats choice keeps its width."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from smail_app.assessments.models import RaterKind
from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, add_rating, participant_user

PHONE_WIDTH = 390
SHOTS = Path(os.environ.get("SMAIL_TEST_ARTIFACTS", "test-artifacts"))


def _inside_the_screen(page, selector: str) -> None:
    cells = page.locator(selector)
    assert cells.count() > 0, selector
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (selector, box)


def test_progression_and_comparison_tables_fit_a_phone(
        app, clock, live_server, phone_page, make_insats, make_certified_handledare,
        make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True, handledare=handledare)
    for day, score in ((date(2027, 3, 1), 2), (date(2027, 5, 31), 3), (date(2027, 8, 30), 4)):
        add_rating(app, participant, day, score)
    add_rating(app, participant, date(2027, 8, 30), 1.5, rater=RaterKind.HANDLEDARE, belief=3)
    clock.set(date(2027, 9, 1))

    browser_login(phone_page, live_server, participant_user(app, participant).username,
                  PASSWORD)
    phone_page.goto(live_server.url("/me/progress"))
    _inside_the_screen(phone_page, "td[data-label^='Senaste']")
    axe_scan(phone_page, context="progression, phone")

    phone_page.context.clear_cookies()
    browser_login(phone_page, live_server, handledare.email, PASSWORD)
    phone_page.goto(live_server.url(f"/participants/{participant.public_id}"))
    _inside_the_screen(phone_page, "td[data-label='Handledaren']")
    _inside_the_screen(phone_page, "td[data-label='Samtalsämne']")
    assert phone_page.locator("td[data-label='Samtalsämne']", has_text="Ja, skillnad 2,5") \
        .count() == 7
    axe_scan(phone_page, context="participant page, phone")
    phone_page.locator("table.table--stack").first.screenshot(
        path=str(SHOTS / "comparison-phone.png"))


def test_follow_up_insats_choice_keeps_its_width(app, clock, live_server, desktop_page,
                                                 make_insats, make_certified_handledare):
    insats = make_insats("Förstärkt stöd till arbete & studier")
    handledare = make_certified_handledare(insats)
    browser_login(desktop_page, live_server, handledare.email, PASSWORD)
    desktop_page.goto(live_server.url("/participants/follow-up"))
    select = desktop_page.get_by_label("Insats")
    fits = select.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientWidth >= 200")
    assert fits, select.bounding_box()
