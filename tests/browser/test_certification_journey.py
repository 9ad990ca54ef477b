"""The certification chain in the browser: the admin certifies an utbildare through a trainer
course; the utbildare runs an användarutbildning on a phone, marks attendance, approves the
home assignments and certifies two of three attendees; one of them joins an insats team,
the uncertified one cannot. Every page on the way is scanned with axe-core."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from smail_app.auth.models import Role, User
from smail_app.certification.models import Certificate, Course, Enrolment
from smail_app.extensions import db
from smail_app.organisations.models import Organisation
from tests.browser.conftest import axe_scan, browser_login, browser_logout
from tests.factories import PASSWORD

# What makes a page wider than the phone: elements sticking out, outside scrollable tables
# (absolutely positioned ones escape those too).
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')].filter(e =>
    e.getBoundingClientRect().right > window.innerWidth + 1
    && (!e.parentElement.closest('.table-wrap') || getComputedStyle(e).position === 'absolute'))
    .slice(0, 5).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))"""
SHOTS = os.environ.get("SMAIL_TEST_SCREENSHOTS")  # a folder: keep 390 px screenshots there


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _check(page, context: str) -> None:
    axe_scan(page, context=context)
    if page.viewport_size["width"] <= 390:
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDE_ELEMENTS)
        assert width <= 390, f"{context} is {width}px wide at phone width: {wide}"
        _shot(page, re.sub(r"\W+", "-", context))


def _course_ids(app, title: str) -> tuple[str, list[str], dict[str, str]]:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.title == title))
        enrolments = {e.name: e.public_id for e in course.enrolments}
        return course.public_id, [s.public_id for s in course.sessions], enrolments


def _mark(page, live_server, course: str, session: str, enrolments: dict[str, str],
          absent: set[str] = frozenset(), context: str = "") -> None:
    page.goto(live_server.url(f"/certification/courses/{course}/sessions/{session}"))
    for name, public_id in enrolments.items():
        page.locator(f"#present_{public_id}-{1 if name in absent else 0}").check()
    if context:
        _check(page, context)
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_url(f"**/certification/courses/{course}")


def _approve_all(page, live_server, course: str, enrolments: dict[str, str],
                 context: str = "") -> None:
    page.goto(live_server.url(f"/certification/courses/{course}/assignments"))
    for public_id in enrolments.values():
        page.locator(f"#assignment_{public_id}").select_option("godkand")
    if context:
        _check(page, context)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/certification/courses/{course}")


def test_certification_chain_to_an_insats_team(app, live_server, desktop_page, phone_page,
                                               make_admin, make_staff, make_insats,
                                               smtp_server):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True  # course invites go by mail only
    today = date.today()
    sessions = [today - timedelta(days=21), today - timedelta(days=14)]
    admin = make_admin(name="Förbundskansliet")
    make_staff(Role.UTBILDARE, name="Ulla Förbundsutbildare")
    omar = make_staff(Role.UTBILDARE, name="Omar Utbildare", gender="man")
    make_staff(Role.HANDLEDARE, name="Anna Åkesson")
    make_staff(Role.HANDLEDARE, name="Bo Öberg", gender="man")
    make_staff(Role.HANDLEDARE, name="Cecilia Ek")
    insats = make_insats(name="Arbetslivsintro", kommun="Uppsala kommun")
    with app.app_context():
        uppsala = db.session.scalar(select(Organisation).where(
            Organisation.name == "Uppsala kommun"))
        for user in db.session.scalars(select(User).where(User.email.is_not(None))):
            if user.id != admin.id:
                user.organisation_id = uppsala.id
        db.session.commit()

    # 1. The admin runs the trainer course and certifies Omar.
    page = desktop_page
    browser_login(page, live_server, admin.email, PASSWORD, totp_secret=admin.totp_secret)
    page.get_by_role("link", name="Kurser").click()
    _check(page, "courses (admin)")
    page.get_by_role("link", name="Skapa en kurs").click()
    page.get_by_label("Kurstyp").select_option("utbildare")
    page.get_by_label("Kursens namn").fill("Utbildarutbildning i SMAIL")
    page.get_by_label("Utbildare", exact=True).select_option(
        label=next(o for o in page.locator("#trainer option").all_inner_texts()
                   if o.startswith("Ulla")))
    page.get_by_label("Tillfälle 1, datum").fill(sessions[0].isoformat())
    page.get_by_label("Tillfälle 2, datum (om det finns)").fill(sessions[1].isoformat())
    _check(page, "new course")
    page.get_by_role("button", name="Skapa kursen").click()
    page.wait_for_url(re.compile(r".*/certification/courses/[\w-]+$"))
    page.get_by_label("Person med konto").select_option(omar.public_id)
    page.get_by_role("button", name="Anmäl", exact=True).click()
    page.wait_for_load_state()
    course, ids, enrolled = _course_ids(app, "Utbildarutbildning i SMAIL")
    for number, session in enumerate(ids, start=1):
        _mark(page, live_server, course, session, enrolled,
              context="attendance (desktop)" if number == 1 else "")
    _approve_all(page, live_server, course, enrolled, context="assignments (desktop)")
    page.get_by_role("button", name="Certifiera Omar Utbildare").click()
    page.wait_for_load_state()
    assert page.get_by_text("Omar Utbildare har fått utbildarcertifikat.").is_visible()
    _check(page, "trainer course after certifying")

    # 2. Omar runs an användarutbildning on his phone.
    phone = phone_page
    browser_login(phone, live_server, omar.email, PASSWORD)
    phone.goto(live_server.url("/certification/courses/new"))
    _check(phone, "new course at 390 px")
    assert phone.locator("#kind option[value=utbildare]").count() == 0
    phone.get_by_label("Kursens namn").fill("Användarutbildning i Uppsala")
    phone.get_by_label("Tillfälle 1, datum").fill(sessions[0].isoformat())
    phone.get_by_label("Tillfälle 2, datum (om det finns)").fill(sessions[1].isoformat())
    phone.get_by_role("button", name="Skapa kursen").click()
    phone.wait_for_url(re.compile(r".*/certification/courses/[\w-]+$"))
    phone.get_by_role("link", name="Ändra kursuppgifter").click()
    _check(phone, "course details at 390 px")
    phone.get_by_label("Beskrivning (frivilligt)").fill("Sal Ö, stadshuset")
    phone.get_by_role("button", name="Spara", exact=True).click()
    phone.wait_for_url(re.compile(r".*/certification/courses/[\w-]+$"))
    assert phone.get_by_text("Sal Ö, stadshuset").is_visible()
    with app.app_context():
        people = {u.display_name: u.public_id for u in db.session.scalars(
            select(User).where(User.display_name.in_(["Anna Åkesson", "Bo Öberg",
                                                      "Cecilia Ek"])))}
    for name in ("Anna Åkesson", "Bo Öberg", "Cecilia Ek"):
        phone.get_by_label("Person med konto").select_option(people[name])
        phone.get_by_role("button", name="Anmäl", exact=True).click()
        phone.wait_for_load_state()
    phone.get_by_label("E-post").fill("ny.kollega@uppsala.se")
    phone.get_by_label("Namn", exact=True).fill("Ny Kollega")
    phone.get_by_role("button", name="Bjud in och anmäl").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Ny Kollega är anmäld och har fått en inbjudan med e-post") \
        .is_visible()
    assert "/invite/" not in phone.content()
    [invitation] = smtp_server.to("ny.kollega@uppsala.se")
    assert "/invite/" in invitation.get_content()
    _check(phone, "course page at 390 px")
    course, ids, enrolled = _course_ids(app, "Användarutbildning i Uppsala")
    _mark(phone, live_server, course, ids[0], enrolled, absent={"Ny Kollega"},
          context="attendance at 390 px")
    _mark(phone, live_server, course, ids[1], enrolled, absent={"Cecilia Ek", "Ny Kollega"})
    _approve_all(phone, live_server, course, enrolled, context="assignments at 390 px")
    for name in ("Anna Åkesson", "Bo Öberg"):
        phone.get_by_role("button", name=f"Certifiera {name}").click()
        phone.wait_for_load_state()
        assert phone.get_by_text(f"{name} har fått användarcertifikat.").is_visible()
    # Cecilia missed a session: no "Certifiera" for her, and what is missing is listed.
    assert phone.get_by_role("button", name="Certifiera Cecilia Ek").count() == 0
    assert phone.get_by_text("frånvarande vid tillfälle 2").first.is_visible()
    _check(phone, "course page with one not yet complete at 390 px")
    phone.goto(live_server.url("/certification/registry"))
    _check(phone, "registry at 390 px")
    phone.get_by_role("link", name="Anna Åkesson").first.click()
    _check(phone, "certificate at 390 px")
    phone.goto(live_server.url("/certification/lookup?q=ek"))
    assert phone.get_by_role("cell", name="Cecilia Ek").is_visible()
    _check(phone, "lookup at 390 px")
    phone.goto(live_server.url(f"/certification/courses/{course}/evaluation"))
    _check(phone, "course evaluation at 390 px")
    with app.app_context():
        holders = set(db.session.scalars(select(User.display_name).join(
            Certificate, Certificate.holder_id == User.id)))
        assert holders == {"Omar Utbildare", "Anna Åkesson", "Bo Öberg"}
        pending = db.session.scalar(select(Enrolment).where(
            Enrolment.invited_email == "ny.kollega@uppsala.se"))
        assert pending is not None and pending.user_id is None

    # 3. Anna answers the evaluation on her phone.
    browser_logout(phone)
    with app.app_context():
        anna_email = db.session.scalar(select(User.email).where(
            User.display_name == "Anna Åkesson"))
    browser_login(phone, live_server, anna_email, PASSWORD)
    phone.goto(live_server.url("/certification/me"))
    _check(phone, "my courses at 390 px")
    phone.get_by_role("link", name="Svara på utvärderingen").click()
    _check(phone, "evaluation at 390 px")
    phone.get_by_label("Stämmer helt").first.check()
    phone.get_by_label("Stämmer ganska bra").last.check()
    phone.get_by_role("button", name="Skicka svaren").click()
    phone.wait_for_url("**/certification/me")
    assert phone.get_by_text("Tack för dina svar!").is_visible()

    # 4. The admin builds the team: Anna joins, Cecilia is refused with the reason.
    page.goto(live_server.url(f"/admin/insatser/{insats.public_id}"))
    page.get_by_label("Handledare").select_option(people["Anna Åkesson"])
    page.get_by_role("button", name="Lägg till i teamet").click()
    page.wait_for_load_state()
    assert page.get_by_text("Anna Åkesson är med i teamet.").is_visible()
    page.get_by_label("Handledare").select_option(people["Cecilia Ek"])
    page.get_by_role("button", name="Lägg till i teamet").click()
    page.wait_for_load_state()
    assert "Cecilia Ek har inget användarcertifikat." in \
        page.locator(".error-summary").inner_text()
    _check(page, "insats team refusal")
    page.goto(live_server.url("/certification/esf"))
    assert page.get_by_role("row", name=re.compile("Certifierade användare 145 2")).is_visible()
    _check(page, "ESF dashboard")
    page.goto(live_server.url("/certification/settings"))
    _check(page, "settings")


def test_certification_pages_for_the_admin_at_phone_width(app, live_server, phone_page,
                                                          make_admin):
    admin = make_admin()
    browser_login(phone_page, live_server, admin.email, PASSWORD, totp_secret=admin.totp_secret)
    for path in ("/certification/esf", "/certification/settings", "/certification/courses",
                 "/certification/registry", "/certification/me", "/certification/lookup"):
        phone_page.goto(live_server.url(path))
        _check(phone_page, f"{path} at 390 px")
