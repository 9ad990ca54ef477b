"""Courses, their sessions and attendees, certificates, evaluations and ESF settings.

The chain: the förbund's administrator issues *utbildare* certificates to people who
completed an utbildarutbildning; certified utbildare run användarutbildningar and issue
*användare* certificates; only a certified användare works as handledare. History is never
deleted: a revoked certificate keeps its row, its reason and who revoked it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Organisation


class CourseKind(LabelledEnum):
    UTBILDARE = "utbildare"  # utbildarutbildning: the förbund trains trainers
    ANVANDARE = "anvandare"  # användarutbildning: a certified utbildare trains staff
    HORISONTELLA = "horisontella"  # ESF horizontal principles; no certificate

    @classmethod
    def _labels(cls) -> dict[CourseKind, object]:
        return {cls.UTBILDARE: _l("Utbildarutbildning"),
                cls.ANVANDARE: _l("Användarutbildning"),
                cls.HORISONTELLA: _l("Horisontella principer")}


class CertificateKind(LabelledEnum):
    UTBILDARE = "utbildare"
    ANVANDARE = "anvandare"

    @classmethod
    def _labels(cls) -> dict[CertificateKind, object]:
        return {cls.UTBILDARE: _l("Utbildarcertifikat"),
                cls.ANVANDARE: _l("Användarcertifikat")}


class CertificateState(enum.StrEnum):
    VALID = "valid"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AssignmentStatus(LabelledEnum):
    NOT_SUBMITTED = "ej_inlamnad"
    SUBMITTED = "inlamnad"
    APPROVED = "godkand"

    @classmethod
    def _labels(cls) -> dict[AssignmentStatus, object]:
        return {cls.NOT_SUBMITTED: _l("Inte inlämnad"),
                cls.SUBMITTED: _l("Inlämnad, inte godkänd än"), cls.APPROVED: _l("Godkänd")}


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    kind: Mapped[CourseKind] = mapped_column(enum_column_type(CourseKind, 20))
    title: Mapped[str] = mapped_column(String(160))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    home_assignment_minutes: Mapped[int] = mapped_column(default=240)
    description: Mapped[str] = mapped_column(String(2000), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    sessions: Mapped[list[CourseSession]] = relationship(
        back_populates="course", cascade="all, delete-orphan",
        order_by="(CourseSession.session_date, CourseSession.start_time, CourseSession.id)")
    trainer_rows: Mapped[list[CourseTrainer]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseTrainer.id")
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="Enrolment.id")

    @property
    def trainers(self) -> list[User]:
        return [row.user for row in self.trainer_rows]

    def is_trainer(self, user: User) -> bool:
        return any(row.user_id == user.id for row in self.trainer_rows)

    def enrolment_of(self, user: User) -> Enrolment | None:
        """The person's place on the course, also while it is an invitation to their e-mail."""
        return next((e for e in self.enrolments if e.belongs_to(user)), None)

    @property
    def has_assignment(self) -> bool:
        return self.home_assignment_minutes > 0

    @property
    def gives_certificate(self) -> CertificateKind | None:
        if self.kind == CourseKind.UTBILDARE:
            return CertificateKind.UTBILDARE
        if self.kind == CourseKind.ANVANDARE:
            return CertificateKind.ANVANDARE
        return None

    @property
    def first_date(self) -> date | None:
        return self.sessions[0].session_date if self.sessions else None

    @property
    def last_date(self) -> date | None:
        return max((s.session_date for s in self.sessions), default=None)

    def session_number(self, session: CourseSession) -> int:
        return self.sessions.index(session) + 1


class CourseTrainer(db.Model):
    __tablename__ = "course_trainers"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    course: Mapped[Course] = relationship(back_populates="trainer_rows")
    user: Mapped[User] = relationship()


class CourseSession(db.Model):
    __tablename__ = "course_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                           index=True)
    session_date: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]

    course: Mapped[Course] = relationship(back_populates="sessions")
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan")

    @property
    def minutes(self) -> int:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return max(0, end - start)


class Enrolment(db.Model):
    """A person on a course. Someone invited by e-mail has no account yet: the enrolment
    keeps the address and is linked to the account once it exists."""

    __tablename__ = "course_enrolments"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    invited_email: Mapped[str | None] = mapped_column(String(254))
    invited_name: Mapped[str] = mapped_column(String(120), default="")
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("invites.id", ondelete="SET NULL"))
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    enrolled_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    assignment_submitted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignment_approved_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignment_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Only *that* the person answered; the answers themselves are not linked to them.
    evaluation_submitted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="enrolments")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.display_name or self.user.email or ""
        return self.invited_name or self.invited_email or ""

    @property
    def email(self) -> str:
        return (self.user.email if self.user is not None else self.invited_email) or ""

    @property
    def is_pending(self) -> bool:
        return self.user_id is None

    def belongs_to(self, user: User) -> bool:
        """The person's own place, or an invitation to their e-mail not yet linked to them."""
        if self.user_id is not None:
            return self.user_id == user.id
        return bool(self.invited_email) and self.invited_email == user.email

    @property
    def assignment_status(self) -> AssignmentStatus:
        if self.assignment_approved_dt is not None:
            return AssignmentStatus.APPROVED
        if self.assignment_submitted_dt is not None:
            return AssignmentStatus.SUBMITTED
        return AssignmentStatus.NOT_SUBMITTED

    def attendance_for(self, session: CourseSession) -> SessionAttendance | None:
        return next((a for a in self.attendance if a.session_id == session.id), None)


class SessionAttendance(db.Model):
    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "enrolment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("course_enrolments.id", ondelete="CASCADE"), index=True)
    is_present: Mapped[bool]
    minutes_attended: Mapped[int] = mapped_column(default=0)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[CourseSession] = relationship(back_populates="attendance")
    enrolment: Mapped[Enrolment] = relationship(back_populates="attendance")


class Certificate(db.Model):
    """Valid from ``issued_on`` through ``valid_until`` (inclusive, when set), until the
    day it is revoked."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    kind: Mapped[CertificateKind] = mapped_column(enum_column_type(CertificateKind, 20))
    holder_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_on: Mapped[date]
    valid_until: Mapped[date | None]
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_on: Mapped[date | None]
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str] = mapped_column(String(500), default="")

    holder: Mapped[User] = relationship(foreign_keys=[holder_id])
    course: Mapped[Course] = relationship()
    issued_by: Mapped[User] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def state_on(self, on: date) -> CertificateState:
        return certificate_state(self.issued_on, self.valid_until, self.revoked_on, on)

    def is_valid_on(self, on: date) -> bool:
        return self.state_on(on) == CertificateState.VALID


def certificate_state(issued_on: date, valid_until: date | None, revoked_on: date | None,
                      on: date) -> CertificateState:
    """The one rule, for a certificate and for its columns read as plain rows."""
    if revoked_on is not None and on >= revoked_on:
        return CertificateState.REVOKED
    if on < issued_on:
        return CertificateState.NOT_YET
    if valid_until is not None and on > valid_until:
        return CertificateState.EXPIRED
    return CertificateState.VALID


class Evaluation(db.Model):
    """One attendee's answers after a course. Deliberately not linked to the person."""

    __tablename__ = "course_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"),
                                           index=True)
    can_train: Mapped[int | None]  # utbildarutbildning: "I can now train others"
    can_use: Mapped[int | None]  # användarutbildning: "I know enough to use SMAIL"
    helps_daily_work: Mapped[int]  # every course
    comment: Mapped[str] = mapped_column(String(2000), default="")

    course: Mapped[Course] = relationship()


class CertificationSetting(db.Model):
    """Editable numbers: ESF targets and each certificate kind's validity period."""

    __tablename__ = "certification_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[int | None]
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
