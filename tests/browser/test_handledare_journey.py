"""Issue 3's journey in a real browser: the handledare signs in, finds the overdue participant
first, rates together on a device locked to the rating, adds a parallel rating, and plans two
activities on the two lowest indicators; the participant signs in on a phone and sees both
activities. Every page type is scanned with axe-core, at phone and desktop width."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from smail_app.assessments.models import RaterKind, Rating, RatingMode
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants import services
from smail_app.participants.models import Participant
from smail_app.plans.models import PlanActivity
from tests.browser.conftest import axe_scan, browser_login, browser_logout
from tests.factories import PASSWORD, add_rating, participant_user

SHOTS = Path(os.environ.get("SMAIL_TEST_ARTIFACTS", "test-artifacts"))
# The participant's answers, per indicator: 2 (Kunskap om arbetsmarknaden) and
# 5 (Hantering av vardagen) come out lowest.
TOGETHER_ANSWERS = {1: "4", 2: "1", 3: "3", 4: "4", 5: "2", 6: "3", 7: "4"}


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"handledare-{name}.png"), full_page=True)


def _answer_step(page, value: str) -> None:
    for fieldset in page.locator("fieldset.rating-question").all():
        fieldset.locator(f"label:has(.scale__number:text-is('{value}'))").click()


def _rate_seven(page, answers: dict[int, str], total: int) -> None:
    for step in range(1, 8):
        page.wait_for_url(re.compile(rf".*/step/{step}$"))
        assert page.get_by_text(f"{step} av {total}", exact=True).is_visible()
        _answer_step(page, answers[step])
        page.get_by_role("button", name="Spara och fortsätt").click()


def test_handledare_workspace_journey(app, clock, live_server, desktop_page, phone_page,
                                      make_insats, make_certified_handledare,
                                      make_participant):
    clock.set(date(2027, 6, 2))
    insats = make_insats("En väg in – steget vidare")
    handledare = make_certified_handledare(insats, name="Hanna Handledare")
    calm = make_participant(insats, code="KNI-001", start_date=date(2027, 5, 20),
                            handledare=handledare)
    add_rating(app, calm, date(2027, 5, 20), 3)
    overdue = make_participant(insats, code="KNI-002", alias="Sam",
                               start_date=date(2027, 3, 1), handledare=handledare,
                               with_account=True)
    add_rating(app, overdue, date(2027, 3, 1), 2.5)  # the 13-week rating was due 31 May
    participant_login = participant_user(app, overdue).login_name

    # At phone width the caseload is a list of cards, the overdue participant first.
    phone = phone_page
    browser_login(phone, live_server, handledare.email, PASSWORD)
    phone.wait_for_url("**/participants/")
    first_card = phone.locator("table.caseload tbody tr").first
    assert "KNI-002" in first_card.inner_text() and "försenad" in first_card.inner_text()
    axe_scan(phone, context="caseload, phone")
    _shot(phone, "caseload-phone")
    browser_logout(phone)

    # On the desktop: the caseload, overdue first.
    page = desktop_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.wait_for_url("**/participants/")
    rows = page.locator("table.caseload tbody tr")
    assert "KNI-002 (Sam)" in rows.nth(0).inner_text()
    assert "Skattning försenad" in rows.nth(0).inner_text()
    axe_scan(page, context="caseload, desktop")
    page.get_by_role("link", name="KNI-002 (Sam)").click()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 8")
    axe_scan(page, context="participant page")

    # Rate together: the page says first what it counts for; the device is locked to it.
    assert page.get_by_text("Räknas som skattning 2.").first.is_visible()
    page.get_by_role("button", name="Skatta tillsammans").click()
    page.wait_for_url(re.compile(r".*/together/.*/step/1$"))
    assert page.get_by_text("Ni skattar tillsammans").is_visible()
    assert page.get_by_role("link", name="Mina deltagare").count() == 0
    axe_scan(page, context="rating together, step")
    _answer_step(page, TOGETHER_ANSWERS[1])
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.goto(live_server.url("/participants/"))  # the participant wanders off
    page.wait_for_url(re.compile(r".*/together/.*/step/2$"))
    for step in range(2, 8):
        page.wait_for_url(re.compile(rf".*/step/{step}$"))
        _answer_step(page, TOGETHER_ANSWERS[step])
        page.get_by_role("button", name="Spara och fortsätt").click()
    page.wait_for_url(re.compile(r".*/together/.*/check$"))
    axe_scan(page, context="rating together, check")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url(re.compile(r".*/together/.*/done$"))
    assert page.get_by_role("heading", name="Lämna tillbaka till handledaren").is_visible()
    axe_scan(page, context="rating together, done (locked)")
    page.goto(live_server.url(f"/participants/{overdue.public_id}"))
    page.wait_for_url(re.compile(r".*/together/.*/done$"))  # still locked

    # The handledare signs in again with their password.
    page.get_by_role("link", name="Handledaren loggar in igen").first.click()
    page.wait_for_url("**/together/unlock")
    axe_scan(page, context="unlock")
    page.get_by_label("Handledarens lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Lås upp").click()
    page.wait_for_url(f"**/participants/{overdue.public_id}")

    # The parallel rating, ending with the handledare's belief.
    page.get_by_role("button", name="Gör din egen skattning").click()
    _rate_seven(page, dict.fromkeys(range(1, 8), "3"), total=8)
    page.wait_for_url(re.compile(r".*/belief$"))
    axe_scan(page, context="parallel rating, belief")
    page.locator("label:has(.scale__number:text-is('4'))").click()
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.wait_for_url(re.compile(r".*/parallel/.*/check$"))
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url(re.compile(rf".*/participants/{overdue.public_id}#jamforelse$"))
    comparison = page.locator("#jamforelse + p + .table-wrap table")
    assert comparison.locator("tr.talking-point").count() == 1  # indicator 2: 1 against 3
    assert page.get_by_text("4 av 5").is_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 8")
    axe_scan(page, context="participant page with comparison")
    _shot(page, "participant-desktop")

    # The plan: two activities on the two lowest indicators, running at once.
    page.get_by_role("link", name="Handlingsplan", exact=True).click()
    page.wait_for_url("**/plan")
    lowest = page.locator("th:has(.tag)").all_inner_texts()
    assert [t.replace("lägst", "").strip() for t in lowest] == [
        "Kunskap om arbetsmarknaden", "Hantering av vardagen"]
    axe_scan(page, context="action plan")
    for title, indicator, responsible, due in (
            ("Studiebesök på Arbetsförmedlingen", "Kunskap om arbetsmarknaden",
             "Handledaren", "2027-06-20"),
            ("Veckoschema för morgnar", "Hantering av vardagen", "Deltagaren", "2027-06-30")):
        page.get_by_label("Aktivitet", exact=True).fill(title)
        page.get_by_label(indicator).check()
        page.get_by_label(responsible, exact=True).check()
        page.get_by_label("Klart senast").fill(due)
        page.get_by_label("Status").select_option("pagar")
        page.get_by_role("button", name="Lägg till aktiviteten").click()
        page.wait_for_url("**/plan")
        assert page.get_by_role("heading", name=title).is_visible()
    _shot(page, "plan-desktop")

    # The participant signs in on a phone and sees both activities.
    browser_login(phone, live_server, participant_login, PASSWORD)
    phone.wait_for_url("**/me")
    assert phone.get_by_role("heading", name="Min plan").is_visible()
    assert phone.get_by_role("heading", name="Studiebesök på Arbetsförmedlingen").is_visible()
    assert phone.get_by_role("heading", name="Veckoschema för morgnar").is_visible()
    axe_scan(phone, context="Min skattning with the plan, phone")
    _shot(phone, "me-phone")

    with app.app_context():
        ratings = db.session.scalars(select(Rating).where(
            Rating.participant_id == overdue.id, Rating.submitted_dt.is_not(None))
            .order_by(Rating.id)).all()
        assert [(r.rater_kind, r.mode) for r in ratings[1:]] == [
            (RaterKind.PARTICIPANT, RatingMode.TOGETHER), (RaterKind.HANDLEDARE, "egen")]
        assert ratings[2].belief == 4
        activities = db.session.scalars(select(PlanActivity).order_by(PlanActivity.id)).all()
        assert [a.indicators for a in activities] == [[2], [5]]


def test_workspace_pages_at_phone_width(app, clock, live_server, phone_page, make_insats,
                                        make_certified_handledare, make_participant):
    """The participant page, print view, plan, handover, exit and follow-up on a phone."""
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    colleague = make_certified_handledare(insats, name="Hassan Kollega")
    participant = make_participant(insats, code="KNI-010", start_date=date(2027, 1, 4),
                                   handledare=handledare)
    for day, score in ((date(2027, 1, 4), 2), (date(2027, 4, 5), 3), (date(2027, 7, 5), 3.5)):
        add_rating(app, participant, day, {n: score + (n % 3) * 0.5 for n in range(1, 8)})
        add_rating(app, participant, day, 3, rater=RaterKind.HANDLEDARE, belief=3)
    clock.set(date(2027, 5, 10))  # a change of handledare, marked on the charts
    with app.app_context():
        services.hand_over(db.session.get(Participant, participant.id),
                           db.session.get(User, colleague.id), db.session.get(User, handledare.id))
        db.session.commit()
    clock.set(date(2027, 9, 1))
    make_participant(insats, code="KNI-011", start_date=date(2026, 9, 1),
                     exit_date=date(2027, 3, 3), exit_reason="studier")
    page = phone_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    base = f"/participants/{participant.public_id}"
    for path, name in ((base, "participant"), (f"{base}/plan", "plan"),
                       (f"{base}/handover", "handover"), (f"{base}/exit", "exit"),
                       ("/participants/follow-up?month=2027-03&size=5&seed=7", "follow-up"),
                       (f"{base}/print", "print")):
        page.goto(live_server.url(path))
        if name in ("participant", "print"):
            page.wait_for_function(
                "() => window.Chart && Object.keys(Chart.instances).length >= 8")
        axe_scan(page, context=f"{name}, phone")
        _shot(page, f"{name}-phone")
    assert page.locator("nav").count() == 0  # the print view has no navigation
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Skriv ut").is_visible()
    _shot(page, "print-a4")
