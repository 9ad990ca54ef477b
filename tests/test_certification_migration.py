"""Migration 0002 adds the certification tables and takes them away again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from smail_app import create_app
from smail_app.extensions import db
from tests.conftest import _base_config

TABLES = {"courses", "course_trainers", "course_sessions", "course_enrolments",
          "session_attendance", "certificates", "course_evaluations", "certification_settings"}


def test_certification_migration_up_and_down(tmp_path):
    app = create_app(_base_config(f"sqlite:///{tmp_path / 'migrated.db'}"))
    with app.app_context():
        upgrade()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        downgrade(revision="0001_foundation")
        left = set(inspect(db.engine).get_table_names())
        assert not TABLES & left and "users" in left
        upgrade(revision="0002_certification")
        assert TABLES <= set(inspect(db.engine).get_table_names())
        db.session.remove()
        db.engine.dispose()
