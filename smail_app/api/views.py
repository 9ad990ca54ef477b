"""JSON API v1, described by an OpenAPI 3.1 document.

Callers sign in with ``Authorization: Bearer <token>`` only. The session cookie is never
used here, so the blueprint needs no CSRF token: a browser cannot add the header on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_babel import get_locale
from pydantic import BaseModel

from smail_app.api import reports, services
from smail_app.api.openapi import document
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.core.transaction import roll_back_request
from smail_app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
# Routes take merge_slashes=False: "//" in an id is a 404 JSON error, not an HTML redirect.


def token_required(*, write: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Sign the caller in from the bearer token and pass the user to the view as its first
    argument; ``write`` views refuse read-only tokens. The request commits once, in
    ``core.transaction``, like every other request."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user, token = services.authenticate(request.headers.get("Authorization"))
            if write:
                services.require_write(token)
            return view(user, *args, **kwargs)

        return wrapped

    return decorator


@bp.errorhandler(Refused)
def refused(refusal: Refused) -> tuple[Response, int]:
    """A refused rule is a JSON 4xx carrying its message; nothing of the request is kept."""
    roll_back_request()
    status = services.status_of(refusal)
    response = jsonify({"error": {"status": status, "message": refusal.message}})
    response.headers.update(getattr(refusal, "headers", {}))
    return response, status


@bp.after_request
def _api_headers(response: Response) -> Response:
    if request.endpoint == "api.openapi":  # public, the same for everyone
        return response
    # Answers hold personal data, and their messages follow the caller's language.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Language"] = str(get_locale() or "sv")
    response.vary.add("Accept-Language")
    return response


def answer(shape: BaseModel) -> Response:
    """The JSON of an answer's model: the document's schema is that model's."""
    return jsonify(shape.model_dump(mode="json"))


@bp.get("/openapi.json", merge_slashes=False)
def openapi():
    return jsonify(document())


@bp.get("/me", merge_slashes=False)
@token_required()
def me(user: User):
    return answer(services.me(user))


@bp.get("/instrument", merge_slashes=False)
@token_required()
def instrument(user: User):
    return answer(services.instrument())


@bp.get("/participants", merge_slashes=False)
@token_required()
def participants(user: User):
    page = services.parse_page(request.args)
    return answer(services.participant_page(user, page))


@bp.get("/participants/<public_id>/ratings", merge_slashes=False)
@token_required()
def participant_ratings(user: User, public_id: str):
    return answer(services.ratings_read_by(user, public_id))


@bp.get("/certificates", merge_slashes=False)
@token_required()
def certificates(user: User):
    kind = services.parse_certificate_kind(request.args)
    return answer(services.certificate_page(user, kind, services.parse_page(request.args)))


@bp.get("/reports/county", merge_slashes=False)
@token_required()
def county_report(user: User):
    return answer(reports.county(user, request.args))


@bp.get("/reports/insats/<public_id>", merge_slashes=False)
@token_required()
def insats_report(user: User, public_id: str):
    return answer(reports.insats(user, public_id, request.args))
