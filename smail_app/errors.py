"""Error pages in the user's language; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from smail_app.core.refusal import LinkGone
from smail_app.core.transaction import roll_back_request
from smail_app.extensions import login_manager
from smail_app.i18n import gettext as _


def _messages() -> dict[int, str]:
    return {
        400: _("Förfrågan kunde inte behandlas. Gå tillbaka och försök igen."),
        401: _("Du behöver logga in."),
        403: _("Du har inte behörighet till det här."),
        404: _("Sidan finns inte, eller så har du inte tillgång till den."),
        405: _("Det går inte att göra så här på den här sidan."),
        409: _("Någon annan har ändrat samma sak. Ladda om sidan och försök igen."),
        410: _("Länken har redan använts eller har gått ut."),
        413: _("Det du skickade är för stort."),
        429: _("För många försök. Vänta en stund och försök igen."),
        500: _("Något gick fel hos oss. Försök igen om en stund."),
        503: _("SMAIL går inte att nå just nu. Det du redan har sparat finns kvar. Försök "
               "igen om en stund."),
    }


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(status: int, message: str | None = None):
    """The error page (or JSON error under /api/) in the user's language."""
    text = message or _messages().get(status, _messages()[500])
    if _wants_json():
        return jsonify({"error": {"status": status, "message": text}}), status
    return render_template("error.html", status=status, message=text), status


def database_unavailable_answer():
    """503 when the database cannot be reached: a page in the user's language that needs no
    database (the signed-in user cannot be loaded, so the page is drawn as for a visitor).
    The pool checks connections before use, so the app recovers by itself when it is back."""
    g._login_user = login_manager.anonymous_user()  # flask-login's request user: no lookup
    try:
        roll_back_request()
    except SQLAlchemyError:
        pass  # the connection is gone; there is nothing to roll back
    response = render_error(503)
    response = make_response(response)
    response.headers["Retry-After"] = "30"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        roll_back_request()
        return render_error(400, _("Formuläret hade gått ut eller saknade säkerhetskod. "
                              "Ladda om sidan och försök igen."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        roll_back_request()
        return render_error(status, error.description if isinstance(error, LinkGone) else None)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        app.logger.error("database unavailable: %s", error.orig)
        return database_unavailable_answer()

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        roll_back_request()
        return render_error(500)
