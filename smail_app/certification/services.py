"""The certification rules, in one place: who may run which course, what counts as a
completed course, who may issue which certificate, validity, expiry and revocation, and
the course evaluation survey."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from smail_app import clock
from smail_app.auth import services as auth_services
from smail_app.auth.models import InviteKind, Role, User
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    CertificateKind,
    CertificateState,
    CertificationSetting,
    Course,
    CourseKind,
    CourseSession,
    CourseTrainer,
    Enrolment,
    Evaluation,
    SessionAttendance,
)
from smail_app.extensions import db
from smail_app.organisations.models import Organisation

SCALE = (1, 2, 3, 4, 5)
AGREE_FROM = 4  # "stämmer ganska bra" or "stämmer helt" counts towards the 80% targets
DEFAULT_SESSION_START = time(9, 0)
DEFAULT_SESSION_END = time(13, 0)  # 4 hours
DEFAULT_ASSIGNMENT_MINUTES = 240  # 4 hours
MAX_SESSION_MINUTES = 12 * 60

SETTING_DEFAULTS: dict[str, int | None] = {
    "validity_months_utbildare": None,  # no expiry unless the förbund sets one
    "validity_months_anvandare": None,
    "reminder_days": 60,
    "target_utbildare": 14,
    "target_anvandare": 145,
    "target_can_train_pct": 80,
    "target_can_use_pct": 80,
    "target_helps_pct": 80,
}


class CertificationError(ValueError):
    """A certification rule was broken; the message is shown to the user as it is."""

    def __init__(self, message: object, field: str | None = None,
                 reasons: Sequence[object] = ()) -> None:
        super().__init__(str(message))
        self.field = field
        self.reasons = [str(r) for r in reasons]


def longdate(value: date) -> str:
    return format_date(value, "d MMMM y")


# --- Settings ------------------------------------------------------------------------------


def settings() -> dict[str, int | None]:
    values = dict(SETTING_DEFAULTS)
    for row in db.session.scalars(select(CertificationSetting)):
        if row.key in values:
            values[row.key] = row.value
    return values


def update_settings(values: dict[str, int | None], actor: User) -> None:
    for key, value in values.items():
        if key not in SETTING_DEFAULTS:
            raise CertificationError(_l("Okänd inställning."))
        if value is not None and value < 0:
            raise CertificationError(_l("Värdet kan inte vara negativt."), key)
        if key.endswith("_pct") and value is not None and value > 100:
            raise CertificationError(_l("En andel kan vara högst 100 procent."), key)
        if not key.startswith("validity_") and value is None:
            raise CertificationError(_l("Skriv ett värde."), key)
    existing = {row.key: row for row in db.session.scalars(select(CertificationSetting))}
    for key, value in values.items():
        row = existing.get(key)
        if row is None:
            db.session.add(CertificationSetting(key=key, value=value, updated_dt=clock.now(),
                                                updated_by_id=actor.id))
        elif row.value != value:
            row.value = value
            row.updated_dt = clock.now()
            row.updated_by_id = actor.id
    db.session.flush()


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(kind: CertificateKind | str, issued_on: date) -> date | None:
    """The last day a certificate issued on ``issued_on`` is valid, or None (no expiry)."""
    months = settings()[f"validity_months_{kind}"]
    if not months:
        return None
    return add_months(issued_on, months) - timedelta(days=1)


# --- Who sees and runs courses ---------------------------------------------------------------


def is_trainer(user: User, course: Course) -> bool:
    return any(row.user_id == user.id for row in course.trainer_rows)


def can_manage_course(user: User, course: Course) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.UTBILDARE) and (
        is_trainer(user, course) or course.created_by_id == user.id)


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
        raise CertificationError(_l("Sluttiden måste vara efter starttiden."),
                                 f"{field_prefix}end_time")
    minutes = (new.end_time.hour * 60 + new.end_time.minute) - (
        new.start_time.hour * 60 + new.start_time.minute)
    if minutes > MAX_SESSION_MINUTES:
        raise CertificationError(_l("Ett tillfälle kan vara högst 12 timmar."),
                                 f"{field_prefix}end_time")


def _check_trainer(user: User, course_kind: str) -> None:
    if not user.is_staff or not user.is_active:
        raise CertificationError(_l("Utbildaren måste ha ett aktivt personalkonto."), "trainer")
    if not user.has_role(Role.UTBILDARE):
        raise CertificationError(
            _l("%(name)s har inte rollen utbildare.", name=user.display_name), "trainer")


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise CertificationError(_l("Skriv kursens namn."), "title")
    return title


def _check_assignment_minutes(minutes: int) -> None:
    if not 0 <= minutes <= 40 * 60:
        raise CertificationError(_l("Hemuppgiften kan vara 0–40 timmar."), "assignment_hours")


def create_course(new: NewCourse, actor: User) -> Course:
    if new.kind not in {str(k) for k in kinds_creatable_by(actor)}:
        if new.kind == CourseKind.UTBILDARE:
            raise CertificationError(
                _l("Bara förbundets administratör kan skapa en utbildarutbildning."), "kind")
        raise CertificationError(_l("Välj en kurstyp."), "kind")
    title = _checked_title(new.title)
    _check_assignment_minutes(new.home_assignment_minutes)
    if not new.sessions:
        raise CertificationError(_l("Lägg till minst ett tillfälle."), "session1_date")
    for index, session in enumerate(new.sessions, start=1):
        _check_session(session, f"session{index}_")
    trainers = list(dict.fromkeys(new.trainers))
    if not trainers and actor.has_role(Role.UTBILDARE):
        trainers = [actor]
    if not trainers:
        raise CertificationError(_l("Välj en utbildare för kursen."), "trainer")
    for trainer in trainers:
        _check_trainer(trainer, new.kind)
    course = Course(kind=new.kind, title=title,
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


def _has_live_certificates(course: Course) -> bool:
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
            and _has_live_certificates(course)):
        raise CertificationError(
            _l("Deltagare är redan certifierade från kursen. Hemuppgiftens timmar kan inte "
               "ändras."), "assignment_hours")
    course.title = title
    course.organisation_id = details.organisation.id if details.organisation else None
    course.home_assignment_minutes = details.home_assignment_minutes
    course.description = details.description.strip()
    db.session.flush()


def add_session(course: Course, new: NewSession) -> CourseSession:
    _check_session(new)
    if _has_live_certificates(course):
        raise CertificationError(
            _l("Deltagare är redan certifierade från kursen. Tillfällen kan inte ändras."),
            "session_date")
    session = CourseSession(course_id=course.id, session_date=new.session_date,
                            start_time=new.start_time, end_time=new.end_time)
    course.sessions.append(session)
    db.session.flush()
    return session


def remove_session(course: Course, session: CourseSession) -> None:
    if session.attendance:
        raise CertificationError(
            _l("Närvaro är registrerad för tillfället. Det kan inte tas bort."))
    if _has_live_certificates(course):
        raise CertificationError(
            _l("Deltagare är redan certifierade från kursen. Tillfällen kan inte ändras."))
    course.sessions.remove(session)
    db.session.flush()


def add_trainer(course: Course, user: User) -> None:
    _check_trainer(user, course.kind)
    if is_trainer(user, course):
        raise CertificationError(_l("%(name)s är redan utbildare på kursen.",
                                    name=user.display_name), "trainer")
    if enrolment_for(course, user) is not None:
        raise CertificationError(_l("%(name)s är deltagare på kursen och kan inte också vara "
                                    "utbildare.", name=user.display_name), "trainer")
    course.trainer_rows.append(CourseTrainer(user_id=user.id))
    db.session.flush()


def remove_trainer(course: Course, user: User) -> None:
    row = next((r for r in course.trainer_rows if r.user_id == user.id), None)
    if row is None:
        return
    if len(course.trainer_rows) == 1:
        raise CertificationError(_l("En kurs måste ha minst en utbildare."))
    course.trainer_rows.remove(row)
    db.session.flush()


# --- Enrolment -------------------------------------------------------------------------------


def enrolment_for(course: Course, user: User) -> Enrolment | None:
    return next((e for e in course.enrolments
                 if e.user_id == user.id
                 or (e.user_id is None and e.invited_email and e.invited_email == user.email)),
                None)


def enrol(course: Course, user: User, actor: User) -> Enrolment:
    if not user.is_staff or not user.is_active:
        raise CertificationError(_l("Bara personal med ett aktivt konto kan gå en kurs."), "user")
    if is_trainer(user, course):
        raise CertificationError(_l("%(name)s är utbildare på kursen och kan inte också vara "
                                    "deltagare.", name=user.display_name), "user")
    if enrolment_for(course, user) is not None:
        raise CertificationError(_l("%(name)s är redan anmäld till kursen.",
                                    name=user.display_name), "user")
    enrolment = Enrolment(user_id=user.id, enrolled_by_id=actor.id, enrolled_dt=clock.now())
    course.enrolments.append(enrolment)
    db.session.flush()
    return enrolment


def _roles_for_invite(course: Course) -> list[str]:
    if course.kind == CourseKind.UTBILDARE:
        return [str(Role.UTBILDARE)]
    if course.kind == CourseKind.ANVANDARE:
        return [str(Role.HANDLEDARE)]
    return []


def invite_and_enrol(course: Course, email: str, name: str,
                     actor: User) -> tuple[Enrolment, auth_services.IssuedInvite | None]:
    """Enrol the account with this e-mail, or invite a new person and enrol the invitation.
    Returns the invite (its token is shown once) when one was made."""
    email = auth_services.normalise_email(email)
    existing = auth_services.find_by_login(email) if "@" in email else None
    if existing is not None:
        return enrol(course, existing, actor), None
    if any(e.user_id is None and e.invited_email == email for e in course.enrolments):
        raise CertificationError(_l("Personen är redan inbjuden till kursen."), "email")
    name = name.strip()
    if not name:
        raise CertificationError(_l("Skriv personens namn."), "name")
    issued = auth_services.issue_invite(InviteKind.STAFF, created_by=actor, email=email,
                                        roles=_roles_for_invite(course),
                                        organisation_id=course.organisation_id)
    enrolment = Enrolment(invited_email=email, invited_name=name, invite_id=issued.invite.id,
                          enrolled_by_id=actor.id, enrolled_dt=clock.now())
    course.enrolments.append(enrolment)
    db.session.flush()
    return enrolment, issued


def account_for_invitation(enrolment: Enrolment) -> User | None:
    """The account made from an invitation that is not linked to the enrolment yet (linking
    happens on the next change to the course, never on a page view)."""
    if enrolment.user_id is not None or not enrolment.invited_email:
        return None
    return db.session.scalar(select(User).where(User.email == enrolment.invited_email))


def link_pending_enrolments(course: Course) -> None:
    """Connect invitations to the accounts made from them."""
    pending = {e.invited_email: e for e in course.enrolments
               if e.user_id is None and e.invited_email}
    if not pending:
        return
    for user in db.session.scalars(select(User).where(User.email.in_(list(pending)))):
        enrolment = pending[user.email]
        if not any(e.user_id == user.id for e in course.enrolments):
            enrolment.user_id = user.id
            enrolment.user = user
    db.session.flush()


def remove_enrolment(course: Course, enrolment: Enrolment) -> None:
    if enrolment.user_id is not None and db.session.scalar(select(Certificate.id).where(
            Certificate.course_id == course.id, Certificate.holder_id == enrolment.user_id)):
        raise CertificationError(
            _l("%(name)s har fått ett certifikat från kursen och kan inte tas bort.",
               name=enrolment.name))
    if any(a.is_present for a in enrolment.attendance):
        raise CertificationError(
            _l("%(name)s har registrerad närvaro och kan inte tas bort.", name=enrolment.name))
    course.enrolments.remove(enrolment)
    db.session.flush()


# --- Attendance and home assignment ---------------------------------------------------------


@dataclass
class AttendanceEntry:
    enrolment: Enrolment
    is_present: bool
    minutes: int | None = None


def _certified_from(enrolment: Enrolment) -> Certificate | None:
    if enrolment.user_id is None:
        return None
    return db.session.scalar(select(Certificate).where(
        Certificate.course_id == enrolment.course_id,
        Certificate.holder_id == enrolment.user_id, Certificate.revoked_on.is_(None)))


def record_attendance(session: CourseSession, entries: Iterable[AttendanceEntry],
                      actor: User) -> None:
    if session.session_date > clock.today():
        raise CertificationError(
            _l("Tillfället har inte ägt rum än. Närvaro registreras samma dag eller efteråt."))
    for entry in entries:
        enrolment = entry.enrolment
        if enrolment.course_id != session.course_id:
            raise CertificationError(_l("Personen går inte den här kursen."))
        field_name = f"minutes_{enrolment.public_id}"
        if entry.is_present:
            minutes = session.minutes if entry.minutes is None else entry.minutes
            if not 1 <= minutes <= session.minutes:
                raise CertificationError(
                    _l("Skriv 1–%(max)s minuter för %(name)s.", max=session.minutes,
                       name=enrolment.name), field_name)
        else:
            if entry.minutes not in (None, 0):
                raise CertificationError(
                    _l("%(name)s är frånvarande och kan inte ha närvarominuter.",
                       name=enrolment.name), field_name)
            minutes = 0
        row = enrolment.attendance_for(session)
        if row is not None and row.is_present == entry.is_present \
                and row.minutes_attended == minutes:
            continue
        if _certified_from(enrolment) is not None:
            raise CertificationError(
                _l("%(name)s är redan certifierad från kursen. Närvaron kan inte ändras.",
                   name=enrolment.name), f"present_{enrolment.public_id}")
        if row is None:
            row = SessionAttendance(session_id=session.id, is_present=entry.is_present,
                                    minutes_attended=minutes, recorded_by_id=actor.id,
                                    recorded_dt=clock.now())
            enrolment.attendance.append(row)
        else:
            row.is_present = entry.is_present
            row.minutes_attended = minutes
            row.recorded_by_id = actor.id
            row.recorded_dt = clock.now()
    db.session.flush()


def set_assignment_status(enrolment: Enrolment, status: AssignmentStatus | str,
                          actor: User) -> None:
    status = AssignmentStatus(status)
    if not enrolment.course.has_assignment:
        raise CertificationError(_l("Kursen har ingen hemuppgift."))
    if status == enrolment.assignment_status:
        return
    if status != AssignmentStatus.APPROVED and _certified_from(enrolment) is not None:
        raise CertificationError(
            _l("%(name)s är redan certifierad från kursen. Hemuppgiften kan inte ändras.",
               name=enrolment.name), f"assignment_{enrolment.public_id}")
    now = clock.now()
    if status == AssignmentStatus.NOT_SUBMITTED:
        enrolment.assignment_submitted_dt = None
        enrolment.assignment_approved_dt = None
        enrolment.assignment_approved_by_id = None
    elif status == AssignmentStatus.SUBMITTED:
        enrolment.assignment_submitted_dt = enrolment.assignment_submitted_dt or now
        enrolment.assignment_approved_dt = None
        enrolment.assignment_approved_by_id = None
    else:
        enrolment.assignment_submitted_dt = enrolment.assignment_submitted_dt or now
        enrolment.assignment_approved_dt = now
        enrolment.assignment_approved_by_id = actor.id
    db.session.flush()


def completion_gaps(enrolment: Enrolment) -> list[str]:
    """What is missing before the person has completed the course (empty when complete)."""
    course = enrolment.course
    gaps: list[str] = []
    if enrolment.user_id is None and account_for_invitation(enrolment) is None:
        gaps.append(str(_l("personen har inte skapat sitt konto från inbjudan än")))
    if not course.sessions:
        gaps.append(str(_l("kursen har inga tillfällen")))
    for number, session in enumerate(course.sessions, start=1):
        row = enrolment.attendance_for(session)
        when = longdate(session.session_date)
        if row is None:
            gaps.append(str(_l("närvaro vid tillfälle %(n)s (%(date)s) är inte registrerad",
                               n=number, date=when)))
        elif not row.is_present:
            gaps.append(str(_l("frånvarande vid tillfälle %(n)s (%(date)s)",
                               n=number, date=when)))
    if course.has_assignment:
        status = enrolment.assignment_status
        if status == AssignmentStatus.NOT_SUBMITTED:
            gaps.append(str(_l("hemuppgiften är inte inlämnad")))
        elif status == AssignmentStatus.SUBMITTED:
            gaps.append(str(_l("hemuppgiften är inlämnad men inte godkänd")))
    return gaps


def has_completed(enrolment: Enrolment) -> bool:
    return not completion_gaps(enrolment)


# --- Certificates ----------------------------------------------------------------------------


def certificates_of(user: User | int,
                    kind: CertificateKind | str | None = None) -> list[Certificate]:
    user_id = user if isinstance(user, int) else user.id
    query = select(Certificate).where(Certificate.holder_id == user_id)
    if kind is not None:
        query = query.where(Certificate.kind == str(kind))
    return list(db.session.scalars(query.order_by(Certificate.issued_on.desc(),
                                                  Certificate.id.desc())))


@dataclass(frozen=True)
class Standing:
    """Where a person stands with one kind of certificate on one day."""

    state: CertificateState | None  # None: never certified
    certificate: Certificate | None

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.VALID


def _standing_from(certificates: Sequence[Certificate], on: date) -> Standing:
    valid = [c for c in certificates if c.is_valid_on(on)]
    if valid:  # the one that lasts longest
        best = max(valid, key=lambda c: (c.valid_until is None, c.valid_until or date.min))
        return Standing(CertificateState.VALID, best)
    started = [c for c in certificates if c.issued_on <= on]
    if not started:
        return Standing(None, None)
    latest = max(started, key=lambda c: (c.issued_on, c.id))
    return Standing(latest.state_on(on), latest)


def standing(user: User, kind: CertificateKind | str, on: date) -> Standing:
    return _standing_from(certificates_of(user, kind), on)


def standings(user_ids: Iterable[int], kind: CertificateKind | str,
              on: date) -> dict[int, Standing]:
    """Standing of many people at once (one query), e.g. a whole team."""
    ids = list(set(user_ids))
    by_user: dict[int, list[Certificate]] = {i: [] for i in ids}
    if ids:
        for cert in db.session.scalars(select(Certificate).where(
                Certificate.holder_id.in_(ids), Certificate.kind == str(kind))):
            by_user[cert.holder_id].append(cert)
    return {i: _standing_from(certs, on) for i, certs in by_user.items()}


def valid_certificate(user: User, kind: CertificateKind | str, on: date) -> Certificate | None:
    found = standing(user, kind, on)
    return found.certificate if found.is_valid else None


def handledare_refusal(user: User, on: date) -> str | None:
    found = standing(user, CertificateKind.ANVANDARE, on)
    if found.is_valid:
        return None
    name = user.display_name or user.login_name
    rule = _l("Bara den som har ett giltigt användarcertifikat kan vara handledare eller "
              "skatta tillsammans med deltagare.")
    cert = found.certificate
    if found.state == CertificateState.EXPIRED and cert is not None and cert.valid_until:
        reason = _l("Användarcertifikatet för %(name)s gällde till och med %(date)s.",
                    name=name, date=longdate(cert.valid_until))
    elif found.state == CertificateState.REVOKED and cert is not None and cert.revoked_on:
        reason = _l("Användarcertifikatet för %(name)s återkallades %(date)s.",
                    name=name, date=longdate(cert.revoked_on))
    else:
        reason = _l("%(name)s har inget användarcertifikat.", name=name)
    return f"{reason} {rule}"


def issuer_refusal(issuer: User, course: Course, on: date) -> str | None:
    kind = course.gives_certificate
    if kind == CertificateKind.UTBILDARE:
        if not issuer.has_role(Role.ADMIN):
            return str(_l("Bara förbundets administratör kan utfärda utbildarcertifikat."))
        return None
    if not is_trainer(issuer, course):
        return str(_l("Bara kursens utbildare kan utfärda användarcertifikat för kursen."))
    found = standing(issuer, CertificateKind.UTBILDARE, on)
    if found.is_valid:
        return None
    cert = found.certificate
    when = longdate(on)
    if found.state == CertificateState.EXPIRED and cert is not None and cert.valid_until:
        return str(_l("Du kan inte utfärda användarcertifikat: ditt utbildarcertifikat gällde "
                      "till och med %(date)s.", date=longdate(cert.valid_until)))
    if found.state == CertificateState.REVOKED and cert is not None and cert.revoked_on:
        return str(_l("Du kan inte utfärda användarcertifikat: ditt utbildarcertifikat "
                      "återkallades %(date)s.", date=longdate(cert.revoked_on)))
    return str(_l("Du kan inte utfärda användarcertifikat: du har inget giltigt "
                  "utbildarcertifikat %(date)s.", date=when))


def issue_certificate(enrolment: Enrolment, issuer: User) -> Certificate:
    """Certify an attendee who has completed the course. Every refusal says why."""
    course = enrolment.course
    on = clock.today()
    kind = course.gives_certificate
    if kind is None:
        raise CertificationError(
            _l("Utbildningen i horisontella principer ger inget certifikat."))
    refusal = issuer_refusal(issuer, course, on)
    if refusal is not None:
        raise CertificationError(refusal)
    link_pending_enrolments(course)
    holder = enrolment.user
    if holder is not None and holder.id == issuer.id:
        raise CertificationError(_l("Du kan inte certifiera dig själv."))
    gaps = completion_gaps(enrolment)
    if gaps:
        raise CertificationError(
            _l("%(name)s kan inte certifieras än: %(gaps)s.", name=enrolment.name,
               gaps="; ".join(gaps)), reasons=gaps)
    assert holder is not None  # no gaps means the account exists
    current = valid_certificate(holder, kind, on)
    if current is not None:
        raise CertificationError(_l("%(name)s har redan ett giltigt certifikat av det här "
                                    "slaget, utfärdat %(date)s.", name=enrolment.name,
                                    date=longdate(current.issued_on)))
    certificate = Certificate(kind=str(kind), holder_id=holder.id, course_id=course.id,
                              issued_by_id=issuer.id, issued_on=on,
                              valid_until=valid_until_for(kind, on), created_dt=clock.now())
    db.session.add(certificate)
    db.session.flush()
    return certificate


REVOKE_REASON_MAX = 500


def revoke_certificate(certificate: Certificate, actor: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise CertificationError(_l("Skriv varför certifikatet återkallas."), "reason")
    if len(reason) > REVOKE_REASON_MAX:
        raise CertificationError(_l("Skälet får ha högst 500 tecken."), "reason")
    if certificate.revoked_on is not None:
        raise CertificationError(_l("Certifikatet är redan återkallat."), "reason")
    if not may_revoke(actor, certificate):
        raise CertificationError(_l("Du kan inte återkalla det här certifikatet."), "reason")
    certificate.revoked_on = clock.today()
    certificate.revoked_dt = clock.now()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason
    db.session.flush()


def expiring_soon(certificates: Iterable[Certificate], on: date) -> list[Certificate]:
    """Valid certificates whose last day falls within the reminder period."""
    days = settings()["reminder_days"] or 0
    horizon = on + timedelta(days=days)
    return [c for c in certificates
            if c.is_valid_on(on) and c.valid_until is not None and c.valid_until <= horizon]


# --- The registry: who sees which certificates -----------------------------------------------


def _utbildare_scope(user: User):  # noqa: ANN202 - a SQL condition
    conditions = [Certificate.issued_by_id == user.id]
    if user.organisation_id is not None:
        in_org = select(User.id).where(User.organisation_id == user.organisation_id)
        conditions.append(Certificate.holder_id.in_(in_org))
    return or_(*conditions)


def registry_query(user: User, kind: str | None = None) -> Select[tuple[Certificate]] | None:
    """The registry the user may see, in its order (the page and the API); None for nobody."""
    query = select(Certificate).join(User, Certificate.holder_id == User.id)
    if not user.has_role(Role.ADMIN):
        if not user.has_role(Role.UTBILDARE):
            return None
        query = query.where(_utbildare_scope(user))
    if kind:
        query = query.where(Certificate.kind == kind)
    return query.order_by(User.display_name, Certificate.issued_on.desc(), Certificate.id.desc())


def registry_certificates(user: User, kind: str | None = None) -> list[Certificate]:
    query = registry_query(user, kind)
    return [] if query is None else list(db.session.scalars(query))


def _in_utbildare_scope(user: User, certificate: Certificate) -> bool:
    if not user.has_role(Role.UTBILDARE):
        return False
    if certificate.issued_by_id == user.id:
        return True
    return user.organisation_id is not None and \
        certificate.holder.organisation_id == user.organisation_id


def certificate_visible_to(user: User, certificate: Certificate) -> bool:
    return (user.has_role(Role.ADMIN) or certificate.holder_id == user.id
            or _in_utbildare_scope(user, certificate))


def may_revoke(user: User, certificate: Certificate) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    return certificate.kind == CertificateKind.ANVANDARE and \
        _in_utbildare_scope(user, certificate)


def find_colleagues(query: str, limit: int = 25) -> list[User]:
    """Staff whose name contains, or whose e-mail is, ``query``. Compared in Python with
    full Unicode case folding: SQLite's lower() leaves å, ä and ö alone."""
    wanted = query.strip().casefold()
    if len(wanted) < 2:
        return []
    rows = db.session.execute(select(User.id, User.display_name, User.email).where(
        User.email.is_not(None), User.is_active_account.is_(True))
        .order_by(User.display_name, User.id)).all()
    ids = [row.id for row in rows
           if wanted in (row.display_name or "").casefold() or wanted == row.email.casefold()]
    ids = ids[:limit]
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [found[i] for i in ids]


# --- Attendee's view and the evaluation survey ------------------------------------------------


def enrolments_of(user: User) -> list[Enrolment]:
    """The courses a person attends, including invitations made to their e-mail."""
    condition = Enrolment.user_id == user.id
    if user.email:
        condition = or_(condition, (Enrolment.user_id.is_(None)
                                    & (Enrolment.invited_email == user.email)))
    return list(db.session.scalars(select(Enrolment).where(condition)
                                   .order_by(Enrolment.enrolled_dt.desc())))


def evaluation_refusal(enrolment: Enrolment, on: date) -> str | None:
    course = enrolment.course
    if enrolment.evaluation_submitted_dt is not None:
        return str(_l("Du har redan svarat på utvärderingen. Tack!"))
    if course.last_date is None or on < course.last_date:
        return str(_l("Utvärderingen öppnar efter kursens sista tillfälle."))
    if not any(a.is_present for a in enrolment.attendance):
        return str(_l("Utvärderingen är till för dem som deltog i kursen."))
    return None


def questions_for(course: Course) -> list[str]:
    """Which scale questions the course's survey asks (field names)."""
    if course.kind == CourseKind.UTBILDARE:
        return ["can_train", "helps_daily_work"]
    if course.kind == CourseKind.ANVANDARE:
        return ["can_use", "helps_daily_work"]
    return ["helps_daily_work"]


def submit_evaluation(enrolment: Enrolment, user: User, answers: dict[str, int | None],
                      comment: str = "") -> None:
    link_pending_enrolments(enrolment.course)
    if enrolment.user_id != user.id:
        raise CertificationError(_l("Utvärderingen gäller någon annan."))
    refusal = evaluation_refusal(enrolment, clock.today())
    if refusal is not None:
        raise CertificationError(refusal)
    wanted = questions_for(enrolment.course)
    for name in wanted:
        if answers.get(name) not in SCALE:
            raise CertificationError(_l("Välj ett av svaren 1 till 5."), name)
    comment = comment.strip()
    if len(comment) > 2000:
        raise CertificationError(_l("Skriv högst 2000 tecken."), "comment")
    db.session.add(Evaluation(
        course_id=enrolment.course_id,
        can_train=answers.get("can_train") if "can_train" in wanted else None,
        can_use=answers.get("can_use") if "can_use" in wanted else None,
        helps_daily_work=answers["helps_daily_work"] or 0, comment=comment))
    enrolment.evaluation_submitted_dt = clock.now()
    db.session.flush()


@dataclass(frozen=True)
class Share:
    """How many of those who answered a question agreed (4 or 5 on the scale). Hidden
    (``suppressed``) when so few answered that a person's answer could be recognised."""

    agree: int
    total: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.total:
            return None
        return round(100 * self.agree / self.total)

    def meets(self, target_percent: int | None) -> bool | None:
        if self.percent is None or target_percent is None:
            return None
        return self.percent >= target_percent


@dataclass(frozen=True)
class EvaluationSummary:
    respondents: int
    can_train: Share
    can_use: Share
    helps: Share
    comments: list[str]

    @property
    def suppressed(self) -> bool:
        return 0 < self.respondents < min_group_size()


def min_group_size() -> int:
    return int(current_app.config.get("SMAIL_MIN_GROUP_SIZE", 5))


def evaluation_summary(course_ids: Iterable[int] | None = None,
                       kinds: Iterable[str] | None = None) -> EvaluationSummary:
    query = select(Evaluation)
    if course_ids is not None:
        query = query.where(Evaluation.course_id.in_(list(course_ids)))
    if kinds is not None:
        query = query.join(Course).where(Course.kind.in_(list(kinds)))
    rows = list(db.session.scalars(query.order_by(Evaluation.id)))
    smallest = min_group_size()

    def share(values: list[int | None]) -> Share:
        answered = [v for v in values if v is not None]
        if 0 < len(answered) < smallest:
            return Share(0, len(answered), suppressed=True)
        return Share(sum(1 for v in answered if v >= AGREE_FROM), len(answered))

    comments = [r.comment for r in rows if r.comment] if len(rows) >= smallest else []
    return EvaluationSummary(
        respondents=len(rows), can_train=share([r.can_train for r in rows]),
        can_use=share([r.can_use for r in rows]),
        helps=share([r.helps_daily_work for r in rows]), comments=comments)
