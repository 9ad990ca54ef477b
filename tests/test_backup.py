"""`flask backup PATH` copies the SQLite database consistently while the app writes, and the
copy restores: the app opened on it finds the data (issue 8, point 11)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from smail_app import create_app
from smail_app.audit.models import AccessAction, AccessLogEntry
from smail_app.audit.services import log_access
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from tests.conftest import _base_config


def test_backup_while_writing_restores_with_the_data(tmp_path):
    app = create_app(_base_config(f"sqlite:///{tmp_path / 'live.db'}"))
    with app.app_context():
        db.create_all()
        db.session.commit()
    from tests.factories import make_participant as participant_in
    from tests.factories import make_staff as staff_in

    staff_id = staff_in(app, "handledare").id
    participant = participant_in(app, code="HEB-001")
    stop, first_written = threading.Event(), threading.Event()

    def keep_writing() -> None:  # the app in use meanwhile
        with app.app_context():
            staff = db.session.get(User, staff_id)
            reader = db.session.get(Participant, participant.id)
            while not stop.is_set():
                log_access(staff, reader, AccessAction.VIEW)
                db.session.commit()
                first_written.set()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    assert first_written.wait(10)
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output

    restored = create_app(_base_config(f"sqlite:///{tmp_path / 'copy.db'}"))
    with restored.app_context():
        assert db.session.scalar(select(Participant.code)) == "HEB-001"
        assert db.session.scalar(select(func.count(AccessLogEntry.id))) >= 1
    verified = restored.test_cli_runner().invoke(args=["audit-verify"])
    assert verified.exit_code == 0, verified.output  # one committed state: the chain is whole


def test_backup_refuses_to_overwrite_and_explains_postgresql(app, runner, tmp_path, backend):
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    if backend == "postgresql":
        assert "pg_dump" in result.output
    else:
        assert "exists already" in result.output and existing.read_bytes() == b"keep me"
