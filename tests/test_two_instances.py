"""Two app instances sharing one PostgreSQL and one Redis (issue 12, point 6): a session
started through one works on the other, signing out on one ends it on both, the sign-in rate
limit counts across both, and a rating sent through both at once is stored once.

Each instance is its own Flask app object with its own engine and connection pool, as two
gunicorn processes would be; requests go to one or the other with the same cookie."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from smail_app import create_app
from smail_app.assessments.instrument import (
    install_default_handledare_wording,
    install_default_instrument,
    install_default_translations,
)
from smail_app.assessments.models import IndicatorScore, Rating
from smail_app.extensions import db, limiter
from tests import factories
from tests.conftest import PG_URL, _base_config, _reset_postgres, login
from tests.factories import PASSWORD, participant_user
from tests.test_ratings_at_once import _fill_rating

REDIS = ("127.0.0.1", 6379)


def _redis_answers() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(REDIS) == 0


pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (SMAIL_TEST_DATABASE_URL)"),
    pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]


@pytest.fixture
def instances() -> tuple[Flask, Flask]:
    config = _base_config(PG_URL) | {
        # a Redis database of the tests' own, emptied of counters before each test
        "RATELIMIT_ENABLED": True, "SMAIL_REDIS_URL": "redis://127.0.0.1:6379/15",
        "SMAIL_LOGIN_RATE_LIMIT": "5 per minute",
        # both instances on the same controlled day (the factories' enrolments start then)
        "SMAIL_FROZEN_NOW": datetime(2027, 3, 1, 11, 0, tzinfo=UTC)}
    first, second = create_app(config), create_app(config)
    with first.app_context():
        limiter.reset()
    _reset_postgres(first)
    with first.app_context():
        install_default_instrument(db.session.connection(), datetime.now(UTC))
        install_default_translations(db.session.connection())
        install_default_handledare_wording(db.session.connection())
        db.session.commit()
    yield first, second
    for app in (first, second):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_is_shared_and_sign_out_on_one_ends_it_on_both(instances):
    first, second = instances
    user = factories.make_staff(first, "handledare")
    on_first = first.test_client()
    login(on_first, user)
    on_second = second.test_client()
    on_second.set_cookie("session", _cookie(on_first))
    assert on_second.get("/participants/").status_code == 200  # signed in on both
    on_first.post("/logout")
    response = on_second.get("/participants/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_sign_in_limit_counts_across_both(instances):
    first, second = instances
    answers = []
    for attempt in range(6):
        app = first if attempt % 2 == 0 else second
        answers.append(app.test_client().post("/login", data={
            "login": f"nobody{attempt}@forbund.se", "password": "wrong password"}).status_code)
    # each instance saw three attempts, under the limit of five: only a shared count
    # refuses any of them
    assert 429 in answers and answers[:3] == [422] * 3
    # and the count lives in Redis, where another process (another gunicorn instance)
    # reads the same number: in one process the two apps would share it anyway
    stored = redis.Redis(*REDIS, db=15)
    assert [key for key in stored.keys("LIMITS:*") if b"login" in key]


def test_a_rating_sent_through_both_at_once_is_stored_once(instances):
    first, second = instances
    insats = factories.make_insats(first)
    person = factories.make_participant(first, insats, with_account=True)
    on_first = first.test_client()
    login(on_first, participant_user(first, person), PASSWORD)
    submit_url = _fill_rating(on_first)
    on_second = second.test_client()
    on_second.set_cookie("session", _cookie(on_first))
    start = threading.Barrier(2)
    statuses: list[int] = []

    def send(client) -> None:
        start.wait()
        statuses.append(client.post(submit_url).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in (on_first, on_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303, 303]
    with first.app_context():
        assert db.session.scalar(select(func.count(Rating.id)).where(
            Rating.submitted_dt.is_not(None))) == 1
        assert db.session.scalar(select(func.count(IndicatorScore.id))) == 7
