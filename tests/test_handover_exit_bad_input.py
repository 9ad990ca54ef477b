"""Property-based bad input for handover, exit and the follow-up sample."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given

from tests.conftest import login
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine


@FUZZ
@given(handledare=HOSTILE, note=HOSTILE)
def test_handover(app, clock, make_insats, make_certified_handledare, make_participant,
                  handledare, note):
    insats = make_insats()
    user = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=user)
    client = app.test_client()  # a fresh session for every example
    login(client, user)
    check_refused_or_fine(app, lambda: client.post(
        f"/participants/{participant.public_id}/handover",
        data={"handledare": handledare, "note": note}))


@FUZZ
@given(exit_date=HOSTILE, reason=HOSTILE, percent=HOSTILE)
def test_exit(app, clock, make_insats, make_certified_handledare, make_participant,
              exit_date, reason, percent):
    insats = make_insats()
    user = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=user)
    client = app.test_client()  # a fresh session for every example
    login(client, user)
    check_refused_or_fine(app, lambda: client.post(
        f"/participants/{participant.public_id}/exit",
        data={"exit_date": exit_date, "reason": reason, "work_percent": percent}))


@FUZZ
@given(month=HOSTILE, insats=HOSTILE, size=HOSTILE, seed=HOSTILE)
def test_follow_up(app, clock, make_certified_handledare, month, insats, size, seed):
    client = app.test_client()  # a fresh session for every example
    login(client, make_certified_handledare())
    query = urlencode({"month": month, "insats": insats, "size": size, "seed": seed})
    check_refused_or_fine(app, lambda: client.get(f"/participants/follow-up?{query}"))
