"""Rating together on the handledare's device (locked to that rating until the handledare
signs in again) and the handledare's parallel rating with their belief in the person."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from smail_app.assessments import services as assessment_services
from smail_app.assessments.models import RaterKind, Rating, RatingMode
from smail_app.assessments.progression import ComparisonRow, Progression, RatingPoint, compare
from smail_app.audit.models import AccessLogEntry
from smail_app.auth.models import Role
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.organisations.models import TeamMembership
from tests.conftest import login
from tests.factories import PASSWORD, add_rating, participant_user


def _statement_names(page: str) -> list[str]:
    return sorted(set(re.findall(r'name="(s\d+)"', page)))


def _answer_steps(client, url: str, value: str = "4", values: dict[int, str] | None = None) -> str:
    """Answer the seven indicator steps from ``url``; returns where step 7 leads."""
    for step in range(1, 8):
        assert url.endswith(f"/step/{step}"), url
        page = client.get(url)
        assert page.status_code == 200
        answer = (values or {}).get(step, value)
        response = client.post(url, data={n: answer for n in _statement_names(
            page.get_data(as_text=True))})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        url = response.headers["Location"]
    return url


@pytest.fixture
def team(make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, code="TILL-1", handledare=handledare)
    return insats, handledare, participant


@pytest.fixture
def team_with_account(make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    return handledare, make_participant(insats, with_account=True, handledare=handledare)


# --- Rate together -------------------------------------------------------------------------


def test_rate_together_locks_the_device_until_the_handledare_signs_in_again(
        app, client, clock, team):
    _, handledare, participant = team
    login(client, handledare)
    response = client.post(f"/participants/{participant.public_id}/together")
    assert response.status_code == 302
    step_url = response.headers["Location"]
    assert re.search(rf"/participants/{participant.public_id}/together/[^/]+/step/1$", step_url)

    # Locked: the caseload, the participant page, other pages and signing out lead back.
    for path in ("/participants/", f"/participants/{participant.public_id}", "/account",
                 "/participants/new", "/"):
        locked = client.get(path)
        assert locked.status_code == 303 and locked.headers["Location"].endswith("/step/1"), path
    assert client.post("/logout").headers["Location"].endswith("/step/1")
    page = client.get(step_url).get_data(as_text=True)
    assert "Ni skattar tillsammans" in page and "Mina deltagare" not in page
    assert "Hur väl stämmer det här för dig just nu?" in page

    check_url = _answer_steps(client, step_url)
    assert check_url.endswith("/check")
    assert client.get("/participants/").headers["Location"].endswith("/check")
    assert "Kontrollera dina svar" in client.get(check_url).get_data(as_text=True)
    done = client.post(check_url.replace("/check", "/submit"))
    assert done.status_code == 303
    done_url = done.headers["Location"]
    assert "Lämna tillbaka till handledaren" in client.get(done_url).get_data(as_text=True)

    # Still locked after submitting: the device shows the confirmation.
    assert client.get("/participants/").headers["Location"] == done_url
    # A wrong password keeps it locked; the handledare's own password unlocks it.
    wrong = client.post("/together/unlock", data={"password": "not it"})
    assert wrong.status_code == 422 and "Lösenordet stämmer inte" in wrong.get_data(as_text=True)
    assert client.get("/participants/").status_code == 303
    unlocked = client.post("/together/unlock", data={"password": PASSWORD})
    assert unlocked.headers["Location"].endswith(f"/participants/{participant.public_id}")
    assert client.get("/participants/").status_code == 200
    # The rating pages only exist on a locked device.
    assert client.get(done_url).status_code == 404

    with app.app_context():
        rating = db.session.scalar(select(Rating))
        assert rating.is_submitted and rating.mode == RatingMode.TOGETHER
        assert rating.rater_kind == RaterKind.PARTICIPANT
        assert rating.recorded_by_id == handledare.id and rating.occasion == 0
        actions = db.session.scalars(select(AccessLogEntry.detail).where(
            AccessLogEntry.actor_id == handledare.id)).all()
        assert "together: started" in actions and "together: submitted" in actions


def test_a_draft_begun_alone_is_finished_together(app, client, clock, team_with_account):
    handledare, participant = team_with_account
    own = participant_user(app, participant)
    with app.test_client() as phone:
        login(phone, own)
        first_step = phone.post("/me/rating").headers["Location"]
        page = phone.get(first_step).get_data(as_text=True)
        phone.post(first_step, data={n: "2" for n in _statement_names(page)})
    login(client, handledare)
    response = client.post(f"/participants/{participant.public_id}/together")
    assert response.headers["Location"].endswith("/step/2")  # picks up where they stopped
    with app.app_context():
        ratings = db.session.scalars(select(Rating)).all()
        assert len(ratings) == 1 and ratings[0].mode == RatingMode.TOGETHER


def test_rate_together_works_for_a_participant_with_an_account(app, client, clock,
                                                               team_with_account):
    handledare, participant = team_with_account
    login(client, handledare)
    url = client.post(f"/participants/{participant.public_id}/together").headers["Location"]
    check = _answer_steps(client, url)
    assert client.post(check.replace("/check", "/submit")).status_code == 303
    # The participant sees it as their own rating.
    with app.test_client() as phone:
        login(phone, participant_user(app, participant))
        assert "Din senaste skattning" in phone.get("/me").get_data(as_text=True)


def test_only_a_certified_handledare_records_a_rating_for_someone_else(
        app, client, clock, make_insats, make_staff, make_participant):
    insats = make_insats()
    uncertified = make_staff(Role.HANDLEDARE)
    with app.app_context():
        db.session.add(TeamMembership(insats_id=insats.id, user_id=uncertified.id,
                                      added_dt=datetime.now(UTC)))
        db.session.commit()
    participant = make_participant(insats)
    login(client, uncertified)
    for kind in ("together", "parallel"):
        response = client.post(f"/participants/{participant.public_id}/{kind}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/participants/{participant.public_id}")
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert 'class="notice notice--error"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Rating.id))) == 0


def test_rating_together_is_refused_after_exit(app, client, clock, make_insats,
                                               make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, exit_date=date(2027, 3, 1), exit_reason="studier")
    login(client, handledare)
    response = client.post(f"/participants/{participant.public_id}/together")
    assert response.headers["Location"].endswith(participant.public_id)
    assert client.get("/participants/").status_code == 200  # not locked
    with app.app_context():
        assert db.session.scalar(select(func.count(Rating.id))) == 0


# --- The parallel rating -------------------------------------------------------------------


def test_parallel_rating_with_belief_and_talking_points(app, client, clock, team):
    _, handledare, participant = team
    add_rating(app, participant, date(2027, 3, 1), {1: 4, 2: 4, 3: 1, 4: 4, 5: 4, 6: 4, 7: 4})
    login(client, handledare)
    url = client.post(f"/participants/{participant.public_id}/parallel").headers["Location"]
    assert "/parallel/" in url
    page = client.get(url).get_data(as_text=True)
    assert "som du ser det" in page and "1 av 8" in page
    belief_url = _answer_steps(client, url, "3")
    assert belief_url.endswith("/belief")
    # Bad answers: a Swedish message, 422, nothing stored.
    for bad in ("", "0", "6", "abc", "2.5"):
        response = client.post(belief_url, data={"belief": bad})
        assert response.status_code == 422, bad
        assert "Välj" in response.get_data(as_text=True)
    check_url = belief_url.replace("/belief", "/check")
    check = client.get(check_url).get_data(as_text=True)
    assert "Svara på frågan om din tro" in check and "Skicka in" not in check
    assert client.post(belief_url, data={"belief": "2"}).headers["Location"] == check_url
    check = client.get(check_url).get_data(as_text=True)
    assert "2 – Ganska liten" in check
    done = client.post(check_url.replace("/check", "/submit"))
    detail = client.get(done.headers["Location"])
    assert detail.headers["Location"].endswith(f"/participants/{participant.public_id}#jamforelse")
    page = client.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    assert page.count('class="talking-point"') == 1  # indicator 3: 1 against 3
    assert "2 av 5" in page
    with app.app_context():
        rating = db.session.scalar(select(Rating).where(
            Rating.rater_kind == RaterKind.HANDLEDARE))
        assert rating.belief == 2 and rating.is_submitted and rating.occasion == 0
        assert rating.recorded_by_id == handledare.id


def test_parallel_rating_cannot_be_submitted_without_belief(app, client, clock, team):
    _, handledare, participant = team
    login(client, handledare)
    url = client.post(f"/participants/{participant.public_id}/parallel").headers["Location"]
    belief_url = _answer_steps(client, url)
    response = client.post(belief_url.replace("/belief", "/submit"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/check")
    with app.app_context():
        assert db.session.scalar(select(Rating)).submitted_dt is None


def test_belief_only_on_handledare_ratings(app, clock, team):
    _, _, participant = team
    with app.app_context():
        rating = assessment_services.start_or_resume(
            db.session.get(type(participant), participant.id))
        with pytest.raises(Refused):
            assessment_services.set_belief(rating, 3)


def _point(scores: dict[int, float], occasion: int | None, day: date) -> RatingPoint:
    return RatingPoint("x", day, occasion, RaterKind.PARTICIPANT, RatingMode.ALONE, 1, scores)


def test_talking_point_is_a_gap_of_two_or_more():
    assert ComparisonRow(1, 4.0, 2.0).is_talking_point
    assert ComparisonRow(1, 1.0, 3.0).is_talking_point
    assert not ComparisonRow(1, 4.0, 2.5).is_talking_point
    assert not ComparisonRow(1, None, 2.0).is_talking_point


def test_comparison_pairs_the_same_occasion():
    own = Progression([_point({1: 2.0}, 0, date(2027, 3, 1)),
                       _point({1: 4.0}, 1, date(2027, 6, 1))])
    theirs = Progression([_point({1: 2.0}, 0, date(2027, 3, 2))])
    comparison = compare(own, theirs)
    assert comparison.participant_point.occasion == 0
    assert not comparison.talking_points
    outside = Progression([_point({1: 5.0}, None, date(2027, 7, 20))])
    comparison = compare(own, outside)
    assert comparison.participant_point.rated_on == date(2027, 6, 1)
    assert [row.indicator for row in comparison.talking_points] == []
    assert compare(own, Progression([])) is None


def test_an_answer_saved_a_moment_earlier_by_the_autosave_is_updated(app, clock, team):
    """A click autosaves and the button posts the same answer at once: never a 500."""
    from sqlalchemy import insert

    from smail_app.assessments.models import Answer
    from smail_app.participants.models import Participant

    _, _, participant = team
    with app.app_context():
        rating = assessment_services.start_or_resume(db.session.get(Participant, participant.id))
        db.session.commit()
        statement = rating.version.statements_for(1)[0]
        assert rating.answers == []  # loaded before the other request writes
        with db.engine.begin() as other_request:
            other_request.execute(insert(Answer).values(
                rating_id=rating.id, statement_id=statement.id, value=2,
                answered_dt=clock.now()))
        assessment_services.save_answers(rating, {statement.id: 5})
        db.session.commit()
        assert [(a.statement_id, a.value) for a in rating.answers] == [(statement.id, 5)]


def test_starting_and_unlocking_need_the_csrf_token(app, client, clock, team):
    from tests.conftest import csrf_from

    _, handledare, participant = team
    login(client, handledare)
    app.config["WTF_CSRF_ENABLED"] = True
    start = f"/participants/{participant.public_id}/together"
    assert client.post(start).status_code == 400
    assert client.get("/participants/").status_code == 200  # nothing locked
    page = client.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    token = csrf_from(page)
    response = client.post(start, data={"together-csrf_token": token})
    assert response.status_code == 302 and "/together/" in response.headers["Location"]
    assert client.post("/together/unlock", data={"password": PASSWORD}).status_code == 400
    unlock_page = client.get("/together/unlock").get_data(as_text=True)
    unlocked = client.post("/together/unlock", data={"password": PASSWORD,
                                                     "csrf_token": csrf_from(unlock_page)})
    assert unlocked.status_code == 302
    assert client.get("/participants/").status_code == 200
