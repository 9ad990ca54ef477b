"""The action plan (handlingsplan): activities that work on indicators, run in parallel, and
notes kept per rating occasion."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app import clock
from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l


class PlanStatus(LabelledEnum):
    """Where an action plan activity stands."""

    PLANNED = "planerad"
    ONGOING = "pagar"
    DONE = "klar"
    CANCELLED = "avbruten"

    @classmethod
    def _labels(cls) -> dict[PlanStatus, object]:
        return {cls.PLANNED: _l("Planerad"), cls.ONGOING: _l("Pågår"), cls.DONE: _l("Klar"),
                cls.CANCELLED: _l("Avbruten")}

    @property
    def is_open(self) -> bool:
        return self in (PlanStatus.PLANNED, PlanStatus.ONGOING)


class Responsible(LabelledEnum):
    """Who carries out an activity, as the handledare sees it."""

    PARTICIPANT = "deltagare"
    HANDLEDARE = "handledare"
    PARTNER = "partner"  # a partner organisation, named on the activity

    @classmethod
    def _labels(cls) -> dict[Responsible, object]:
        return {cls.PARTICIPANT: _l("Deltagaren"), cls.HANDLEDARE: _l("Handledaren"),
                cls.PARTNER: _l("En samverkanspart")}

    @property
    def label_for_participant(self) -> str:
        """The same, as the participant reads it on their own plan."""
        return str({Responsible.PARTICIPANT: _l("Du"), Responsible.HANDLEDARE: _l("Din handledare"),
                    Responsible.PARTNER: _l("Samverkanspart")}[self])


class ActionPlan(db.Model):
    """One plan per enrolment, created with its first activity. Reviewing it is recorded so
    a plan that nobody has looked at for 13 weeks can be flagged."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    created_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_on: Mapped[date | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    activities: Mapped[list[PlanActivity]] = relationship(
        back_populates="plan", cascade="all, delete-orphan",
        order_by="(PlanActivity.due_date, PlanActivity.id)")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def last_looked_at(self) -> date:
        return self.reviewed_on or self.created_on


class PlanActivity(db.Model):
    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"),
                                         index=True)
    title: Mapped[str] = mapped_column(String(200))
    responsible: Mapped[Responsible] = mapped_column(enum_column_type(Responsible, 20))
    partner_name: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[date]
    status: Mapped[PlanStatus] = mapped_column(enum_column_type(PlanStatus, 20))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    # Counts saves: an edit based on an older version is refused, not saved over another's.
    version: Mapped[int] = mapped_column(server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}

    plan: Mapped[ActionPlan] = relationship(back_populates="activities")
    indicator_links: Mapped[list[ActivityIndicator]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", lazy="selectin",
        order_by="ActivityIndicator.indicator")

    @property
    def indicators(self) -> list[int]:
        return [link.indicator for link in self.indicator_links]

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def is_ongoing(self) -> bool:
        return self.status is PlanStatus.ONGOING

    @property
    def is_overdue(self) -> bool:
        """Still open after the day it was to be done by."""
        return self.is_open and self.due_date < clock.today()

    @property
    def is_partners(self) -> bool:
        """Carried out by the partner organisation named on the activity."""
        return self.responsible is Responsible.PARTNER


class ActivityIndicator(db.Model):
    """Which of the seven indicators an activity works on (one or more)."""

    __tablename__ = "plan_activity_indicators"
    __table_args__ = (
        UniqueConstraint("activity_id", "indicator"),
        CheckConstraint("indicator BETWEEN 1 AND 7", name="indicator_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("plan_activities.id", ondelete="CASCADE"))
    indicator: Mapped[int]

    activity: Mapped[PlanActivity] = relationship(back_populates="indicator_links")


class OccasionNote(db.Model):
    """The handledare's note about one rating occasion (0 = baseline), for their colleagues."""

    __tablename__ = "occasion_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    occasion: Mapped[int]
    body: Mapped[str] = mapped_column(String(2000))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()
