"""Everything SMAIL holds about one participant, for their right of access (GDPR art. 15).

The export is built from the schema, not from a list kept by hand: every table with a
``participant_id`` column, and every table below those through a foreign key (a rating's
answers, a plan's activities), so a table added later is in the export without anyone
remembering it (tests/test_subject_access.py checks this). Secrets (password and token
hashes, TOTP secrets) are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, select

from smail_app.assessments.indicators import INDICATORS
from smail_app.assessments.models import RaterKind, Rating
from smail_app.auth.models import Gender
from smail_app.extensions import db
from smail_app.participants.models import InformationRecord, Participant
from smail_app.plans.models import ActionPlan, OccasionNote, PlanActivity

SECRET_COLUMNS = {"password_hash", "token_hash", "totp_secret", "session_generation"}


def _tables_about_participants() -> list[tuple[Table, Column, Table | None]]:
    """(table, the column that links it, the table it is linked to), parents first."""
    found: list[tuple[Table, Column, Table | None]] = []
    linked: set[str] = {"participants"}
    for table in db.metadata.sorted_tables:  # parents come before children
        if table.name == "participants":
            continue
        if "participant_id" in table.c:
            found.append((table, table.c.participant_id, None))
            linked.add(table.name)
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent.name in linked and parent.name != "participants":
                found.append((table, fk.parent, parent))
                linked.add(table.name)
                break
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def _rows(table: Table, where: Any) -> list[dict[str, Any]]:
    columns = [c for c in table.c if c.name not in SECRET_COLUMNS]
    return [{c.name: _plain(row[c.name]) for c in columns}
            for row in db.session.execute(select(*columns).where(where)).mappings()]


def everything_about(participant: Participant) -> dict[str, list[dict[str, Any]]]:
    """Table name → the rows about the participant, secrets left out."""
    export: dict[str, list[dict[str, Any]]] = {
        "participants": _rows(Participant.__table__, Participant.__table__.c.id == participant.id),
    }
    if participant.user_id is not None:
        users = db.metadata.tables["users"]
        export["users"] = _rows(users, users.c.id == participant.user_id)
    ids: dict[str, list[Any]] = {}
    for table, link, parent in _tables_about_participants():
        if parent is None:
            condition = link == participant.id
        else:
            parent_ids = ids.get(parent.name, [])
            target = next(iter(link.foreign_keys)).column.name
            condition = link.in_([row[target] for row in export.get(parent.name, [])]
                                 if target != "id" else parent_ids)
        rows = _rows(table, condition)
        export[table.name] = rows
        if "id" in table.c:
            ids[table.name] = [row["id"] for row in rows]
    return export


def table_names() -> Iterable[str]:
    """The tables the export covers (for the test that nothing is forgotten)."""
    linked = [table.name for table, _link, _parent in _tables_about_participants()]
    return ["participants", "users", *linked]


# --- The readable page ----------------------------------------------------------------------


@dataclass(frozen=True)
class RatingLine:
    rated_on: date | None
    by_handledare: bool
    scores: dict[str, float]  # indicator name -> score


@dataclass(frozen=True)
class Readable:
    participant: Participant
    gender_label: str
    ratings: list[RatingLine]
    activities: list[PlanActivity]
    notes: list[OccasionNote]
    information: list[InformationRecord]


def readable(participant: Participant) -> Readable:
    """The parts a person reads on a page; the JSON file has everything."""
    names = {indicator.number: str(indicator.name) for indicator in INDICATORS}
    ratings = [
        RatingLine(rating.rated_on, rating.rater_kind == RaterKind.HANDLEDARE,
                   {names[s.indicator]: s.score for s in rating.scores})
        for rating in db.session.scalars(
            select(Rating).where(Rating.participant_id == participant.id,
                                 Rating.submitted_dt.is_not(None))
            .order_by(Rating.rated_on, Rating.id))]
    activities = list(db.session.scalars(
        select(PlanActivity).join(ActionPlan).where(ActionPlan.participant_id == participant.id)
        .order_by(PlanActivity.due_date, PlanActivity.id)))
    notes = list(db.session.scalars(select(OccasionNote).where(
        OccasionNote.participant_id == participant.id).order_by(OccasionNote.created_dt)))
    information = list(db.session.scalars(select(InformationRecord).where(
        InformationRecord.participant_id == participant.id)
        .order_by(InformationRecord.shown_dt)))
    return Readable(participant, Gender(participant.gender).label, ratings, activities, notes,
                    information)
