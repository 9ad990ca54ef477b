"""The participant's own view of who has looked at their data."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from smail_app.audit.services import entries_for
from smail_app.core.access import participant_required
from smail_app.participants.services import participant_for_user

bp = Blueprint("privacy", __name__)


@bp.get("/me/access-log")
@participant_required
def my_access_log():  # noqa: ANN201
    participant = participant_for_user(current_user)
    return render_template("privacy/my_access_log.html", entries=entries_for(participant))
