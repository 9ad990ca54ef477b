"""API v1 certification registry: the page's permissions, paging, the kind filter."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from smail_app.auth.models import Role, User
from smail_app.certification import certificates
from smail_app.extensions import db
from smail_app.organisations.models import Organisation
from tests.test_api import (
    assert_documented,
    assert_json_error,
    bearer,
    counting_statements,
    issue_token,
    written_state,
)

PATH = "/api/v1/certificates"


def place_in(app: Flask, organisation: str, *users: User) -> None:
    with app.app_context():
        found = db.session.scalar(select(Organisation).filter_by(name=organisation))
        if found is None:
            found = Organisation(name=organisation, kind="kommun", created_dt=datetime.now(UTC))
            db.session.add(found)
            db.session.flush()
        for user in users:
            db.session.get(User, user.id).organisation_id = found.id
        db.session.commit()


def holders(response) -> list[str]:
    return [item["holder"]["public_id"] for item in response.get_json()["items"]]


@pytest.fixture
def registry(app, make_staff, certify, clock):
    """Anna (Uppsala, användare), Bo (Enköping, utbildare, expired), and an utbildare in
    Uppsala."""
    anna = make_staff(Role.HANDLEDARE, name="Anna")
    bo = make_staff(Role.UTBILDARE, name="Bo")
    trainer = make_staff(Role.UTBILDARE, name="Utbildare Uppsala")
    certify(anna, issued_on=date(2026, 5, 1), valid_until=date(2027, 3, 20))
    certify(bo, kind="utbildare", issued_on=date(2024, 1, 1), valid_until=date(2025, 1, 1))
    place_in(app, "Uppsala kommun", anna, trainer)
    place_in(app, "Enköpings kommun", bo)
    return {"anna": anna, "bo": bo, "trainer": trainer}


def test_the_admin_sees_every_certificate_with_its_state(app, client, registry, make_admin):
    response = client.get(PATH, headers=bearer(issue_token(app, make_admin())))
    assert response.status_code == 200
    assert_documented(client, PATH, response)
    body = response.get_json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    anna, bo = body["items"]  # by holder name
    assert anna["holder"] == {"public_id": registry["anna"].public_id, "display_name": "Anna",
                              "organisation": "Uppsala kommun"}
    assert (anna["kind"], anna["state"], anna["issued_on"], anna["valid_until"]) == (
        "anvandare", "valid", "2026-05-01", "2027-03-20")
    assert anna["is_expiring_soon"] is True  # 19 days left of a 60-day reminder period
    assert (bo["kind"], bo["state"], bo["is_expiring_soon"]) == ("utbildare", "expired", False)


def test_an_utbildare_sees_what_the_page_shows_them_and_no_more(app, client, registry):
    trainer = registry["trainer"]
    response = client.get(PATH, headers=bearer(issue_token(app, trainer)))
    assert holders(response) == [registry["anna"].public_id]  # not Bo, in Enköping
    with app.test_request_context():
        page = certificates.registry_certificates(db.session.get(User, trainer.id))
        assert [c.public_id for c in page] == [i["public_id"]
                                               for i in response.get_json()["items"]]


@pytest.mark.parametrize("roles", [(Role.HANDLEDARE,), ()])
def test_other_roles_get_an_empty_registry(app, client, registry, make_staff, roles):
    response = client.get(PATH, headers=bearer(issue_token(app, make_staff(*roles))))
    assert response.get_json() == {"items": [], "total": 0, "limit": 50, "offset": 0}


def test_the_registry_is_paged_and_filtered_by_kind(app, client, registry, make_admin):
    token = issue_token(app, make_admin())
    second = client.get(PATH, query_string={"limit": 1, "offset": 1}, headers=bearer(token))
    assert holders(second) == [registry["bo"].public_id]
    assert second.get_json()["total"] == 2
    trainers = client.get(PATH, query_string={"kind": "utbildare"}, headers=bearer(token))
    assert holders(trainers) == [registry["bo"].public_id]


@pytest.mark.parametrize("query", [{"kind": "admin"}, {"kind": ""}, {"kind": "UTBILDARE"},
                                   "kind=utbildare&kind=anvandare", {"limit": 0},
                                   {"offset": -1}])
def test_bad_parameters_are_400_naming_them_and_write_nothing(app, client, registry,
                                                              make_admin, query):
    token = issue_token(app, make_admin())
    before = written_state(app)
    response = client.get(PATH, query_string=query, headers=bearer(token))
    message = assert_json_error(response, 400)
    assert ("kind" if "kind" in str(query) else next(iter(query))) in message
    assert written_state(app) == before


def test_the_registry_takes_the_same_statements_for_1_or_12(app, client, make_admin,
                                                            make_staff, certify):
    token = issue_token(app, make_admin())
    counts = []
    for new_holders in (1, 11):
        for _n in range(new_holders):
            certify(make_staff(Role.HANDLEDARE))
        with counting_statements(app) as statements:
            assert client.get(PATH, headers=bearer(token)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
