"""The OpenAPI 3.1 document for /api/v1, written by hand as plain data.

Tests check that every route under /api/v1 is described here (and nothing else), that the
document is valid OpenAPI 3.1, and that real answers match the schemas below.
"""

from __future__ import annotations

from typing import Any

from smail_app.api.services import LIMIT_DEFAULT, LIMIT_MAX, LIMIT_MIN, OFFSET_MAX

JSON = "application/json"


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {JSON: {"schema": _ref("schemas", schema)}}}


_DATE = {"type": "string", "format": "date"}
_PUBLIC_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,24}$",
              "description": "Random, non-sequential identifier."}
_INDICATOR = {"type": "integer", "minimum": 1, "maximum": 7}

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "additionalProperties": False,
                "properties": {
                    "status": {"type": "integer", "description": "The HTTP status again."},
                    "message": {"type": "string",
                                "description": "For people, in Swedish, or in English when "
                                               "the request asks for it with Accept-Language."},
                },
            },
        },
    },
    "Me": {
        "type": "object",
        "required": ["public_id", "display_name", "roles"],
        "additionalProperties": False,
        "properties": {
            "public_id": _PUBLIC_ID,
            "display_name": {"type": "string"},
            "roles": {"type": "array", "uniqueItems": True,
                      "items": {"type": "string",
                                "enum": ["admin", "utbildare", "handledare", "deltagare"]}},
        },
    },
    "Indicator": {
        "type": "object",
        "required": ["number", "name_sv", "name_en"],
        "additionalProperties": False,
        "properties": {
            "number": _INDICATOR,
            "name_sv": {"type": "string"},
            "name_en": {"type": "string"},
        },
    },
    "Statement": {
        "type": "object",
        "required": ["id", "indicator", "position", "text_sv", "text_en"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer",
                   "description": "Stable for this instrument version; a new version has new ids."},
            "indicator": _INDICATOR,
            "position": {"type": "integer", "minimum": 1,
                         "description": "Order of the statement within its indicator."},
            "text_sv": {"type": "string"},
            "text_en": {"type": "string"},
        },
    },
    "ScaleLabel": {
        "type": "object",
        "required": ["value", "label_sv", "label_en"],
        "additionalProperties": False,
        "properties": {
            "value": {"type": "integer", "minimum": 1, "maximum": 5},
            "label_sv": {"type": "string"},
            "label_en": {"type": "string"},
        },
    },
    "Instrument": {
        "type": "object",
        "required": ["version", "published_dt", "indicators", "statements", "scale"],
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer", "minimum": 1,
                        "description": "Number of the published instrument version in use."},
            "published_dt": {"type": "string", "format": "date-time"},
            "indicators": {"type": "array", "minItems": 7, "maxItems": 7,
                           "items": _ref("schemas", "Indicator")},
            "statements": {"type": "array", "items": _ref("schemas", "Statement"),
                           "description": "Ordered by indicator, then position."},
            "scale": {"type": "array", "minItems": 5, "maxItems": 5,
                      "items": _ref("schemas", "ScaleLabel")},
        },
    },
    "ParticipantSummary": {
        "type": "object",
        "required": ["public_id", "code", "alias", "insats", "start_date", "next_due_date",
                     "is_overdue"],
        "additionalProperties": False,
        "properties": {
            "public_id": _PUBLIC_ID,
            "code": {"type": "string", "description": "Unique within the insats."},
            "alias": {"type": ["string", "null"]},
            "insats": {"type": "string", "description": "Name of the insats."},
            "start_date": _DATE,
            "next_due_date": {"type": ["string", "null"], "format": "date",
                              "description": "Due date of the next self-rating (every 13 "
                                             "weeks from the start); null once the "
                                             "participant has left the insats."},
            "is_overdue": {"type": "boolean",
                           "description": "The rating window is open and the due date "
                                          "has passed."},
        },
    },
    "ParticipantPage": {
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": _ref("schemas", "ParticipantSummary")},
            "total": {"type": "integer", "minimum": 0,
                      "description": "All participants the caller may see."},
            "limit": {"type": "integer", "minimum": LIMIT_MIN, "maximum": LIMIT_MAX},
            "offset": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX},
        },
    },
    "IndicatorScore": {
        "type": "object",
        "required": ["indicator", "score"],
        "additionalProperties": False,
        "properties": {
            "indicator": _INDICATOR,
            "score": {"type": "number", "minimum": 1, "maximum": 5,
                      "description": "Mean of the indicator's answered statements."},
        },
    },
    "Rating": {
        "type": "object",
        "required": ["public_id", "rated_on", "occasion", "version", "rater_kind", "mode",
                     "scores"],
        "additionalProperties": False,
        "properties": {
            "public_id": _PUBLIC_ID,
            "rated_on": _DATE,
            "occasion": {"type": ["integer", "null"], "minimum": 0,
                         "description": "The 13-week occasion it counts for (0 = at the "
                                        "start); null when given outside every window."},
            "version": {"type": "integer", "minimum": 1,
                        "description": "Instrument version the rating was answered on."},
            "rater_kind": {"type": "string", "enum": ["deltagare", "handledare"],
                           "description": "The participant's own rating, or the "
                                          "handledare's parallel one."},
            "mode": {"type": "string", "enum": ["egen", "tillsammans"],
                     "description": "Alone on the participant's device, or together on "
                                    "the handledare's."},
            "scores": {"type": "array", "items": _ref("schemas", "IndicatorScore"),
                       "description": "One per indicator, by indicator number."},
        },
    },
    "RatingList": {
        "type": "object",
        "required": ["participant", "items"],
        "additionalProperties": False,
        "properties": {
            "participant": _PUBLIC_ID,
            "items": {"type": "array", "items": _ref("schemas", "Rating"),
                      "description": "Submitted ratings, oldest first."},
        },
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
    "Unauthorized": _error("No bearer token, or one that is unknown, revoked or belongs "
                           "to a closed account.", authenticate=True),
    "NotFound": _error("Unknown, or not visible to the caller (the API never says which)."),
}

_PARAMETERS: dict[str, Any] = {
    "AcceptLanguage": {
        "name": "Accept-Language", "in": "header", "required": False,
        "description": "`en` for English error messages; Swedish otherwise.",
        "schema": {"type": "string", "examples": ["en", "sv"]},
    },
    "Limit": {
        "name": "limit", "in": "query", "required": False,
        "description": "Page size.",
        "schema": {"type": "integer", "minimum": LIMIT_MIN, "maximum": LIMIT_MAX,
                   "default": LIMIT_DEFAULT},
    },
    "Offset": {
        "name": "offset", "in": "query", "required": False,
        "description": "Rows to skip.",
        "schema": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0},
    },
    "ParticipantId": {
        "name": "public_id", "in": "path", "required": True,
        "description": "The participant's public id.",
        "schema": _PUBLIC_ID,
    },
}

_COMMON = [_ref("parameters", "AcceptLanguage")]


def _operation(operation_id: str, summary: str, description: str, ok: dict[str, Any], *,
               parameters: list[dict[str, Any]] | None = None,
               errors: tuple[str, ...] = ()) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok, "401": _ref("responses", "Unauthorized")}
    for status, name in (("400", "BadRequest"), ("404", "NotFound")):
        if name in errors:
            responses[status] = _ref("responses", name)
    return {"operationId": operation_id, "summary": summary, "description": description,
            "tags": ["v1"], "parameters": _COMMON + (parameters or []),
            "responses": dict(sorted(responses.items()))}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "info": {
        "title": "SMAIL API",
        "version": "1.0.0",
        "summary": "Skattning Mot Arbete I Länet: participants' progression ratings.",
        "description": (
            "Read access for handledare's own systems. Sign in with a personal API token "
            "(`flask create-api-token --email EMAIL [--write]`) sent as "
            "`Authorization: Bearer <token>`; session cookies are not accepted. A token "
            "without write permission gets 403 on any endpoint that changes data. Every "
            "error is JSON: `{\"error\": {\"status\": N, \"message\": \"...\"}}`. Reading a "
            "participant's ratings is written to that participant's access log."
        ),
    },
    "tags": [{"name": "v1", "description": "JSON API version 1."}],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApiDocument",
                "summary": "This document",
                "description": "Public: no token needed.",
                "tags": ["v1"],
                "security": [],
                "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                      "content": {JSON: {"schema": {"type": "object"}}}}},
            },
        },
        "/api/v1/me": {
            "get": _operation(
                "getMe", "The token's user",
                "Who the token signs in as, and their roles.",
                _ok("Me", "The user.")),
        },
        "/api/v1/instrument": {
            "get": _operation(
                "getInstrument", "The current instrument version",
                "The published questionnaire new ratings use: the seven indicators, their "
                "statements in Swedish and English, and the labels of the 1-5 scale.",
                _ok("Instrument", "The instrument version.")),
        },
        "/api/v1/participants": {
            "get": _operation(
                "listParticipants", "Participants the caller follows",
                "For a handledare, the participants of the insatser whose team they belong "
                "to, ordered by code, with the next self-rating. Other roles get an empty "
                "list. Lists codes only and is not written to the access log.",
                _ok("ParticipantPage", "One page of participants."),
                parameters=[_ref("parameters", "Limit"), _ref("parameters", "Offset")],
                errors=("BadRequest",)),
        },
        "/api/v1/participants/{public_id}/ratings": {
            "get": _operation(
                "listParticipantRatings", "A participant's submitted ratings",
                "Self-ratings and the handledare's parallel ratings, oldest first, each "
                "with its score per indicator and the instrument version it was answered "
                "on. Written to the participant's access log.",
                _ok("RatingList", "The ratings."),
                parameters=[_ref("parameters", "ParticipantId")],
                errors=("NotFound",)),
        },
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer",
                           "description": "A personal API token, shown once when created."},
        },
        "schemas": _SCHEMAS,
        "responses": _RESPONSES,
        "parameters": _PARAMETERS,
    },
}
