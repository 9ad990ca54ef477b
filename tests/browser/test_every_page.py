"""Issue 11 point 5: every page type of every role, at phone and desktop width, passes
axe-core (no serious or critical violations), never scrolls sideways at 320 px, keeps its
contrast in dark mode, and leaves the browser console free of errors and CSP violations.
Forms are also visited with their errors shown, and empty states with nothing in them."""

from __future__ import annotations

from datetime import date

import pytest

from smail_app.extensions import db
from tests.browser.conftest import ConsoleWatch, axe_scan, browser_login
from tests.factories import PASSWORD, add_activity, add_rating, participant_user

# What is checked here (axe, sideways scrolling, dark mode, the console) is in the rendered
# pages, which are the same on both databases; every user journey runs on both.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

WIDTHS = (320, 390, 1280)  # sideways scrolling at all three; axe at 390 and 1280


def _visit_all(browser, live_server, login: str, paths: list[str], *,
               totp_secret: str | None = None, at=None, posts: dict[str, dict] | None = None
               ) -> None:
    """Sign in once (a TOTP code is single-use), then every path at every width."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = ConsoleWatch()
    watch.attach(page)
    browser_login(page, live_server, login, PASSWORD, totp_secret=totp_secret, at=at)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(live_server.url(path))
            assert response.status < 500, (path, response.status)
            _check(page, path, width)
        for path, fields in (posts or {}).items():
            # A form sent empty or wrong: the page shown again with its errors.
            page.goto(live_server.url(path))
            for selector, value in fields.items():
                page.locator(selector).fill(value)
            page.locator("main form[method=post] button[type=submit]").first.click()
            page.wait_for_load_state()
            assert page.locator(".error-summary").is_visible(), path
            _check(page, f"{path} with errors", width)
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in paths:
        page.goto(live_server.url(path))
        axe_scan(page, context=f"{path}, dark mode")
    context.close()
    assert not watch.problems, "browser console: " + "; ".join(watch.problems)


# The innermost elements that reach past the screen's edge, to name the culprit.
_WIDEST = """width => Array.from(document.querySelectorAll("main *"))
  .filter(el => el.getBoundingClientRect().right > width + 1 &&
                !Array.from(el.children).some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 5).map(el => el.tagName + "." + el.className + " " +
                   Math.round(el.getBoundingClientRect().right))"""


def _check(page, label: str, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label} is {scroll}px wide at {width}px: " + ", ".join(
        page.evaluate(_WIDEST, width))
    if width != 320:
        axe_scan(page, context=f"{label} at {width}px")


@pytest.fixture
def county(app, clock, make_insats, make_certified_handledare, make_participant, make_admin):
    clock.set(date(2027, 9, 1))
    insats = make_insats("En väg in – steget vidare")
    handledare = make_certified_handledare(insats, name="Hanna Handledare")
    active = make_participant(insats, code="KNI-001", alias="Sam", handledare=handledare,
                              start_date=date(2027, 3, 1), with_account=True)
    for day, score in ((date(2027, 3, 1), 2), (date(2027, 5, 31), 3)):
        add_rating(app, active, day, score)
    activity = add_activity(app, active, handledare, title="Praktik", due_date=date(2027, 8, 1))
    left = make_participant(insats, code="KNI-002", handledare=handledare,
                            start_date=date(2026, 9, 1), exit_date=date(2027, 3, 10),
                            exit_reason="studier")
    empty_team = make_insats("Tomma teamet")
    newcomer = make_certified_handledare(empty_team, name="Ny Handledare")
    admin = make_admin(name="Förbundet")
    return {"insats": insats, "handledare": handledare, "active": active, "left": left,
            "activity": activity, "newcomer": newcomer, "admin": admin}


def test_every_handledare_page(app, live_server, browser, county):
    active, left = county["active"].public_id, county["left"].public_id
    paths = [
        "/participants/", "/participants/?q=ingen-sadan",  # a list, and an empty search
        "/participants/new", f"/participants/{active}", f"/participants/{active}/plan",
        f"/participants/{active}/plan/activities/{county['activity']}",
        f"/participants/{active}/handover", f"/participants/{active}/exit",
        f"/participants/{active}/anonymise",
        f"/participants/{active}/print", f"/participants/{left}",
        "/participants/follow-up", "/participants/follow-up?month=2027-03&size=5&seed=7",
        f"/participants/{left}/follow-up-result", "/account", "/certification/me",
        "/certification/lookup", "/reports/", f"/reports/insats/{county['insats'].public_id}",
        f"/reports/insats/{county['insats'].public_id}?kind=ar&year=1800",  # refused period
    ]
    posts = {"/participants/new": {}, f"/participants/{left}/follow-up-result":
             {"#followed_up_on": "2020-01-01"}}
    _visit_all(browser, live_server, county["handledare"].email, paths, posts=posts)


def test_a_handledare_with_nothing_yet(app, live_server, browser, county):
    _visit_all(browser, live_server, county["newcomer"].email,
               ["/participants/", "/participants/follow-up?month=2027-03&size=5&seed=7"])


def test_every_participant_page(app, live_server, browser, county):
    user = participant_user(app, county["active"])
    _visit_all(browser, live_server, user.username,
               ["/me", "/me/progress", "/me/access-log", "/me/reminders", "/me/my-data"],
               posts={"/me/reminders": {"#email": "inte en adress"}})


def test_every_participant_page_in_arabic(app, live_server, browser, county):
    """Right to left: the same pages, mirrored, in the participant's account language."""
    user = participant_user(app, county["active"])
    with app.app_context():
        from smail_app.auth.models import User

        db.session.get(User, user.id).locale = "ar"
        db.session.commit()
    _visit_all(browser, live_server, user.username,
               ["/me", "/me/progress", "/me/access-log", "/me/reminders", "/me/my-data",
                "/account"],
               posts={"/me/reminders": {"#email": "inte en adress"}})


def test_every_admin_page(app, live_server, browser, county, clock):
    with app.app_context():
        from smail_app.auth.models import User

        secret = db.session.get(User, county["admin"].id).totp_secret
    insats = county["insats"].public_id
    paths = ["/admin/", "/admin/organisations", "/admin/insatser", f"/admin/insatser/{insats}",
             f"/admin/insatser/{insats}/edit",
             "/admin/staff", f"/admin/staff/{county['handledare'].public_id}",
             "/admin/instrument", "/certification/esf",
             "/certification/courses", "/certification/courses/new",
             "/certification/registry", "/certification/settings", "/account",
             "/admin/access-log", "/admin/access-log?staff=a", "/admin/languages",
             "/reports/", "/reports/?kind=ar&year=2027",
             f"/admin/access-log?participant={'x' * 41}"]
    _visit_all(browser, live_server, county["admin"].email, paths, totp_secret=secret,
               at=clock.now(), posts={"/certification/courses/new": {}})
    # the account page with its log, and a handledare's own account page showing the log
    _visit_all(browser, live_server, county["handledare"].email, ["/account"])


def test_pages_before_sign_in(app, live_server, browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = ConsoleWatch()
    watch.attach(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/login", "/invite/no-such-token"):
            page.goto(live_server.url(path))
            _check(page, path, width)
        page.goto(live_server.url("/login"))
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        _check(page, "login with errors", width)
    context.close()
    assert not watch.problems, "browser console: " + "; ".join(watch.problems)
