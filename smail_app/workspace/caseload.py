"""The handledare's caseload ("Mina deltagare"), ordered by what needs doing.

Order: rating overdue, rating due within two weeks, no baseline yet, no action plan after
4 weeks, then the rest (participants who have left last). The database orders and pages
(``workspace.urgency``); the rows shown, and only they, are built here with their ratings,
plans and mean scores. The page costs the same few queries however many participants and
ratings there are.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TypeVar

from flask import current_app
from sqlalchemy import Integer, Select, String, bindparam, func, select
from sqlalchemy.orm import joinedload

from smail_app import clock
from smail_app.assessments.models import IndicatorScore, RaterKind, Rating
from smail_app.assessments.schedule import Due, next_due
from smail_app.assessments.services import schedule_for
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_accesses
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants.models import Participant
from smail_app.participants.services import visible_to
from smail_app.plans.models import ActionPlan, PlanActivity
from smail_app.plans.services import needs_review
from smail_app.workspace.urgency import (
    DUE_SOON_DAYS,
    PLAN_EXPECTED_AFTER_DAYS,
    Urgency,
    days_since_epoch,
    ordered_ids,
)

DIRECTION_THRESHOLD = 0.2  # change of the mean score that counts as up or down


class Direction(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


class Status(enum.StrEnum):
    ACTIVE = "active"
    LEFT = "left"
    ALL = "all"


@dataclass(frozen=True)
class CaseloadFilter:
    insats_id: int | None = None
    search: str = ""
    status: Status = Status.ACTIVE


@dataclass(frozen=True)
class CaseloadRow:
    participant: Participant
    due: Due | None
    weeks_in_insats: int
    last_rated_on: date | None
    first_mean: float | None
    latest_mean: float | None
    has_baseline: bool
    has_plan: bool
    plan_needs_review: bool
    rating_count: int = 0
    flags: frozenset[Urgency] = field(default_factory=frozenset)
    first_rating_id: int | None = None
    latest_rating_id: int | None = None

    @property
    def urgency(self) -> Urgency:
        return min(self.flags, default=Urgency.OTHER)

    @property
    def direction(self) -> Direction | None:
        if self.first_mean is None or self.latest_mean is None or self.rating_count < 2:
            return None
        change = self.latest_mean - self.first_mean
        if change > DIRECTION_THRESHOLD:
            return Direction.UP
        if change < -DIRECTION_THRESHOLD:
            return Direction.DOWN
        return Direction.SAME


def urgency_flags(*, is_active: bool, due: Due | None, has_baseline: bool, has_plan: bool,
                  start_date: date, today: date) -> frozenset[Urgency]:
    """Every reason a participant needs attention (the caseload orders by the first)."""
    if not is_active:
        return frozenset({Urgency.LEFT})
    flags = set()
    if due is not None and due.is_overdue:
        flags.add(Urgency.OVERDUE)
    elif due is not None and (due.due_date - today).days <= DUE_SOON_DAYS:
        flags.add(Urgency.DUE_SOON)
    if not has_baseline:
        flags.add(Urgency.NO_BASELINE)
    if not has_plan and (today - start_date).days >= PLAN_EXPECTED_AFTER_DAYS:
        flags.add(Urgency.NO_PLAN)
    return frozenset(flags)


def weeks_in_insats(participant: Participant, today: date) -> int:
    end = participant.exit_date or today
    return max(0, (end - participant.start_date).days // 7)


# The caseload's statement is built once per app and filter shape, with bound parameters for
# who is looking, the filters' values, today and the page: building it in SQLAlchemy cost more
# (about 1.5 ms) than running it for a team of 300.
_LIKE_ESCAPE = "/"
_STATEMENTS_KEY = "smail_caseload_statements"


@dataclass(frozen=True)
class _Shape:
    """What the statement's SQL depends on (the values are parameters)."""

    by_insats: bool
    searching: bool
    status: Status

    @classmethod
    def of(cls, filters: CaseloadFilter) -> _Shape:
        return cls(filters.insats_id is not None, bool(_search_text(filters)), filters.status)


def _search_text(filters: CaseloadFilter) -> str:
    return filters.search.strip().lower()


def _filtered(shape: _Shape) -> Select[tuple[Participant]]:
    """The participants the viewer (``viewer_id``) sees, narrowed by the filters
    (``insats_id``, ``search_pattern``)."""
    query = visible_to(bindparam("viewer_id", type_=Integer))
    if shape.by_insats:
        query = query.where(Participant.insats_id == bindparam("insats_id", type_=Integer))
    if shape.searching:
        pattern = bindparam("search_pattern", type_=String)
        query = query.where(func.lower(Participant.code).like(pattern, escape=_LIKE_ESCAPE)
                            | func.lower(Participant.alias).like(pattern, escape=_LIKE_ESCAPE))
    if shape.status == Status.ACTIVE:
        query = query.where(Participant.exit_date.is_(None))
    elif shape.status == Status.LEFT:
        query = query.where(Participant.exit_date.is_not(None))
    return query


def _parameters(user: User, filters: CaseloadFilter, today: date) -> dict[str, object]:
    """The values for ``_filtered`` and the order's ``today_day``."""
    search = _search_text(filters)
    for special in (_LIKE_ESCAPE, "%", "_"):  # typed characters match only themselves
        search = search.replace(special, _LIKE_ESCAPE + special)
    return {"viewer_id": user.id, "insats_id": filters.insats_id,
            "search_pattern": f"%{search}%", "today_day": days_since_epoch(today)}


def _ordered(shape: _Shape) -> Select:
    """The visible, filtered participants in urgency order with the whole list's count, one
    page of them (``page_size``, ``page_offset``); built once per app and shape."""
    kept: dict[_Shape, Select] = current_app.extensions.setdefault(_STATEMENTS_KEY, {})
    statement = kept.get(shape)
    if statement is None:
        statement = kept.setdefault(shape, ordered_ids(
            _filtered(shape), bindparam("today_day", type_=Integer))
            .add_columns(func.count().over().label("total"))
            .limit(bindparam("page_size", type_=Integer))
            .offset(bindparam("page_offset", type_=Integer)))
    return statement


@dataclass
class _RatingSummary:
    dates: list[date] = field(default_factory=list)
    first_id: int | None = None
    latest_id: int | None = None


# The statements that fill a page's rows, built once: each takes the page's participant (or
# rating) ids as one expanding parameter, so a request only binds values.
_IDS = bindparam("ids", expanding=True)
_PARTICIPANTS = (select(Participant).where(Participant.id.in_(_IDS))
                 # the rows show the insats's name and the handledare's, never their roles
                 .options(joinedload(Participant.insats),
                          joinedload(Participant.handledare).lazyload(User.role_rows)))
_SENT_SELF_RATINGS = (select(Rating.participant_id, Rating.id, Rating.rated_on)
                      .where(Rating.participant_id.in_(_IDS),
                             Rating.rater_kind == RaterKind.PARTICIPANT,
                             Rating.submitted_dt.is_not(None))
                      .order_by(Rating.participant_id, Rating.submitted_dt, Rating.id))
_PLANS = (select(ActionPlan, func.count(PlanActivity.id))
          .outerjoin(PlanActivity, PlanActivity.plan_id == ActionPlan.id)
          .where(ActionPlan.participant_id.in_(_IDS))
          .group_by(ActionPlan.id))
_MEANS = (select(IndicatorScore.rating_id, func.avg(IndicatorScore.score))
          .where(IndicatorScore.rating_id.in_(_IDS))
          .group_by(IndicatorScore.rating_id))


def _rating_summaries(ids: list[int]) -> dict[int, _RatingSummary]:
    """Each participant's submitted self-ratings, oldest first."""
    summaries: dict[int, _RatingSummary] = defaultdict(_RatingSummary)
    # Plain rows through the connection: the ORM's row handling would cost more than the query.
    rows = db.session.connection().execute(_SENT_SELF_RATINGS, {"ids": ids})
    for participant_id, rating_id, rated_on in rows:
        summary = summaries[participant_id]
        summary.dates.append(rated_on)
        if summary.first_id is None:
            summary.first_id = rating_id
        summary.latest_id = rating_id
    return summaries


def with_means(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    """The rows with the mean scores of their first and latest rating, in one query (one bound
    parameter per rating: meant for a page of rows, not thousands)."""
    rating_ids = sorted({i for row in rows for i in (row.first_rating_id, row.latest_rating_id)
                         if i is not None})
    if not rating_ids:
        return rows
    means = {rating_id: mean for rating_id, mean
             in db.session.connection().execute(_MEANS, {"ids": rating_ids})}

    def mean(rating_id: int | None) -> float | None:
        value = means.get(rating_id)
        return None if value is None else float(value)

    return [replace(row, first_mean=mean(row.first_rating_id),
                    latest_mean=mean(row.latest_rating_id)) for row in rows]


def _plans(ids: list[int]) -> dict[int, tuple[ActionPlan, int]]:
    rows = db.session.execute(_PLANS, {"ids": ids})
    return {plan.participant_id: (plan, count) for plan, count in rows}


def caseload_page(user: User, filters: CaseloadFilter | None = None, number: int = 1,
                  today: date | None = None) -> CaseloadPage:
    """Page ``number`` of the caseload: the database orders and pages by urgency, counting
    the whole list in the same statement; only the rows shown are built, with their mean
    scores."""
    filters = filters or CaseloadFilter()
    today = today or clock.today()
    ordered = _ordered(_Shape.of(filters))
    parameters = _parameters(user, filters, today)
    number = min(max(1, number), MAX_PAGE)  # past the end is answered with the last page

    def page(number: int) -> list:
        return db.session.execute(ordered, parameters | {
            "page_size": PAGE_SIZE, "page_offset": (number - 1) * PAGE_SIZE}).all()

    found = page(number)
    if found:
        total = found[0].total
    else:  # past the last page (or nobody): the count alone, then the last page
        total = db.session.scalar(select(func.count()).select_from(
            ordered.order_by(None).limit(None).offset(None).subquery()), parameters) or 0
        number = max(1, -(-total // PAGE_SIZE))
        if total:
            found = page(number)
    count = max(1, -(-total // PAGE_SIZE))
    start = (number - 1) * PAGE_SIZE
    rows = _rows_for([row.id for row in found], today)
    return CaseloadPage(with_means(rows), number, count, total, start + 1)


def _rows_for(ids: list[int], today: date) -> list[CaseloadRow]:
    """The caseload rows of these participants, in the order given."""
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(_PARTICIPANTS, {"ids": ids})}
    summaries = _rating_summaries(ids)
    plans = _plans(ids)
    rows = []
    for participant in (found[i] for i in ids):
        summary = summaries.get(participant.id) or _RatingSummary()
        plan, activity_count = plans.get(participant.id, (None, 0))
        due = (next_due(schedule_for(participant), today, summary.dates)
               if participant.is_active else None)
        has_plan = activity_count > 0
        has_baseline = bool(summary.dates)
        rows.append(CaseloadRow(
            participant=participant, due=due,
            weeks_in_insats=weeks_in_insats(participant, today),
            last_rated_on=max(summary.dates) if summary.dates else None,
            first_mean=None, latest_mean=None,
            first_rating_id=summary.first_id, latest_rating_id=summary.latest_id,
            has_baseline=has_baseline, has_plan=has_plan,
            plan_needs_review=needs_review(plan, participant, today, has_activities=has_plan),
            flags=urgency_flags(is_active=participant.is_active, due=due,
                                has_baseline=has_baseline, has_plan=has_plan,
                                start_date=participant.start_date, today=today),
            rating_count=len(summary.dates)))
    return rows


PAGE_SIZE = 50
MAX_PAGE = 10**6  # keeps the OFFSET within what every database takes


@dataclass(frozen=True)
class CaseloadPage:
    """One page of the ordered caseload: the whole list is ordered by urgency first, so
    the most urgent participants are always on page 1."""

    rows: list[CaseloadRow]
    number: int
    count: int  # pages in all
    total: int  # participants in all
    first_index: int  # 1-based position of the first row shown

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    # Cached: the template asks on every row.
    @cached_property
    def shared_insats(self) -> Insats | None:
        """The insats of every row, when they all share one: said once above the table."""
        return _shared(row.participant.insats for row in self.rows)

    @cached_property
    def shared_handledare(self) -> User | None:
        """The responsible handledare of every row, when they all share one."""
        return _shared(row.participant.handledare for row in self.rows)


T = TypeVar("T")


def _shared(values: Iterable[T]) -> T | None:
    distinct = {id(value): value for value in values}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def log_shown(user: User, page: CaseloadPage) -> None:
    """Each participant on the page gets an access-log entry (they can see who looked), all
    in one INSERT statement."""
    log_accesses(user, [row.participant for row in page.rows], AccessAction.VIEW, "caseload")
