"""JSON API v1: bearer tokens, each endpoint, the OpenAPI document, and hostile input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask, jsonify
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_babel import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from sqlalchemy import event, func, select

from smail_app import clock as clock_module
from smail_app.api.views import token_required
from smail_app.assessments import instrument
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import DEFAULT_STATEMENTS, INDICATORS
from smail_app.assessments.models import IndicatorScore, RaterKind, Rating, RatingMode
from smail_app.audit.models import AccessLogEntry
from smail_app.auth import services as auth_services
from smail_app.auth.models import ApiToken, Role, User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.conftest import login

HYPOTHESIS = settings(max_examples=30, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- Helpers --------------------------------------------------------------------------------------


def issue_token(app: Flask, user: User, *, write: bool = False) -> str:
    with app.app_context():
        token = auth_services.issue_api_token(db.session.get(User, user.id), can_write=write)
        db.session.commit()
        return token


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def token_row(app: Flask, token: str) -> ApiToken:
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(
            ApiToken.token_hash == auth_services.hash_token(token)))
        db.session.expunge(row)
        return row


def rate(app: Flask, participant: Participant, value: int = 3, *, submit: bool = True,
         mode: RatingMode = RatingMode.ALONE) -> None:
    """The participant's own rating through the rating services, every statement ``value``,
    on the clock's current day."""
    with app.app_context():
        rating = assessment_services.start_or_resume(db.session.get(Participant, participant.id),
                                                     mode=mode)
        assessment_services.save_answers(rating, {s.id: value for s in rating.version.statements})
        if submit:
            assessment_services.submit(rating)
        db.session.commit()


def store_handledare_rating(app: Flask, participant: Participant, handledare: User,
                            value: float) -> None:
    """A submitted parallel rating by the handledare, stored as the rating flow leaves it
    (that flow's own questions are tested with it, not here)."""
    with app.app_context():
        today = clock_module.today()
        loaded = db.session.get(Participant, participant.id)
        rating = Rating(participant_id=participant.id,
                        version_id=assessment_services.current_version().id,
                        rater_kind=RaterKind.HANDLEDARE, mode=RatingMode.TOGETHER,
                        recorded_by_id=handledare.id, started_dt=clock_module.now(),
                        submitted_dt=clock_module.now(), rated_on=today,
                        occasion=assessment_services.schedule_for(loaded).occasion_for(today))
        rating.scores = [IndicatorScore(indicator=n, score=value) for n in range(1, 8)]
        db.session.add(rating)
        db.session.commit()


def assert_json_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"].strip()
    return body["error"]["message"]


def written_state(app: Flask) -> tuple[object, ...]:
    """What a refused call must leave untouched."""
    with app.app_context():
        return (
            db.session.scalar(select(func.count(AccessLogEntry.id))),
            tuple(db.session.execute(select(ApiToken.id, ApiToken.last_used_dt)
                                     .order_by(ApiToken.id)).all()),
            db.session.scalar(select(func.count()).select_from(Participant)),
        )


def documented_schema(document: dict[str, Any], path: str, status: int) -> Draft202012Validator:
    """A validator for what the document promises ``GET path`` answers with ``status``."""
    response = document["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": document["components"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_documented(client: FlaskClient, path: str, response: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    documented_schema(document, path, response.status_code).validate(response.get_json())


@contextmanager
def counting_statements(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


# --- The OpenAPI document -------------------------------------------------------------------------


def test_openapi_document_is_public_and_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(document).validate()
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerAuth": []}]


def test_every_api_route_is_documented_and_nothing_else(app, client):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(path, method) for path, item in document["paths"].items()
                  for method in item if method in {"get", "put", "post", "patch", "delete"}}
    assert routes == documented


def test_every_token_endpoint_documents_401_with_a_challenge(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for item in document["paths"].values():
        operation = item["get"]
        if operation.get("security") == []:
            continue
        assert operation["responses"]["401"] == {"$ref": "#/components/responses/Unauthorized"}
    assert "WWW-Authenticate" in document["components"]["responses"]["Unauthorized"]["headers"]


# --- Signing in with a token ----------------------------------------------------------------------


def test_me_answers_with_the_tokens_user_and_marks_the_token_used(app, client, clock, make_staff):
    user = make_staff(Role.HANDLEDARE, Role.UTBILDARE, name="Hanna Handledare")
    token = issue_token(app, user)
    assert token_row(app, token).last_used_dt is None
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json() == {"public_id": user.public_id, "display_name": "Hanna Handledare",
                                   "roles": ["handledare", "utbildare"]}
    assert_documented(client, "/api/v1/me", response)
    assert token_row(app, token).last_used_dt == clock.now()
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_me_for_a_participant_account(app, client, make_participant):
    participant = make_participant(with_account=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.id == participant.user_id))
        db.session.expunge(user)
    response = client.get("/api/v1/me", headers=bearer(issue_token(app, user)))
    assert response.get_json()["roles"] == ["deltagare"]


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "smail_abc", "Bearer smail_unknown",
    "Bearer smail_a b", "Token smail_abc",
])
def test_missing_or_invalid_token_is_401_with_a_challenge(client, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/api/v1/me", headers=headers)
    assert_json_error(response, 401)
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="SMAIL API"')
    if authorization and authorization.strip():
        assert 'error="invalid_token"' in challenge


def test_revoked_token_and_closed_account_are_401(app, client, clock, make_staff):
    revoked_user, closed_user = make_staff(Role.HANDLEDARE), make_staff(Role.HANDLEDARE)
    revoked, closed = issue_token(app, revoked_user), issue_token(app, closed_user)
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(
            ApiToken.token_hash == auth_services.hash_token(revoked)))
        row.revoked_dt = clock.now()
        db.session.get(User, closed_user.id).is_active_account = False
        db.session.commit()
    before = written_state(app)
    for token in (revoked, closed):
        assert_json_error(client.get("/api/v1/me", headers=bearer(token)), 401)
    assert written_state(app) == before


def test_session_cookie_is_not_a_way_in(app, client, make_staff):
    user = make_staff(Role.HANDLEDARE)
    login(client, user)  # a signed-in browser session
    response = client.get("/api/v1/me")
    assert_json_error(response, 401)


def test_scheme_is_case_insensitive(app, client, make_staff):
    token = issue_token(app, make_staff(Role.HANDLEDARE))
    assert client.get("/api/v1/me", headers={"Authorization": f"bearer {token}"}).status_code == 200


@pytest.fixture
def write_probe(app: Flask) -> str:
    """A write endpoint in the API blueprint (v1 has none yet) to prove the token rules."""

    @token_required(write=True)
    def probe(user: User):
        return jsonify({"written_by": user.public_id}), 201

    # An "api." endpoint counts as the blueprint's: CSRF exemption and headers apply.
    app.add_url_rule("/api/v1/_write-probe", endpoint="api.write_probe", view_func=probe,
                     methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = True
    return "/api/v1/_write-probe"


def test_read_only_token_gets_403_on_a_write_endpoint(app, client, write_probe, make_staff):
    user = make_staff(Role.HANDLEDARE)
    read_only = issue_token(app, user)
    before = written_state(app)
    response = client.post(write_probe, headers=bearer(read_only))
    assert_json_error(response, 403)
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert written_state(app) == before  # not even last_used_dt


def test_write_token_may_write_without_a_csrf_token(app, client, write_probe, make_staff):
    user = make_staff(Role.HANDLEDARE)
    response = client.post(write_probe, headers=bearer(issue_token(app, user, write=True)))
    assert response.status_code == 201
    assert response.get_json() == {"written_by": user.public_id}
    assert_json_error(client.post(write_probe), 401)


def test_a_refused_rule_is_a_json_400_with_its_message_and_writes_nothing(app, client,
                                                                          make_staff):
    """A domain service's refusal (the app's one error type) answers through the API's
    JSON shape, and the request's one commit does not keep what ran before it."""

    @token_required(write=True)
    def refusing(user: User):
        user.display_name = "Half a change"
        raise Refused("Det här går inte.", "reason")

    app.add_url_rule("/api/v1/_refusing", endpoint="api.refusing", view_func=refusing,
                     methods=["POST"])
    user = make_staff(Role.HANDLEDARE, name="Hanna")
    token = issue_token(app, user, write=True)
    before = written_state(app)
    response = client.post("/api/v1/_refusing", headers=bearer(token))
    assert assert_json_error(response, 400) == "Det här går inte."
    assert written_state(app) == before  # not even the token's last use
    with app.app_context():
        assert db.session.get(User, user.id).display_name == "Hanna"


def test_wrong_method_is_a_json_405(app, client, make_staff):
    token = issue_token(app, make_staff(Role.HANDLEDARE))
    assert_json_error(client.post("/api/v1/me", headers=bearer(token)), 405)
    assert_json_error(client.get("/api/v1/no-such-thing", headers=bearer(token)), 404)


# --- Language -------------------------------------------------------------------------------------


def test_errors_are_swedish_by_default_and_english_on_request(app, client):
    swedish = client.get("/api/v1/me")
    assert swedish.headers["Content-Language"] == "sv"
    assert "Accept-Language" in swedish.headers["Vary"]
    assert "API-token" in assert_json_error(swedish, 401)
    for header in ("en", "en-GB,en;q=0.9,sv;q=0.5"):
        english = client.get("/api/v1/me", headers={"Accept-Language": header})
        assert english.headers["Content-Language"] == "en"
        with app.test_request_context(), force_locale("en"):
            expected = _("Skicka en API-token i huvudet Authorization: Bearer <token>.")
        assert assert_json_error(english, 401) == expected
    assert client.get("/api/v1/me", headers={"Accept-Language": "fr"}
                      ).headers["Content-Language"] == "sv"


def test_language_comes_from_the_header_not_the_session(app, client, make_staff):
    user = make_staff(Role.HANDLEDARE)
    with app.app_context():
        db.session.get(User, user.id).locale = "en"
        db.session.commit()
    login(client, user)
    response = client.get("/api/v1/me", headers=bearer(issue_token(app, user)))
    assert response.headers["Content-Language"] == "sv"


# --- The instrument -------------------------------------------------------------------------------


def test_instrument_is_the_current_published_version(app, client, make_staff):
    token = issue_token(app, make_staff(Role.HANDLEDARE))
    response = client.get("/api/v1/instrument", headers=bearer(token))
    assert response.status_code == 200
    assert_documented(client, "/api/v1/instrument", response)
    body = response.get_json()
    assert body["version"] == 1
    assert [i["number"] for i in body["indicators"]] == [1, 2, 3, 4, 5, 6, 7]
    assert body["indicators"][0]["name_sv"] == "Tro på att få ett jobb"
    with app.test_request_context(), force_locale("en"):  # whatever the caller's language
        assert body["indicators"][6]["name_en"] == str(INDICATORS[6].name)
    assert [(s["indicator"], s["text_sv"], s["text_en"]) for s in body["statements"]] == list(
        DEFAULT_STATEMENTS)
    assert [s["position"] for s in body["statements"][:3]] == [1, 2, 1]
    assert [(s["value"], s["label_sv"]) for s in body["scale"]][::4] == [
        (1, "Stämmer inte alls"), (5, "Stämmer helt")]


def test_instrument_follows_a_newly_published_version(app, client, make_admin, make_staff):
    admin = make_admin()
    with app.app_context():
        draft = instrument.start_new_version(db.session.get(User, admin.id))
        instrument.set_statement_texts(draft, 1, [("Ny text.", "New text.")])
        instrument.publish_version(draft)
        db.session.commit()
    token = issue_token(app, make_staff(Role.HANDLEDARE))
    body = client.get("/api/v1/instrument", headers=bearer(token)).get_json()
    assert body["version"] == 2
    assert [s["text_en"] for s in body["statements"] if s["indicator"] == 1] == ["New text."]


# --- Participants ---------------------------------------------------------------------------------


def test_participants_of_the_handledares_teams_with_their_next_rating(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    mine, theirs = make_insats("Framsteget"), make_insats("Bryggan")
    handledare = make_certified_handledare(mine)
    clock.set(date(2027, 3, 1))
    due_today = make_participant(mine, code="A-1", alias="Sam", start_date=date(2027, 3, 1))
    overdue = make_participant(mine, code="A-2", start_date=date(2027, 1, 1))
    rated = make_participant(mine, code="A-3", start_date=date(2027, 1, 1))
    make_participant(mine, code="A-4", start_date=date(2026, 6, 1), exit_date=date(2027, 2, 1))
    make_participant(theirs, code="A-0")
    clock.set(date(2027, 1, 2))
    rate(app, rated)
    clock.set(date(2027, 3, 1))

    response = client.get("/api/v1/participants", headers=bearer(issue_token(app, handledare)))
    assert response.status_code == 200
    assert_documented(client, "/api/v1/participants", response)
    body = response.get_json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 50, 0)
    assert body["items"][0] == {
        "public_id": due_today.public_id, "code": "A-1", "alias": "Sam", "insats": "Framsteget",
        "start_date": "2027-03-01", "next_due_date": "2027-03-01", "is_overdue": False}
    summary = {i["code"]: (i["alias"], i["next_due_date"], i["is_overdue"]) for i in body["items"]}
    assert summary == {
        "A-1": ("Sam", "2027-03-01", False),
        "A-2": (None, "2027-01-01", True),  # the start rating is still missing
        "A-3": (None, "2027-04-02", False),  # rated at the start: next one in 13 weeks
        "A-4": (None, None, False),  # has left the insats
    }
    assert body["items"][1]["public_id"] == overdue.public_id
    with app.app_context():  # aliases and dates are their data: each one shown is logged
        logged = db.session.execute(select(AccessLogEntry.participant_id, AccessLogEntry.detail)
                                    .order_by(AccessLogEntry.seq)).all()
        shown = {item["public_id"] for item in body["items"]}
        assert {detail for _id, detail in logged} == {"api: list"}
        assert len(logged) == len(shown) == 4


def test_participants_are_paged(app, client, clock, make_insats, make_certified_handledare,
                                make_participant):
    insats = make_insats()
    token = issue_token(app, make_certified_handledare(insats))
    for n in range(5):
        make_participant(insats, code=f"P-{n}")

    def codes(query: str) -> tuple[list[str], int]:
        body = client.get(f"/api/v1/participants?{query}", headers=bearer(token)).get_json()
        return [i["code"] for i in body["items"]], body["total"]

    assert codes("limit=2") == (["P-0", "P-1"], 5)
    assert codes("limit=2&offset=2") == (["P-2", "P-3"], 5)
    assert codes("limit=200&offset=4") == (["P-4"], 5)
    assert codes("offset=5") == ([], 5)
    assert codes("offset=2147483647&limit=1") == ([], 5)


def test_participant_list_takes_the_same_statements_for_1_or_12(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    token = issue_token(app, make_certified_handledare(insats))

    def statements_for_listing() -> int:
        clock.advance(minutes=1)  # so the token's last_used_dt is written every time
        with counting_statements(app) as statements:
            assert client.get("/api/v1/participants", headers=bearer(token)).status_code == 200
        return len(statements)

    rate(app, make_participant(insats))
    one = statements_for_listing()
    for _n in range(11):
        rate(app, make_participant(insats))
    assert statements_for_listing() == one


@pytest.mark.parametrize("roles", [(Role.ADMIN,), (Role.UTBILDARE,), ()])
def test_other_roles_get_an_empty_list(app, client, make_staff, make_participant, roles):
    make_participant()
    token = issue_token(app, make_staff(*roles))
    body = client.get("/api/v1/participants?limit=10", headers=bearer(token)).get_json()
    assert body == {"items": [], "total": 0, "limit": 10, "offset": 0}


@pytest.mark.parametrize(("query", "parameter"), [
    ("limit=0", "limit"), ("limit=201", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"),
    ("limit=", "limit"), ("limit=1.5", "limit"), ("limit=%205", "limit"), ("limit=+5", "limit"),
    ("limit=1_0", "limit"), ("limit=%D9%A3", "limit"), ("limit=1&limit=2", "limit"),
    ("offset=-1", "offset"), ("offset=x", "offset"), ("offset=2147483648", "offset"),
    ("offset=99999999999999999999999", "offset"), ("offset=", "offset"),
])
def test_bad_paging_is_400_naming_the_parameter(app, client, make_certified_handledare,
                                                query, parameter):
    token = issue_token(app, make_certified_handledare())
    before = written_state(app)
    response = client.get(f"/api/v1/participants?{query}", headers=bearer(token))
    assert parameter in assert_json_error(response, 400)
    assert_documented(client, "/api/v1/participants", response)
    assert written_state(app) == before


# --- Ratings --------------------------------------------------------------------------------------


def test_ratings_oldest_first_and_the_read_is_logged(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, start_date=date(2027, 3, 1))
    clock.set(date(2027, 3, 1))
    rate(app, participant, 2)
    clock.set(date(2027, 3, 3))
    store_handledare_rating(app, participant, handledare, 4.0)
    clock.set(date(2027, 5, 31))
    rate(app, participant, 5)
    clock.set(date(2027, 6, 5))
    # An open draft (begun together, out of schedule) is not a rating yet.
    rate(app, participant, 1, submit=False, mode=RatingMode.TOGETHER)

    path = f"/api/v1/participants/{participant.public_id}/ratings"
    response = client.get(path, headers=bearer(issue_token(app, handledare)))
    assert response.status_code == 200
    assert_documented(client, "/api/v1/participants/{public_id}/ratings", response)
    body = response.get_json()
    assert body["participant"] == participant.public_id
    assert [(r["rated_on"], r["occasion"], r["rater_kind"], r["mode"], r["version"])
            for r in body["items"]] == [
        ("2027-03-01", 0, "deltagare", "egen", 1),
        ("2027-03-03", 0, "handledare", "tillsammans", 1),
        ("2027-05-31", 1, "deltagare", "egen", 1),
    ]
    assert body["items"][0]["scores"] == [{"indicator": n, "score": 2.0} for n in range(1, 8)]
    assert {s["score"] for s in body["items"][2]["scores"]} == {5.0}
    with app.app_context():
        entries = db.session.scalars(select(AccessLogEntry)).all()
        assert [(e.actor_id, e.participant_id, e.action, e.detail) for e in entries] == [
            (handledare.id, participant.id, "view", "api")]
        assert entries[0].occurred_dt == clock.now()


def test_ratings_of_a_participant_without_any(app, client, make_insats,
                                              make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats)
    response = client.get(f"/api/v1/participants/{participant.public_id}/ratings",
                          headers=bearer(issue_token(app, handledare)))
    assert response.get_json() == {"participant": participant.public_id, "items": []}


def test_a_participant_outside_the_handledares_teams_is_404(
        app, client, clock, make_insats, make_certified_handledare, make_participant, make_staff):
    mine, theirs = make_insats(), make_insats()
    handledare = make_certified_handledare(mine)
    outsider = make_participant(theirs)
    rate(app, outsider)
    tokens = (issue_token(app, handledare), issue_token(app, make_staff(Role.ADMIN)),
              issue_token(app, make_staff(Role.UTBILDARE)))
    before = written_state(app)
    for token in tokens:
        for public_id in (outsider.public_id, "no-such-person", "x" * 25):
            response = client.get(f"/api/v1/participants/{public_id}/ratings",
                                  headers=bearer(token))
            assert_json_error(response, 404)
            assert response.headers["Cache-Control"] == "no-store"
    assert_documented(client, "/api/v1/participants/{public_id}/ratings", response)
    with app.app_context():
        assert db.session.scalar(select(func.count(AccessLogEntry.id))) == 0
    assert written_state(app) == before


# --- The CLI --------------------------------------------------------------------------------------


def test_create_api_token_prints_a_read_only_token_that_works(app, client, runner, make_staff):
    user = make_staff(Role.HANDLEDARE, email="hanna@example.se")
    result = runner.invoke(args=["create-api-token", "--email", "hanna@example.se"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["public_id"] == user.public_id
    row = token_row(app, token)
    assert row.can_write is False and row.user_id == user.id


def test_create_api_token_with_write(app, runner, make_staff):
    make_staff(Role.HANDLEDARE, email="skriv@example.se")
    result = runner.invoke(args=["create-api-token", "--email", "skriv@example.se", "--write"])
    assert result.exit_code == 0, result.output
    assert token_row(app, result.output.strip()).can_write is True


def test_create_api_token_for_an_unknown_account_fails(app, runner):
    result = runner.invoke(args=["create-api-token", "--email", "nobody@example.se"])
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count(ApiToken.id))) == 0


# --- Hostile input (property-based) ---------------------------------------------------------------

_query_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _valid(value: str, low: int, high: int) -> bool:
    return value.isascii() and value.isdigit() and low <= int(value) <= high


@pytest.fixture
def handledare_token(app: Flask, make_certified_handledare) -> str:
    """One token for all of a property test's examples (they share the test's database)."""
    return issue_token(app, make_certified_handledare())


@HYPOTHESIS
@given(limit=_query_values, offset=_query_values)
def test_any_limit_and_offset_give_200_or_a_400_that_writes_nothing(
        app, client, handledare_token, limit, offset):
    before = written_state(app)
    response = client.get("/api/v1/participants", query_string={"limit": limit, "offset": offset},
                          headers=bearer(handledare_token))
    if _valid(limit, 1, 200) and _valid(offset, 0, 2**31 - 1):
        assert response.status_code == 200
    else:
        assert_json_error(response, 400)
        assert written_state(app) == before


@HYPOTHESIS
@given(public_id=st.text(min_size=1, max_size=60))
def test_any_participant_id_gives_a_404_that_writes_nothing(
        app, client, handledare_token, public_id):
    before = written_state(app)
    response = client.get(f"/api/v1/participants/{quote(public_id, safe='')}/ratings",
                          headers=bearer(handledare_token))
    # A NUL character is refused for the whole app before any view (400); anything else
    # that names no visible participant is a 404.
    assert_json_error(response, 400 if "\x00" in public_id else 404)
    assert written_state(app) == before


_header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                     blacklist_characters="\x7f"), max_size=80)


@HYPOTHESIS
@given(authorization=st.one_of(_header_text, _header_text.map(lambda t: f"Bearer {t}"),
                               _header_text.map(lambda t: f"Bearer smail_{t}")),
       path=st.sampled_from(["/api/v1/me", "/api/v1/instrument", "/api/v1/participants",
                             "/api/v1/participants/abc/ratings"]))
def test_any_forged_token_is_a_401_that_writes_nothing(app, client, authorization, path):
    before = written_state(app)
    response = client.get(path, headers={"Authorization": authorization})
    assert_json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert written_state(app) == before

