"""The participant's own access log, readable: what each entry means in plain words, repeated
entries by the same person on the same day told once with a count, newest first, in pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from smail_app import clock
from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.participants.models import Participant

GROUPS_PER_PAGE = 30
ENTRIES_READ = 3000  # the newest entries grouped; older ones are in the JSON download

# What a changed or started entry's detail means, by its beginning (details are written by
# each domain's services, see smail_app.audit.services.log_access callers).
_DETAIL_WORDS: tuple[tuple[str, object], ...] = (
    ("plan: new activity", _l("lade till en aktivitet i din plan")),
    ("plan: activity changed", _l("ändrade en aktivitet i din plan")),
    ("plan: reviewed", _l("gick igenom din plan")),
    ("note", _l("skrev en anteckning om en skattning")),
    ("registration", _l("ändrade dina uppgifter om utbildning, stöd och försörjning")),
    ("handover to", _l("lämnade över dig till en annan handledare")),
    ("exit", _l("skrev in att du har slutat i insatsen")),
    ("follow-up result", _l("skrev in vad uppföljningen efter sex månader visade")),
    ("together: started", _l("började en skattning tillsammans med dig")),
    ("parallel: started", _l("började sin egen skattning om dig")),
    ("together: submitted", _l("skickade skattningen ni gjorde tillsammans")),
    ("parallel: submitted", _l("skickade sin egen skattning om dig")),
    ("password link used", _l("gav länken som ditt nya lösenord valdes med just då")),
    ("password link", _l("skapade en länk så att du kan välja nytt lösenord")),
)


def describe(action: AccessAction, detail: str) -> str:
    if action in (AccessAction.UPDATE, AccessAction.RATING, AccessAction.INVITE):
        for beginning, words in _DETAIL_WORDS:
            if detail.startswith(beginning):
                return str(words)
    return action.label


@dataclass(frozen=True)
class LogGroup:
    who: str | None  # None: no longer known (the account was removed)
    day: date
    what: str
    times: int
    latest: datetime


@dataclass(frozen=True)
class LogPage:
    groups: list[LogGroup]
    number: int
    has_next: bool


def page_for(participant: Participant, number: int) -> LogPage:
    entries = db.session.scalars(
        select(AccessLogEntry).options(selectinload(AccessLogEntry.actor))
        .where(AccessLogEntry.participant_id == participant.id)
        .order_by(AccessLogEntry.seq.desc()).limit(ENTRIES_READ))
    zone = clock.local_zone()
    groups: dict[tuple[str | None, date, str], list[datetime]] = {}
    for entry in entries:  # newest first, so groups come in order of their latest entry
        who = entry.actor.display_name if entry.actor and entry.actor.display_name else None
        day = entry.occurred_dt.astimezone(zone).date()
        groups.setdefault((who, day, describe(entry.action, entry.detail)), []).append(
            entry.occurred_dt)
    listed = [LogGroup(who, day, what, len(times), times[0])
              for (who, day, what), times in groups.items()]
    start = (number - 1) * GROUPS_PER_PAGE
    return LogPage(listed[start:start + GROUPS_PER_PAGE], number,
                   len(listed) > start + GROUPS_PER_PAGE)
