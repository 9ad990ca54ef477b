"""Who gets a reminder today, and what it says.

- A participant who gave an address and agreed gets one mail when a rating opens (once per
  occasion, however often cron runs).
- Each handledare gets one digest a day of the due and overdue ratings of the participants
  they are responsible for. It names participants by code only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from smail_app import clock
from smail_app.assessments.models import RaterKind, Rating
from smail_app.assessments.schedule import Due, next_due
from smail_app.assessments.services import schedule_for
from smail_app.auth.models import User
from smail_app.core.mail import Mail
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.notifications.models import HandledareDigest, RatingReminder
from smail_app.participants.models import Participant


@dataclass(frozen=True)
class ParticipantReminder:
    participant: Participant
    due: Due


@dataclass(frozen=True)
class Digest:
    handledare: User
    items: list[ParticipantReminder]  # overdue first, then by due date


def _base_url() -> str:
    return (current_app.config.get("SMAIL_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


def _rating_dates(participant_ids: list[int]) -> dict[int, list[date]]:
    dates: dict[int, list[date]] = defaultdict(list)
    if participant_ids:
        for participant_id, rated_on in db.session.execute(
                select(Rating.participant_id, Rating.rated_on).where(
                    Rating.participant_id.in_(participant_ids),
                    Rating.rater_kind == RaterKind.PARTICIPANT,
                    Rating.submitted_dt.is_not(None))):
            dates[participant_id].append(rated_on)
    return dates


def _open_dues(participants: list[Participant], today: date) -> list[ParticipantReminder]:
    dates = _rating_dates([p.id for p in participants])
    found = []
    for participant in participants:
        due = next_due(schedule_for(participant), today, dates[participant.id])
        if due.is_open:
            found.append(ParticipantReminder(participant, due))
    return found


def pending_participant_reminders(today: date | None = None) -> list[ParticipantReminder]:
    """Open ratings of consenting participants not yet reminded for that occasion."""
    today = today or clock.today()
    participants = list(db.session.scalars(
        select(Participant).options(selectinload(Participant.user)).where(
            Participant.exit_date.is_(None), Participant.reminder_email.is_not(None),
            Participant.reminders_consent_dt.is_not(None))
        .order_by(Participant.id)))
    sent = {(participant_id, occasion) for participant_id, occasion in db.session.execute(
        select(RatingReminder.participant_id, RatingReminder.occasion).where(
            RatingReminder.participant_id.in_([p.id for p in participants])))}
    return [item for item in _open_dues(participants, today)
            if (item.participant.id, item.due.occasion) not in sent]


def pending_digests(today: date | None = None) -> list[Digest]:
    """One digest per handledare with due or overdue ratings, unless sent today already."""
    today = today or clock.today()
    participants = list(db.session.scalars(
        select(Participant).options(selectinload(Participant.handledare)).where(
            Participant.exit_date.is_(None), Participant.handledare_id.is_not(None))
        .order_by(Participant.code)))
    already = set(db.session.scalars(select(HandledareDigest.user_id).where(
        HandledareDigest.sent_on == today)))
    by_handledare: dict[int, list[ParticipantReminder]] = defaultdict(list)
    for item in _open_dues(participants, today):
        by_handledare[item.participant.handledare_id].append(item)
    digests = []
    for items in by_handledare.values():
        handledare = items[0].participant.handledare
        if handledare is None or handledare.id in already or not handledare.email \
                or not handledare.is_active:
            continue
        items.sort(key=lambda i: (not i.due.is_overdue, i.due.due_date, i.participant.code))
        digests.append(Digest(handledare, items))
    digests.sort(key=lambda d: d.handledare.id)
    return digests


def participant_mail(item: ParticipantReminder) -> Mail:
    participant = item.participant
    locale = (participant.user.locale if participant.user else None) or "sv"
    with force_locale(locale):
        when = format_date(item.due.due_date, "d MMMM y")
        body = "\n\n".join([
            _("Hej!"),
            _("Nu är det dags för din skattning i SMAIL. Gör den senast %(date)s. Det tar "
              "ungefär 5 minuter.", date=when),
            _("Logga in här: %(url)s", url=f"{_base_url()}/me"),
            _("Du får det här mejlet för att du har bett om påminnelser. Du kan stänga av dem "
              "under Min skattning."),
        ])
        return Mail(participant.reminder_email or "", _("Dags att skatta i SMAIL"), body)


def digest_mail(digest: Digest) -> Mail:
    with force_locale(digest.handledare.locale or "sv"):
        lines = []
        for item in digest.items:
            when = format_date(item.due.due_date, "d MMMM y")
            if item.due.is_overdue:
                lines.append(_("%(code)s: försenad, skulle ha gjorts %(date)s",
                               code=item.participant.code, date=when))
            else:
                lines.append(_("%(code)s: öppen, senast %(date)s",
                               code=item.participant.code, date=when))
        overdue = sum(1 for item in digest.items if item.due.is_overdue)
        body = "\n\n".join([
            _("Hej %(name)s!", name=digest.handledare.display_name),
            _("%(n)s skattningar är öppna just nu, varav %(late)s försenade:",
              n=len(digest.items), late=overdue),
            "\n".join(f"- {line}" for line in lines),
            _("Se dina deltagare: %(url)s", url=f"{_base_url()}/participants/"),
        ])
        return Mail(digest.handledare.email or "",
                    _("SMAIL: %(n)s skattningar att göra", n=len(digest.items)), body)


def record_participant_reminder(item: ParticipantReminder) -> None:
    db.session.add(RatingReminder(participant_id=item.participant.id,
                                  occasion=item.due.occasion, sent_dt=clock.now()))


def record_digest(digest: Digest, today: date | None = None) -> None:
    db.session.add(HandledareDigest(user_id=digest.handledare.id,
                                    sent_on=today or clock.today(),
                                    item_count=len(digest.items), sent_dt=clock.now()))
