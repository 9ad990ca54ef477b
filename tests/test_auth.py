"""Accounts: first-admin setup, CLI, sign-in, second factor, invites, idle timeout, CSRF."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from smail_app.auth import services
from smail_app.auth.models import Invite, InviteKind, User
from smail_app.extensions import db
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD


def _count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def _issue(app, kind=InviteKind.STAFF, **kw) -> str:
    with app.app_context():
        issued = services.issue_invite(kind, **kw)
        db.session.commit()
        return issued.token


# --- First admin --------------------------------------------------------------------------


def test_setup_link_is_printed_only_while_no_account_exists(app, runner, make_staff):
    result = runner.invoke(args=["setup-link"])
    assert "/setup/" in result.output
    make_staff("handledare")
    assert "no setup link needed" in runner.invoke(args=["setup-link"]).output


def test_setup_link_creates_the_first_admin_once(app, client, runner):
    token = runner.invoke(args=["setup-link"]).output.split("/setup/")[1].strip()
    page = client.get(f"/setup/{token}")
    assert page.status_code == 200 and "första administratören" in page.get_data(as_text=True)
    form = {"display_name": "Kansliet", "email": "Admin@Forbund.se", "gender": "kvinna",
            "password": PASSWORD, "password_again": PASSWORD}
    response = client.post(f"/setup/{token}", data=form)
    assert response.status_code == 302
    with app.app_context():
        admin = services.find_by_login("admin@forbund.se")
        assert admin is not None and admin.has_role("admin")
    again = client.post(f"/setup/{token}", data=form | {"email": "other@forbund.se"})
    assert again.status_code == 410
    assert _count_users(app) == 1


def test_setup_form_errors_are_shown_and_nothing_is_written(app, client, runner):
    token = runner.invoke(args=["setup-link"]).output.split("/setup/")[1].strip()
    response = client.post(f"/setup/{token}", data={
        "display_name": "", "email": "not-an-email", "gender": "kvinna",
        "password": "short", "password_again": "other"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Det finns ett problem" in page
    assert "Skriv ditt namn." in page and "namn@exempel.se" in page
    assert _count_users(app) == 0


def test_create_admin_cli(app, runner):
    result = runner.invoke(args=["create-admin", "--email", "a@forbund.se", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert services.find_by_login("a@forbund.se").has_role("admin")
    again = runner.invoke(args=["create-admin", "--email", "a@forbund.se", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert again.exit_code != 0 and "redan" in again.output
    short = runner.invoke(args=["create-admin", "--email", "b@forbund.se", "--password-stdin"],
                          input="kort\n")
    assert short.exit_code != 0 and _count_users(app) == 1


# --- Sign-in ---------------------------------------------------------------------------------


def test_login_failure_is_generic(client, make_staff):
    user = make_staff("handledare")
    for login_name, password in ((user.email, "wrong password"), ("nobody@x.se", PASSWORD)):
        response = client.post("/login", data={"login": login_name, "password": password})
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Fel e-post, användarnamn eller lösenord. Kontrollera" in page


def test_login_and_safe_next(client, make_staff):
    user = make_staff("handledare")
    response = client.post("/login", data={"login": user.email.upper(), "password": PASSWORD,
                                           "next": "//evil.example/steal"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/participants/"


def test_admin_must_enrol_totp_before_first_sign_in_completes(app, client, make_staff):
    with app.app_context():
        services.create_admin("new@forbund.se", PASSWORD)
        db.session.commit()
    response = client.post("/login", data={"login": "new@forbund.se", "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/code/new")
    assert client.get("/admin/organisations").status_code == 302  # not signed in yet
    page = client.get("/login/code/new").get_data(as_text=True)
    assert "data:image/svg+xml" not in page  # a GET makes no secret...
    with app.app_context():
        assert services.find_by_login("new@forbund.se").totp_secret is None
    client.post("/login/code/new/start")  # ...the button does
    page = client.get("/login/code/new").get_data(as_text=True)
    assert "data:image/svg+xml" in page
    with app.app_context():
        secret = services.find_by_login("new@forbund.se").totp_secret
    bad = client.post("/login/code/new", data={"code": "000000"})
    assert bad.status_code == 422
    good = client.post("/login/code/new", data={"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 200 and "Dina reservkoder" in good.get_data(as_text=True)
    assert "Tvåstegsverifieringen är på." in good.get_data(as_text=True)
    assert good.headers["Cache-Control"] == "no-store"
    assert client.get("/admin/organisations").status_code == 200


def test_admin_with_totp_needs_the_code(client, make_admin):
    admin = make_admin()
    client.post("/login", data={"login": admin.email, "password": PASSWORD})
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 422 and "Koden stämmer inte" in wrong.get_data(as_text=True)
    letters = client.post("/login/code", data={"code": "abcdef"})
    assert letters.status_code == 422
    right = client.post("/login/code", data={"code": pyotp.TOTP(admin.totp_secret).now()})
    assert right.status_code == 302


def test_code_page_without_password_step_is_404(client):
    assert client.get("/login/code").status_code == 404


def test_staff_idle_timeout(app, client, clock, make_staff):
    user = make_staff("handledare")
    login(client, user)
    assert client.get("/participants/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/participants/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/participants/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/participants/").status_code == 302  # really signed out


def test_participants_are_not_timed_out_like_staff(app, client, clock, make_participant):
    from tests.factories import participant_user

    participant = make_participant(with_account=True)
    login(client, participant_user(app, participant))
    clock.advance(hours=3)
    assert client.get("/me").status_code == 200


def test_logout_is_post_only(client, make_staff):
    login(client, make_staff("handledare"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/participants/").status_code == 302


# --- Invites -----------------------------------------------------------------------------


def test_admin_invites_staff_who_sets_a_password(app, client, make_admin):
    login(client, make_admin())
    response = client.post("/admin/staff", data={"email": "ny@knivsta.se",
                                                 "role_handledare": "y"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    link = page.split('data-invite-link>')[1].split("<")[0]
    client.post("/logout")
    token = link.rsplit("/", 1)[1]
    form = {"display_name": "Ny Handledare", "gender": "man", "password": PASSWORD,
            "password_again": PASSWORD}
    assert client.post(f"/invite/{token}", data=form).status_code == 302
    with app.app_context():
        user = services.find_by_login("ny@knivsta.se")
        assert user.roles == {"handledare"} and user.display_name == "Ny Handledare"
    assert client.get(f"/invite/{token}").status_code == 410


def test_staff_invite_needs_a_role_and_a_new_address(app, client, make_admin):
    admin = make_admin()
    login(client, admin)
    no_role = client.post("/admin/staff", data={"email": "x@y.se"})
    assert no_role.status_code == 422 and "Välj minst en roll." in no_role.get_data(as_text=True)
    taken = client.post("/admin/staff", data={"email": admin.email, "role_utbildare": "y"})
    assert taken.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Invite.id))) == 0


def test_expired_invite(app, client, clock):
    token = _issue(app, email="a@b.se", roles=["handledare"])
    clock.advance(days=7)
    response = client.get(f"/invite/{token}")
    assert response.status_code == 410 and "gått ut" in response.get_data(as_text=True)


def test_invite_still_valid_just_before_expiry(app, client, clock):
    token = _issue(app, email="a@b.se", roles=["handledare"])
    clock.advance(days=7, seconds=-1)
    assert client.get(f"/invite/{token}").status_code == 200


def test_unknown_invite(client):
    assert client.get("/invite/not-a-token").status_code == 410


# --- CSRF and language -------------------------------------------------------------------


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_forged_post_without_csrf_token_writes_nothing(csrf_app, make_admin):
    client = csrf_app.test_client()
    admin = make_admin()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"login": admin.email, "password": PASSWORD,
                                "csrf_token": csrf_from(page)})
    code_page = client.get("/login/code").get_data(as_text=True)
    client.post("/login/code", data={"code": pyotp.TOTP(admin.totp_secret).now(),
                                     "csrf_token": csrf_from(code_page)})
    forged = client.post("/admin/organisations", data={"name": "Falsk", "kind": "kommun"})
    assert forged.status_code == 400
    assert "säkerhetskod" in forged.get_data(as_text=True)
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "Falsk" not in page
    real = client.post("/admin/organisations", data={"name": "Äkta", "kind": "kommun",
                                                     "csrf_token": csrf_from(page)})
    assert real.status_code == 302


def test_language_switch_sticks(app, client, make_staff):
    assert "Logga in" in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"language": "en", "next": "/login"})
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    user = make_staff("handledare")
    login(client, user)
    with app.app_context():
        assert db.session.get(User, user.id).locale is None
    client.post("/language", data={"language": "en", "next": "/participants/"})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"
    fresh = app.test_client()
    login(fresh, user)
    assert "My participants" in fresh.get("/participants/").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_next(client):
    response = client.post("/language", data={"language": "xx", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    assert "Logga in" in client.get("/login").get_data(as_text=True)


def test_invite_expiry_uses_configured_days(app, ctx, clock):
    app.config["SMAIL_INVITE_VALID_DAYS"] = 2
    issued = services.issue_invite(InviteKind.STAFF, email="a@b.se")
    assert issued.invite.expires_dt - issued.invite.created_dt == timedelta(days=2)


def test_any_staff_member_may_turn_on_the_second_factor(app, client, make_staff,
                                                       make_participant):
    from tests.factories import participant_user

    user = make_staff("handledare")
    login(client, user)
    assert "Slå på tvåstegsverifiering" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "data:image/svg+xml" not in page
    client.post("/account/two-factor/start")
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "data:image/svg+xml" in page
    assert client.post("/account/two-factor", data={"code": "000000"}).status_code == 422
    with app.app_context():
        secret = services.find_by_login(user.email).totp_secret
    done = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "Dina reservkoder" in done.get_data(as_text=True)
    client.post("/logout")
    response = client.post("/login", data={"login": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/code")  # now the code is asked for

    participant = make_participant(with_account=True)
    other = app.test_client()
    login(other, participant_user(app, participant))
    assert other.get("/account/two-factor").status_code == 404


def test_gender_carries_one_translated_label_and_keeps_its_stored_value(app, ctx, make_staff):
    from flask_babel import force_locale
    from sqlalchemy import text

    from smail_app.auth.models import Gender

    user = make_staff("handledare", gender="vill_ej_uppge")
    db.session.expire_all()
    stored = db.session.scalar(text("SELECT gender FROM users WHERE id = :id"), {"id": user.id})
    assert stored == "vill_ej_uppge"
    assert db.session.get(User, user.id).gender is Gender.VILL_EJ_UPPGE
    with app.test_request_context(), force_locale("sv"):
        assert Gender.VILL_EJ_UPPGE.label == "Vill ej uppge"
    with app.test_request_context(), force_locale("en"):
        assert [choice.label for choice in Gender.choices()] == [
            "Woman", "Man", "Other", "Prefer not to say"]


def test_staff_links_say_how_long_they_are_valid_as_configured(app, client, make_admin,
                                                               make_staff):
    app.config["SMAIL_INVITE_VALID_DAYS"] = 3
    staff = make_staff("handledare")
    login(client, make_admin())
    invited = client.post("/admin/staff", data={"email": "ny@tierp.se", "role_handledare": "y"})
    assert "den gäller i 3 dagar" in invited.get_data(as_text=True)
    reset = client.post(f"/admin/staff/{staff.public_id}/password-link")
    assert "Den gäller i 3 dagar" in reset.get_data(as_text=True)
    app.config["SMAIL_INVITE_VALID_DAYS"] = 1
    one_day = client.post("/admin/staff", data={"email": "en@tierp.se", "role_utbildare": "y"})
    assert "den gäller i 1 dag " in one_day.get_data(as_text=True)


def test_each_role_lands_on_its_own_start_page(app, client, make_staff, make_participant):
    from tests.factories import participant_user

    cases = [(make_staff("utbildare"), "/certification/courses"),
             (make_staff("handledare", "utbildare"), "/participants/"),
             (make_staff(), "/account"),
             (participant_user(app, make_participant(with_account=True)), "/me")]
    for user, start in cases:
        browser = app.test_client()
        response = browser.post("/login", data={"login": user.login_name, "password": PASSWORD})
        assert response.headers["Location"] == start, user.login_name
