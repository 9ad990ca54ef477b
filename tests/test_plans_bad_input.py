"""Property-based bad input for the action plan's forms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import login
from tests.factories import add_activity
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine


@FUZZ
@given(title=HOSTILE, indicators=st.lists(HOSTILE, max_size=3), responsible=HOSTILE,
       partner=HOSTILE, due=HOSTILE, status=HOSTILE)
def test_add_activity(app, clock, make_insats, make_certified_handledare,
                      make_participant, title, indicators, responsible, partner, due, status):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats)
    client = app.test_client()  # a fresh session for every example
    login(client, handledare)
    data = {"new-title": title, "new-indicators": indicators, "new-responsible": responsible,
            "new-partner_name": partner, "new-due_date": due, "new-status": status}
    check_refused_or_fine(app, lambda: client.post(
        f"/participants/{participant.public_id}/plan/activities", data=data))


@FUZZ
@given(title=HOSTILE, indicators=st.lists(HOSTILE, max_size=3), responsible=HOSTILE,
       due=HOSTILE, status=HOSTILE)
def test_edit_activity(app, clock, make_insats, make_certified_handledare,
                       make_participant, title, indicators, responsible, due, status):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats)
    activity_id = add_activity(app, participant, handledare)
    client = app.test_client()  # a fresh session for every example
    login(client, handledare)
    data = {"title": title, "indicators": indicators, "responsible": responsible,
            "due_date": due, "status": status}
    check_refused_or_fine(app, lambda: client.post(
        f"/participants/{participant.public_id}/plan/activities/{activity_id}", data=data))


@FUZZ
@given(occasion=HOSTILE, body=HOSTILE)
def test_add_note(app, clock, make_insats, make_certified_handledare, make_participant,
                  occasion, body):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats)
    client = app.test_client()  # a fresh session for every example
    login(client, handledare)
    check_refused_or_fine(app, lambda: client.post(
        f"/participants/{participant.public_id}/plan/notes",
        data={"note-occasion": occasion, "note-body": body}))
