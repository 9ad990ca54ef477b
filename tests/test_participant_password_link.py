"""A participant's new-password link leaves a trail (issue 8, point 6): the participant's own
log says who gave the link and when it was used, and ratings sent in the session it opened
are marked on the handledare's page. The attack: a handledare gives a link, uses it, and
sends ratings in the participant's name."""

from __future__ import annotations

import re

from smail_app.audit.models import AccessLogEntry
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import participant_user
from tests.test_together import _answer_steps

NEW_PASSWORD = "ett nytt långt lösenord"


def _send_own_rating(client) -> None:
    check_url = _answer_steps(client, client.post("/me/rating").headers["Location"])
    assert client.post(check_url.replace("/check", "/submit")).status_code == 303


def test_a_rating_sent_after_a_password_link_is_marked_and_the_link_is_in_the_log(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats, name="Hanna Handledare")
    participant = make_participant(insats, with_account=True, handledare=handledare)
    login(client, handledare)
    page = client.post(f"/participants/{participant.public_id}/password-link")
    path = re.search(r"http://localhost(/invite/[\w-]+)", page.get_data(as_text=True)).group(1)
    detail = f"/participants/{participant.public_id}"
    assert "data-after-password-link" not in client.get(detail).get_data(as_text=True)

    whoever = app.test_client()  # the participant, or the handledare who gave the link
    opened = whoever.post(path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert opened.headers["Location"] == "/me"
    _send_own_rating(whoever)

    log = whoever.get("/me/access-log").get_data(as_text=True)
    assert "Hanna Handledare</strong> gav länken som ditt nya lösenord valdes med just då" in log
    with app.app_context():
        assert db.session.query(AccessLogEntry).filter_by(detail="password link used").count() == 1
    marked = client.get(detail).get_data(as_text=True)
    assert "data-after-password-link" in marked
    assert "efter en länk från Hanna Handledare som användes" in marked


def test_a_rating_sent_after_an_ordinary_sign_in_is_not_marked(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True, handledare=handledare)
    own = app.test_client()
    login(own, participant_user(app, participant))
    _send_own_rating(own)
    login(client, handledare)
    page = client.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    assert "data-after-password-link" not in page
