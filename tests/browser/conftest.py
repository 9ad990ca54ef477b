"""Browser fixtures: the app served on 127.0.0.1 in a thread, Debian's Chromium driven by
Playwright, pages at phone (390 px) and desktop width, and an axe-core scan.

Every page fixture fails its test if the browser console shows an error or a CSP violation.
Tests here are skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyotp
import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("SMAIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic"]
AXE_SOURCE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DOCUMENT_4XX = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")
ARTIFACTS = Path(os.environ.get("SMAIL_TEST_ARTIFACTS", "test-artifacts"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    host: str
    port: int

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"


@pytest.fixture
def live_server(app) -> Iterator[LiveServer]:
    app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["SMAIL_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield LiveServer("127.0.0.1", server.server_port)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class ConsoleWatch:
    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_console(message) -> None:
            if message.type != "error":
                return
            # A form re-shown with its errors answers 422; Chromium logs that status for the
            # page itself. It is the intended answer, not a fault; any other resource is.
            if (DOCUMENT_4XX.match(message.text)
                    and message.location.get("url", "").split("#")[0] == page.url.split("#")[0]):
                return
            self.problems.append(f"console error: {message.text} ({message.location})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))


def _page(browser, viewport: dict[str, int], request: pytest.FixtureRequest, *,
          mobile: bool):
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile,
                                  locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = ConsoleWatch()
    watch.attach(page)
    yield page
    if getattr(request.node, "rep_call_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not watch.problems, "browser console: " + "; ".join(watch.problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call_failed = report.failed
    return report


@pytest.fixture
def phone_page(browser, request: pytest.FixtureRequest):
    yield from _page(browser, PHONE, request, mobile=True)


@pytest.fixture
def desktop_page(browser, request: pytest.FixtureRequest):
    yield from _page(browser, DESKTOP, request, mobile=False)


_AXE_CACHE: dict[str, str] = {}


def _axe_source() -> str:
    if "source" not in _AXE_CACHE:
        _AXE_CACHE["source"] = AXE_SOURCE.read_text(encoding="utf-8")
    return _AXE_CACHE["source"]


def axe_scan(page, *, context: str = "") -> None:
    """Assert axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page."""
    # evaluate() runs through DevTools, so the page's CSP (no inline scripts) still holds.
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })""")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] for n in v["nodes"][:3]) for v in bad)
    assert not bad, f"axe-core on {context or page.url}: {details}"


def browser_login(page, live_server: LiveServer, login: str, password: str,
                  totp_secret: str | None = None, at: datetime | None = None) -> None:
    """Sign in through the real form; ``at`` is the app's frozen time, if frozen."""
    page.goto(live_server.url("/login"))
    page.get_by_label("E-post eller användarnamn").fill(login)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    if totp_secret:
        page.wait_for_url("**/login/code")
        code = pyotp.TOTP(totp_secret).at(at) if at else pyotp.TOTP(totp_secret).now()
        page.get_by_label("Kod från din app").fill(code)
        page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()


def browser_logout(page) -> None:
    """Sign out through the menu; on a phone the menu opens first."""
    menu = page.get_by_role("link", name="Meny")
    if menu.is_visible():
        menu.click()
    page.get_by_role("button", name="Logga ut").click()
