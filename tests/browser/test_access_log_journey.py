"""The admin answers a participant's question "who has read my data?" on a phone: the menu
leads to the access log, a code finds the entries, each reads as a card."""

from __future__ import annotations

import os
from pathlib import Path

from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD

SHOTS = os.environ.get("SMAIL_TEST_SCREENSHOTS")  # a folder: keep 390 px screenshots there


def test_admin_searches_the_access_log_on_a_phone(app, live_server, phone_page, make_admin,
                                                  make_staff, make_participant):
    admin = make_admin()
    reader = make_staff("handledare", name="Hanna Berg")
    participant = make_participant(code="HEB-014")
    with app.app_context():
        log_access(db.session.get(User, reader.id), db.session.get(Participant, participant.id),
                   AccessAction.VIEW, "plan")
        db.session.commit()
        secret = db.session.get(User, admin.id).totp_secret
    page = phone_page
    browser_login(page, live_server, admin.email, PASSWORD, totp_secret=secret)
    page.get_by_role("link", name="Meny").click()
    page.get_by_role("link", name="Åtkomstlogg").click()
    page.get_by_label("Deltagarkod").fill("HEB-014")
    page.get_by_role("button", name="Sök i loggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "1 post."
    assert page.get_by_role("cell", name="Hanna Berg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_scan(page, context="access log search, phone")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "access-log-search.png"), full_page=True)
