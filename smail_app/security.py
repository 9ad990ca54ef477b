"""Security headers on every response; the session limits (idle timeout, lifetime,
revocation) are applied by :mod:`smail_app.auth.sessions`."""

from __future__ import annotations

from flask import Flask, Response, abort, request, session

from smail_app.auth import sessions

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def register(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    sessions.register(app)
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
