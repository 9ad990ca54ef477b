"""Action plan rules: activities on indicators, run in parallel, reviewed at least every
13 weeks; and the handledare's notes per rating occasion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from smail_app import clock
from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.participants.models import Participant
from smail_app.plans.models import (
    ActionPlan,
    ActivityIndicator,
    OccasionNote,
    PlanActivity,
    PlanStatus,
    Responsible,
)

REVIEW_AFTER = timedelta(weeks=13)
TITLE_MAX, PARTNER_MAX, NOTE_MAX = 200, 120, 2000


@dataclass(frozen=True)
class ActivityDetails:
    title: str
    indicators: list[int]
    responsible: str
    due_date: date
    status: str = PlanStatus.PLANNED
    partner_name: str = ""


def needs_review(plan: ActionPlan | None, participant: Participant, today: date, *,
                 has_activities: bool | None = None) -> bool:
    """An active participant's plan, with activities, that nobody has reviewed for 13 weeks
    (counted from its start or last review). ``has_activities`` spares loading them when the
    caller has counted them."""
    if plan is None or not participant.is_active:
        return False
    if has_activities is None:
        has_activities = bool(plan.activities)
    return has_activities and today - plan.last_looked_at >= REVIEW_AFTER


def plan_for(participant: Participant) -> ActionPlan | None:
    # One statement: the plan, its activities with their indicators, who reviewed it.
    return db.session.scalars(
        select(ActionPlan).options(
            joinedload(ActionPlan.activities).joinedload(PlanActivity.indicator_links),
            joinedload(ActionPlan.reviewed_by).lazyload(User.role_rows))
        .where(ActionPlan.participant_id == participant.id)).unique().one_or_none()


def _checked(details: ActivityDetails, participant: Participant) -> ActivityDetails:
    title = details.title.strip()
    if not title:
        raise Refused(_("Skriv vad aktiviteten är."), "title")
    if len(title) > TITLE_MAX:
        raise Refused(_("Skriv högst %(n)s tecken.", n=TITLE_MAX), "title")
    indicators = sorted(set(details.indicators))
    if not indicators:
        raise Refused(_("Välj minst en indikator som aktiviteten arbetar med."), "indicators")
    if any(number not in INDICATOR_NUMBERS for number in indicators):
        raise Refused(_("Okänd indikator."), "indicators")
    try:
        responsible = Responsible(details.responsible)
    except ValueError:
        raise Refused(_("Välj vem som ansvarar."), "responsible") from None
    partner = details.partner_name.strip()
    if responsible == Responsible.PARTNER and not partner:
        raise Refused(_("Skriv vilken samverkanspart som ansvarar."), "partner_name")
    if len(partner) > PARTNER_MAX:
        raise Refused(_("Skriv högst %(n)s tecken.", n=PARTNER_MAX), "partner_name")
    try:
        status = PlanStatus(details.status)
    except ValueError:
        raise Refused(_("Välj en status."), "status") from None
    if details.due_date < participant.start_date:
        raise Refused(_("Datumet kan inte vara före deltagarens startdatum."), "due_date")
    return ActivityDetails(title=title, indicators=indicators, responsible=responsible,
                           due_date=details.due_date, status=status,
                           partner_name=partner if responsible == Responsible.PARTNER else "")


def add_activity(participant: Participant, details: ActivityDetails, by: User) -> PlanActivity:
    """A new activity; the plan starts with the first one. Several can run at once."""
    if not participant.is_active:
        raise Refused(_("Deltagaren har avslutat insatsen."), "title")
    clean = _checked(details, participant)
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.participant_id == participant.id))
    if plan is None:
        plan = ActionPlan(participant_id=participant.id, created_on=clock.today(),
                          created_by_id=by.id)
        db.session.add(plan)
        db.session.flush()
    now = clock.now()
    activity = PlanActivity(
        plan_id=plan.id, title=clean.title, responsible=clean.responsible,
        partner_name=clean.partner_name, due_date=clean.due_date, status=clean.status,
        created_dt=now, created_by_id=by.id, updated_dt=now,
        indicator_links=[ActivityIndicator(indicator=n) for n in clean.indicators])
    db.session.add(activity)
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, "plan: new activity")
    return activity


def update_activity(activity: PlanActivity, participant: Participant, details: ActivityDetails,
                    by: User, based_on_version: int | None = None) -> None:
    """Save the activity as edited from ``based_on_version`` (the edit form always says);
    refused when someone else has saved it since, and also when their save lands while this
    one is being written."""
    if based_on_version is not None and based_on_version != activity.version:
        raise Refused(_edited_meanwhile(), "version")
    clean = _checked(details, participant)
    activity.title = clean.title
    activity.responsible = clean.responsible
    activity.partner_name = clean.partner_name
    activity.due_date = clean.due_date
    activity.status = clean.status
    activity.updated_dt = clock.now()
    wanted = set(clean.indicators)
    for link in list(activity.indicator_links):
        if link.indicator not in wanted:
            activity.indicator_links.remove(link)
    have = set(activity.indicators)
    for number in sorted(wanted - have):
        activity.indicator_links.append(ActivityIndicator(indicator=number))
    try:
        db.session.flush()
    except StaleDataError:
        raise Refused(_edited_meanwhile(), "version") from None
    log_access(by, participant, AccessAction.UPDATE, "plan: activity changed")


def _edited_meanwhile() -> str:
    return _("Någon annan har sparat ändringar i aktiviteten medan du skrev. Spara igen om "
             "dina ändringar ska gälla, eller gå tillbaka till planen och se vad som ändrades.")


def activity_or_none(participant: Participant, public_id: str) -> PlanActivity | None:
    return db.session.scalar(
        select(PlanActivity).join(ActionPlan)
        .where(PlanActivity.public_id == public_id, ActionPlan.participant_id == participant.id))


def mark_reviewed(participant: Participant, by: User) -> None:
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.participant_id == participant.id))
    if plan is None:
        raise Refused(_("Det finns ingen plan att gå igenom än."))
    plan.reviewed_on = clock.today()
    plan.reviewed_by_id = by.id
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, "plan: reviewed")


# --- Notes per rating occasion -------------------------------------------------------------


def add_note(participant: Participant, occasion: int, body: str, by: User,
             latest_occasion: int) -> OccasionNote:
    text = body.strip()
    if not text:
        raise Refused(_("Skriv en anteckning."), "body")
    if len(text) > NOTE_MAX:
        raise Refused(_("Skriv högst %(n)s tecken.", n=NOTE_MAX), "body")
    if not 0 <= occasion <= latest_occasion:
        raise Refused(_("Välj ett skattningstillfälle."), "occasion")
    note = OccasionNote(participant_id=participant.id, occasion=occasion, body=text,
                        author_id=by.id, created_dt=clock.now())
    db.session.add(note)
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, "note")
    return note


def notes_by_occasion(participant: Participant) -> dict[int, list[OccasionNote]]:
    """Latest occasion first; within it, oldest note first."""
    notes = db.session.scalars(
        select(OccasionNote).options(selectinload(OccasionNote.author))
        .where(OccasionNote.participant_id == participant.id)
        .order_by(OccasionNote.occasion.desc(), OccasionNote.created_dt, OccasionNote.id))
    grouped: dict[int, list[OccasionNote]] = {}
    for note in notes:
        grouped.setdefault(note.occasion, []).append(note)
    return grouped


def lowest_indicators(scores: dict[int, float], count: int = 2) -> list[int]:
    """The indicators with the ``count`` lowest scores, and every indicator tied with the last
    of them, so two indicators with the same score are tagged alike; none that share the
    highest score, so a flat rating points nothing out."""
    if not scores:
        return []
    top = max(scores.values())
    below_top = sorted((score, number) for number, score in scores.items() if score < top)
    if not below_top:
        return []
    cut = below_top[min(count, len(below_top)) - 1][0]
    return [number for score, number in below_top if score <= cut]
