"""A realistic SMAIL database, generated fast with SQLAlchemy Core bulk inserts.

Shape (default 20,000 participants): the county's 8 kommuner and 3 agencies (the app's own
``load_county_structure``), 8 insatser, ~150 handledare in the insats teams (some in two),
14 utbildare, participants who started at any time in the last 3 years and stay 4 to 24
months, a self-rating every 13 weeks (17 answers of instrument version 1 + 7 indicator
scores each), the handledare's parallel rating on about a third of the occasions, action
plans, occasion notes, invites, access log entries, handovers, and a certification registry
(courses, sessions, attendance, a few hundred certificates and evaluations) when the
certification models are there in the expected shape.

Staff numbers stay the same at every size, so comparing 1,000 with 20,000 participants
changes only what grows with participants.

Team sizes: the 8 county-wide insatser grow with the participants (2,500 each at 20,000),
the worst case for a caseload. Four smaller insatser with a handledare each hold 20, 80, 150
and 300 participants at every size, the teams most handledare actually have; the benchmark
measures the caseload for both (``caseload`` and ``caseload_small``).

Every row is inserted with ``connection.execute(insert(table), [rows...])`` (executemany)
in chunks, primary keys assigned here so children need no RETURNING; PostgreSQL sequences
are moved past them at the end. Every person is fictional.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from types import SimpleNamespace
from typing import Any

from flask import Flask
from sqlalchemy import Table, func, insert, select, text

from smail_app.assessments.models import RaterKind, RatingMode
from smail_app.audit import chain
from smail_app.audit.models import AccessAction
from smail_app.auth.models import Gender, InviteKind, Role
from smail_app.certification.models import CertificateKind, CourseKind
from smail_app.organisations.models import OrganisationKind
from smail_app.participants.models import ExitReason
from smail_app.plans.models import PlanStatus, Responsible

PASSWORD = "bench-losenord-2027"
DOMAIN = "bench.example"
N_HANDLEDARE = 150
N_UTBILDARE = 14
N_ADMINS = 4
N_BENCH_USERS = 4  # simulated users per role under load (one cookie jar each)
INTERVAL = timedelta(weeks=13)
CHUNK = 1000  # participants per transaction

INSATSER = (
    ("Bänk: En väg in", "Knivsta kommun", "KNI"),
    ("Bänk: Förstärkt stöd", "Älvkarleby kommun", "ALV"),
    ("Bänk: Framsteget", "Håbo kommun", "HAB"),
    ("Bänk: Jobbcentrum", "Enköpings kommun", "ENK"),
    ("Bänk: Bryggan", "Östhammars kommun", "OST"),
    ("Bänk: Ung framtid", "Tierps kommun", "TIE"),
    ("Bänk: Individstöd", "Heby kommun", "HEB"),
    ("Bänk: Arbetslivsintro", "Uppsala kommun", "UPP"),
)
# Small insatser with one handledare each: (name, owner, code prefix, participants).
SMALL_INSATSER = (
    ("Bänk: Liten grupp", "Knivsta kommun", "LIT", 20),
    ("Bänk: Samtalsgruppen", "Heby kommun", "SAM", 80),
    ("Bänk: Steget", "Tierps kommun", "STE", 150),
    ("Bänk: Vägen vidare", "Uppsala kommun", "VAG", 300),
)
# Weighted: women and men three times as often as the other two answers.
GENDERS = (Gender.KVINNA, Gender.MAN) * 3 + (Gender.ANNAT, Gender.VILL_EJ_UPPGE)
ALIASES = ("", "", "", "Sam", "Alex", "Kim", "Noor", "Robin", "Mika", "Charlie", "Love")
EXIT_REASONS = tuple(reason for reason in ExitReason if reason != ExitReason.MISREGISTERED)
WORK_REASONS = {ExitReason.WORK_SUBSIDISED, ExitReason.WORK_UNSUBSIDISED,
                ExitReason.OWN_BUSINESS}
ACTIVITY_TITLES = ("Praktik på lager", "Studiebesök Komvux", "CV och personligt brev",
                   "Samtal med arbetsterapeut", "Träning inför intervju", "Körkortsteori",
                   "Svenska för yrkeslivet", "Rutiner för sömn och morgon",
                   "Kontakt med vårdcentral", "Friskvård två gånger i veckan")
ACTIVITY_STATUSES = (PlanStatus.PLANNED, PlanStatus.ONGOING, PlanStatus.ONGOING,
                     PlanStatus.DONE, PlanStatus.DONE, PlanStatus.CANCELLED)
RESPONSIBLE = tuple(Responsible)


@dataclass
class BenchUser:
    login: str
    public_id: str = ""
    totp_secret: str | None = None


@dataclass
class BenchParticipant:
    login: str
    public_id: str  # the participant's public id (handledare URL)
    draft_public_id: str  # an open self-rating draft (the rating step page)
    handledare_login: str


@dataclass
class Generated:
    participants: int
    seconds: float
    counts: dict[str, int]
    admins: list[BenchUser]
    handledare: list[BenchUser]
    participant_users: list[BenchParticipant]
    # one per small insats (20, 80, 150 and 300 participants), the only one in its team
    small_team_handledare: list[BenchUser] = field(default_factory=list)

    @property
    def ratings(self) -> int:
        return self.counts.get("ratings", 0)


def _utc(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tzinfo=UTC)


def _token_hash(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


class _Writer:
    """Assigns primary keys and inserts rows table by table, counting them."""

    def __init__(self, connection, tables: dict[str, Table]) -> None:
        self.connection = connection
        self.tables = tables
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for name, table in tables.items():
            highest = connection.scalar(select(func.max(table.c.id))) or 0
            self.next_id[name] = highest + 1
        # The access log is a hash chain (smail_app/audit/chain.py): entries written here
        # continue it exactly as the app would, so `flask audit-verify` passes afterwards.
        self.log_seq = connection.scalar(text(
            f"SELECT seq FROM access_log_head WHERE id = {chain.HEAD_ID}")) or 0
        self.log_hash = connection.scalar(select(tables["access_log"].c.entry_hash).where(
            tables["access_log"].c.seq == self.log_seq)) or chain.GENESIS

    def log_access(self, row: dict[str, Any]) -> None:
        self.log_seq += 1
        row["seq"] = self.log_seq
        row["entry_hash"] = self.log_hash = chain.entry_digest(SimpleNamespace(**row),
                                                               self.log_hash)
        self.add("access_log", row)

    def close_log(self) -> None:
        """Move the chain's head past the entries written."""
        self.connection.execute(text("UPDATE access_log_head SET seq = :seq WHERE id = :id"),
                                {"seq": self.log_seq, "id": chain.HEAD_ID})

    def add(self, name: str, row: dict[str, Any]) -> int:
        row_id = self.next_id[name]
        self.next_id[name] += 1
        row["id"] = row_id
        self.pending[name].append(row)
        return row_id

    def flush(self, order: list[str]) -> None:
        for name in order:
            rows = self.pending.pop(name, None)
            if not rows:
                continue
            table = self.tables[name]
            unknown = set(rows[0]) - set(table.c.keys())
            if unknown:
                raise RuntimeError(f"{name} has no {sorted(unknown)}: the generator needs "
                                   "updating")
            self.connection.execute(insert(table), rows)
            self.counts[name] += len(rows)
        if self.pending:
            raise RuntimeError(f"rows left unwritten: {sorted(self.pending)}")


FLUSH_ORDER = ["users", "user_roles", "insatser", "team_memberships", "courses",
               "course_trainers", "course_sessions", "course_enrolments", "session_attendance",
               "certificates", "course_evaluations", "participants", "invites",
               "handledare_assignments", "ratings", "answers", "indicator_scores",
               "action_plans", "plan_activities", "plan_activity_indicators", "occasion_notes",
               "access_log"]

def _tables() -> dict[str, Table]:
    """The tables the generator writes (a column it writes and the schema lacks fails at the
    first flush, by name)."""
    from smail_app.extensions import db

    missing = [name for name in FLUSH_ORDER if name not in db.metadata.tables]
    if missing:
        raise RuntimeError(f"no tables {missing}: the generator needs updating")
    return {name: db.metadata.tables[name] for name in FLUSH_ORDER}


def generate(app: Flask, participants: int, seed: int = 2027,
             log=print) -> Generated:
    """Fill the (migrated, empty) database of ``app``."""
    from smail_app import clock
    from smail_app.assessments import services as assessment_services
    from smail_app.assessments.schedule import Schedule
    from smail_app.auth import services as auth_services
    from smail_app.extensions import db
    from smail_app.organisations import services as org_services
    from smail_app.organisations.models import Organisation

    started = time.perf_counter()
    rng = random.Random(seed)
    with app.app_context():
        org_services.load_county_structure()  # the county's 8 kommuner and 3 agencies
        db.session.commit()
        organisations = {o.name: (o.id, o.kind) for o in db.session.scalars(select(Organisation))}
        version = assessment_services.current_version()
        version_id = version.id
        statements = [(s.id, s.indicator) for s in version.statements]
        by_indicator: dict[int, list[int]] = defaultdict(list)
        for sid, indicator in statements:
            by_indicator[indicator].append(sid)
        indicators = sorted(by_indicator)
        interval_weeks = app.config["SMAIL_RATING_INTERVAL_WEEKS"]
        window_days = app.config["SMAIL_RATING_WINDOW_DAYS"]
        # One real hash at the production cost, shared by every account (hashing 8,000
        # passwords would take longer than the rest of the generation).
        password_hash = auth_services.hash_password(PASSWORD)
        today = clock.today()
        now = clock.now()
        kommuner = [oid for oid, kind in organisations.values() if kind == OrganisationKind.KOMMUN]
        agencies = [oid for oid, kind in organisations.values() if kind != OrganisationKind.KOMMUN]
        db.session.remove()

        with db.engine.begin() as connection:
            w = _Writer(connection, _tables())
            admins, utbildare, handledare, teams, insats_ids = _staff(
                w, rng, organisations, kommuner, agencies, password_hash, today, now)
            small_teams = _small_teams(w, rng, organisations, password_hash, today, now)
            _certification(w, rng, admins, utbildare, handledare, today, now)
            w.flush(FLUSH_ORDER)
        log(f"    staff, teams and certification registry written "
            f"({time.perf_counter() - started:.1f} s)")

        bench_participants: list[BenchParticipant] = []
        context = _Context(rng=rng, today=today, now=now, version_id=version_id,
                           by_indicator=by_indicator, indicators=indicators,
                           interval_weeks=interval_weeks, window_days=window_days,
                           schedule_cls=Schedule, password_hash=password_hash,
                           insats_ids=insats_ids, teams=teams, kommuner=kommuner,
                           handledare=handledare, small_teams=small_teams)
        counts: dict[str, int] = defaultdict(int)
        for name, n in w.counts.items():
            counts[name] += n
        done = 0
        while done < participants:
            size = min(CHUNK, participants - done)
            with db.engine.begin() as connection:
                w.connection = connection
                w.counts = defaultdict(int)
                for index in range(done, done + size):
                    found = _participant(w, context, index)
                    if found is not None:
                        bench_participants.append(found)
                w.flush(FLUSH_ORDER)
                w.close_log()
            for name, n in w.counts.items():
                counts[name] += n
            done += size
            if done % 5000 == 0 or done == participants:
                log(f"    {done:,} participants ({time.perf_counter() - started:.1f} s)")

        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                for table in w.tables.values():
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                # what autovacuum does on a live system: the triggers that keep each
                # participant's facts (participants/facts.py) leave an old row version per
                # rating inserted, which a live system's autovacuum would have cleared
                connection.execute(text("VACUUM ANALYZE"))
        db.engine.dispose()

    return Generated(
        participants=participants, seconds=time.perf_counter() - started, counts=dict(counts),
        admins=admins, handledare=[handledare_user for handledare_user in
                                   context.bench_handledare],
        participant_users=bench_participants,
        small_team_handledare=[BenchUser(team.handledare_login) for team in small_teams])


# --- Staff, insatser, teams ------------------------------------------------------------------


def _user(w: _Writer, *, email: str | None = None, username: str | None = None,
          password_hash: str, name: str = "", gender: str | None = None,
          organisation_id: int | None = None, roles: tuple[str, ...] = (),
          created: datetime, totp_secret: str | None = None) -> tuple[int, str]:
    public_id = secrets.token_urlsafe(12)
    user_id = w.add("users", {
        "public_id": public_id, "email": email, "username": username,
        "password_hash": password_hash, "display_name": name, "gender": gender,
        "organisation_id": organisation_id, "locale": None, "is_active_account": True,
        "totp_secret": totp_secret, "totp_confirmed_dt": created if totp_secret else None,
        "created_dt": created, "last_login_dt": None})
    for role in roles:
        w.add("user_roles", {"user_id": user_id, "role": role})
    return user_id, public_id


FIRST_NAMES = ("Anna", "Ali", "Britt", "Bo", "Cecilia", "Chen", "Dina", "David", "Emma", "Erik",
               "Fatima", "Filip", "Greta", "Gustav", "Hanna", "Hassan", "Ida", "Isak", "Jana",
               "Johan", "Karin", "Karim", "Lina", "Lars", "Maja", "Mehmet", "Nora", "Nils",
               "Olga", "Oskar", "Petra", "Per", "Rut", "Reza", "Sara", "Sven", "Tove", "Tariq")


def _staff(w, rng, organisations, kommuner, agencies, password_hash, today, now):
    import pyotp

    long_ago = now - timedelta(days=3 * 365 + 60)
    admins: list[BenchUser] = []
    for number in range(1, N_ADMINS + 1):
        secret = pyotp.random_base32()
        email = f"admin{number}@{DOMAIN}"
        _, public_id = _user(w, email=email, password_hash=password_hash,
                             name=f"Förbundet Admin {number}", gender=Gender.KVINNA,
                             roles=(Role.ADMIN,),
                             created=long_ago, totp_secret=secret)
        admins.append(BenchUser(email, public_id, secret))
    utbildare: list[tuple[int, int]] = []  # (user id, organisation id)
    for number in range(1, N_UTBILDARE + 1):
        org = rng.choice(kommuner + agencies)
        user_id, _ = _user(w, email=f"utbildare{number}@{DOMAIN}", password_hash=password_hash,
                           name=f"{rng.choice(FIRST_NAMES)} Utbildare {number}",
                           gender=rng.choice(GENDERS[:6]), organisation_id=org,
                           roles=(Role.UTBILDARE,), created=long_ago)
        utbildare.append((user_id, org))

    insats_ids: list[int] = []
    for name, owner, _prefix in INSATSER:
        insats_ids.append(w.add("insatser", {
            "public_id": secrets.token_urlsafe(12), "name": name,
            "owner_id": organisations[owner][0],
            "start_date": today - timedelta(days=3 * 365 + 30), "end_date": None,
            "description": "Genererad för benchmark.", "created_dt": long_ago}))

    teams: dict[int, list[tuple[int, str]]] = defaultdict(list)  # insats → [(user id, login)]
    handledare: list[tuple[int, str, int]] = []  # (user id, login, home insats index)
    for number in range(1, N_HANDLEDARE + 1):
        home = (number - 1) % len(INSATSER)
        owner_org = organisations[INSATSER[home][1]][0]
        org = owner_org if rng.random() < 0.8 else rng.choice(agencies)
        email = f"handledare{number}@{DOMAIN}"
        user_id, _ = _user(w, email=email, password_hash=password_hash,
                           name=f"{rng.choice(FIRST_NAMES)} Handledare {number}",
                           gender=rng.choice(GENDERS[:6]), organisation_id=org,
                           roles=(Role.HANDLEDARE,), created=long_ago)
        handledare.append((user_id, email, home))
        member_of = [home]
        # A tenth work in two insatser (never the ones the benchmark signs in as).
        if number > len(INSATSER) and rng.random() < 0.1:
            member_of.append((home + rng.randint(1, len(INSATSER) - 1)) % len(INSATSER))
        for insats in member_of:
            teams[insats].append((user_id, email))
            w.add("team_memberships", {"insats_id": insats_ids[insats], "user_id": user_id,
                                       "added_dt": long_ago})
    return admins, utbildare, handledare, teams, insats_ids


@dataclass(frozen=True)
class _SmallTeam:
    insats_id: int
    prefix: str
    size: int
    handledare_id: int
    handledare_login: str


def _small_teams(w, rng, organisations, password_hash, today, now) -> list[_SmallTeam]:
    long_ago = now - timedelta(days=3 * 365 + 60)
    teams = []
    for number, (name, owner, prefix, size) in enumerate(SMALL_INSATSER, start=1):
        insats_id = w.add("insatser", {
            "public_id": secrets.token_urlsafe(12), "name": name,
            "owner_id": organisations[owner][0],
            "start_date": today - timedelta(days=3 * 365 + 30), "end_date": None,
            "description": "Genererad för benchmark.", "created_dt": long_ago})
        email = f"lagledare{number}@{DOMAIN}"
        user_id, _ = _user(w, email=email, password_hash=password_hash,
                           name=f"{rng.choice(FIRST_NAMES)} Lagledare {number}",
                           gender=rng.choice(GENDERS[:6]), organisation_id=organisations[owner][0],
                           roles=(Role.HANDLEDARE,), created=long_ago)
        w.add("team_memberships", {"insats_id": insats_id, "user_id": user_id,
                                   "added_dt": long_ago})
        teams.append(_SmallTeam(insats_id, prefix, size, user_id, email))
    return teams


def _small_team_of(c: _Context, index: int) -> _SmallTeam | None:
    """The small insats participant ``index`` belongs to: the first 550 after the benchmark's
    own participants fill them."""
    place = index - N_BENCH_USERS
    for team in c.small_teams:
        if 0 <= place < team.size:
            return team
        place -= team.size
    return None


# --- Certification registry ------------------------------------------------------------------


def _course(w, rng, *, kind, title, org, creator, trainers, day, sessions, enrolled, now,
            assignment_minutes=240, pending=0):
    course_id = w.add("courses", {
        "public_id": secrets.token_urlsafe(12), "kind": kind, "title": title,
        "organisation_id": org, "home_assignment_minutes": assignment_minutes,
        "description": "", "created_by_id": creator, "created_dt": _utc(day) - timedelta(60)})
    for trainer in trainers:
        w.add("course_trainers", {"course_id": course_id, "user_id": trainer})
    session_ids = []
    for number in range(sessions):
        session_day = day + timedelta(days=7 * number)
        session_ids.append(w.add("course_sessions", {
            "public_id": secrets.token_urlsafe(12), "course_id": course_id,
            "session_date": session_day, "start_time": dtime(9), "end_time": dtime(13)}))
    last_day = day + timedelta(days=7 * (sessions - 1))
    done = _utc(last_day, 15)
    for user_id in enrolled:
        enrolment_id = w.add("course_enrolments", {
            "public_id": secrets.token_urlsafe(12), "course_id": course_id,
            "user_id": user_id, "invited_email": None, "invited_name": "", "invite_id": None,
            "enrolled_by_id": creator, "enrolled_dt": _utc(day) - timedelta(days=30),
            "assignment_submitted_dt": done if assignment_minutes else None,
            "assignment_approved_dt": done if assignment_minutes else None,
            "assignment_approved_by_id": trainers[0] if assignment_minutes else None,
            "evaluation_submitted_dt": done if rng.random() < 0.75 else None})
        for session_id in session_ids:
            w.add("session_attendance", {
                "session_id": session_id, "enrolment_id": enrolment_id, "is_present": True,
                "minutes_attended": 240, "recorded_by_id": trainers[0], "recorded_dt": done})
    for number in range(pending):  # invited by e-mail, no account yet
        w.add("course_enrolments", {
            "public_id": secrets.token_urlsafe(12), "course_id": course_id, "user_id": None,
            "invited_email": f"inbjuden{course_id}-{number}@{DOMAIN}",
            "invited_name": f"Inbjuden {number}", "invite_id": None,
            "enrolled_by_id": creator, "enrolled_dt": _utc(day) - timedelta(days=20),
            "assignment_submitted_dt": None, "assignment_approved_dt": None,
            "assignment_approved_by_id": None, "evaluation_submitted_dt": None})
    for _ in range(int(len(enrolled) * 0.75)):  # evaluations are not linked to the person
        w.add("course_evaluations", {
            "course_id": course_id,
            "can_train": rng.randint(2, 5) if kind == CourseKind.UTBILDARE else None,
            "can_use": rng.randint(2, 5) if kind == CourseKind.ANVANDARE else None,
            "helps_daily_work": rng.randint(2, 5), "comment": ""})
    return course_id, last_day


def _certificate(w, *, kind, holder, course, issuer, day, now, revoked_on=None,
                 revoked_by=None):
    w.add("certificates", {
        "public_id": secrets.token_urlsafe(12), "kind": kind, "holder_id": holder,
        "course_id": course, "issued_by_id": issuer, "issued_on": day, "valid_until": None,
        "created_dt": _utc(day, 16), "revoked_on": revoked_on,
        "revoked_dt": _utc(revoked_on, 10) if revoked_on else None,
        "revoked_by_id": revoked_by,
        "revoke_reason": "Slutat i insatsen, certifikatet dras in." if revoked_on else ""})


def _certification(w, rng, admins, utbildare, handledare, today, now):
    admin_id = w.pending["users"][0]["id"]  # the first admin issues utbildare certificates
    start = today - timedelta(days=3 * 365)
    trainer_ids = [u for u, _ in utbildare]
    for number, group in enumerate((trainer_ids[:7], trainer_ids[7:])):
        course_id, last = _course(
            w, rng, kind=CourseKind.UTBILDARE, title=f"Utbildarutbildning {number + 1}", org=None,
            creator=admin_id, trainers=[admin_id], day=start + timedelta(days=20 + 60 * number),
            sessions=3, enrolled=group, now=now)
        for holder in group:
            _certificate(w, kind=CertificateKind.UTBILDARE, holder=holder, course=course_id,
                         issuer=admin_id, day=last, now=now)
    # Användarutbildningar: 15 courses of 10 handledare each, run by the utbildare.
    ids = [u for u, _, _ in handledare]
    span = (today - timedelta(days=45) - (start + timedelta(days=150))).days
    for number in range(15):
        trainer, org = utbildare[number % len(utbildare)]
        group = ids[number * 10:(number + 1) * 10]
        day = start + timedelta(days=150 + span * number // 15)
        course_id, last = _course(
            w, rng, kind=CourseKind.ANVANDARE, title=f"Användarutbildning {number + 1}", org=org,
            creator=trainer, trainers=[trainer], day=day, sessions=2, enrolled=group, now=now,
            pending=2)
        for holder in group:
            _certificate(w, kind=CertificateKind.ANVANDARE, holder=holder, course=course_id,
                         issuer=trainer, day=last, now=now)
    # Staff who left: certified once, certificate revoked (history is kept).
    former = []
    for number in range(1, 21):
        user_id, _ = _user(w, email=f"tidigare{number}@{DOMAIN}", password_hash="!",
                           name=f"Tidigare Handledare {number}", gender=rng.choice(GENDERS[:6]),
                           created=now - timedelta(days=900))
        former.append(user_id)
    trainer, org = utbildare[0]
    course_id, last = _course(
        w, rng, kind=CourseKind.ANVANDARE, title="Användarutbildning 0", org=org, creator=trainer,
        trainers=[trainer], day=start + timedelta(days=100), sessions=2, enrolled=former,
        now=now)
    for holder in former:
        revoked = last + timedelta(days=rng.randint(60, 600))
        _certificate(w, kind=CertificateKind.ANVANDARE, holder=holder, course=course_id,
                     issuer=trainer, day=last, now=now, revoked_on=min(revoked, today),
                     revoked_by=admin_id)
    # ESF horizontal principles: offered to the utbildare and some handledare.
    _course(w, rng, kind=CourseKind.HORISONTELLA, title="Horisontella principer", org=None,
            creator=admin_id, trainers=[admin_id], day=start + timedelta(days=400), sessions=1,
            enrolled=trainer_ids + ids[:30], now=now, assignment_minutes=0)


# --- Participants and their ratings ----------------------------------------------------------


@dataclass
class _Context:
    rng: random.Random
    today: date
    now: datetime
    version_id: int
    by_indicator: dict[int, list[int]]
    indicators: list[int]
    interval_weeks: int
    window_days: int
    schedule_cls: Any
    password_hash: str
    insats_ids: list[int]
    teams: dict[int, list[tuple[int, str]]]
    kommuner: list[int]
    handledare: list[tuple[int, str, int]]
    small_teams: list[_SmallTeam] = field(default_factory=list)
    bench_handledare: list[BenchUser] = field(default_factory=list)


def _participant(w: _Writer, c: _Context, index: int) -> BenchParticipant | None:
    """One participant and their history: enrolment, ratings every 13 weeks, perhaps an open
    draft, an action plan and the access log of who registered and looked at them."""
    enrolled = _enrol(w, c, index)
    occasions_rated = _ratings_over_time(w, c, enrolled)
    draft_public_id = _draft(w, c, enrolled)
    if occasions_rated and c.rng.random() < 0.7:
        _action_plan(w, c, enrolled)
    for action, days in ((AccessAction.REGISTER, 0), (AccessAction.VIEW, 1),
                         (AccessAction.VIEW, max(1, (enrolled.end - enrolled.start).days))):
        w.log_access({
            "occurred_dt": _utc(min(enrolled.start + timedelta(days=days), c.today), 10),
            "actor_id": enrolled.handledare_id, "participant_id": enrolled.participant_id,
            "action": action, "detail": ""})
    if not enrolled.is_bench:
        return None
    return BenchParticipant(login=enrolled.login, public_id=enrolled.public_id,
                            draft_public_id=draft_public_id,
                            handledare_login=enrolled.handledare_login)


@dataclass(frozen=True)
class _Enrolled:
    participant_id: int
    public_id: str
    login: str
    is_bench: bool
    has_account: bool
    start: date
    end: date  # the exit date, or today
    exit_date: date | None
    handledare_id: int
    handledare_login: str
    team: list[tuple[int, str]]


def _enrol(w: _Writer, c: _Context, index: int) -> _Enrolled:
    """The participant row, their (used or open) invite and who has been their handledare."""
    rng, today = c.rng, c.today
    is_bench = index < N_BENCH_USERS
    insats = index % len(c.insats_ids)
    team = c.teams[insats]
    insats_id, prefix = c.insats_ids[insats], INSATSER[insats][2]
    small = None if is_bench else _small_team_of(c, index)
    if small is not None:
        team = [(small.handledare_id, small.handledare_login)]
        insats_id, prefix = small.insats_id, small.prefix
    if is_bench:
        # Signed in under load: a long history (3 years), still active, with an account and
        # an open draft; their handledare is the one the benchmark signs in as.
        start = today - timedelta(days=3 * 365 - 10)
        handledare_id, handledare_login = team[0]
        if len(c.bench_handledare) < N_BENCH_USERS:
            c.bench_handledare.append(BenchUser(handledare_login))
        planned_days = 10 ** 6
    else:
        start = today - timedelta(days=rng.randint(0, 3 * 365))
        handledare_id, handledare_login = rng.choice(team)
        planned_days = rng.randint(120, 730)
    exit_date = start + timedelta(days=planned_days)
    if exit_date >= today:
        exit_date = None
    exit_reason = rng.choice(EXIT_REASONS) if exit_date else None
    has_account = is_bench or rng.random() < 0.4
    created = _utc(start, 8)
    user_id = None
    login = f"deltagare{index + 1:05d}"
    if has_account:
        user_id, _ = _user(w, username=login, password_hash=c.password_hash,
                           created=created + timedelta(days=1))
    public_id = secrets.token_urlsafe(12)
    consent = has_account and rng.random() < 0.3
    participant_id = w.add("participants", {
        "public_id": public_id, "insats_id": insats_id,
        "code": f"{prefix}-{index + 1:05d}", "alias": rng.choice(ALIASES),
        "birth_year": today.year - rng.randint(17, 64), "gender": rng.choice(GENDERS),
        "kommun_id": rng.choice(c.kommuner), "start_date": start, "exit_date": exit_date,
        "exit_reason": exit_reason,
        "exit_work_percent": rng.choice((25, 50, 75, 100)) if exit_reason in WORK_REASONS
        else None,
        "user_id": user_id, "handledare_id": handledare_id,
        "reminder_email": f"{login}@{DOMAIN}" if consent else None,
        "reminders_consent_dt": created if consent else None, "created_dt": created})
    w.add("invites", {
        "token_hash": _token_hash(f"participant-invite-{index}"),
        "kind": InviteKind.PARTICIPANT, "email": None, "roles_csv": "",
        "organisation_id": None, "participant_id": participant_id,
        "created_by_id": handledare_id, "created_dt": created,
        "expires_dt": created + timedelta(days=7),
        "used_dt": created + timedelta(days=1) if has_account else None, "revoked_dt": None})
    enrolled = _Enrolled(participant_id, public_id, login, is_bench, has_account, start,
                         min(exit_date or today, today), exit_date, handledare_id,
                         handledare_login, team)
    _assignments(w, c, enrolled, created)
    return enrolled


def _assignments(w: _Writer, c: _Context, e: _Enrolled, created: datetime) -> None:
    """A fifth of those enrolled long enough were handed over once."""
    rng = c.rng
    if not e.is_bench and rng.random() < 0.2 and (e.end - e.start).days > 60:
        before_id = rng.choice(e.team)[0]
        handover = e.start + timedelta(days=rng.randint(30, (e.end - e.start).days - 1))
        w.add("handledare_assignments", {
            "participant_id": e.participant_id, "handledare_id": before_id,
            "start_date": e.start, "end_date": handover, "assigned_by_id": before_id,
            "assigned_dt": created, "note": ""})
        w.add("handledare_assignments", {
            "participant_id": e.participant_id, "handledare_id": e.handledare_id,
            "start_date": handover, "end_date": None, "assigned_by_id": before_id,
            "assigned_dt": _utc(handover), "note": "Överlämning"})
    else:
        w.add("handledare_assignments", {
            "participant_id": e.participant_id, "handledare_id": e.handledare_id,
            "start_date": e.start, "end_date": None, "assigned_by_id": e.handledare_id,
            "assigned_dt": created, "note": ""})


def _ratings_over_time(w: _Writer, c: _Context, e: _Enrolled) -> int:
    """A baseline, then a rating every 13 weeks (a quarter of active participants are
    behind), the handledare's parallel rating on about a third of the occasions and a note on
    some. Returns how many occasions were rated."""
    rng = c.rng
    rated_up_to = e.end
    if e.exit_date is None and not e.is_bench and rng.random() < 0.25:
        rated_up_to = c.today - timedelta(days=21)
    schedule = c.schedule_cls(e.start, c.interval_weeks, c.window_days)
    level = {n: rng.uniform(1.5, 3.2) for n in c.indicators}
    occasion = 0
    while True:
        due = e.start + INTERVAL * occasion
        if due > rated_up_to:
            return occasion
        rated_on = max(e.start, due + timedelta(days=rng.randint(-5, 5)))
        if rated_on > rated_up_to:
            return occasion
        for number in c.indicators:
            level[number] = min(5.0, max(1.0, level[number] + rng.uniform(-0.3, 0.5)))
        together = rng.random() < 0.3
        on_occasion = schedule.occasion_for(rated_on)
        _rating(w, c, e.participant_id, rated_on, on_occasion, RaterKind.PARTICIPANT,
                RatingMode.TOGETHER if together else RatingMode.ALONE,
                e.handledare_id if together else None, level, None)
        if rng.random() < 0.35:  # the handledare's parallel rating (BIP)
            theirs = {n: min(5.0, max(1.0, v + rng.uniform(-0.8, 0.6))) for n, v in level.items()}
            _rating(w, c, e.participant_id, rated_on, on_occasion, RaterKind.HANDLEDARE,
                    RatingMode.ALONE, e.handledare_id, theirs, rng.randint(1, 5))
        if rng.random() < 0.15:
            w.add("occasion_notes", {
                "participant_id": e.participant_id, "occasion": occasion,
                "body": "Vi pratade om vad som har hänt sedan förra skattningen och vad nästa "
                        "steg i planen är.",
                "author_id": e.handledare_id, "created_dt": _utc(rated_on, 14)})
        occasion += 1


def _draft(w: _Writer, c: _Context, e: _Enrolled) -> str:
    """An open self-rating with the first step answered, for every participant the benchmark
    signs in as and a few others; its public id, or ""."""
    rng = c.rng
    if e.exit_date is not None or not e.has_account or not (e.is_bench or rng.random() < 0.03):
        return ""
    draft_public_id = secrets.token_urlsafe(12)
    draft_started = c.now - timedelta(hours=rng.randint(1, 48))
    draft_id = w.add("ratings", {
        "public_id": draft_public_id, "participant_id": e.participant_id,
        "version_id": c.version_id, "rater_kind": RaterKind.PARTICIPANT,
        "mode": RatingMode.ALONE, "recorded_by_id": None, "started_dt": draft_started,
        "submitted_dt": None, "rated_on": None, "occasion": None, "belief": None})
    for sid in c.by_indicator[c.indicators[0]]:
        w.add("answers", {"rating_id": draft_id, "statement_id": sid,
                          "value": rng.randint(1, 5), "answered_dt": draft_started})
    return draft_public_id


def _action_plan(w: _Writer, c: _Context, e: _Enrolled) -> None:
    """A plan made in the first weeks, often reviewed since, with one to four activities."""
    rng = c.rng
    plan_day = e.start + timedelta(days=rng.randint(7, 35))
    if plan_day > c.today:
        return
    reviewed_on = None
    if rng.random() < 0.6:
        reviewed_on = min(c.today, plan_day + timedelta(days=rng.randint(30, 200)))
    plan_id = w.add("action_plans", {
        "participant_id": e.participant_id, "created_on": plan_day,
        "created_by_id": e.handledare_id, "reviewed_on": reviewed_on,
        "reviewed_by_id": e.handledare_id if reviewed_on else None})
    created_dt = _utc(plan_day, 13)
    for _ in range(rng.randint(1, 4)):
        responsible = rng.choice(RESPONSIBLE)
        activity_id = w.add("plan_activities", {
            "public_id": secrets.token_urlsafe(12), "plan_id": plan_id,
            "title": rng.choice(ACTIVITY_TITLES), "responsible": responsible,
            "partner_name": "Arbetsförmedlingen" if responsible == Responsible.PARTNER else "",
            "due_date": plan_day + timedelta(days=rng.randint(14, 180)),
            "status": rng.choice(ACTIVITY_STATUSES), "created_dt": created_dt,
            "created_by_id": e.handledare_id, "updated_dt": created_dt})
        for indicator in rng.sample(c.indicators, rng.randint(1, 2)):
            w.add("plan_activity_indicators", {"activity_id": activity_id,
                                               "indicator": indicator})


def _rating(w: _Writer, c: _Context, participant_id: int, rated_on: date,
            occasion: int | None, rater_kind: RaterKind, mode: RatingMode,
            recorded_by: int | None,
            level: dict[int, float], belief: int | None) -> None:
    rng = c.rng
    submitted = _utc(rated_on, rng.randint(7, 15), rng.randint(0, 59))
    rating_id = w.add("ratings", {
        "public_id": secrets.token_urlsafe(12), "participant_id": participant_id,
        "version_id": c.version_id, "rater_kind": rater_kind, "mode": mode,
        "recorded_by_id": recorded_by, "started_dt": submitted - timedelta(minutes=12),
        "submitted_dt": submitted, "rated_on": rated_on, "occasion": occasion,
        "belief": belief})
    for number in c.indicators:
        values = []
        for sid in c.by_indicator[number]:
            value = min(5, max(1, round(level[number] + rng.uniform(-0.6, 0.6))))
            values.append(value)
            w.add("answers", {"rating_id": rating_id, "statement_id": sid, "value": value,
                              "answered_dt": submitted})
        w.add("indicator_scores", {"rating_id": rating_id, "indicator": number,
                                   "score": round(sum(values) / len(values), 2)})
