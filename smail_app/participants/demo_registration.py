"""Demo enrolments for the reports: fictional people with the SUS-aligned registration,
exits over the last two years, a few anonymous participants and one registered by mistake
per insats, so that every report table has something in it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from smail_app import clock
from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants.models import WORK_REASONS, ExitReason, Participant, ParticipantIncome
from smail_app.participants.registration_enums import (
    Education,
    IncomePhase,
    IncomeSource,
    SupportTime,
)

REPORT_ONLY_PER_INSATS = 25
ANONYMOUS_PER_INSATS = 3
# How the demo's exits split, roughly as the förbund's memo shows them.
EXIT_WEIGHTS = {
    ExitReason.WORK_UNSUBSIDISED: 22, ExitReason.WORK_SUBSIDISED: 14,
    ExitReason.OWN_BUSINESS: 4, ExitReason.STUDIES: 18, ExitReason.JOB_SEEKING: 14,
    ExitReason.OTHER_PROGRAMME: 8, ExitReason.HEALTH: 10, ExitReason.MOVED: 4,
    ExitReason.NO_REASON: 3, ExitReason.OTHER: 3,
}
START_SOURCES = (IncomeSource.SOCIAL_ASSISTANCE, IncomeSource.ACTIVITY_SICKNESS_COMPENSATION,
                 IncomeSource.SICKNESS_BENEFIT, IncomeSource.ACTIVITY_SUPPORT,
                 IncomeSource.NONE, IncomeSource.UNKNOWN)


def add_report_participants(insats: Insats, code_prefix: str, kommun_id: int, today: date,
                            rng: random.Random) -> None:
    genders = ("kvinna", "man", "kvinna", "man", "kvinna", "man", "annat")
    for number in range(REPORT_ONLY_PER_INSATS):
        start = today - timedelta(days=rng.randint(20, 900))
        person = _person(insats, f"{code_prefix}-R{number + 1:03d}", rng.choice(genders),
                         kommun_id, start, today, rng)
        person.education = rng.choice(list(Education))
        person.support_time = rng.choice(list(SupportTime))
        db.session.add(person)
        db.session.flush()
        db.session.add(ParticipantIncome(participant_id=person.id, phase=IncomePhase.START,
                                         source=rng.choice(START_SOURCES)))
        if person.exit_date is not None:
            after = IncomeSource.SALARY if person.exit_reason in WORK_REASONS \
                else rng.choice(START_SOURCES)
            db.session.add(ParticipantIncome(participant_id=person.id, phase=IncomePhase.EXIT,
                                             source=after))
    for number in range(ANONYMOUS_PER_INSATS):
        start = today - timedelta(days=rng.randint(20, 500))
        anonymous = _person(insats, f"ANON-{code_prefix}{number + 1}", rng.choice(genders),
                            None, start, today, rng)
        anonymous.is_anonymous = True
        db.session.add(anonymous)
    mistake = _person(insats, f"{code_prefix}-FEL", "man", kommun_id,
                      today - timedelta(days=60), today, rng)
    mistake.exit_date, mistake.exit_reason = mistake.start_date + timedelta(days=2), \
        ExitReason.MISREGISTERED
    mistake.exit_work_percent = None
    db.session.add(mistake)
    db.session.flush()


def _person(insats: Insats, code: str, gender: str, kommun_id: int | None, start: date,
            today: date, rng: random.Random) -> Participant:
    person = Participant(insats_id=insats.id, code=code, gender=gender,
                         birth_year=today.year - rng.randint(17, 66), kommun_id=kommun_id,
                         start_date=start, created_dt=clock.now())
    if (today - start).days > 90 and rng.random() < 0.65:
        person.exit_date = min(today, start + timedelta(days=rng.randint(60, 600)))
        person.exit_reason = rng.choices(list(EXIT_WEIGHTS), list(EXIT_WEIGHTS.values()))[0]
        if person.exit_reason in WORK_REASONS:
            person.exit_work_percent = rng.choice((25, 50, 50, 75, 100, 100, 100))
    return person
