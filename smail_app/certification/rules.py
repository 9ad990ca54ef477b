"""Who may work with SMAIL as a handledare.

The certification registry decides this: a person needs a valid *användare* certificate
on the day in question. This module is the single place every other part of the app asks;
the rule itself lives in ``certification/standing.py``. Packages below certification (an
insats team in ``organisations``) cannot import it: they send a signal, and the rule is
connected to it here.
"""

from __future__ import annotations

from datetime import date

from smail_app.auth.models import User
from smail_app.certification.standing import handledare_refusal
from smail_app.organisations.services import team_joining

__all__ = ["handledare_refusal"]


@team_joining.connect
def _team_needs_certified_handledare(_insats: object, *, user: User, on: date) -> str | None:
    return handledare_refusal(user, on)
