"""The facts the caseload orders by (participants/facts.py) always equal their definition:
after ratings are added, sent through the service, moved, deleted, and after plan
activities come and go, through the ORM, bulk statements and plain SQL alike."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select, text, update

from smail_app.assessments import services as assessment_services
from smail_app.assessments.models import RaterKind, Rating
from smail_app.extensions import db
from smail_app.participants.models import Participant
from smail_app.plans.models import ActionPlan, PlanActivity
from tests.factories import add_activity, add_rating


def _stored(app) -> dict[int, tuple[date | None, bool]]:
    with app.app_context():
        return {row.id: (row.last_self_rated_on, bool(row.has_plan_activity))
                for row in db.session.execute(select(
                    Participant.id, Participant.last_self_rated_on,
                    Participant.has_plan_activity))}


def _defined(app) -> dict[int, tuple[date | None, bool]]:
    """What the facts mean, asked of the ratings and plans themselves."""
    with app.app_context():
        last = dict(db.session.execute(
            select(Rating.participant_id, func.max(Rating.rated_on))
            .where(Rating.rater_kind == RaterKind.PARTICIPANT, Rating.submitted_dt.is_not(None))
            .group_by(Rating.participant_id)).all())
        planned = set(db.session.scalars(
            select(ActionPlan.participant_id).join(PlanActivity)))
        return {pid: (last.get(pid), pid in planned)
                for pid in db.session.scalars(select(Participant.id))}


def test_the_stored_facts_follow_every_kind_of_write(app, make_insats, make_certified_handledare,
                                                    make_participant, clock):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    first, second, untouched = (make_participant(insats, start_date=date(2027, 1, 4))
                                for _ in range(3))
    assert _stored(app)[first.id] == (None, False)

    # ORM inserts of sent ratings; the handledare's rating and a draft count for nothing
    add_rating(app, first, date(2027, 1, 4))
    add_rating(app, first, date(2027, 4, 5))
    add_rating(app, first, date(2027, 5, 3), rater=RaterKind.HANDLEDARE, belief=3,
               recorded_by=handledare)
    add_rating(app, second, date(2027, 1, 5))
    clock.set(date(2027, 7, 5))
    with app.app_context():
        draft = assessment_services.start_or_resume(db.session.get(Participant, second.id))
        db.session.commit()
        draft_id = draft.id
    assert _stored(app)[first.id] == (date(2027, 4, 5), False)
    assert _stored(app)[second.id] == (date(2027, 1, 5), False)

    # sending the draft through the service (a bulk UPDATE) moves the date
    with app.app_context():
        draft = db.session.get(Rating, draft_id)
        statements = draft.version.statements
        assessment_services.save_answers(draft, {s.id: 4 for s in statements})
        assessment_services.submit(draft)
        db.session.commit()
    assert _stored(app)[second.id] == (date(2027, 7, 5), False)

    # plan activities, added through the plan service
    add_activity(app, first, handledare)
    assert _stored(app)[first.id] == (date(2027, 4, 5), True)
    assert _stored(app) == _defined(app)

    with app.app_context():
        # a date changed, a rating deleted, by bulk statements and by plain SQL
        db.session.execute(update(Rating).where(Rating.participant_id == first.id,
                                                Rating.rated_on == date(2027, 4, 5))
                           .values(rated_on=date(2027, 4, 12)))
        db.session.commit()
    assert _stored(app)[first.id] == (date(2027, 4, 12), True)
    with app.app_context():
        db.session.execute(text("DELETE FROM ratings WHERE participant_id = :p AND rated_on = :d"),
                           {"p": first.id, "d": date(2027, 4, 12)})
        db.session.commit()
    assert _stored(app)[first.id] == (date(2027, 1, 4), True)
    with app.app_context():
        db.session.execute(delete(PlanActivity))
        db.session.commit()
    assert _stored(app)[first.id] == (date(2027, 1, 4), False)

    # a rating handed to another participant (a correction): both are recomputed
    with app.app_context():
        db.session.execute(update(Rating).where(Rating.participant_id == first.id)
                           .values(participant_id=untouched.id))
        db.session.commit()
    assert _stored(app)[first.id] == (None, False)
    assert _stored(app)[untouched.id] == (date(2027, 1, 4), False)

    # a plan removed with its activities
    add_activity(app, second, handledare)
    assert _stored(app)[second.id][1] is True
    with app.app_context():
        db.session.execute(delete(ActionPlan).where(ActionPlan.participant_id == second.id))
        db.session.commit()
    assert _stored(app)[second.id][1] is False
    assert _stored(app) == _defined(app)


def test_create_all_again_keeps_one_set_of_triggers(app, make_participant):
    """``create_all`` on a database that has the tables (and so the triggers) already."""
    with app.app_context():
        db.create_all()
        db.session.commit()
    participant = make_participant(start_date=date(2027, 1, 4))
    add_rating(app, participant, date(2027, 1, 4))
    assert _stored(app)[participant.id] == (date(2027, 1, 4), False)
