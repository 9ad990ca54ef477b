"""`flask demo`: the county structure with fictional people, one line per demo account."""

from __future__ import annotations

from sqlalchemy import func, select

from smail_app.assessments.models import Rating
from smail_app.certification.evaluations import evaluation_summary
from smail_app.certification.models import CourseKind
from smail_app.extensions import db
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants.models import Participant
from smail_app.plans.models import ActionPlan


def test_demo_loads_and_prints_accounts(app, runner, clock):
    result = runner.invoke(args=["demo", "--password", "demo-losenord-2027"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.strip().splitlines()]
    roles = {line[0] for line in lines}
    assert {"admin", "handledare", "deltagare"} <= roles
    admin = next(line for line in lines if line[0] == "admin")
    assert len(admin) == 3 and len(admin[2]) >= 16  # the admin's TOTP secret
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 11
        assert db.session.scalar(select(func.count(Insats.id))) == 8
        # the enrolments added for the reports (codes with -R, ANON-, -FEL) have no ratings
        participants = db.session.scalar(select(func.count(Participant.id)).where(
            Participant.code.not_like("%-R%"), Participant.code.not_like("ANON-%"),
            Participant.code.not_like("%-FEL")))
        assert 55 <= participants <= 70
        assert db.session.scalar(select(func.count(Rating.id))) > participants * 3
        plans = db.session.scalar(select(func.count(ActionPlan.id)))
        assert participants // 2 < plans < participants  # most, not all, have a plan
        # the användare evaluation was answered while open and has closed: results show
        answered = evaluation_summary(kinds=[CourseKind.ANVANDARE.value])
        assert answered.respondents == 6 and answered.can_use.percent is not None
        # every report table has numbers: the handledare's belief (4d) and the outcomes by
        # the level at the start (4e, 4f) too
        assert db.session.scalar(select(func.count(Rating.id)).where(
            Rating.belief.is_not(None))) > participants
        rated_exits = db.session.scalar(select(func.count(func.distinct(Rating.participant_id)))
                                        .join(Participant).where(
            Participant.exit_date.is_not(None), Rating.rated_on < Participant.exit_date))
        assert rated_exits > 20


def test_demo_accounts_can_sign_in(app, client, runner, clock):
    result = runner.invoke(args=["demo", "--password", "demo-losenord-2027"])
    login = next(line.split("\t")[1] for line in result.output.splitlines()
                 if line.startswith("deltagare"))
    response = client.post("/login", data={"login": login, "password": "demo-losenord-2027"})
    assert response.status_code == 302
    assert "Min skattning" in client.get("/me").get_data(as_text=True)


def test_demo_twice_is_refused_cleanly(app, runner, clock):
    runner.invoke(args=["demo", "--password", "demo-losenord-2027"])
    again = runner.invoke(args=["demo", "--password", "demo-losenord-2027"])
    assert again.exit_code != 0 and "already loaded" in again.output


def test_demo_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["demo", "--password", "kort"])
    assert result.exit_code != 0
