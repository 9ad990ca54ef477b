"""The förbund sets SMAIL up: the one-time setup link creates the first admin, who turns on
the second factor, loads the county, creates an insats, invites a handledare and starts a
new instrument version. Every admin page is scanned at desktop and phone width."""

from __future__ import annotations

import pyotp

from smail_app.auth import services as auth_services
from smail_app.extensions import db
from tests.browser.conftest import axe_scan
from tests.factories import PASSWORD


def _setup_link(app) -> str:
    with app.app_context():
        issued = auth_services.issue_setup_invite()
        db.session.commit()
        return f"/setup/{issued.token}"


def test_first_admin_sets_up_the_county(app, live_server, desktop_page, phone_page):
    page = desktop_page
    page.goto(live_server.url(_setup_link(app)))
    axe_scan(page, context="setup")
    page.get_by_label("Ditt namn").fill("Förbundskansliet")
    page.get_by_label("E-post").fill("kansliet@forbund.se")
    page.get_by_label("Kön").select_option("kvinna")
    page.get_by_label("Välj lösenord").fill(PASSWORD)
    page.get_by_label("Skriv lösenordet igen").fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    # the link proved the address: straight on to the second factor the admin must have
    page.wait_for_url("**/login/code/new")
    page.get_by_role("button", name="Visa QR-koden").click()
    axe_scan(page, context="TOTP enrolment")
    secret = page.locator("code.secret").inner_text().strip()
    page.get_by_label("Kod från din app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Slå på").click()
    assert page.locator("[data-recovery-codes] li").count() == 10
    axe_scan(page, context="recovery codes")
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.wait_for_url("**/admin/organisations")

    page.get_by_role("button", name="Lägg till länets medlemmar").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Älvkarleby kommun").is_visible()
    axe_scan(page, context="organisations")

    page.get_by_role("link", name="Insatser").click()
    page.get_by_label("Insatsens namn").fill("Förstärkt stöd till arbete & studier")
    page.get_by_label("Ägs av").select_option(label="Älvkarleby kommun")
    page.get_by_label("Startdatum").fill("2027-01-01")
    axe_scan(page, context="insatser")
    page.get_by_role("button", name="Skapa insats").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Förstärkt stöd till arbete & studier").is_visible()
    axe_scan(page, context="insats")

    page.get_by_role("link", name="Personal").click()
    page.get_by_label("E-post").fill("hanna@alvkarleby.se")
    page.get_by_label("Handledare").check()
    page.get_by_role("button", name="Skapa inbjudan").click()
    page.wait_for_load_state()
    link = page.locator("[data-invite-link]").inner_text().strip()
    axe_scan(page, context="staff")

    page.get_by_role("link", name="Frågeversioner").click()
    page.get_by_role("button", name="Börja på en ny version").click()
    page.wait_for_load_state()
    axe_scan(page, context="instrument")
    page.get_by_role("link", name="Ändra Målmedvetenhet").click()
    axe_scan(page, context="instrument edit")

    # The invited handledare sets a password on a phone.
    phone_page.goto(link)
    axe_scan(phone_page, context="staff invite")
    phone_page.get_by_label("Ditt namn").fill("Hanna Handledare")
    phone_page.get_by_label("Kön").select_option("kvinna")
    phone_page.get_by_label("Välj lösenord").fill(PASSWORD)
    phone_page.get_by_label("Skriv lösenordet igen").fill(PASSWORD)
    phone_page.get_by_role("button", name="Skapa konto").click()
    phone_page.wait_for_url("**/participants/")  # signed in: her caseload
    assert phone_page.get_by_text("Ditt konto är klart.").is_visible()
    axe_scan(phone_page, context="caseload of a new handledare")
    with app.app_context():
        assert auth_services.find_by_login("hanna@alvkarleby.se").has_role("handledare")

    # The admin gives Hanna the utbildare role too, then closes the account; both are logged.
    page.get_by_role("link", name="Personal").click()
    page.get_by_role("link", name="Hanna Handledare").click()
    axe_scan(page, context="staff account")
    page.get_by_label("Utbildare").check()
    page.get_by_role("button", name="Spara rollerna").click()
    page.wait_for_load_state()
    assert page.get_by_text("Rollerna för Hanna Handledare är ändrade.").is_visible()
    page.get_by_role("button", name="Stäng kontot").click()
    page.wait_for_load_state()
    events = page.locator("[data-account-events]").inner_text()
    assert "Kontot stängt" in events and "Roller ändrade" in events
    axe_scan(page, context="staff account closed")
    with app.app_context():
        hanna = auth_services.find_by_login("hanna@alvkarleby.se")
        assert hanna.has_role("utbildare") and not hanna.is_active_account


def test_admin_pages_at_phone_width(app, live_server, phone_page, make_admin):
    admin = make_admin()
    from tests.browser.conftest import browser_login

    browser_login(phone_page, live_server, admin.email, PASSWORD, totp_secret=admin.totp_secret)
    for path in ("/admin/organisations", "/admin/insatser", "/admin/staff", "/admin/instrument",
                 "/account", f"/admin/staff/{admin.public_id}"):
        phone_page.goto(live_server.url(path))
        axe_scan(phone_page, context=f"{path} at 390 px")
        # nothing may force sideways scrolling of the whole page on a phone
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
