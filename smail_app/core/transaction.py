"""One transaction per request, committed or rolled back in one place (after Indico's
``RH.process``): views never call ``commit``.

A view applies a change with :func:`applied`; a refused rule rolls the change back and puts
its message on the form. After the view has answered, the request's work is committed when the
answer is a success (2xx, 3xx) or a form shown again with its errors (422, which keeps the
access-log entry of what was shown); any other error answer rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, flash, g
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from smail_app.core.refusal import Refused
from smail_app.extensions import db


def applied(change: Callable[[], Any], form: Any = None, *, fallback_field: str | None = None,
            flash_refusal: bool = False) -> bool:
    """Run ``change`` (a service call). True when it went through; False when the service
    refused it: the session is rolled back and the refusal shown on ``form`` (on the field the
    refusal names, else ``fallback_field``), or flashed when there is no field to show it on."""
    try:
        change()
    except Refused as refusal:
        db.session.rollback()
        show_refusal(refusal, form, fallback_field=fallback_field, flash_it=flash_refusal)
        return False
    return True


def show_refusal(refusal: Refused, form: Any = None, *, fallback_field: str | None = None,
                 flash_it: bool = False) -> None:
    field = None
    if form is not None:
        field = getattr(form, refusal.field, None) if refusal.field else None
        if field is None and fallback_field:
            field = getattr(form, fallback_field, None)
    if field is None or flash_it:
        flash(refusal.message, "error")
        return
    field.errors = [*field.errors, refusal.message]


def roll_back_request() -> None:
    """An error answer writes nothing (called by the error handlers)."""
    db.session.rollback()
    g.request_rolled_back = True


def register(app: Flask) -> None:
    @app.after_request
    def commit_request(response: Response) -> Response:
        keeps_work = response.status_code < 400 or response.status_code == 422
        if g.get("request_rolled_back") or not keeps_work:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except OperationalError:
            from smail_app.errors import database_unavailable_answer

            current_app.logger.error("database unavailable at commit", exc_info=True)
            return database_unavailable_answer()
        except SQLAlchemyError:
            # Two requests changed the same thing at once (a unique key, a stale version):
            # nothing of this one is kept, and the user is told to reload.
            db.session.rollback()
            current_app.logger.warning("request commit failed", exc_info=True)
            from smail_app.errors import render_error

            return current_app.make_response(render_error(409))
        return response
