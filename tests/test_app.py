"""The app factory, configuration, health check and security headers."""

from __future__ import annotations

import pytest

from smail_app import create_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_unavailable_when_database_does_not_answer(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_production_refuses_to_start_without_secret(monkeypatch):
    monkeypatch.delenv("SMAIL_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SMAIL_SECRET_KEY"):
        create_app({"SMAIL_ENV": "production", "SECRET_KEY": None,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    from smail_app.config import development_secret_key

    first = development_secret_key(str(tmp_path))
    assert len(first) == 64
    assert development_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides(monkeypatch):
    from smail_app.config import from_environment

    found = from_environment({"SMAIL_DATABASE_URL": "postgres://u@h/db",
                              "SMAIL_RATING_WINDOW_DAYS": "10", "OTHER": "x",
                              "SMAIL_SECRET_KEY": "k"})
    assert found == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@h/db",
                     "SMAIL_RATING_WINDOW_DAYS": 10, "SECRET_KEY": "k"}


def test_security_headers_on_every_response(client):
    for path in ("/login", "/healthz", "/no-such-page"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_404_in_swedish(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app, backend):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    from sqlalchemy import text

    from smail_app.extensions import db

    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_nul_characters_are_refused_before_any_view(client):
    assert client.post("/login", data={"login": "a\x00b", "password": "x"}).status_code == 400
    assert client.get("/login?next=%00").status_code == 400
    assert client.get("/api/v1/participants/ab%00cd").status_code == 400


def test_behind_a_proxy_https_is_recognised(app_config, backend):
    app = create_app(app_config | {"SMAIL_PROXY_HOPS": 1})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        from smail_app.extensions import db

        db.engine.dispose()


def test_without_a_proxy_forwarded_headers_are_ignored(client):
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers
