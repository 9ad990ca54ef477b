"""Many participants send their ratings at the same moment, each tapping "Skicka" twice:
every rating is stored exactly once and nobody gets an error (issue 8, point 12), on SQLite
and on PostgreSQL."""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from smail_app.assessments.models import Rating
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import participant_user

PEOPLE = 6


def _fill_rating(client) -> str:
    """Answer every step; returns the submit URL."""
    step_url = client.post("/me/rating").headers["Location"]
    while not step_url.endswith("/check"):
        page = client.get(step_url).get_data(as_text=True)
        answers = {name: "3" for name in set(re.findall(r'name="(s\d+)"', page))}
        response = client.post(step_url, data=answers)
        assert response.status_code == 302, response.status_code
        step_url = response.headers["Location"]
    return step_url.replace("/check", "/submit")


def test_ratings_sent_at_once_are_each_stored_once(app, clock, make_insats, make_participant):
    insats = make_insats()
    people = [make_participant(insats, with_account=True) for _ in range(PEOPLE)]
    clients, submit_urls = [], []
    for person in people:
        client = app.test_client()
        login(client, participant_user(app, person))
        clients.append(client)
        submit_urls.append(_fill_rating(client))

    start = threading.Barrier(PEOPLE * 2)
    statuses: list[int] = []
    failures: list[BaseException] = []

    def send(client, url: str) -> None:
        try:
            start.wait(timeout=30)
            statuses.append(client.post(url).status_code)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=send, args=(client, url))
               for client, url in zip(clients, submit_urls, strict=True) for _tap in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(statuses) == [303] * (PEOPLE * 2)
    with app.app_context():
        per_person = dict(db.session.execute(
            select(Rating.participant_id, func.count(Rating.id))
            .where(Rating.submitted_dt.is_not(None)).group_by(Rating.participant_id)).all())
    assert per_person == {person.id: 1 for person in people}
