"""Rating together on the handledare's device: the device is locked to that one rating.

While locked, every request except that rating's pages (step, check, submit, done), the
unlock page, static files and the login page is sent back to the rating, so the participant
cannot wander into the handledare's caseload. After submitting, the device still shows the
confirmation until the handledare types their password again (``unlock``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from smail_app.extensions import db

SESSION_KEY = "device_lock"
RATING_ENDPOINTS = frozenset({"assessments.together_step", "assessments.together_check",
                              "assessments.together_submit", "assessments.together_done"})
ALWAYS_ALLOWED = frozenset({"static", "auth.login", "web.healthz",
                            "assessments.together_unlock"})
# The interpreter's language switch for the locked rating itself.
LOCKED_RATING_ENDPOINTS = frozenset({"assessments.rating_language"})


@dataclass(frozen=True)
class DeviceLock:
    participant_id: str  # public ids, as in the rating's URLs
    rating_id: str


def lock(participant_public_id: str, rating_public_id: str) -> None:
    session[SESSION_KEY] = {"participant": participant_public_id, "rating": rating_public_id}


def current() -> DeviceLock | None:
    found = session.get(SESSION_KEY)
    if not isinstance(found, dict):
        return None
    participant_id, rating_id = found.get("participant"), found.get("rating")
    if not isinstance(participant_id, str) or not isinstance(rating_id, str):
        return None
    return DeviceLock(participant_id, rating_id)


def unlock() -> None:
    session.pop(SESSION_KEY, None)


def allows(found: DeviceLock, endpoint: str | None, view_args: dict | None) -> bool:
    if endpoint in ALWAYS_ALLOWED:
        return True
    if endpoint in RATING_ENDPOINTS:
        args = view_args or {}
        return (args.get("participant_id") == found.participant_id
                and args.get("rating_id") == found.rating_id)
    if endpoint in LOCKED_RATING_ENDPOINTS:
        return (view_args or {}).get("rating_id") == found.rating_id
    return False


def resume_url(found: DeviceLock) -> str | None:
    """Where the locked device belongs: the next unanswered step, the check page, or the
    confirmation once submitted. None if the rating is gone."""
    from smail_app.assessments import services
    from smail_app.assessments.models import Rating

    rating = db.session.scalar(select(Rating).where(Rating.public_id == found.rating_id))
    if rating is None:
        return None
    ids = {"participant_id": found.participant_id, "rating_id": found.rating_id}
    if rating.is_submitted:
        return url_for("assessments.together_done", **ids)
    step = services.first_step_to_answer(rating)
    if step is None:
        return url_for("assessments.together_check", **ids)
    return url_for("assessments.together_step", step=step, **ids)


def _enforce():
    found = current()
    if found is None or allows(found, request.endpoint, request.view_args):
        return None
    if not current_user.is_authenticated or not current_user.is_staff:
        unlock()  # a lock outlives nothing: signed out means the session is gone anyway
        return None
    target = resume_url(found)
    if target is None:
        unlock()
        return None
    return redirect(target, 303)


def register(app: Flask) -> None:
    app.before_request(_enforce)
