"""The one place the app asks what time it is.

Tests freeze or move time by setting ``app.config["SMAIL_FROZEN_NOW"]`` to an aware
datetime, so schedule, expiry and idle-timeout rules are checked without sleeping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def now() -> datetime:
    """Current time, timezone-aware, in UTC."""
    if has_app_context():
        frozen = current_app.config.get("SMAIL_FROZEN_NOW")
        if frozen is not None:
            return frozen.astimezone(UTC)
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    name = current_app.config["SMAIL_TIMEZONE"] if has_app_context() else "Europe/Stockholm"
    return ZoneInfo(name)


def today() -> date:
    """Today's date in Sweden (the schedule is kept in local dates)."""
    return now().astimezone(local_zone()).date()
