"""The demo dataset: the county's real structure with fictional staff and participants.

Every person here is invented. Ratings follow a seeded random walk, so the same command
gives the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from smail_app import clock
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import INDICATOR_NUMBERS
from smail_app.assessments.models import Answer, IndicatorScore, RaterKind, Rating, RatingMode
from smail_app.auth import services as auth_services
from smail_app.auth.models import Role, User
from smail_app.certification.demo import certify_demo_staff
from smail_app.extensions import db
from smail_app.organisations import services as org_services
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.demo_registration import add_report_participants
from smail_app.participants.models import Participant

DEMO_DOMAIN = "demo.smail.example"

# (insats, owner kommun, participant code prefix) from the county's own list.
DEMO_INSATSER = (
    ("En väg in – steget vidare", "Knivsta kommun", "KNI"),
    ("Förstärkt stöd till arbete & studier", "Älvkarleby kommun", "ALV"),
    ("Framsteget", "Håbo kommun", "HAB"),
    ("Jobbcentrum", "Enköpings kommun", "ENK"),
    ("Bryggan", "Östhammars kommun", "OST"),
    ("Ung framtid", "Tierps kommun", "TIE"),
    ("Individstöd i samverkan", "Heby kommun", "HEB"),
    ("Arbetslivsintro", "Uppsala kommun", "UPP"),
)
# Fictional staff: (login prefix, display name, gender, roles, organisation).
DEMO_STAFF = (
    ("admin", "Förbundskansliet Admin", "kvinna", (Role.ADMIN,), None),
    ("utbildare.forbund", "Ulla Utbildare", "kvinna", (Role.UTBILDARE,), None),
    ("utbildare.uppsala", "Omar Utbildare", "man", (Role.UTBILDARE,), "Uppsala kommun"),
)
HANDLEDARE_NAMES = (("Hanna", "kvinna"), ("Hassan", "man"), ("Helena", "kvinna"),
                    ("Henrik", "man"), ("Hiba", "kvinna"), ("Hugo", "man"),
                    ("Hedda", "kvinna"), ("Harald", "man"))
PARTICIPANTS_PER_INSATS = 8
GENDERS = ("kvinna", "man", "kvinna", "man", "annat", "vill_ej_uppge")


def load_demo(password: str) -> list[tuple[str, ...]]:
    """Create the dataset; returns (ROLE, LOGIN[, TOTP secret]) per demo account."""
    if db.session.scalar(select(User.id).where(User.email.like(f"%@{DEMO_DOMAIN}"))):
        raise ValueError("The demo dataset is already loaded.")
    auth_services.check_password_rules(password)
    rng = random.Random(2027)
    today = clock.today()
    org_services.load_county_structure()
    organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    accounts: list[tuple[str, ...]] = []

    for prefix, name, gender, roles, org_name in DEMO_STAFF:
        user = auth_services.create_staff_user(
            f"{prefix}@{DEMO_DOMAIN}", password, display_name=name, roles=roles, gender=gender,
            organisation_id=organisations[org_name].id if org_name else None)
        if user.must_use_totp:
            secret = auth_services.start_totp_enrolment(user)
            user.totp_confirmed_dt = clock.now()
            accounts.append((str(roles[0]), user.email, secret))
        else:
            accounts.append((str(roles[0]), user.email))

    version = assessment_services.current_version()
    statements = {n: version.statements_for(n) for n in INDICATOR_NUMBERS}
    interval = timedelta(weeks=13)
    participant_logins: list[str] = []
    for index, (insats_name, owner_name, code_prefix) in enumerate(DEMO_INSATSER):
        owner = organisations[owner_name]
        insats = Insats(name=insats_name, owner_id=owner.id,
                        start_date=today - timedelta(days=3 * 365), created_dt=clock.now())
        db.session.add(insats)
        db.session.flush()
        first, gender = HANDLEDARE_NAMES[index]
        handledare = auth_services.create_staff_user(
            f"{first.lower()}.handledare@{DEMO_DOMAIN}", password,
            display_name=f"{first} Handledare", roles=(Role.HANDLEDARE,), gender=gender,
            organisation_id=owner.id)
        db.session.add(TeamMembership(insats_id=insats.id, user_id=handledare.id,
                                      added_dt=clock.now()))
        accounts.append((str(Role.HANDLEDARE), handledare.email))
        for number in range(PARTICIPANTS_PER_INSATS):
            if number == 0:  # has an account: make a rating due about now
                start = today - interval * rng.randint(1, 6) + timedelta(days=rng.randint(-10, 5))
            else:
                start = today - timedelta(days=rng.randint(0, 730))
            participant = Participant(
                insats_id=insats.id, code=f"{code_prefix}-{number + 1:03d}",
                alias=rng.choice(("", "Sam", "Alex", "Kim", "Noor", "Robin", "Mika")),
                birth_year=today.year - rng.randint(17, 64), gender=rng.choice(GENDERS),
                kommun_id=owner.id, start_date=start, handledare_id=handledare.id,
                created_dt=clock.now())
            db.session.add(participant)
            db.session.flush()
            if number == 0:
                user = auth_services.create_participant_user(
                    f"deltagare{index + 1}", password)
                participant.user_id = user.id
                participant_logins.append(user.username or "")
            # Account holders, and about a quarter of the rest, have their current rating
            # still to do, so the demo shows open and overdue ratings.
            rated_up_to = today - timedelta(days=21) if number == 0 or rng.random() < 0.25 \
                else today
            latest_scores = _add_rating_history(participant, version, statements, start,
                                                rated_up_to, interval, rng)
            if latest_scores and rng.random() < 0.8:
                _add_action_plan(participant, handledare, latest_scores, start, rng)
        # More enrolments, without ratings, so that every report table has numbers.
        add_report_participants(insats, code_prefix, owner.id, today, rng)
    # Utbildare certified by the admin; every handledare certified through a demo course.
    certify_demo_staff(DEMO_DOMAIN, today)
    accounts.extend(("deltagare", login) for login in participant_logins)
    db.session.flush()
    return accounts


# Fictional activities a handledare might plan for each indicator.
DEMO_ACTIVITIES = {
    1: "Samtal om tidigare framgångar", 2: "Studiebesök på en arbetsplats",
    3: "Sätta ett delmål för nästa månad", 4: "Gruppaktivitet två gånger i veckan",
    5: "Veckoschema med fasta tider", 6: "Kontakt med vårdcentralen",
    7: "Skriva CV och söka tre jobb",
}


def _add_action_plan(participant, handledare, scores, start, rng) -> None:
    """Two activities on the participant's lowest indicators, as the method suggests."""
    from smail_app.plans import services as plan_services
    from smail_app.plans.models import PlanStatus, Responsible

    lowest = plan_services.lowest_indicators(scores) or [1]
    for number in lowest:
        plan_services.add_activity(participant, plan_services.ActivityDetails(
            title=DEMO_ACTIVITIES[number], indicators=[number],
            responsible=rng.choice((Responsible.PARTICIPANT, Responsible.HANDLEDARE)),
            due_date=start + timedelta(weeks=rng.randint(4, 12)),
            status=rng.choice((PlanStatus.PLANNED, PlanStatus.ONGOING,
                               PlanStatus.DONE))), handledare)


def _add_rating_history(participant, version, statements, start, today, interval,
                        rng) -> dict[int, float]:
    """Baseline, then one rating per 13 weeks up to ``today``, drifting upwards with noise.
    Returns the latest rating's scores (empty when there is none)."""
    latest: dict[int, float] = {}
    level = {n: rng.uniform(1.5, 3.2) for n in INDICATOR_NUMBERS}
    occasion = 0
    schedule = assessment_services.schedule_for(participant)
    while start + interval * occasion <= today:
        rated_on = start + interval * occasion + timedelta(days=rng.randint(-5, 5))
        if rated_on > today:
            break
        rating = Rating(participant_id=participant.id, version_id=version.id,
                        rater_kind=str(RaterKind.PARTICIPANT), mode=str(RatingMode.ALONE),
                        started_dt=clock.now(), submitted_dt=clock.now(), rated_on=rated_on,
                        occasion=schedule.occasion_for(rated_on))
        db.session.add(rating)
        db.session.flush()
        for number in INDICATOR_NUMBERS:
            level[number] = min(5.0, max(1.0, level[number] + rng.uniform(-0.3, 0.5)))
            values = [min(5, max(1, round(level[number] + rng.uniform(-0.6, 0.6))))
                      for _ in statements[number]]
            for statement, value in zip(statements[number], values, strict=True):
                db.session.add(Answer(rating_id=rating.id, statement_id=statement.id,
                                      value=value, answered_dt=clock.now()))
            latest[number] = round(sum(values) / len(values), 2)
            db.session.add(IndicatorScore(rating_id=rating.id, indicator=number,
                                          score=latest[number]))
        occasion += 1
    return latest
