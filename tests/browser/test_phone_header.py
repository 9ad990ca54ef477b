"""Issue 10 point 7: the header took 200–257 px on every phone page and pushed each rating
step's question below the fold. Now brand, "Meny" and the language share one row, and the
menu opens without JavaScript."""

from __future__ import annotations

import os
from pathlib import Path

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, participant_user

SHOTS = Path(os.environ.get("SMAIL_TEST_ARTIFACTS", "test-artifacts"))
MAX_HEADER_PX = 80


def test_phone_header_is_one_row_and_its_menu_opens_without_javascript(
        app, live_server, browser, clock, make_participant):
    participant = make_participant(with_account=True)
    user = participant_user(app, participant)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, live_server, user.username, PASSWORD)
    page.get_by_role("button", name="Börja skatta").click()
    page.wait_for_url("**/step/1")
    for url in (page.url, live_server.url("/me")):
        page.goto(url)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= MAX_HEADER_PX, f"{url}: header {header['height']} px"
        assert not page.get_by_role("link", name="Min utveckling").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-header-closed.png"))

    page.get_by_role("link", name="Meny").click()
    assert page.get_by_role("link", name="Min utveckling").is_visible()
    page.screenshot(path=str(SHOTS / "phone-header-open.png"))
    page.get_by_role("link", name="Min utveckling").click()
    page.wait_for_url("**/me/progress")
    context.close()


def test_phone_menu_open_passes_axe(app, live_server, phone_page, clock, make_participant):
    participant = make_participant(with_account=True)
    browser_login(phone_page, live_server, participant_user(app, participant).username,
                  PASSWORD)
    phone_page.get_by_role("link", name="Meny").click()
    assert phone_page.get_by_role("link", name="Vem har sett mina uppgifter").is_visible()
    axe_scan(phone_page, context="phone menu open")


def test_desktop_shows_the_menu_without_a_button(app, live_server, desktop_page, clock,
                                                 make_participant):
    participant = make_participant(with_account=True)
    browser_login(desktop_page, live_server, participant_user(app, participant).username,
                  PASSWORD)
    assert desktop_page.get_by_role("link", name="Min utveckling").is_visible()
    assert not desktop_page.get_by_role("link", name="Meny").is_visible()
    axe_scan(desktop_page, context="desktop header")
