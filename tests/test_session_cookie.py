"""The session cookie's flags, a fresh session at every sign-in, and no caching of signed-in
pages (SECURITY.md, "Sessions and sign-in")."""

from __future__ import annotations

from tests.conftest import login
from tests.factories import participant_user


def test_the_session_cookie_is_secure_httponly_and_samesite(app, client, make_staff):
    app.config["SESSION_COOKIE_SECURE"] = True  # as in production (the tests run on http)
    response = login(client, make_staff("handledare"))
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("session="))
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite"} <= flags
    assert "SameSite=Lax" in cookie


def test_signing_in_starts_a_fresh_session(app, client, make_staff):
    """Nothing planted in the session before sign-in (a fixation attempt) survives it."""
    with client.session_transaction() as planted:
        planted["planted_by_someone_else"] = "x"
        planted["_user_id"] = "not-a-real-account"
    login(client, make_staff("handledare"))
    with client.session_transaction() as fresh:
        assert "planted_by_someone_else" not in fresh
        assert fresh["_user_id"] != "not-a-real-account"


def test_signed_in_pages_are_not_stored_by_caches(app, client, make_staff, make_participant):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login(client, make_staff("handledare"))
    for path in ("/participants/", "/account"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    participant = app.test_client()
    login(participant, participant_user(app, make_participant(with_account=True)))
    for path in ("/me", "/me/progress", "/me/my-data"):
        assert participant.get(path).headers["Cache-Control"] == "no-store", path
