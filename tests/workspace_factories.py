"""Small factories for the handledare's workspace tests: submitted ratings on given days and
action plan activities, written straight to the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.assessments.models import IndicatorScore, RaterKind, Rating, RatingMode
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from smail_app.plans import services as plan_services


def add_rating(app: Flask, participant: Participant, rated_on: date,
               scores: float | dict[int, float] = 3, *,
               rater: RaterKind = RaterKind.PARTICIPANT, belief: int | None = None,
               mode: RatingMode = RatingMode.ALONE, recorded_by: User | None = None) -> str:
    """A submitted rating with the given indicator scores; returns its public id."""
    with app.app_context():
        fresh = db.session.get(Participant, participant.id)
        by_indicator = scores if isinstance(scores, dict) else dict.fromkeys(
            INDICATOR_NUMBERS, float(scores))
        moment = datetime.combine(rated_on, time(10), tzinfo=UTC)
        rating = Rating(
            participant_id=fresh.id, version_id=assessment_services.current_version().id,
            rater_kind=str(rater), mode=str(mode),
            recorded_by_id=recorded_by.id if recorded_by else None, started_dt=moment,
            submitted_dt=moment, rated_on=rated_on, belief=belief,
            occasion=assessment_services.schedule_for(fresh).occasion_for(rated_on))
        rating.scores = [IndicatorScore(indicator=n, score=s) for n, s in by_indicator.items()]
        db.session.add(rating)
        db.session.commit()
        return rating.public_id


def add_activity(app: Flask, participant: Participant, by: User, title: str = "Praktik",
                 indicators: tuple[int, ...] = (1,), due_date: date = date(2027, 12, 1),
                 status: str = "planerad", responsible: str = "deltagare") -> str:
    with app.app_context():
        fresh = db.session.get(Participant, participant.id)
        actor = db.session.get(User, by.id)
        activity = plan_services.add_activity(fresh, plan_services.ActivityDetails(
            title=title, indicators=list(indicators), responsible=responsible,
            due_date=due_date, status=status), actor)
        db.session.commit()
        return activity.public_id


# --- Bad input: hostile values, "4xx with a message, no 500, nothing written" ---------------

HOSTILE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(["", " ", "0", "6", "-1", "abc", "4.5", "1e3", "\x00", "<script>x</script>",
                     "' OR 1=1 --", "9" * 400, "2027-02-30", "2027-13", "ÅÄÖ", "\u202e", "null",
                     "planerad", "partner", "arbete_subventionerat", "1", "2027-04-01"]),
)
FUZZ = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _row_count() -> int:
    """Rows in every table but the access log: a page shown again with its errors logs
    what it showed (and writes nothing else)."""
    return sum(db.session.scalar(select(func.count()).select_from(table))
               for table in db.metadata.sorted_tables if table.name != "access_log")


def check_refused_or_fine(app: Flask, send: Callable[[], object]) -> None:
    """A 4xx says what is wrong and writes nothing but the access-log entry of what it
    showed; otherwise no 500."""
    with app.app_context():
        before = _row_count()
    response = send()
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if 400 <= response.status_code < 500:
        assert response.get_data(as_text=True).strip(), "an error answer must say what is wrong"
        with app.app_context():
            db.session.expire_all()
            assert _row_count() == before
