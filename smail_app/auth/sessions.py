"""Revocable sign-in sessions.

The session is a signed cookie. To make it revocable without server-side session storage,
each account has a ``session_generation`` (a counter in the users table) and the cookie
carries the generation it was started with. The user loader, which reads the user row on
every request anyway, accepts the cookie only while both match. Bumping the counter (sign-out,
new password, deactivation, "sign out everywhere") therefore ends every session of that
account at once, on every app instance, at no extra query.

Besides that, a session carries when it started and when it was last seen: staff are signed
out after ``SMAIL_STAFF_IDLE_MINUTES`` without a request, and every session (participants
too) ends ``SMAIL_SESSION_MAX_DAYS`` after sign-in.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from smail_app import clock
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.i18n import gettext as _

GENERATION_KEY = "session_generation"
STARTED_KEY = "signed_in_ts"
LAST_SEEN_KEY = "last_seen_ts"
# A session opened by choosing a new password through a link: the link's invite id, so what
# is sent in this session can be marked (a handledare who gave the link could have used it).
PASSWORD_LINK_KEY = "opened_by_password_link"
# The last-seen time is written at most once a minute: writing it on every request re-signs
# and re-sends the cookie each time. The idle timeout can therefore come up to a minute early.
LAST_SEEN_RESOLUTION_SECONDS = 60


def start(user: User, *, password_link_id: int | None = None) -> None:
    """A fresh session for ``user`` (nothing kept from before: no fixation)."""
    session.clear()
    if password_link_id is not None:
        session[PASSWORD_LINK_KEY] = password_link_id
    login_user(user)
    now_ts = clock.now().timestamp()
    session[GENERATION_KEY] = user.session_generation
    session[STARTED_KEY] = now_ts
    session[LAST_SEEN_KEY] = now_ts
    # A participant on their own phone stays signed in across browser restarts (for
    # SMAIL_SESSION_MAX_DAYS at most); a staff session ends with the browser.
    session.permanent = user.is_participant


def opened_by_password_link() -> int | None:
    """The invite id of the password link this session was opened with, if it was."""
    value = session.get(PASSWORD_LINK_KEY)
    return value if isinstance(value, int) else None


def end() -> None:
    """Sign out this browser only (the account's other sessions are left alone)."""
    logout_user()
    session.clear()


# The roles in the same statement: every signed-in request needs them. Built once: building
# it on each request cost about a tenth of a millisecond, on every signed-in page.
_SIGNED_IN_USER = (select(User).where(User.public_id == bindparam("public_id"))
                   .options(joinedload(User.role_rows)))


def load_signed_in_user(public_id: str) -> User | None:
    """Flask-Login's user loader: the account, if this session is still one of its own."""
    user = db.session.scalars(_SIGNED_IN_USER, {"public_id": public_id}).unique().one_or_none()
    if user is None or not user.is_active:
        return None
    if session.get(GENERATION_KEY) != user.session_generation:
        return None
    return user


def _enforce_limits():
    """Idle timeout for staff, maximum lifetime for everyone."""
    if request.endpoint in (None, "static", "web.healthz") or request.path.startswith("/api/"):
        return None  # the API signs in with a token per request, not with the session
    if not current_user.is_authenticated:
        return None
    config = current_app.config
    now_ts = clock.now().timestamp()
    started, last_seen = session.get(STARTED_KEY), session.get(LAST_SEEN_KEY)
    idle = False
    if not isinstance(started, int | float) or not isinstance(last_seen, int | float):
        expired = True  # a session without these was not started here: refuse it
    else:
        too_old = now_ts - started > timedelta(days=config["SMAIL_SESSION_MAX_DAYS"]) \
            .total_seconds()
        idle = current_user.is_staff and now_ts - last_seen > timedelta(
            minutes=config["SMAIL_STAFF_IDLE_MINUTES"]).total_seconds()
        expired = too_old or idle
    if expired:
        if request.endpoint == "auth.login" and request.method == "POST":
            # signing in again from the page the old session left open: the old session
            # ends here, and must not swallow the sign-in that replaces it (the form's
            # CSRF token stays in the session until sign_in starts a fresh one)
            logout_user()
            return None
        end()
        flash(_("Du har loggats ut eftersom du inte har varit aktiv på ett tag.") if idle
              else _("Du har loggats ut. Logga in igen."), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET"
                                else None))
    if now_ts - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN_KEY] = now_ts
    return None


def register(app: Flask) -> None:
    app.permanent_session_lifetime = timedelta(days=app.config["SMAIL_SESSION_MAX_DAYS"])
    app.before_request(_enforce_limits)
