"""Issue 2's journey in a real browser: a handledare registers a participant, who opens the
invite on a phone, chooses a username and password, rates the seven indicators (reloading in
the middle loses nothing) and sees their chart. Every page type is scanned with axe-core."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from smail_app.assessments.models import Rating
from smail_app.extensions import db
from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD


def _answer_step(page, value: str) -> None:
    for fieldset in page.locator("fieldset.rating-question").all():
        fieldset.locator(f"label:has(.scale__number:text-is('{value}'))").click()


def test_invite_to_first_rating_on_a_phone(app, live_server, desktop_page, phone_page,
                                           make_certified_handledare):
    handledare = make_certified_handledare()

    # The handledare registers the participant and gets a link and a QR code.
    browser_login(desktop_page, live_server, handledare.email, PASSWORD)
    desktop_page.goto(live_server.url("/participants/new"))
    axe_scan(desktop_page, context="register participant")
    desktop_page.get_by_label("Kod", exact=True).fill("KNI-001")
    desktop_page.get_by_label("Förnamn eller alias (frivilligt)").fill("Sam")
    desktop_page.get_by_label("Födelseår (frivilligt)").fill("1998")
    desktop_page.get_by_label("Kön").select_option("kvinna")
    desktop_page.get_by_role("button", name="Registrera och skapa inbjudan").click()
    desktop_page.wait_for_selector("img.qr")
    axe_scan(desktop_page, context="invite with QR code")
    link = desktop_page.locator("[data-invite-link]").inner_text().strip()
    assert "/invite/" in link

    # The participant opens it on a phone and chooses a username and password.
    page = phone_page
    page.goto(link)
    axe_scan(page, context="participant invite")
    page.get_by_label("Välj användarnamn").fill("sam.k")
    page.get_by_label("Välj lösenord").fill("mitt hemliga ord")
    page.get_by_label("Skriv lösenordet igen").fill("mitt hemliga ord")
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_url("**/me")
    assert page.get_by_role("heading", name="Min skattning").is_visible()
    axe_scan(page, context="Min skattning")

    page.get_by_role("button", name="Börja skatta").click()
    page.wait_for_url(re.compile(r".*/step/1$"))
    axe_scan(page, context="rating step")
    answers = {1: "2", 2: "3", 3: "4", 4: "5", 5: "3", 6: "2", 7: "4"}
    for step in range(1, 8):
        assert page.get_by_text(f"{step} av 7", exact=True).is_visible()
        _answer_step(page, answers[step])
        if step == 4:
            # The answer is saved the moment it is chosen: a reload keeps it.
            page.wait_for_selector("[data-autosave-status]:has-text('sparat')")
            page.reload()
            checked = page.locator("fieldset.rating-question input:checked").all()
            assert checked and all(box.input_value() == "5" for box in checked)
        page.get_by_role("button", name="Spara och fortsätt").click()
        page.wait_for_load_state()

    page.wait_for_url(re.compile(r".*/check$"))
    axe_scan(page, context="check answers")
    assert page.get_by_text("4 – Stämmer ganska bra").first.is_visible()
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url(re.compile(r".*/done$"))
    assert page.get_by_role("heading", name="Skattningen är skickad").is_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 8")
    assert page.locator("table").first.is_visible()
    axe_scan(page, context="confirmation with charts")
    page.screenshot(path="test-artifacts/phone-done.png", full_page=True) if False else None

    with app.app_context():
        assert db.session.scalar(select(func.count(Rating.id)).where(
            Rating.submitted_dt.is_not(None))) == 1
