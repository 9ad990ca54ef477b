"""Accounts, roles, one-time invites and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l

if TYPE_CHECKING:
    from smail_app.organisations.models import Organisation
    from smail_app.participants.models import Participant


class Role(LabelledEnum):
    ADMIN = "admin"
    UTBILDARE = "utbildare"
    HANDLEDARE = "handledare"

    @classmethod
    def _labels(cls) -> dict[Role, object]:
        return {cls.ADMIN: _l("Administratör"), cls.UTBILDARE: _l("Utbildare"),
                cls.HANDLEDARE: _l("Handledare")}


class Gender(LabelledEnum):
    """Asked of staff and participants for the gender-divided statistics only."""

    KVINNA = "kvinna"
    MAN = "man"
    ANNAT = "annat"
    VILL_EJ_UPPGE = "vill_ej_uppge"

    @classmethod
    def _labels(cls) -> dict[Gender, object]:
        return {cls.KVINNA: _l("Kvinna"), cls.MAN: _l("Man"), cls.ANNAT: _l("Annat"),
                cls.VILL_EJ_UPPGE: _l("Vill ej uppge")}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    # Staff sign in with their e-mail, participants with the username they chose.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    gender: Mapped[Gender | None] = mapped_column(enum_column_type(Gender, 20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    locale: Mapped[str | None] = mapped_column(String(5))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Bumped to end every session of the account at once (smail_app.auth.sessions).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The time step of the last accepted code: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return self.public_id

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def roles(self) -> set[Role]:
        return {Role(row.role) for row in self.role_rows}

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def is_staff(self) -> bool:
        return self.email is not None

    @property
    def is_participant(self) -> bool:
        return self.username is not None

    @property
    def has_totp(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_dt is not None

    @property
    def must_use_totp(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def login_name(self) -> str:
        return self.email or self.username or ""


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, 20))

    user: Mapped[User] = relationship(back_populates="role_rows")


class InviteKind(LabelledEnum):
    SETUP = "setup"  # the first admin, printed by `make run`
    STAFF = "staff"
    PARTICIPANT = "participant"
    PASSWORD = "password"  # a new password for an existing account (participant or staff)

    @classmethod
    def _labels(cls) -> dict[InviteKind, object]:
        return {cls.SETUP: _l("Länk för den första administratören"),
                cls.STAFF: _l("Inbjudan för personal"),
                cls.PARTICIPANT: _l("Inbjudan för deltagare"),
                cls.PASSWORD: _l("Länk för nytt lösenord")}


class Invite(db.Model):
    """A single-use link. Only a hash of the token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[InviteKind] = mapped_column(enum_column_type(InviteKind, 20))
    email: Mapped[str | None] = mapped_column(String(254))
    # the invited person's name as the inviter typed it, offered on the invite page
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    roles_csv: Mapped[str] = mapped_column(String(100), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # indexed: the participant page asks for the participant's open invite on every view
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # by name: participants sit above auth (a participant's invite or password link)
    participant: Mapped[Participant | None] = relationship("Participant")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def roles(self) -> list[str]:
        return [r for r in self.roles_csv.split(",") if r]

    @property
    def role_members(self) -> list[Role]:
        return [Role(r) for r in self.roles]


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    can_write: Mapped[bool] = mapped_column(default=False)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignInFailures(db.Model):
    """Wrong passwords and codes in a row for one account (or one unknown login name, so that
    a locked answer does not tell whether an account exists). See auth/lockout.py."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the latest failure came: a count left for a day starts again, and is then deleted
    # (``flask purge-expired``); None only on rows counted before this column existed
    last_failure_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(db.Model):
    """A single-use code for signing in without the phone; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountEventKind(LabelledEnum):
    ROLES_CHANGED = "roles_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    PASSWORD_LINK_SHOWN = "password_link_shown"
    PASSWORD_LINK_MAILED = "password_link_mailed"
    PASSWORD_SET_BY_LINK = "password_set_by_link"
    TOKEN_REVOKED = "token_revoked"

    @classmethod
    def _labels(cls) -> dict[AccountEventKind, object]:
        return {cls.ROLES_CHANGED: _l("Roller ändrade"),
                cls.DEACTIVATED: _l("Kontot stängt"),
                cls.REACTIVATED: _l("Kontot öppnat igen"),
                cls.PASSWORD_LINK_SHOWN: _l("Länk för nytt lösenord visad för administratören"),
                cls.PASSWORD_LINK_MAILED: _l("Länk för nytt lösenord skickad med e-post"),
                cls.PASSWORD_SET_BY_LINK: _l("Nytt lösenord valt med en länk"),
                cls.TOKEN_REVOKED: _l("API-nyckel återkallad")}


class AccountEvent(db.Model):
    """What an admin did to a staff account, and a password chosen through a link: the admin
    sees these on the account's page, the account's holder on their own account page."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[AccountEventKind] = mapped_column(enum_column_type(AccountEventKind, 30))
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    # when the holder was told at sign-in (events they must hear about)
    told_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
