"""The action plan: activities on indicators, several at once, reviewed every 13 weeks;
notes per rating occasion; the participant sees their plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from smail_app.audit.models import AccessLogEntry
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.participants.models import Participant
from smail_app.plans import services
from smail_app.plans.models import OccasionNote, PlanActivity
from smail_app.workspace import caseload as caseload_rules
from tests.conftest import login
from tests.factories import add_activity, add_rating, participant_user


@pytest.fixture
def team(make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, code="PLAN-1", with_account=True,
                                   handledare=handledare)
    return handledare, participant


def _details(**kw) -> services.ActivityDetails:
    values = {"title": "Praktik i butik", "indicators": [7], "responsible": "deltagare",
              "due_date": date(2027, 5, 1), "status": "planerad"} | kw
    return services.ActivityDetails(**values)


@pytest.mark.parametrize(("change", "field"), [
    ({"title": "  "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"indicators": []}, "indicators"),
    ({"indicators": [0, 8]}, "indicators"),
    ({"responsible": "chefen"}, "responsible"),
    ({"responsible": "partner", "partner_name": " "}, "partner_name"),
    ({"status": "kanske"}, "status"),
    ({"due_date": date(2027, 2, 1)}, "due_date"),
])
def test_activity_rules(app, clock, team, change, field):
    handledare, participant = team
    with app.app_context():
        with pytest.raises(Refused) as problem:
            services.add_activity(db.session.get(Participant, participant.id),
                                  _details(**change), db.session.get(User, handledare.id))
        assert problem.value.field == field
        assert str(problem.value)  # a message for the user


def test_activities_run_in_parallel_and_can_change(app, clock, team):
    handledare, participant = team
    with app.app_context():
        person = db.session.get(Participant, participant.id)
        by = db.session.get(User, handledare.id)
        first = services.add_activity(person, _details(indicators=[1, 3, 3]), by)
        services.add_activity(person, _details(
            title="Samtal med Arbetsförmedlingen", indicators=[2], responsible="partner",
            partner_name="Arbetsförmedlingen", status="pagar"), by)
        db.session.commit()
        plan = services.plan_for(person)
        assert plan.created_on == date(2027, 3, 1)
        assert [a.title for a in plan.activities if a.is_open] == [
            "Praktik i butik", "Samtal med Arbetsförmedlingen"]
        assert first.indicators == [1, 3]
        services.update_activity(first, person, _details(indicators=[5, 1], status="klar",
                                                         partner_name="ignored"), by)
        db.session.commit()
        db.session.refresh(first)
        assert first.indicators == [1, 5] and first.status == "klar"
        assert first.partner_name == ""  # only a partner activity names a partner


def test_plan_older_than_13_weeks_without_review_is_flagged(app, clock, team):
    handledare, participant = team
    add_rating(app, participant, date(2027, 3, 1))
    add_activity(app, participant, handledare)

    def flagged() -> bool:
        with app.app_context():
            rows = caseload_rules.caseload_page(db.session.get(User, handledare.id)).rows
            return rows[0].plan_needs_review

    clock.set(date(2027, 3, 1) + timedelta(weeks=13) - timedelta(days=1))
    assert not flagged()
    clock.set(date(2027, 3, 1) + timedelta(weeks=13))
    assert flagged()
    with app.app_context():
        services.mark_reviewed(db.session.get(Participant, participant.id),
                               db.session.get(User, handledare.id))
        db.session.commit()
    assert not flagged()
    clock.advance(weeks=13)
    assert flagged()


def test_add_activity_page_and_the_participant_sees_it(app, client, clock, team):
    handledare, participant = team
    add_rating(app, participant, date(2027, 3, 1), {1: 2, 2: 4, 3: 4, 4: 1.5, 5: 4, 6: 4, 7: 3})
    login(client, handledare)
    page = client.get(f"/participants/{participant.public_id}/plan").get_data(as_text=True)
    assert page.count("lägst") == 2  # the two lowest indicators are pointed out
    url = f"/participants/{participant.public_id}/plan/activities"
    response = client.post(url, data={
        "new-title": "Träna på intervju", "new-indicators": ["1", "4"],
        "new-responsible": "handledare", "new-due_date": "2027-04-01",
        "new-status": "pagar"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Träna på intervju" in page and "Pågår" in page
    client.post("/logout")
    with app.test_client() as phone:
        login(phone, participant_user(app, participant))
        home = phone.get("/me").get_data(as_text=True)
        assert "Min plan" in home and "Träna på intervju" in home
        assert "Din handledare" in home and "Samarbetsförmåga" in home


def test_an_open_activity_past_its_date_is_flagged_to_both(app, client, clock, team):
    handledare, participant = team
    clock.set(date(2027, 5, 10))
    add_activity(app, participant, handledare, title="Söka praktik", due_date=date(2027, 5, 9))
    add_activity(app, participant, handledare, title="Boka möte", due_date=date(2027, 5, 10))
    add_activity(app, participant, handledare, title="Klar sak", due_date=date(2027, 5, 1),
                 status="klar")
    login(client, handledare)
    for path in (f"/participants/{participant.public_id}/plan",
                 f"/participants/{participant.public_id}"):
        page = client.get(path).get_data(as_text=True)
        # Due today is not late yet; a finished activity is never late.
        assert "Försenad" in _activity_item(page, "Söka praktik"), path
        assert "Försenad" not in _activity_item(page, "Boka möte"), path
    client.post("/logout")
    login(client, participant_user(app, participant))
    home = client.get("/me").get_data(as_text=True)
    assert "Försenad" in _activity_item(home, "Söka praktik")
    assert "Försenad" not in _activity_item(home, "Boka möte")


def _activity_item(page: str, title: str) -> str:
    """The list item that shows the activity with this title."""
    return page.split(title, 1)[1].split("</li>", 1)[0]


@pytest.mark.parametrize("bad", [
    {"new-title": ""},
    {"new-title": "x" * 300},
    {"new-indicators": ["abc"]},
    {"new-indicators": ["9"]},
    {"new-indicators": []},
    {"new-responsible": "boss"},
    {"new-responsible": "partner", "new-partner_name": ""},
    {"new-due_date": "not a date"},
    {"new-due_date": "2026-01-01"},
    {"new-status": "maybe"},
])
def test_bad_activity_input_is_refused_in_swedish(app, client, clock, team, bad):
    handledare, participant = team
    login(client, handledare)
    data = {"new-title": "Praktik", "new-indicators": ["1"], "new-responsible": "deltagare",
            "new-due_date": "2027-04-01", "new-status": "planerad"} | bad
    response = client.post(f"/participants/{participant.public_id}/plan/activities", data=data)
    assert response.status_code == 422
    assert "Det finns ett problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PlanActivity.id))) == 0


def test_edit_activity_and_404_for_another_participants_activity(app, client, clock, team,
                                                                 make_participant):
    handledare, participant = team
    activity_id = add_activity(app, participant, handledare, title="Gammal titel")
    login(client, handledare)
    url = f"/participants/{participant.public_id}/plan/activities/{activity_id}"
    assert "Gammal titel" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Ny titel", "indicators": ["2"],
                                      "responsible": "deltagare", "due_date": "2027-05-01",
                                      "status": "avbruten"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(PlanActivity.title)) == "Ny titel"
    with app.app_context():
        other = db.session.get(Participant, participant.id)
        neighbour = make_participant(other.insats)
    assert client.get(f"/participants/{neighbour.public_id}/plan/activities/{activity_id}"
                      ).status_code == 404


def test_notes_per_rating_occasion(app, client, clock, team):
    handledare, participant = team
    clock.set(date(2027, 6, 10))  # occasion 1 is open
    login(client, handledare)
    url = f"/participants/{participant.public_id}/plan/notes"
    assert client.post(url, data={"note-occasion": "1", "note-body": "Vill prova lager."}
                       ).status_code == 302
    assert client.post(url, data={"note-occasion": "0", "note-body": "Första mötet."}
                       ).status_code == 302
    for bad in ({"note-occasion": "7", "note-body": "x"}, {"note-occasion": "x", "note-body": "x"},
                {"note-occasion": "0", "note-body": "  "}):
        assert client.post(url, data=bad).status_code == 422, bad
    page = client.get(f"/participants/{participant.public_id}/plan").get_data(as_text=True)
    assert page.index("Vill prova lager.") < page.index("Första mötet.")  # latest first
    assert "Skattning 2 (31 maj 2027)" in page and "2027-05-31" not in page  # written out
    with app.app_context():
        assert db.session.scalar(select(func.count(OccasionNote.id))) == 2


def test_personnummer_in_free_text_is_saved_with_a_warning(app, client, clock, team):
    handledare, participant = team
    clock.set(date(2027, 6, 10))
    login(client, handledare)
    url = f"/participants/{participant.public_id}/plan/notes"
    warned = client.post(url, data={"note-occasion": "0", "note-body": "Pnr 811218-9876"},
                         follow_redirects=True).get_data(as_text=True)
    assert "verkar innehålla ett personnummer" in warned
    plain = client.post(url, data={"note-occasion": "0", "note-body": "Ring 070-123 45 67"},
                        follow_redirects=True).get_data(as_text=True)
    assert "personnummer" not in plain
    with app.app_context():
        assert db.session.scalar(select(func.count(OccasionNote.id))) == 2


def test_lowest_indicators():
    assert services.lowest_indicators({1: 3, 2: 1.5, 3: 2, 4: 1.5}) == [2, 4]
    # Ties at the cut are tagged alike: both 2.5s, not one of them.
    assert services.lowest_indicators({1: 2, 2: 2.5, 3: 4, 4: 2.5, 5: 3}) == [1, 2, 4]
    assert services.lowest_indicators({1: 2.5, 2: 2.5, 3: 2.5, 4: 4}) == [1, 2, 3]
    assert services.lowest_indicators({}) == []
    assert services.lowest_indicators(dict.fromkeys(range(1, 8), 3.0)) == []
    assert services.lowest_indicators({1: 2, 2: 4, 3: 4}) == [1]


def _views_logged(app, participant) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(AccessLogEntry.detail).where(AccessLogEntry.participant_id == participant.id,
                                                AccessLogEntry.action == "view")))


@pytest.mark.parametrize(("path", "data"), [
    ("plan/activities", {"new-title": ""}),  # the form refuses it
    ("plan/activities", {"new-title": "Praktik", "new-indicators": ["1"],  # the service does
                         "new-responsible": "partner", "new-partner_name": " ",
                         "new-due_date": "2027-04-01", "new-status": "planerad"}),
    ("plan/notes", {"note-occasion": "0", "note-body": ""}),
    ("plan/notes", {"note-occasion": "5", "note-body": "Hej"}),  # the service refuses it
])
def test_a_plan_page_shown_again_with_errors_is_logged(app, client, clock, team, path, data):
    handledare, participant = team
    add_rating(app, participant, date(2027, 3, 1), 3)
    login(client, handledare)
    response = client.post(f"/participants/{participant.public_id}/{path}", data=data)
    assert response.status_code == 422
    assert "3,0" in response.get_data(as_text=True)  # the scores, in Swedish number format
    assert _views_logged(app, participant) == ["plan"]


def test_an_activity_page_shown_again_with_errors_is_logged(app, client, clock, team):
    handledare, participant = team
    activity_id = add_activity(app, participant, handledare, title="Praktik")
    login(client, handledare)
    response = client.post(f"/participants/{participant.public_id}/plan/activities/"
                           f"{activity_id}", data={"title": ""})
    assert response.status_code == 422
    assert _views_logged(app, participant) == ["plan"]


# --- Two handledare saving the same activity ------------------------------------------------


def _edit_form(client, participant, activity_id) -> dict[str, str]:
    import re

    page = client.get(f"/participants/{participant.public_id}/plan/activities/{activity_id}")
    version = re.search(r'name="version" type="hidden" value="(\d+)"',
                        page.get_data(as_text=True))
    assert version, "the edit form carries the version it shows"
    return {"title": "Praktik", "indicators": ["1"], "responsible": "deltagare",
            "due_date": "2027-12-01", "status": "planerad", "version": version.group(1)}


def test_the_second_of_two_edits_is_told_not_saved_over(app, client, clock, team,
                                                         make_certified_handledare):
    handledare, participant = team
    with app.app_context():
        insats = db.session.get(Participant, participant.id).insats
    colleague = make_certified_handledare(insats, name="Kollega")
    activity_id = add_activity(app, participant, handledare, title="Praktik")
    url = f"/participants/{participant.public_id}/plan/activities/{activity_id}"
    login(client, handledare)
    mine = _edit_form(client, participant, activity_id)
    with app.test_client() as other:
        login(other, colleague)
        theirs = _edit_form(other, participant, activity_id)
        assert other.post(url, data=theirs | {"title": "Praktik i butik"}).status_code == 302
    response = client.post(url, data=mine | {"title": "Praktik på lager"})
    assert response.status_code == 422
    assert "Någon annan har sparat ändringar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(PlanActivity.title).where(
            PlanActivity.public_id == activity_id)) == "Praktik i butik"
    # having been told, saving again saves theirs over it
    again = _edit_form(client, participant, activity_id) | {"title": "Praktik på lager"}
    assert client.post(url, data=again).status_code == 302


def test_an_edit_landing_while_another_is_written_is_refused(app, clock, team):
    from sqlalchemy import update

    handledare, participant = team
    activity_id = add_activity(app, participant, handledare, title="Praktik")
    with app.app_context():
        activity = db.session.scalar(select(PlanActivity).where(
            PlanActivity.public_id == activity_id))
        loaded = activity.version
        with db.engine.begin() as other:  # another request saves it meanwhile
            other.execute(update(PlanActivity).where(PlanActivity.id == activity.id)
                          .values(title="Deras", version=loaded + 1))
        with pytest.raises(Refused) as problem:
            services.update_activity(activity, db.session.get(Participant, participant.id),
                                     _details(title="Min"), db.session.get(User, handledare.id),
                                     loaded)
        assert problem.value.field == "version"
        db.session.rollback()
        assert db.session.get(PlanActivity, activity.id).title == "Deras"
