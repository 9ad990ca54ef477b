"""Demo certification history, made through the real rules: the förbund's trainers are
certified through utbildarutbildningar, the Uppsala utbildare trains and certifies every
demo handledare, some attend the horizontal-principles training, and most answer the
evaluation. Certificates are then dated to a week after each course, as if issued then."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from smail_app.auth.models import Role, User
from smail_app.certification import attendees, completion, courses, evaluations
from smail_app.certification.certificates import issue_certificate
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    Course,
    CourseKind,
    Enrolment,
)
from smail_app.certification.settings import valid_until_for
from smail_app.extensions import db
from smail_app.organisations.models import Organisation

# (can_use, helps_daily_work) for the handledare who answer the användare evaluation
EVALUATION_ANSWERS = ((5, 4), (4, 5), (4, 4), (5, 5), (3, 4), (4, 3))


def _course(kind: str, title: str, trainer: User, actor: User, dates: list[date],
            organisation: Organisation | None, assignment_minutes: int,
            hours: tuple[int, int] = (9, 13)) -> Course:
    return courses.create_course(courses.NewCourse(
        kind=kind, title=title, organisation=organisation,
        home_assignment_minutes=assignment_minutes,
        sessions=[courses.NewSession(d, time(hours[0]), time(hours[1])) for d in dates],
        trainers=[trainer]), actor)


def _complete_all(course: Course, people: list[User], trainer: User) -> list[Enrolment]:
    enrolments = [attendees.enrol(course, person, trainer) for person in people]
    for session in course.sessions:
        completion.record_attendance(session, [completion.AttendanceEntry(e, True)
                                             for e in enrolments], trainer)
    if course.has_assignment:
        for enrolment in enrolments:
            completion.set_assignment_status(enrolment, AssignmentStatus.APPROVED, trainer)
    return enrolments


def _certify(enrolments: list[Enrolment], issuer: User, issued_on: date) -> None:
    for enrolment in enrolments:
        certificate: Certificate = issue_certificate(enrolment, issuer)
        certificate.issued_on = issued_on
        certificate.valid_until = valid_until_for(certificate.kind, issued_on)
    db.session.flush()


def certify_demo_staff(domain: str, today: date) -> None:
    def staff(prefix: str) -> User:
        return db.session.scalar(select(User).where(User.email == f"{prefix}@{domain}"))

    admin, ulla, omar = staff("admin"), staff("utbildare.forbund"), staff("utbildare.uppsala")
    handledare = list(db.session.scalars(
        select(User).where(User.email.like(f"%.handledare@{domain}")).order_by(User.id)))
    handledare = [h for h in handledare if h.has_role(Role.HANDLEDARE)]
    uppsala = omar.organisation
    week = timedelta(days=7)

    # The förbund certifies its trainers: Ulla trains Omar, and Omar (once certified) Ulla.
    first = today - timedelta(days=150)
    trainers_a = _course(CourseKind.UTBILDARE, "Utbildarutbildning, våren", ulla, admin,
                         [first, first + week], None, courses.DEFAULT_ASSIGNMENT_MINUTES)
    _certify(_complete_all(trainers_a, [omar], ulla), admin, first + 2 * week)
    second = today - timedelta(days=130)
    trainers_b = _course(CourseKind.UTBILDARE, "Utbildarutbildning för förbundets utbildare",
                         omar, admin, [second, second + week], None,
                         courses.DEFAULT_ASSIGNMENT_MINUTES)
    _certify(_complete_all(trainers_b, [ulla], omar), admin, second + 2 * week)

    # Omar certifies every demo handledare as an användare.
    start = today - timedelta(days=80)
    users_course = _course(CourseKind.ANVANDARE, "Användarutbildning i SMAIL", omar, omar,
                           [start, start + week], uppsala, courses.DEFAULT_ASSIGNMENT_MINUTES)
    enrolments = _complete_all(users_course, handledare, omar)
    _certify(enrolments, omar, start + 2 * week)
    for enrolment, (can_use, helps) in zip(enrolments, EVALUATION_ANSWERS, strict=False):
        evaluations.submit_evaluation(enrolment, enrolment.user,
                                      {"can_use": can_use, "helps_daily_work": helps},
                                      answered_on=start + 2 * week)

    # The horizontal principles, offered to the trainers and half of the handledare.
    principles = _course(CourseKind.HORISONTELLA,
                         "Horisontella principer: jämställdhet, tillgänglighet, "
                         "icke-diskriminering", ulla, admin, [today - timedelta(days=60)],
                         None, 0, hours=(13, 16))
    _complete_all(principles, [omar] + handledare[: len(handledare) // 2], ulla)

    # The next course, not yet held.
    upcoming = today + timedelta(days=21)
    _course(CourseKind.ANVANDARE, "Användarutbildning i SMAIL, nästa omgång", omar, omar,
            [upcoming, upcoming + week], uppsala, courses.DEFAULT_ASSIGNMENT_MINUTES)
    db.session.flush()
