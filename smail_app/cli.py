"""Flask CLI commands: create-admin, setup-link, demo, create-api-token."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from smail_app.auth import services as auth_services
from smail_app.extensions import db


def _base_url() -> str:
    configured = current_app.config.get("SMAIL_BASE_URL")
    if configured:
        return configured.rstrip("/")
    import os

    return f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-admin")
@click.option("--email", required=True, help="The admin's e-mail (their login).")
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_admin_command(email: str, name: str, password_stdin: bool) -> None:
    """Create an admin account (a TOTP second factor is set up at first sign-in)."""
    password = _read_password(password_stdin)
    try:
        auth_services.create_admin(email, password, display_name=name or email)
    except auth_services.AccountError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    click.echo(f"Admin {email} created. Sign in at {_base_url()}/login")


@click.command("setup-link")
@with_appcontext
def setup_link_command() -> None:
    """Print a one-time link for creating the first admin, while no account exists."""
    issued = auth_services.issue_setup_invite()
    db.session.commit()
    if issued is None:
        click.echo("Accounts exist already; no setup link needed.")
        return
    click.echo("No account yet. Create the first admin here (one-time link, valid 24 hours):")
    click.echo(f"  {_base_url()}/setup/{issued.token}")


@click.command("demo")
@click.option("--password", required=True, help="Password for every demo account.")
@with_appcontext
def demo_command(password: str) -> None:
    """Load the demo dataset and print ROLE<TAB>LOGIN[<TAB>TOTP secret] per account."""
    from smail_app.demo import load_demo

    try:
        accounts = load_demo(password)
    except ValueError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    for account in accounts:
        click.echo("\t".join(account))


@click.command("create-api-token")
@click.option("--email", required=True)
@click.option("--write", is_flag=True, help="Allow changes, not only reads.")
@with_appcontext
def create_api_token_command(email: str, write: bool) -> None:
    """Print a new API token for a staff account (shown once)."""
    user = auth_services.find_by_login(email)
    if user is None or not user.is_staff:
        raise click.ClickException(f"No staff account with e-mail {email}.")
    token = auth_services.issue_api_token(user, can_write=write)
    db.session.commit()
    click.echo(token)


def register(app: Flask) -> None:
    from smail_app.audit.commands import audit_verify_command
    from smail_app.backup import backup_command
    from smail_app.notifications.commands import reminders_command
    from smail_app.privacy.commands import purge_expired_command

    for command in (create_admin_command, setup_link_command, demo_command,
                    create_api_token_command, reminders_command, audit_verify_command,
                    backup_command, purge_expired_command):
        app.cli.add_command(command)
