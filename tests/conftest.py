"""Shared fixtures, after Flask's tutorial: ``app`` (a fresh database per test), ``client``,
``runner``, a controlled ``clock``, and small factories so a test reads as its scenario.

Every test that uses ``app`` runs twice: on SQLite and on PostgreSQL. The PostgreSQL run
needs ``SMAIL_TEST_DATABASE_URL`` and is skipped, with that reason, without it.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pyotp
import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from smail_app import create_app
from smail_app.assessments import services as assessment_services
from smail_app.auth import services as auth_services
from smail_app.auth.models import Role, User, UserRole
from smail_app.certification.models import (
    Certificate,
    Course,
    CourseSession,
    CourseTrainer,
    Enrolment,
    SessionAttendance,
)
from smail_app.extensions import db
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.models import Participant

PASSWORD = "correct horse battery"

# Argon2 at its production cost makes every sign-in in the suite slow; the rules under test
# do not depend on the cost, so tests hash with the smallest parameters.
auth_services._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
auth_services._DUMMY_HASH = auth_services._hasher.hash("not a real password")
PG_URL = os.environ.get("SMAIL_TEST_DATABASE_URL")
_pg_schema_ready = False


def _base_config(database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "SMAIL_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
    }


def _reset_postgres(app: Flask) -> None:
    """Create the schema once per session; empty every table before each test."""
    global _pg_schema_ready
    with app.app_context():
        if not _pg_schema_ready:
            # Start from an empty schema: leftovers of older runs cannot get in the way.
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            db.create_all()
            _pg_schema_ready = True
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL run needs SMAIL_TEST_DATABASE_URL")
    return request.param


@pytest.fixture
def app_config(backend: str, tmp_path) -> dict[str, Any]:  # noqa: ANN001
    url = PG_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'smail.db'}"
    return _base_config(url)


@pytest.fixture
def app(app_config: dict[str, Any], backend: str, tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    app = create_app(app_config)
    if backend == "postgresql":
        _reset_postgres(app)
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        assessment_services.install_default_instrument()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # noqa: ANN201
    return app.test_cli_runner()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An app context for service-level tests."""
    with app.app_context():
        yield


# --- Controlled clock ---------------------------------------------------------------------


@dataclass
class Clock:
    app: Flask

    def set(self, value: datetime | date) -> None:
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        else:  # noon in Sweden, far from midnight in either zone
            moment = datetime(value.year, value.month, value.day, 11, 0, tzinfo=UTC)
        self.app.config["SMAIL_FROZEN_NOW"] = moment

    def advance(self, **delta: float) -> None:
        self.app.config["SMAIL_FROZEN_NOW"] = self.now() + timedelta(**delta)

    def now(self) -> datetime:
        return self.app.config["SMAIL_FROZEN_NOW"]


@pytest.fixture
def clock(app: Flask) -> Clock:
    controlled = Clock(app)
    controlled.set(date(2027, 3, 1))
    return controlled


# --- Factories ----------------------------------------------------------------------------


_counter = {"n": 0}


def _next(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}{_counter['n']}"


@pytest.fixture
def make_staff(app: Flask):  # noqa: ANN201
    def make(*roles: str, email: str | None = None, name: str | None = None,
             gender: str = "kvinna") -> User:
        with app.app_context():
            user = auth_services.create_staff_user(
                email or f"{_next('staff')}@example.se", PASSWORD,
                display_name=name or _next("Personal "), roles=list(roles), gender=gender)
            if Role.ADMIN in roles:
                auth_services.start_totp_enrolment(user)
                user.totp_confirmed_dt = datetime.now(UTC)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def make_admin(make_staff):  # noqa: ANN001, ANN201
    def make(**kw: Any) -> User:
        return make_staff(Role.ADMIN, **kw)

    return make


@pytest.fixture
def make_insats(app: Flask):  # noqa: ANN201
    def make(name: str | None = None, kommun: str = "Knivsta kommun") -> Insats:
        with app.app_context():
            owner = db.session.scalar(db.select(Organisation).filter_by(name=kommun))
            if owner is None:
                owner = Organisation(name=kommun, kind="kommun", created_dt=datetime.now(UTC))
                db.session.add(owner)
                db.session.flush()
            insats = Insats(name=name or _next("Insats "), owner_id=owner.id,
                            start_date=date(2026, 1, 1), created_dt=datetime.now(UTC))
            db.session.add(insats)
            db.session.commit()
            db.session.refresh(insats)
            db.session.expunge(insats)
            return insats

    return make


def grant_certificate(app: Flask, user: User, kind: str = "anvandare",
                      issued_on: date = date(2025, 1, 1), valid_until: date | None = None) -> None:
    """Record a certificate for ``user`` as the registry holds one after a completed course:
    a past course with one attended session, issued by that course's utbildare."""
    with app.app_context():
        now = datetime.now(UTC)
        trainer = User(email=f"{_next('kursutbildare')}@example.se", password_hash="!",
                       display_name=_next("Kursutbildare "), created_dt=now)
        trainer.role_rows = [UserRole(role=Role.UTBILDARE)]
        db.session.add(trainer)
        db.session.flush()
        course = Course(kind=kind, title=_next("Kurs "), home_assignment_minutes=0,
                        created_by_id=trainer.id, created_dt=now)
        course.sessions = [CourseSession(session_date=issued_on, start_time=time(9),
                                         end_time=time(13))]
        course.trainer_rows = [CourseTrainer(user_id=trainer.id)]
        course.enrolments = [Enrolment(user_id=user.id, enrolled_dt=now)]
        db.session.add(course)
        db.session.flush()
        db.session.add(SessionAttendance(session_id=course.sessions[0].id,
                                         enrolment_id=course.enrolments[0].id, is_present=True,
                                         minutes_attended=240, recorded_dt=now))
        db.session.add(Certificate(kind=kind, holder_id=user.id, course_id=course.id,
                                   issued_by_id=trainer.id, issued_on=issued_on,
                                   valid_until=valid_until, created_dt=now))
        db.session.commit()


@pytest.fixture
def certify(app: Flask):  # noqa: ANN201
    """``certify(user, kind="anvandare", issued_on=..., valid_until=None)``."""

    def do(user: User, **kw: Any) -> None:
        grant_certificate(app, user, **kw)

    return do


@pytest.fixture
def make_certified_handledare(app: Flask, make_staff, make_insats):  # noqa: ANN001, ANN201
    """A handledare with a valid användare certificate, in the team of ``insats`` (a new
    insats when none is given)."""

    def make(insats: Insats | None = None, **kw: Any) -> User:
        insats = insats or make_insats()
        user = make_staff(Role.HANDLEDARE, **kw)
        grant_certificate(app, user)
        with app.app_context():
            db.session.add(TeamMembership(insats_id=insats.id, user_id=user.id,
                                          added_dt=datetime.now(UTC)))
            db.session.commit()
        return user

    return make


@pytest.fixture
def make_participant(app: Flask, make_insats):  # noqa: ANN001, ANN201
    def make(insats: Insats | None = None, *, code: str | None = None,
             start_date: date = date(2027, 3, 1), gender: str = "kvinna",
             with_account: bool = False, handledare: User | None = None,
             **kw: Any) -> Participant:
        insats = insats or make_insats()
        with app.app_context():
            participant = Participant(
                insats_id=insats.id, code=code or _next("D-"), gender=gender,
                start_date=start_date, created_dt=datetime.now(UTC),
                handledare_id=handledare.id if handledare else None, **kw)
            if with_account:
                user = auth_services.create_participant_user(_next("deltagare"), PASSWORD)
                participant.user_id = user.id
            db.session.add(participant)
            db.session.commit()
            db.session.refresh(participant)
            db.session.expunge(participant)
            return participant

    return make


def participant_user(app: Flask, participant: Participant) -> User:
    with app.app_context():
        user = db.session.get(User, participant.user_id)
        db.session.expunge(user)
        return user


# --- A real SMTP server on 127.0.0.1 ---------------------------------------------------

class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):  # noqa: ANN001, ANN201
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMAIL_MAIL_SERVER="127.0.0.1", SMAIL_MAIL_PORT=controller.port,
                      SMAIL_MAIL_USE_TLS=False, SMAIL_MAIL_SENDER="smail@forbund.example",
                      SMAIL_MAIL_TIMEOUT=5)
    yield inbox
    controller.stop()


# --- Signing in ---------------------------------------------------------------------------


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                          r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token in page"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, user: User, password: str = PASSWORD):  # noqa: ANN201
    response = client.post("/login", data={"login": user.login_name, "password": password})
    if response.status_code == 302 and "/login/code" in response.headers["Location"]:
        frozen = client.application.config.get("SMAIL_FROZEN_NOW")
        code = pyotp.TOTP(user.totp_secret).at(frozen or datetime.now(UTC))
        response = client.post("/login/code", data={"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(client: FlaskClient):  # noqa: ANN201
    def do(user: User) -> FlaskClient:
        login(client, user)
        return client

    return do
