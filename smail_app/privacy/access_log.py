"""The admin's search of the access log: who looked at which participant and when, found by
participant code or staff member. It shows the log's own fields, never the participant's data
(scores, plans, notes), and the admin's searches are not participant reads themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.organisations.models import Insats
from smail_app.participants.models import Participant

SEARCH_LIMIT = 200


@dataclass(frozen=True)
class LogLine:
    occurred_dt: datetime
    staff_name: str | None
    staff_email: str | None
    participant_code: str
    insats_name: str
    action: AccessAction
    detail: str


@dataclass(frozen=True)
class SearchResult:
    lines: list[LogLine]
    total: int  # matching entries, of which the newest SEARCH_LIMIT are in ``lines``


def search(participant_code: str | None, staff: str | None) -> SearchResult:
    """Entries about participants with exactly that code and/or by staff whose e-mail is
    ``staff`` or whose name contains it, newest first."""
    actor = aliased(User)
    conditions = []
    if participant_code:
        conditions.append(func.lower(Participant.code) == participant_code.strip().lower())
    if staff:
        wanted = staff.strip().lower()
        conditions.append(or_(func.lower(actor.email) == wanted,
                              func.lower(actor.display_name).contains(wanted,
                                                                      autoescape=True)))
    query = (select(AccessLogEntry.occurred_dt, actor.display_name, actor.email,
                    Participant.code, Insats.name, AccessLogEntry.action, AccessLogEntry.detail)
             .join(Participant, Participant.id == AccessLogEntry.participant_id)
             .join(Insats, Insats.id == Participant.insats_id)
             .outerjoin(actor, actor.id == AccessLogEntry.actor_id)
             .where(*conditions))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(AccessLogEntry.seq.desc()).limit(SEARCH_LIMIT))
    return SearchResult([LogLine(*row) for row in rows], total or 0)
