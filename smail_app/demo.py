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
from smail_app.auth import totp as auth_totp
from smail_app.auth.models import Role, User
from smail_app.certification.demo import certify_demo_staff
from smail_app.extensions import db
from smail_app.organisations import services as org_services
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.demo_registration import add_report_participants
from smail_app.participants.models import ExitReason, Participant

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
# The förbund's own grouping of the demo insatser (the report's type filter).
DEMO_INSATS_TYPES = {"Ung framtid": "Unga", "En väg in – steget vidare": "Unga",
                     "Jobbcentrum": "Arbetsträning", "Arbetslivsintro": "Arbetsträning",
                     "Bryggan": "Förrehabilitering", "Individstöd i samverkan":
                     "Förrehabilitering"}
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
WORK_OR_STUDIES = (ExitReason.WORK_UNSUBSIDISED, ExitReason.WORK_SUBSIDISED,
                   ExitReason.OWN_BUSINESS, ExitReason.STUDIES)


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
            secret = auth_totp.start_totp_enrolment(user)
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
                        insats_type=DEMO_INSATS_TYPES.get(insats_name, ""),
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
                                                rated_up_to, interval, rng,
                                                handledare=handledare)
            if latest_scores and rng.random() < 0.8:
                _add_action_plan(participant, handledare, latest_scores, start, rng)
        # More enrolments, so that every report table has numbers; those that ended were
        # mostly rated while they took part.
        add_report_participants(insats, code_prefix, owner.id, today, rng)
        _rate_report_exits(insats, handledare, version, statements, interval, rng)
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
    """Two activities on the participant's lowest indicators, as the method suggests; the
    plan dated a few weeks after the start, as if made then (most within the insatser's own
    target of four weeks)."""
    from smail_app.plans import services as plan_services
    from smail_app.plans.models import ActionPlan, PlanStatus, Responsible

    lowest = plan_services.lowest_indicators(scores) or [1]
    for number in lowest:
        plan_services.add_activity(participant, plan_services.ActivityDetails(
            title=DEMO_ACTIVITIES[number], indicators=[number],
            responsible=rng.choice((Responsible.PARTICIPANT, Responsible.HANDLEDARE)),
            due_date=start + timedelta(weeks=rng.randint(4, 12)),
            status=rng.choice((PlanStatus.PLANNED, PlanStatus.ONGOING,
                               PlanStatus.DONE))), handledare)
    plan = db.session.scalar(select(ActionPlan).where(
        ActionPlan.participant_id == participant.id))
    plan.created_on = min(plan.created_on, start + timedelta(days=rng.randint(7, 42)))


def _add_rating_history(participant, version, statements, start, today, interval,
                        rng, handledare: User | None = None,
                        outlook: float = 0.0) -> dict[int, float]:
    """Baseline, then one rating per 13 weeks up to ``today``, drifting upwards with noise;
    with ``handledare``, most occasions also get the handledare's parallel rating and belief.
    ``outlook`` raises or lowers the starting levels (a participant who later finds work
    tends to start higher, as the BIP research found). Returns the latest rating's scores
    (empty when there is none)."""
    latest: dict[int, float] = {}
    level = {n: rng.uniform(1.5, 3.2) + outlook for n in INDICATOR_NUMBERS}
    belief = rng.uniform(1.5, 3.5) + outlook
    occasion = 0
    schedule = assessment_services.schedule_for(participant)
    while start + interval * occasion <= today:
        rated_on = start + interval * occasion + timedelta(days=rng.randint(-5, 5))
        if rated_on > today:
            break
        for number in INDICATOR_NUMBERS:
            level[number] = min(5.0, max(1.0, level[number] + rng.uniform(-0.3, 0.5)))
        latest = _add_rating(participant, version, statements, rated_on, schedule, level, rng)
        if handledare is not None and rng.random() < 0.75:
            belief = min(5.0, max(1.0, belief + rng.uniform(-0.4, 0.6)))
            _add_rating(participant, version, statements, rated_on, schedule,
                        {n: value + rng.uniform(-0.5, 0.5) for n, value in level.items()},
                        rng, handledare=handledare, belief=round(belief))
        occasion += 1
    return latest


def _add_rating(participant, version, statements, rated_on, schedule, level, rng, *,
                handledare: User | None = None, belief: int | None = None) -> dict[int, float]:
    """One submitted rating around ``level``; its scores."""
    kind = RaterKind.HANDLEDARE if handledare else RaterKind.PARTICIPANT
    rating = Rating(participant_id=participant.id, version_id=version.id, rater_kind=str(kind),
                    mode=str(RatingMode.ALONE),
                    recorded_by_id=handledare.id if handledare else None,
                    started_dt=clock.now(), submitted_dt=clock.now(), rated_on=rated_on,
                    occasion=schedule.occasion_for(rated_on), belief=belief)
    db.session.add(rating)
    db.session.flush()
    scores: dict[int, float] = {}
    for number in INDICATOR_NUMBERS:
        values = [min(5, max(1, round(level[number] + rng.uniform(-0.6, 0.6))))
                  for _ in statements[number]]
        for statement, value in zip(statements[number], values, strict=True):
            db.session.add(Answer(rating_id=rating.id, statement_id=statement.id,
                                  value=value, answered_dt=clock.now()))
        scores[number] = round(sum(values) / len(values), 2)
        db.session.add(IndicatorScore(rating_id=rating.id, indicator=number,
                                      score=scores[number]))
    return scores


def _rate_report_exits(insats: Insats, handledare: User, version, statements, interval,
                       rng) -> None:
    """Most of the report-only enrolments that have ended were rated while they took part,
    so that the tables of outcome by starting level (4e, 4f) have numbers."""
    exited = db.session.scalars(select(Participant).where(
        Participant.insats_id == insats.id, Participant.code.like("%-R%"),
        Participant.exit_date.is_not(None)))
    for person in exited:
        if rng.random() < 0.8:
            outlook = 0.7 if person.exit_reason in WORK_OR_STUDIES else -0.3
            _add_rating_history(person, version, statements, person.start_date,
                                person.exit_date - timedelta(days=1), interval, rng,
                                handledare=handledare, outlook=outlook)
