"""A staff account's lifecycle (issue 8, point 6): the admin closes and opens accounts, changes
roles and issues password links, each written to a log the account's holder can read; API
tokens expire. The attack this closes: an admin who took over a handledare's account through
a password link shown on screen, unnoticed."""

from __future__ import annotations

import re

from sqlalchemy import select

from smail_app.auth.models import AccountEvent, AccountEventKind, ApiToken, Role, User
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_api import bearer, issue_token

NEW_PASSWORD = "a new and long passphrase"


def _events(app, user) -> list[AccountEventKind]:
    with app.app_context():
        return list(db.session.scalars(select(AccountEvent.kind).where(
            AccountEvent.user_id == user.id).order_by(AccountEvent.id)))


def test_closing_an_account_ends_its_sessions_and_tokens_and_keeps_it(app, clock, make_admin,
                                                                      make_staff):
    admin, handledare = make_admin(name="Kansliet"), make_staff(Role.HANDLEDARE)
    token = issue_token(app, handledare)
    their_browser = app.test_client()
    login(their_browser, handledare)
    admin_browser = app.test_client()
    login(admin_browser, admin)
    closed = admin_browser.post(f"/admin/staff/{handledare.public_id}/deactivate")
    assert closed.status_code == 302
    assert their_browser.get("/participants/").status_code == 302  # signed out at once
    assert app.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 401
    refused = app.test_client().post("/login", data={"login": handledare.email,
                                                     "password": PASSWORD})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(User, handledare.id) is not None  # history keeps its author
        assert db.session.scalar(select(ApiToken.revoked_dt)) is not None
    page = admin_browser.get(f"/admin/staff/{handledare.public_id}").get_data(as_text=True)
    assert "Stängt" in page and "Kontot stängt" in page and "av Kansliet" in page
    admin_browser.post(f"/admin/staff/{handledare.public_id}/reactivate")
    login(app.test_client(), handledare)
    assert _events(app, handledare) == [AccountEventKind.DEACTIVATED,
                                        AccountEventKind.REACTIVATED]


def test_the_admin_cannot_close_their_own_account_or_drop_their_own_admin_role(
        app, client, make_admin):
    admin = make_admin()
    login(client, admin)
    client.post(f"/admin/staff/{admin.public_id}/deactivate")
    assert client.get("/admin/organisations").status_code == 200
    refused = client.post(f"/admin/staff/{admin.public_id}/roles",
                          data={"role_handledare": "y"})
    assert refused.status_code == 422
    assert "din egen administratörsroll" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).roles == {Role.ADMIN}


def test_roles_come_from_the_admin_and_the_holder_sees_the_change(app, client, make_admin,
                                                                 make_staff):
    admin, person = make_admin(name="Kansliet"), make_staff()
    login(client, admin)
    changed = client.post(f"/admin/staff/{person.public_id}/roles",
                          data={"role_handledare": "y", "role_utbildare": "y"})
    assert changed.status_code == 302
    with app.app_context():
        assert db.session.get(User, person.id).roles == {Role.HANDLEDARE, Role.UTBILDARE}
    holder = app.test_client()
    login(holder, person)
    page = holder.get("/account").get_data(as_text=True)
    assert "Roller ändrade" in page and "Handledare" in page and "av Kansliet" in page


def test_with_mail_a_password_link_goes_to_the_account_only(app, client, make_admin,
                                                           make_staff, smtp_server):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    admin = make_admin()
    person = make_staff(Role.HANDLEDARE, email="glomsk@tierp.se")
    login(client, admin)
    response = client.post(f"/admin/staff/{person.public_id}/password-link")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/invite/" not in page and "skickad till glomsk@tierp.se" in page
    [message] = smtp_server.to("glomsk@tierp.se")
    assert re.search(r"/invite/[\w-]+", message.get_content())
    assert _events(app, person) == [AccountEventKind.PASSWORD_LINK_MAILED]


def test_a_password_link_shown_to_the_admin_is_logged_and_told_at_the_next_sign_in(
        app, client, clock, make_admin, make_staff):
    admin, person = make_admin(name="Kansliet"), make_staff(Role.HANDLEDARE)
    login(client, admin)
    page = client.post(f"/admin/staff/{person.public_id}/password-link").get_data(as_text=True)
    link = re.search(r"http://localhost(/invite/[\w-]+)", page).group(1)
    # the admin uses the link themselves and signs in as the handledare...
    taker = app.test_client()
    taker.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert _events(app, person) == [AccountEventKind.PASSWORD_LINK_SHOWN,
                                    AccountEventKind.PASSWORD_SET_BY_LINK]
    signed_in = taker.post("/login", data={"login": person.email, "password": NEW_PASSWORD},
                           follow_redirects=True)
    told = signed_in.get_data(as_text=True)
    assert "Ett nytt lösenord valdes" in told and "Kansliet" in told
    # ...and it stays in the account's log, where the holder finds it
    account = taker.get("/account").get_data(as_text=True)
    assert "Länk för nytt lösenord visad för administratören" in account
    assert "Nytt lösenord valt med en länk" in account


def test_an_api_token_expires(app, client, clock, make_staff):
    token = issue_token(app, make_staff(Role.HANDLEDARE))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    clock.advance(days=app.config["SMAIL_API_TOKEN_DAYS"] + 1)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_the_admin_revokes_one_api_token(app, client, make_admin, make_staff):
    admin, person = make_admin(), make_staff(Role.HANDLEDARE)
    kept, revoked = issue_token(app, person), issue_token(app, person)
    with app.app_context():
        rows = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
        revoked_id = rows[1].id
    login(client, admin)
    page = client.get(f"/admin/staff/{person.public_id}").get_data(as_text=True)
    assert page.count("Återkalla<span") == 2
    client.post(f"/admin/staff/{person.public_id}/tokens/{revoked_id}/revoke")
    assert app.test_client().get("/api/v1/me", headers=bearer(revoked)).status_code == 401
    assert app.test_client().get("/api/v1/me", headers=bearer(kept)).status_code == 200
    assert _events(app, person) == [AccountEventKind.TOKEN_REVOKED]
    # another account's token cannot be revoked through this account's page
    other = make_staff(Role.HANDLEDARE)
    theirs = issue_token(app, other)
    with app.app_context():
        their_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == other.id))
    client.post(f"/admin/staff/{person.public_id}/tokens/{their_id}/revoke")
    assert app.test_client().get("/api/v1/me", headers=bearer(theirs)).status_code == 200


def test_a_password_link_that_cannot_be_mailed_is_not_made(app, client, make_admin,
                                                           make_staff):
    from tests.conftest import free_port

    app.config.update(SMAIL_MAIL_SEND_INVITES=True, SMAIL_MAIL_SERVER="127.0.0.1",
                      SMAIL_MAIL_PORT=free_port(), SMAIL_MAIL_TIMEOUT=2)
    person = make_staff(Role.HANDLEDARE)
    login(client, make_admin())
    response = client.post(f"/admin/staff/{person.public_id}/password-link")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "E-posten kunde inte skickas" in page and "/invite/" not in page
    assert _events(app, person) == []  # no link, nothing logged as sent
