"""Property-based bad input for the caseload's filters and the reminder settings."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given

from tests.conftest import login
from tests.factories import participant_user
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine


@FUZZ
@given(insats=HOSTILE, search=HOSTILE, status=HOSTILE)
def test_caseload_filters(app, clock, make_certified_handledare, insats, search,
                          status):
    client = app.test_client()  # a fresh session for every example
    login(client, make_certified_handledare())
    query = urlencode({"insats": insats, "q": search, "status": status})
    check_refused_or_fine(app, lambda: client.get(f"/participants/?{query}"))


@FUZZ
@given(email=HOSTILE, consent=HOSTILE)
def test_reminder_settings(app, clock, make_participant, email, consent):
    participant = make_participant(with_account=True)
    client = app.test_client()  # a fresh session for every example
    login(client, participant_user(app, participant))
    check_refused_or_fine(app, lambda: client.post("/me/reminders",
                                                   data={"email": email, "consent": consent}))
