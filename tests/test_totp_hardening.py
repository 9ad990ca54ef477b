"""TOTP hardening (issue 8, point 7): a code is accepted once, and the half-signed-in state
(password right, code pending) ends after five minutes."""

from __future__ import annotations

import pyotp

from tests.factories import PASSWORD


def _password_step(client, user) -> None:
    response = client.post("/login", data={"login": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/code")


def test_a_code_cannot_be_used_twice(app, client, clock, make_admin):
    admin = make_admin()
    code = pyotp.TOTP(admin.totp_secret).at(clock.now())
    _password_step(client, admin)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    # someone who saw the code (over the shoulder, a phishing page) tries it at once
    thief = app.test_client()
    _password_step(thief, admin)
    replay = thief.post("/login/code", data={"code": code})
    assert replay.status_code == 422
    assert thief.get("/admin/organisations").status_code == 302
    clock.advance(seconds=30)  # the next code works
    fresh = thief.post("/login/code", data={"code": pyotp.TOTP(admin.totp_secret).at(
        clock.now())})
    assert fresh.status_code == 302


def test_an_older_code_is_refused_after_a_newer_one(app, client, clock, make_admin):
    admin = make_admin()
    totp = pyotp.TOTP(admin.totp_secret)
    older, newer = totp.at(clock.now()), totp.at(clock.now().timestamp() + 30)
    _password_step(client, admin)
    assert client.post("/login/code", data={"code": newer}).status_code == 302
    other = app.test_client()
    _password_step(other, admin)
    assert other.post("/login/code", data={"code": older}).status_code == 422


def test_the_half_signed_in_state_expires_after_five_minutes(client, clock, make_admin):
    admin = make_admin()
    _password_step(client, admin)
    clock.advance(minutes=4, seconds=59)
    assert client.get("/login/code").status_code == 200
    clock.advance(seconds=2)
    late = client.post("/login/code", data={"code": pyotp.TOTP(admin.totp_secret).at(
        clock.now())})
    assert late.status_code == 302 and late.headers["Location"].endswith("/login")
    assert client.get("/admin/organisations").status_code == 302  # not signed in
    assert client.get("/login/code").status_code == 404  # the state is gone
