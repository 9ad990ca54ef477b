"""Issue 11 point 2: a participant rates in Arabic on a phone, right to left, and an
interpreter switches one rating on a locked device to Arabic. axe-core finds no serious or
critical violation on the mirrored pages, and nothing scrolls sideways."""

from __future__ import annotations

import os

from tests.browser.conftest import axe_scan, browser_login
from tests.factories import PASSWORD, participant_user

SCREENSHOTS = os.environ.get("SMAIL_SCREENSHOTS")  # a folder: keep the pages to look at


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _keep(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_a_participant_rates_in_arabic_on_a_phone(app, live_server, phone_page, clock,
                                                  make_participant):
    participant = make_participant(with_account=True)
    page = phone_page
    page.goto(live_server.url("/login"))
    page.locator("button[name=language][value=ar]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("البريد الإلكتروني أو اسم المستخدم").fill(
        participant_user(app, participant).username)
    page.get_by_label("كلمة المرور", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="سجّل الدخول").click()
    page.wait_for_url("**/me")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.get_by_role("button", name="ابدأ التقييم").click()
    page.wait_for_url("**/step/1")
    # the first statement's box sits at the right edge of the page, as Arabic reads
    box = page.locator("fieldset").first.bounding_box()
    assert box["x"] + box["width"] > page.viewport_size["width"] - 40
    axe_scan(page, context="arabic step 1")
    _no_sideways_scroll(page)
    _keep(page, "arabic-step-1")
    for _step in range(7):
        for group in page.locator("fieldset").all():
            group.locator("input[value='4']").check()
        page.get_by_role("button", name="احفظ وتابع").click()
        page.wait_for_load_state("load")
    assert page.url.endswith("/check")
    axe_scan(page, context="arabic check page")
    _keep(page, "arabic-check")
    page.get_by_role("button", name="أرسل", exact=True).click()
    page.wait_for_load_state("load")
    assert "تم إرسال التقييم" in page.locator("h1").inner_text()
    axe_scan(page, context="arabic done page")
    _no_sideways_scroll(page)
    _keep(page, "arabic-done")


def test_an_interpreter_switches_a_rating_done_together(app, live_server, desktop_page, clock,
                                                        make_insats, make_certified_handledare,
                                                        make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare)
    page = desktop_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.goto(live_server.url(f"/participants/{participant.public_id}"))
    page.locator("form[action$='/together'] button[type=submit]").click()
    page.wait_for_url("**/step/1")
    page.get_by_text("Byt språk för den här skattningen").click()
    page.get_by_label("Språk för den här skattningen").select_option("ar")
    page.get_by_role("button", name="Byt språk", exact=True).click()
    page.wait_for_url("**/step/1")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "أعتقد أنني أستطيع الحصول على عمل." in page.content()
    axe_scan(page, context="together in arabic")
    _keep(page, "arabic-together")
