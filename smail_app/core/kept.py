"""Computed results kept until the data they count changes.

A county report or the ESF dashboard costs the database far more than a page, yet their
numbers change only when a few tables are written. Each such result belongs to a *topic*
(``Topic``): the models and tables it reads. Every commit that writes to a topic's data
raises that topic's counter, a row of its own in the database (``DataGeneration``), and a
result is computed once per counter value and kept in this process, shared by
every viewer asking with the same key. The counters live in the database so that a change
made through one instance of the app is seen by all of them.

What is kept is data, never a page: who may see what is decided on every request before a
kept result is asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import TextClause, bindparam, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from smail_app.core.models import DataGeneration
from smail_app.extensions import db

T = TypeVar("T")

_STALE = "smail_kept_stale"  # session.info: the topics this transaction has written to
_WRITES = ("INSERT", "UPDATE", "DELETE")
_EXTENSION_KEY = "smail_kept_results"


@dataclass(frozen=True)
class Topic:
    """What one kind of kept result reads.

    ``counts(instance, change)``: whether an ORM object written in a flush changes the
    results; ``change`` is "new", "changed" or "deleted". ``tables``: the tables whose bulk
    ``update()``/``delete()``/``insert()`` statements do. Plain SQL that writes counts for
    every topic."""

    number: int
    name: str
    counts: Callable[[object, str], bool]
    tables: frozenset[str]
    size: int = 64  # results kept per process; each is a few hundred numbers


_TOPICS: dict[int, Topic] = {}


def define(topic: Topic) -> Topic:
    """Called once per topic, when its module is imported."""
    existing = _TOPICS.setdefault(topic.number, topic)
    if existing.name != topic.name:
        raise ValueError(f"topic {topic.number} is already {existing.name!r}")
    return _TOPICS[topic.number]


def _stale(session: Session) -> set[int]:
    return session.info.setdefault(_STALE, set())


def _note_flush(session: Session, _flush: UOWTransaction) -> None:
    """Called while new, dirty and deleted still hold what the flush wrote."""
    changed = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    written = [*((o, "new") for o in session.new), *((o, "changed") for o in changed),
               *((o, "deleted") for o in session.deleted)]
    for topic in _TOPICS.values():
        if any(topic.counts(o, change) for o, change in written):
            _stale(session).add(topic.number)


def _note_statement(state) -> None:
    """Bulk ``update()``/``delete()``/``insert()`` and plain SQL that writes."""
    statement = state.statement
    if isinstance(statement, TextClause):
        if statement.text.lstrip()[:6].upper() in _WRITES:
            _stale(state.session).update(_TOPICS)
        return
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(getattr(statement, "table", None), "name", None)
    for topic in _TOPICS.values():
        if table in topic.tables:
            _stale(state.session).add(topic.number)


def _forget_rolled_back(session: Session, rolled_back: SessionTransaction) -> None:
    """A whole transaction rolled back wrote nothing; a savepoint's rollback leaves what the
    transaction around it wrote before."""
    if rolled_back.parent is None:
        session.info.pop(_STALE, None)


def _raise_after_commit(session: Session) -> None:
    """Raised after the commit, on a connection of its own: holding a counter's row lock
    inside the writing transaction would order every writer behind each other. A savepoint's
    commit is not the end of the transaction: the counters wait for the real one."""
    if session.get_nested_transaction() is not None:
        return
    stale = session.info.pop(_STALE, None)
    if not stale:
        return
    if has_request_context():
        g.pop(_REQUEST_GENERATIONS, None)
    with session.get_bind().connect() as connection:
        for number in sorted(stale):  # always in the same order: no deadlock between two
            _raise(connection, number)


def _raise(connection, number: int) -> None:
    raised = connection.execute(update(DataGeneration).where(DataGeneration.id == number)
                                .values(number=DataGeneration.number + 1))
    if raised.rowcount == 0:  # the topic's first change (or a database made without rows)
        try:
            connection.execute(DataGeneration.__table__.insert().values(id=number, number=1))
        except IntegrityError:  # another instance made it a moment ago: raise theirs
            connection.rollback()
            connection.execute(update(DataGeneration).where(DataGeneration.id == number)
                               .values(number=DataGeneration.number + 1))
    connection.commit()


_GENERATION = select(DataGeneration.number).where(DataGeneration.id == bindparam("topic"))
_REQUEST_GENERATIONS = "smail_kept_generations"  # g: the counters this request has read


def current_generation(topic: Topic) -> int:
    """The topic's counter, read once per request: a page asking for two kept results of
    the same topic (the county report and its choices) reads it once. A commit that raises
    a counter forgets what this request read."""
    read: dict[int, int] | None = None
    if has_request_context():
        read = g.setdefault(_REQUEST_GENERATIONS, {})
        if topic.number in read:
            return read[topic.number]
    number = db.session.scalar(_GENERATION, {"topic": topic.number}) or 0
    if read is not None:
        read[topic.number] = number
    return number


class KeptResults:
    """The results of one topic's generation, newest kept; a new generation empties it."""

    def __init__(self, size: int) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._generation: int | None = None
        self._results: OrderedDict[Hashable, object] = OrderedDict()

    def get_or_compute(self, generation: int, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if generation != self._generation:
                self._results.clear()
                self._generation = generation
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]  # type: ignore[return-value]
        result = compute()
        with self._lock:
            if generation == self._generation:
                self._results[key] = result
                while len(self._results) > self._size:
                    self._results.popitem(last=False)
        return result


def kept(topic: Topic, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same key since the topic's data last changed.
    The counter is read first: a change committed while computing raises it past this key."""
    if not current_app.config.get("SMAIL_KEEP_REPORTS", True):
        return compute()
    results: dict[int, KeptResults] = current_app.extensions[_EXTENSION_KEY]
    found = results.get(topic.number)
    if found is None:
        found = results.setdefault(topic.number, KeptResults(topic.size))
    return found.get_or_compute(current_generation(topic), key, compute)


def register(app: Flask) -> None:
    app.extensions[_EXTENSION_KEY] = {}
    if not event.contains(Session, "after_flush", _note_flush):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "after_soft_rollback", _forget_rolled_back)
        event.listen(Session, "after_commit", _raise_after_commit)
