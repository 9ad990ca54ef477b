"""Property-based bad input for the handledare's belief step and the unlock form."""

from __future__ import annotations

from hypothesis import example, given

from tests.conftest import login
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine


@FUZZ
@example(belief=" ", direction="", return_to="")  # blank passes Optional(): no 500
@given(belief=HOSTILE, direction=HOSTILE, return_to=HOSTILE)
def test_belief_step(app, clock, make_insats, make_certified_handledare,
                     make_participant, belief, direction, return_to):
    insats = make_insats()
    user = make_certified_handledare(insats)
    participant = make_participant(insats)
    client = app.test_client()  # a fresh session for every example
    login(client, user)
    step = client.post(f"/participants/{participant.public_id}/parallel").headers["Location"]
    url = step.rsplit("/step/", 1)[0] + "/belief"
    check_refused_or_fine(app, lambda: client.post(url, data={
        "belief": belief, "direction": direction, "return_to": return_to}))


@FUZZ
@given(password=HOSTILE)
def test_unlock(app, clock, make_insats, make_certified_handledare, make_participant,
                password):
    insats = make_insats()
    user = make_certified_handledare(insats)
    participant = make_participant(insats)
    client = app.test_client()  # a fresh session for every example
    login(client, user)
    client.post(f"/participants/{participant.public_id}/together")
    check_refused_or_fine(app, lambda: client.post("/together/unlock",
                                                   data={"password": password}))
