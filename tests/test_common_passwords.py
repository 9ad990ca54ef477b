"""Common passwords are refused (issue 8, point 8): the length rule alone let through
"password123" and "sommar2026", the first guesses of every list an attacker tries."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from smail_app.auth import services
from smail_app.auth.common_passwords import is_common
from smail_app.auth.models import User
from smail_app.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_participants import _invite_token, _register

REFUSAL = "Det lösenordet är vanligt"


@pytest.mark.parametrize("password", [
    "password", "Password123", "qwertyuiop", "12345678", "iloveyou!", "Dragon2026",
    "lösenord1", "Sommar2026!", "  sunshine  ", "stockholm",
])
def test_common_passwords_and_common_words_with_an_ending_are_caught(password):
    assert is_common(password)


@pytest.mark.parametrize("password", [
    PASSWORD, "ett bra lösenord", "demo-losenord-2027", "granen vid sjön blåser", "kx8#Lq2!pT",
])
def test_uncommon_passwords_pass(password):
    assert not is_common(password)


def test_a_participant_cannot_choose_a_common_password(app, client, make_insats,
                                                       make_certified_handledare):
    insats = make_insats()
    login(client, make_certified_handledare(insats))
    token = _invite_token(_register(client, insats).get_data(as_text=True))
    client.post("/logout")
    refused = client.post(f"/invite/{token}", data={
        "username": "sam.k", "password": "password123", "password_again": "password123"})
    assert refused.status_code == 422 and REFUSAL in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(
            User.username == "sam.k")) == 0


def test_staff_cannot_change_to_a_common_password(app, client, make_staff):
    user = make_staff("handledare")
    login(client, user)
    refused = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "Sommar2026!", "password_again": "Sommar2026!"})
    assert refused.status_code == 422 and REFUSAL in refused.get_data(as_text=True)
    login(app.test_client(), user)  # the old password still works: nothing was written


def test_a_password_link_refuses_a_common_password(app, client, make_staff, make_admin):
    user = make_staff("handledare")
    with app.app_context():
        link = services.issue_password_link(db.session.get(User, user.id),
                                            db.session.get(User, make_admin().id))
        db.session.commit()
    token = link.token
    refused = client.post(f"/invite/{token}", data={"password": "iloveyou2",
                                                    "password_again": "iloveyou2"})
    assert refused.status_code == 422 and REFUSAL in refused.get_data(as_text=True)
    assert client.get(f"/invite/{token}").status_code == 200  # the link is still unused
    login(app.test_client(), user)  # the old password still works
