"""The participant's access log reads plainly (issue 10, point 18): repeated views by one
person on one day are told once with a count, changes say what was changed, pages of 30."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import add_activity, participant_user


def test_repeated_views_are_grouped_and_changes_are_named(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    hanna = make_certified_handledare(insats, name="Hanna Berg")
    sam = make_participant(insats, with_account=True, handledare=hanna)
    handledare_client = app.test_client()
    login(handledare_client, hanna)
    for _ in range(3):
        assert handledare_client.get(f"/participants/{sam.public_id}").status_code == 200
    add_activity(app, sam, hanna, title="Praktik")

    login(client, participant_user(app, sam))
    page = client.get("/me/access-log").get_data(as_text=True)
    assert "tittade på dina uppgifter (3 gånger)" in page
    assert "lade till en aktivitet i din plan" in page
    assert page.count("Hanna Berg") == 2


def test_the_log_is_paged_by_day(app, client, clock, make_staff, make_participant):
    reader = make_staff("handledare", name="Olle Ek")
    sam = make_participant(with_account=True)
    first_day = datetime(2027, 1, 1, 10, tzinfo=UTC)
    with app.app_context():
        for day in range(31):  # one view a day: 31 groups
            db.session.add(AccessLogEntry(occurred_dt=first_day + timedelta(days=day),
                                          actor_id=reader.id, participant_id=sam.id,
                                          action=AccessAction.VIEW, detail="plan"))
        db.session.commit()
    login(client, participant_user(app, sam))
    first = client.get("/me/access-log").get_data(as_text=True)
    assert first.count("Olle Ek") == 30 and "31 januari 2027" in first
    assert 'rel="next"' in first and ">1 januari 2027" not in first
    second = client.get("/me/access-log?page=2").get_data(as_text=True)
    assert second.count("Olle Ek") == 1 and ">1 januari 2027" in second
    assert client.get("/me/access-log?page=0").status_code == 404
    assert client.get("/me/access-log?page=abc").status_code == 200
