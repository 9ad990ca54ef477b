"""The ESF dashboard is kept until the data it counts changes (``core.kept``).

It reads every certificate with its holder's gender and organisation, every enrolment, the
utbildare's attendance in the horizontal course and every closed evaluation: tens of
milliseconds of Python at county scale, for numbers that change only when the certification
data does. Those writes raise this topic's counter; the dashboard is computed once per
counter value, day and language, and kept in this process.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import inspect

from smail_app.auth.models import User
from smail_app.certification.models import (
    Certificate,
    CertificationSetting,
    Course,
    CourseSession,
    CourseTrainer,
    Enrolment,
    Evaluation,
    SessionAttendance,
)
from smail_app.core import kept
from smail_app.i18n import locale_code
from smail_app.organisations.models import Organisation

# Every table of the certification records, and the organisations they are grouped by.
COUNTED_MODELS = (Course, CourseTrainer, CourseSession, Enrolment, SessionAttendance,
                  Certificate, Evaluation, CertificationSetting, Organisation)
COUNTED_TABLES = frozenset(m.__tablename__ for m in COUNTED_MODELS)
# An account counts when it goes (its certificates go with it, in the database) or when
# what the dashboard groups by changes; a sign-in or a new password does not.
USER_COLUMNS = ("gender", "organisation_id")

T = TypeVar("T")


def _counts(instance: object, change: str) -> bool:
    if isinstance(instance, COUNTED_MODELS):
        return True
    if isinstance(instance, User):
        if change == "deleted":
            return True
        if change == "changed":
            state = inspect(instance)
            return any(state.attrs[name].history.has_changes() for name in USER_COLUMNS)
    return False


CERTIFICATION = kept.define(kept.Topic(2, "certification", _counts, COUNTED_TABLES, size=16))


def kept_for_today(name: str, today: date, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave today in this language since the data last changed."""
    return kept.kept(CERTIFICATION, (name, today, locale_code()), compute)
