"""Registering participants, their invites, which participants a user may see, handing a
participant over to another handledare, closing an enrolment and the participant's reminder
settings. The 6-month follow-up is in follow_up.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import joinedload

from smail_app import clock
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth import lifecycle
from smail_app.auth import services as auth_services
from smail_app.auth.models import Invite, InviteKind, Role, User
from smail_app.certification.rules import handledare_refusal
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.information import record_information_shown
from smail_app.participants.models import ExitReason, HandledareAssignment, Participant
from smail_app.participants.personal_number import contains_personal_number

MIN_BIRTH_YEAR_AGE, MAX_BIRTH_YEAR_AGE = 16, 66


@dataclass(frozen=True)
class NewParticipant:
    insats: Insats | None  # None: the user chose none of their insatser
    code: str
    alias: str
    birth_year: int | None
    gender: str
    kommun: Organisation | None
    start_date: date


def check_birth_year(birth_year: int | None, on: date) -> None:
    if birth_year is None:
        return
    age = on.year - birth_year
    if not MIN_BIRTH_YEAR_AGE - 1 <= age <= MAX_BIRTH_YEAR_AGE + 1:
        raise Refused(_("Födelseåret ska ge en ålder mellan 16 och 66 år."),
                               "birth_year")


def refuse_personal_number(text: str, field: str) -> None:
    if contains_personal_number(text):
        raise Refused(_("Det här ser ut som ett personnummer eller samordningsnummer. Skriv "
                        "aldrig personnummer här: använd en kod eller ett alias."), field)


def code_taken(insats: Insats, code: str) -> bool:
    return db.session.scalar(select(Participant.id).where(
        Participant.insats_id == insats.id, Participant.code == code)) is not None


def register_participant(data: NewParticipant, registered_by: User) -> Participant:
    if data.insats is None:
        raise Refused(_("Välj en insats."), "insats")
    code = data.code.strip()
    if not code:
        raise Refused(_("Skriv en kod för deltagaren."), "code")
    refuse_personal_number(code, "code")
    refuse_personal_number(data.alias, "alias")
    if code_taken(data.insats, code):
        raise Refused(_("Koden används redan i den här insatsen. Välj en annan kod."),
                               "code")
    check_birth_year(data.birth_year, data.start_date)
    participant = Participant(
        insats_id=data.insats.id, code=code, alias=data.alias.strip(),
        birth_year=data.birth_year, gender=data.gender,
        kommun_id=data.kommun.id if data.kommun else None, start_date=data.start_date,
        handledare_id=registered_by.id, created_dt=clock.now())
    db.session.add(participant)
    db.session.flush()
    db.session.add(HandledareAssignment(
        participant_id=participant.id, handledare_id=registered_by.id,
        start_date=data.start_date, assigned_by_id=registered_by.id, assigned_dt=clock.now()))
    log_access(registered_by, participant, AccessAction.REGISTER)
    return participant


def register_with_invite(data: NewParticipant,
                         registered_by: User) -> auth_services.IssuedInvite:
    """Register the participant and issue their first invite."""
    return issue_participant_invite(register_participant(data, registered_by), registered_by)


def issue_participant_invite(participant: Participant,
                             issued_by: User) -> auth_services.IssuedInvite:
    """A fresh single-use link; any older unused link for the participant stops working."""
    if participant.user_id is not None:
        raise Refused(_("Deltagaren har redan ett konto."))
    if participant.is_anonymous:
        raise Refused(_("En anonym deltagare har inget konto."))
    auth_services.revoke_open_invites_for_participant(participant.id)
    issued = auth_services.issue_invite(InviteKind.PARTICIPANT, created_by=issued_by,
                                        participant_id=participant.id)
    log_access(issued_by, participant, AccessAction.INVITE)
    return issued


def issue_password_link(participant: Participant,
                        issued_by: User) -> auth_services.IssuedInvite:
    """A single-use link for a participant who has forgotten their password."""
    if participant.user is None:
        raise Refused(_("Deltagaren har inget konto än. Skapa en inbjudan i stället."))
    issued = auth_services.issue_password_link(participant.user, issued_by,
                                               participant_id=participant.id)
    log_access(issued_by, participant, AccessAction.INVITE, "password link")
    return issued


@lifecycle.participant_password_link_used.connect
def _log_password_link_used(invite: Invite, *, user: User) -> None:
    """In the participant's own log: who gave the link, and (the entry's time) when it was
    used. The entry names the giver, since they could have used it themselves."""
    participant = db.session.get(Participant, invite.participant_id)
    giver = db.session.get(User, invite.created_by_id) if invite.created_by_id else None
    if participant is not None and giver is not None:
        log_access(giver, participant, AccessAction.INVITE, "password link used")


def open_invite(participant: Participant) -> Invite | None:
    return db.session.scalar(select(Invite).where(
        Invite.participant_id == participant.id, Invite.used_dt.is_(None),
        Invite.revoked_dt.is_(None), Invite.expires_dt > clock.now()))


def accept_participant_invite(invite: Invite, username: str, password: str) -> User:
    participant = db.session.get(Participant, invite.participant_id)
    if participant is None or participant.user_id is not None:
        raise auth_services.InviteUnusable(_("Länken har redan använts. Logga in."))
    auth_services.mark_used(invite)
    user = auth_services.create_participant_user(username, password)
    participant.user_id = user.id
    record_information_shown(participant)  # the invite page showed it above the form
    return user


def participant_for_user(user: User) -> Participant:
    participant = db.session.scalar(select(Participant).where(Participant.user_id == user.id))
    if participant is None:
        abort(404)
    return participant


def visible_participants(user: User) -> Select[tuple[Participant]]:
    """Participants of the insatser whose team ``user`` belongs to."""
    return visible_to(user.id)


def visible_to(user_id: int | ColumnElement[int]) -> Select[tuple[Participant]]:
    """``visible_participants`` by the viewer's id, which may be a bound parameter: a
    statement built once and run for each viewer with their own id."""
    team_insatser = select(TeamMembership.insats_id).where(TeamMembership.user_id == user_id)
    return select(Participant).where(Participant.insats_id.in_(team_insatser))


def visible_participant_or_404(user: User, public_id: str) -> Participant:
    return db.first_or_404(visible_participants(user).where(Participant.public_id == public_id)
                           .options(joinedload(Participant.insats)))


# --- Handover: who is responsible, and who was when ------------------------------------------


@dataclass(frozen=True)
class Responsibility:
    """One stretch of time with one handledare responsible."""

    handledare_name: str
    start_date: date
    end_date: date | None  # None: responsible now
    note: str = ""


def assignment_history(participant: Participant) -> list[Responsibility]:
    """Oldest first. A participant registered before the history was kept shows their
    current handledare from the start date."""
    rows = list(db.session.scalars(
        select(HandledareAssignment).options(
            joinedload(HandledareAssignment.handledare).lazyload(User.role_rows))
        .where(HandledareAssignment.participant_id == participant.id)
        .order_by(HandledareAssignment.start_date, HandledareAssignment.id)))
    if not rows and participant.handledare is not None:
        return [Responsibility(participant.handledare.display_name, participant.start_date,
                               participant.exit_date)]
    return [Responsibility(row.handledare.display_name, row.start_date, row.end_date, row.note)
            for row in rows]


def handover_dates(history: list[Responsibility]) -> list[date]:
    """The days another handledare took over (marked on the progression charts), from the
    participant's ``assignment_history``."""
    return [period.start_date for period in history[1:]]


def handover_candidates(participant: Participant) -> list[User]:
    """Handledare in the participant's insats team, except the one responsible now."""
    query = (select(User).join(TeamMembership, TeamMembership.user_id == User.id)
             .where(TeamMembership.insats_id == participant.insats_id,
                    User.is_active_account.is_(True))
             .order_by(User.display_name, User.id))
    if participant.handledare_id is not None:
        query = query.where(User.id != participant.handledare_id)
    return [user for user in db.session.scalars(query) if user.has_role(Role.HANDLEDARE)]


def hand_over(participant: Participant, to: User | None, by: User, note: str = "") -> None:
    """Make ``to`` responsible from today; the earlier stretch is closed, not rewritten.
    ``to`` is None when the chosen person is not among the candidates."""
    if to is None:
        raise Refused(_("Välj en handledare i insatsens team."), "handledare")
    if not participant.is_active:
        raise Refused(_("Deltagaren har avslutat insatsen."), "handledare")
    if to.id == participant.handledare_id:
        raise Refused(_("Den personen är redan ansvarig handledare."), "handledare")
    if to.id not in {user.id for user in handover_candidates(participant)}:
        raise Refused(_("Välj en handledare i insatsens team."), "handledare")
    refusal = handledare_refusal(to, clock.today())
    if refusal is not None:
        raise Refused(refusal, "handledare")
    today = clock.today()
    now = clock.now()
    open_rows = list(db.session.scalars(select(HandledareAssignment).where(
        HandledareAssignment.participant_id == participant.id,
        HandledareAssignment.end_date.is_(None))))
    has_history = db.session.scalar(select(HandledareAssignment.id).where(
        HandledareAssignment.participant_id == participant.id).limit(1)) is not None
    if not has_history and participant.handledare_id is not None:
        # Registered before the history was kept: record the stretch that ends now.
        db.session.add(HandledareAssignment(
            participant_id=participant.id, handledare_id=participant.handledare_id,
            start_date=participant.start_date, end_date=today, assigned_dt=now))
    for row in open_rows:
        row.end_date = max(today, row.start_date)
    db.session.add(HandledareAssignment(
        participant_id=participant.id, handledare_id=to.id, start_date=today,
        assigned_by_id=by.id, assigned_dt=now, note=note.strip()[:300]))
    participant.handledare_id = to.id
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, f"handover to {to.public_id}")


# --- Exit ------------------------------------------------------------------------------------

END_RATING_WITHIN = timedelta(days=14)


def counts_as_end_rating(rated_on: date | None, today: date) -> bool:
    """A rating this recent is the end rating of an enrolment closed today; otherwise the
    exit page offers a last rating together first."""
    return rated_on is not None and rated_on >= today - END_RATING_WITHIN


@dataclass(frozen=True)
class ExitDetails:
    exit_date: date
    reason: str
    work_percent: int | None = None


def record_exit(participant: Participant, details: ExitDetails, by: User) -> None:
    """Close the enrolment: the date, the reason, and for work the share of full time."""
    if not participant.is_active:
        raise Refused(_("Deltagaren har redan avslutat insatsen."), "exit_date")
    try:
        reason = ExitReason(details.reason)
    except ValueError:
        raise Refused(_("Välj en orsak."), "reason") from None
    if details.exit_date < participant.start_date:
        raise Refused(_("Slutdatum kan inte vara före startdatum (%(date)s).",
                                  date=participant.start_date.isoformat()), "exit_date")
    if details.exit_date > clock.today():
        raise Refused(_("Slutdatum kan inte vara i framtiden."), "exit_date")
    percent = details.work_percent
    if reason.is_work:
        if percent is None or not 1 <= percent <= 100:
            raise Refused(_("Skriv hur stor del av heltid arbetet är, 1–100 procent."),
                                   "work_percent")
    else:
        percent = None
    participant.exit_date = details.exit_date
    participant.exit_reason = str(reason)
    participant.exit_work_percent = percent
    for row in db.session.scalars(select(HandledareAssignment).where(
            HandledareAssignment.participant_id == participant.id,
            HandledareAssignment.end_date.is_(None))):
        row.end_date = max(details.exit_date, row.start_date)
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, f"exit {reason}")


# --- The participant's own reminder settings ---------------------------------------------------


def set_reminders(participant: Participant, email: str | None, consent: bool) -> None:
    """Reminders need both an address and consent; withdrawing consent removes the address."""
    address = (email or "").strip().lower() or None
    if consent and address is None:
        raise Refused(_("Skriv din e-postadress för att få påminnelser."), "email")
    if not consent:
        participant.reminder_email = None
        participant.reminders_consent_dt = None
        return
    if participant.reminder_email != address or participant.reminders_consent_dt is None:
        participant.reminders_consent_dt = clock.now()
    participant.reminder_email = address
