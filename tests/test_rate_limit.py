"""Sign-in is rate-limited (the only module where the limiter is switched on)."""

from __future__ import annotations

import pytest

from smail_app.extensions import limiter


@pytest.fixture
def app_config(app_config):
    return app_config | {"RATELIMIT_ENABLED": True}


def test_login_is_rate_limited(app, client, make_staff):
    with app.app_context():
        limiter.reset()
    user = make_staff("handledare")
    statuses = [client.post("/login", data={"login": user.email, "password": "x"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [422] * 10
    blocked = client.post("/login", data={"login": user.email, "password": "x"})
    assert blocked.status_code == 429
    assert "För många försök" in blocked.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the form is not limited


def test_behind_a_proxy_each_client_address_has_its_own_limit(app_config, make_staff):
    from smail_app import create_app

    app = create_app(app_config | {"SMAIL_PROXY_HOPS": 1})
    client = app.test_client()
    with app.app_context():
        limiter.reset()

    def attempt(address: str) -> int:
        return client.post("/login", data={"login": "a@b.se", "password": "x"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [attempt("203.0.113.1") for _ in range(11)][-1] == 429
    assert attempt("203.0.113.2") == 422  # another person behind the same proxy
    with app.app_context():
        from smail_app.extensions import db

        db.engine.dispose()
