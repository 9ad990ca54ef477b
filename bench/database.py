"""Where the benchmark's databases live, and building them on the real migrated schema.

SQLite: a file in a temporary folder. PostgreSQL: the dedicated database ``smail_bench``
(created when missing, its schema emptied before each generation). No other database is
ever touched.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url

PG_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_DATABASE = "smail_bench"
SECRET_KEY = "bench-secret-key-not-for-production"
LOGIN_RATE_LIMIT = "10000 per minute"  # the benchmark signs in a dozen users in seconds


@dataclass(frozen=True)
class Target:
    backend: str  # "sqlite" or "postgresql"
    url: str

    @property
    def label(self) -> str:
        return "SQLite" if self.backend == "sqlite" else "PostgreSQL"


def sqlite_target(folder: str, name: str) -> Target:
    return Target("sqlite", f"sqlite:///{os.path.join(folder, name)}")


def pg_target(server_url: str = PG_SERVER_URL, database: str = PG_DATABASE) -> Target:
    if database in ("test", "postgres", "template0", "template1"):
        raise ValueError(f"refusing to use the {database!r} database for the benchmark")
    return Target("postgresql", f"{server_url.rstrip('/')}/{database}")


def server_environment(target: Target) -> dict[str, str]:
    """SMAIL_* variables for the served app (gunicorn) and the in-process one alike."""
    return {
        "SMAIL_DATABASE_URL": target.url,
        "SMAIL_SECRET_KEY": SECRET_KEY,
        "SMAIL_COOKIE_SECURE": "0",
        "SMAIL_ENV": "production",
        "SMAIL_LOGIN_RATE_LIMIT": LOGIN_RATE_LIMIT,
    }


def app_for(target: Target) -> Flask:
    """The app as gunicorn builds it, in this process (for generation and SQL counts)."""
    from smail_app import create_app

    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": target.url,
        "SECRET_KEY": SECRET_KEY,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "SMAIL_ENV": "production",
        "SMAIL_LOGIN_RATE_LIMIT": LOGIN_RATE_LIMIT,
    }
    return create_app(config)


def _ensure_pg_database(target: Target) -> None:
    import psycopg

    url = make_url(target.url)
    admin_url = url.set(drivername="postgresql", database="postgres")
    name = url.database
    with psycopg.connect(admin_url.render_as_string(hide_password=False),
                         autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _empty_pg_schema(target: Target) -> None:
    import psycopg

    url = make_url(target.url).set(drivername="postgresql")
    if url.database != PG_DATABASE and not url.database.startswith("smail_bench"):
        raise ValueError("the benchmark only empties databases named smail_bench*")
    with psycopg.connect(url.render_as_string(hide_password=False),
                         autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")


def fresh_migrated(target: Target) -> tuple[Flask, float]:
    """An empty database at the newest migration (``flask db upgrade``); returns the app
    bound to it and the seconds the migration took."""
    import logging

    import flask_migrate

    if target.backend == "sqlite":
        path = make_url(target.url).database
        for suffix in ("", "-wal", "-shm"):
            if path and os.path.exists(path + suffix):
                os.remove(path + suffix)
    else:
        _ensure_pg_database(target)
        _empty_pg_schema(target)
    app = app_for(target)
    started = time.perf_counter()
    with app.app_context():
        flask_migrate.upgrade()
        from smail_app.extensions import db

        db.engine.dispose()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return app, time.perf_counter() - started
