"""The progression a participant and their handledare see: each rater's submitted ratings
as points over time, and the handledare's latest rating beside the participant's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.assessments.models import (
    IndicatorScore,
    InstrumentVersion,
    RaterKind,
    Rating,
    RatingMode,
)
from smail_app.extensions import db
from smail_app.participants.models import Participant

TALKING_POINT_GAP = 2  # a difference this large between the two ratings is worth a talk


@dataclass(frozen=True)
class RatingPoint:
    public_id: str
    rated_on: date
    occasion: int | None
    rater_kind: RaterKind
    mode: RatingMode
    version_number: int
    scores: dict[int, float]
    belief: int | None = None
    # indicator -> (statements answered, statements it has), for scores resting on fewer
    partial: dict[int, tuple[int, int]] = field(default_factory=dict)

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
    return _progressions(participant, (rater_kind,))[rater_kind]


def progressions_for(participant: Participant) -> tuple[Progression, Progression]:
    """The participant's own and the handledare's, in one query."""
    found = _progressions(participant, (RaterKind.PARTICIPANT, RaterKind.HANDLEDARE))
    return found[RaterKind.PARTICIPANT], found[RaterKind.HANDLEDARE]


def _progressions(participant: Participant,
                  rater_kinds: tuple[RaterKind, ...]) -> dict[RaterKind, Progression]:
    rows = db.session.execute(
        select(Rating.public_id, Rating.rated_on, Rating.occasion, Rating.rater_kind,
               Rating.mode, InstrumentVersion.number, Rating.belief, IndicatorScore.indicator,
               IndicatorScore.score, IndicatorScore.answered, IndicatorScore.statements)
        .join(InstrumentVersion, Rating.version_id == InstrumentVersion.id)
        .join(IndicatorScore, IndicatorScore.rating_id == Rating.id)
        .where(Rating.participant_id == participant.id, Rating.submitted_dt.is_not(None),
               Rating.rater_kind.in_(rater_kinds))
        .order_by(Rating.submitted_dt, Rating.id, IndicatorScore.indicator)).all()
    points: dict[RaterKind, dict[str, RatingPoint]] = {kind: {} for kind in rater_kinds}
    for (public_id, rated_on, occasion, kind, mode, number, belief, indicator, score,
         answered, statements) in rows:
        of_rater = points[RaterKind(kind)]
        point = of_rater.get(public_id)
        if point is None:
            point = RatingPoint(public_id, rated_on, occasion, kind, mode, number, {}, belief)
            of_rater[public_id] = point
        point.scores[indicator] = score
        if answered is not None and statements is not None and answered < statements:
            point.partial[indicator] = (answered, statements)
    return {kind: Progression(list(found.values())) for kind, found in points.items()}


@dataclass(frozen=True)
class ComparisonRow:
    indicator: int
    participant_score: float | None
    handledare_score: float | None
    participant_partial: tuple[int, int] | None = None  # (answered, statements)
    handledare_partial: tuple[int, int] | None = None

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
    rows = [ComparisonRow(n, mine.scores.get(n) if mine else None, theirs.scores.get(n),
                          mine.partial.get(n) if mine else None, theirs.partial.get(n))
            for n in INDICATOR_NUMBERS]
    return Comparison(mine, theirs, rows)
