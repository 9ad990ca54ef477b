"""Anonymising a participant: on request (one handledare asks, a second confirms) or when the
retention time after exit has passed (``flask purge-expired``).

What identifies the person goes: the code (replaced), the alias, the sign-in account, the
reminder address, free text written about them (notes, plan activities, handover notes),
open invites and reminders. What the aggregated reports count stays: gender, birth year,
kommun, insats, dates, exit reason, registration data, the action plan's dates, the ratings'
scores and the follow-up outcome. The access log stays too: it names no data, only that a
read happened, and its chain must stay whole.
"""

from __future__ import annotations

import secrets
from datetime import date

from flask import current_app
from sqlalchemy import delete, select, update

from smail_app import clock
from smail_app.auth.models import Invite, User
from smail_app.auth.services import end_all_sessions, hash_password
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.notifications.models import RatingReminder
from smail_app.participants.models import HandledareAssignment, Participant
from smail_app.plans.models import ActionPlan, OccasionNote, PlanActivity
from smail_app.privacy.models import AnonymisationRequest


def anonymise(participant: Participant) -> None:
    """Remove what identifies ``participant``; safe to run twice."""
    if participant.anonymised_dt is not None:
        return
    participant.code = f"ANON-{participant.public_id[:10]}"
    participant.alias = ""
    participant.reminder_email = None
    participant.reminders_consent_dt = None
    if participant.user_id is not None:
        _close_account(db.session.get(User, participant.user_id))
    db.session.execute(delete(OccasionNote).where(OccasionNote.participant_id == participant.id))
    plan_ids = select(ActionPlan.id).where(ActionPlan.participant_id == participant.id)
    db.session.execute(update(PlanActivity).where(PlanActivity.plan_id.in_(plan_ids))
                       .values(title="–", partner_name=""))
    db.session.execute(update(HandledareAssignment)
                       .where(HandledareAssignment.participant_id == participant.id)
                       .values(note=""))
    db.session.execute(delete(Invite).where(Invite.participant_id == participant.id))
    db.session.execute(delete(RatingReminder)
                       .where(RatingReminder.participant_id == participant.id))
    participant.anonymised_dt = clock.now()
    db.session.flush()


def _close_account(user: User | None) -> None:
    if user is None:
        return
    user.username = f"anon-{user.public_id[:10]}".lower()
    user.display_name = ""
    user.email = None
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.is_active_account = False
    user.locale = None
    end_all_sessions(user)  # a phone still signed in is signed out at its next request


# --- Two handledare: one asks, another confirms -------------------------------------------------


def open_request(participant: Participant) -> AnonymisationRequest | None:
    return db.session.scalar(select(AnonymisationRequest).where(
        AnonymisationRequest.participant_id == participant.id,
        AnonymisationRequest.confirmed_dt.is_(None), AnonymisationRequest.withdrawn_dt.is_(None)))


def request_anonymisation(participant: Participant, by: User, reason: str) -> None:
    if participant.anonymised_dt is not None:
        raise Refused(str(_l("Deltagaren är redan anonymiserad.")))
    if open_request(participant) is not None:
        raise Refused(str(_l("Det finns redan en begäran som väntar på en andra handledare.")))
    db.session.add(AnonymisationRequest(participant_id=participant.id, requested_by_id=by.id,
                                        requested_dt=clock.now(), reason=reason.strip()[:300]))
    db.session.flush()


def confirm_anonymisation(participant: Participant, by: User) -> None:
    """The second handledare's confirmation carries it out."""
    pending = open_request(participant)
    if pending is None:
        raise Refused(str(_l("Det finns ingen begäran att bekräfta.")))
    if pending.requested_by_id == by.id:
        raise Refused(str(_l("En annan handledare än du måste bekräfta.")))
    pending.confirmed_by_id, pending.confirmed_dt = by.id, clock.now()
    anonymise(participant)


def withdraw_anonymisation(participant: Participant) -> None:
    pending = open_request(participant)
    if pending is not None:
        pending.withdrawn_dt = clock.now()
        db.session.flush()


# --- Retention ----------------------------------------------------------------------------------


def retention_cutoff(today: date) -> date:
    """Participants who left on or before this day are past the retention time."""
    months = current_app.config["SMAIL_RETENTION_MONTHS"]
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, _days_in(year, month))
    return date(year, month, day)


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def purge_expired(today: date) -> int:
    """Anonymise everyone whose exit is older than the retention time; returns how many."""
    expired = db.session.scalars(select(Participant).where(
        Participant.exit_date.is_not(None), Participant.exit_date <= retention_cutoff(today),
        Participant.anonymised_dt.is_(None))).all()
    for participant in expired:
        anonymise(participant)
    return len(expired)
