"""Factories: the people, insatser, certificates, ratings and plan activities a test needs,
written straight to the database, so a test reads as the scenario it checks.

Each takes the ``app`` and returns a detached object (or a public id). ``tests/conftest.py``
wraps the common ones as fixtures (``make_staff``, ``make_participant``, ``certify``, ...).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from typing import Any

from flask import Flask

from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.assessments.models import IndicatorScore, RaterKind, Rating, RatingMode
from smail_app.auth import services as auth_services
from smail_app.auth import totp as auth_totp
from smail_app.auth.models import Role, User, UserRole
from smail_app.certification.models import (
    Certificate,
    Course,
    CourseSession,
    CourseTrainer,
    Enrolment,
    SessionAttendance,
)
from smail_app.extensions import db
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.models import Participant
from smail_app.plans import services as plan_services

PASSWORD = "correct horse battery"

_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """``prefix`` with a number no other factory call in this run has used."""
    return f"{prefix}{next(_serial)}"


def _detached(obj: Any) -> Any:
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


# --- People and organisations -------------------------------------------------------------


def make_staff(app: Flask, *roles: str, email: str | None = None, name: str | None = None,
               gender: str = "kvinna") -> User:
    """A staff account with ``roles``; an admin gets a confirmed TOTP second factor."""
    with app.app_context():
        user = auth_services.create_staff_user(
            email or f"{unique('staff')}@example.se", PASSWORD,
            display_name=name or unique("Personal "), roles=list(roles), gender=gender)
        if Role.ADMIN in roles:
            auth_totp.start_totp_enrolment(user)
            user.totp_confirmed_dt = datetime.now(UTC)
        db.session.commit()
        return _detached(user)


def make_insats(app: Flask, name: str | None = None, kommun: str = "Knivsta kommun") -> Insats:
    """An insats owned by ``kommun`` (created when it does not exist yet)."""
    with app.app_context():
        owner = db.session.scalar(db.select(Organisation).filter_by(name=kommun))
        if owner is None:
            owner = Organisation(name=kommun, kind="kommun", created_dt=datetime.now(UTC))
            db.session.add(owner)
            db.session.flush()
        insats = Insats(name=name or unique("Insats "), owner_id=owner.id,
                        start_date=date(2026, 1, 1), created_dt=datetime.now(UTC))
        db.session.add(insats)
        db.session.commit()
        return _detached(insats)


def grant_certificate(app: Flask, user: User, kind: str = "anvandare",
                      issued_on: date = date(2025, 1, 1), valid_until: date | None = None) -> None:
    """Record a certificate for ``user`` as the registry holds one after a completed course:
    a past course with one attended session, issued by that course's utbildare."""
    with app.app_context():
        now = datetime.now(UTC)
        trainer = User(email=f"{unique('kursutbildare')}@example.se", password_hash="!",
                       display_name=unique("Kursutbildare "), created_dt=now)
        trainer.role_rows = [UserRole(role=Role.UTBILDARE)]
        db.session.add(trainer)
        db.session.flush()
        course = Course(kind=kind, title=unique("Kurs "), home_assignment_minutes=0,
                        created_by_id=trainer.id, created_dt=now)
        course.sessions = [CourseSession(session_date=issued_on, start_time=time(9),
                                         end_time=time(13))]
        course.trainer_rows = [CourseTrainer(user_id=trainer.id)]
        course.enrolments = [Enrolment(user_id=user.id, enrolled_dt=now)]
        db.session.add(course)
        db.session.flush()
        db.session.add(SessionAttendance(session_id=course.sessions[0].id,
                                         enrolment_id=course.enrolments[0].id, is_present=True,
                                         minutes_attended=240, recorded_dt=now))
        db.session.add(Certificate(kind=kind, holder_id=user.id, course_id=course.id,
                                   issued_by_id=trainer.id, issued_on=issued_on,
                                   valid_until=valid_until, created_dt=now))
        db.session.commit()


def join_team(app: Flask, user: User, insats: Insats) -> None:
    with app.app_context():
        db.session.add(TeamMembership(insats_id=insats.id, user_id=user.id,
                                      added_dt=datetime.now(UTC)))
        db.session.commit()


def make_certified_handledare(app: Flask, insats: Insats | None = None, **kw: Any) -> User:
    """A handledare with a valid användare certificate, in the team of ``insats`` (a new
    insats when none is given)."""
    insats = insats or make_insats(app)
    user = make_staff(app, Role.HANDLEDARE, **kw)
    grant_certificate(app, user)
    join_team(app, user, insats)
    return user


def make_participant(app: Flask, insats: Insats | None = None, *, code: str | None = None,
                     start_date: date = date(2027, 3, 1), gender: str = "kvinna",
                     with_account: bool = False, handledare: User | None = None,
                     **kw: Any) -> Participant:
    """A participant of ``insats``; ``with_account`` gives them a sign-in with ``PASSWORD``."""
    insats = insats or make_insats(app)
    with app.app_context():
        participant = Participant(
            insats_id=insats.id, code=code or unique("D-"), gender=gender,
            start_date=start_date, created_dt=datetime.now(UTC),
            handledare_id=handledare.id if handledare else None, **kw)
        if with_account:
            user = auth_services.create_participant_user(unique("deltagare"), PASSWORD)
            participant.user_id = user.id
        db.session.add(participant)
        db.session.commit()
        return _detached(participant)


def participant_user(app: Flask, participant: Participant) -> User:
    """The account ``participant`` signs in with."""
    with app.app_context():
        user = db.session.get(User, participant.user_id)
        db.session.expunge(user)
        return user


# --- Ratings and plans --------------------------------------------------------------------


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
    """An action plan activity added by ``by`` through the plan service; returns its id."""
    with app.app_context():
        fresh = db.session.get(Participant, participant.id)
        actor = db.session.get(User, by.id)
        activity = plan_services.add_activity(fresh, plan_services.ActivityDetails(
            title=title, indicators=list(indicators), responsible=responsible,
            due_date=due_date, status=status), actor)
        db.session.commit()
        return activity.public_id
