"""Security headers on every response, and the idle timeout for staff sessions."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from smail_app import clock

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
LAST_SEEN_KEY = "last_seen_ts"


def register(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.before_request(_enforce_staff_idle_timeout)
    app.after_request(_add_security_headers)


def _refuse_nul_characters() -> None:
    """No field anywhere accepts a NUL character (PostgreSQL cannot even store one), so a
    request carrying one is refused whole, before any view or query sees it."""
    sources = [request.args]
    if request.method in ("POST", "PUT", "PATCH"):
        sources.append(request.form)
    values = [request.path]
    for source in sources:
        for key, items in source.lists():
            values += [key, *items]
    if any("\x00" in value for value in values):
        abort(400)


def _enforce_staff_idle_timeout():  # noqa: ANN202 - a response or None
    if request.endpoint in (None, "static", "web.healthz") or request.path.startswith("/api/"):
        return None  # the API signs in with a token per request, not with the session
    if not current_user.is_authenticated or not current_user.is_staff:
        return None
    from flask import current_app

    limit = timedelta(minutes=current_app.config["SMAIL_STAFF_IDLE_MINUTES"])
    now_ts = clock.now().timestamp()
    last_seen = session.get(LAST_SEEN_KEY)
    if last_seen is not None and now_ts - float(last_seen) > limit.total_seconds():
        logout_user()
        session.clear()
        flash(_("Du har loggats ut eftersom du inte har varit aktiv på ett tag."), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None))
    session[LAST_SEEN_KEY] = now_ts
    return None


def _add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if "_user_id" in session:  # signed in (read from the session: no database lookup here)
        # Personal data must not linger in shared caches or the back-forward cache.
        headers.setdefault("Cache-Control", "no-store")
    return response
