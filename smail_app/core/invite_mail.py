"""Invitation and password links by e-mail, when SMAIL_MAIL_SEND_INVITES is on.

The recipient's language is not known yet, so the message is in Swedish and English.
"""

from __future__ import annotations

from flask import current_app, flash

from smail_app.core.mail import Mail, send_now
from smail_app.i18n import gettext as _

_SUBJECTS = {
    "invite": "Inbjudan till SMAIL / Invitation to SMAIL",
    "password": "Nytt lösenord i SMAIL / New password in SMAIL",
}
_BODIES = {
    "invite": ("Hej!\n\n{sender} har bjudit in dig till SMAIL. Öppna länken och välj ett "
               "lösenord:\n\n{link}\n\nLänken gäller i {days} dagar och kan bara användas en gång."
               "\n\n---\n\n{sender} has invited you to SMAIL. Open the link and choose a "
               "password:\n\n{link}\n\nThe link is valid for {days} days and can be used once.\n"),
    "password": ("Hej!\n\nHär är en länk för att välja ett nytt lösenord i SMAIL:\n\n{link}\n\n"
                 "Länken gäller i {days} dagar och kan bara användas en gång. Om du inte bad om "
                 "den, kontakta {sender}.\n\n---\n\nHere is a link to choose a new password in "
                 "SMAIL:\n\n{link}\n\nThe link is valid for {days} days and can be used once. If "
                 "you did not ask for it, contact {sender}.\n"),
}


def invites_are_mailed() -> bool:
    return bool(current_app.config["SMAIL_MAIL_SEND_INVITES"])


def mail_link(to: str, link: str, sender_name: str, kind: str = "invite") -> bool | None:
    """E-mail the link; None when invitation mail is off, else whether it was sent."""
    if not invites_are_mailed():
        return None
    body = _BODIES[kind].format(sender=sender_name, link=link,
                                days=current_app.config["SMAIL_INVITE_VALID_DAYS"])
    return send_now(Mail(to=to, subject=_SUBJECTS[kind], body=body))


def flash_mail_result(sent: bool | None) -> None:
    """Tell the inviter whether the link also went out by e-mail (None: mail is off)."""
    if sent:
        flash(_("Länken är också skickad med e-post."), "info")
    elif sent is False:
        flash(_("E-posten kunde inte skickas. Skicka länken själv."), "error")
