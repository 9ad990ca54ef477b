"""Issue 11 point 7: the rating page is usable within 3 seconds on a slow 3G connection
(Chromium's own network emulation: 400 ms round trip, 500 kbit/s each way, the values
Chrome's DevTools long used for "Slow 3G"), with no web fonts, no image it does not need,
and no chart script.

The time is the network's, not the machine's: at these speeds the bytes and round trips
decide it, so the check stays meaningful on a slow CI machine."""

from __future__ import annotations

from tests.browser.conftest import browser_login
from tests.factories import PASSWORD, participant_user

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 500 * 1024 // 8,
           "uploadThroughput": 500 * 1024 // 8}
USABLE_WITHIN_MS = 3000


def test_the_rating_page_is_usable_within_3_seconds_on_slow_3g(app, live_server, phone_page,
                                                                clock, make_participant):
    participant = make_participant(with_account=True)
    page = phone_page
    browser_login(page, live_server, participant_user(app, participant).username, PASSWORD)
    page.locator("form[action$='/me/rating'] button[type=submit]").click()
    page.wait_for_url("**/step/1")
    step_url = page.url
    # A first visit: nothing cached.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(step_url, wait_until="load")
    usable_ms = page.evaluate(
        "performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert page.locator("input[type=radio]").first.is_enabled()
    assert usable_ms < USABLE_WITHIN_MS, f"usable after {usable_ms:.0f} ms"
    assert not [url for url in requested if url.endswith((".woff", ".woff2", ".ttf"))]
    assert not [url for url in requested if "chart" in url.lower()]
    assert not [url for url in requested if url.endswith((".png", ".jpg", ".jpeg", ".webp"))]
    print(f"rating step on slow 3G: usable after {usable_ms:.0f} ms, "
          f"{len(requested)} requests")
