"""Accounts: password hashing, invites, sign-in and the TOTP second factor."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY
from flask import current_app
from sqlalchemy import func, select, update

from smail_app import clock
from smail_app.auth import common_passwords, lockout
from smail_app.auth.models import ApiToken, Invite, InviteKind, Role, User, UserRole
from smail_app.core.refusal import LinkGone, Refused
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l

# Argon2id (memory-hard): the library's RFC 9106 "low memory" profile in production. The
# test suite sets SMAIL_PASSWORD_HASH_COST = "low" (the library's cheapest profile), since no
# rule under test depends on the cost and thousands of sign-ins would otherwise dominate it.
_HASH_PROFILES: dict[str, Parameters] = {"standard": RFC_9106_LOW_MEMORY, "low": CHEAPEST}


@functools.cache
def _hasher_for(cost: str) -> tuple[PasswordHasher, str]:
    """The hasher for ``cost`` and a hash of a throw-away password to check against when no
    account matches, so an unknown login takes as long as a wrong password."""
    hasher = PasswordHasher.from_parameters(_HASH_PROFILES[cost])
    return hasher, hasher.hash("not a real password")


def _hasher() -> PasswordHasher:
    return _hasher_for(current_app.config["SMAIL_PASSWORD_HASH_COST"])[0]

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
PASSWORD_MIN_LENGTH = 8


class AccountError(Refused):
    """A rule about accounts was broken; the message is shown to the user."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.field = field


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_user(public_id: str) -> User | None:
    return db.session.scalar(select(User).where(User.public_id == public_id))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find_by_login(login: str) -> User | None:
    login = login.strip().lower()
    column = User.email if "@" in login else User.username
    return db.session.scalar(select(User).where(column == login))


def authenticate(login: str, password: str) -> User | None:
    """The user if login and password match an active account; one generic failure otherwise
    (counted towards the lockout). Refused while the account, or this unknown login name, is
    locked out (auth/lockout.py)."""
    user = find_by_login(login)
    key = lockout.key_for(user, login)
    lockout.refuse_while_locked(key, "login")
    if user is None:
        hasher, dummy_hash = _hasher_for(current_app.config["SMAIL_PASSWORD_HASH_COST"])
        hasher.verify(dummy_hash, "not a real password")  # same time as a real check
        lockout.record_failure(key)
        return None
    if not verify_password(user, password) or not user.is_active:
        lockout.record_failure(key)
        return None
    lockout.clear(key)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def check_own_password(user: User, password: str, field: str) -> bool:
    """A signed-in user types their password again (device unlock, password change): counted
    like a sign-in, so a locked phone cannot be used to guess the handledare's password."""
    key = lockout.key_for(user)
    lockout.refuse_while_locked(key, field)
    if verify_password(user, password):
        lockout.clear(key)
        return True
    lockout.record_failure(key)
    return False


def end_all_sessions(user: User) -> None:
    """Every signed-in session of ``user``, on any device or app instance, stops working at
    its next request (the cookie's generation no longer matches; smail_app.auth.sessions)."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_generation=User.session_generation + 1))
    db.session.refresh(user, ["session_generation"])


def change_password(user: User, current_password: str, new_password: str) -> bool:
    """The signed-in user's own change: the current password first (False when it is wrong,
    the failure counted and kept); other sessions end."""
    check_password_rules(new_password)
    if not check_own_password(user, current_password, "current_password"):
        return False
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    return True


def record_login(user: User) -> None:
    user.last_login_dt = clock.now()


def any_account_exists() -> bool:
    return db.session.scalar(select(func.count(User.id))) > 0


def staff_by_public_id(public_id: str) -> User | None:
    """A staff account (one with an e-mail address), or None."""
    return db.session.scalar(select(User).where(User.public_id == public_id,
                                                User.email.is_not(None)))


def invite_valid_days() -> int:
    return current_app.config["SMAIL_INVITE_VALID_DAYS"]


def email_taken(email: str) -> bool:
    found = db.session.scalar(select(User.id).where(User.email == normalise_email(email)))
    return found is not None


def username_taken(username: str) -> bool:
    found = db.session.scalar(select(User.id).where(User.username == normalise_username(username)))
    return found is not None


def check_password_rules(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(_l("Lösenordet måste ha minst %(n)s tecken.", n=PASSWORD_MIN_LENGTH),
                           "password")
    if len(password) > 128:
        raise AccountError(_l("Lösenordet får ha högst 128 tecken."), "password")
    if common_passwords.is_common(password):
        raise AccountError(_l("Det lösenordet är vanligt och gissas lätt. Välj ett annat, till "
                              "exempel tre ord som inte hör ihop."), "password")


def create_staff_user(email: str, password: str, *, display_name: str = "",
                      roles: list[str] | tuple[str, ...] = (), organisation_id: int | None = None,
                      gender: str | None = None) -> User:
    email = normalise_email(email)
    if email_taken(email):
        raise AccountError(_l("Det finns redan ett konto med den e-postadressen."), "email")
    check_password_rules(password)
    user = User(email=email, password_hash=hash_password(password), display_name=display_name,
                organisation_id=organisation_id, gender=gender, created_dt=clock.now())
    user.role_rows = [UserRole(role=str(role)) for role in sorted(set(roles))]
    db.session.add(user)
    db.session.flush()
    return user


def create_participant_user(username: str, password: str) -> User:
    username = normalise_username(username)
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            _l("Användarnamnet ska vara 3–40 tecken: bokstäverna a–z, siffror, punkt, "
               "bindestreck eller understreck."), "username")
    if username_taken(username):
        raise AccountError(_l("Användarnamnet är upptaget. Välj ett annat."), "username")
    check_password_rules(password)
    user = User(username=username, password_hash=hash_password(password), created_dt=clock.now())
    db.session.add(user)
    db.session.flush()
    return user


def create_admin(email: str, password: str, display_name: str = "") -> User:
    return create_staff_user(email, password, display_name=display_name, roles=[Role.ADMIN])


# --- Invites -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    token: str  # shown once, never stored


def issue_invite(kind: InviteKind, *, created_by: User | None = None, email: str | None = None,
                 roles: list[str] | tuple[str, ...] = (), organisation_id: int | None = None,
                 participant_id: int | None = None, valid_days: int | None = None,
                 name: str = "") -> IssuedInvite:
    token = secrets.token_urlsafe(24)
    days = valid_days if valid_days is not None else invite_valid_days()
    now = clock.now()
    invite = Invite(
        token_hash=hash_token(token), kind=str(kind),
        email=normalise_email(email) if email else None, name=name.strip()[:120],
        roles_csv=",".join(sorted({str(r) for r in roles})), organisation_id=organisation_id,
        participant_id=participant_id, created_by_id=created_by.id if created_by else None,
        created_dt=now, expires_dt=now + timedelta(days=days),
    )
    db.session.add(invite)
    db.session.flush()
    return IssuedInvite(invite, token)


class InviteUnusable(LinkGone):
    """The link is unknown, used, revoked or expired (a 410 page explains which)."""


def usable_invite(token: str, kind: InviteKind | tuple[InviteKind, ...]) -> Invite:
    kinds = {str(k) for k in (kind if isinstance(kind, tuple) else (kind,))}
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
    if invite is None or invite.kind not in kinds:
        raise InviteUnusable(_l("Länken finns inte. Kontrollera att du har fått med hela länken."))
    if invite.used_dt is not None:
        raise InviteUnusable(_l("Länken har redan använts. Logga in, eller be om en ny länk."))
    if invite.revoked_dt is not None:
        raise InviteUnusable(_l("Länken har dragits tillbaka. Be om en ny länk."))
    if clock.now() >= invite.expires_dt:
        raise InviteUnusable(_l("Länken har gått ut. Be om en ny länk."))
    return invite


def mark_used(invite: Invite) -> None:
    """Claim the invite once, even if two requests race for it."""
    result = db.session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.used_dt.is_(None))
        .values(used_dt=clock.now())
    )
    if result.rowcount != 1:
        raise InviteUnusable(_l("Länken har redan använts. Logga in, eller be om en ny länk."))


def accept_staff_invite(invite: Invite, *, display_name: str, password: str,
                        gender: str | None) -> User:
    mark_used(invite)
    roles = [Role.ADMIN] if invite.kind == InviteKind.SETUP else invite.roles
    email = invite.email
    if email is None:
        raise AccountError(_l("Inbjudan saknar e-postadress."))
    return create_staff_user(email, password, display_name=display_name, roles=roles,
                             organisation_id=invite.organisation_id, gender=gender)


def issue_staff_invite(created_by: User, email: str, roles: list[str],
                       organisation_id: int | None) -> IssuedInvite:
    """The admin invites a staff member: at least one role, and an address no account has."""
    if not roles:
        raise AccountError(_l("Välj minst en roll."), "role_handledare")
    if email_taken(email):
        raise AccountError(_l("Det finns redan ett konto med den e-postadressen."), "email")
    return issue_invite(InviteKind.STAFF, created_by=created_by, email=email, roles=roles,
                        organisation_id=organisation_id)


def pending_staff_invites() -> list[Invite]:
    """Staff invites not yet used, withdrawn or expired, newest first."""
    return list(db.session.scalars(select(Invite).where(
        Invite.kind == InviteKind.STAFF, Invite.used_dt.is_(None), Invite.revoked_dt.is_(None),
        Invite.expires_dt > clock.now()).order_by(Invite.created_dt.desc())))


def revoke_staff_invite(invite_id: int) -> bool:
    """Withdraw a pending staff invite; False when there is none such (used, gone, other)."""
    invite = db.session.get(Invite, invite_id)
    if invite is None or invite.kind != InviteKind.STAFF or invite.used_dt is not None \
            or invite.revoked_dt is not None:
        return False
    invite.revoked_dt = clock.now()
    db.session.flush()
    return True


def issue_password_link(user: User, created_by: User,
                        participant_id: int | None = None) -> IssuedInvite:
    """A single-use link to choose a new password, given by a handledare (participants)
    or the admin (staff). Earlier unused links for the same account stop working."""
    now = clock.now()
    target = (Invite.participant_id == participant_id) if participant_id is not None \
        else (Invite.email == user.email)
    for old in db.session.scalars(select(Invite).where(
            Invite.kind == InviteKind.PASSWORD, target, Invite.used_dt.is_(None),
            Invite.revoked_dt.is_(None))):
        old.revoked_dt = now
    return issue_invite(InviteKind.PASSWORD, created_by=created_by,
                        email=None if participant_id is not None else user.email,
                        participant_id=participant_id)


def account_for_password_link(invite: Invite) -> User:
    """The account a password link belongs to."""
    if invite.participant_id is not None:
        user = invite.participant.user if invite.participant is not None else None
    else:
        user = find_by_login(invite.email or "") if invite.email else None
    if user is None or not user.is_active:
        raise InviteUnusable(_l("Länken finns inte. Kontrollera att du har fått med hela länken."))
    return user


def set_new_password(invite: Invite, password: str) -> User:
    user = account_for_password_link(invite)
    check_password_rules(password)
    mark_used(invite)
    user.password_hash = hash_password(password)
    end_all_sessions(user)  # whoever was signed in with the old password is signed out
    return user


def issue_setup_invite() -> IssuedInvite | None:
    """A one-time link for the first admin, only while no account exists."""
    if any_account_exists():
        return None
    for old in db.session.scalars(select(Invite).where(Invite.kind == InviteKind.SETUP,
                                                       Invite.used_dt.is_(None))):
        old.revoked_dt = clock.now()
    return issue_invite(InviteKind.SETUP, valid_days=1)


def revoke_open_invites_for_participant(participant_id: int) -> None:
    now = clock.now()
    for invite in db.session.scalars(select(Invite).where(
            Invite.participant_id == participant_id, Invite.used_dt.is_(None),
            Invite.revoked_dt.is_(None))):
        invite.revoked_dt = now


# --- API tokens ----------------------------------------------------------------------------


def issue_api_token(user: User, *, can_write: bool = False) -> str:
    token = "smail_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(token_hash=hash_token(token), user_id=user.id, can_write=can_write,
                            created_dt=clock.now()))
    db.session.flush()
    return token


def user_for_api_token(token: str) -> tuple[User, ApiToken] | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                                                   ApiToken.revoked_dt.is_(None)))
    if row is None or not row.user.is_active:
        return None
    lifetime = timedelta(days=current_app.config["SMAIL_API_TOKEN_DAYS"])
    if row.created_dt + lifetime < clock.now():
        return None
    return row.user, row
