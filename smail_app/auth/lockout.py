"""Per-account lockout with back-off, besides the per-address rate limit.

The address limit stops one machine guessing fast; it does not stop guesses spread over many
addresses, or a participant holding a locked phone trying the handledare's password. So wrong
passwords, second-factor codes and device-unlock passwords are also counted per account: after
``FREE_TRIES`` in a row the account answers "wait" for one minute, and each further failure
doubles the wait, up to an hour. A right answer clears the count, and so does a day without
failures: the count then starts again, and ``flask purge-expired`` deletes it (a hashed login
name that was mistyped once is not kept for ever). Unknown login names are counted the same
way, so a locked answer does not tell whether an account exists.

Counts live in the database, so several app instances share them.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, delete, or_, update
from sqlalchemy.exc import IntegrityError

from smail_app import clock
from smail_app.auth.models import SignInFailures, User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import ngettext

FREE_TRIES = 5
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
FORGET_AFTER = timedelta(days=1)  # longer than the longest wait, so no lock is ever forgotten


def key_for(user: User | None, login: str = "") -> str:
    if user is not None:
        return f"user:{user.id}"
    return "login:" + hashlib.sha256(login.strip().casefold().encode()).hexdigest()[:64]


def minutes_locked(key: str) -> int:
    """Whole minutes (at least 1) until ``key`` may try again; 0 when it may now."""
    row = db.session.get(SignInFailures, key)
    if row is None or row.locked_until is None:
        return 0
    left = (row.locked_until - clock.now()).total_seconds()
    return max(1, math.ceil(left / 60)) if left > 0 else 0


def record_failure(key: str) -> None:
    """Count one more failure; from the ``FREE_TRIES``-th on, lock for a doubling time. A
    count whose latest failure is more than ``FORGET_AFTER`` old starts again at one."""
    now = clock.now()
    counted = db.session.execute(update(SignInFailures).where(SignInFailures.key == key).values(
        failures=case((SignInFailures.last_failure_dt < now - FORGET_AFTER, 1),
                      else_=SignInFailures.failures + 1),
        last_failure_dt=now))
    if counted.rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(SignInFailures(key=key, failures=1, last_failure_dt=now))
        except IntegrityError:  # another request counted the first failure at the same time
            db.session.execute(update(SignInFailures).where(SignInFailures.key == key)
                               .values(failures=SignInFailures.failures + 1,
                                       last_failure_dt=now))
    row = db.session.get(SignInFailures, key, populate_existing=True)
    over = row.failures - FREE_TRIES
    if over >= 0:
        row.locked_until = now + min(FIRST_WAIT * 2 ** min(over, 12), LONGEST_WAIT)
        # for the operator: who is being guessed at (an account id or a hashed login name)
        current_app.logger.warning("sign-in locked: %s after %d failures in a row", key,
                                   row.failures)


def clear(key: str) -> None:
    db.session.execute(delete(SignInFailures).where(SignInFailures.key == key))


def forget_old_failures() -> int:
    """Delete every count with no failure for ``FORGET_AFTER`` (and the rows counted before
    failures were dated, once no lock of theirs is running); returns how many."""
    now = clock.now()
    forgotten = db.session.execute(delete(SignInFailures).where(or_(
        SignInFailures.last_failure_dt < now - FORGET_AFTER,
        and_(SignInFailures.last_failure_dt.is_(None),
             or_(SignInFailures.locked_until.is_(None), SignInFailures.locked_until <= now)))))
    return forgotten.rowcount


def refuse_while_locked(key: str, field: str) -> None:
    minutes = minutes_locked(key)
    if minutes:
        raise Refused(ngettext("För många fel i rad. Vänta %(num)s minut och försök igen.",
                               "För många fel i rad. Vänta %(num)s minuter och försök igen.",
                               minutes), field)
