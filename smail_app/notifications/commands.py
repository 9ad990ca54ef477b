"""`flask reminders`, run from cron (for example every morning)."""

from __future__ import annotations

import smtplib

import click
from flask.cli import with_appcontext

from smail_app import clock
from smail_app.core import mail
from smail_app.extensions import db
from smail_app.notifications import reminders


@click.command("reminders")
@click.option("--dry-run", is_flag=True, help="Show who would get mail; send nothing.")
@with_appcontext
def reminders_command(dry_run: bool) -> None:
    """E-mail participants whose rating opens, and each handledare a digest of due ratings."""
    today = clock.today()
    participant_items = reminders.pending_participant_reminders(today)
    digests = reminders.pending_digests(today)
    if dry_run:
        click.echo(f"Would send {len(participant_items)} participant reminder(s) and "
                   f"{len(digests)} handledare digest(s).")
        return
    sent = failed = 0
    try:
        with mail.connect() as mailer:
            # Each mail is recorded as soon as it is sent, so a failure half way never
            # makes the next run send the same mail again.
            for item in participant_items:
                try:
                    mailer.send(reminders.participant_mail(item))
                except smtplib.SMTPRecipientsRefused:
                    failed += 1
                    continue
                reminders.record_participant_reminder(item)
                db.session.commit()
                sent += 1
            digest_count = 0
            for digest in digests:
                try:
                    mailer.send(reminders.digest_mail(digest))
                except smtplib.SMTPRecipientsRefused:
                    failed += 1
                    continue
                reminders.record_digest(digest, today)
                db.session.commit()
                digest_count += 1
    except (OSError, smtplib.SMTPException) as problem:
        db.session.rollback()
        raise click.ClickException(f"Could not send mail: {problem}") from problem
    click.echo(f"Sent {sent} participant reminder(s) and {digest_count} handledare digest(s)"
               + (f"; {failed} address(es) refused." if failed else "."))
