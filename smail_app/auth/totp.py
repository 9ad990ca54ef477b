"""The second factor (TOTP): enrolment, and codes each accepted once."""

from __future__ import annotations

import hmac

import pyotp
from sqlalchemy import or_, update

from smail_app import clock
from smail_app.auth.models import User
from smail_app.extensions import db


def start_totp_enrolment(user: User) -> str:
    """A secret to show once; kept until confirmed so reloading the page shows the same."""
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def totp_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(name=user.login_name,
                                                               issuer_name="SMAIL")


def verify_totp(user: User, code: str) -> bool:
    """True for a right code from a time step later than the last one accepted: the same code
    (or an older one) cannot be used twice, even by two requests at once."""
    if not user.totp_secret:
        return False
    code = code.replace(" ", "")
    if not code.isdigit():
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now_step = totp.timecode(clock.now())
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_totp_step(user, step)
    return False


def _claim_totp_step(user: User, step: int) -> bool:
    claimed = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None),
                                                   User.totp_last_step < step))
        .values(totp_last_step=step))
    if claimed.rowcount != 1:
        return False
    db.session.refresh(user, ["totp_last_step"])
    return True


def confirm_totp(user: User, code: str) -> bool:
    if verify_totp(user, code):
        user.totp_confirmed_dt = clock.now()
        return True
    return False


