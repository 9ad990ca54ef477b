"""``flask audit-verify``: check the access log's hash chain."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from smail_app.audit import chain
from smail_app.extensions import db


@click.command("audit-verify")
@with_appcontext
def audit_verify_command() -> None:
    """Report every edited, deleted or reordered access-log entry (exit status 1 if any)."""
    found = 0
    for problem in chain.problems(db.session):
        found += 1
        click.echo(f"entry {problem.seq}: {problem.what}")
    total = db.session.scalar(db.select(db.func.count(chain.AccessLogEntry.id)))
    if found:
        raise click.ClickException(f"the access log's chain is broken in {found} place(s)")
    click.echo(f"The access log is intact: {total} entries, each matching its chain.")
