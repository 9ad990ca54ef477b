"""What counts as a completed course: attendance at every session (at least
``SMAIL_ATTENDANCE_MIN_PERCENT`` of its minutes) and, where the course has one, an approved
home assignment."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from smail_app import clock
from smail_app.auth.models import User
from smail_app.certification.attendees import account_for_invitation, certified_from, has_account
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    Course,
    CourseSession,
    Enrolment,
    SessionAttendance,
)
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.i18n import longdate

# --- Attendance ------------------------------------------------------------------------------


def minutes_needed(session: CourseSession) -> int:
    """A session counts as attended from this many minutes (``SMAIL_ATTENDANCE_MIN_PERCENT``
    of its length): half a session is not the session."""
    percent = int(current_app.config.get("SMAIL_ATTENDANCE_MIN_PERCENT", 80))
    return max(1, math.ceil(session.minutes * percent / 100))


def counts_as_attended(row: SessionAttendance | None, session: CourseSession) -> bool:
    return row is not None and row.is_present and row.minutes_attended >= minutes_needed(
        session)


@dataclass
class AttendanceEntry:
    enrolment: Enrolment
    is_present: bool
    minutes: int | None = None


def _checked_minutes(session: CourseSession, entry: AttendanceEntry) -> int:
    enrolment = entry.enrolment
    field_name = f"minutes_{enrolment.public_id}"
    if entry.is_present:
        minutes = session.minutes if entry.minutes is None else entry.minutes
        if not 1 <= minutes <= session.minutes:
            raise Refused(_("Skriv 1–%(max)s minuter för %(name)s.", max=session.minutes,
                            name=enrolment.name), field_name)
        return minutes
    if entry.minutes not in (None, 0):
        raise Refused(_("%(name)s är frånvarande och kan inte ha närvarominuter.",
                        name=enrolment.name), field_name)
    return 0


def _record_one(session: CourseSession, entry: AttendanceEntry, actor: User) -> None:
    enrolment = entry.enrolment
    if enrolment.course_id != session.course_id:
        raise Refused(_("Personen går inte den här kursen."))
    minutes = _checked_minutes(session, entry)
    row = enrolment.attendance_for(session)
    if row is not None and row.is_present == entry.is_present \
            and row.minutes_attended == minutes:
        return
    if certified_from(enrolment) is not None:
        raise Refused(_("%(name)s är redan certifierad från kursen. Närvaron kan inte ändras.",
                        name=enrolment.name), f"present_{enrolment.public_id}")
    if row is None:
        row = SessionAttendance(session_id=session.id)
        enrolment.attendance.append(row)
    row.is_present = entry.is_present
    row.minutes_attended = minutes
    row.recorded_by_id = actor.id
    row.recorded_dt = clock.now()


def record_attendance(session: CourseSession, entries: Iterable[AttendanceEntry],
                      actor: User) -> None:
    if session.session_date > clock.today():
        raise Refused(_("Tillfället har inte ägt rum än. Närvaro registreras samma dag eller "
                        "efteråt."))
    for entry in entries:
        _record_one(session, entry, actor)
    db.session.flush()


# --- Home assignment -------------------------------------------------------------------------


def set_assignment_status(enrolment: Enrolment, status: AssignmentStatus | str,
                          actor: User) -> None:
    status = AssignmentStatus(status)
    if not enrolment.course.has_assignment:
        raise Refused(_("Kursen har ingen hemuppgift."))
    if status == enrolment.assignment_status:
        return
    if status != AssignmentStatus.APPROVED and certified_from(enrolment) is not None:
        raise Refused(_("%(name)s är redan certifierad från kursen. Hemuppgiften kan inte "
                        "ändras.", name=enrolment.name), f"assignment_{enrolment.public_id}")
    now = clock.now()
    if status == AssignmentStatus.NOT_SUBMITTED:
        enrolment.assignment_submitted_dt = None
    else:
        enrolment.assignment_submitted_dt = enrolment.assignment_submitted_dt or now
    approved = status == AssignmentStatus.APPROVED
    enrolment.assignment_approved_dt = now if approved else None
    enrolment.assignment_approved_by_id = actor.id if approved else None
    db.session.flush()


def set_assignment_statuses(statuses: Iterable[tuple[Enrolment, str]], actor: User) -> None:
    """The home assignment page: everyone's status saved at once, or nobody's."""
    for enrolment, status in statuses:
        set_assignment_status(enrolment, status, actor)


# --- Completion ------------------------------------------------------------------------------


def _attendance_gaps(enrolment: Enrolment) -> list[str]:
    gaps: list[str] = []
    for number, session in enumerate(enrolment.course.sessions, start=1):
        row = enrolment.attendance_for(session)
        when = longdate(session.session_date)
        if row is None:
            gaps.append(_("närvaro vid tillfälle %(n)s (%(date)s) är inte registrerad",
                          n=number, date=when))
        elif not row.is_present:
            gaps.append(_("frånvarande vid tillfälle %(n)s (%(date)s)", n=number, date=when))
        elif not counts_as_attended(row, session):
            gaps.append(_("närvarande %(minutes)s av %(total)s minuter vid tillfälle %(n)s "
                          "(%(date)s), minst %(needed)s behövs", minutes=row.minutes_attended,
                          total=session.minutes, n=number, date=when,
                          needed=minutes_needed(session)))
    return gaps


def completion_gaps(enrolment: Enrolment) -> list[str]:
    """What is missing before the person has completed the course (empty when complete)."""
    course = enrolment.course
    gaps: list[str] = []
    if enrolment.user_id is None and account_for_invitation(enrolment) is None:
        gaps.append(_("personen har inte skapat sitt konto från inbjudan än"))
    if not course.sessions:
        gaps.append(_("kursen har inga tillfällen"))
    gaps += _attendance_gaps(enrolment)
    if course.has_assignment:
        status = enrolment.assignment_status
        if status == AssignmentStatus.NOT_SUBMITTED:
            gaps.append(_("hemuppgiften är inte inlämnad"))
        elif status == AssignmentStatus.SUBMITTED:
            gaps.append(_("hemuppgiften är inlämnad men inte godkänd"))
    return gaps


def has_completed(enrolment: Enrolment) -> bool:
    return not completion_gaps(enrolment)


def sessions_attended(enrolment: Enrolment) -> int:
    """How many of the course's sessions count as attended."""
    return sum(1 for session in enrolment.course.sessions
               if counts_as_attended(enrolment.attendance_for(session), session))


@dataclass(frozen=True)
class Progress:
    """One attendee on the course page."""

    enrolment: Enrolment
    present: int
    recorded: int
    certificate: Certificate | None
    gaps: list[str]
    has_account: bool


def progress_of_attendees(course: Course) -> list[Progress]:
    certificates: dict[int, Certificate] = {}
    for cert in db.session.scalars(select(Certificate).where(Certificate.course_id == course.id)
                                   .order_by(Certificate.id)):
        certificates[cert.holder_id] = cert  # the latest one from this course
    rows = []
    for enrolment in course.enrolments:
        recorded = sum(1 for s in course.sessions if enrolment.attendance_for(s) is not None)
        rows.append(Progress(
            enrolment, sessions_attended(enrolment), recorded,
            certificates.get(enrolment.user_id) if enrolment.user_id else None,
            completion_gaps(enrolment), has_account(enrolment)))
    return sorted(rows, key=lambda r: r.enrolment.name.lower())
