"""The 13-week rating schedule: pure date arithmetic, no database.

Occasion 0 is the baseline, due on the enrolment date; occasion k is due k × 13 weeks later.
A rating counts for occasion k when it is given within ± window days of that due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Schedule:
    start: date
    interval_weeks: int = 13
    window_days: int = 14

    def __post_init__(self) -> None:
        # Windows must not overlap, or a rating could count for two occasions.
        if not 0 <= self.window_days * 2 < self.interval_weeks * 7:
            raise ValueError("rating window too wide for the interval")

    def due(self, occasion: int) -> date:
        return self.start + timedelta(weeks=self.interval_weeks * occasion)

    def opens(self, occasion: int) -> date:
        return self.due(occasion) - timedelta(days=self.window_days)

    def closes(self, occasion: int) -> date:
        return self.due(occasion) + timedelta(days=self.window_days)

    def occasion_for(self, rated_on: date) -> int | None:
        """The occasion whose window holds ``rated_on``, or None (kept, marked outside)."""
        days = (rated_on - self.start).days
        nearest = max(0, round(days / (self.interval_weeks * 7)))
        if self.opens(nearest) <= rated_on <= self.closes(nearest):
            return nearest
        return None

    def current_occasion(self, today: date) -> int | None:
        """The latest occasion whose window has opened by ``today``."""
        if today < self.opens(0):
            return None
        days = (today - self.opens(0)).days
        return days // (self.interval_weeks * 7)


@dataclass(frozen=True)
class Due:
    occasion: int
    due_date: date
    is_open: bool  # a rating can be given now
    is_overdue: bool  # open, and the due date has passed
    # The last day a rating still counts for this occasion; None when nothing is open.
    closes_on: date | None = None


def next_due(schedule: Schedule, today: date, rated_on_dates: Iterable[date]) -> Due:
    """What the participant should do next, given the dates of their submitted ratings."""
    current = schedule.current_occasion(today)
    if current is None:
        return Due(0, schedule.due(0), is_open=False, is_overdue=False)
    opened = schedule.opens(current)
    if any(rated_on >= opened for rated_on in rated_on_dates):
        upcoming = current + 1
        return Due(upcoming, schedule.due(upcoming), is_open=False, is_overdue=False)
    due_date = schedule.due(current)
    return Due(current, due_date, is_open=True, is_overdue=today > due_date,
               closes_on=schedule.closes(current))
