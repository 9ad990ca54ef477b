"""The SUS-aligned registration: education, time in public support and income sources at the
start, income sources after the exit, and anonymous participants who are only counted."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select

from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import Gender, User
from smail_app.core.enums import LabelledEnum
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Insats
from smail_app.participants import services
from smail_app.participants.models import Participant, ParticipantIncome
from smail_app.participants.registration_enums import (
    Education,
    IncomePhase,
    IncomeSource,
    SupportTime,
)

# An answer that excludes every other: "none" or "won't say" beside a real source is a slip.
EXCLUSIVE_SOURCES = frozenset({IncomeSource.NONE, IncomeSource.UNKNOWN})
ANONYMOUS_CODE_PREFIX = "ANON-"


@dataclass(frozen=True)
class RegistrationDetails:
    education: str = ""
    support_time: str = ""
    income_start: list[str] = field(default_factory=list)
    income_exit: list[str] = field(default_factory=list)


def _member(enum_class: type[LabelledEnum], value: str, field_name: str) -> LabelledEnum | None:
    if not value:
        return None
    try:
        return enum_class(value)
    except ValueError:
        raise Refused(_("Välj ett av alternativen."), field_name) from None


def _sources(values: list[str], field_name: str) -> set[IncomeSource]:
    try:
        sources = {IncomeSource(value) for value in values}
    except ValueError:
        raise Refused(_("Välj bland alternativen."), field_name) from None
    if len(sources) > 1 and sources & EXCLUSIVE_SOURCES:
        raise Refused(_("”Ingen försörjning” och ”Vill ej uppge / okänd” kan inte väljas "
                        "tillsammans med något annat."), field_name)
    return sources


def income_sources(participant: Participant) -> dict[IncomePhase, list[IncomeSource]]:
    rows = db.session.scalars(select(ParticipantIncome).where(
        ParticipantIncome.participant_id == participant.id).order_by(ParticipantIncome.id))
    found: dict[IncomePhase, list[IncomeSource]] = {phase: [] for phase in IncomePhase}
    for row in rows:
        found[IncomePhase(row.phase)].append(IncomeSource(row.source))
    return found


def record_registration(participant: Participant, details: RegistrationDetails,
                        by: User) -> None:
    """Replace what was recorded; income after the exit only once the enrolment has ended."""
    education = _member(Education, details.education, "education")
    support_time = _member(SupportTime, details.support_time, "support_time")
    start = _sources(details.income_start, "income_start")
    after = _sources(details.income_exit, "income_exit")
    if after and participant.is_active:
        raise Refused(_("Försörjning efter avslut kan fyllas i när deltagaren har avslutat "
                        "insatsen."), "income_exit")
    participant.education = education
    participant.support_time = support_time
    db.session.execute(delete(ParticipantIncome).where(
        ParticipantIncome.participant_id == participant.id))
    for phase, sources in ((IncomePhase.START, start), (IncomePhase.EXIT, after)):
        for source in sorted(sources, key=list(IncomeSource).index):
            db.session.add(ParticipantIncome(participant_id=participant.id, phase=phase,
                                             source=source))
    db.session.flush()
    log_access(by, participant, AccessAction.UPDATE, "registration")


@dataclass(frozen=True)
class NewAnonymous:
    insats: Insats | None
    gender: str
    birth_year: int | None
    start_date: date


def _free_anonymous_code(insats: Insats) -> str:
    while True:
        code = ANONYMOUS_CODE_PREFIX + secrets.token_hex(3).upper()
        if not services.code_taken(insats, code):
            return code


def register_anonymous(data: NewAnonymous, registered_by: User) -> Participant:
    """Gender and birth year only, a generated code, never an app account."""
    if data.gender not in {gender.value for gender in Gender}:
        raise Refused(_("Välj ett alternativ."), "gender")
    code = _free_anonymous_code(data.insats) if data.insats else ""
    participant = services.register_participant(services.NewParticipant(
        insats=data.insats, code=code, alias="", birth_year=data.birth_year,
        gender=data.gender, kommun=None, start_date=data.start_date), registered_by)
    participant.is_anonymous = True
    return participant
