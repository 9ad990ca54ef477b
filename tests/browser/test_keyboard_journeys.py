"""Issue 11 point 6: the journeys with the keyboard alone. The skip link comes first and is
visible when focused; every focused control shows a focus ring; a form sent with errors
announces them (role=alert) and each error links to its field; a handledare plans an
activity and an admin reads a report's tables without a mouse. (The rating step by keyboard
is in test_phone_layout.py.)"""

from __future__ import annotations

from datetime import date

from tests.browser.conftest import browser_login
from tests.factories import PASSWORD, add_rating

FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, type: el.type || '', name: el.name || '',
          text: (el.textContent || el.value || '').trim().slice(0, 60),
          ring: parseFloat(style.outlineWidth) >= 2 && style.outlineStyle !== 'none'
                || style.boxShadow !== 'none',
          visible: el.getBoundingClientRect().width > 0 &&
                   el.getBoundingClientRect().left >= 0};
}"""


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _tab_to(page, matches, limit: int = 60) -> dict:
    """Tab until ``matches(focused)``; each stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _focused(page)
        assert now["ring"], f"no visible focus on {now}"
        if matches(now):
            return now
    raise AssertionError("never reached by Tab")


def test_sign_in_with_the_keyboard_and_errors_that_lead_to_their_field(app, live_server,
                                                                       desktop_page,
                                                                       make_staff):
    handledare = make_staff("handledare")
    page = desktop_page
    page.goto(live_server.url("/login"))
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["text"] == "Hoppa till innehållet" and first["visible"] and first["ring"]
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    # sent empty: the summary is announced and each error takes focus to its field
    _tab_to(page, lambda f: f["text"] == "Logga in" and f["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    summary.locator("a").first.focus()
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "login"
    page.keyboard.type(handledare.email)
    _tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/participants/")


def test_a_handledare_plans_an_activity_with_the_keyboard(app, live_server, desktop_page,
                                                          clock, make_insats,
                                                          make_certified_handledare,
                                                          make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare)
    add_rating(app, participant, date(2027, 3, 1), 3)
    page = desktop_page
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.goto(live_server.url(f"/participants/{participant.public_id}/plan"))
    _tab_to(page, lambda f: f["id"].endswith("title"))
    page.keyboard.type("Studiebesök")
    _tab_to(page, lambda f: f["type"] == "checkbox")
    page.keyboard.press("Space")  # the first indicator
    _tab_to(page, lambda f: f["type"] == "radio")
    page.keyboard.press("Space")  # the participant is responsible
    _tab_to(page, lambda f: f["id"].endswith("due_date"))
    # The date field's segment order follows the browser's own locale settings, which a
    # headless browser does not take from the page: the focused field gets its value set,
    # still without a pointer.
    page.locator(":focus").fill("2027-06-20")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Lägg till aktiviteten")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".error-summary")
    assert not errors.count(), errors.inner_text()
    assert page.get_by_role("heading", name="Studiebesök").is_visible()


def test_a_reports_tables_are_reached_with_the_keyboard(app, live_server, desktop_page, clock,
                                                        make_insats, make_certified_handledare,
                                                        make_participant):
    """A table wider than the screen scrolls in a region that takes focus, so the arrow keys
    scroll it."""
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    for _ in range(3):
        make_participant(insats, handledare=handledare)
    page = desktop_page
    page.set_viewport_size({"width": 390, "height": 800})
    browser_login(page, live_server, handledare.email, PASSWORD)
    page.goto(live_server.url(f"/reports/insats/{insats.public_id}"))
    region = _tab_to(page, lambda f: f["tag"] == "DIV" and page.evaluate(
        "document.activeElement.scrollWidth > document.activeElement.clientWidth"), limit=150)
    assert region["ring"]
    before = page.evaluate("document.activeElement.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # polled from here: wait_for_function evaluates its string inside the page, which the
    # CSP (no unsafe-eval) refuses once the first check is false
    for _ in range(30):
        if page.evaluate("document.activeElement.scrollLeft") > before:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.scrollLeft") > before
    after = page.evaluate("document.activeElement.scrollLeft")
    assert after > before
