"""The certification rules on their own, through the services, with a controlled clock."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from smail_app.auth import services as auth_services
from smail_app.auth.models import Invite, Role, User
from smail_app.certification import (
    attendees,
    certificates,
    completion,
    courses,
    evaluations,
    reports,
    rules,
    settings,
    standing,
)
from smail_app.certification.courses import NewCourse, NewSession
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    CertificateState,
    Course,
    CourseKind,
    Enrolment,
    Evaluation,
)
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.organisations import services as org_services
from smail_app.organisations.models import Insats, Organisation

FIRST, SECOND = date(2027, 2, 1), date(2027, 2, 8)


def _load(user: User) -> User:
    return db.session.get(User, user.id)


def _course(kind: str, trainer: User, actor: User, dates=(FIRST, SECOND),
            assignment: int = 240) -> Course:
    return courses.create_course(NewCourse(
        kind=kind, title=f"Kurs {kind}", organisation=None, home_assignment_minutes=assignment,
        sessions=[NewSession(d, time(9), time(13)) for d in dates], trainers=[trainer]), actor)


def _attend(course: Course, enrolment: Enrolment, actor: User,
            absent_at: tuple[int, ...] = ()) -> None:
    for number, session in enumerate(course.sessions, start=1):
        completion.record_attendance(session, [completion.AttendanceEntry(
            enrolment, number not in absent_at)], actor)


def _complete(course: Course, enrolment: Enrolment, actor: User) -> None:
    _attend(course, enrolment, actor)
    if course.has_assignment:
        completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, actor)


@pytest.fixture
def people(app, make_staff, make_admin):
    """The förbund's admin and trainer, a kommun utbildare-to-be and two handledare."""
    return {
        "admin": make_admin(name="Admin Förbundet"),
        "forbund": make_staff(Role.UTBILDARE, name="Förbundets utbildare"),
        "utbildare": make_staff(Role.UTBILDARE, name="Åsa Utbildare"),
        "anna": make_staff(Role.HANDLEDARE, name="Anna Handledare"),
        "bo": make_staff(Role.HANDLEDARE, name="Bo Handledare", gender="man"),
    }


def _certified_utbildare(people, issued_on: date, clock) -> User:
    """Admin certifies the utbildare through a completed utbildarutbildning."""
    admin, forbund, utbildare = (_load(people[k]) for k in ("admin", "forbund", "utbildare"))
    clock.set(issued_on)
    course = _course(CourseKind.UTBILDARE, forbund, admin,
                     dates=(date.fromordinal(issued_on.toordinal() - 7), issued_on))
    enrolment = attendees.enrol(course, utbildare, admin)
    _complete(course, enrolment, forbund)
    certificates.issue_certificate(enrolment, admin)
    db.session.commit()
    return utbildare


def test_the_whole_chain_makes_a_handledare(app, ctx, clock, people, make_insats):
    insats_id = make_insats().id
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    assert rules.handledare_refusal(anna, date(2027, 3, 1)) is not None
    _complete(course, enrolment, utbildare)
    certificate = certificates.issue_certificate(enrolment, utbildare)
    assert certificate.kind == "anvandare" and certificate.issued_on == date(2027, 3, 1)
    assert certificate.valid_until is None  # no validity period by default
    assert rules.handledare_refusal(anna, date(2027, 3, 1)) is None
    assert rules.handledare_refusal(anna, date(2040, 1, 1)) is None
    assert rules.handledare_refusal(anna, date(2027, 2, 28)) is not None  # not yet certified then
    insats = db.session.get(Insats, insats_id)
    org_services.add_team_member(insats, anna)


def test_only_the_admin_issues_utbildare_certificates(ctx, clock, people):
    admin, forbund, utbildare = (_load(people[k]) for k in ("admin", "forbund", "utbildare"))
    course = _course(CourseKind.UTBILDARE, forbund, admin)
    enrolment = attendees.enrol(course, utbildare, admin)
    _complete(course, enrolment, forbund)
    with pytest.raises(Refused, match="Bara förbundets administratör"):
        certificates.issue_certificate(enrolment, forbund)
    assert certificates.issue_certificate(enrolment, admin).kind == "utbildare"


def test_only_the_admin_creates_an_utbildarutbildning(ctx, people):
    forbund = _load(people["forbund"])
    with pytest.raises(Refused, match="Bara förbundets administratör") as refused:
        _course(CourseKind.UTBILDARE, forbund, forbund)
    assert refused.value.field == "kind"


def test_an_uncertified_trainer_cannot_certify(ctx, clock, people):
    utbildare, anna = _load(people["utbildare"]), _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    with pytest.raises(Refused) as refused:
        certificates.issue_certificate(enrolment, utbildare)
    assert str(refused.value) == ("Du kan inte utfärda användarcertifikat: du har inget giltigt "
                                  "utbildarcertifikat 1 mars 2027.")
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_a_lapsed_trainer_cannot_certify_from_the_day_after_expiry(ctx, clock, people):
    settings.update_settings({"validity_months_utbildare": 12}, _load(people["admin"]))
    utbildare = _certified_utbildare(people, date(2026, 3, 1), clock)
    assert standing.certificates_of(utbildare)[0].valid_until == date(2027, 2, 28)
    anna, bo = _load(people["anna"]), _load(people["bo"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare,
                     dates=(date(2027, 2, 20), date(2027, 2, 27)))
    first, second = (attendees.enrol(course, p, utbildare) for p in (anna, bo))
    clock.set(date(2027, 2, 27))
    _complete(course, first, utbildare)
    _complete(course, second, utbildare)
    clock.set(date(2027, 2, 28))  # the last valid day
    assert certificates.issue_certificate(first, utbildare).holder_id == anna.id
    clock.set(date(2027, 3, 1))
    with pytest.raises(Refused) as refused:
        certificates.issue_certificate(second, utbildare)
    assert "ditt utbildarcertifikat gällde till och med 28 februari 2027" in str(refused.value)


def test_a_revoked_trainer_cannot_certify(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    admin = _load(people["admin"])
    clock.set(date(2027, 2, 20))
    certificates.revoke_certificate(standing.certificates_of(utbildare)[0], admin,
                                "Har slutat som utbildare")
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    with pytest.raises(Refused, match="återkallades 20 februari 2027"):
        certificates.issue_certificate(enrolment, utbildare)


def test_a_certified_utbildare_who_is_not_on_the_course_cannot_certify(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    other = _load(people["forbund"])
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, other, other)
    enrolment = attendees.enrol(course, anna, other)
    _complete(course, enrolment, other)
    with pytest.raises(Refused, match="Bara kursens utbildare"):
        certificates.issue_certificate(enrolment, utbildare)


def test_a_missing_session_is_named(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _attend(course, enrolment, utbildare, absent_at=(2,))
    completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, utbildare)
    with pytest.raises(Refused) as refused:
        certificates.issue_certificate(enrolment, utbildare)
    assert str(refused.value) == ("Anna Handledare kan inte certifieras än: frånvarande vid "
                                  "tillfälle 2 (8 februari 2027).")
    assert completion.completion_gaps(enrolment) == [
        "frånvarande vid tillfälle 2 (8 februari 2027)"]


def test_an_unrecorded_session_and_missing_assignment_are_named(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    completion.record_attendance(course.sessions[0], [completion.AttendanceEntry(enrolment, True)],
                               utbildare)
    with pytest.raises(Refused, match="är inte registrerad; hemuppgiften är inte inlämnad"):
        certificates.issue_certificate(enrolment, utbildare)
    assert completion.completion_gaps(enrolment) == [
        "närvaro vid tillfälle 2 (8 februari 2027) är inte registrerad",
        "hemuppgiften är inte inlämnad"]


def test_an_unapproved_assignment_is_named(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _attend(course, enrolment, utbildare)
    completion.set_assignment_status(enrolment, AssignmentStatus.SUBMITTED, utbildare)
    with pytest.raises(Refused, match="hemuppgiften är inlämnad men inte godkänd"):
        certificates.issue_certificate(enrolment, utbildare)
    assert completion.completion_gaps(enrolment) == ["hemuppgiften är inlämnad men inte godkänd"]
    completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, utbildare)
    assert certificates.issue_certificate(enrolment, utbildare).holder_id == anna.id


def test_no_assignment_needed_when_the_course_has_none(ctx, clock, people):
    admin, forbund, utbildare = (_load(people[k]) for k in ("admin", "forbund", "utbildare"))
    course = _course(CourseKind.UTBILDARE, forbund, admin, assignment=0)
    enrolment = attendees.enrol(course, utbildare, admin)
    _attend(course, enrolment, forbund)
    assert completion.completion_gaps(enrolment) == []
    with pytest.raises(Refused, match="ingen hemuppgift"):
        completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, admin)


def test_revocation_keeps_history_and_ends_handledare_work(ctx, clock, people, make_insats):
    insats_id = make_insats().id
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    certificate = certificates.issue_certificate(enrolment, utbildare)
    with pytest.raises(Refused, match="Skriv varför") as refused:
        certificates.revoke_certificate(certificate, utbildare, "   ")
    assert refused.value.field == "reason"
    clock.set(date(2027, 4, 10))
    certificates.revoke_certificate(certificate, utbildare, "Arbetar inte längre med deltagare")
    with pytest.raises(Refused, match="redan återkallat"):
        certificates.revoke_certificate(certificate, utbildare, "igen")
    assert certificate.state_on(date(2027, 4, 9)) == CertificateState.VALID
    assert certificate.state_on(date(2027, 4, 10)) == CertificateState.REVOKED
    refusal = rules.handledare_refusal(anna, date(2027, 4, 10))
    assert refusal == ("Användarcertifikatet för Anna Handledare återkallades 10 april 2027. "
                       "Bara den som har ett giltigt användarcertifikat kan vara handledare "
                       "eller skatta tillsammans med deltagare.")
    insats = db.session.get(Insats, insats_id)
    with pytest.raises(org_services.OrganisationError, match="återkallades"):
        org_services.add_team_member(insats, anna)
    # attendance and the assignment cannot be rewritten under an issued certificate, but a
    # revoked one no longer blocks them; a new certificate can then be issued
    again = certificates.issue_certificate(enrolment, utbildare)
    history = standing.certificates_of(anna)
    assert [c.id for c in history] == [again.id, certificate.id]
    assert history[1].revoke_reason == "Arbetar inte längre med deltagare"
    assert history[1].revoked_by_id == utbildare.id


def test_only_admin_or_utbildare_in_scope_may_revoke(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna, forbund = _load(people["anna"]), _load(people["forbund"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    certificate = certificates.issue_certificate(enrolment, utbildare)
    assert certificates.may_revoke(_load(people["admin"]), certificate)
    assert certificates.may_revoke(utbildare, certificate)  # issued it
    assert not certificates.may_revoke(forbund, certificate)  # another organisation, not issuer
    assert not certificates.may_revoke(anna, certificate)  # the holder
    with pytest.raises(Refused, match="kan inte återkalla"):
        certificates.revoke_certificate(certificate, forbund, "Fel")
    utbildar_cert = standing.certificates_of(utbildare)[0]
    assert not certificates.may_revoke(utbildare, utbildar_cert)  # utbildare: admin only


def test_expiry_on_the_boundary_date(ctx, clock, people):
    settings.update_settings({"validity_months_anvandare": 12}, _load(people["admin"]))
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    certificate = certificates.issue_certificate(enrolment, utbildare)
    assert certificate.valid_until == date(2028, 2, 29)  # a leap year: 12 months, minus a day
    assert rules.handledare_refusal(anna, date(2028, 2, 29)) is None
    refusal = rules.handledare_refusal(anna, date(2028, 3, 1))
    assert refusal is not None and refusal.startswith(
        "Användarcertifikatet för Anna Handledare gällde till och med 29 februari 2028.")
    # reminders: within the 60-day window, not before it
    assert standing.expiring_soon([certificate], date(2027, 12, 31)) == [certificate]
    assert standing.expiring_soon([certificate], date(2027, 12, 30)) == []
    assert standing.expiring_soon([certificate], date(2028, 3, 1)) == []  # already lapsed


def test_valid_until_handles_month_ends():
    assert settings.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert settings.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert settings.add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


def test_never_certified_is_refused_as_handledare(ctx, people, make_insats):
    insats_id = make_insats().id
    bo = _load(people["bo"])
    refusal = rules.handledare_refusal(bo, date(2027, 3, 1))
    assert refusal is not None and refusal.startswith("Bo Handledare har inget användarcertifikat.")
    assert rules.handledare_refusal(bo, date(2027, 3, 1)) is not None
    insats = db.session.get(Insats, insats_id)
    with pytest.raises(org_services.OrganisationError, match="har inget användarcertifikat"):
        org_services.add_team_member(insats, bo)


def test_an_utbildare_certificate_alone_does_not_make_a_handledare(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    assert rules.handledare_refusal(utbildare, date(2027, 3, 1)) is not None


def test_already_certified_and_self_certification_are_refused(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    certificates.issue_certificate(enrolment, utbildare)
    with pytest.raises(Refused, match="har redan ett giltigt certifikat"):
        certificates.issue_certificate(enrolment, utbildare)
    with pytest.raises(Refused, match="är utbildare på kursen"):
        attendees.enrol(course, utbildare, utbildare)


def test_horizontal_principles_give_no_certificate(ctx, clock, people):
    utbildare, anna = _load(people["utbildare"]), _load(people["anna"])
    course = _course(CourseKind.HORISONTELLA, utbildare, utbildare, assignment=0)
    enrolment = attendees.enrol(course, anna, utbildare)
    _attend(course, enrolment, utbildare)
    assert completion.has_completed(enrolment)
    with pytest.raises(Refused, match="ger inget certifikat"):
        certificates.issue_certificate(enrolment, utbildare)


def test_attendance_rules(ctx, clock, people):
    utbildare, anna = _load(people["utbildare"]), _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare,
                     dates=(date(2027, 3, 1), date(2027, 3, 8)))
    enrolment = attendees.enrol(course, anna, utbildare)
    first, later = course.sessions
    with pytest.raises(Refused, match="har inte ägt rum än"):
        completion.record_attendance(later, [completion.AttendanceEntry(enrolment, True)],
                                     utbildare)
    with pytest.raises(Refused, match="Skriv 1–240 minuter") as refused:
        completion.record_attendance(first, [completion.AttendanceEntry(enrolment, True, 241)],
                                   utbildare)
    assert refused.value.field == f"minutes_{enrolment.public_id}"
    with pytest.raises(Refused, match="frånvarande och kan inte ha"):
        completion.record_attendance(first, [completion.AttendanceEntry(enrolment, False, 30)],
                                   utbildare)
    completion.record_attendance(first, [completion.AttendanceEntry(enrolment, True, 180)],
                                 utbildare)
    assert enrolment.attendance_for(first).minutes_attended == 180
    completion.record_attendance(first, [completion.AttendanceEntry(enrolment, True)], utbildare)
    assert enrolment.attendance_for(first).minutes_attended == 240  # blank means all of it
    with pytest.raises(Refused, match="kan inte tas bort"):
        courses.remove_session(course, first)
    with pytest.raises(Refused, match="Sluttiden"):
        courses.add_session(course, NewSession(date(2027, 3, 9), time(13), time(9)))


def test_half_a_session_is_not_attended(app, ctx, clock, people):
    """120 of 240 minutes used to show "2 av 2 tillfällen, genomförd"."""
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    anna = _load(people["anna"])
    clock.set(SECOND)
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    first, second = course.sessions
    completion.record_attendance(first, [completion.AttendanceEntry(enrolment, True, 120)],
                                 utbildare)
    completion.record_attendance(second, [completion.AttendanceEntry(enrolment, True, 192)],
                                 utbildare)
    completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, utbildare)
    assert completion.minutes_needed(first) == 192  # 80 % of 240
    assert completion.sessions_attended(enrolment) == 1
    assert completion.completion_gaps(enrolment) == [
        "närvarande 120 av 240 minuter vid tillfälle 1 (1 februari 2027), minst 192 behövs"]
    with pytest.raises(Refused, match="närvarande 120 av 240 minuter"):
        certificates.issue_certificate(enrolment, utbildare)
    app.config["SMAIL_ATTENDANCE_MIN_PERCENT"] = 50
    assert completion.sessions_attended(enrolment) == 2 and completion.has_completed(enrolment)


def test_attendance_and_assignment_are_frozen_under_a_certificate(ctx, clock, people):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    anna = _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    _complete(course, enrolment, utbildare)
    certificates.issue_certificate(enrolment, utbildare)
    with pytest.raises(Refused, match="Närvaron kan inte ändras"):
        completion.record_attendance(course.sessions[0],
                                   [completion.AttendanceEntry(enrolment, False)], utbildare)
    with pytest.raises(Refused, match="Hemuppgiften kan inte ändras"):
        completion.set_assignment_status(enrolment, AssignmentStatus.SUBMITTED, utbildare)
    with pytest.raises(Refused, match="Tillfällen kan inte ändras"):
        courses.add_session(course, NewSession(date(2027, 3, 9), time(9), time(13)))
    with pytest.raises(Refused, match="har fått ett certifikat"):
        attendees.remove_enrolment(course, enrolment)


def test_inviting_a_new_person_enrols_them_once_the_account_exists(app, ctx, clock, people,
                                                                   smtp_server):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    utbildare = _load(people["utbildare"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    with app.test_request_context():  # the link in the mail is built from the request
        enrolment, invited = attendees.invite_and_enrol(course, "Ny.Person@Kommun.se",
                                                       "Ny Person", utbildare)
    assert invited and enrolment.is_pending
    assert len(smtp_server.to("ny.person@kommun.se")) == 1
    invite = db.session.get(Invite, enrolment.invite_id)
    assert invite.roles == [] and invite.email == "ny.person@kommun.se"
    assert "personen har inte skapat sitt konto från inbjudan än" in \
        completion.completion_gaps(enrolment)
    with pytest.raises(Refused, match="redan inbjuden"):
        attendees.invite_and_enrol(course, "ny.person@kommun.se", "Ny Person", utbildare)
    user = auth_services.accept_staff_invite(invite, display_name="Ny Person",
                                             password="ett bra lösenord", gender="kvinna")
    assert [e.id for e in attendees.enrolments_of(user)] == [enrolment.id]
    attendees.link_pending_enrolments(course)
    assert enrolment.user_id == user.id
    # an existing account is enrolled directly, without an invite
    anna = _load(people["anna"])
    again, invited = attendees.invite_and_enrol(course, anna.email, "", utbildare)
    assert not invited and again.user_id == anna.id


def test_evaluation_opens_after_the_course_and_is_not_linked_to_the_person(ctx, clock, people):
    utbildare, anna, bo = (_load(people[k]) for k in ("utbildare", "anna", "bo"))
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare,
                     dates=(date(2027, 2, 22), date(2027, 3, 1)))
    first, second = (attendees.enrol(course, p, utbildare) for p in (anna, bo))
    clock.set(date(2027, 2, 22))
    completion.record_attendance(course.sessions[0], [completion.AttendanceEntry(first, True)],
                               utbildare)
    assert evaluations.evaluation_refusal(first, date(2027, 2, 28)) == \
        "Utvärderingen öppnar efter kursens sista tillfälle."
    clock.set(date(2027, 3, 1))
    assert evaluations.evaluation_refusal(second, date(2027, 3, 1)) == \
        "Utvärderingen är till för dem som deltog i kursen."
    with pytest.raises(Refused, match="Välj ett av svaren"):
        evaluations.submit_evaluation(first, anna, {"can_use": 9, "helps_daily_work": 4})
    with pytest.raises(Refused, match="gäller någon annan"):
        evaluations.submit_evaluation(first, bo, {"can_use": 4, "helps_daily_work": 4})
    evaluations.submit_evaluation(first, anna, {"can_use": 5, "can_train": 5,
                                             "helps_daily_work": 2}, " Bra kurs ")
    with pytest.raises(Refused, match="redan svarat"):
        evaluations.submit_evaluation(first, anna, {"can_use": 5, "helps_daily_work": 5})
    row = db.session.scalar(select(Evaluation))
    assert (row.can_use, row.can_train, row.helps_daily_work, row.comment) == (5, None, 2,
                                                                               "Bra kurs")
    assert not {"user_id", "enrolment_id"} & set(Evaluation.__table__.columns.keys())


def _closed(clock, course: Course) -> None:
    """Move the clock past the day the course's survey closes."""
    clock.set(evaluations.survey_closes_on(course) + timedelta(days=1))


def test_evaluation_results_hide_small_groups(ctx, clock, people):
    utbildare = _load(people["utbildare"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    for value in (5, 4, 2, 5):
        db.session.add(Evaluation(course_id=course.id, can_use=value, helps_daily_work=value,
                                  comment="ok"))
    db.session.flush()
    _closed(clock, course)
    summary = evaluations.evaluation_summary(course_ids=[course.id])
    assert summary.suppressed and summary.can_use.suppressed and summary.comments == []
    assert summary.can_use.percent is None
    db.session.add(Evaluation(course_id=course.id, can_use=3, helps_daily_work=4, comment=""))
    db.session.flush()
    summary = evaluations.evaluation_summary(course_ids=[course.id])
    assert not summary.suppressed
    assert (summary.can_use.agree, summary.can_use.total, summary.can_use.percent) == (3, 5, 60)
    assert summary.helps.percent == 80 and summary.helps.meets(80)
    assert summary.can_use.meets(80) is False
    assert summary.can_train.total == 0 and summary.can_train.percent is None


def test_planted_answers_and_reloading_give_no_answer_away(ctx, clock, people):
    """The attack: an utbildare plants four answers, waits for one real one and reloads after
    each answer to read it off by difference. Nothing is shown while the survey is open, so
    no reload tells anything; once it has closed no answer can be added."""
    utbildare = _load(people["utbildare"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    seen = []
    for value, comment in ((5, "Planterad 1"), (5, "Planterad 2"), (5, "Planterad 3"),
                           (5, "Planterad 4"), (1, "Den riktiga: för snabbt tempo")):
        clock.set(SECOND)
        db.session.add(Evaluation(course_id=course.id, can_use=value, helps_daily_work=value,
                                  comment=comment))
        db.session.flush()
        seen.append(evaluations.evaluation_summary(course_ids=[course.id]))
    assert all(s.respondents == 0 and s.comments == [] and s.can_use.total == 0 for s in seen)
    # the whole county's figures (the ESF dashboard) wait too
    assert evaluations.evaluation_summary(kinds=[CourseKind.ANVANDARE.value]).respondents == 0
    _closed(clock, course)
    summary = evaluations.evaluation_summary(course_ids=[course.id])
    assert summary.respondents == 5
    # alphabetical: the real comment's place says nothing about when it came
    assert summary.comments == sorted(summary.comments, key=str.casefold)
    assert summary.comments[0] == "Den riktiga: för snabbt tempo"


def test_the_survey_closes_after_the_open_days(ctx, clock, people):
    utbildare, anna = _load(people["utbildare"]), _load(people["anna"])
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    enrolment = attendees.enrol(course, anna, utbildare)
    clock.set(SECOND)
    _attend(course, enrolment, utbildare)
    assert evaluations.survey_closes_on(course) == SECOND + timedelta(days=30)
    assert evaluations.evaluation_refusal(enrolment, SECOND + timedelta(days=30)) is None
    _closed(clock, course)
    with pytest.raises(Refused, match="Utvärderingen stängde"):
        evaluations.submit_evaluation(enrolment, anna, {"can_use": 5, "helps_daily_work": 5})


def test_settings_are_checked(ctx, people):
    admin = _load(people["admin"])
    with pytest.raises(Refused, match="högst 100 procent"):
        settings.update_settings({"target_helps_pct": 101}, admin)
    with pytest.raises(Refused, match="negativt"):
        settings.update_settings({"target_utbildare": -1}, admin)
    settings.update_settings({"target_utbildare": 20, "validity_months_anvandare": None}, admin)
    assert settings.settings()["target_utbildare"] == 20
    assert settings.settings()["target_anvandare"] == 145


def test_esf_dashboard_counts(ctx, clock, people, make_staff):
    utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
    clock.set(date(2027, 3, 1))
    uppsala = Organisation(name="Uppsala kommun", kind="kommun", created_dt=clock.now())
    db.session.add(uppsala)
    db.session.flush()
    anna, bo = _load(people["anna"]), _load(people["bo"])
    anna.organisation_id = bo.organisation_id = uppsala.id
    course = _course(CourseKind.ANVANDARE, utbildare, utbildare)
    for person in (anna, bo):
        enrolment = attendees.enrol(course, person, utbildare)
        _complete(course, enrolment, utbildare)
        certificates.issue_certificate(enrolment, utbildare)
    certificates.revoke_certificate(standing.certificates_of(bo)[0], utbildare, "Slutat")
    horizontal = _course(CourseKind.HORISONTELLA, utbildare, utbildare, assignment=0)
    _attend(horizontal, attendees.enrol(horizontal, anna, utbildare), utbildare)
    horizontal.enrolments.append(Enrolment(  # invited by mail, no account yet
        invited_email="extern@example.se", invited_name="Extern", enrolled_by_id=utbildare.id,
        enrolled_dt=clock.now()))
    dashboard = reports.esf_dashboard(date(2027, 3, 1))
    utbildare_row, anvandare_row = dashboard.targets
    assert (utbildare_row.target, utbildare_row.certified) == (14, 1)
    assert (anvandare_row.target, anvandare_row.certified, anvandare_row.valid_now) == (145, 1, 1)
    assert {r.group: (r.utbildare, r.anvandare) for r in dashboard.by_organisation} == {
        "Uppsala kommun": (0, 1), "Ingen organisation": (1, 0)}
    assert {r.group: r.anvandare for r in dashboard.by_gender}["Kvinna"] == 1
    assert {r.group: r.anvandare for r in dashboard.by_gender}["Man"] == 0  # revoked
    # the one utbildare has not taken the horizontal course; of the three project
    # participants (utbildare, Anna, Bo) one, Anna, has been offered it
    assert (dashboard.utbildare_with_horizontal.part,
            dashboard.utbildare_with_horizontal.whole) == (0, 1)
    assert (dashboard.participants_offered_horizontal.part,
            dashboard.participants_offered_horizontal.whole) == (1, 3)
