"""SMAIL_PASSWORD_HASH_COST: Argon2id at its production cost unless a test run lowers it,
and never lowered in production."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from smail_app import create_app
from smail_app.auth import services as auth_services
from smail_app.auth.models import User
from smail_app.extensions import db
from tests.factories import PASSWORD


def _app(**config: object):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       **config})


def test_standard_cost_is_the_rfc_9106_low_memory_profile():
    with _app().app_context():
        stored = auth_services.hash_password("ett långt lösenord")
    parameters = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        RFC_9106_LOW_MEMORY.memory_cost, RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.parallelism)


def test_a_low_cost_hash_still_verifies_and_is_upgraded_on_standard_cost(app, make_staff):
    user = make_staff("handledare")
    with app.app_context():
        assert extract_parameters(db.session.get(User, user.id).password_hash).memory_cost < 1024
        app.config["SMAIL_PASSWORD_HASH_COST"] = "standard"
        assert auth_services.authenticate(user.email, PASSWORD) is not None
        db.session.commit()
        upgraded = db.session.get(User, user.id).password_hash
    assert extract_parameters(upgraded).memory_cost == RFC_9106_LOW_MEMORY.memory_cost


@pytest.mark.parametrize("config", [{"SMAIL_PASSWORD_HASH_COST": "cheap"},
                                    {"SMAIL_PASSWORD_HASH_COST": "low",
                                     "SMAIL_ENV": "production"}])
def test_unknown_or_low_cost_in_production_refuses_to_start(config):
    with pytest.raises(RuntimeError, match="SMAIL_PASSWORD_HASH_COST"):
        _app(**config)
