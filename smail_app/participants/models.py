"""A participant's enrolment in one insats, who is responsible for them when, and how the
enrolment ended."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants.registration_enums import (
    Education,
    IncomePhase,
    IncomeSource,
    SupportTime,
)


class ExitReason(LabelledEnum):
    """Why an enrolment ended, as the förbund reports it (declared in the order the exit
    form offers them)."""

    WORK_UNSUBSIDISED = "arbete_osubventionerat"
    WORK_SUBSIDISED = "arbete_subventionerat"
    OWN_BUSINESS = "eget_foretag"
    STUDIES = "studier"
    JOB_SEEKING = "aktivt_arbetssokande"
    OTHER_PROGRAMME = "annan_insats"
    HEALTH = "halsa"
    MOVED = "flyttat"
    NO_REASON = "avbrott_utan_orsak"
    OTHER = "annat"
    # Registered by mistake: the enrolment drops out of every count in the reports.
    MISREGISTERED = "felregistrering"

    @classmethod
    def _labels(cls) -> dict[ExitReason, object]:
        return {
            cls.WORK_UNSUBSIDISED: _l("Arbete utan subvention"),
            cls.WORK_SUBSIDISED: _l("Arbete med subvention"),
            cls.OWN_BUSINESS: _l("Eget företag"),
            cls.STUDIES: _l("Studier"),
            cls.JOB_SEEKING: _l("Aktivt arbetssökande"),
            cls.OTHER_PROGRAMME: _l("Annan insats eller annat program"),
            cls.HEALTH: _l("Hälsoskäl"),
            cls.MOVED: _l("Flyttat"),
            cls.NO_REASON: _l("Avbrott utan känd orsak"),
            cls.OTHER: _l("Annat"),
            cls.MISREGISTERED: _l("Felregistrering (räknas inte i någon rapport)"),
        }

    @property
    def is_work(self) -> bool:
        return self in WORK_REASONS


WORK_REASONS = frozenset({ExitReason.WORK_SUBSIDISED, ExitReason.WORK_UNSUBSIDISED,
                          ExitReason.OWN_BUSINESS})


class Participant(db.Model):
    """No personnummer: a code unique within the insats, and what the person chooses to give."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("insats_id", "code"),
        CheckConstraint("exit_work_percent IS NULL OR exit_work_percent BETWEEN 1 AND 100",
                        name="exit_work_percent_range"),
        # Everything the caseload's order reads (workspace/urgency.py), so that it reads the
        # index alone instead of each visible participant's row
        sa.Index("ix_participants_caseload", "insats_id", "exit_date", "start_date",
                 "last_self_rated_on", "has_plan_activity", "code", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    insats_id: Mapped[int] = mapped_column(ForeignKey("insatser.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    alias: Mapped[str] = mapped_column(String(80), default="")
    birth_year: Mapped[int | None]
    gender: Mapped[str] = mapped_column(String(20))
    kommun_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    start_date: Mapped[date]
    exit_date: Mapped[date | None]
    # Set together with exit_date; the share of full time is kept for exits to work.
    exit_reason: Mapped[ExitReason | None] = mapped_column(enum_column_type(ExitReason, 30))
    exit_work_percent: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    # The handledare responsible now; who was responsible when is in HandledareAssignment.
    handledare_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Reminders by e-mail only with an address the participant gave and their consent.
    reminder_email: Mapped[str | None] = mapped_column(String(254))
    reminders_consent_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SUS-aligned registration (registration.py); None: not recorded.
    education: Mapped[Education | None] = mapped_column(enum_column_type(Education, 30))
    support_time: Mapped[SupportTime | None] = mapped_column(enum_column_type(SupportTime, 30))
    # Counted only (gender and birth year): no consent to registration beyond that.
    is_anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Set when the person's identifying data was removed (on request or after retention):
    # what the aggregated reports need stays (smail_app.privacy.anonymise).
    anonymised_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    # Kept by database triggers from the participant's ratings and plan, for the caseload's
    # order only (participants/facts.py); never set here.
    last_self_rated_on: Mapped[date | None]
    has_plan_activity: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    insats: Mapped[Insats] = relationship()
    kommun: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    handledare: Mapped[User | None] = relationship(foreign_keys=[handledare_id])

    @property
    def label(self) -> str:
        return f"{self.code} ({self.alias})" if self.alias else self.code

    @property
    def is_active(self) -> bool:
        return self.exit_date is None

    @property
    def wants_reminders(self) -> bool:
        return bool(self.reminder_email) and self.reminders_consent_dt is not None


class HandledareAssignment(db.Model):
    """One stretch of time a handledare was responsible for a participant (continuity is one
    of BIP's findings, so the history is kept, never overwritten)."""

    __tablename__ = "handledare_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    handledare_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]  # None while responsible
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(300), default="")

    handledare: Mapped[User] = relationship(foreign_keys=[handledare_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class FollowUpOutcome(LabelledEnum):
    """Where a participant reached at the 6-month follow-up was then."""

    WORK = "arbete"
    STUDIES = "studier"
    OTHER = "annat"

    @classmethod
    def _labels(cls) -> dict[FollowUpOutcome, object]:
        return {cls.WORK: _l("Arbete"), cls.STUDIES: _l("Studier"), cls.OTHER: _l("Annat")}


class FollowUpResult(db.Model):
    """What the 6-month follow-up found: whether the person was reached and, if so, whether
    they were in work, studies or something else. One per enrolment; recording again
    replaces it."""

    __tablename__ = "follow_up_results"
    __table_args__ = (
        CheckConstraint("reached OR outcome IS NULL", name="outcome_only_if_reached"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    followed_up_on: Mapped[date]
    reached: Mapped[bool]
    outcome: Mapped[FollowUpOutcome | None] = mapped_column(enum_column_type(FollowUpOutcome, 20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_dt: Mapped[datetime] = mapped_column(UTCDateTime)


class ParticipantIncome(db.Model):
    """One main income source at the start or after the exit (SUS records several)."""

    __tablename__ = "participant_income_sources"
    __table_args__ = (UniqueConstraint("participant_id", "phase", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    phase: Mapped[IncomePhase] = mapped_column(enum_column_type(IncomePhase, 10))
    source: Mapped[IncomeSource] = mapped_column(enum_column_type(IncomeSource, 30))


class InformationRecord(db.Model):
    """That the participant was shown the information about how SMAIL handles their data,
    which version of the text, and when (the account was created after reading it)."""

    __tablename__ = "participant_information_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    shown_dt: Mapped[datetime] = mapped_column(UTCDateTime)
