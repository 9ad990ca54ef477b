"""Write and read the access log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smail_app import clock
from smail_app.audit import chain
from smail_app.audit.models import AccessAction
from smail_app.auth.models import User
from smail_app.extensions import db

if TYPE_CHECKING:  # the participant is only passed through: audit sits below participants
    from smail_app.participants.models import Participant


def log_access(actor: User, participant: Participant, action: AccessAction,
               detail: str = "") -> None:
    """Record that staff read or changed a participant's data (written when the request
    commits, see ``chain``; an answer that rolls back writes nothing)."""
    log_accesses(actor, [participant], action, detail)


def log_accesses(actor: User, participants: list[Participant], action: AccessAction,
                 detail: str = "") -> None:
    """``log_access`` for each of ``participants`` (a page listing them), written as one
    INSERT."""
    now = clock.now()
    chain.add_at_commit(db.session, [
        chain.NewEntry(occurred_dt=now, actor_id=actor.id, participant_id=participant.id,
                       action=action, detail=detail[:200]) for participant in participants])
