"""The 6-month follow-up: who left in a month, a reproducible random sample of them to
contact, and what the contact found (reached or not; work, studies or other)."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from smail_app import clock
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Insats
from smail_app.participants.models import FollowUpOutcome, FollowUpResult, Participant
from smail_app.participants.services import visible_participants

FOLLOW_UP_MONTHS = 6
FOLLOW_UP_MAX_SAMPLE = 500


def month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def default_follow_up_month(today: date) -> date:
    """The month that ended its 6 months: those who left then are due for follow-up now."""
    return month_start(today, FOLLOW_UP_MONTHS)


def left_in_month(user: User, first_day: date, insats_id: int | None = None
                  ) -> list[Participant]:
    """Visible participants who left during the month starting ``first_day``, in a stable
    order (insats, code), so the same seed always draws the same people."""
    query = (visible_participants(user).join(Insats, Participant.insats_id == Insats.id)
             .options(selectinload(Participant.insats))
             .where(Participant.exit_date >= first_day,
                    Participant.exit_date <= month_end(first_day))
             .order_by(Insats.name, Participant.code))
    if insats_id is not None:
        query = query.where(Participant.insats_id == insats_id)
    return list(db.session.scalars(query))


def draw_sample(candidates: list[Participant], size: int, seed: int) -> list[Participant]:
    """A reproducible random sample: the same candidates, size and seed give the same people."""
    if size < 1:
        raise Refused(_("Urvalet måste vara minst 1."), "size")
    if size > FOLLOW_UP_MAX_SAMPLE:
        raise Refused(_("Urvalet kan vara högst %(n)s.", n=FOLLOW_UP_MAX_SAMPLE), "size")
    chosen = random.Random(seed).sample(range(len(candidates)), min(size, len(candidates)))
    return [candidates[i] for i in sorted(chosen)]


@dataclass(frozen=True)
class FollowUp:
    candidates: list[Participant]  # everyone who left in the month
    sample: list[Participant]  # those drawn to be contacted


def follow_up(user: User, month: date, insats: Insats | None, size: int,
              seed: int) -> FollowUp:
    """Who left in ``month`` (a month that has begun) and the sample drawn from them; who is
    shown in the sample goes to the access log."""
    first_day = month_start(month)
    if first_day > month_start(clock.today()):
        raise Refused(_("Välj den här månaden eller en tidigare."), "month")
    candidates = left_in_month(user, first_day, insats.id if insats else None)
    sample = draw_sample(candidates, size, seed)
    for participant in sample:
        log_access(user, participant, AccessAction.VIEW, "follow-up sample")
    return FollowUp(candidates, sample)


def new_seed() -> int:
    return random.SystemRandom().randint(1000, 999_999)



def results_for(participants: list[Participant]) -> dict[int, FollowUpResult]:
    """The recorded results of these participants, by participant id, in one query."""
    ids = [participant.id for participant in participants]
    if not ids:
        return {}
    return {result.participant_id: result for result in db.session.scalars(
        select(FollowUpResult).where(FollowUpResult.participant_id.in_(ids)))}


@dataclass(frozen=True)
class FollowUpFinding:
    followed_up_on: date | None
    reached: bool | None
    outcome: str  # a FollowUpOutcome value, or "" when not reached


def record_result(participant: Participant, finding: FollowUpFinding, by: User) -> FollowUpResult:
    """Store what the follow-up found; a second recording replaces the first."""
    if participant.exit_date is None:
        raise Refused(_("Deltagaren har inte avslutat insatsen än."), "followed_up_on")
    day = finding.followed_up_on
    if day is None:
        raise Refused(_("Skriv datumet för uppföljningen, som 2027-09-15."), "followed_up_on")
    if day < participant.exit_date:
        raise Refused(_("Uppföljningen kan inte vara före slutdatumet %(date)s.",
                        date=participant.exit_date.isoformat()), "followed_up_on")
    if day > clock.today():
        raise Refused(_("Uppföljningen kan inte vara i framtiden."), "followed_up_on")
    if finding.reached is None:
        raise Refused(_("Svara om ni fick kontakt med personen."), "reached")
    outcome = _outcome(finding) if finding.reached else None
    result = db.session.scalar(select(FollowUpResult).where(
        FollowUpResult.participant_id == participant.id))
    if result is None:
        result = FollowUpResult(participant_id=participant.id)
        db.session.add(result)
    result.followed_up_on, result.reached, result.outcome = day, finding.reached, outcome
    result.recorded_by_id, result.recorded_dt = by.id, clock.now()
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, "follow-up result")
    return result


def _outcome(finding: FollowUpFinding) -> FollowUpOutcome:
    try:
        return FollowUpOutcome(finding.outcome)
    except ValueError:
        raise Refused(_("Välj vad personen gör nu: arbete, studier eller annat."),
                      "outcome") from None
