"""Rating rules: the current instrument, drafts saved answer by answer, submitting once,
scores, the schedule, rating together on the handledare's device, the handledare's parallel
rating, and the progression a participant and their handledare see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from smail_app import clock
from smail_app.assessments.indicators import (
    DEFAULT_STATEMENTS,
    INDICATOR_NUMBERS,
    SCALE_MAX,
    SCALE_MIN,
)
from smail_app.assessments.models import (
    Answer,
    IndicatorScore,
    InstrumentVersion,
    RaterKind,
    Rating,
    RatingMode,
    Statement,
)
from smail_app.assessments.schedule import Due, Schedule, next_due
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant


class RatingError(ValueError):
    """A rating rule was broken; the message is shown to the user."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.field = field


# --- Instrument versions ---------------------------------------------------------------------


def current_version() -> InstrumentVersion:
    version = db.session.scalar(
        select(InstrumentVersion).where(InstrumentVersion.published_dt.is_not(None))
        .order_by(InstrumentVersion.number.desc()).limit(1))
    if version is None:
        raise RuntimeError("no published instrument version: run `flask db upgrade`")
    return version


def install_default_instrument() -> InstrumentVersion:
    """Version 1 with the project's default wording (the migration does the same)."""
    now = clock.now()
    version = InstrumentVersion(number=1, note="Projektets standardformulering", created_dt=now,
                                published_dt=now)
    positions: dict[int, int] = defaultdict(int)
    for indicator, text_sv, text_en in DEFAULT_STATEMENTS:
        positions[indicator] += 1
        version.statements.append(Statement(indicator=indicator, position=positions[indicator],
                                            text_sv=text_sv, text_en=text_en))
    db.session.add(version)
    db.session.flush()
    return version


def draft_version() -> InstrumentVersion | None:
    return db.session.scalar(select(InstrumentVersion).where(
        InstrumentVersion.published_dt.is_(None)).order_by(InstrumentVersion.number.desc()))


def start_new_version(created_by: User) -> InstrumentVersion:
    """A draft copy of the current wording for the admin to edit; one draft at a time."""
    existing = draft_version()
    if existing is not None:
        return existing
    current = current_version()
    number = (db.session.scalar(select(func.max(InstrumentVersion.number))) or 0) + 1
    draft = InstrumentVersion(number=number, created_dt=clock.now(), created_by_id=created_by.id)
    for statement in current.statements:
        draft.statements.append(Statement(indicator=statement.indicator,
                                          position=statement.position,
                                          text_sv=statement.text_sv, text_en=statement.text_en))
    db.session.add(draft)
    db.session.flush()
    return draft


def set_statement_texts(draft: InstrumentVersion, indicator: int,
                        texts: list[tuple[str, str]], note: str | None = None) -> None:
    """Replace one indicator's statements in a draft: 1 to 3, each in Swedish and English."""
    if draft.is_published:
        raise RatingError(_l("En publicerad version kan inte ändras."))
    if indicator not in INDICATOR_NUMBERS:
        raise RatingError(_l("Okänd indikator."))
    cleaned = [(sv.strip(), en.strip()) for sv, en in texts if sv.strip() or en.strip()]
    if not 1 <= len(cleaned) <= 3:
        raise RatingError(_l("Varje indikator ska ha ett till tre påståenden."), "statements")
    if any(not sv or not en for sv, en in cleaned):
        raise RatingError(_l("Varje påstående behöver text på både svenska och engelska."),
                          "statements")
    for statement in draft.statements_for(indicator):
        draft.statements.remove(statement)
    db.session.flush()
    for position, (text_sv, text_en) in enumerate(cleaned, start=1):
        draft.statements.append(Statement(indicator=indicator, position=position,
                                          text_sv=text_sv, text_en=text_en))
    if note is not None:
        draft.note = note.strip()[:500]
    db.session.flush()


def publish_version(draft: InstrumentVersion) -> None:
    """New ratings use it from now on; ratings already started keep their own version."""
    if draft.is_published:
        raise RatingError(_l("Versionen är redan publicerad."))
    missing = [n for n in INDICATOR_NUMBERS if not draft.statements_for(n)]
    if missing:
        raise RatingError(_l("Alla sju indikatorer behöver minst ett påstående."))
    draft.published_dt = clock.now()
    db.session.flush()


# --- Schedule ---------------------------------------------------------------------------------


def schedule_for(participant: Participant) -> Schedule:
    config = current_app.config
    return Schedule(participant.start_date, config["SMAIL_RATING_INTERVAL_WEEKS"],
                    config["SMAIL_RATING_WINDOW_DAYS"])


def _self_rating_dates(participant: Participant) -> list[date]:
    return list(db.session.scalars(select(Rating.rated_on).where(
        Rating.participant_id == participant.id, Rating.rater_kind == RaterKind.PARTICIPANT,
        Rating.submitted_dt.is_not(None))))


def due_for(participant: Participant, today: date | None = None) -> Due | None:
    """The next self-rating; None once the participant has left the insats."""
    if not participant.is_active:
        return None
    return next_due(schedule_for(participant), today or clock.today(),
                    _self_rating_dates(participant))


# --- Drafts, answers, submitting ------------------------------------------------------------


def open_draft(participant: Participant, rater_kind: RaterKind) -> Rating | None:
    return db.session.scalar(select(Rating).where(
        Rating.participant_id == participant.id, Rating.rater_kind == rater_kind,
        Rating.submitted_dt.is_(None)))


def start_or_resume(participant: Participant, *, rater_kind: RaterKind = RaterKind.PARTICIPANT,
                    mode: RatingMode = RatingMode.ALONE,
                    recorded_by: User | None = None) -> Rating:
    """The open draft, or a new one on the current instrument version.

    Two tabs (or a double tap) get the same draft: the database allows one open draft per
    participant and rater.
    """
    existing = open_draft(participant, rater_kind)
    if existing is not None:
        return existing
    if not participant.is_active:
        raise RatingError(_l("Deltagaren har avslutat insatsen."))
    rating = Rating(participant_id=participant.id, version_id=current_version().id,
                    rater_kind=str(rater_kind), mode=str(mode),
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


def parse_value(raw: object) -> int:
    """A scale value from a form or API: an integer from 1 to 5, nothing else."""
    if isinstance(raw, bool):
        raise RatingError(_l("Välj ett svar från 1 till 5."))
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip() in {"1", "2", "3", "4", "5"}:  # ASCII only
        value = int(raw.strip())
    else:
        raise RatingError(_l("Välj ett svar från 1 till 5."))
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise RatingError(_l("Välj ett svar från 1 till 5."))
    return value


def save_answers(rating: Rating, values: dict[int, int]) -> None:
    """Store answers (statement id → 1-5) on a draft; later answers replace earlier ones."""
    if rating.is_submitted:
        raise RatingError(_l("Skattningen är redan skickad och kan inte ändras."))
    statement_ids = {s.id for s in rating.version.statements}
    for statement_id, value in values.items():
        if statement_id not in statement_ids:
            raise RatingError(_l("Påståendet hör inte till den här skattningen."))
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise RatingError(_l("Välj ett svar från 1 till 5."))
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
            if not any(s.id in answered for s in rating.version.statements_for(n))]


def first_step_to_answer(rating: Rating) -> int | None:
    missing = unanswered_indicators(rating)
    return missing[0] if missing else None


def indicator_scores(rating: Rating) -> dict[int, float]:
    """Each indicator's score: the mean of its answered statements."""
    answered = answers_by_statement(rating)
    scores: dict[int, float] = {}
    for number in INDICATOR_NUMBERS:
        values = [answered[s.id] for s in rating.version.statements_for(number) if s.id in answered]
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


def submit(rating: Rating) -> Rating:
    """Fix the scores and the occasion. Submitting twice stores one rating."""
    if rating.is_submitted:
        return rating
    if unanswered_indicators(rating):
        raise RatingError(_l("Svara på minst ett påstående för varje indikator innan du skickar."))
    if rating.is_by_handledare and rating.belief is None:
        raise RatingError(_l("Svara på hur stor din tro är på att deltagaren når arbete eller "
                             "studier."), "belief")
    today = clock.today()
    claimed = db.session.execute(
        update(Rating).where(Rating.id == rating.id, Rating.submitted_dt.is_(None))
        .values(submitted_dt=clock.now(), rated_on=today,
                occasion=_occasion_still_open(rating, today))
        .execution_options(synchronize_session=False))
    db.session.refresh(rating)
    if claimed.rowcount == 1:
        for number, score in indicator_scores(rating).items():
            db.session.add(IndicatorScore(rating_id=rating.id, indicator=number, score=score))
        db.session.flush()
        db.session.refresh(rating)
    return rating


# --- Ratings recorded by the handledare: together, and in parallel -------------------------

TALKING_POINT_GAP = 2  # a difference this large between the two ratings is worth a talk
BELIEF_MIN, BELIEF_MAX = 1, 5


def check_may_rate_for_others(user: User) -> None:
    """Only a person with a valid användare certification records a rating for someone else."""
    from smail_app.certification.rules import handledare_refusal

    refusal = handledare_refusal(user, clock.today())
    if refusal is not None:
        raise RatingError(refusal)


def start_together(participant: Participant, handledare: User) -> Rating:
    """The participant's own rating, on the handledare's device, recorded as done together.
    A draft the participant began alone is continued, and counts as done together."""
    check_may_rate_for_others(handledare)
    rating = start_or_resume(participant, rater_kind=RaterKind.PARTICIPANT,
                             mode=RatingMode.TOGETHER, recorded_by=handledare)
    rating.mode = str(RatingMode.TOGETHER)
    rating.recorded_by_id = handledare.id
    db.session.flush()
    log_access(handledare, participant, "rating", "together: started")
    return rating


def start_parallel(participant: Participant, handledare: User) -> Rating:
    """The handledare's own rating of the same seven indicators (BIP's parallel rating)."""
    check_may_rate_for_others(handledare)
    rating = start_or_resume(participant, rater_kind=RaterKind.HANDLEDARE,
                             mode=RatingMode.ALONE, recorded_by=handledare)
    rating.recorded_by_id = handledare.id
    db.session.flush()
    log_access(handledare, participant, "rating", "parallel: started")
    return rating


def set_belief(rating: Rating, value: int) -> None:
    """"Min tro på att deltagaren når arbete eller studier", 1-5, on a handledare rating."""
    if not rating.is_by_handledare:
        raise RatingError(_l("Bara handledarens skattning har den frågan."), "belief")
    if rating.is_submitted:
        raise RatingError(_l("Skattningen är redan skickad och kan inte ändras."), "belief")
    if isinstance(value, bool) or not BELIEF_MIN <= value <= BELIEF_MAX:
        raise RatingError(_l("Välj ett svar från 1 till 5."), "belief")
    rating.belief = value
    db.session.flush()


def submit_for_participant(rating: Rating, handledare: User) -> Rating:
    """Submit a rating the handledare records (together or parallel)."""
    check_may_rate_for_others(handledare)
    was_submitted = rating.is_submitted
    submit(rating)
    if not was_submitted:
        kind = "parallel" if rating.is_by_handledare else "together"
        log_access(handledare, rating.participant, "rating", f"{kind}: submitted")
    return rating


# --- Progression --------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingPoint:
    public_id: str
    rated_on: date
    occasion: int | None
    rater_kind: str
    mode: str
    version_number: int
    scores: dict[int, float]
    belief: int | None = None

    @property
    def mean(self) -> float | None:
        return round(sum(self.scores.values()) / len(self.scores), 2) if self.scores else None


@dataclass(frozen=True)
class Progression:
    self_ratings: list[RatingPoint]

    @property
    def first(self) -> RatingPoint | None:
        return self.self_ratings[0] if self.self_ratings else None

    @property
    def latest(self) -> RatingPoint | None:
        return self.self_ratings[-1] if self.self_ratings else None

    @property
    def previous(self) -> RatingPoint | None:
        return self.self_ratings[-2] if len(self.self_ratings) >= 3 else None

    def radar_points(self) -> list[tuple[str, RatingPoint]]:
        """First, previous and latest, each once (labels are keys the template translates)."""
        points: list[tuple[str, RatingPoint]] = []
        if self.first is not None:
            points.append(("first", self.first))
        if self.previous is not None:
            points.append(("previous", self.previous))
        if self.latest is not None and self.latest is not self.first:
            points.append(("latest", self.latest))
        return points


def progression_for(participant: Participant,
                    rater_kind: RaterKind = RaterKind.PARTICIPANT) -> Progression:
    """Submitted ratings by one rater (the participant's own, or the handledare's), oldest
    first, in one query."""
    rows = db.session.execute(
        select(Rating.public_id, Rating.rated_on, Rating.occasion, Rating.rater_kind,
               Rating.mode, InstrumentVersion.number, Rating.belief, IndicatorScore.indicator,
               IndicatorScore.score)
        .join(InstrumentVersion, Rating.version_id == InstrumentVersion.id)
        .join(IndicatorScore, IndicatorScore.rating_id == Rating.id)
        .where(Rating.participant_id == participant.id, Rating.submitted_dt.is_not(None),
               Rating.rater_kind == rater_kind)
        .order_by(Rating.submitted_dt, Rating.id, IndicatorScore.indicator)).all()
    points: dict[str, RatingPoint] = {}
    for public_id, rated_on, occasion, kind, mode, number, belief, indicator, score in rows:
        point = points.get(public_id)
        if point is None:
            point = RatingPoint(public_id, rated_on, occasion, kind, mode, number, {}, belief)
            points[public_id] = point
        point.scores[indicator] = score
    return Progression(list(points.values()))


@dataclass(frozen=True)
class ComparisonRow:
    indicator: int
    participant_score: float | None
    handledare_score: float | None

    @property
    def gap(self) -> float | None:
        if self.participant_score is None or self.handledare_score is None:
            return None
        return round(self.handledare_score - self.participant_score, 2)

    @property
    def is_talking_point(self) -> bool:
        """A difference of 2 or more: something to talk about, not a verdict."""
        return self.gap is not None and abs(self.gap) >= TALKING_POINT_GAP


@dataclass(frozen=True)
class Comparison:
    participant_point: RatingPoint | None
    handledare_point: RatingPoint
    rows: list[ComparisonRow]

    @property
    def talking_points(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.is_talking_point]


def compare(own: Progression, handledare: Progression) -> Comparison | None:
    """The handledare's latest rating beside the participant's rating of the same occasion
    (or, outside the schedule, the participant's latest one given before it)."""
    theirs = handledare.latest
    if theirs is None:
        return None
    mine = None
    if theirs.occasion is not None:
        mine = next((p for p in reversed(own.self_ratings) if p.occasion == theirs.occasion),
                    None)
    if mine is None:
        mine = next((p for p in reversed(own.self_ratings) if p.rated_on <= theirs.rated_on),
                    None)
    rows = [ComparisonRow(n, mine.scores.get(n) if mine else None, theirs.scores.get(n))
            for n in INDICATOR_NUMBERS]
    return Comparison(mine, theirs, rows)
