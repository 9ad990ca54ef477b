"""The caseload's urgency order in SQL, so a page of 50 costs about the same with 50 or 5,000
visible participants: the database orders and pages, Python builds only the rows shown.

Each participant's next rating follows from their start date, the schedule's interval and
window, today, and the date of their latest self-rating (``assessments.schedule.next_due``
needs no more: a rating counts for the current occasion when it was given after its window
opened). That date, and whether the plan has an activity, are kept on the participant's row
by the database (participants/facts.py). The same arithmetic is written here over day
numbers; a test compares the two for many dates (tests/test_caseload_order.py).
"""

from __future__ import annotations

import enum
from datetime import date

from flask import current_app
from sqlalchemy import Integer, Select, and_, case, cast, func, literal, null, select
from sqlalchemy.sql.elements import ColumnElement

from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants.models import Participant

DUE_SOON_DAYS = 14
PLAN_EXPECTED_AFTER_DAYS = 28  # the insatser promise an action plan within 4 weeks


class Urgency(enum.IntEnum):
    """Lower comes first."""

    OVERDUE = 0
    DUE_SOON = 1
    NO_BASELINE = 2
    NO_PLAN = 3
    OTHER = 4
    LEFT = 5

_EPOCH = date(2000, 1, 1)


def days_since_epoch(value: date) -> int:
    return (value - _EPOCH).days


def day_number(value: ColumnElement | date) -> ColumnElement[int]:
    """Days since 2000-01-01, the same on SQLite and PostgreSQL."""
    if isinstance(value, date):
        return literal(days_since_epoch(value), Integer)
    if db.engine.dialect.name == "sqlite":
        return cast(func.julianday(value) - func.julianday(_EPOCH.isoformat()), Integer)
    return value - literal(_EPOCH)


def ordered_ids(participants: Select, today: date | ColumnElement[int]) -> Select:
    """``participants`` (a query of Participant) as (id, urgency, due day) rows, most urgent
    first, for LIMIT/OFFSET paging. ``today``: a date, or today's day number (``day_number``)
    as a bound parameter. Built in three steps, each a subquery naming what it computes:
    the facts, the current occasion, then due day and urgency."""
    config = current_app.config
    interval = config["SMAIL_RATING_INTERVAL_WEEKS"] * 7
    window = config["SMAIL_RATING_WINDOW_DAYS"]
    now = day_number(today) if isinstance(today, date) else today

    # The latest self-rating and whether the plan has an activity are kept on the
    # participant's row (participants/facts.py), so no participant's ratings are read here.
    # The facts are read by ``participants`` itself (its conditions, new columns): joined
    # back to the table by id, each visible row was read twice.
    facts = (participants.with_only_columns(
                 Participant.id, Participant.code, Insats.name.label("insats_name"),
                 Participant.exit_date.is_not(None).label("has_left"),
                 day_number(Participant.start_date).label("start"),
                 day_number(Participant.last_self_rated_on).label("last"),
                 Participant.has_plan_activity.label("has_plan"), maintain_column_froms=False)
             .order_by(None)
             .join_from(Participant, Insats, Insats.id == Participant.insats_id)).subquery()
    # the latest occasion whose window has opened (None before the first opens)
    since_start = now - facts.c.start
    occasion = (select(facts, case((since_start >= -window,
                                    (since_start + window) // interval),
                                   else_=null()).label("current"))).subquery()
    current_due = occasion.c.start + occasion.c.current * interval
    rated_current = occasion.c.last >= current_due - window
    due_day = case((occasion.c.current.is_(None), occasion.c.start),
                   (rated_current, current_due + interval),
                   else_=current_due)
    overdue = and_(occasion.c.current.is_not(None), ~func.coalesce(rated_current, False),
                   now > current_due)
    urgency = case(
        (occasion.c.has_left, int(Urgency.LEFT)),
        (overdue, int(Urgency.OVERDUE)),
        (due_day - now <= DUE_SOON_DAYS, int(Urgency.DUE_SOON)),
        (occasion.c.last.is_(None), int(Urgency.NO_BASELINE)),
        (and_(~occasion.c.has_plan, now - occasion.c.start >= PLAN_EXPECTED_AFTER_DAYS),
         int(Urgency.NO_PLAN)),
        else_=int(Urgency.OTHER))
    due_order = case((occasion.c.has_left, 10**7), else_=due_day)
    return (select(occasion.c.id, urgency.label("urgency"), due_order.label("due_day"))
            .order_by(urgency, due_order, occasion.c.insats_name, occasion.c.code,
                      occasion.c.id))
