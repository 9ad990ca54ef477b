"""`flask reminders` against a real SMTP server on 127.0.0.1 (aiosmtpd), with a controlled
clock: participants who agreed get one mail when their rating opens; each handledare gets one
digest a day of due and overdue ratings. And the participant's own reminder settings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from smail_app.extensions import db
from smail_app.notifications.models import HandledareDigest, RatingReminder
from smail_app.participants.models import Participant
from tests.conftest import free_port, login
from tests.factories import add_rating, participant_user


@pytest.fixture
def people(app, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats, email="hanna@kommun.example")
    colleague = make_certified_handledare(insats, email="hassan@kommun.example")
    agreed = make_participant(insats, code="MEJL-1", handledare=handledare, with_account=True,
                              reminder_email="sam@example.se",
                              reminders_consent_dt=clock.now())
    make_participant(insats, code="TYST-1", handledare=handledare,
                     reminder_email="inte@example.se")  # gave an address but did not agree
    make_participant(insats, code="SENARE", handledare=colleague,
                     start_date=date(2027, 5, 1))  # nothing open yet
    make_participant(insats, code="SLUT-1", handledare=handledare, exit_date=date(2027, 3, 1),
                     exit_reason="studier", reminder_email="slut@example.se",
                     reminders_consent_dt=clock.now())
    return handledare, colleague, agreed


def _run(runner, *args: str) -> str:
    result = runner.invoke(args=["reminders", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_and_digest_are_sent_once(app, runner, clock, smtp_server, people):
    handledare, colleague, agreed = people
    output = _run(runner)
    assert "Sent 1 participant reminder(s) and 1 handledare digest(s)" in output
    to_participant = smtp_server.to("sam@example.se")
    assert len(to_participant) == 1 and to_participant[0]["Subject"] == "Dags att skatta i SMAIL"
    body = to_participant[0].get_content()
    assert "1 mars 2027" in body and "http://localhost/me" in body and "MEJL-1" not in body
    assert to_participant[0]["From"] == "smail@forbund.example"
    assert to_participant[0]["Date"].datetime == clock.now()  # the app's clock, not the OS
    digest = smtp_server.to("hanna@kommun.example")
    assert len(digest) == 1
    text = digest[0].get_content()
    assert "MEJL-1: öppen, senast 1 mars 2027" in text and "TYST-1" in text
    assert "SLUT-1" not in text and "SENARE" not in text
    assert smtp_server.to("hassan@kommun.example") == []
    assert smtp_server.to("inte@example.se") == [] and smtp_server.to("slut@example.se") == []

    # Cron runs again the same day: nothing new.
    assert "Sent 0 participant reminder(s) and 0 handledare digest(s)" in _run(runner)
    # The next day: the digest again (now overdue), but the participant was already told.
    clock.advance(days=1)
    _run(runner)
    assert len(smtp_server.to("sam@example.se")) == 1
    later = smtp_server.to("hanna@kommun.example")
    assert len(later) == 2 and "MEJL-1: försenad" in later[1].get_content()
    with app.app_context():
        assert db.session.scalar(select(func.count(RatingReminder.id))) == 1
        assert db.session.scalar(select(func.count(HandledareDigest.id))) == 2


def test_the_next_occasion_gets_its_own_reminder(app, runner, clock, smtp_server, people):
    _, _, agreed = people
    add_rating(app, agreed, date(2027, 3, 1))
    _run(runner)
    assert smtp_server.to("sam@example.se") == []  # baseline done, nothing open
    clock.set(date(2027, 5, 17))  # occasion 1 (due 31 May) opens 14 days before
    _run(runner)
    mails = smtp_server.to("sam@example.se")
    assert len(mails) == 1 and "31 maj 2027" in mails[0].get_content()


def test_dry_run_sends_nothing(app, runner, clock, smtp_server, people):
    assert "Would send 1 participant reminder(s) and 1 handledare digest(s)" in _run(
        runner, "--dry-run")
    assert smtp_server.messages == []


def test_mail_server_down_fails_loudly_and_records_nothing(app, runner, clock, people):
    app.config.update(SMAIL_MAIL_SERVER="127.0.0.1", SMAIL_MAIL_PORT=free_port(),
                      SMAIL_MAIL_TIMEOUT=2)
    result = runner.invoke(args=["reminders"])
    assert result.exit_code != 0 and "Could not send mail" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(RatingReminder.id))) == 0


def test_participant_chooses_reminders(app, client, clock, make_participant):
    participant = make_participant(with_account=True)
    login(client, participant_user(app, participant))
    assert "Vill du få ett mejl" in client.get("/me").get_data(as_text=True)
    for bad in ({"consent": "y", "email": ""}, {"consent": "y", "email": "inte en adress"}):
        response = client.post("/me/reminders", data=bad)
        assert response.status_code == 422
        assert "Det finns ett problem" in response.get_data(as_text=True)
    response = client.post("/me/reminders", data={"consent": "y", "email": " Sam@Example.se "})
    assert response.status_code == 302
    assert "Du får ett mejl till sam@example.se" in client.get("/me").get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(Participant, participant.id)
        assert saved.wants_reminders and saved.reminders_consent_dt == clock.now()
    client.post("/me/reminders", data={"email": "sam@example.se"})  # consent withdrawn
    with app.app_context():
        saved = db.session.get(Participant, participant.id)
        assert saved.reminder_email is None and not saved.wants_reminders
