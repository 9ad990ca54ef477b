"""Incomplete ratings (issue 10, point 3): a step needs one of its statements, but the check
page says how many are left and links to each, sending then asks once for confirmation, the
score is the mean of the answered statements, and the handledare's page says when a score
rests on fewer statements than the indicator has."""

from __future__ import annotations

from sqlalchemy import select

from smail_app.assessments.models import IndicatorScore, Rating
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import participant_user
from tests.test_rating_views import _start, _statement_ids


def _rate_leaving_one_out(client) -> str:
    """Answer every step, leaving the last of step 2's three statements unanswered (4 and 2
    given); the check URL."""
    url = _start(client)
    for step in range(1, 8):
        names = _statement_ids(client.get(url).get_data(as_text=True))
        answers = {name: "4" for name in names}
        if step == 2:
            assert len(names) == 3
            answers = {names[0]: "4", names[1]: "2"}
        response = client.post(url, data=answers)
        url = response.headers["Location"]
    return url


def test_the_check_page_counts_the_missing_and_sending_asks_once(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, with_account=True, handledare=handledare)
    login(client, participant_user(app, participant))
    check_url = _rate_leaving_one_out(client)
    check = client.get(check_url).get_data(as_text=True)
    assert "1 påstående saknar svar" in check
    assert check.count('href="' + check_url.replace("/check", "/step/2")) >= 2  # link + Ändra
    submit_url = check_url.replace("/check", "/submit")

    not_yet = client.post(submit_url)
    assert not_yet.headers["Location"].endswith("/check")
    assert "kryssa i att du vill skicka ändå" in client.get(check_url).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Rating.submitted_dt)) is None

    sent = client.post(submit_url, data={"incomplete_confirmed": "ja"})
    assert sent.headers["Location"].endswith("/done")
    with app.app_context():
        first = db.session.scalar(select(IndicatorScore).where(IndicatorScore.indicator == 2))
        assert first.score == 3.0  # the mean of the two answered (4 and 2), not of three
        assert (first.answered, first.statements) == (2, 3) and first.is_partial

    staff = app.test_client()
    login(staff, handledare)
    client_for_parallel = staff.post(f"/participants/{participant.public_id}/parallel")
    parallel_check = _answer_all(staff, client_for_parallel.headers["Location"])
    staff.post(parallel_check.replace("/check", "/submit"))
    page = staff.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    assert "bygger på 2 av 3 påståenden" in page


def _answer_all(client, url: str) -> str:
    while not url.endswith("/check"):
        page = client.get(url).get_data(as_text=True)
        names = _statement_ids(page)
        data = {name: "3" for name in names} if names else {"belief": "3"}
        url = client.post(url, data=data).headers["Location"]
    return url


def test_a_complete_rating_sends_without_asking(app, client, clock, make_participant):
    participant = make_participant(with_account=True)
    login(client, participant_user(app, participant))
    url = _start(client)
    for _step in range(7):
        names = _statement_ids(client.get(url).get_data(as_text=True))
        url = client.post(url, data={name: "4" for name in names}).headers["Location"]
    assert "saknar svar" not in client.get(url).get_data(as_text=True)
    assert client.post(url.replace("/check", "/submit")).headers["Location"].endswith("/done")
