"""The reports with the demo data: the admin reads the county report at desktop width, a
handledare reads their insats report on a phone. Both axe-core clean, charts drawn."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import ARTIFACTS, axe_scan, browser_login

PASSWORD = "demo-losenord-2027"


def _demo(app, runner) -> list[list[str]]:
    result = runner.invoke(args=["demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.output.strip().splitlines()]


def _frozen(app) -> datetime | None:
    frozen = app.config.get("SMAIL_FROZEN_NOW")
    return frozen if frozen is None or frozen.tzinfo else frozen.replace(tzinfo=UTC)


def test_county_report_at_desktop_width(app, runner, clock, live_server, desktop_page):
    accounts = _demo(app, runner)
    admin = next(line for line in accounts if line[0] == "admin")
    page = desktop_page
    browser_login(page, live_server, admin[1], PASSWORD, admin[2], at=_frozen(app))
    page.get_by_role("link", name="Rapporter").click()
    page.wait_for_url("**/reports/")
    page.locator("#kind").select_option("ar")
    page.locator("#year").fill("2026")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Länsrapport: Alla insatser").is_visible()
    assert page.locator("canvas[data-report-chart]").count() == 13  # 1-3, 4a-4d, 4e-4f
    assert page.get_by_role("cell", name="<5").count() > 0
    assert "anonyma" in page.content()
    page.wait_for_function("document.querySelectorAll('canvas').length > 0 && "
                           "window.Chart && Object.keys(window.Chart.instances).length === 13")
    axe_scan(page, context="county report")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reports-county-1280.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hela rapporten som Excel (xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_insats_report_on_a_phone(app, runner, clock, live_server, phone_page):
    accounts = _demo(app, runner)
    handledare = next(line for line in accounts if line[0] == "handledare")
    page = phone_page
    browser_login(page, live_server, handledare[1], PASSWORD)
    page.goto(live_server.url("/reports/"))
    page.locator("main a").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Insatsteamets egen vy").is_visible()
    assert page.get_by_role("link", name="Deltagarfil med koder (CSV)").is_visible()
    page.wait_for_function("window.Chart && Object.keys(window.Chart.instances).length > 0")
    axe_scan(page, context="insats report on a phone")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reports-insats-390.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"
