"""Who a report counts, as SQL: enrolments in the chosen insatser and kommun, never one
registered by mistake, with anonymous participants counted apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, literal, or_

from smail_app.extensions import db
from smail_app.participants.models import ExitReason, Participant
from smail_app.reports.period import Period


@dataclass(frozen=True)
class Scope:
    """What a report covers. ``insats_ids`` None: every insats (the county)."""

    period: Period
    insats_ids: tuple[int, ...] | None = None
    kommun_id: int | None = None
    suppressed: bool = True
    min_size: int = 5
    county: bool = False  # the county's own tables (exits by level at the start)


def gender_bucket() -> ColumnElement[str]:
    return case((Participant.gender == "kvinna", literal("kvinna")),
                (Participant.gender == "man", literal("man")), else_=literal("ovrigt"))


def counted(scope: Scope) -> list[ColumnElement[bool]]:
    """Every enrolment the report may count, anonymous ones included."""
    conditions: list[ColumnElement[bool]] = [
        or_(Participant.exit_reason.is_(None),
            Participant.exit_reason != ExitReason.MISREGISTERED),
        Participant.start_date <= scope.period.end,
    ]
    if scope.insats_ids is not None:
        conditions.append(Participant.insats_id.in_(scope.insats_ids or (-1,)))
    if scope.kommun_id is not None:
        conditions.append(Participant.kommun_id == scope.kommun_id)
    return conditions


def in_period(period: Period) -> ColumnElement[bool]:
    """Enrolled on some day of the period."""
    return and_(Participant.start_date <= period.end,
                or_(Participant.exit_date.is_(None), Participant.exit_date >= period.start))


def exited_in(period: Period) -> ColumnElement[bool]:
    return and_(Participant.exit_date.is_not(None), Participant.exit_date >= period.start,
                Participant.exit_date <= period.end)


def exited_by(day: date) -> ColumnElement[bool]:
    return and_(Participant.exit_date.is_not(None), Participant.exit_date <= day)


def ongoing_at(day: date) -> ColumnElement[bool]:
    return and_(Participant.start_date <= day,
                or_(Participant.exit_date.is_(None), Participant.exit_date > day))


def days_between(earlier: ColumnElement, later: ColumnElement) -> ColumnElement[float]:
    """Whole days from one date to another, on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))
