"""The participant's rating through the web pages (no browser)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from smail_app.assessments.models import Answer, Rating
from smail_app.extensions import db
from tests.factories import PASSWORD, participant_user


def _statement_ids(page: str) -> list[str]:
    return sorted(set(re.findall(r'name="(s\d+)"', page)))


def _start(client) -> str:
    response = client.post("/me/rating")
    assert response.status_code == 302
    return response.headers["Location"]


def test_full_rating_journey(app, client, clock, make_participant, login_as):
    participant = make_participant(with_account=True)
    login_as(participant_user(app, participant))
    home = client.get("/me")
    assert "Det är dags att skatta" in home.get_data(as_text=True)
    step_url = _start(client)
    assert step_url.endswith("/step/1")
    for step in range(1, 8):
        page = client.get(step_url).get_data(as_text=True)
        assert f"{step} av 7" in page
        data = {name: "4" for name in _statement_ids(page)}
        response = client.post(step_url, data=data)
        assert response.status_code == 302
        step_url = response.headers["Location"]
    assert step_url.endswith("/check")
    check = client.get(step_url).get_data(as_text=True)
    assert "Kontrollera dina svar" in check
    submit_url = step_url.replace("/check", "/submit")
    first = client.post(submit_url)
    second = client.post(submit_url)  # double tap
    assert first.status_code == second.status_code == 303
    done = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Skattningen är skickad" in done
    assert "data-chart-config" in done
    with app.app_context():
        assert db.session.scalar(select(func.count(Rating.id))) == 1
        rating = db.session.scalar(select(Rating))
        assert rating.is_submitted and rating.occasion == 0
        assert {s.score for s in rating.scores} == {4.0}


def test_bad_scores_are_refused_and_nothing_written(app, client, clock, make_participant,
                                                    login_as):
    participant = make_participant(with_account=True)
    login_as(participant_user(app, participant))
    step_url = _start(client)
    page = client.get(step_url).get_data(as_text=True)
    name = _statement_ids(page)[0]
    for bad in ("0", "6", "abc", "", "4.5", "-1"):
        response = client.post(step_url, data={name: bad})
        assert response.status_code == 422, bad
        assert "Välj" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_a_step_is_saved_only_with_the_pages_csrf_token(app, clock, make_participant):
    """The step form has no token field of its own: the app-wide CSRF check refuses an
    autosave or a step sent without the page's token, or with another, and nothing is
    written; with the token from the page the answer is saved."""
    from tests.conftest import csrf_from

    app.config["WTF_CSRF_ENABLED"] = True
    participant = make_participant(with_account=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"login": participant_user(app, participant).username,
                                "password": PASSWORD, "csrf_token": csrf_from(page)})
    start = client.get("/me").get_data(as_text=True)
    started = client.post("/me/rating", data={"csrf_token": csrf_from(start)})
    step_url = started.headers["Location"]
    step = client.get(step_url).get_data(as_text=True)
    assert step.count('name="csrf_token"') == 4  # the step, two language switches, sign-out
    field = re.search(r'name="(s\d+)"', step).group(1)
    autosave = {"X-SMAIL-Autosave": "1", "Accept": "application/json"}
    for token in ({}, {"csrf_token": "forged"}):
        refused = client.post(step_url, data={field: "4", **token}, headers=autosave)
        assert refused.status_code == 400
        refused = client.post(step_url, data={field: "4", "direction": "next", **token})
        assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 0
    saved = client.post(step_url, data={field: "4", "csrf_token": csrf_from(step)},
                        headers=autosave)
    assert saved.status_code == 200 and saved.get_json() == {"saved": 1}
    with app.app_context():
        assert db.session.scalar(db.select(Answer.value)) == 4
