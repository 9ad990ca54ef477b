"""Write and read the access log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from smail_app import clock
from smail_app.audit.models import AccessLogEntry
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant


def log_access(actor: User, participant: Participant, action: str, detail: str = "") -> None:
    """Record that staff read or changed a participant's data (committed with the request)."""
    db.session.add(AccessLogEntry(occurred_dt=clock.now(), actor_id=actor.id,
                                  participant_id=participant.id, action=action,
                                  detail=detail[:200]))


def entries_for(participant: Participant, limit: int = 200) -> list[AccessLogEntry]:
    return list(db.session.scalars(
        select(AccessLogEntry).options(selectinload(AccessLogEntry.actor))
        .where(AccessLogEntry.participant_id == participant.id)
        .order_by(AccessLogEntry.occurred_dt.desc(), AccessLogEntry.id.desc()).limit(limit)))
