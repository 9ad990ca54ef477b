"""Write and read the access log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smail_app import clock
from smail_app.audit import chain
from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.auth.models import User
from smail_app.extensions import db

if TYPE_CHECKING:  # the participant is only passed through: audit sits below participants
    from smail_app.participants.models import Participant


def log_access(actor: User, participant: Participant, action: AccessAction,
               detail: str = "") -> None:
    """Record that staff read or changed a participant's data (committed with the request)."""
    db.session.add(AccessLogEntry(occurred_dt=clock.now(), actor_id=actor.id,
                                  participant_id=participant.id, action=action,
                                  detail=detail[:200]))


def log_accesses(actor: User, participants: list[Participant], action: AccessAction,
                 detail: str = "") -> None:
    """``log_access`` for each of ``participants`` (a page listing them), flushed as one
    INSERT."""
    if not participants:
        return
    now = clock.now()
    chain.append_many(db.session, [
        chain.NewEntry(occurred_dt=now, actor_id=actor.id, participant_id=participant.id,
                       action=action, detail=detail[:200]) for participant in participants])
