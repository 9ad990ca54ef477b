"""Revocable sessions (issue 8, point 1): each test replays a cookie the way an attacker who
copied it (a shared computer, a stolen phone backup) would, and finds it no longer opens
anything once the session was ended."""

from __future__ import annotations

from flask.testing import FlaskClient

from smail_app.auth import services
from smail_app.auth.models import InviteKind
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD, participant_user

NEW_PASSWORD = "a new and long passphrase"


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app, value: str) -> FlaskClient:
    """A second browser holding a copy of the session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def _signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_staff_cookie_copied_before_sign_out_is_dead_after_it(app, client, make_staff):
    login(client, make_staff("handledare"))
    copied = _cookie(client)
    assert _replay(app, copied).get("/participants/").status_code == 200  # the copy works...
    client.post("/logout")
    assert _signed_out(_replay(app, copied).get("/participants/"))  # ...until sign-out


def test_a_participant_cookie_copied_before_sign_out_is_dead_after_it(app, client,
                                                                      make_participant):
    login(client, participant_user(app, make_participant(with_account=True)))
    copied = _cookie(client)
    assert _replay(app, copied).get("/me").status_code == 200
    client.post("/logout")
    assert _signed_out(_replay(app, copied).get("/me"))


def test_a_password_link_ends_the_accounts_other_sessions(app, client, make_staff):
    user = make_staff("handledare")
    login(client, user)
    copied = _cookie(client)
    with app.app_context():
        account = services.find_by_login(user.email)
        token = services.issue_invite(InviteKind.PASSWORD, email=account.email).token
        db.session.commit()
    stranger = app.test_client()
    response = stranger.post(f"/invite/{token}", data={"password": NEW_PASSWORD,
                                                       "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert _signed_out(_replay(app, copied).get("/participants/"))
    assert _signed_out(client.get("/participants/"))
    login(app.test_client(), user, NEW_PASSWORD)


def test_a_participants_new_password_ends_the_old_session_and_signs_in_anew(
        app, client, make_insats, make_participant, make_certified_handledare):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True)
    login(client, participant_user(app, participant))
    copied = _cookie(client)
    staff = app.test_client()
    login(staff, handledare)
    page = staff.post(f"/participants/{participant.public_id}/password-link")
    assert page.status_code == 200
    link = page.get_data(as_text=True).split("data-invite-link>")[1].split("<")[0]
    token = link.rsplit("/", 1)[1]
    fresh = app.test_client()
    done = fresh.post(f"/invite/{token}", data={"password": NEW_PASSWORD,
                                                "password_again": NEW_PASSWORD})
    assert done.status_code == 302
    assert fresh.get("/me").status_code == 200  # the new session works
    assert _signed_out(_replay(app, copied).get("/me"))


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, client,
                                                                      make_staff):
    user = make_staff("handledare")
    login(client, user)
    other_device = app.test_client()
    login(other_device, user)
    copied = _cookie(client)
    wrong = client.post("/account/password", data={
        "current_password": "not my password", "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD})
    assert wrong.status_code == 422 and "stämmer inte" in wrong.get_data(as_text=True)
    assert other_device.get("/participants/").status_code == 200  # nothing changed yet
    changed = client.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD})
    assert changed.status_code == 302
    assert client.get("/participants/").status_code == 200
    assert _signed_out(other_device.get("/participants/"))
    assert _signed_out(_replay(app, copied).get("/participants/"))
    login(app.test_client(), user, NEW_PASSWORD)


def test_sign_out_everywhere(app, client, make_participant):
    user = participant_user(app, make_participant(with_account=True))
    login(client, user)
    phone = app.test_client()
    login(phone, user)
    assert "Logga ut överallt" in client.get("/account").get_data(as_text=True)
    assert client.get("/account/sign-out-everywhere").status_code == 405  # a GET changes nothing
    response = client.post("/account/sign-out-everywhere")
    assert _signed_out(response)
    assert _signed_out(phone.get("/me"))
    assert _signed_out(client.get("/me"))
    login(client, user)  # signing in again works
    assert client.get("/me").status_code == 200


def test_the_login_response_itself_carries_the_last_seen_time(app, client, clock, make_staff):
    """The cookie set by the sign-in answer, replayed after the idle time without any request
    in between, is timed out like any other."""
    login(client, make_staff("handledare"))
    copied = _cookie(client)
    clock.advance(minutes=31)
    assert _signed_out(_replay(app, copied).get("/participants/"))


def test_participant_sessions_last_long_but_not_for_ever(app, client, clock, make_participant):
    signed_in = login(client, participant_user(app, make_participant(with_account=True)))
    # kept over a browser restart on their own phone
    assert "Expires=" in signed_in.headers.get("Set-Cookie", "")
    clock.advance(days=29)
    assert client.get("/me").status_code == 200
    clock.advance(days=1, minutes=1)
    assert _signed_out(client.get("/me"))


def test_staff_sessions_end_with_the_browser_and_after_the_lifetime(app, client, clock,
                                                                    make_staff):
    app.config["SMAIL_STAFF_IDLE_MINUTES"] = 2 * 24 * 60  # only the lifetime is under test
    login(client, make_staff("handledare"))
    assert "Expires=" not in client.get("/participants/").headers.get("Set-Cookie", "")
    for _day in range(29):  # active every day: still ends at the lifetime
        clock.advance(days=1)
        assert client.get("/participants/").status_code == 200
    clock.advance(days=1, minutes=1)
    assert _signed_out(client.get("/participants/"))


def test_the_half_signed_in_state_ends_with_a_new_password(app, client, make_admin):
    admin = make_admin()
    client.post("/login", data={"login": admin.email, "password": PASSWORD})
    assert client.get("/login/code").status_code == 200
    with app.app_context():
        services.end_all_sessions(services.find_by_login(admin.email))
        db.session.commit()
    assert client.get("/login/code").status_code == 404


def test_signing_in_again_after_the_session_ran_out_works_at_once(app, client, clock,
                                                                 make_staff):
    """The expired session used to answer the new sign-in with a redirect to /login, so
    the password had to be typed twice."""
    user = make_staff("handledare")
    login(client, user)
    clock.advance(minutes=app.config["SMAIL_STAFF_IDLE_MINUTES"] + 1)
    again = client.post("/login", data={"login": user.email, "password": PASSWORD})
    assert again.headers["Location"] == "/participants/"
    assert client.get("/participants/").status_code == 200
    clock.advance(minutes=app.config["SMAIL_STAFF_IDLE_MINUTES"] + 1)
    assert client.get("/participants/").status_code == 302  # idle still signs out


def test_the_cookie_is_sent_again_only_when_the_session_changes(app, client, clock,
                                                                make_staff):
    """Not re-signed on every request: the last-seen time is written once a minute, and the
    idle timeout still counts from it."""
    login(client, make_staff("handledare"))
    client.get("/participants/")  # the first page's forms put a CSRF secret in the session
    assert "Set-Cookie" not in client.get("/participants/").headers
    clock.advance(seconds=59)
    assert "Set-Cookie" not in client.get("/participants/").headers
    clock.advance(seconds=2)
    assert "session=" in client.get("/participants/").headers.get("Set-Cookie", "")
    idle = app.config["SMAIL_STAFF_IDLE_MINUTES"]
    clock.advance(minutes=idle - 1)
    assert client.get("/participants/").status_code == 200  # written again: a minute past
    clock.advance(minutes=idle, seconds=1)
    assert _signed_out(client.get("/participants/"))
