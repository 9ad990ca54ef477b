"""Who has looked at a participant's data: the participant's own view, and the admin's search."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from smail_app.audit.services import entries_for
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.participants.services import participant_for_user
from smail_app.privacy import access_log
from smail_app.privacy.forms import AccessLogSearchForm

bp = Blueprint("privacy", __name__)


@bp.get("/me/access-log")
@participant_required
def my_access_log():  # noqa: ANN201
    participant = participant_for_user(current_user)
    return render_template("privacy/my_access_log.html", entries=entries_for(participant))


@bp.get("/admin/access-log")
@role_required(Role.ADMIN)
def access_log_search():  # noqa: ANN201
    form = AccessLogSearchForm(formdata=request.args or None)
    asked = bool(request.args) and form.validate()
    result = access_log.search(form.participant.data, form.staff.data) if asked else None
    return render_template("privacy/access_log_search.html", form=form, result=result,
                           limit=access_log.SEARCH_LIMIT), 422 if form.errors else 200
