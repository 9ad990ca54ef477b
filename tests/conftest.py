"""Shared fixtures, after Flask's tutorial: ``app`` (a fresh database per test), ``client``,
``runner``, a controlled ``clock``, and the factories of ``tests/factories.py`` as fixtures.

Every test that uses ``app`` runs on SQLite, and on PostgreSQL too when
``SMAIL_TEST_DATABASE_URL`` is set (the run's header says which).
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import flask_babel
import pyotp
import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from smail_app import create_app
from smail_app.assessments.instrument import (
    install_default_handledare_wording,
    install_default_instrument,
    install_default_translations,
)
from smail_app.auth.models import Role, User
from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants.models import Participant
from tests import factories
from tests.factories import PASSWORD

PG_URL = os.environ.get("SMAIL_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
_pg_schema_ready = False
_pg_emptying: str | None = None  # built once the schema exists


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
        "SMAIL_PASSWORD_HASH_COST": "low",
    }


def _reset_postgres(app: Flask) -> None:
    """Create the schema once per session; empty every table before each test."""
    global _pg_schema_ready, _pg_emptying
    with app.app_context():
        if not _pg_schema_ready:
            # Start from an empty schema: leftovers of older runs cannot get in the way.
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            db.create_all()
            _pg_schema_ready = True
        if _pg_emptying is None:
            _pg_emptying = _emptying_statements()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(_pg_emptying)


def _emptying_statements() -> str:
    """Every table emptied and every sequence back at 1, in one round trip. DELETE, with the
    triggers off for this transaction (the access log refuses deletes, and foreign keys then
    need no order; it takes a superuser, as the test database's postgres is): TRUNCATE of forty
    tables took about 90 ms before each test, this about 2."""
    with db.engine.connect() as connection:
        sequences = connection.execute(text(
            "SELECT relname FROM pg_class "
            "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace")).scalars().all()
    return "".join([
        "SET LOCAL session_replication_role = replica;\n",
        *(f'DELETE FROM "{table.name}";\n' for table in db.metadata.sorted_tables),
        *(f"SELECT setval('\"{name}\"', 1, false);\n" for name in sequences),
        "SET LOCAL session_replication_role = DEFAULT;\n",
        # as a new database starts (models.py, migration 0009)
        "INSERT INTO access_log_head (id, seq) VALUES (1, 0);\n"])


def pytest_report_header() -> str:
    if PG_URL:
        return "databases: SQLite and PostgreSQL (SMAIL_TEST_DATABASE_URL)"
    return "databases: SQLite only (set SMAIL_TEST_DATABASE_URL to run on PostgreSQL too)"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def app_config(backend: str, tmp_path) -> dict[str, Any]:
    url = PG_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'smail.db'}"
    return _base_config(url)


@pytest.fixture
def app(app_config: dict[str, Any], backend: str, tmp_path) -> Iterator[Flask]:
    app = create_app(app_config)
    if backend == "postgresql":
        _reset_postgres(app)
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        install_default_instrument(db.session.connection(), datetime.now(UTC))
        install_default_translations(db.session.connection())
        install_default_handledare_wording(db.session.connection())
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
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


# --- Factories (tests/factories.py) as fixtures --------------------------------------------


@pytest.fixture
def make_staff(app: Flask):
    def make(*roles: str, **kw: Any) -> User:
        return factories.make_staff(app, *roles, **kw)

    return make


@pytest.fixture
def make_admin(app: Flask):
    def make(**kw: Any) -> User:
        return factories.make_staff(app, Role.ADMIN, **kw)

    return make


@pytest.fixture
def make_insats(app: Flask):
    def make(name: str | None = None, kommun: str = "Knivsta kommun") -> Insats:
        return factories.make_insats(app, name, kommun)

    return make


@pytest.fixture
def certify(app: Flask):
    """``certify(user, kind="anvandare", issued_on=..., valid_until=None)``."""

    def do(user: User, **kw: Any) -> None:
        factories.grant_certificate(app, user, **kw)

    return do


@pytest.fixture
def make_certified_handledare(app: Flask):
    """A handledare with a valid användare certificate, in the team of ``insats`` (a new
    insats when none is given)."""

    def make(insats: Insats | None = None, **kw: Any) -> User:
        return factories.make_certified_handledare(app, insats, **kw)

    return make


@pytest.fixture
def make_participant(app: Flask):
    def make(insats: Insats | None = None, **kw: Any) -> Participant:
        return factories.make_participant(app, insats, **kw)

    return make


# --- A real SMTP server on 127.0.0.1 ---------------------------------------------------

class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
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
def smtp_server(app):
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


def login(client: FlaskClient, user: User, password: str = PASSWORD):
    response = client.post("/login", data={"login": user.login_name, "password": password})
    if response.status_code == 302 and "/login/code" in response.headers["Location"]:
        frozen = client.application.config.get("SMAIL_FROZEN_NOW")
        code = pyotp.TOTP(user.totp_secret).at(frozen or datetime.now(UTC))
        # A code is accepted once (tests/test_totp_hardening.py); a test signing the same
        # account in on several clients within one time step is not replaying anything.
        with client.application.app_context():
            db.session.execute(text("UPDATE users SET totp_last_step = NULL WHERE id = :id"),
                               {"id": user.id})
            db.session.commit()
        response = client.post("/login/code", data={"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(client: FlaskClient):
    def do(user: User) -> FlaskClient:
        login(client, user)
        return client

    return do


# --- Which strings the pages ask the catalogues for -------------------------------------

SAME_IN_EVERY_LANGUAGE = {"SMAIL"}


class _Watched:
    """The request's translations, noting each string asked for and each that came back
    untranslated."""

    def __init__(self, inner, used: set[str], missing: set[str]) -> None:
        self._inner, self._used, self._missing = inner, used, missing

    def _note(self, msgid: str, found: str, *others: str) -> str:
        self._used.add(msgid)
        if found in (msgid, *others) and msgid not in SAME_IN_EVERY_LANGUAGE:
            self._missing.add(msgid)
        return found

    def ugettext(self, msgid):
        return self._note(msgid, self._inner.ugettext(msgid))

    def ungettext(self, singular, plural, n):
        return self._note(singular, self._inner.ungettext(singular, plural, n), plural)

    def __getattr__(self, name):
        return getattr(self._inner, name)


@pytest.fixture
def looked_up(monkeypatch) -> dict[str, tuple[set[str], set[str]]]:
    """Per language: the strings the pages asked for, and those the catalogue lacked."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    original = flask_babel.Domain.get_translations

    def watched(domain):
        used, missing = found.setdefault(str(flask_babel.get_locale()), (set(), set()))
        return _Watched(original(domain), used, missing)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", watched)
    return found
