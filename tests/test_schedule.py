"""The 13-week schedule, as pure date arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smail_app.assessments.schedule import Schedule, next_due

START = date(2027, 3, 1)


def test_due_dates_are_every_13_weeks_from_the_start():
    schedule = Schedule(START)
    assert schedule.due(0) == START
    assert schedule.due(1) == date(2027, 5, 31)
    assert schedule.due(4) == START + timedelta(weeks=52)


def test_leap_day_enrolment_keeps_91_day_steps():
    schedule = Schedule(date(2028, 2, 29))
    assert schedule.due(1) == date(2028, 5, 30)
    assert schedule.due(4) == date(2029, 2, 27)  # 364 days later; 2029 has no Feb 29
    assert schedule.occasion_for(date(2029, 2, 27)) == 4


def test_window_spanning_a_leap_day():
    schedule = Schedule(date(2027, 12, 1))  # occasion 1 due 2028-03-01
    assert schedule.due(1) == date(2028, 3, 1)
    assert schedule.opens(1) == date(2028, 2, 16)
    assert schedule.occasion_for(date(2028, 2, 29)) == 1


def test_enrolment_on_a_sunday():
    sunday = date(2027, 3, 7)
    assert sunday.weekday() == 6
    schedule = Schedule(sunday)
    assert all(schedule.due(k).weekday() == 6 for k in range(8))
    assert schedule.occasion_for(sunday) == 0


@pytest.mark.parametrize(("offset", "expected"), [
    (-14, 1), (14, 1),            # exactly on the window edges: counts
    (-15, None), (15, None),      # one day outside: kept, marked outside
    (0, 1),
])
def test_rating_exactly_on_the_window_edge(offset, expected):
    schedule = Schedule(START)
    assert schedule.occasion_for(schedule.due(1) + timedelta(days=offset)) == expected


def test_baseline_window_before_start_and_ratings_long_before():
    schedule = Schedule(START)
    assert schedule.occasion_for(START - timedelta(days=14)) == 0
    assert schedule.occasion_for(START - timedelta(days=100)) is None


def test_configurable_window():
    schedule = Schedule(START, window_days=7)
    assert schedule.occasion_for(schedule.due(2) + timedelta(days=7)) == 2
    assert schedule.occasion_for(schedule.due(2) + timedelta(days=8)) is None


def test_window_may_not_overlap_the_next_occasion():
    with pytest.raises(ValueError):
        Schedule(START, interval_weeks=1, window_days=4)


def test_next_due_before_start_is_the_baseline_not_yet_open():
    due = next_due(Schedule(START), START - timedelta(days=20), [])
    assert (due.occasion, due.due_date, due.is_open, due.is_overdue) == (0, START, False, False)


def test_baseline_open_from_two_weeks_before_start():
    due = next_due(Schedule(START), START - timedelta(days=14), [])
    assert due.is_open and not due.is_overdue


def test_overdue_after_the_due_date_without_a_rating():
    due = next_due(Schedule(START), START + timedelta(days=1), [])
    assert due.is_open and due.is_overdue and due.occasion == 0


def test_after_baseline_the_next_is_13_weeks_later_and_closed():
    due = next_due(Schedule(START), START + timedelta(days=3), [START])
    assert (due.occasion, due.due_date, due.is_open) == (1, date(2027, 5, 31), False)


def test_missed_window_stays_open_late_until_the_next_opens():
    schedule = Schedule(START)
    late = schedule.closes(1) + timedelta(days=10)
    due = next_due(schedule, late, [START])
    assert due.occasion == 1 and due.is_open and due.is_overdue
    # a late rating is accepted but counts for no occasion
    assert schedule.occasion_for(late) is None
    after = next_due(schedule, late + timedelta(days=1), [START, late])
    assert after.occasion == 2 and not after.is_open


def test_next_window_opening_makes_the_next_occasion_due():
    schedule = Schedule(START)
    due = next_due(schedule, schedule.opens(2), [START, schedule.due(1)])
    assert due.occasion == 2 and due.is_open and not due.is_overdue
