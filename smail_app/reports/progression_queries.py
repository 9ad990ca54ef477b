"""The queries behind table 4 (smail_app.reports.progression): each groups in the database
(by gender, indicator or level), so the number of statements does not grow with the number of
participants or ratings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import ColumnElement, Date, Subquery, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from smail_app import clock
from smail_app.assessments.indicators import INDICATORS
from smail_app.assessments.models import IndicatorScore, RaterKind, Rating
from smail_app.extensions import db
from smail_app.participants.models import WORK_REASONS, ExitReason, Participant
from smail_app.reports.model import GENDERS
from smail_app.reports.population import (
    Scope,
    counted,
    days_between,
    exited_in,
    flag,
    gender_bucket,
    in_period,
)

# Scores are means of 1-5 answers kept to two decimals: a whole scale step is a difference
# of 1.00, so half a hundredth absorbs the floating-point noise.
STEP = 0.995
BELIEF_INDICATOR = 0  # the handledare's belief, beside indicators 1-7
JOB_BELIEF_INDICATOR = 1  # "Tro på att få ett jobb"
# Levels at the start: low, middle, high (1-5 scale), and no rating at the start.
LEVELS = (("low", 2.5), ("middle", 3.5), ("high", None))
NO_LEVEL = "none"


# --- Queries ---------------------------------------------------------------------------------


def population_of(scope: Scope) -> list[ColumnElement[bool]]:
    return [*counted(scope), Participant.is_anonymous.is_(False), in_period(scope.period)]


def ranked_ratings(kind: RaterKind, population: list[ColumnElement[bool]],
            until: ColumnElement | date, *extra: ColumnElement[bool]) -> Subquery:
    """Submitted ratings by one rater of the counted participants up to ``until``, each with
    its rank from the first and from the latest."""
    order = (Rating.rated_on, Rating.submitted_dt, Rating.id)
    return (select(Rating.id.label("rating_id"), Rating.participant_id, Rating.belief,
                   func.row_number().over(partition_by=Rating.participant_id, order_by=order)
                   .label("first_rank"),
                   func.row_number().over(partition_by=Rating.participant_id,
                                          order_by=[c.desc() for c in order])
                   .label("last_rank"))
            .join(Participant, Participant.id == Rating.participant_id)
            .where(*population, Rating.rater_kind == str(kind),
                   Rating.submitted_dt.is_not(None), Rating.rated_on <= until, *extra)
            .subquery())


def day_value(value: date) -> ColumnElement:
    return literal(value, Date)


def due_occasions(scope: Scope) -> tuple[ColumnElement, ColumnElement]:
    """The first and last occasion whose window closed in the period (by today) while the
    participant was enrolled on its due date, per participant, as SQL arithmetic."""
    config = current_app.config
    interval = float(config["SMAIL_RATING_INTERVAL_WEEKS"] * 7)
    window = config["SMAIL_RATING_WINDOW_DAYS"]
    as_of = min(scope.period.end, clock.today())
    start = Participant.start_date
    first = -func.floor(-(days_between(start, day_value(scope.period.start)) - window) / interval)
    first = case((first < 0, 0), else_=first)
    by_today = func.floor((days_between(start, day_value(as_of)) - window) / interval)
    by_exit = func.floor(days_between(start, Participant.exit_date) / interval)
    last = case((and_(Participant.exit_date.is_not(None), by_exit < by_today), by_exit),
                else_=by_today)
    return first, last


def coverage(scope: Scope) -> dict[str, list[int]]:
    """Participants, with a baseline, with two ratings or more; ratings due and done."""
    end = scope.period.end
    own = (Rating.participant_id == Participant.id, Rating.rater_kind == str(RaterKind.PARTICIPANT),
           Rating.submitted_dt.is_not(None))
    ratings = select(func.count()).where(*own, Rating.rated_on <= end).scalar_subquery()
    first, last = due_occasions(scope)
    done = select(func.count()).where(*own, Rating.occasion.is_not(None),
                                      Rating.occasion >= first,
                                      Rating.occasion <= last).scalar_subquery()
    each = (select(gender_bucket().label("g"), ratings.label("ratings"),
                   case((last >= first, last - first + 1), else_=0).label("due"),
                   done.label("done"))
            .where(*population_of(scope)).subquery())
    query = (select(each.c.g, func.count().label("period"),
                    flag(each.c.ratings >= 1).label("baseline"),
                    flag(each.c.ratings >= 2).label("paired"),
                    func.sum(each.c.due).label("due"), func.sum(each.c.done).label("done"))
             .group_by(each.c.g))
    found = {row.g: row._mapping for row in db.session.execute(query)}
    keys = ("period", "baseline", "paired", "due", "done")
    return {k: [int(found[g][k] or 0) if g in found else 0 for g in GENDERS] for k in keys}


@dataclass
class Change:
    """Sums by gender for one indicator (or the belief): first and latest, over those with
    both."""

    n: list[int]
    first: list[float]
    latest: list[float]
    improved: list[int]
    declined: list[int]

    @classmethod
    def empty(cls) -> Change:
        return cls([0] * 3, [0.0] * 3, [0.0] * 3, [0] * 3, [0] * 3)

    def add(self, gender: str, n: int, first: float, latest: float, improved: int,
            declined: int) -> None:
        g = GENDERS.index(gender)
        self.n[g], self.first[g], self.latest[g] = int(n), float(first), float(latest)
        self.improved[g], self.declined[g] = int(improved or 0), int(declined or 0)

    @property
    def unchanged(self) -> list[int]:
        return [n - up - down for n, up, down in zip(self.n, self.improved, self.declined,
                                                     strict=True)]

    def means(self, sums: list[float]) -> list[float | None]:
        """Per gender and in total."""
        by_gender = [round(s / n, 2) if n else None for s, n in zip(sums, self.n, strict=True)]
        return [*by_gender, round(sum(sums) / sum(self.n), 2) if sum(self.n) else None]

    def changes(self) -> list[float | None]:
        return [None if first is None else round(latest - first, 2) for first, latest in
                zip(self.means(self.first), self.means(self.latest), strict=True)]


def first_and_latest(kind: RaterKind, population: list[ColumnElement[bool]], end: date,
                     *extra: ColumnElement[bool]) -> Subquery:
    """Per participant rated twice or more: the first and the latest rating (ids and the
    handledare's belief). The window is computed once and grouped, not joined to itself."""
    ranked = ranked_ratings(kind, population, end, *extra)
    first, latest = ranked.c.first_rank == 1, ranked.c.last_rank == 1
    return (select(ranked.c.participant_id,
                   func.max(case((first, ranked.c.rating_id))).label("first_id"),
                   func.max(case((latest, ranked.c.rating_id))).label("latest_id"),
                   func.max(case((first, ranked.c.belief))).label("first_belief"),
                   func.max(case((latest, ranked.c.belief))).label("latest_belief"))
            .group_by(ranked.c.participant_id).having(func.count() > 1)
            .subquery("first_and_latest"))


def indicator_changes(scope: Scope) -> dict[int, Change]:
    pair = first_and_latest(RaterKind.PARTICIPANT, population_of(scope), scope.period.end)
    before, after = aliased(IndicatorScore), aliased(IndicatorScore)
    difference = after.score - before.score
    query = (select(gender_bucket().label("g"), before.indicator.label("ind"),
                    func.count(), func.sum(before.score),
                    func.sum(after.score), flag(difference >= STEP), flag(difference <= -STEP))
             .join(pair, pair.c.participant_id == Participant.id)
             .join(before, before.rating_id == pair.c.first_id)
             .join(after, and_(after.rating_id == pair.c.latest_id,
                               after.indicator == before.indicator))
             .where(*population_of(scope))
             .group_by("g", "ind"))
    changes = {indicator.number: Change.empty() for indicator in INDICATORS}
    for gender, number, *sums in db.session.execute(query):
        changes[number].add(gender, *sums)
    return changes


def belief_change(scope: Scope) -> Change:
    pair = first_and_latest(RaterKind.HANDLEDARE, population_of(scope), scope.period.end,
                            Rating.belief.is_not(None))
    difference = pair.c.latest_belief - pair.c.first_belief
    query = (select(gender_bucket().label("g"), func.count(), func.sum(pair.c.first_belief),
                    func.sum(pair.c.latest_belief), flag(difference >= 1),
                    flag(difference <= -1))
             .join(pair, pair.c.participant_id == Participant.id)
             .where(*population_of(scope)).group_by("g"))
    change = Change.empty()
    for gender, *sums in db.session.execute(query):
        change.add(gender, *sums)
    return change


def level_of(value: ColumnElement) -> ColumnElement[str]:
    whens = [(value < limit, literal(key)) for key, limit in LEVELS if limit is not None]
    return case((value.is_(None), literal(NO_LEVEL)), *whens, else_=literal(LEVELS[-1][0]))


def outcome_of() -> ColumnElement[str]:
    reason = Participant.exit_reason
    return case((reason.in_(WORK_REASONS), literal("work")),
                (reason == ExitReason.STUDIES, literal("studies")), else_=literal("other"))


def exits_by_level(scope: Scope, kind: RaterKind) -> dict[tuple[str, str], int]:
    """Exits in the period by outcome and by the level of the first rating before the exit:
    "Tro på att få ett jobb" for the participant, the belief for the handledare."""
    population = [*counted(scope), Participant.is_anonymous.is_(False),
                  exited_in(scope.period)]
    extra = [Rating.belief.is_not(None)] if kind is RaterKind.HANDLEDARE else []
    ranked = ranked_ratings(kind, population, Participant.exit_date, *extra)
    first = aliased(ranked, name="first_rating")
    joined = and_(first.c.participant_id == Participant.id, first.c.first_rank == 1)
    score = aliased(IndicatorScore)
    level = level_of(first.c.belief if kind is RaterKind.HANDLEDARE else score.score)
    query = (select(level.label("level"), outcome_of().label("outcome"), func.count())
             .select_from(Participant).outerjoin(first, joined))
    if kind is not RaterKind.HANDLEDARE:
        query = query.outerjoin(score, and_(score.rating_id == first.c.rating_id,
                                            score.indicator == JOB_BELIEF_INDICATOR))
    query = query.where(*population).group_by("level", "outcome")
    return {(level, outcome): n for level, outcome, n in db.session.execute(query)}


