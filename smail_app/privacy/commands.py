"""``flask purge-expired``: anonymise participants whose exit is older than the retention time
(SMAIL_RETENTION_MONTHS, 24 by default), and delete sign-in failure counts left for a day.
Run it daily, e.g. from cron or a systemd timer."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from smail_app import clock
from smail_app.auth import lockout
from smail_app.extensions import db
from smail_app.privacy.anonymise import purge_expired, retention_cutoff


@click.command("purge-expired")
@with_appcontext
def purge_expired_command() -> None:
    """Anonymise everyone who left more than SMAIL_RETENTION_MONTHS ago; forget old sign-in
    failures."""
    today = clock.today()
    count = purge_expired(today)
    forgotten = lockout.forget_old_failures()
    db.session.commit()
    click.echo(f"{count} participant(s) who left on or before {retention_cutoff(today)} "
               f"anonymised (retention {current_app.config['SMAIL_RETENTION_MONTHS']} months).")
    click.echo(f"{forgotten} sign-in failure count(s) with no failure for a day deleted.")
