"""Rating rules at the service level: drafts, answers, scores, submitting once, versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from smail_app.assessments import instrument, services
from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.assessments.models import IndicatorScore, Rating, RatingMode
from smail_app.assessments.progression import progression_for
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.participants.models import Participant


def _load(participant: Participant) -> Participant:
    return db.session.get(Participant, participant.id)


def _answer_all(rating: Rating, value: int = 3) -> None:
    services.save_answers(rating, {s.id: value for s in rating.version.statements})


def test_indicator_score_is_the_mean_of_answered_statements(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    rating = services.start_or_resume(participant)
    version = rating.version
    two = version.statements_for(1)  # indicator 1 has two statements
    three = version.statements_for(2)  # indicator 2 has three
    services.save_answers(rating, {two[0].id: 2, two[1].id: 5, three[0].id: 4})
    scores = services.indicator_scores(rating)
    assert scores[1] == 3.5
    assert scores[2] == 4.0  # only one of three answered
    assert 3 not in scores
    assert services.unanswered_indicators(rating) == [3, 4, 5, 6, 7]


def test_later_answer_replaces_earlier(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    rating = services.start_or_resume(participant)
    statement = rating.version.statements[0]
    services.save_answers(rating, {statement.id: 1})
    services.save_answers(rating, {statement.id: 5})
    assert services.answers_by_statement(rating) == {statement.id: 5}


def test_save_refuses_out_of_range_and_foreign_statements(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    rating = services.start_or_resume(participant)
    statement = rating.version.statements[0]
    for values in ({statement.id: 0}, {statement.id: 6}, {999999: 3}):
        with pytest.raises(Refused):
            services.save_answers(rating, values)
    assert rating.answers == []


def test_two_tabs_resume_the_same_draft(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    first = services.start_or_resume(participant)
    db.session.commit()
    second = services.start_or_resume(participant)
    assert first.id == second.id
    assert db.session.scalar(select(func.count(Rating.id))) == 1


def test_submit_needs_every_indicator(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    rating = services.start_or_resume(participant)
    services.save_answers(rating, {rating.version.statements[0].id: 3})
    with pytest.raises(Refused):
        services.submit(rating)
    assert not rating.is_submitted


def test_submitting_twice_stores_one_rating_with_seven_scores(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    rating = services.start_or_resume(participant)
    _answer_all(rating, 4)
    services.submit(rating)
    services.submit(rating)
    db.session.commit()
    assert rating.rated_on == date(2027, 3, 1) and rating.occasion == 0
    assert db.session.scalar(select(func.count(IndicatorScore.id))) == len(INDICATOR_NUMBERS)
    with pytest.raises(Refused):
        services.save_answers(rating, {rating.version.statements[0].id: 1})


def test_occasion_and_outside_window_marking(app, ctx, clock, make_participant):
    participant = _load(make_participant(start_date=date(2027, 3, 1)))
    clock.set(date(2027, 3, 1) + timedelta(weeks=13, days=14))  # last day of window 1
    rating = services.start_or_resume(participant)
    _answer_all(rating)
    services.submit(rating)
    assert rating.occasion == 1
    clock.set(date(2027, 3, 1) + timedelta(weeks=26, days=15))  # one day after window 2
    late = services.start_or_resume(participant)
    _answer_all(late)
    services.submit(late)
    assert late.occasion is None and not late.is_in_window


def test_due_for_follows_the_clock(app, ctx, clock, make_participant):
    participant = _load(make_participant(start_date=date(2027, 3, 1)))
    clock.set(date(2027, 2, 1))
    assert not services.due_for(participant).is_open
    clock.set(date(2027, 2, 15))
    assert services.due_for(participant).is_open
    rating = services.start_or_resume(participant)
    _answer_all(rating)
    services.submit(rating)
    due = services.due_for(participant)
    assert due.occasion == 1 and due.due_date == date(2027, 5, 31) and not due.is_open


def test_window_is_configurable(app, ctx, clock, make_participant):
    app.config["SMAIL_RATING_WINDOW_DAYS"] = 3
    participant = _load(make_participant(start_date=date(2027, 3, 1)))
    clock.set(date(2027, 2, 25))
    assert not services.due_for(participant).is_open


def test_new_version_does_not_change_old_ratings(app, ctx, clock, make_participant, make_admin):
    admin = db.session.get(User, make_admin().id)
    participant = _load(make_participant())
    old = services.start_or_resume(participant)
    _answer_all(old, 2)
    services.submit(old)
    old_texts = [s.text_sv for s in old.version.statements]

    draft = instrument.start_new_version(admin)
    instrument.set_statement_texts(draft, 1, [("Jag tror på mig själv.", "I believe in myself.")])
    instrument.publish_version(draft)
    db.session.commit()

    assert services.current_version().number == 2
    assert old.version.number == 1
    assert [s.text_sv for s in old.version.statements] == old_texts
    clock.advance(weeks=13)
    new = services.start_or_resume(participant)
    assert new.version.number == 2
    assert [s.text_sv for s in new.version.statements_for(1)] == ["Jag tror på mig själv."]


def test_a_draft_in_progress_keeps_its_version_when_a_new_one_is_published(
        app, ctx, clock, make_participant, make_admin):
    admin = db.session.get(User, make_admin().id)
    participant = _load(make_participant())
    services.start_or_resume(participant)
    draft = instrument.start_new_version(admin)
    instrument.publish_version(draft)
    assert services.start_or_resume(participant).version.number == 1


@pytest.mark.parametrize("texts", [
    [],
    [("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")],
    [("bara svenska", "")],
])
def test_statement_rules_in_a_new_version(app, ctx, clock, make_admin, texts):
    admin = db.session.get(User, make_admin().id)
    draft = instrument.start_new_version(admin)
    before = [s.text_sv for s in draft.statements_for(3)]
    with pytest.raises(Refused):
        instrument.set_statement_texts(draft, 3, texts)
    assert [s.text_sv for s in draft.statements_for(3)] == before


def test_published_version_cannot_be_edited(app, ctx, clock):
    with pytest.raises(Refused):
        instrument.set_statement_texts(services.current_version(), 1, [("a", "b")])


def test_progression_first_previous_latest(app, ctx, clock, make_participant):
    participant = _load(make_participant())
    for value in (1, 2, 3, 4):
        rating = services.start_or_resume(participant)
        _answer_all(rating, value)
        services.submit(rating)
        clock.advance(weeks=13)
    progression = progression_for(participant)
    keys = [(key, point.scores[1]) for key, point in progression.radar_points()]
    assert keys == [("first", 1.0), ("previous", 3.0), ("latest", 4.0)]


def test_a_second_rating_in_the_same_window_is_kept_but_counts_for_no_occasion(
        app, ctx, clock, make_participant):
    participant = _load(make_participant())
    first = services.start_or_resume(participant)
    _answer_all(first, 2)
    services.submit(first)
    clock.advance(hours=1)
    second = services.start_or_resume(participant, mode=RatingMode.TOGETHER)
    _answer_all(second, 3)
    services.submit(second)
    assert first.occasion == 0 and second.occasion is None
    assert len(progression_for(participant).self_ratings) == 2


def test_alone_a_participant_starts_a_new_rating_only_when_one_is_due(
        app, ctx, clock, make_participant):
    participant = _load(make_participant(start_date=date(2027, 3, 1)))
    clock.set(date(2027, 2, 1))
    with pytest.raises(Refused):
        services.start_or_resume(participant)
    clock.set(date(2027, 3, 1))
    rating = services.start_or_resume(participant)
    _answer_all(rating)
    services.submit(rating)
    with pytest.raises(Refused):
        services.start_or_resume(participant)
    assert services.start_or_resume(participant, mode=RatingMode.TOGETHER).mode.is_together
