"""Computed reports are kept until the data they count changes.

A county report at 20,000 participants costs the database close to a second, yet its numbers
change only when a participant is enrolled, changed or exits, a rating is sent, a plan is
made or an insats or kommun is renamed. Every commit that writes to those tables raises one
counter in the database (``report_generation``); a report is computed once per counter value
and kept in this process, shared by every viewer with the same filters, language and day.
The counter lives in the database so that a change made through one instance of the app is
seen by all of them.

What is kept is the report's data (``reports.model.Report``), never a page: who may see which
report, and whether it is suppressed, is decided on every request before the cache is asked.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import Flask, current_app
from sqlalchemy import TextClause, event, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from smail_app.assessments.models import IndicatorScore, Rating
from smail_app.extensions import db
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants.models import Participant
from smail_app.plans.models import ActionPlan
from smail_app.reports.models import ReportGeneration

T = TypeVar("T")

# What the reports read. A rating counts once it is sent: drafts (every autosave) do not.
COUNTED_MODELS = (Participant, IndicatorScore, ActionPlan, Insats, Organisation)
COUNTED_TABLES = frozenset(m.__tablename__ for m in (*COUNTED_MODELS, Rating))
_STALE = "smail_reports_stale"
_WRITES = ("INSERT", "UPDATE", "DELETE")
KEPT_REPORTS = 64  # per process; each is a few hundred numbers


def _counts(instance: object) -> bool:
    if isinstance(instance, COUNTED_MODELS):
        return True
    if isinstance(instance, Rating):
        state = inspect(instance)
        if "submitted_dt" in state.unloaded:
            return True  # not known to be a draft
        return any(value is not None for value in state.attrs.submitted_dt.history.sum())
    return False


def _note_flush(session: Session, _flush: UOWTransaction) -> None:
    """Called while new, dirty and deleted still hold what the flush wrote."""
    changed = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    if any(_counts(o) for o in (*session.new, *changed, *session.deleted)):
        session.info[_STALE] = True


def _note_statement(state) -> None:
    """Bulk ``update()``/``delete()``/``insert()`` (the rating's submission is one) and
    plain SQL that writes."""
    statement = state.statement
    if isinstance(statement, TextClause):
        if statement.text.lstrip()[:6].upper() in _WRITES:
            state.session.info[_STALE] = True
        return
    table = getattr(statement, "table", None)
    if (state.is_update or state.is_delete or state.is_insert) and \
            getattr(table, "name", None) in COUNTED_TABLES:
        state.session.info[_STALE] = True


def _forget_rolled_back(session: Session, rolled_back: SessionTransaction) -> None:
    """A whole transaction rolled back wrote nothing; a savepoint's rollback leaves what the
    transaction around it wrote before."""
    if rolled_back.parent is None:
        session.info.pop(_STALE, None)


def _raise_after_commit(session: Session) -> None:
    """Raised after the commit, on a connection of its own: holding the counter's row lock
    inside the writing transaction would order every writer behind each other. A savepoint's
    commit is not the end of the transaction: the counter waits for the real one."""
    if session.get_nested_transaction() is not None or not session.info.pop(_STALE, False):
        return
    with session.get_bind().connect() as connection:
        raised = connection.execute(update(ReportGeneration).where(ReportGeneration.id == 1)
                                    .values(number=ReportGeneration.number + 1))
        if raised.rowcount == 0:  # a database made without the migrations' first row
            try:
                connection.execute(ReportGeneration.__table__.insert().values(id=1, number=1))
            except IntegrityError:  # another instance made it a moment ago
                connection.rollback()
                return
        connection.commit()


def current_generation() -> int:
    return db.session.scalar(select(ReportGeneration.number)
                             .where(ReportGeneration.id == 1)) or 0


class KeptReports:
    """The reports of one generation, newest kept; a new generation empties it."""

    def __init__(self, size: int = KEPT_REPORTS) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._generation: int | None = None
        self._reports: OrderedDict[Hashable, object] = OrderedDict()

    def get_or_compute(self, generation: int, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if generation != self._generation:
                self._reports.clear()
                self._generation = generation
            if key in self._reports:
                self._reports.move_to_end(key)
                return self._reports[key]  # type: ignore[return-value]
        report = compute()
        with self._lock:
            if generation == self._generation:
                self._reports[key] = report
                while len(self._reports) > self._size:
                    self._reports.popitem(last=False)
        return report


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same key since the data last changed. The
    counter is read first: a change committed while computing raises it past this key."""
    if not current_app.config.get("SMAIL_KEEP_REPORTS", True):
        return compute()
    reports: KeptReports = current_app.extensions["smail_kept_reports"]
    return reports.get_or_compute(current_generation(), key, compute)


def register(app: Flask) -> None:
    app.extensions["smail_kept_reports"] = KeptReports()
    if not event.contains(Session, "after_flush", _note_flush):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "after_soft_rollback", _forget_rolled_back)
        event.listen(Session, "after_commit", _raise_after_commit)
