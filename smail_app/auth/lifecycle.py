"""A staff account's life after the invite: roles changed, closed and opened again, new
password links from the admin, and the log of each of these that the holder can read.

Closing an account keeps its history (ratings, plans, certificates, log entries name it) but
ends every session and API token at once, and withdraws its unused links.
"""

from __future__ import annotations

from blinker import Namespace
from flask import url_for
from sqlalchemy import select, update

from smail_app import clock
from smail_app.auth import services
from smail_app.auth.models import (
    AccountEvent,
    AccountEventKind,
    ApiToken,
    Invite,
    InviteKind,
    Role,
    User,
    UserRole,
)
from smail_app.core import invite_mail
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _

# Sent when a participant chose a new password through a handledare's link; the participants
# package (above this one) writes it to the participant's access log. Receivers get the
# invite and ``user``.
participant_password_link_used = Namespace().signal("participant-password-link-used")


def record(user: User, kind: AccountEventKind, actor: User | None, detail: str = "") -> None:
    db.session.add(AccountEvent(user_id=user.id, actor_id=actor.id if actor else None,
                                kind=kind, detail=detail[:200], created_dt=clock.now()))


def events_of(user: User) -> list[AccountEvent]:
    return list(db.session.scalars(select(AccountEvent).where(AccountEvent.user_id == user.id)
                                   .order_by(AccountEvent.created_dt.desc(),
                                             AccountEvent.id.desc())))


def set_roles(user: User, roles: list[Role], actor: User) -> bool:
    """Give ``user`` exactly ``roles``; False when nothing changed."""
    if user.id == actor.id and Role.ADMIN in user.roles and Role.ADMIN not in roles:
        raise Refused(_("Du kan inte ta bort din egen administratörsroll. Be en annan "
                        "administratör göra det."), "role_admin")
    wanted = {str(role) for role in roles}
    if wanted == {str(role) for role in user.roles}:
        return False
    user.role_rows[:] = [row for row in user.role_rows if row.role in wanted]
    for role in sorted(wanted - {row.role for row in user.role_rows}):
        user.role_rows.append(UserRole(role=role))
    record(user, AccountEventKind.ROLES_CHANGED, actor,
           ", ".join(Role(role).label for role in sorted(wanted)) or _("inga roller"))
    db.session.flush()
    return True


def deactivate(user: User, actor: User) -> None:
    """Close the account: its sessions, API tokens and unused links stop working now."""
    if user.id == actor.id:
        raise Refused(_("Du kan inte stänga ditt eget konto. Be en annan administratör."))
    if not user.is_active_account:
        return
    now = clock.now()
    user.is_active_account = False
    services.end_all_sessions(user)
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                              ApiToken.revoked_dt.is_(None))
                       .values(revoked_dt=now))
    if user.email:
        db.session.execute(update(Invite).where(
            Invite.email == user.email, Invite.kind == InviteKind.PASSWORD,
            Invite.used_dt.is_(None), Invite.revoked_dt.is_(None)).values(revoked_dt=now))
    record(user, AccountEventKind.DEACTIVATED, actor)
    db.session.flush()


def reactivate(user: User, actor: User) -> None:
    if user.is_active_account:
        return
    user.is_active_account = True
    record(user, AccountEventKind.REACTIVATED, actor)
    db.session.flush()


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_dt.desc())))


def revoke_token(user: User, token_id: int, actor: User) -> bool:
    """Revoke one of ``user``'s API tokens; False when there is no such live token."""
    revoked = db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_dt.is_(None))
        .values(revoked_dt=clock.now()))
    if revoked.rowcount != 1:
        return False
    record(user, AccountEventKind.TOKEN_REVOKED, actor)
    return True


def issue_staff_password_link(user: User, actor: User) -> str | None:
    """A new-password link for a staff account, logged for its holder to see. With mail set
    up it goes to the account's own address only (None is returned: nothing to show, so the
    admin cannot use it to take the account over); without mail the link is returned for the
    admin to pass on, and the holder is told at the next sign-in once it is used."""
    if not user.is_active_account:
        raise Refused(_("Kontot är stängt. Öppna det först."))
    issued = services.issue_password_link(user, actor)
    link = url_for("auth.accept_invite", token=issued.token, _external=True)
    if not invite_mail.invites_are_mailed():
        record(user, AccountEventKind.PASSWORD_LINK_SHOWN, actor)
        return link
    if not invite_mail.mail_link(user.email or "", link, actor.display_name, "password"):
        raise Refused(_("E-posten kunde inte skickas. Försök igen om en stund."))
    record(user, AccountEventKind.PASSWORD_LINK_MAILED, actor)
    return None


def password_set_by_link(user: User, invite: Invite) -> None:
    """Log a password chosen through a link: a staff member is told at the next sign-in; a
    participant's access log says who gave the link and when it was used."""
    if invite.participant_id is not None:
        participant_password_link_used.send(invite, user=user)
    elif user.is_staff:
        creator = db.session.get(User, invite.created_by_id) if invite.created_by_id else None
        record(user, AccountEventKind.PASSWORD_SET_BY_LINK, None,
               creator.display_name if creator else "")


def untold_password_changes(user: User) -> list[AccountEvent]:
    """Passwords set through an admin's link that the holder has not been told about yet;
    marked as told."""
    events = list(db.session.scalars(select(AccountEvent).where(
        AccountEvent.user_id == user.id,
        AccountEvent.kind == AccountEventKind.PASSWORD_SET_BY_LINK,
        AccountEvent.told_dt.is_(None))))
    for event in events:
        event.told_dt = clock.now()
    return events
