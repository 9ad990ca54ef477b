"""The access log as a hash chain: each entry carries its place (``seq``) and the SHA-256 of its
own fields and the previous entry's hash, so an edited, deleted or reordered entry shows when
the chain is checked (``flask audit-verify``).

Entries are chained when they are written: the head row is updated first, which takes the write
lock on SQLite and the row lock on PostgreSQL, so two requests appending at once queue instead
of forking the chain. Two statements per write, however many entries it writes.

That lock is held until the transaction ends, so a request's entries wait for its commit
(``add_at_commit``): written as the first thing the commit does, they hold the lock for the
commit alone. Written when logged, they held it while the rest of the page was read and
rendered, and every other request that logs (every participant page and caseload) queued
behind it. A rollback forgets them, as it forgets any other change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

from smail_app.audit.models import AccessLogEntry, AccessLogHead

HEAD_ID = 1
GENESIS = "0" * 64


def entry_digest(entry: AccessLogEntry | NewEntry, previous_hash: str) -> str:
    fields = (
        str(entry.seq),
        entry.occurred_dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        str(entry.actor_id or ""),
        str(entry.participant_id),
        str(entry.action),
        entry.detail or "",
        previous_hash,
    )
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def _claim_places(session: Session, count: int) -> int:
    """Reserve ``count`` places at the end of the log; returns the last place taken before."""
    connection = session.connection()
    claim = (update(AccessLogHead).where(AccessLogHead.id == HEAD_ID)
             .values(seq=AccessLogHead.seq + count).returning(AccessLogHead.seq))
    claimed = connection.execute(claim).scalar()
    if claimed is None:  # an empty database; two first writers may race to create the head
        connection.execute(text("INSERT INTO access_log_head (id, seq) VALUES (:id, 0) "
                                "ON CONFLICT (id) DO NOTHING"), {"id": HEAD_ID})
        claimed = connection.execute(claim).scalar()
    return claimed - count


def _chain(session: Session, entries: list[AccessLogEntry] | list[NewEntry]) -> None:
    """Give ``entries`` the next places at the end of the log and their hashes."""
    with session.no_autoflush:
        last_seq = _claim_places(session, len(entries))
        previous = session.connection().execute(
            select(AccessLogEntry.entry_hash).where(AccessLogEntry.seq == last_seq)).scalar()
    previous = previous or GENESIS
    for offset, entry in enumerate(entries, start=1):
        entry.seq = last_seq + offset
        entry.entry_hash = entry_digest(entry, previous)
        previous = entry.entry_hash


def _chain_new_entries(session: Session, _flush_context: object, _instances: object) -> None:
    new_entries = [obj for obj in session.new if isinstance(obj, AccessLogEntry)]
    if new_entries:
        _chain(session, new_entries)


@dataclass(slots=True)
class NewEntry:
    """An entry for ``append_many``: the fields ``entry_digest`` reads, without building an
    ORM object for each of a page's fifty."""

    occurred_dt: datetime
    actor_id: int | None
    participant_id: int
    action: object
    detail: str = ""
    seq: int = 0
    entry_hash: str = ""


def append_many(session: Session, entries: list[NewEntry]) -> None:
    """Chain and write many entries in one INSERT statement (a page that lists many
    participants), where the ORM would write them one by one."""
    _chain(session, entries)
    columns = ("occurred_dt", "actor_id", "participant_id", "action", "detail", "seq",
               "entry_hash")
    session.connection().execute(AccessLogEntry.__table__.insert(), [
        {column: getattr(entry, column) for column in columns} for entry in entries])


_AT_COMMIT = "smail_access_log_at_commit"


def add_at_commit(session: Session, entries: list[NewEntry]) -> None:
    """Entries written (chained, in one INSERT) when ``session`` next commits."""
    session.info.setdefault(_AT_COMMIT, []).extend(entries)


def _write_at_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint's commit: the entries wait for the transaction's own
    entries = session.info.pop(_AT_COMMIT, None)
    if entries:
        append_many(session, entries)


def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ended without writing them (rolled back or closed) drops them."""
    if transaction.parent is None:  # the root transaction, not a savepoint
        session.info.pop(_AT_COMMIT, None)


def install() -> None:
    """Chain entries in every session (once, however many apps are created)."""
    for name, listener in (("before_flush", _chain_new_entries),
                           ("before_commit", _write_at_commit),
                           ("after_transaction_end", _forget_at_end)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# --- Checking the chain -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    what: str


def problems(session: Session, batch: int = 5000) -> Iterator[ChainProblem]:
    """Every place where the log does not match its chain, in order."""
    expected_seq, previous = 1, GENESIS
    for entry in session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)
                                 .execution_options(yield_per=batch)):
        if entry.seq != expected_seq:
            yield ChainProblem(expected_seq, f"entries {expected_seq}–{entry.seq - 1} are missing")
        if entry_digest(entry, previous) != entry.entry_hash:
            yield ChainProblem(entry.seq, "does not match its hash: edited, or moved in the "
                                          "chain")
        expected_seq, previous = entry.seq + 1, entry.entry_hash
    head = session.scalar(select(AccessLogHead.seq).where(AccessLogHead.id == HEAD_ID)) or 0
    if head != expected_seq - 1:
        yield ChainProblem(expected_seq, f"the log has {expected_seq - 1} entries in a row but "
                                         f"{head} were written: the last ones are missing")
