"""Property-based bad input: hostile values thrown at every form of the foundation.

The assertion each time: the answer is a 4xx with a message (or a normal redirect when the
input happened to be valid), never a 500, and a refused request writes nothing.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from smail_app.extensions import db
from tests.conftest import login
from tests.factories import participant_user
from tests.hostile_input import FUZZ, HOSTILE, check_refused_or_fine


@FUZZ
@given(login_name=HOSTILE, password=HOSTILE)
def test_login_form(app, client, login_name, password):
    check_refused_or_fine(app, lambda: client.post(
        "/login", data={"login": login_name, "password": password}))


@FUZZ
@given(values=st.lists(HOSTILE, min_size=3, max_size=3), step=st.integers(-2, 9))
def test_rating_step(app, client, clock, make_participant, values, step):
    participant = make_participant(with_account=True)
    login(client, participant_user(app, participant))
    location = client.post("/me/rating").headers["Location"]
    base = location.rsplit("/step/", 1)[0]
    form = {f"s{i}": v for i, v in zip((1, 2, 3), values, strict=True)}
    check_refused_or_fine(app, lambda: client.post(f"{base}/step/{step}", data=form))
    client.post("/logout")


@FUZZ
@given(code=HOSTILE, alias=HOSTILE, birth_year=HOSTILE, gender=HOSTILE, start=HOSTILE)
def test_register_participant(app, client, clock, make_insats, make_certified_handledare,
                              code, alias, birth_year, gender, start):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    form = {"insats": insats.public_id, "code": code, "alias": alias, "birth_year": birth_year,
            "gender": gender, "kommun": "", "start_date": start}
    check_refused_or_fine(app, lambda: client.post("/participants/new", data=form))
    client.post("/logout")


@FUZZ
@given(name=HOSTILE, kind=HOSTILE, start=HOSTILE, end=HOSTILE, owner=HOSTILE)
def test_admin_forms(app, client, make_admin, name, kind, start, end, owner):
    login(client, make_admin())
    check_refused_or_fine(app, lambda: client.post(
        "/admin/organisations", data={"name": name, "kind": kind}))
    check_refused_or_fine(app, lambda: client.post("/admin/insatser", data={
        "name": name, "owner": owner, "start_date": start, "end_date": end}))
    check_refused_or_fine(app, lambda: client.post(
        "/admin/staff", data={"email": name, "organisation": owner, "role_admin": kind}))
    client.post("/logout")


@FUZZ
@given(username=HOSTILE, password=HOSTILE, again=HOSTILE, token=HOSTILE)
def test_invite_forms(app, client, make_participant, username, password, again, token):
    from smail_app.auth import services
    from smail_app.auth.models import InviteKind

    participant = make_participant()
    with app.app_context():
        real = services.issue_invite(InviteKind.PARTICIPANT,
                                     participant_id=participant.id).token
        db.session.commit()
    for target in (real, token.replace("/", "") or "x"):
        check_refused_or_fine(app, lambda t=target: client.post(f"/invite/{t}", data={
            "username": username, "password": password, "password_again": again}))
