"""The second factor (TOTP): enrolment, codes each accepted once, and recovery codes for a
lost phone (shown once, kept as hashes)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Literal

import pyotp
from sqlalchemy import delete, func, or_, select, update

from smail_app import clock
from smail_app.auth import lockout
from smail_app.auth.models import RecoveryCode, User
from smail_app.extensions import db

RECOVERY_CODE_COUNT = 10
# no 0/o, 1/l/i: codes are read off paper. 12 characters of 31 are about 59 bits, enough for
# a fast hash of a code that is only ever tried online and counted by the lockout.
_RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


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
    """Finish enrolment with the first right code (counted towards the lockout like any)."""
    if check_second_factor(user, code, recovery_allowed=False):
        user.totp_confirmed_dt = clock.now()
        return True
    return False


def check_second_factor(user: User, code: str, *, recovery_allowed: bool = True
                        ) -> Literal["app", "recovery"] | None:
    """Which kind of code signed ``user`` in, or None for a wrong one (counted: after a few in
    a row the account is locked for a while, see auth/lockout.py; Refused while locked)."""
    key = lockout.key_for(user)
    lockout.refuse_while_locked(key, "code")
    kind: Literal["app", "recovery"] | None = None
    if verify_totp(user, code):
        kind = "app"
    elif recovery_allowed and _use_recovery_code(user, code):
        kind = "recovery"
    if kind is None:
        lockout.record_failure(key)
    else:
        lockout.clear(key)
    return kind


def _recovery_hash(code: str) -> str:
    plain = "".join(ch for ch in code.casefold() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Fresh codes replacing any earlier ones; returned once to show, only hashes kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    now = clock.now()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        plain = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{plain[:4]}-{plain[4:8]}-{plain[8:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(plain),
                                    created_dt=now))
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_dt.is_(None))) or 0


def _use_recovery_code(user: User, code: str) -> bool:
    """Each code works once, even for two requests at once (the update claims it)."""
    claimed = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == _recovery_hash(code),
                                   RecoveryCode.used_dt.is_(None))
        .values(used_dt=clock.now()))
    return claimed.rowcount == 1


