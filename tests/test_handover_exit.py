"""Handing a participant over to another handledare (the history is kept and shown), closing
an enrolment with its reason, and the reproducible 6-month follow-up sample."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
from sqlalchemy import func, select

from smail_app.auth.models import Role, User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.organisations.models import TeamMembership
from smail_app.participants import follow_up, services
from smail_app.participants.models import FollowUpResult, HandledareAssignment, Participant
from tests.conftest import login
from tests.factories import add_rating


def _register(app, insats, handledare, code="REG-1", start=date(2027, 3, 1)) -> Participant:
    with app.app_context():
        from smail_app.organisations.models import Insats

        participant = services.register_participant(services.NewParticipant(
            insats=db.session.get(Insats, insats.id), code=code, alias="", birth_year=None,
            gender="man", kommun=None, start_date=start), db.session.get(User, handledare.id))
        db.session.commit()
        db.session.refresh(participant)
        db.session.expunge(participant)
        return participant


@pytest.fixture
def team(make_insats, make_certified_handledare):
    insats = make_insats()
    first = make_certified_handledare(insats, name="Hanna Första")
    second = make_certified_handledare(insats, name="Hassan Andra")
    return insats, first, second


# --- Handover ------------------------------------------------------------------------------


def test_handover_keeps_the_history(app, client, clock, team):
    insats, first, second = team
    participant = _register(app, insats, first)
    add_rating(app, participant, date(2027, 3, 1), 2)
    clock.set(date(2027, 4, 12))
    login(client, first)
    page = client.get(f"/participants/{participant.public_id}/handover").get_data(as_text=True)
    assert "Hassan Andra" in page
    response = client.post(f"/participants/{participant.public_id}/handover",
                           data={"handledare": second.public_id, "note": "Föräldraledig"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Participant, participant.id)
        assert person.handledare_id == second.id
        history = services.assignment_history(person)
        assert [(h.handledare_name, h.start_date, h.end_date) for h in history] == [
            ("Hanna Första", date(2027, 3, 1), date(2027, 4, 12)),
            ("Hassan Andra", date(2027, 4, 12), None)]
        assert history[1].note == "Föräldraledig"
    # Still in the team, the first handledare still sees the participant.
    detail = client.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    assert "Ansvarig handledare över tid" in detail and "Föräldraledig" in detail
    config = json.loads(unescape(re.search(r'data-workspace-chart="([^"]+)"', detail).group(1)))
    assert config["timeline"]["handovers"] == ["2027-04-12"]
    assert "2027-04-12" in config["timeline"]["dates"]


def test_handover_rules(app, clock, team, make_staff, make_insats, make_certified_handledare):
    insats, first, second = team
    participant = _register(app, insats, first)
    elsewhere = make_certified_handledare(make_insats())
    uncertified = make_staff(Role.HANDLEDARE)
    with app.app_context():
        db.session.add(TeamMembership(insats_id=insats.id, user_id=uncertified.id,
                                      added_dt=datetime.now(UTC)))
        db.session.commit()
        person = db.session.get(Participant, participant.id)
        by = db.session.get(User, first.id)
        for target in (first, elsewhere, uncertified):
            with pytest.raises(Refused) as problem:
                services.hand_over(person, db.session.get(User, target.id), by)
            assert problem.value.field == "handledare"
        db.session.rollback()
        assert [u.id for u in services.handover_candidates(person)] == sorted(
            [second.id, uncertified.id],
            key=lambda i: db.session.get(User, i).display_name)


def test_handover_of_a_participant_registered_before_history_was_kept(
        app, clock, team, make_participant):
    insats, first, second = team
    participant = make_participant(insats, start_date=date(2027, 1, 4), handledare=first)
    clock.set(date(2027, 3, 15))
    with app.app_context():
        person = db.session.get(Participant, participant.id)
        assert [h.start_date for h in services.assignment_history(person)] == [date(2027, 1, 4)]
        services.hand_over(person, db.session.get(User, second.id),
                           db.session.get(User, first.id))
        db.session.commit()
        rows = db.session.scalars(select(HandledareAssignment).order_by(
            HandledareAssignment.start_date)).all()
        assert [(r.handledare_id, r.start_date, r.end_date) for r in rows] == [
            (first.id, date(2027, 1, 4), date(2027, 3, 15)),
            (second.id, date(2027, 3, 15), None)]


def test_handover_form_refuses_an_outsider_in_swedish(app, client, clock, team, make_insats,
                                                      make_certified_handledare):
    insats, first, _ = team
    participant = _register(app, insats, first)
    elsewhere = make_certified_handledare(make_insats())
    login(client, first)
    for value in (elsewhere.public_id, "", "<script>"):
        response = client.post(f"/participants/{participant.public_id}/handover",
                               data={"handledare": value})
        assert response.status_code == 422
        assert "Välj" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, participant.id).handledare_id == first.id


# --- Exit ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("details", "field"), [
    (services.ExitDetails(date(2027, 2, 1), "studier"), "exit_date"),
    (services.ExitDetails(date(2027, 9, 1), "studier"), "exit_date"),
    (services.ExitDetails(date(2027, 6, 1), "lotto"), "reason"),
    (services.ExitDetails(date(2027, 6, 1), "arbete_osubventionerat"), "work_percent"),
    (services.ExitDetails(date(2027, 6, 1), "eget_foretag", 0), "work_percent"),
    (services.ExitDetails(date(2027, 6, 1), "arbete_subventionerat", 101), "work_percent"),
])
def test_exit_rules(app, clock, team, details, field):
    insats, first, _ = team
    participant = _register(app, insats, first)
    clock.set(date(2027, 8, 1))
    with app.app_context():
        with pytest.raises(Refused) as problem:
            services.record_exit(db.session.get(Participant, participant.id), details,
                                 db.session.get(User, first.id))
        assert problem.value.field == field


def test_exit_records_date_reason_and_part_time_share(app, clock, team):
    insats, first, _ = team
    working = _register(app, insats, first, "ARB-1")
    studying = _register(app, insats, first, "STU-1")
    clock.set(date(2027, 8, 1))
    with app.app_context():
        by = db.session.get(User, first.id)
        services.record_exit(db.session.get(Participant, working.id), services.ExitDetails(
            date(2027, 7, 30), "arbete_subventionerat", 75), by)
        services.record_exit(db.session.get(Participant, studying.id), services.ExitDetails(
            date(2027, 7, 31), "studier", 50), by)
        db.session.commit()
        person = db.session.get(Participant, working.id)
        assert (person.exit_date, person.exit_reason, person.exit_work_percent) == (
            date(2027, 7, 30), "arbete_subventionerat", 75)
        assert db.session.get(Participant, studying.id).exit_work_percent is None
        assert services.assignment_history(person)[-1].end_date == date(2027, 7, 30)
        with pytest.raises(Refused):
            services.record_exit(person, services.ExitDetails(date(2027, 7, 31), "studier"), by)


def test_exit_page_offers_a_final_rating_and_closes_the_enrolment(app, client, clock, team):
    insats, first, _ = team
    participant = _register(app, insats, first)
    clock.set(date(2027, 8, 1))
    login(client, first)
    url = f"/participants/{participant.public_id}/exit"
    page = client.get(url).get_data(as_text=True)
    assert "Gör slutskattning tillsammans" in page
    add_rating(app, participant, date(2027, 7, 25))
    assert "räknas som slutskattning" in client.get(url).get_data(as_text=True)
    for bad in ({"exit_date": "2027-13-01", "reason": "studier"},
                {"exit_date": "2027-07-01", "reason": ""},
                {"exit_date": "2027-07-01", "reason": "x"},
                {"exit_date": "2027-07-01", "reason": "eget_foretag", "work_percent": "abc"},
                {"exit_date": "2027-07-01", "reason": "eget_foretag"},
                {"exit_date": "2027-07-01", "reason": "eget_foretag", "work_percent": "9" * 400}):
        response = client.post(url, data=bad)
        assert response.status_code == 422, bad
        assert "Det finns ett problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, participant.id).exit_date is None
    response = client.post(url, data={"exit_date": "2027-07-31", "reason": "eget_foretag",
                                      "work_percent": "50"})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Eget företag" in detail and "50 procent av heltid" in detail
    assert "REG-1" not in client.get("/participants/").get_data(as_text=True)
    assert "REG-1" in client.get("/participants/?status=left").get_data(as_text=True)
    assert client.get(url).status_code == 302  # already closed


# --- The 6-month follow-up -----------------------------------------------------------------


@pytest.fixture
def leavers(app, clock, team, make_participant):
    insats, first, _ = team
    people = []
    for i in range(12):
        people.append(make_participant(
            insats, code=f"UT-{i:02d}", start_date=date(2026, 9, 1), handledare=first,
            exit_date=date(2027, 1, 1 + i * 2), exit_reason="studier"))
    make_participant(insats, code="UT-feb", start_date=date(2026, 9, 1),
                     exit_date=date(2027, 2, 1), exit_reason="flyttat")
    make_participant(insats, code="KVAR", start_date=date(2026, 9, 1))
    clock.set(date(2027, 7, 15))
    return first


def test_follow_up_sample_is_reproducible_with_its_seed(app, leavers):
    assert follow_up.default_follow_up_month(date(2027, 7, 15)) == date(2027, 1, 1)
    assert follow_up.default_follow_up_month(date(2027, 3, 31)) == date(2026, 9, 1)
    with app.app_context():
        user = db.session.get(User, leavers.id)
        candidates = follow_up.left_in_month(user, date(2027, 1, 1))
        assert [p.code for p in candidates] == [f"UT-{i:02d}" for i in range(12)]
        draw = lambda size, seed: [p.code for p in follow_up.draw_sample(  # noqa: E731
            follow_up.left_in_month(user, date(2027, 1, 1)), size, seed)]
        first = draw(5, 2027)
        assert len(first) == 5 and len(set(first)) == 5
        assert draw(5, 2027) == first
        assert draw(5, 2028) != first
        assert draw(50, 1) == [p.code for p in candidates]  # everyone, when fewer than asked
        with pytest.raises(Refused):
            follow_up.draw_sample(candidates, 0, 1)


def test_follow_up_page(app, client, leavers, make_insats, make_certified_handledare,
                        make_participant):
    elsewhere = make_insats()
    make_participant(elsewhere, code="ANNAN", exit_date=date(2027, 1, 5), exit_reason="halsa",
                     start_date=date(2026, 9, 1))
    login(client, leavers)
    default = client.get("/participants/follow-up")
    assert default.status_code == 200
    assert 'value="2027-01"' in default.get_data(as_text=True)
    url = "/participants/follow-up?month=2027-01&size=4&seed=99"
    first = re.findall(r">(UT-\d\d)<", client.get(url).get_data(as_text=True))
    second = re.findall(r">(UT-\d\d)<", client.get(url).get_data(as_text=True))
    assert len(first) == 4 and first == second
    page = client.get("/participants/follow-up?month=2027-01&size=40&seed=1").get_data(
        as_text=True)
    assert "12 av 12" in page and "ANNAN" not in page and "UT-feb" not in page
    for bad in ("month=abc&size=4&seed=1", "month=2027-01&size=0&seed=1",
                "month=2027-01&size=4&seed=x", "month=2027-01&size=9999&seed=1",
                "month=2027-01&size=4&seed=1&insats=nope",
                "month=2027-01&size=4&seed=" + "9" * 400, "month=2027-01&size=" + "9" * 400):
        response = client.get(f"/participants/follow-up?{bad}")
        assert response.status_code == 422, bad
        assert "Det finns ett problem" in response.get_data(as_text=True)


@pytest.mark.parametrize("month", ["9999-12", "2027-08"])
def test_follow_up_of_a_month_not_begun_is_a_form_error(client, clock, leavers, month):
    login(client, leavers)  # today is in July 2027
    response = client.get(f"/participants/follow-up?month={month}&size=4&seed=1")
    assert response.status_code == 422
    assert "Välj den här månaden eller en tidigare." in response.get_data(as_text=True)


def test_month_end_to_the_last_day_the_calendar_has():
    assert follow_up.month_end(date(9999, 12, 1)) == date(9999, 12, 31)
    assert follow_up.month_end(date(2028, 2, 1)) == date(2028, 2, 29)


# --- Pages shown again with errors are logged like any other read ------------------------------


def _views_logged(app, participant) -> list[str]:
    from smail_app.audit.models import AccessLogEntry

    with app.app_context():
        return list(db.session.scalars(
            select(AccessLogEntry.detail).where(AccessLogEntry.participant_id == participant.id,
                                                AccessLogEntry.action == "view")))


@pytest.mark.parametrize(("path", "data", "detail"), [
    ("handover", {"handledare": ""}, "handover"),  # the form refuses it
    ("handover", {"handledare": "nobody"}, "handover"),  # the service does
    ("exit", {"exit_date": "", "reason": "studier"}, "exit"),
    ("exit", {"exit_date": "2027-02-01", "reason": "studier"}, "exit"),  # before the start
])
def test_a_page_shown_again_with_errors_is_logged(app, client, clock, team, path, data, detail):
    insats, first, _ = team
    participant = _register(app, insats, first)
    clock.set(date(2027, 4, 12))
    login(client, first)
    response = client.post(f"/participants/{participant.public_id}/{path}", data=data)
    assert response.status_code == 422
    assert _views_logged(app, participant) == [detail]


def test_a_one_person_team_is_told_what_to_do_next(app, client, clock, make_insats,
                                                   make_certified_handledare, make_participant):
    insats = make_insats()
    alone = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=alone)
    login(client, alone)
    page = client.get(f"/participants/{participant.public_id}/handover").get_data(as_text=True)
    assert "Be administratören lägga till en kollega i teamet." in page
    assert 'name="handledare"' not in page


def _participant(app, code: str) -> Participant:
    with app.app_context():
        return db.session.scalar(select(Participant).where(Participant.code == code))


def test_follow_up_result_is_recorded_shown_and_replaced(app, client, leavers, make_insats,
                                                        make_participant):
    elsewhere = make_participant(make_insats(), code="ANNAN", exit_date=date(2027, 1, 5),
                                 exit_reason="halsa", start_date=date(2026, 9, 1))
    login(client, leavers)
    person = _participant(app, "UT-00")
    url = f"/participants/{person.public_id}/follow-up-result"
    assert "Skriv in vad ni fick veta" in client.get(url).get_data(as_text=True)
    bad_inputs = [
        {"followed_up_on": "2026-12-31", "reached": "ja", "outcome": "arbete"},  # before exit
        {"followed_up_on": "2027-07-16", "reached": "ja", "outcome": "arbete"},  # future
        {"followed_up_on": "not a date", "reached": "ja", "outcome": "arbete"},
        {"followed_up_on": "2027-07-10", "reached": "kanske", "outcome": "arbete"},
        {"followed_up_on": "2027-07-10", "reached": "ja", "outcome": ""},
        {"followed_up_on": "2027-07-10", "reached": "ja", "outcome": "<script>"},
    ]
    for data in bad_inputs:
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert "Det finns ett problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(FollowUpResult.id))) == 0

    saved = client.post(url, data={"followed_up_on": "2027-07-10", "reached": "ja",
                                   "outcome": "studier"}, follow_redirects=True)
    assert "Uppföljningen är sparad för UT-00" in saved.get_data(as_text=True)
    # Not reached: an outcome sent along is not kept.
    client.post(url, data={"followed_up_on": "2027-07-12", "reached": "nej",
                           "outcome": "arbete"})
    with app.app_context():
        result = db.session.scalar(select(FollowUpResult))
        assert (result.followed_up_on, result.reached, result.outcome) == \
            (date(2027, 7, 12), False, None)
        assert db.session.scalar(select(func.count(FollowUpResult.id))) == 1
    page = client.get("/participants/follow-up?month=2027-01&size=40&seed=1").get_data(
        as_text=True)
    assert "Ingen kontakt, 12 juli 2027" in page
    # Another team's participant, and one still enrolled.
    assert client.post(f"/participants/{elsewhere.public_id}/follow-up-result",
                       data={"followed_up_on": "2027-07-10", "reached": "nej"}
                       ).status_code == 404
    staying = _participant(app, "KVAR")
    refused = client.post(f"/participants/{staying.public_id}/follow-up-result",
                          data={"followed_up_on": "2027-07-10", "reached": "nej"})
    assert refused.status_code == 422
    assert "har inte avslutat insatsen" in refused.get_data(as_text=True)
