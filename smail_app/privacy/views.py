"""Who has looked at a participant's data: the participant's own view, and the admin's search."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import Role, User
from smail_app.core.access import participant_required, role_required
from smail_app.core.transaction import applied
from smail_app.i18n import lazy_gettext as _l
from smail_app.participants.models import Participant
from smail_app.participants.services import participant_for_user, visible_participant_or_404
from smail_app.privacy import access_log, participant_log, subject_access
from smail_app.privacy import anonymise as anonymiser
from smail_app.privacy.forms import AccessLogSearchForm, AnonymiseForm

bp = Blueprint("privacy", __name__)


@dataclass(frozen=True)
class _AnonymiseStep:
    change: Callable[[Participant, User, AnonymiseForm], None]
    done: object  # the message once done


_ANONYMISE_STEPS = {
    "request": _AnonymiseStep(
        lambda participant, user, form: anonymiser.request_anonymisation(
            participant, user, form.reason.data or ""),
        _l("Begäran är sparad. En annan handledare i teamet behöver bekräfta den.")),
    "confirm": _AnonymiseStep(
        lambda participant, user, _form: anonymiser.confirm_anonymisation(participant, user),
        _l("Deltagaren är anonymiserad.")),
    "withdraw": _AnonymiseStep(
        lambda participant, _user, _form: anonymiser.withdraw_anonymisation(participant),
        _l("Begäran är återkallad.")),
}


@bp.get("/me/access-log")
@participant_required
def my_access_log():
    participant = participant_for_user(current_user)
    number = request.args.get("page", default=1, type=int)
    if number < 1 or number > 10_000:
        abort(404)
    return render_template("privacy/my_access_log.html",
                           page=participant_log.page_for(participant, number))


@bp.get("/admin/access-log")
@role_required(Role.ADMIN)
def access_log_search():
    form = AccessLogSearchForm(formdata=request.args or None)
    asked = bool(request.args) and form.validate()
    result = access_log.search(form.participant.data, form.staff.data) if asked else None
    return render_template("privacy/access_log_search.html", form=form, result=result,
                           limit=access_log.SEARCH_LIMIT), 422 if form.errors else 200


# --- The participant's right of access ------------------------------------------------------


@bp.get("/me/my-data")
@participant_required
def my_data():
    participant = participant_for_user(current_user)
    return render_template("privacy/my_data.html", data=subject_access.readable(participant))


@bp.get("/me/my-data.json")
@participant_required
def my_data_file():
    participant = participant_for_user(current_user)
    body = json.dumps(subject_access.everything_about(participant), ensure_ascii=False,
                      indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="smail-mina-uppgifter.json"'})


# --- Anonymising a participant: two handledare --------------------------------------------------


@bp.route("/participants/<public_id>/anonymise", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def anonymise(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    form = AnonymiseForm()
    step = _ANONYMISE_STEPS.get(request.form.get("step", ""))
    if form.validate_on_submit() and step and applied(
            lambda: step.change(participant, current_user, form), flash_refusal=True):
        flash(str(step.done), "success")
        return redirect(url_for("privacy.anonymise", public_id=public_id))
    log_access(current_user, participant, AccessAction.VIEW, "anonymisation")
    return render_template("privacy/anonymise.html", participant=participant, form=form,
                           pending=anonymiser.open_request(participant)), \
        422 if form.errors else 200
