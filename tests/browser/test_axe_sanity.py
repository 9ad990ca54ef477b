"""The accessibility scan must be able to fail: a page with an unlabelled field fails it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_scan


def test_axe_scan_catches_a_serious_violation(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<html lang='sv'><body><main><input type='text'></main></body></html>")
    with pytest.raises(AssertionError, match="label"):
        axe_scan(page, context="deliberately broken page")
    context.close()


def test_console_watch_reports_script_errors(live_server, browser):
    from tests.browser.conftest import ConsoleWatch

    context = browser.new_context()
    page = context.new_page()
    watch = ConsoleWatch()
    watch.attach(page)
    page.goto(live_server.url("/login"))
    page.evaluate("console.error('deliberate')")
    context.close()
    assert len(watch.problems) == 1 and "deliberate" in watch.problems[0]
