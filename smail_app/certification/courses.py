"""Courses: who may create and run which kind, their sessions and their trainers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import or_, select

from smail_app import clock
from smail_app.auth.models import Role, User, UserRole
from smail_app.certification.models import (
    Certificate,
    Course,
    CourseKind,
    CourseSession,
    CourseTrainer,
)
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Organisation

DEFAULT_SESSION_START = time(9, 0)
DEFAULT_SESSION_END = time(13, 0)  # 4 hours
DEFAULT_ASSIGNMENT_MINUTES = 240  # 4 hours
MAX_SESSION_MINUTES = 12 * 60
MAX_ASSIGNMENT_MINUTES = 40 * 60


# --- Who sees and runs courses ---------------------------------------------------------------


def can_manage_course(user: User, course: Course) -> bool:
    """The admin runs every course; an utbildare the courses they train on or created."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.UTBILDARE) and (
        course.is_trainer(user) or course.created_by_id == user.id)


def courses_for(user: User) -> list[Course]:
    query = select(Course).order_by(Course.created_dt.desc(), Course.id.desc())
    if not user.has_role(Role.ADMIN):
        if not user.has_role(Role.UTBILDARE):
            return []
        trainer_of = select(CourseTrainer.course_id).where(CourseTrainer.user_id == user.id)
        query = query.where(or_(Course.id.in_(trainer_of), Course.created_by_id == user.id))
    return list(db.session.scalars(query))


def kinds_creatable_by(user: User) -> list[CourseKind]:
    kinds: list[CourseKind] = []
    if user.has_role(Role.ADMIN):
        kinds.append(CourseKind.UTBILDARE)
    if user.has_role(Role.ADMIN) or user.has_role(Role.UTBILDARE):
        kinds += [CourseKind.ANVANDARE, CourseKind.HORISONTELLA]
    return kinds


def certified_holders(courses: list[Course]) -> dict[int, set[int]]:
    """For each course, the people who were certified from it (revoked ones included)."""
    certified: dict[int, set[int]] = {}
    if courses:
        for course_id, holder_id in db.session.execute(select(
                Certificate.course_id, Certificate.holder_id).where(
                Certificate.course_id.in_([c.id for c in courses]))):
            certified.setdefault(course_id, set()).add(holder_id)
    return certified


def active_utbildare(exclude: set[int] = frozenset()) -> list[User]:
    """Who can be chosen as a course's trainer."""
    users = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.UTBILDARE, User.is_active_account.is_(True))
        .order_by(User.display_name)).all()
    return [u for u in users if u.id not in exclude]


# --- Courses ---------------------------------------------------------------------------------


@dataclass
class NewSession:
    session_date: date
    start_time: time
    end_time: time


@dataclass
class NewCourse:
    kind: str
    title: str
    organisation: Organisation | None
    home_assignment_minutes: int
    sessions: list[NewSession]
    trainers: list[User] = field(default_factory=list)
    description: str = ""


def _check_session(new: NewSession, field_prefix: str = "") -> None:
    if new.end_time <= new.start_time:
        raise Refused(_("Sluttiden måste vara efter starttiden."), f"{field_prefix}end_time")
    minutes = (new.end_time.hour * 60 + new.end_time.minute) - (
        new.start_time.hour * 60 + new.start_time.minute)
    if minutes > MAX_SESSION_MINUTES:
        raise Refused(_("Ett tillfälle kan vara högst 12 timmar."), f"{field_prefix}end_time")


def check_trainer(user: User) -> None:
    if not user.is_staff or not user.is_active:
        raise Refused(_("Utbildaren måste ha ett aktivt personalkonto."), "trainer")
    if not user.has_role(Role.UTBILDARE):
        raise Refused(_("%(name)s har inte rollen utbildare.", name=user.display_name),
                      "trainer")


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise Refused(_("Skriv kursens namn."), "title")
    return title


def _check_assignment_minutes(minutes: int) -> None:
    if not 0 <= minutes <= MAX_ASSIGNMENT_MINUTES:
        raise Refused(_("Hemuppgiften kan vara 0–40 timmar."), "assignment_hours")


def _checked_kind(kind: str, actor: User) -> CourseKind:
    if kind not in {str(k) for k in kinds_creatable_by(actor)}:
        if kind == CourseKind.UTBILDARE:
            raise Refused(_("Bara förbundets administratör kan skapa en utbildarutbildning."),
                          "kind")
        raise Refused(_("Välj en kurstyp."), "kind")
    return CourseKind(kind)


def _checked_trainers(new: NewCourse, actor: User) -> list[User]:
    trainers = list(dict.fromkeys(new.trainers))
    if not trainers and actor.has_role(Role.UTBILDARE):
        trainers = [actor]
    if not trainers:
        raise Refused(_("Välj en utbildare för kursen."), "trainer")
    for trainer in trainers:
        check_trainer(trainer)
    return trainers


def create_course(new: NewCourse, actor: User) -> Course:
    kind = _checked_kind(new.kind, actor)
    title = _checked_title(new.title)
    _check_assignment_minutes(new.home_assignment_minutes)
    if not new.sessions:
        raise Refused(_("Lägg till minst ett tillfälle."), "session1_date")
    for index, session in enumerate(new.sessions, start=1):
        _check_session(session, f"session{index}_")
    trainers = _checked_trainers(new, actor)
    course = Course(kind=kind, title=title,
                    organisation_id=new.organisation.id if new.organisation else None,
                    home_assignment_minutes=new.home_assignment_minutes,
                    description=new.description.strip(), created_by_id=actor.id,
                    created_dt=clock.now())
    course.sessions = [CourseSession(session_date=s.session_date, start_time=s.start_time,
                                     end_time=s.end_time) for s in new.sessions]
    course.trainer_rows = [CourseTrainer(user_id=t.id) for t in trainers]
    db.session.add(course)
    db.session.flush()
    return course


def has_live_certificates(course: Course) -> bool:
    return db.session.scalar(select(Certificate.id).where(
        Certificate.course_id == course.id, Certificate.revoked_on.is_(None)).limit(1)) is not None


@dataclass(frozen=True)
class CourseDetails:
    """What can change about a course after it was created; its kind cannot."""

    title: str
    organisation: Organisation | None
    home_assignment_minutes: int
    description: str = ""


def update_course(course: Course, details: CourseDetails) -> None:
    title = _checked_title(details.title)
    _check_assignment_minutes(details.home_assignment_minutes)
    # Certificates were issued on the hours the course had; the attendance report must not
    # change under them afterwards.
    if (details.home_assignment_minutes != course.home_assignment_minutes
            and has_live_certificates(course)):
        raise Refused(_("Deltagare är redan certifierade från kursen. Hemuppgiftens timmar "
                        "kan inte ändras."), "assignment_hours")
    course.title = title
    course.organisation_id = details.organisation.id if details.organisation else None
    course.home_assignment_minutes = details.home_assignment_minutes
    course.description = details.description.strip()
    db.session.flush()


def _check_sessions_may_change(course: Course, field_name: str | None = None) -> None:
    if has_live_certificates(course):
        raise Refused(_("Deltagare är redan certifierade från kursen. Tillfällen kan inte "
                        "ändras."), field_name)


def add_session(course: Course, new: NewSession) -> CourseSession:
    _check_session(new)
    _check_sessions_may_change(course, "session_date")
    session = CourseSession(course_id=course.id, session_date=new.session_date,
                            start_time=new.start_time, end_time=new.end_time)
    course.sessions.append(session)
    db.session.flush()
    return session


def remove_session(course: Course, session: CourseSession) -> None:
    if session.attendance:
        raise Refused(_("Närvaro är registrerad för tillfället. Det kan inte tas bort."))
    _check_sessions_may_change(course)
    course.sessions.remove(session)
    db.session.flush()


def add_trainer(course: Course, user: User | None) -> None:
    if user is None:  # chosen from the list, then removed meanwhile
        raise Refused(_("Välj en person."), "trainer")
    check_trainer(user)
    if course.is_trainer(user):
        raise Refused(_("%(name)s är redan utbildare på kursen.", name=user.display_name),
                      "trainer")
    if course.enrolment_of(user) is not None:
        raise Refused(_("%(name)s är deltagare på kursen och kan inte också vara utbildare.",
                        name=user.display_name), "trainer")
    course.trainer_rows.append(CourseTrainer(user_id=user.id))
    db.session.flush()


def remove_trainer(course: Course, user: User) -> None:
    row = next((r for r in course.trainer_rows if r.user_id == user.id), None)
    if row is None:
        return
    if len(course.trainer_rows) == 1:
        raise Refused(_("En kurs måste ha minst en utbildare."))
    course.trainer_rows.remove(row)
    db.session.flush()
