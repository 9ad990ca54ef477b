"""Rating rules: the instrument new ratings use, the schedule, drafts saved answer by answer,
submitting once with the scores fixed, and the ratings the handledare records (together on
their device, and their own parallel rating).

Instrument administration is in ``instrument``; the progression pages read ``progression``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from smail_app import clock
from smail_app.assessments import wording
from smail_app.assessments.indicators import INDICATOR_NUMBERS, SCALE_MAX, SCALE_MIN
from smail_app.assessments.models import (
    Answer,
    IndicatorScore,
    InstrumentVersion,
    RaterKind,
    Rating,
    RatingMode,
    StatementWording,
)
from smail_app.assessments.schedule import Due, Schedule, next_due
from smail_app.assessments.wording import VersionWording
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import Invite, User
from smail_app.certification.rules import handledare_refusal
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.participants.models import Participant


def current_version() -> InstrumentVersion:
    """The published version new ratings are answered on."""
    version = db.session.scalar(
        select(InstrumentVersion).where(InstrumentVersion.published_dt.is_not(None))
        .order_by(InstrumentVersion.number.desc()).limit(1))
    if version is None:
        raise RuntimeError("no published instrument version: run `flask db upgrade`")
    return version


# --- Schedule ---------------------------------------------------------------------------------


def schedule_for(participant: Participant) -> Schedule:
    config = current_app.config
    return Schedule(participant.start_date, config["SMAIL_RATING_INTERVAL_WEEKS"],
                    config["SMAIL_RATING_WINDOW_DAYS"])


def _self_rating_dates(participant: Participant) -> list[date]:
    return list(db.session.scalars(select(Rating.rated_on).where(
        Rating.participant_id == participant.id, Rating.rater_kind == RaterKind.PARTICIPANT,
        Rating.submitted_dt.is_not(None))))


def due_for(participant: Participant, today: date | None = None,
            rated_on: list[date] | None = None) -> Due | None:
    """The next self-rating; None once the participant has left the insats. ``rated_on``:
    the days of their sent self-ratings, when the caller has them already."""
    if not participant.is_active:
        return None
    return next_due(schedule_for(participant), today or clock.today(),
                    _self_rating_dates(participant) if rated_on is None else rated_on)


# --- Drafts, answers, submitting ------------------------------------------------------------


def open_draft(participant: Participant, rater_kind: RaterKind) -> Rating | None:
    return db.session.scalar(select(Rating).where(
        Rating.participant_id == participant.id, Rating.rater_kind == rater_kind,
        Rating.submitted_dt.is_(None)))


@dataclass(frozen=True)
class RatingsToMention:
    """What the handledare's page says about ratings beside the charts."""

    drafts: dict[RaterKind, Rating]  # each rater's open draft
    after_password_link: list[Rating]  # sent in a session opened by a new-password link


def ratings_to_mention(participant: Participant) -> RatingsToMention:
    """Both in one statement, with who gave each password link (answers and scores are
    loaded only if read)."""
    found = db.session.scalars(
        select(Rating).where(Rating.participant_id == participant.id,
                             or_(Rating.submitted_dt.is_(None),
                                 Rating.password_link_id.is_not(None)))
        .options(lazyload(Rating.answers), lazyload(Rating.scores),
                 joinedload(Rating.password_link).joinedload(Invite.created_by)
                 .lazyload(User.role_rows))
        .order_by(Rating.submitted_dt, Rating.id)).all()
    return RatingsToMention(
        {RaterKind(r.rater_kind): r for r in found if r.submitted_dt is None},
        [r for r in found if r.submitted_dt is not None])


@dataclass(frozen=True)
class OccasionPreview:
    """What a rating started today would count for: an occasion (open until ``closes_on``),
    or none (kept outside the schedule; the next window opens ``next_opens``)."""

    occasion: int | None
    closes_on: date | None = None
    next_opens: date | None = None


def occasion_if_rated_today(participant: Participant, rater_kind: RaterKind,
                            taken: Collection[int | None] | None = None) -> OccasionPreview:
    """Said before a handledare starts a rating, so that one weeks before the due date is
    not stored "outside the schedule" unnoticed while the real occasion stays open.
    ``taken``: the occasions this rater's sent ratings count for, when the caller has them."""
    schedule = schedule_for(participant)
    today = clock.today()
    occasion = schedule.occasion_for(today)
    if taken is None and occasion is not None:
        taken = set(db.session.scalars(select(Rating.occasion).where(
            Rating.participant_id == participant.id, Rating.rater_kind == rater_kind,
            Rating.occasion == occasion, Rating.submitted_dt.is_not(None))))
    if occasion is not None and occasion not in (taken or ()):
        return OccasionPreview(occasion, closes_on=schedule.closes(occasion))
    latest_opened = schedule.current_occasion(today)
    upcoming = 0 if latest_opened is None else latest_opened + 1
    return OccasionPreview(None, next_opens=schedule.opens(upcoming))


def rating_of(participant: Participant, public_id: str, rater_kind: RaterKind,
              mode: RatingMode | None = None) -> Rating | None:
    """One of the participant's ratings by this rater (and mode), found by its public id."""
    # The version's wording is kept per process (``wording_of``); a draft has no scores to
    # load (a sent rating's are loaded when first read).
    query = (select(Rating).where(Rating.public_id == public_id,
                                  Rating.participant_id == participant.id,
                                  Rating.rater_kind == rater_kind)
             .options(lazyload(Rating.scores)))
    if mode is not None:
        query = query.where(Rating.mode == mode)
    return db.session.scalar(query)


# Built once (the rating steps are the pages participants load most): bound parameters for
# the signed-in user and the rating's public id. The participant and the answers (at most
# one row per statement) come in the same statement: every step reads both.
_OWN_RATING = (
    select(Rating).join(Participant, Participant.id == Rating.participant_id)
    .where(Participant.user_id == bindparam("user_id"),
           Rating.public_id == bindparam("public_id"),
           Rating.rater_kind == RaterKind.PARTICIPANT)
    .options(contains_eager(Rating.participant), lazyload(Rating.scores),
             joinedload(Rating.answers)))


def own_rating(user: User, public_id: str) -> Rating | None:
    """One of the signed-in participant's own ratings, by its public id, with the participant
    and the answers given so far."""
    return db.session.scalars(
        _OWN_RATING, {"user_id": user.id, "public_id": public_id}).unique().one_or_none()


def is_time_for_new_rating(participant: Participant, today: date | None = None) -> bool:
    """The participant may begin a rating of their own while an occasion is open for them."""
    due = due_for(participant, today)
    return due is not None and due.is_open


def start_or_resume(participant: Participant, *, rater_kind: RaterKind = RaterKind.PARTICIPANT,
                    mode: RatingMode = RatingMode.ALONE,
                    recorded_by: User | None = None) -> Rating:
    """The open draft, or a new one on the current instrument version. The participant alone
    begins a new one only when it is time (a handledare may record one at any time).

    Two tabs (or a double tap) get the same draft: the database allows one open draft per
    participant and rater.
    """
    existing = open_draft(participant, rater_kind)
    if existing is not None:
        return existing
    if mode is RatingMode.ALONE and rater_kind is RaterKind.PARTICIPANT \
            and not is_time_for_new_rating(participant):
        raise Refused(_("Det är inte dags för en ny skattning än."))
    if not participant.is_active:
        raise Refused(_("Deltagaren har avslutat insatsen."))
    rating = Rating(participant_id=participant.id, version_id=current_version().id,
                    rater_kind=rater_kind, mode=mode,
                    recorded_by_id=recorded_by.id if recorded_by else None,
                    started_dt=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(rating)
    except IntegrityError:
        existing = open_draft(participant, rater_kind)
        if existing is None:
            raise
        return existing
    return rating


def wording_of(rating: Rating) -> VersionWording | InstrumentVersion:
    """The statements of the version the rating is answered on."""
    return wording.of_version(rating.version_id)


def save_answers(rating: Rating, values: dict[int, int]) -> None:
    """Store answers (statement id → 1-5) on a draft; later answers replace earlier ones."""
    if rating.is_submitted:
        raise Refused(_("Skattningen är redan skickad och kan inte ändras."))
    statement_ids = {s.id for s in wording_of(rating).statements}
    for statement_id, value in values.items():
        if statement_id not in statement_ids:
            raise Refused(_("Påståendet hör inte till den här skattningen."))
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise Refused(_("Välj ett svar från 1 till 5."))
    by_statement = {a.statement_id: a for a in rating.answers}
    now = clock.now()
    for statement_id, value in values.items():
        answer = by_statement.get(statement_id)
        if answer is None:
            answer = _insert_answer(rating, statement_id, value, now)
        answer.value = value
        answer.answered_dt = now
    db.session.flush()
    db.session.expire(rating, ["answers"])


def save_step(rating: Rating, values: dict[int, int], *, moving_on: bool) -> None:
    """Save one step's answers. Moving on from a step needs at least one of them answered."""
    save_answers(rating, values)
    if moving_on and not values:
        raise Refused(_("Välj ett svar för minst ett av påståendena."))


def _insert_answer(rating: Rating, statement_id: int, value: int, now: datetime) -> Answer:
    """A new answer; if another request (the autosave of the same click) stored it a moment
    earlier, that row is returned to be updated instead."""
    answer = Answer(rating_id=rating.id, statement_id=statement_id, value=value, answered_dt=now)
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        existing = db.session.scalar(select(Answer).where(
            Answer.rating_id == rating.id, Answer.statement_id == statement_id))
        if existing is None:
            raise
        return existing
    return answer


def answers_by_statement(rating: Rating) -> dict[int, int]:
    return {a.statement_id: a.value for a in rating.answers}


def unanswered_indicators(rating: Rating) -> list[int]:
    """Indicators without a single answered statement (each needs at least one)."""
    answered = answers_by_statement(rating)
    return [n for n in INDICATOR_NUMBERS
            if not any(s.id in answered for s in wording_of(rating).statements_for(n))]


def unanswered_statements(rating: Rating) -> list[StatementWording]:
    """Statements left without an answer (an indicator needs only one, but the participant
    is told how many are left before sending)."""
    answered = answers_by_statement(rating)
    return [s for n in INDICATOR_NUMBERS for s in wording_of(rating).statements_for(n)
            if s.id not in answered]


def first_step_to_answer(rating: Rating) -> int | None:
    missing = unanswered_indicators(rating)
    return missing[0] if missing else None


def indicator_scores(rating: Rating) -> dict[int, float]:
    """Each indicator's score: the mean of its answered statements."""
    answered = answers_by_statement(rating)
    statements = wording_of(rating)
    scores: dict[int, float] = {}
    for number in INDICATOR_NUMBERS:
        values = [answered[s.id] for s in statements.statements_for(number) if s.id in answered]
        if values:
            scores[number] = round(sum(values) / len(values), 2)
    return scores


def _occasion_still_open(rating: Rating, today: date) -> int | None:
    """The occasion ``today`` falls in, unless the same rater already has a rating for it:
    the first rating counts; a second one (say, rated together an hour after rating alone)
    is kept and marked outside the schedule, like any rating outside a window."""
    occasion = schedule_for(rating.participant).occasion_for(today)
    if occasion is None:
        return None
    taken = db.session.scalar(select(Rating.id).where(
        Rating.participant_id == rating.participant_id, Rating.rater_kind == rating.rater_kind,
        Rating.occasion == occasion, Rating.submitted_dt.is_not(None), Rating.id != rating.id))
    return None if taken is not None else occasion


def submit(rating: Rating, *, password_link_id: int | None = None) -> Rating:
    """Fix the scores and the occasion. Submitting twice stores one rating.
    ``password_link_id``: the session was opened with that new-password link."""
    if rating.is_submitted:
        return rating
    if unanswered_indicators(rating):
        raise Refused(_("Svara på minst ett påstående för varje indikator innan du skickar."))
    if rating.is_by_handledare and rating.belief is None:
        raise Refused(_("Svara på hur stor din tro är på att deltagaren når arbete eller "
                             "studier."), "belief")
    today = clock.today()
    claimed = db.session.execute(
        update(Rating).where(Rating.id == rating.id, Rating.submitted_dt.is_(None))
        .values(submitted_dt=clock.now(), rated_on=today,
                occasion=_occasion_still_open(rating, today), password_link_id=password_link_id)
        .execution_options(synchronize_session=False))
    db.session.refresh(rating)
    if claimed.rowcount == 1:
        answered = answers_by_statement(rating)
        for number, score in indicator_scores(rating).items():
            statements = wording_of(rating).statements_for(number)
            db.session.add(IndicatorScore(
                rating_id=rating.id, indicator=number, score=score, statements=len(statements),
                answered=sum(1 for statement in statements if statement.id in answered)))
        db.session.flush()
        db.session.refresh(rating)
    return rating


# --- Ratings recorded by the handledare: together, and in parallel -------------------------

BELIEF_MIN, BELIEF_MAX = 1, 5


def check_may_rate_for_others(user: User) -> None:
    """Only a person with a valid användare certification records a rating for someone else."""
    refusal = handledare_refusal(user, clock.today())
    if refusal is not None:
        raise Refused(str(refusal))


def start_together(participant: Participant, handledare: User) -> Rating:
    """The participant's own rating, on the handledare's device, recorded as done together.
    A draft the participant began alone is continued, and counts as done together."""
    check_may_rate_for_others(handledare)
    rating = start_or_resume(participant, rater_kind=RaterKind.PARTICIPANT,
                             mode=RatingMode.TOGETHER, recorded_by=handledare)
    rating.mode = RatingMode.TOGETHER
    rating.recorded_by_id = handledare.id
    db.session.flush()
    log_access(handledare, participant, AccessAction.RATING, "together: started")
    return rating


def start_parallel(participant: Participant, handledare: User) -> Rating:
    """The handledare's own rating of the same seven indicators (BIP's parallel rating)."""
    check_may_rate_for_others(handledare)
    rating = start_or_resume(participant, rater_kind=RaterKind.HANDLEDARE,
                             mode=RatingMode.ALONE, recorded_by=handledare)
    rating.recorded_by_id = handledare.id
    db.session.flush()
    log_access(handledare, participant, AccessAction.RATING, "parallel: started")
    return rating


def set_belief(rating: Rating, value: int) -> None:
    """"Min tro på att deltagaren når arbete eller studier", 1-5, on a handledare rating."""
    if not rating.is_by_handledare:
        raise Refused(_("Bara handledarens skattning har den frågan."), "belief")
    if rating.is_submitted:
        raise Refused(_("Skattningen är redan skickad och kan inte ändras."), "belief")
    if isinstance(value, bool) or not BELIEF_MIN <= value <= BELIEF_MAX:
        raise Refused(_("Välj ett svar från 1 till 5."), "belief")
    rating.belief = value
    db.session.flush()


def submit_for_participant(rating: Rating, handledare: User) -> Rating:
    """Submit a rating the handledare records (together or parallel)."""
    check_may_rate_for_others(handledare)
    was_submitted = rating.is_submitted
    submit(rating)
    if not was_submitted:
        kind = "parallel" if rating.is_by_handledare else "together"
        log_access(handledare, rating.participant, AccessAction.RATING, f"{kind}: submitted")
    return rating


