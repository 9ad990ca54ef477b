"""A rating out of schedule is said before it starts (issue 10, point 4): the participant
page says which occasion a new rating counts for, or that it counts for none, and a rating
that counts for none starts only once the handledare has ticked that they want it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from smail_app.assessments.models import Rating
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import add_rating


def _ratings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Rating.id)))


def test_the_page_says_what_a_new_rating_counts_for_and_asks_outside_the_schedule(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare, start_date=date(2027, 3, 1))
    login(client, handledare)
    detail = f"/participants/{participant.public_id}"
    page = client.get(detail).get_data(as_text=True)
    assert "Räknas som första skattningen. Fönstret är öppet till 15 mars 2027." in page

    add_rating(app, participant, date(2027, 3, 1), 3)  # the baseline is done
    clock.set(date(2027, 4, 20))  # seven weeks on: no window is open
    client = app.test_client()
    login(client, handledare)
    page = client.get(detail).get_data(as_text=True)
    assert "Räknas inte för något skattningstillfälle. Nästa fönster öppnar 17 maj 2027." \
        in page
    before = _ratings(app)
    refused = client.post(f"{detail}/together")
    assert refused.headers["Location"] == detail and _ratings(app) == before
    assert "Kryssa i att du vill skatta ändå" in client.get(detail).get_data(as_text=True)
    chosen = client.post(f"{detail}/together", data={"outside_schedule": "ja"})
    assert "/together/" in chosen.headers["Location"] and _ratings(app) == before + 1


def test_the_handledares_own_rating_counts_for_the_open_window(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare, start_date=date(2027, 3, 1))
    clock.set(date(2027, 3, 1) + timedelta(weeks=13))
    login(client, handledare)
    page = client.get(f"/participants/{participant.public_id}").get_data(as_text=True)
    assert "Räknas som skattning 2. Fönstret är öppet till 14 juni 2027." in page
    started = client.post(f"/participants/{participant.public_id}/parallel")
    assert "/parallel/" in started.headers["Location"]  # no question asked
