"""The participant's rights and the retention rule (issue 8, points 9 and 10): everything held
about them to read and download, anonymisation only with a second handledare's confirmation,
the information they were shown recorded with its version, and anonymisation after the
retention time."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from smail_app.assessments.models import IndicatorScore, Rating
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants import information
from smail_app.participants.models import InformationRecord, Participant
from smail_app.plans import services as plan_services
from smail_app.plans.models import OccasionNote, PlanActivity
from smail_app.privacy import subject_access
from tests.conftest import login
from tests.factories import PASSWORD, add_activity, add_rating, participant_user


def _scene(app, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    first, second = make_certified_handledare(insats), make_certified_handledare(insats)
    sam = make_participant(insats, code="KNI-007", alias="Sam Svensson", with_account=True,
                           handledare=first, birth_year=1999, reminder_email="sam@example.se")
    other = make_participant(insats, code="KNI-999", alias="Någon Annan", with_account=True)
    add_rating(app, sam, date(2027, 3, 2), 2)
    add_activity(app, sam, first, title="Praktik på biblioteket")
    with app.app_context():
        plan_services.add_note(db.session.get(Participant, sam.id), 0, "Mår bättre nu.",
                               db.session.get(User, first.id), 0)
        db.session.commit()
    return insats, first, second, sam, other


def test_participant_downloads_everything_about_them_and_nothing_else(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    _insats, _first, _second, sam, _other = _scene(app, make_insats,
                                                   make_certified_handledare, make_participant)
    login(client, participant_user(app, sam))
    response = client.get("/me/my-data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    export = json.loads(response.get_data(as_text=True))
    assert export["participants"][0]["alias"] == "Sam Svensson"
    assert export["participants"][0]["reminder_email"] == "sam@example.se"
    assert len(export["ratings"]) == 1 and len(export["indicator_scores"]) == 7
    assert export["plan_activities"][0]["title"] == "Praktik på biblioteket"
    assert export["occasion_notes"][0]["body"] == "Mår bättre nu."
    assert export["access_log"]  # the handledare's writes were logged
    text = response.get_data(as_text=True)
    assert "KNI-999" not in text and "Någon Annan" not in text
    assert "password_hash" not in text and "token_hash" not in text

    page = client.get("/me/my-data").get_data(as_text=True)
    assert "Praktik på biblioteket" in page and "Mår bättre nu." in page
    assert "2 mars 2027" in page


def test_the_export_covers_every_table_that_holds_participant_data(app):
    """A table added later with a participant_id (or below one) is exported by itself."""
    covered = set(subject_access.table_names())
    with app.app_context():
        for table in db.metadata.sorted_tables:
            refers = "participant_id" in table.c or any(
                fk.column.table.name in covered - {"participants", "users"}
                for fk in table.foreign_keys)
            if refers:
                assert table.name in covered, f"{table.name} is not in the subject-access export"
    assert {"ratings", "answers", "indicator_scores", "plan_activities", "occasion_notes",
            "access_log", "participant_information_records"} <= covered


def test_anonymisation_needs_a_second_handledare_and_keeps_what_reports_count(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    _insats, first, second, sam, _other = _scene(app, make_insats,
                                                 make_certified_handledare, make_participant)
    account = participant_user(app, sam)
    phone = app.test_client()  # the participant is signed in on their phone meanwhile
    login(phone, account)
    assert phone.get("/me").status_code == 200
    login(client, first)
    asked = client.post(f"/participants/{sam.public_id}/anonymise",
                        data={"step": "request", "reason": "Deltagaren bad om det."})
    assert asked.status_code == 302
    own = client.post(f"/participants/{sam.public_id}/anonymise", data={"step": "confirm"},
                      follow_redirects=True)
    assert "En annan handledare än du måste bekräfta." in own.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, sam.id).anonymised_dt is None

    client.post("/logout")
    login(client, second)
    done = client.post(f"/participants/{sam.public_id}/anonymise", data={"step": "confirm"},
                       follow_redirects=True)
    assert "Deltagaren är anonymiserad." in done.get_data(as_text=True)
    with app.app_context():
        gone = db.session.get(Participant, sam.id)
        assert gone.code.startswith("ANON-") and gone.alias == "" and gone.reminder_email is None
        assert (gone.gender, gone.birth_year, gone.start_date) == ("kvinna", 1999,
                                                                  date(2027, 3, 1))
        assert db.session.scalars(select(OccasionNote)).all() == []
        assert [a.title for a in db.session.scalars(select(PlanActivity))] == ["–"]
        assert len(db.session.scalars(select(IndicatorScore).join(Rating).where(
            Rating.participant_id == sam.id)).all()) == 7
        user = db.session.get(User, account.id)
        assert not user.is_active_account and user.username.startswith("anon-")
    assert phone.get("/me").status_code == 302  # that session has ended
    client.post("/logout")
    refused = client.post("/login", data={"login": account.username, "password": PASSWORD})
    assert refused.status_code == 422
    assert app.test_cli_runner().invoke(args=["audit-verify"]).exit_code == 0


def test_a_request_can_be_withdrawn_and_bad_steps_write_nothing(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    _insats, first, _second, sam, _other = _scene(app, make_insats,
                                                  make_certified_handledare, make_participant)
    login(client, first)
    url = f"/participants/{sam.public_id}/anonymise"
    assert client.post(url, data={"step": "confirm"}, follow_redirects=True).status_code == 200
    assert client.post(url, data={"step": "nonsense"}).status_code == 200
    assert client.post(url, data={"step": "request", "reason": "x" * 301}).status_code == 422
    client.post(url, data={"step": "request"})
    twice = client.post(url, data={"step": "request"}, follow_redirects=True)
    assert "Det finns redan en begäran" in twice.get_data(as_text=True)
    client.post(url, data={"step": "withdraw"})
    with app.app_context():
        assert db.session.get(Participant, sam.id).anonymised_dt is None
    assert "Begär anonymisering" in client.get(url).get_data(as_text=True)


def test_retention_anonymises_only_after_the_configured_months(
        app, clock, make_insats, make_participant):
    insats = make_insats()
    left = make_participant(insats, code="OLD-1", alias="Gammal", start_date=date(2024, 1, 1),
                            exit_date=date(2025, 1, 10), exit_reason="studier")
    recent = make_participant(insats, code="NEW-1", alias="Ny", start_date=date(2024, 1, 1),
                              exit_date=date(2025, 1, 11), exit_reason="studier")
    staying = make_participant(insats, code="NOW-1", alias="Kvar", start_date=date(2024, 1, 1))
    runner = app.test_cli_runner()

    clock.set(date(2027, 1, 9))
    assert "0 participant(s)" in runner.invoke(args=["purge-expired"]).output
    clock.set(date(2027, 1, 10))
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "1 participant(s)" in result.output
    with app.app_context():
        aliases = {p.id: p.alias for p in db.session.scalars(select(Participant))}
    assert aliases == {left.id: "", recent.id: "Ny", staying.id: "Kvar"}

    app.config["SMAIL_RETENTION_MONTHS"] = 6
    clock.set(date(2025, 7, 11))
    runner.invoke(args=["purge-expired"])
    with app.app_context():
        assert db.session.get(Participant, recent.id).alias == ""
        assert db.session.get(Participant, staying.id).alias == "Kvar"


def test_the_information_shown_is_recorded_with_its_version(
        app, client, clock, make_insats, make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    page = client.post("/participants/new", data={
        "insats": insats.public_id, "code": "KNI-001", "alias": "", "birth_year": "1998",
        "gender": "kvinna", "kommun": "", "start_date": "2027-03-01"}).get_data(as_text=True)
    token = page.split("data-invite-link>")[1].split("<")[0].rsplit("/", 1)[1]
    client.post("/logout")
    shown = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "Så sparar vi dina uppgifter" in shown
    client.post(f"/invite/{token}", data={"username": "ny.deltagare", "password": PASSWORD,
                                          "password_again": PASSWORD})
    with app.app_context():
        [record] = db.session.scalars(select(InformationRecord)).all()
        assert record.notice_version == information.INFORMATION_VERSION


def test_changing_the_information_text_needs_a_new_version():
    notice = Path(__file__).resolve().parent.parent / "smail_app" / "templates" / \
        "participants" / "_privacy_notice.html"
    assert hashlib.sha256(notice.read_bytes()).hexdigest() == information.INFORMATION_DIGEST, \
        "the privacy information changed: bump INFORMATION_VERSION and update the digest"
