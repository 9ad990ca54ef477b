"""The participant is told when the rating window closes, not only the due date, which read
as a hard deadline while the window runs two weeks past it."""

from __future__ import annotations

from datetime import date

from smail_app.assessments.schedule import Schedule, next_due
from tests.factories import add_rating, participant_user


def test_an_open_occasion_knows_the_last_day_it_counts():
    schedule = Schedule(start=date(2027, 3, 1))
    due = next_due(schedule, date(2027, 5, 25), [date(2027, 3, 1)])
    assert (due.occasion, due.due_date, due.closes_on) == (1, date(2027, 5, 31),
                                                           date(2027, 6, 14))
    assert schedule.occasion_for(due.closes_on) == 1
    assert schedule.occasion_for(date(2027, 6, 15)) is None
    assert next_due(schedule, date(2027, 4, 1), [date(2027, 3, 1)]).closes_on is None


def test_the_participant_reads_when_the_window_closes(app, client, clock, make_participant,
                                                      login_as):
    participant = make_participant(with_account=True, start_date=date(2027, 3, 1))
    add_rating(app, participant, date(2027, 3, 1), 3)
    clock.set(date(2027, 5, 25))  # occasion 1: due 31 May, counts until 14 June
    login_as(participant_user(app, participant))
    page = client.get("/me").get_data(as_text=True)
    assert ("Gör den helst runt 31 maj 2027. Du kan göra den fram till och med 14 juni 2027."
            in page)
