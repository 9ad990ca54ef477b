"""The certification blueprint and what its pages share: loading an object or answering
404, and the labels and standings templates use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from smail_app import clock
from smail_app.auth.models import User
from smail_app.certification.courses import can_manage_course
from smail_app.certification.models import (
    CertificateKind,
    Course,
    CourseSession,
    Enrolment,
)
from smail_app.certification.standing import Standing, standings
from smail_app.extensions import db

bp = Blueprint("certification", __name__, url_prefix="/certification")


def by_public_id(model: Any, public_id: str) -> Any:
    return db.session.scalar(select(model).where(model.public_id == public_id))


def status(form_or_flag: Any) -> int:
    """422 when the form (or the flag) says there are errors to show, else 200."""
    has_errors = form_or_flag if isinstance(form_or_flag, bool) else bool(form_or_flag.errors)
    return 422 if has_errors else 200


def course_or_404(public_id: str) -> Course:
    course = by_public_id(Course, public_id)
    if course is None or not can_manage_course(current_user, course):
        abort(404)
    return course


def session_or_404(course: Course, session_id: str) -> CourseSession:
    session = next((s for s in course.sessions if s.public_id == session_id), None)
    if session is None:
        abort(404)
    return session


def back_to_course(course: Course):
    return redirect(url_for("certification.course", public_id=course.public_id))


def enrolment_or_404(course: Course, enrolment_id: str) -> Enrolment:
    enrolment = next((e for e in course.enrolments if e.public_id == enrolment_id), None)
    if enrolment is None:
        abort(404)
    return enrolment


@bp.app_template_global("handledare_standings")
def handledare_standings(users: list[User]) -> dict[int, Standing]:
    """For team lists: each person's användare certificate today (one query)."""
    return standings([u.id for u in users], CertificateKind.ANVANDARE, clock.today())


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"certificate_kinds": list(CertificateKind)}
