"""The SUS-aligned registration (education, time in public support, income sources at the
start and after the exit), felregistrering and anonymous participants."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants import registration, services
from smail_app.participants.models import ExitReason, Participant, ParticipantIncome
from smail_app.participants.registration_enums import (
    Education,
    IncomePhase,
    IncomeSource,
    SupportTime,
)
from tests.conftest import login


@pytest.fixture
def team(make_insats, make_certified_handledare):
    insats = make_insats()
    return insats, make_certified_handledare(insats)


def _register(app, insats, handledare, code="REG-1") -> str:
    with app.app_context():
        participant = services.register_participant(services.NewParticipant(
            insats=db.session.get(Insats, insats.id), code=code, alias="", birth_year=1990,
            gender="kvinna", kommun=None, start_date=date(2027, 3, 1)),
            db.session.get(User, handledare.id))
        db.session.commit()
        return participant.public_id


def _participant(public_id: str) -> Participant:
    return db.session.scalar(select(Participant).where(Participant.public_id == public_id))


def test_every_choice_list_offers_wont_say():
    for enum_class in (Education, SupportTime, IncomeSource):
        assert "Vill ej uppge / okänd" in [str(member.label) for member in enum_class]
    assert ExitReason.MISREGISTERED.value == "felregistrering"
    assert not ExitReason.MISREGISTERED.is_work


def test_record_and_replace_registration(app, clock, team):
    insats, handledare = team
    public_id = _register(app, insats, handledare)
    with app.app_context():
        person, by = _participant(public_id), db.session.get(User, handledare.id)
        registration.record_registration(person, registration.RegistrationDetails(
            education="gymnasium", support_time="upp_till_3",
            income_start=["forsorjningsstod", "sjukpenning"]), by)
        db.session.commit()
        assert person.education is Education.UPPER_SECONDARY
        assert person.support_time is SupportTime.UP_TO_3
        assert registration.income_sources(person)[IncomePhase.START] == [
            IncomeSource.SOCIAL_ASSISTANCE, IncomeSource.SICKNESS_BENEFIT]
        # Recording again replaces: nothing left over from the first time.
        registration.record_registration(person, registration.RegistrationDetails(
            income_start=["okand"]), by)
        db.session.commit()
        assert person.education is None
        assert registration.income_sources(person)[IncomePhase.START] == [IncomeSource.UNKNOWN]


@pytest.mark.parametrize(("details", "field"), [
    ({"education": "doktor"}, "education"),
    ({"support_time": "100_ar"}, "support_time"),
    ({"income_start": ["lotto"]}, "income_start"),
    ({"income_start": ["ingen", "lon"]}, "income_start"),
    ({"income_start": ["okand", "lon"]}, "income_start"),
    ({"income_exit": ["lon"]}, "income_exit"),  # still active
])
def test_registration_refusals_write_nothing(app, team, details, field):
    insats, handledare = team
    public_id = _register(app, insats, handledare)
    with app.app_context():
        person = _participant(public_id)
        with pytest.raises(Refused) as refused:
            registration.record_registration(person, registration.RegistrationDetails(
                **details), db.session.get(User, handledare.id))
        assert refused.value.field == field
        db.session.rollback()
        assert db.session.scalars(select(ParticipantIncome)).all() == []


def test_income_after_exit_and_felregistrering(app, clock, team):
    insats, handledare = team
    public_id = _register(app, insats, handledare)
    clock.set(date(2027, 6, 1))
    with app.app_context():
        person, by = _participant(public_id), db.session.get(User, handledare.id)
        services.record_exit(person, services.ExitDetails(date(2027, 5, 31), "felregistrering"),
                             by)
        registration.record_registration(person, registration.RegistrationDetails(
            income_exit=["lon"]), by)
        db.session.commit()
        assert person.exit_reason is ExitReason.MISREGISTERED
        assert person.exit_work_percent is None
        assert registration.income_sources(person)[IncomePhase.EXIT] == [IncomeSource.SALARY]


def test_registration_page(app, client, clock, team, make_insats, make_certified_handledare):
    insats, handledare = team
    public_id = _register(app, insats, handledare)
    login(client, handledare)
    page = client.get(f"/participants/{public_id}/registration").get_data(as_text=True)
    assert "Högsta avslutade utbildning" in page and "Vill ej uppge / okänd" in page
    detail = client.get(f"/participants/{public_id}").get_data(as_text=True)
    assert f"/participants/{public_id}/registration" in detail
    response = client.post(f"/participants/{public_id}/registration", data={
        "education": "hogskola_over_3", "support_time": "ej_aktuellt",
        "income_start": ["lon", "studiemedel"]})
    assert response.status_code == 302
    bad = client.post(f"/participants/{public_id}/registration", data={
        "education": "<script>", "income_start": ["lon"]})
    assert bad.status_code == 422 and "Välj ett av alternativen." in bad.get_data(as_text=True)
    with app.app_context():
        person = _participant(public_id)
        assert person.education is Education.HIGHER_OVER_3  # the bad post changed nothing
        assert registration.income_sources(person)[IncomePhase.START] == [
            IncomeSource.SALARY, IncomeSource.STUDENT_AID]
    # Another team's handledare gets a 404.
    stranger = make_certified_handledare(make_insats())
    client.post("/logout")
    login(client, stranger)
    assert client.get(f"/participants/{public_id}/registration").status_code == 404
    assert client.post(f"/participants/{public_id}/registration",
                       data={"education": "gymnasium"}).status_code == 404


def test_anonymous_participant(app, client, clock, team, make_insats):
    insats, handledare = team
    other = make_insats()
    login(client, handledare)
    assert "Registrera anonym deltagare" in client.get(
        "/participants/new-anonymous").get_data(as_text=True)
    response = client.post("/participants/new-anonymous", data={
        "insats": insats.public_id, "gender": "man", "birth_year": "1988",
        "start_date": "2027-03-01"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.is_anonymous))
        assert person.code.startswith("ANON-") and person.alias == ""
        assert (person.gender, person.birth_year, person.user_id) == ("man", 1988, None)
        with pytest.raises(Refused):
            services.issue_participant_invite(person, db.session.get(User, handledare.id))
        public_id = person.public_id
    detail = client.get(f"/participants/{public_id}").get_data(as_text=True)
    assert "Anonym deltagare" in detail and "Skapa ny inbjudan" not in detail
    # Someone else's insats, a forged gender, a missing date: refused, nothing written.
    for data in ({"insats": other.public_id, "gender": "man", "start_date": "2027-03-01"},
                 {"insats": insats.public_id, "gender": "robot", "start_date": "2027-03-01"},
                 {"insats": insats.public_id, "gender": "man", "start_date": ""}):
        assert client.post("/participants/new-anonymous", data=data).status_code == 422
    with app.app_context():
        assert len(db.session.scalars(select(Participant)).all()) == 1
