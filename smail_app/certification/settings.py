"""The förbund's certification settings: ESF targets, validity periods and reminders."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from sqlalchemy import select

from smail_app import clock
from smail_app.auth.models import User
from smail_app.certification.models import CertificateKind, CertificationSetting
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _

SETTING_DEFAULTS: dict[str, int | None] = {
    "validity_months_utbildare": None,  # no expiry unless the förbund sets one
    "validity_months_anvandare": None,
    "reminder_days": 60,
    "target_utbildare": 14,
    "target_anvandare": 145,
    "target_can_train_pct": 80,
    "target_can_use_pct": 80,
    "target_helps_pct": 80,
}


def settings() -> dict[str, int | None]:
    values = dict(SETTING_DEFAULTS)
    for row in db.session.scalars(select(CertificationSetting)):
        if row.key in values:
            values[row.key] = row.value
    return values


def _check_setting(key: str, value: int | None) -> None:
    if key not in SETTING_DEFAULTS:
        raise Refused(_("Okänd inställning."))
    if value is not None and value < 0:
        raise Refused(_("Värdet kan inte vara negativt."), key)
    if key.endswith("_pct") and value is not None and value > 100:
        raise Refused(_("En andel kan vara högst 100 procent."), key)
    if not key.startswith("validity_") and value is None:
        raise Refused(_("Skriv ett värde."), key)


def update_settings(values: dict[str, int | None], actor: User) -> None:
    for key, value in values.items():
        _check_setting(key, value)
    existing = {row.key: row for row in db.session.scalars(select(CertificationSetting))}
    for key, value in values.items():
        row = existing.get(key)
        if row is None:
            db.session.add(CertificationSetting(key=key, value=value, updated_dt=clock.now(),
                                                updated_by_id=actor.id))
        elif row.value != value:
            row.value = value
            row.updated_dt = clock.now()
            row.updated_by_id = actor.id
    db.session.flush()


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(kind: CertificateKind | str, issued_on: date) -> date | None:
    """The last day a certificate issued on ``issued_on`` is valid, or None (no expiry)."""
    months = settings()[f"validity_months_{kind}"]
    if not months:
        return None
    return add_months(issued_on, months) - timedelta(days=1)


def reminder_horizon(on: date) -> date:
    """Certificates whose last day falls on or before this day are about to expire."""
    return on + timedelta(days=settings()["reminder_days"] or 0)
