"""Invitation and password links by e-mail (SMAIL_MAIL_SEND_INVITES), against a real SMTP
server on 127.0.0.1. Staff invites and password links from the admin are shown on screen
too; course invites from an utbildare only go by mail (issue 8, point 5)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from smail_app.certification.models import Enrolment
from smail_app.extensions import db
from tests.conftest import free_port, login
from tests.test_certification_views import scene  # noqa: F401 - the course fixture


def _link(page: str) -> str:
    return page.split("data-invite-link>")[1].split("<")[0].strip()


def test_staff_invite_is_mailed_when_switched_on(app, client, smtp_server, make_admin):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    login(client, make_admin(name="Kansliet"))
    page = client.post("/admin/staff", data={"email": "ny@heby.se", "role_handledare": "y"})
    html = page.get_data(as_text=True)
    assert "också skickad med e-post" in html
    [message] = smtp_server.to("ny@heby.se")
    body = message.get_content()
    assert _link(html) in body and "Kansliet" in body
    assert "Inbjudan till SMAIL" in message["Subject"]


def test_password_link_is_mailed(app, client, smtp_server, make_admin, make_staff):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    staff = make_staff("handledare", email="glomsk@tierp.se")
    login(client, make_admin())
    response = client.post(f"/admin/staff/{staff.public_id}/password-link")
    assert "/invite/" not in client.get(response.headers["Location"]).get_data(as_text=True)
    [message] = smtp_server.to("glomsk@tierp.se")
    assert "/invite/" in message.get_content()  # mailed to the account only, never shown
    assert "Nytt lösenord" in message["Subject"]


def test_course_invite_is_mailed(app, client, smtp_server, scene, login_as):  # noqa: F811
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    login_as(scene.utbildare)
    page = client.post(f"/certification/courses/{scene.course}/invite",
                       data={"invite-email": "kurs@enkoping.se", "invite-name": "Kim Kurs"})
    assert page.status_code == 302
    [message] = smtp_server.to("kurs@enkoping.se")
    assert re.search(r"http://localhost/invite/[\w-]+", message.get_content())
    assert "Åsa Utbildare" in message.get_content()


def test_a_course_invite_that_cannot_be_mailed_is_not_made(app, client, scene,  # noqa: F811
                                                           login_as):
    app.config.update(SMAIL_MAIL_SEND_INVITES=True, SMAIL_MAIL_SERVER="127.0.0.1",
                      SMAIL_MAIL_PORT=free_port(), SMAIL_MAIL_TIMEOUT=2)
    login_as(scene.utbildare)
    page = client.post(f"/certification/courses/{scene.course}/invite",
                       data={"invite-email": "kurs@enkoping.se", "invite-name": "Kim Kurs"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "kunde inte skickas" in html and "/invite/" not in html
    with app.app_context():  # neither invited nor enrolled
        assert db.session.scalar(select(func.count(Enrolment.id)).where(
            Enrolment.invited_email == "kurs@enkoping.se")) == 0


def test_mail_server_down_still_shows_the_link(app, client, make_admin):
    app.config.update(SMAIL_MAIL_SEND_INVITES=True, SMAIL_MAIL_SERVER="127.0.0.1",
                      SMAIL_MAIL_PORT=free_port(), SMAIL_MAIL_TIMEOUT=2)
    login(client, make_admin())
    page = client.post("/admin/staff", data={"email": "ny@heby.se", "role_utbildare": "y"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "/invite/" in _link(html)
    assert "E-posten kunde inte skickas" in html


def test_no_mail_unless_switched_on(app, client, smtp_server, make_admin):
    login(client, make_admin())
    html = client.post("/admin/staff", data={"email": "ny@heby.se",
                                             "role_handledare": "y"}).get_data(as_text=True)
    assert "/invite/" in _link(html) and "e-post" not in html.split("data-invite-link")[0][-400:]
    assert smtp_server.messages == []


def test_mailed_links_state_the_configured_validity(app, client, smtp_server, make_admin,
                                                    make_staff):
    app.config["SMAIL_MAIL_SEND_INVITES"] = True
    app.config["SMAIL_INVITE_VALID_DAYS"] = 3
    staff = make_staff("handledare", email="glomsk@enkoping.se")
    login(client, make_admin())
    client.post("/admin/staff", data={"email": "ny@enkoping.se", "role_handledare": "y"})
    client.post(f"/admin/staff/{staff.public_id}/password-link")
    for address in ("ny@enkoping.se", "glomsk@enkoping.se"):
        [message] = smtp_server.to(address)
        body = message.get_content()
        assert "gäller i 3 dagar" in body and "valid for 3 days" in body
        assert "7 dagar" not in body
