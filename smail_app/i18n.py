"""Language choice: Swedish by default, English complete. The choice sticks in a cookie
and, for signed-in users, on the account."""

from __future__ import annotations

from datetime import date, datetime

from flask import has_request_context, request
from flask_babel import format_date
from flask_login import current_user

LANGUAGES = {"sv": "Svenska", "en": "English"}
LANGUAGE_COOKIE = "smail_lang"


def select_locale() -> str:
    if not has_request_context():  # CLI and services called outside a request speak Swedish
        return "sv"
    if request.path.startswith("/api/"):
        # API callers sign in with a token, not the session: their header alone decides.
        return request.accept_languages.best_match(LANGUAGES) or "sv"
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in LANGUAGES:
            return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return "sv"


def longdate(value: date | datetime) -> str:
    """A date written out in the user's language: '12 mars 2027'."""
    return format_date(value, "d MMMM y")
