"""Sending e-mail with the standard library's smtplib. Settings: SMAIL_MAIL_SERVER,
SMAIL_MAIL_PORT, SMAIL_MAIL_USERNAME, SMAIL_MAIL_PASSWORD, SMAIL_MAIL_USE_TLS (STARTTLS),
SMAIL_MAIL_SENDER."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app

from smail_app import clock


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer:
    """One SMTP connection for a batch of messages."""

    def __init__(self, smtp: smtplib.SMTP, sender: str) -> None:
        self._smtp = smtp
        self._sender = sender

    def send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = format_datetime(clock.now())
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        message.set_content(mail.body)
        self._smtp.send_message(message)


@contextmanager
def connect() -> Iterator[Mailer]:
    config = current_app.config
    timeout = config.get("SMAIL_MAIL_TIMEOUT", 30)
    with smtplib.SMTP(config["SMAIL_MAIL_SERVER"], config["SMAIL_MAIL_PORT"],
                      timeout=timeout) as smtp:
        if config["SMAIL_MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("SMAIL_MAIL_USERNAME"):
            smtp.login(config["SMAIL_MAIL_USERNAME"], config.get("SMAIL_MAIL_PASSWORD") or "")
        yield Mailer(smtp, config["SMAIL_MAIL_SENDER"])


def send_now(mail: Mail) -> bool:
    """Send one message; False (logged) if the mail server could not take it, so a page
    that offers the same link on screen still works."""
    try:
        with connect() as mailer:
            mailer.send(mail)
    except (OSError, smtplib.SMTPException):
        current_app.logger.warning("could not send mail to %s", mail.to, exc_info=True)
        return False
    return True
