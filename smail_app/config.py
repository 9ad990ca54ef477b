"""Configuration defaults.

Order of precedence (last wins): these defaults, ``instance/config.py``, ``SMAIL_*``
environment variables, and finally the ``test_config`` given to ``create_app``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULTS: dict[str, object] = {
    "SMAIL_ENV": "development",
    "SQLALCHEMY_DATABASE_URI": None,  # filled in from SMAIL_DATABASE_URL or instance/smail.db
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SMAIL_RATING_WINDOW_DAYS": 14,
    "SMAIL_RATING_INTERVAL_WEEKS": 13,
    "SMAIL_INVITE_VALID_DAYS": 7,
    # months after exit before `flask purge-expired` anonymises a participant
    "SMAIL_RETENTION_MONTHS": 24,
    "SMAIL_STAFF_IDLE_MINUTES": 30,
    # Every session ends this long after sign-in, idle or not (participants stay signed in on
    # their own phone until then; staff are also signed out after the idle minutes above).
    "SMAIL_SESSION_MAX_DAYS": 30,
    "SMAIL_TIMEZONE": "Europe/Stockholm",
    "SMAIL_REDIS_URL": None,
    "SMAIL_LOGIN_RATE_LIMIT": "10 per minute",
    "SMAIL_BASE_URL": None,  # used in links printed by the CLI; defaults to http://HOST:PORT
    "SMAIL_MIN_GROUP_SIZE": 5,
    # days after a course's last session that its evaluation survey takes answers; results
    # are shown only after that
    "SMAIL_EVALUATION_OPEN_DAYS": 30,
    # a course session counts as attended from this share of its length (percent)
    "SMAIL_ATTENDANCE_MIN_PERCENT": 80,
    # an API token stops working this long after it was made
    "SMAIL_API_TOKEN_DAYS": 365,
    # Argon2id cost: "standard" (RFC 9106 low-memory profile) or "low" (tests only: the
    # library's cheapest profile, so a sign-in costs microseconds rather than ~50 ms).
    "SMAIL_PASSWORD_HASH_COST": "standard",
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (0 = none).
    # Needed so HTTPS is recognised and rate limits count the real client address.
    "SMAIL_PROXY_HOPS": 0,
    # Outgoing mail for `flask reminders` (smtplib; STARTTLS when USE_TLS is on).
    "SMAIL_MAIL_SERVER": "localhost",
    "SMAIL_MAIL_PORT": 25,
    "SMAIL_MAIL_USERNAME": None,
    "SMAIL_MAIL_PASSWORD": None,
    "SMAIL_MAIL_USE_TLS": False,
    "SMAIL_MAIL_SENDER": "smail@localhost",
    # E-mail invitation and password links as well as showing them (off: links are only
    # shown, for the inviter to pass on).
    "SMAIL_MAIL_SEND_INVITES": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # The cookie is sent again only when the session changes (sign-in, a flash message, the
    # last-seen time once a minute): its expiry is fixed at sign-in anyway, since a session
    # ends SMAIL_SESSION_MAX_DAYS after sign-in however active it is.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SECURE": True,
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
}

# SMAIL_* variables whose values are not plain strings.
_INT_KEYS = {
    "SMAIL_ATTENDANCE_MIN_PERCENT",
    "SMAIL_API_TOKEN_DAYS",
    "SMAIL_EVALUATION_OPEN_DAYS",
    "SMAIL_RATING_WINDOW_DAYS",
    "SMAIL_RATING_INTERVAL_WEEKS",
    "SMAIL_INVITE_VALID_DAYS",
    "SMAIL_RETENTION_MONTHS",
    "SMAIL_STAFF_IDLE_MINUTES",
    "SMAIL_SESSION_MAX_DAYS",
    "SMAIL_MIN_GROUP_SIZE",
    "SMAIL_PROXY_HOPS",
    "SMAIL_MAIL_PORT",
}
_BOOL_KEYS = {"SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "SMAIL_MAIL_USE_TLS",
              "SMAIL_MAIL_SEND_INVITES"}


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, object]:
    """Read ``SMAIL_*`` variables. ``SMAIL_SECRET_KEY`` and ``SMAIL_DATABASE_URL`` map onto
    Flask's own names; ``SMAIL_COOKIE_SECURE=0`` allows plain-HTTP development cookies."""
    found: dict[str, object] = {}
    for key, value in environ.items():
        if not key.startswith("SMAIL_"):
            continue
        if key == "SMAIL_SECRET_KEY":
            found["SECRET_KEY"] = value
        elif key == "SMAIL_DATABASE_URL":
            found["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(value)
        elif key == "SMAIL_COOKIE_SECURE":
            secure = value.lower() in {"1", "true", "yes"}
            found["SESSION_COOKIE_SECURE"] = secure
            found["REMEMBER_COOKIE_SECURE"] = secure
        elif key in _INT_KEYS:
            found[key] = int(value)
        elif key in _BOOL_KEYS:
            found[key] = value.lower() in {"1", "true", "yes"}
        else:
            found[key] = value
    return found


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def development_secret_key(instance_path: str) -> str:
    """A random key kept in instance/ so sessions survive restarts in development."""
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
