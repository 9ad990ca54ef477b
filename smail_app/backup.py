"""``flask backup PATH``: a consistent copy of the SQLite database while the app runs.

SQLite's online backup API copies page by page and starts over if a write lands meanwhile,
so the copy is one committed state, never half a transaction. PostgreSQL is backed up with its
own tools (README, "Backups")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext

from smail_app.extensions import db


def backup_sqlite(target: Path) -> int:
    """Copy the app's SQLite database to ``target``; returns the copy's size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = db.engine.raw_connection()
    try:
        with sqlite3.connect(target) as copy:
            source.driver_connection.backup(copy)
        copy.close()
    finally:
        source.close()
    return target.stat().st_size


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH (the app may keep running)."""
    if db.engine.dialect.name != "sqlite":
        raise click.ClickException(
            "This database is PostgreSQL: back it up with pg_dump or continuous archiving "
            "(see the README, 'Backups').")
    if path.exists():
        raise click.ClickException(f"{path} exists already; choose a new file name.")
    size = backup_sqlite(path)
    click.echo(f"Backup written to {path} ({size} bytes).")
