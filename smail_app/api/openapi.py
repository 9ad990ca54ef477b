"""The OpenAPI 3.1 document for /api/v1, generated: its schemas are the JSON Schema of the
pydantic models in ``schemas.py`` that shape every answer, and its operations are listed once
below beside the model each answers with.

Tests check that every route under /api/v1 is described here (and nothing else), that the
document is valid OpenAPI 3.1, and (with schemathesis) that real answers match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from smail_app.api import schemas

JSON = "application/json"


@dataclass(frozen=True)
class Operation:
    path: str
    operation_id: str
    summary: str
    description: str
    answer: type[BaseModel]
    answer_description: str
    parameters: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


OPERATIONS: tuple[Operation, ...] = (
    Operation("/api/v1/me", "getMe", "The token's user",
              "Who the token signs in as, and their roles.", schemas.Me, "The user."),
    Operation("/api/v1/instrument", "getInstrument", "The current instrument version",
              "The published questionnaire new ratings use: the seven indicators, their "
              "statements in Swedish and English, and the labels of the 1-5 scale.",
              schemas.Instrument, "The instrument version."),
    Operation("/api/v1/participants", "listParticipants", "Participants the caller follows",
              "For a handledare, the participants of the insatser whose team they belong "
              "to, ordered by code, with the next self-rating. Other roles get an empty "
              "list. Lists codes only and is not written to the access log.",
              schemas.ParticipantPage, "One page of participants.",
              parameters=("Limit", "Offset"), errors=("BadRequest",)),
    Operation("/api/v1/participants/{public_id}/ratings", "listParticipantRatings",
              "A participant's submitted ratings",
              "Self-ratings and the handledare's parallel ratings, oldest first, each with its "
              "score per indicator and the instrument version it was answered on. Written to "
              "the participant's access log.",
              schemas.RatingList, "The ratings.",
              parameters=("ParticipantId",), errors=("NotFound",)),
    Operation("/api/v1/certificates", "listCertificates", "The certification registry",
              "The certificates the registry page shows the caller: all of them for the "
              "admin; for an utbildare, those held in their organisation and those they "
              "issued, revoked and expired ones included. Other roles get an empty list.",
              schemas.CertificatePage, "One page of certificates.",
              parameters=("CertificateKind", "Limit", "Offset"), errors=("BadRequest",)),
    Operation("/api/v1/reports/county", "getCountyReport", "The county report",
              "For the admin: the half-year follow-up tables by gender and the SMAIL "
              "progression, for every insats or one insats or kommun. Groups smaller than "
              "min_group_size are suppressed, with secondary suppression so no total gives "
              "them back. Other roles get 404.",
              schemas.Report, "The report.",
              parameters=("Period", "InsatsFilter", "InsatsTypeFilter", "KommunFilter"),
              errors=("BadRequest", "NotFound")),
    Operation("/api/v1/reports/insats/{public_id}", "getInsatsReport", "An insats's report",
              "The same tables for one insats: for its team with small groups shown, for "
              "its owner organisation's staff and the admin suppressed. Others get 404.",
              schemas.Report, "The report.",
              parameters=("InsatsId", "Period"), errors=("BadRequest", "NotFound")),
)


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _component_schemas() -> dict[str, Any]:
    _, top = models_json_schema([(model, "serialization") for model in schemas.DOCUMENTED],
                                ref_template="#/components/schemas/{model}")
    return top["$defs"]


def _parameters() -> dict[str, Any]:
    paging = schemas.PageQuery.model_json_schema()["properties"]
    report = schemas.ReportQuery.model_json_schema()["properties"]

    def from_model(properties: dict[str, Any], name: str) -> dict[str, Any]:
        schema = {k: v for k, v in properties[name].items() if k not in {"title", "description"}}
        if "anyOf" in schema:  # optional: a query parameter left out, never a JSON null
            schema = next(branch for branch in schema["anyOf"] if branch.get("type") != "null")
        return {"name": name, "in": "query", "required": False,
                "description": properties[name]["description"], "schema": schema}

    def query(name: str) -> dict[str, Any]:
        return from_model(paging, name)

    def report_query(name: str) -> dict[str, Any]:
        return from_model(report, name)

    return {
        "AcceptLanguage": {
            "name": "Accept-Language", "in": "header", "required": False,
            "description": "`en` for English error messages; Swedish otherwise.",
            "schema": {"type": "string", "examples": ["en", "sv"]},
        },
        "Limit": query("limit"),
        "Offset": query("offset"),
        "ParticipantId": {
            "name": "public_id", "in": "path", "required": True,
            "description": "The participant's public id.",
            "schema": {"type": "string", "pattern": schemas.PUBLIC_ID_PATTERN},
        },
        "CertificateKind": {
            "name": "kind", "in": "query", "required": False,
            "description": "Only certificates of this kind.",
            "schema": _ref("schemas", "CertificateKind"),
        },
        "Period": report_query("period"),
        "InsatsFilter": {
            "name": "insats", "in": "query", "required": False,
            "description": "Only this insats (its public id); one the caller does not see "
                           "is a 404.",
            "schema": {"type": "string", "pattern": schemas.PUBLIC_ID_PATTERN},
        },
        "InsatsTypeFilter": {
            "name": "insats_type", "in": "query", "required": False,
            "description": "Only insatser of this type (the förbund's own grouping, as set "
                           "on each insats); an unknown type is a 404.",
            "schema": {"type": "string", "maxLength": 80},
        },
        "KommunFilter": {
            "name": "kommun", "in": "query", "required": False,
            "description": "Only participants registered in this kommun (its public id); "
                           "an unknown one is a 404.",
            "schema": {"type": "string", "pattern": schemas.PUBLIC_ID_PATTERN},
        },
        "InsatsId": {
            "name": "public_id", "in": "path", "required": True,
            "description": "The insats's public id.",
            "schema": {"type": "string", "pattern": schemas.PUBLIC_ID_PATTERN},
        },
    }


def _error(description: str, *, authenticate: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description,
                                "content": {JSON: {"schema": _ref("schemas", "Error")}}}
    if authenticate:
        response["headers"] = {"WWW-Authenticate": {
            "description": 'Bearer challenge (RFC 6750), e.g. `Bearer realm="SMAIL API", '
                           'error="invalid_token"`.',
            "schema": {"type": "string"}}}
    return response


_RESPONSES: dict[str, Any] = {
    "BadRequest": _error("A query parameter is malformed or out of range; the message "
                         "names it."),
    "Unauthorized": _error("No bearer token, or one that is unknown, revoked or "
                           "belongs to a closed account.", authenticate=True),
    "NotFound": _error("Unknown, or not visible to the caller (the API never says which)."),
}
_ERROR_STATUS = {"BadRequest": "400", "NotFound": "404"}


def _path_item(operation: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": operation.answer_description,
                "content": {JSON: {"schema": _ref("schemas", operation.answer.__name__)}}},
        "401": _ref("responses", "Unauthorized"),
    }
    for name in operation.errors:
        responses[_ERROR_STATUS[name]] = _ref("responses", name)
    return {"get": {
        "operationId": operation.operation_id, "summary": operation.summary,
        "description": operation.description, "tags": ["v1"],
        "parameters": [_ref("parameters", name)
                       for name in ("AcceptLanguage", *operation.parameters)],
        "responses": dict(sorted(responses.items())),
    }}


@cache
def document() -> dict[str, Any]:
    """Built once per process: it depends on the code only."""
    paths: dict[str, Any] = {
        "/api/v1/openapi.json": {"get": {
            "operationId": "getOpenApiDocument", "summary": "This document",
            "description": "Public: no token needed.", "tags": ["v1"], "security": [],
            "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                  "content": {JSON: {"schema": {"type": "object"}}}}},
        }},
    }
    paths.update({operation.path: _path_item(operation) for operation in OPERATIONS})
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "SMAIL API",
            "version": "1.1.0",
            "summary": "Skattning Mot Arbete I Länet: participants' progression ratings.",
            "description": (
                "Read access for handledare's and the förbund's own systems. Sign in with a "
                "personal API token (`flask create-api-token --email EMAIL [--write]`) sent as "
                "`Authorization: Bearer <token>`; session cookies are not accepted. A token "
                "without write permission gets 403 on any endpoint that changes data. Every "
                "error is JSON: `{\"error\": {\"status\": N, \"message\": \"...\"}}`. Lists "
                "are paged with `limit` and `offset`. Reading a participant's ratings is "
                "written to that participant's access log."
            ),
        },
        "tags": [{"name": "v1", "description": "JSON API version 1."}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal API token, shown once when created."},
            },
            "schemas": _component_schemas(),
            "responses": _RESPONSES,
            "parameters": _parameters(),
        },
    }
