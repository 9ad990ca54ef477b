"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from smail_app import create_app
from smail_app.assessments.models import Statement
from smail_app.extensions import db
from tests.conftest import BACKENDS, PG_URL, _base_config


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"smail_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app(_base_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences
        # version 1 of the instrument ships with the app
        assert len(db.session.scalars(select(Statement)).all()) == 17
        db.session.remove()
        db.engine.dispose()


def test_kommun_names_are_put_in_the_genitive(empty_database_url):
    """Organisations loaded with "Enköping kommun" before are renamed; a name an admin has
    already corrected is left alone."""
    app = create_app(_base_config(empty_database_url))
    with app.app_context():
        upgrade(revision="0005_plan_versions")
        with db.engine.begin() as connection:
            for name in ("Enköping kommun", "Tierp kommun", "Tierps kommun", "Heby kommun"):
                connection.execute(text(
                    "INSERT INTO organisations (public_id, name, kind, created_dt) "
                    "VALUES (:id, :name, 'kommun', CURRENT_TIMESTAMP)"),
                    {"id": uuid.uuid4().hex[:16], "name": name})
        upgrade()
        with db.engine.connect() as connection:
            names = set(connection.scalars(text("SELECT name FROM organisations")))
        assert names == {"Enköpings kommun", "Tierp kommun", "Tierps kommun", "Heby kommun"}
        db.session.remove()
        db.engine.dispose()


def test_access_log_written_before_the_chain_is_chained_by_the_migration(empty_database_url):
    app = create_app(_base_config(empty_database_url))
    with app.app_context():
        upgrade(revision="0008_sus_registration")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO organisations (id, public_id, name, kind, created_dt) "
                "VALUES (1, 'o1', 'Heby kommun', 'kommun', CURRENT_TIMESTAMP)"))
            connection.execute(text(
                "INSERT INTO insatser (id, public_id, name, owner_id, start_date, description,"
                " created_dt) VALUES (1, 'i1', 'Steget', 1, '2026-01-01', '', CURRENT_TIMESTAMP)"))
            connection.execute(text(
                "INSERT INTO participants (id, public_id, insats_id, code, alias, gender, "
                "start_date, created_dt) VALUES (1, 'p1', 1, 'A1', '', 'kvinna', '2026-01-01', "
                "CURRENT_TIMESTAMP)"))
            for minute in (3, 1, 2):  # written out of id order: chained by time
                connection.execute(text(
                    "INSERT INTO access_log (occurred_dt, participant_id, action, detail) "
                    f"VALUES ('2026-11-01 10:0{minute}:00+00:00', 1, 'view', 'm{minute}')"))
        upgrade()
        with db.engine.connect() as connection:
            details = list(connection.scalars(text("SELECT detail FROM access_log ORDER BY seq")))
        assert details == ["m1", "m2", "m3"]
        result = app.test_cli_runner().invoke(args=["audit-verify"])
        assert result.exit_code == 0 and "intact: 3 entries" in result.output, result.output
        db.session.remove()
        db.engine.dispose()
