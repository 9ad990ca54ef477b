"""A handledare registers a participant on a phone: a personnummer typed as the code is
refused with a reason, a forgotten gender is asked for, and the corrected form goes through."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD

SHOTS = Path(os.environ.get("SMAIL_TEST_ARTIFACTS", "test-artifacts"))


def test_registration_refuses_personnummer_and_asks_for_gender(
        app, clock, live_server, phone_page, make_insats, make_certified_handledare):
    clock.set(date(2027, 6, 2))
    insats = make_insats("En väg in – steget vidare")
    handledare = make_certified_handledare(insats, name="Hanna Handledare")
    page = phone_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.goto(live_server.url("/participants/new"))
    page.get_by_label("Kod", exact=True).fill("19811218-9876")
    page.get_by_role("button", name="Registrera och skapa inbjudan").click()

    # Gender: nothing was preselected, so nothing was sent.
    assert "Välj ett alternativ." in page.locator(".error-summary").inner_text()
    page.get_by_label("Kön").select_option("vill_ej_uppge")
    page.get_by_role("button", name="Registrera och skapa inbjudan").click()
    assert "ser ut som ett personnummer" in page.locator(".error-summary").inner_text()
    axe_scan(page, context="registration with errors")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "register-refused-phone.png"), full_page=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 0

    page.get_by_label("Kod", exact=True).fill("KNI-101")
    page.get_by_role("button", name="Registrera och skapa inbjudan").click()
    assert page.locator("[data-invite-link]").is_visible()
    # The link is shown only now: a copy button helps send it on.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Kopiera länken").click()
    page.get_by_text("Länken är kopierad.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("[data-invite-link]").inner_text().strip()
    assert "/invite/" in copied
    axe_scan(page, context="invite link with copy button")
    with app.app_context():
        assert db.session.scalar(select(Participant.gender)) == "vill_ej_uppge"
