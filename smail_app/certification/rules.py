"""Who may work with SMAIL as a handledare.

The certification registry decides this: a person needs a valid *användare* certificate
on the day in question. This module is the single place every other part of the app asks;
the rules behind it live in ``certification/services.py``.
"""

from __future__ import annotations

from datetime import date

from smail_app.auth.models import User


def handledare_refusal(user: User, on: date) -> str | None:
    """None if ``user`` may be a handledare on ``on``; otherwise why not, for the user."""
    from smail_app.certification import services

    return services.handledare_refusal(user, on)


def may_rate_for_others(user: User, on: date) -> bool:
    """May ``user`` record a rating for someone else (rate together, parallel rating) on
    ``on``? The same rule as being a handledare; ``handledare_refusal`` says why not."""
    return handledare_refusal(user, on) is None
