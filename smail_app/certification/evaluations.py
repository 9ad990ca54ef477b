"""The course evaluation survey: who may answer, what it asks, and the summary that never
lets one person's answer be recognised.

Results wait until the survey has closed (``SMAIL_EVALUATION_OPEN_DAYS`` after the last
session) and at least the minimum group has answered: a summary that changed with each new
answer would give each answer away by difference, to whoever reloads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from smail_app import clock
from smail_app.auth.models import User
from smail_app.certification.attendees import link_pending_enrolments
from smail_app.certification.models import (
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    Evaluation,
)
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _

SCALE = (1, 2, 3, 4, 5)
AGREE_FROM = 4  # "stämmer ganska bra" or "stämmer helt" counts towards the 80% targets
COMMENT_MAX = 2000


def open_days() -> int:
    return int(current_app.config.get("SMAIL_EVALUATION_OPEN_DAYS", 30))


def survey_closes_on(course: Course) -> date | None:
    """The last day answers are taken."""
    return course.last_date + timedelta(days=open_days()) if course.last_date else None


def survey_closed(course: Course, on: date) -> bool:
    closes_on = survey_closes_on(course)
    return closes_on is not None and on > closes_on


def evaluation_refusal(enrolment: Enrolment, on: date) -> str | None:
    course = enrolment.course
    if enrolment.evaluation_submitted_dt is not None:
        return _("Du har redan svarat på utvärderingen. Tack!")
    if course.last_date is None or on < course.last_date:
        return _("Utvärderingen öppnar efter kursens sista tillfälle.")
    if survey_closed(course, on):
        return _("Utvärderingen stängde %(date)s.", date=survey_closes_on(course).isoformat())
    if not any(a.is_present for a in enrolment.attendance):
        return _("Utvärderingen är till för dem som deltog i kursen.")
    return None


def questions_for(course: Course) -> list[str]:
    """Which scale questions the course's survey asks (field names)."""
    if course.kind == CourseKind.UTBILDARE:
        return ["can_train", "helps_daily_work"]
    if course.kind == CourseKind.ANVANDARE:
        return ["can_use", "helps_daily_work"]
    return ["helps_daily_work"]


def _checked_answers(answers: dict[str, int | None], wanted: list[str], comment: str) -> str:
    for name in wanted:
        if answers.get(name) not in SCALE:
            raise Refused(_("Välj ett av svaren 1 till 5."), name)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise Refused(_("Skriv högst 2000 tecken."), "comment")
    return comment


def submit_evaluation(enrolment: Enrolment, user: User, answers: dict[str, int | None],
                      comment: str = "", *, answered_on: date | None = None) -> None:
    """``answered_on``: the day the answers were given, when not today (the demo's history,
    made as if each person had answered while the survey was open)."""
    link_pending_enrolments(enrolment.course)
    if enrolment.user_id != user.id:
        raise Refused(_("Utvärderingen gäller någon annan."))
    on = answered_on or clock.today()
    refusal = evaluation_refusal(enrolment, on)
    if refusal is not None:
        raise Refused(refusal)
    wanted = questions_for(enrolment.course)
    comment = _checked_answers(answers, wanted, comment)
    db.session.add(Evaluation(
        course_id=enrolment.course_id,
        can_train=answers.get("can_train") if "can_train" in wanted else None,
        can_use=answers.get("can_use") if "can_use" in wanted else None,
        helps_daily_work=answers["helps_daily_work"] or 0, comment=comment))
    enrolment.evaluation_submitted_dt = clock.now() if answered_on is None else \
        datetime.combine(answered_on, time(12), tzinfo=clock.local_zone())
    db.session.flush()


def answered_count(course: Course) -> int:
    return sum(1 for e in course.enrolments if e.evaluation_submitted_dt is not None)


@dataclass(frozen=True)
class Share:
    """How many of those who answered a question agreed (4 or 5 on the scale). Hidden
    (``suppressed``) when so few answered that a person's answer could be recognised."""

    agree: int
    total: int
    suppressed: bool = False

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.total:
            return None
        return round(100 * self.agree / self.total)

    def meets(self, target_percent: int | None) -> bool | None:
        if self.percent is None or target_percent is None:
            return None
        return self.percent >= target_percent


@dataclass(frozen=True)
class EvaluationSummary:
    respondents: int
    can_train: Share
    can_use: Share
    helps: Share
    comments: list[str]

    @property
    def suppressed(self) -> bool:
        return 0 < self.respondents < min_group_size()


def min_group_size() -> int:
    return int(current_app.config.get("SMAIL_MIN_GROUP_SIZE", 5))


def _courses_closed_by(on: date):
    """Ids of courses whose survey closed before ``on`` (a subquery)."""
    return (select(CourseSession.course_id).group_by(CourseSession.course_id)
            .having(func.max(CourseSession.session_date) < on - timedelta(days=open_days())))


def evaluation_summary(course_ids: Iterable[int] | None = None,
                       kinds: Iterable[str] | None = None) -> EvaluationSummary:
    """Answers of closed surveys only; shares and comments hidden below the minimum group;
    comments in alphabetical order, which says nothing about who wrote which or when."""
    return summarise([row for row, _kind in closed_evaluations(course_ids, kinds)])


def closed_evaluations(course_ids: Iterable[int] | None = None,
                       kinds: Iterable[str] | None = None) -> list[tuple[Evaluation, str]]:
    """The answers of closed surveys, each with its course's kind, in one statement."""
    query = (select(Evaluation, Course.kind).join(Course, Course.id == Evaluation.course_id)
             .where(Evaluation.course_id.in_(_courses_closed_by(clock.today()))))
    if course_ids is not None:
        query = query.where(Evaluation.course_id.in_(list(course_ids)))
    if kinds is not None:
        query = query.where(Course.kind.in_(list(kinds)))
    return [(row, str(kind)) for row, kind in db.session.execute(query.order_by(Evaluation.id))]


def summarise(rows: list[Evaluation]) -> EvaluationSummary:
    smallest = min_group_size()

    def share(values: list[int | None]) -> Share:
        answered = [v for v in values if v is not None]
        if 0 < len(answered) < smallest:
            return Share(0, len(answered), suppressed=True)
        return Share(sum(1 for v in answered if v >= AGREE_FROM), len(answered))

    comments = sorted((r.comment for r in rows if r.comment), key=str.casefold) \
        if len(rows) >= smallest else []
    return EvaluationSummary(
        respondents=len(rows), can_train=share([r.can_train for r in rows]),
        can_use=share([r.can_use for r in rows]),
        helps=share([r.helps_daily_work for r in rows]), comments=comments)
