"""The certification pages through the test client: who reaches what, forms, refusals,
exports read back, and bad input answered with a Swedish form error and nothing written."""

from __future__ import annotations

import ast
import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smail_app.auth.models import Invite, Role, User
from smail_app.certification import attendees, courses, evaluations, settings
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    Course,
    CourseKind,
    Evaluation,
    SessionAttendance,
)
from smail_app.extensions import db
from smail_app.organisations.models import Organisation, TeamMembership
from tests.conftest import login
from tests.factories import grant_certificate, participant_user

FIRST, SECOND = date(2027, 2, 1), date(2027, 2, 8)


@dataclass
class Scene:
    admin: User
    utbildare: User
    other_utbildare: User
    anna: User
    bo: User
    course: str  # public ids
    sessions: list[str]
    enrolments: dict[str, str]


@pytest.fixture
def scene(app, clock, make_staff, make_admin) -> Scene:
    """A certified utbildare in Uppsala runs an användarutbildning for Anna and Bo."""
    admin = make_admin(name="Admin Förbundet")
    utbildare = make_staff(Role.UTBILDARE, name="Åsa Utbildare")
    other = make_staff(Role.UTBILDARE, name="Örjan Annanutbildare")
    anna = make_staff(Role.HANDLEDARE, name="Anna Åkesson")
    bo = make_staff(Role.HANDLEDARE, name="Bo Öberg", gender="man")
    grant_certificate(app, utbildare, kind="utbildare", issued_on=date(2027, 1, 10))
    with app.app_context():
        uppsala = Organisation(name="Uppsala kommun", kind="kommun",
                               created_dt=datetime.now(UTC))
        db.session.add(uppsala)
        db.session.flush()
        for user in (utbildare, anna, bo):
            db.session.get(User, user.id).organisation_id = uppsala.id
        trainer = db.session.get(User, utbildare.id)
        course = courses.create_course(courses.NewCourse(
            kind=CourseKind.ANVANDARE, title="Användarutbildning vår 2027",
            organisation=uppsala, home_assignment_minutes=240,
            sessions=[courses.NewSession(d, time(9), time(13)) for d in (FIRST, SECOND)]),
            trainer)
        enrolments = {name: attendees.enrol(course, db.session.get(User, person.id), trainer)
                      .public_id for name, person in (("anna", anna), ("bo", bo))}
        db.session.commit()
        return Scene(admin, utbildare, other, anna, bo, course.public_id,
                     [s.public_id for s in course.sessions], enrolments)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def _mark_everything(client, scene: Scene, absent: dict[str, int] | None = None) -> None:
    absent = absent or {}
    for number, session in enumerate(scene.sessions, start=1):
        data = {}
        for name, enrolment in scene.enrolments.items():
            data[f"present_{enrolment}"] = "nej" if absent.get(name) == number else "ja"
        response = client.post(f"/certification/courses/{scene.course}/sessions/{session}",
                               data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    data = {f"assignment_{e}": AssignmentStatus.APPROVED.value
            for e in scene.enrolments.values()}
    response = client.post(f"/certification/courses/{scene.course}/assignments", data=data)
    assert response.status_code == 302


# --- Who reaches what ------------------------------------------------------------------------


def test_access_matrix(app, client, scene, make_staff, make_participant):
    participant = make_participant(with_account=True)
    handledare = make_staff(Role.HANDLEDARE, name="Hugo Handledare")
    with app.app_context():
        cert = db.session.scalar(select(Certificate).where(
            Certificate.holder_id == scene.utbildare.id))
        cert_id = cert.public_id
    course, session = scene.course, scene.sessions[0]
    enrolment = scene.enrolments["anna"]
    gets = {
        "/certification/": {"staff": 302},
        "/certification/me": {"staff": 200},
        "/certification/lookup": {"staff": 200},
        "/certification/courses": {"utbildare": 200, "admin": 200},
        "/certification/courses/new": {"utbildare": 200, "admin": 200},
        f"/certification/courses/{course}": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/edit": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/sessions/{session}": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/assignments": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/attendance.csv": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/attendance.xlsx": {"trainer": 200, "admin": 200},
        f"/certification/courses/{course}/evaluation": {"trainer": 200, "admin": 200},
        "/certification/registry": {"utbildare": 200, "admin": 200},
        f"/certification/certificates/{cert_id}": {"trainer": 200, "admin": 200},
        f"/certification/evaluations/{enrolment}": {"anna": 200},
        "/certification/esf": {"admin": 200},
        "/certification/esf.csv": {"admin": 200},
        "/certification/esf.xlsx": {"admin": 200},
        "/certification/settings": {"admin": 200},
        "/certification/courses/nope": {},
        "/certification/certificates/nope": {},
        f"/certification/courses/{course}/attendance.pdf": {},
    }
    who = {"participant": participant_user(app, participant), "handledare": handledare,
           "other_utbildare": scene.other_utbildare, "trainer": scene.utbildare,
           "admin": scene.admin, "anna": scene.anna}
    groups = {"participant": set(), "handledare": {"staff"},
              "other_utbildare": {"staff", "utbildare"},
              "trainer": {"staff", "utbildare", "trainer"}, "admin": {"staff", "admin"},
              "anna": {"staff", "anna"}}
    for path in gets:  # anonymous: to the login page
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for name, user in who.items():
        client.post("/logout")
        login(client, user)
        for path, allowed in gets.items():
            expected = next((code for group, code in allowed.items() if group in groups[name]),
                            404)
            response = client.get(path)
            assert response.status_code == expected, (name, path, response.status_code)
    # POST routes answer 404 to those who may not use them, and change nothing
    client.post("/logout")
    login(client, scene.other_utbildare)
    for path in (f"/certification/courses/{course}/enrol",
                 f"/certification/courses/{course}/enrolments/{enrolment}/certify",
                 f"/certification/courses/{course}/sessions",
                 f"/certification/courses/{course}/edit",
                 f"/certification/certificates/{cert_id}/revoke"):
        assert client.post(path, data={}).status_code == 404, path


# --- A course through its pages --------------------------------------------------------------


def test_utbildare_runs_a_course_and_certifies(app, client, scene, login_as):
    login_as(scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    assert "Anna Åkesson" in page and "Bo Öberg" in page
    _mark_everything(client, scene, absent={"bo": 2})
    response = client.post(
        f"/certification/courses/{scene.course}/enrolments/{scene.enrolments['anna']}/certify")
    assert response.status_code == 302
    text = _refused_to_course_page(client, scene, scene.enrolments["bo"])
    assert "Bo Öberg kan inte certifieras än: frånvarande vid tillfälle 2 (8 februari 2027)." \
        in text
    with app.app_context():
        holders = set(db.session.scalars(select(Certificate.holder_id).where(
            Certificate.kind == "anvandare")))
    assert holders == {scene.anna.id}
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    assert "Användarcertifikat" in page and "Giltigt" in page


def test_uncertified_trainer_is_told_before_and_when_certifying(app, client, scene, login_as):
    login_as(scene.other_utbildare)
    response = client.post("/certification/courses/new", data={
        "kind": "anvandare", "title": "Kurs i Tierp", "organisation": "", "trainer": "",
        "session1_date": "2027-02-01", "session1_start": "09:00", "session1_end": "13:00",
        "session2_date": "", "session2_start": "09:00", "session2_end": "13:00",
        "assignment_hours": "0", "description": ""})
    assert response.status_code == 302
    course_url = response.headers["Location"]
    page = client.get(course_url).get_data(as_text=True)
    assert "du har inget giltigt utbildarcertifikat 1 mars 2027" in page
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.title == "Kurs i Tierp"))
        assert [t.id for t in course.trainers] == [scene.other_utbildare.id]
        assert len(course.sessions) == 1 and course.home_assignment_minutes == 0


def test_new_course_defaults_to_two_sessions_of_four_hours(client, scene, login_as):
    login_as(scene.utbildare)
    page = client.get("/certification/courses/new").get_data(as_text=True)
    assert page.count('value="09:00"') == 2 and page.count('value="13:00"') == 2
    assert re.search(r'name="assignment_hours"[^>]*value="4"', page)
    assert '<option value="utbildare"' not in page  # only the admin makes trainer courses


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Skriv kursens namn."),
    ({"session1_date": "2027-13-45"}, "Skriv ett giltigt datum, som 2027-03-12."),
    ({"session1_date": ""}, "Skriv ett giltigt datum, som 2027-03-12."),
    ({"session1_end": "08:00"}, "Sluttiden måste vara efter starttiden."),
    ({"session1_start": "25:99"}, "Skriv en tid, som 09:00."),
    ({"assignment_hours": "abc"}, "Skriv antal timmar, 0–40."),
    ({"assignment_hours": "41"}, "Skriv antal timmar, 0–40."),
    ({"kind": "utbildare"}, "Not a valid choice"),
    ({"kind": "hacker"}, "Not a valid choice"),
    ({"organisation": "no-such-org"}, "Not a valid choice"),
    ({"title": "x" * 161}, "Field cannot be longer than 160 characters."),
])
def test_bad_course_input_is_a_swedish_form_error(app, client, scene, login_as, changes,
                                                  message):
    login_as(scene.utbildare)
    data = {"kind": "anvandare", "title": "Ny kurs", "organisation": "", "trainer": "",
            "session1_date": "2027-02-01", "session1_start": "09:00", "session1_end": "13:00",
            "session2_date": "", "session2_start": "09:00", "session2_end": "13:00",
            "assignment_hours": "4", "description": ""}
    before = _count(app, Course)
    response = client.post("/certification/courses/new", data={**data, **changes})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    swedish = {"Not a valid choice": "Inte ett giltigt val",
               "Field cannot be longer than 160 characters.": "160"}
    assert swedish.get(message, message) in text
    assert "Det finns ett problem" in text
    assert _count(app, Course) == before


def _course_details(app, public_id: str) -> tuple[str, str | None, int, str]:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.public_id == public_id))
        return (course.title, course.organisation.name if course.organisation else None,
                course.home_assignment_minutes, course.description)


def test_course_details_can_be_corrected(app, client, scene, login_as):
    login_as(scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}/edit").get_data(as_text=True)
    assert 'value="Användarutbildning vår 2027"' in page
    assert re.search(r'name="assignment_hours"[^>]*value="4"', page)
    response = client.post(f"/certification/courses/{scene.course}/edit", data={
        "title": "  Användarutbildning våren 2027 ", "organisation": "",
        "assignment_hours": "6", "description": "Lokal: Stadshuset, sal Ö"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/certification/courses/{scene.course}")
    assert _course_details(app, scene.course) == (
        "Användarutbildning våren 2027", None, 360, "Lokal: Stadshuset, sal Ö")
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    assert "Kursuppgifterna är sparade." in page and "6 timmar" in page


@pytest.mark.parametrize("changes, message", [
    ({"title": "   "}, "Skriv kursens namn."),
    ({"assignment_hours": "-1"}, "Skriv antal timmar, 0–40."),
    ({"assignment_hours": "4,5"}, "Skriv antal timmar, 0–40."),
    ({"organisation": "no-such-org"}, "Inte ett giltigt val"),
    ({"description": "x" * 2001}, "2000"),
])
def test_bad_course_details_change_nothing(app, client, scene, login_as, changes, message):
    login_as(scene.utbildare)
    before = _course_details(app, scene.course)
    data = {"title": "Nytt namn", "organisation": "", "assignment_hours": "4",
            "description": ""}
    response = client.post(f"/certification/courses/{scene.course}/edit",
                           data={**data, **changes})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and "Det finns ett problem" in text
    assert _course_details(app, scene.course) == before


def test_assignment_hours_are_fixed_once_someone_is_certified(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene)
    client.post(
        f"/certification/courses/{scene.course}/enrolments/{scene.enrolments['anna']}/certify")
    before = _course_details(app, scene.course)
    response = client.post(f"/certification/courses/{scene.course}/edit", data={
        "title": "Nytt namn", "organisation": "", "assignment_hours": "0", "description": ""})
    assert response.status_code == 422
    assert "Hemuppgiftens timmar kan inte ändras" in response.get_data(as_text=True)
    assert _course_details(app, scene.course) == before
    # the name can still be corrected
    response = client.post(f"/certification/courses/{scene.course}/edit", data={
        "title": "Nytt namn", "organisation": "", "assignment_hours": "4", "description": ""})
    assert response.status_code == 302
    assert _course_details(app, scene.course)[0] == "Nytt namn"


def test_bad_attendance_is_refused_and_nothing_written(app, client, scene, login_as):
    login_as(scene.utbildare)
    url = f"/certification/courses/{scene.course}/sessions/{scene.sessions[0]}"
    anna, bo = scene.enrolments["anna"], scene.enrolments["bo"]
    before = _count(app, SessionAttendance)
    for data, message in (
            ({f"present_{anna}": "ja"}, "Välj närvarande eller frånvarande för Bo Öberg"),
            ({f"present_{anna}": "kanske", f"present_{bo}": "ja"}, "Inte ett giltigt val"),
            ({f"present_{anna}": "ja", f"present_{bo}": "ja", f"minutes_{anna}": "-5"},
             "Skriv 0–240 minuter."),
            ({f"present_{anna}": "ja", f"present_{bo}": "ja", f"minutes_{anna}": "300"},
             "Skriv 1–240 minuter för Anna Åkesson."),
            ({f"present_{anna}": "nej", f"present_{bo}": "ja", f"minutes_{anna}": "30"},
             "Anna Åkesson är frånvarande och kan inte ha närvarominuter."),
            ({f"present_{anna}": "ja", f"present_{bo}": "ja", f"minutes_{anna}": "x"},
             "Inte ett giltigt heltal")):
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), message
        assert _count(app, SessionAttendance) == before, data


def test_attendance_cannot_be_recorded_before_the_session(app, client, clock, scene, login_as):
    clock.set(date(2027, 2, 5))
    login_as(scene.utbildare)
    url = f"/certification/courses/{scene.course}/sessions/{scene.sessions[1]}"
    assert "har inte ägt rum än" in client.get(url).get_data(as_text=True)
    data = {f"present_{e}": "ja" for e in scene.enrolments.values()}
    before = _count(app, SessionAttendance)
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "har inte ägt rum än" in response.get_data(as_text=True)
    assert _count(app, SessionAttendance) == before


def _mailed_link(smtp_server, address: str) -> str:
    [message] = smtp_server.to(address)
    return re.search(r"http://localhost(/invite/[\w-]+)", message.get_content()).group(1)


def test_a_course_invite_goes_by_mail_only_and_gives_no_role(app, client, scene, login_as,
                                                             smtp_server):
    """The attack: the utbildare invited addresses they control, opened the link shown on
    screen and made "certified handledare" that counted towards the ESF targets."""
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    login_as(scene.utbildare)
    response = client.post(f"/certification/courses/{scene.course}/invite",
                           data={"invite-email": "ny@enkoping.se", "invite-name": "Ny Nilsson"})
    assert response.status_code == 302
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "har fått en inbjudan med e-post" in text and "Inbjuden, inget konto än" in text
    assert "/invite/" not in text  # never on screen
    link = _mailed_link(smtp_server, "ny@enkoping.se")
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.email == "ny@enkoping.se"))
        assert invite.roles == []  # roles come from the admin
    response = client.post(f"/certification/courses/{scene.course}/invite",
                           data={"invite-email": "inte en adress", "invite-name": ""})
    assert response.status_code == 422
    assert "Skriv en e-postadress som namn@exempel.se." in response.get_data(as_text=True)
    response = client.post(f"/certification/courses/{scene.course}/enrol",
                           data={"enrol-user": scene.anna.public_id})
    assert response.status_code == 422
    assert "Inte ett giltigt val" in response.get_data(as_text=True)  # already enrolled
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.public_id == scene.course))
        assert len(course.enrolments) == 3
    client.post("/logout")
    client.post(link, data={"display_name": "Ny Nilsson", "gender": "kvinna",
                            "password": "ett bra lösenord", "password_again": "ett bra lösenord"})
    with app.app_context():
        made = db.session.scalar(select(User).where(User.email == "ny@enkoping.se"))
        assert made is not None and made.roles == set()


def test_without_invitation_mail_only_existing_accounts_are_enrolled(app, client, scene,
                                                                     login_as):
    login_as(scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    assert "bara personer som redan har ett konto kan anmälas" in page
    response = client.post(f"/certification/courses/{scene.course}/invite",
                           data={"invite-email": "ny@enkoping.se", "invite-name": "Ny Nilsson"})
    assert response.status_code == 422
    assert "Be administratören bjuda in personen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Invite.id))) == 0


def test_the_invite_names_the_configured_validity(app, client, scene, login_as, smtp_server):
    app.config.update(SMAIL_INVITE_VALID_DAYS=3, SMAIL_MAIL_SEND_INVITES=True)
    login_as(scene.utbildare)
    response = client.post(f"/certification/courses/{scene.course}/invite",
                           data={"invite-email": "ny@enkoping.se", "invite-name": "Ny Nilsson"})
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "gäller i 3 dagar" in text and "7 dagar" not in text


def test_certification_views_leave_the_commit_to_the_request():
    """Views apply a change through ``applied`` and never commit, roll back or catch."""
    views = Path(__file__).resolve().parent.parent / "smail_app" / "certification" / "views"
    for source in views.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for forbidden in ("commit(", "rollback(", "except ", "try:"):
            assert forbidden not in text, (source.name, forbidden)


def test_course_kind_has_one_label_on_every_page(app, client, scene, login_as):
    login_as(scene.utbildare)
    for url in ("/certification/courses", f"/certification/courses/{scene.course}"):
        assert "<td>Användarutbildning</td>" in client.get(url).get_data(as_text=True) \
            or "<dd>Användarutbildning</dd>" in client.get(url).get_data(as_text=True)
    form = client.get("/certification/courses/new").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="anvandare"[^>]*>Användarutbildning</option>', form)


def test_sessions_and_trainers_on_the_course_page(app, client, scene, login_as):
    login_as(scene.utbildare)
    base = f"/certification/courses/{scene.course}"
    response = client.post(f"{base}/sessions", data={
        "session-session_date": "2027-02-15", "session-start_time": "13:00",
        "session-end_time": "09:00"})
    assert response.status_code == 422
    assert "Sluttiden måste vara efter starttiden." in response.get_data(as_text=True)
    response = client.post(f"{base}/sessions", data={
        "session-session_date": "2027-02-15", "session-start_time": "13:00",
        "session-end_time": "16:00"})
    assert response.status_code == 302
    response = client.post(f"{base}/trainers",
                           data={"trainer-trainer": scene.other_utbildare.public_id})
    assert response.status_code == 302
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.public_id == scene.course))
        assert len(course.sessions) == 3 and len(course.trainers) == 2
        third = course.sessions[2].public_id
    assert client.post(f"{base}/sessions/{third}/remove").status_code == 302
    assert client.post(
        f"{base}/trainers/{scene.other_utbildare.public_id}/remove").status_code == 302
    response = client.post(f"{base}/trainers/{scene.utbildare.public_id}/remove")
    assert response.status_code == 422
    assert "En kurs måste ha minst en utbildare." in response.get_data(as_text=True)


# --- Attendee, lookup, registry --------------------------------------------------------------


def test_attendee_answers_the_evaluation(app, client, clock, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene)
    client.post("/logout")
    login_as(scene.anna)
    page = client.get("/certification/me").get_data(as_text=True)
    assert "Svara på utvärderingen" in page
    url = f"/certification/evaluations/{scene.enrolments['anna']}"
    page = client.get(url).get_data(as_text=True)
    assert "Jag kan tillräckligt för att använda SMAIL med deltagare." in page
    assert "Jag kan nu utbilda andra" not in page
    response = client.post(url, data={"can_use": "7", "helps_daily_work": "4"})
    assert response.status_code == 422
    assert _count(app, Evaluation) == 0
    response = client.post(url, data={"can_use": "5", "helps_daily_work": "4",
                                      "comment": "Tydligt och bra."})
    assert response.status_code == 302
    assert "Du har redan svarat" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"can_use": "5", "helps_daily_work": "4"}).status_code == 200
    assert _count(app, Evaluation) == 1
    client.post("/logout")
    login_as(scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}/evaluation").get_data(as_text=True)
    assert "1 av 2 deltagare har svarat." in page and "Utvärderingen är öppen till och med" in page
    assert "Tydligt och bra." not in page and "För få svar för att visa" not in page
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.public_id == scene.course))
        closes_on = evaluations.survey_closes_on(course)
    clock.set(closes_on + timedelta(days=1))
    client = app.test_client()  # a month later: signed in again
    login(client, scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}/evaluation").get_data(as_text=True)
    assert "För få svar för att visa" in page and "Tydligt och bra." not in page


def test_anyone_on_the_staff_can_look_up_a_colleague(app, client, scene, make_staff, login_as):
    grant_certificate(app, scene.anna)
    login_as(make_staff(Role.HANDLEDARE, name="Hugo Handledare"))
    response = client.get("/certification/lookup", query_string={"q": "a"})
    assert response.status_code == 422
    assert "Skriv 2–120 tecken." in response.get_data(as_text=True)
    page = client.get("/certification/lookup", query_string={"q": "åkes"}).get_data(as_text=True)
    assert "Anna Åkesson" in page and "Certifierad" in page
    page = client.get("/certification/lookup", query_string={"q": "öberg"}).get_data(as_text=True)
    assert "Bo Öberg" in page and "Inte certifierad" in page
    page = client.get("/certification/lookup", query_string={"q": "%_"}).get_data(as_text=True)
    assert "Ingen i personalen matchar sökningen." in page


def test_registry_scope_and_revocation_through_the_page(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene)
    client.post(
        f"/certification/courses/{scene.course}/enrolments/{scene.enrolments['anna']}/certify")
    with app.app_context():
        cert_id = db.session.scalar(select(Certificate.public_id).where(
            Certificate.holder_id == scene.anna.id))
    page = client.get("/certification/registry").get_data(as_text=True)
    assert "Anna Åkesson" in page
    page = client.get("/certification/registry?kind=utbildare").get_data(as_text=True)
    assert "Anna Åkesson" not in page
    response = client.post(f"/certification/certificates/{cert_id}/revoke", data={"reason": ""})
    assert response.status_code == 422
    assert "Skriv varför certifikatet återkallas." in response.get_data(as_text=True)
    response = client.post(f"/certification/certificates/{cert_id}/revoke",
                           data={"reason": "x" * 501})
    assert response.status_code == 422
    response = client.post(f"/certification/certificates/{cert_id}/revoke",
                           data={"reason": "Har bytt tjänst"})
    assert response.status_code == 302
    page = client.get(f"/certification/certificates/{cert_id}").get_data(as_text=True)
    assert "Återkallat" in page and "Har bytt tjänst" in page
    client.post("/logout")
    login_as(scene.other_utbildare)  # another organisation, did not issue it
    assert "Anna Åkesson" not in client.get("/certification/registry").get_data(as_text=True)
    assert client.get(f"/certification/certificates/{cert_id}").status_code == 404
    client.post("/logout")
    login_as(scene.anna)  # the holder sees her own certificate, without a revoke form
    page = client.get(f"/certification/certificates/{cert_id}").get_data(as_text=True)
    assert "Har bytt tjänst" in page and "Återkalla certifikatet" not in page


def test_team_page_shows_who_is_not_or_no_longer_certified(app, client, scene, make_insats,
                                                          make_certified_handledare, login_as):
    insats = make_insats(name="Arbetslivsintro")
    make_certified_handledare(insats, name="Cecilia Certifierad")
    with app.app_context():
        for person in (scene.anna, scene.bo):  # joined before the registry existed
            db.session.add(TeamMembership(insats_id=insats.id, user_id=person.id,
                                          added_dt=datetime.now(UTC)))
        db.session.commit()
    grant_certificate(app, scene.bo, valid_until=date(2027, 2, 1))
    login_as(scene.admin)
    page = client.get(f"/admin/insatser/{insats.public_id}").get_data(as_text=True)
    rows = {name: re.search(rf"{name}.*?</li>", page, re.S).group(0)
            for name in ("Cecilia Certifierad", "Anna Åkesson", "Bo Öberg")}
    assert "Inte certifierad" in rows["Anna Åkesson"]
    assert "Har gått ut" in rows["Bo Öberg"]
    assert "Inte certifierad" not in rows["Cecilia Certifierad"]
    assert "Har gått ut" not in rows["Cecilia Certifierad"]
    response = client.post(f"/admin/insatser/{insats.public_id}",
                           data={"user": scene.anna.public_id})
    assert response.status_code == 422


# --- Exports ---------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_attendance_report_reads_back_with_swedish_characters(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene, absent={"bo": 2})
    response = client.get(f"/certification/courses/{scene.course}/attendance.csv")
    assert response.mimetype == "text/csv"
    assert "narvaro-anvandarutbildning-var-2027.csv" in response.headers["Content-Disposition"]
    rows = _csv_rows(response.data)
    assert rows[0] == ["Namn", "Organisation", "Kön", "Datum", "Timmar", "Moment", "Närvaro"]
    assert ["Anna Åkesson", "Uppsala kommun", "Kvinna", "2027-02-01", "4", "Tillfälle 1",
            "Närvarande"] in rows
    assert ["Bo Öberg", "Uppsala kommun", "Man", "2027-02-08", "0", "Tillfälle 2",
            "Frånvarande"] in rows
    assert ["Bo Öberg", "Uppsala kommun", "Man", "2027-03-01", "4", "Hemuppgift",
            "Godkänd"] in rows
    assert len(rows) == 1 + 2 * 3

    response = client.get(f"/certification/courses/{scene.course}/attendance.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Namn", "Organisation", "Kön", "Datum", "Timmar", "Moment", "Närvaro"]
    first = next(r for r in values if r[0] == "Anna Åkesson" and r[5] == "Tillfälle 1")
    assert first[1:3] == ["Uppsala kommun", "Kvinna"]
    assert first[3] == datetime(2027, 2, 1) and first[4] == 4


def test_exports_neutralise_formulas(app, client, scene, login_as):
    with app.app_context():
        db.session.get(User, scene.anna.id).display_name = "=HYPERLINK(\"http://x\")"
        db.session.commit()
    login_as(scene.utbildare)
    rows = _csv_rows(client.get(
        f"/certification/courses/{scene.course}/attendance.csv").data)
    assert any(r[0] == "'=HYPERLINK(\"http://x\")" for r in rows)
    sheet = load_workbook(io.BytesIO(client.get(
        f"/certification/courses/{scene.course}/attendance.xlsx").data)).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_esf_dashboard_and_exports(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene)
    for enrolment in scene.enrolments.values():
        client.post(f"/certification/courses/{scene.course}/enrolments/{enrolment}/certify")
    client.post("/logout")
    login_as(scene.admin)
    page = client.get("/certification/esf").get_data(as_text=True)
    assert "Certifierade användare" in page and "Uppsala kommun" in page
    rows = _csv_rows(client.get("/certification/esf.csv").data)
    # one share per column: of a whole, and of the target (they used to share "Andel (%)")
    assert rows[0] == ["Avsnitt", "Grupp", "Mått", "Antal", "Av totalt", "Andel av totalt (%)",
                       "Mål", "Andel av målet (%)"]
    assert ["Mål", "", "Certifierade användare", "2", "", "", "145", "1"] in rows
    assert ["Mål", "", "Certifierade utbildare", "1", "", "", "14", "7"] in rows
    assert ["Per organisation", "Uppsala kommun", "Certifierade användare", "2", "", "",
            "", ""] in rows
    assert ["Per kön", "Man", "Certifierade användare", "1", "", "", "", ""] in rows
    assert "Projektdeltagare" not in page  # staff, not to be confused with deltagare
    assert "Medarbetare i projektet som har erbjudits utbildningen" in page
    sheet = load_workbook(io.BytesIO(client.get("/certification/esf.xlsx").data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Mått"
    assert ["Per kön", "Kvinna", "Certifierade användare", 1, None, None, None, None] in values
    assert any(r[0] == "Horisontella principer" for r in values)


def test_settings_change_targets(app, client, scene, login_as):
    login_as(scene.admin)
    page = client.get("/certification/settings").get_data(as_text=True)
    assert 'value="145"' in page
    data = {"target_utbildare": "16", "target_anvandare": "150", "target_can_train_pct": "80",
            "target_can_use_pct": "80", "target_helps_pct": "80",
            "validity_months_utbildare": "", "validity_months_anvandare": "36",
            "reminder_days": "60"}
    response = client.post("/certification/settings", data={**data, "target_helps_pct": "120"})
    assert response.status_code == 422
    assert "Skriv ett heltal från 0 till 100." in response.get_data(as_text=True)
    response = client.post("/certification/settings", data={**data, "target_utbildare": ""})
    assert response.status_code == 422
    assert client.post("/certification/settings", data=data).status_code == 302
    with app.app_context():
        values = settings.settings()
    assert values["target_utbildare"] == 16 and values["validity_months_anvandare"] == 36
    assert values["validity_months_utbildare"] is None


# --- CSRF and privacy ------------------------------------------------------------------------


def _refused_to_course_page(client, scene, enrolment: str) -> str:
    """A refused certification goes back to the course page (not left on the POST address)
    with the reason; the page no longer offers "Certifiera" to that person."""
    response = client.post(
        f"/certification/courses/{scene.course}/enrolments/{enrolment}/certify")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/certification/courses/{scene.course}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/enrolments/{enrolment}/certify" not in page
    return page


def test_csrf_is_required_to_certify(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene)
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/certification/courses/{scene.course}/enrolments/{scene.enrolments['anna']}/certify"
    assert client.post(url).status_code == 400
    assert _count(app, Certificate) == 1  # only the utbildare's own
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    token = re.search(r'name="action-csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(url, data={"action-csrf_token": token}).status_code == 302
    assert _count(app, Certificate) == 2


def test_certification_never_reads_participants_or_ratings():
    """Nothing here can show a participant's ratings: the package does not import them."""
    package = Path(__file__).resolve().parent.parent / "smail_app" / "certification"
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                assert not name.startswith(("smail_app.assessments", "smail_app.participants",
                                            "smail_app.plans")), (source.name, name)


def test_refusals_are_in_the_users_language(app, client, scene, login_as):
    login_as(scene.utbildare)
    _mark_everything(client, scene, absent={"bo": 2})
    client.post("/language", data={"language": "en", "next": "/"})
    text = _refused_to_course_page(client, scene, scene.enrolments["bo"])
    assert "Bo Öberg cannot be certified yet: absent at session 2 (8 February 2027)." in text
    assert "frånvarande" not in text


def test_an_invited_person_is_certified_once_their_account_exists(app, client, scene,
                                                                 login_as, smtp_server):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    login_as(scene.utbildare)
    client.post(f"/certification/courses/{scene.course}/invite", data={
        "invite-email": "ny@enkoping.se", "invite-name": "Ny Nilsson"})
    link = _mailed_link(smtp_server, "ny@enkoping.se")
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.public_id == scene.course))
        scene.enrolments["ny"] = next(e.public_id for e in course.enrolments if e.is_pending)
    _mark_everything(client, scene)
    certify = (f"/certification/courses/{scene.course}/enrolments/"
               f"{scene.enrolments['ny']}/certify")
    assert "personen har inte skapat sitt konto från inbjudan än" in \
        _refused_to_course_page(client, scene, scene.enrolments["ny"])
    client.post("/logout")
    invite_page = client.get(link).get_data(as_text=True)
    assert 'value="Ny Nilsson"' in invite_page  # the name the utbildare typed
    response = client.post(link, data={"display_name": "Ny Nilsson", "gender": "kvinna",
                                       "password": "ett bra lösenord",
                                       "password_again": "ett bra lösenord"})
    assert response.status_code == 302  # and signed in, on to their own pages
    assert "Ditt konto är klart" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert client.get("/certification/me").status_code == 200
    client.post("/logout")
    login_as(scene.utbildare)
    page = client.get(f"/certification/courses/{scene.course}").get_data(as_text=True)
    assert "Inbjuden, har skapat sitt konto" in page
    assert client.post(certify).status_code == 302
    with app.app_context():
        holder = db.session.scalar(select(User).join(
            Certificate, Certificate.holder_id == User.id).where(
            User.email == "ny@enkoping.se"))
        # certified, but not made handledare by it: that role comes from the admin
        assert holder is not None and holder.roles == set()
