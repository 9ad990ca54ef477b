"""The access log is tamper-evident: entries are hash-chained as they are written, the
database refuses to change or delete them, and `flask audit-verify` finds an edited, deleted
or reordered entry (issue 8, point 3)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.audit.services import log_access, log_accesses
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.conftest import login


@pytest.fixture
def logged(app, make_staff, make_participant):
    """Five entries about two participants, written in three requests' worth of commits."""
    staff_id = make_staff("handledare").id
    first_id, second_id = make_participant().id, make_participant().id
    with app.app_context():
        staff = db.session.get(User, staff_id)
        first = db.session.get(Participant, first_id)
        second = db.session.get(Participant, second_id)
        log_access(staff, first, AccessAction.VIEW)
        db.session.commit()
        log_accesses(staff, [first, second], AccessAction.VIEW, "caseload")
        db.session.commit()
        log_access(staff, second, AccessAction.UPDATE, "note")
        log_access(staff, first, AccessAction.EXPORT, "print")
        db.session.commit()
    return app


@contextmanager
def triggers_off(app):
    """What someone with the database owner's rights could do: switch the refusal off."""
    with app.app_context():
        dialect = db.engine.dialect.name
        with db.engine.begin() as connection:
            if dialect == "postgresql":
                connection.execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
            else:
                connection.execute(text("DROP TRIGGER access_log_no_update"))
                connection.execute(text("DROP TRIGGER access_log_no_delete"))
        try:
            with db.engine.begin() as connection:
                yield connection
        finally:
            if dialect == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("ALTER TABLE access_log ENABLE TRIGGER USER"))


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit-verify"])


def test_entries_are_chained_in_order_and_verify(logged):
    with logged.app_context():
        entries = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
        assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
        assert len({e.entry_hash for e in entries}) == 5
    result = _verify(logged)
    assert result.exit_code == 0, result.output
    assert "intact: 5 entries" in result.output


def test_the_database_refuses_to_change_or_delete_an_entry(logged):
    with logged.app_context():
        for statement in ("UPDATE access_log SET detail = 'x' WHERE seq = 2",
                          "DELETE FROM access_log WHERE seq = 2"):
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as c:
                c.execute(text(statement))
        assert db.session.scalar(select(AccessLogEntry.detail).where(AccessLogEntry.seq == 2)) \
            == "caseload"


@pytest.mark.parametrize("tampering, found", [
    ("UPDATE access_log SET detail = 'nothing' WHERE seq = 4", "entry 4: does not match"),
    ("UPDATE access_log SET occurred_dt = occurred_dt WHERE seq = 1; "
     "UPDATE access_log SET action = 'update' WHERE seq = 1", "entry 1: does not match"),
    ("DELETE FROM access_log WHERE seq = 3", "entry 3: entries 3–3 are missing"),
    ("DELETE FROM access_log WHERE seq = 5", "the last ones are missing"),
    ("UPDATE access_log SET seq = 99 WHERE seq = 2; UPDATE access_log SET seq = 2 WHERE seq = 3;"
     " UPDATE access_log SET seq = 3 WHERE seq = 99", "entry 2: does not match"),
])
def test_verify_reports_an_edited_deleted_or_reordered_entry(logged, tampering, found):
    with triggers_off(logged) as connection:
        for statement in tampering.split(";"):
            connection.execute(text(statement))
    result = _verify(logged)
    assert result.exit_code == 1
    assert found in result.output, result.output


def test_an_edit_with_its_hash_recomputed_still_breaks_the_chain(logged):
    from smail_app.audit.chain import entry_digest

    with logged.app_context():
        entry = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.seq == 2))
        previous = db.session.scalar(select(AccessLogEntry.entry_hash)
                                     .where(AccessLogEntry.seq == 1))
        entry.detail = "forged"
        forged_hash = entry_digest(entry, previous)
        db.session.expunge_all()
    with triggers_off(logged) as connection:
        connection.execute(text("UPDATE access_log SET detail = 'forged', entry_hash = :h "
                                "WHERE seq = 2"), {"h": forged_hash})
    result = _verify(logged)
    assert result.exit_code == 1 and "entry 3: does not match" in result.output


def test_requests_logging_at_once_keep_one_chain(app, make_staff, make_participant):
    """Eight threads, each with its own session, append at the same time."""
    staff_id, participant_id = make_staff("handledare").id, make_participant().id
    errors: list[BaseException] = []

    def append() -> None:
        try:
            with app.app_context():
                staff = db.session.get(User, staff_id)
                participant = db.session.get(Participant, participant_id)
                for _ in range(5):
                    log_access(staff, participant, AccessAction.VIEW)
                    db.session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=append) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert sorted(db.session.scalars(select(AccessLogEntry.seq))) == list(range(1, 41))
    result = _verify(app)
    assert result.exit_code == 0, result.output


def test_a_page_takes_the_logs_lock_only_as_it_commits(
        app, make_insats, make_certified_handledare, make_participant):
    """The head row's update locks the log until the transaction ends; taken before the page
    is read and rendered, it made every other page that logs wait for this one."""
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare)
    client = app.test_client()
    login(client, handledare)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()).lower())

    with app.app_context():
        engine = db.engine
    for path in (f"/participants/{participant.public_id}", "/participants/"):
        statements.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", record)
        locked_at = next(i for i, s in enumerate(statements)
                         if s.startswith("update access_log_head"))
        after = statements[locked_at + 1:]
        assert len(after) == 2, (path, after)
        assert after[0].startswith("select access_log.entry_hash")
        assert after[1].startswith("insert into access_log ")


def test_a_rolled_back_requests_entries_are_not_written_and_a_savepoints_are(
        app, make_staff, make_participant):
    staff_id, participant_id = make_staff("handledare").id, make_participant().id
    with app.app_context():
        staff = db.session.get(User, staff_id)
        participant = db.session.get(Participant, participant_id)
        log_access(staff, participant, AccessAction.VIEW, "rolled back")
        db.session.rollback()
        log_access(staff, participant, AccessAction.VIEW, "kept")
        with db.session.begin_nested():
            db.session.execute(select(Participant.id))  # a savepoint's commit is not the end
        savepoint = db.session.begin_nested()
        savepoint.rollback()  # nor is a savepoint's rollback
        db.session.commit()
        db.session.commit()  # nothing left to write a second time
        assert list(db.session.scalars(select(AccessLogEntry.detail))) == ["kept"]
    result = _verify(app)
    assert result.exit_code == 0, result.output
