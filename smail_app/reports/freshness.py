"""Computed reports are kept until the data they count changes (``core.kept``).

A county report at 20,000 participants costs the database close to a second, yet its numbers
change only when a participant is enrolled, changed or exits, a rating is sent, a plan is
made or an insats or kommun is renamed. Those writes raise the reports' counter; a report is
computed once per counter value and kept in this process, shared by every viewer with the
same filters, language and day.

What is kept is the report's data (``reports.model.Report``), never a page: who may see which
report, and whether it is suppressed, is decided on every request before the cache is asked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import inspect

from smail_app.assessments.models import IndicatorScore, Rating
from smail_app.core import kept as kept_results
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants.models import Participant
from smail_app.plans.models import ActionPlan

T = TypeVar("T")

# What the reports read. A rating counts once it is sent: drafts (every autosave) do not.
COUNTED_MODELS = (Participant, IndicatorScore, ActionPlan, Insats, Organisation)
COUNTED_TABLES = frozenset(m.__tablename__ for m in (*COUNTED_MODELS, Rating))


def _counts(instance: object, _change: str) -> bool:
    if isinstance(instance, COUNTED_MODELS):
        return True
    if isinstance(instance, Rating):
        state = inspect(instance)
        if "submitted_dt" in state.unloaded:
            return True  # not known to be a draft
        return any(value is not None for value in state.attrs.submitted_dt.history.sum())
    return False


REPORTS = kept_results.define(kept_results.Topic(1, "reports", _counts, COUNTED_TABLES))


def current_generation() -> int:
    return kept_results.current_generation(REPORTS)


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same key since the data last changed."""
    return kept_results.kept(REPORTS, key, compute)
