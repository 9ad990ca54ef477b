"""The assessments blueprint: starting a rating in each flow, the participant's progress,
and the handledare taking the device back. The pages a rating goes through are in
``flow_views``, the admin's instrument versions in ``instrument_views``; importing this
module registers them all.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app.assessments import (
    charts,
    device_lock,
    flow_views,
    instrument_views,
    language_views,
    services,
)
from smail_app.assessments.blueprint import bp
from smail_app.assessments.flows import FlowKind, RatingFlow
from smail_app.assessments.forms import UnlockForm
from smail_app.assessments.models import RaterKind, Rating
from smail_app.assessments.progression import progression_for
from smail_app.auth import services as auth_services
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.extensions import limiter
from smail_app.i18n import gettext as _
from smail_app.participants.services import participant_for_user, visible_participant_or_404

__all__ = ["bp", "flow_views", "instrument_views", "language_views"]


def _started(start: Callable[[], Rating]) -> Rating | None:
    """The rating ``start`` began or resumed; None when refused (the reason is flashed)."""
    started: list[Rating] = []
    if applied(lambda: started.append(start()), flash_refusal=True):
        return started[0]
    return None


@bp.get("/me/progress")
@participant_required
def my_progress():
    progression = progression_for(participant_for_user(current_user))
    return render_template("assessments/my_progress.html", progression=progression,
                           chart=charts.chart_data(progression))


@bp.post("/me/rating")
@participant_required
def start_rating():
    participant = participant_for_user(current_user)
    if not EmptyForm().validate_on_submit():
        abort(400)
    rating = _started(lambda: services.start_or_resume(participant))
    if rating is None:
        return redirect(url_for("workspace.my_rating"))
    return redirect(RatingFlow(FlowKind.OWN, rating).resume_url())


@bp.post("/participants/<participant_id>/together")
@role_required(Role.HANDLEDARE)
def together_start(participant_id: str):
    """The participant rates on the handledare's device, locked to that rating."""
    return _start_for_participant(participant_id, FlowKind.TOGETHER, services.start_together)


@bp.post("/participants/<participant_id>/parallel")
@role_required(Role.HANDLEDARE)
def parallel_start(participant_id: str):
    """The handledare's own rating of the participant."""
    return _start_for_participant(participant_id, FlowKind.PARALLEL, services.start_parallel)


def _start_for_participant(participant_id: str, kind: FlowKind, start):
    participant = visible_participant_or_404(current_user, participant_id)
    if not EmptyForm(prefix=kind.value).validate_on_submit():
        abort(400)
    rater = RaterKind.PARTICIPANT if kind == FlowKind.TOGETHER else RaterKind.HANDLEDARE
    # A new rating that counts for no occasion is started only once the handledare has
    # chosen to, on the participant page that says so (a draft just continues).
    if services.open_draft(participant, rater) is None \
            and services.occasion_if_rated_today(participant, rater).occasion is None \
            and request.form.get("outside_schedule") != "ja":
        flash(_("Den här skattningen räknas inte för något skattningstillfälle. Kryssa i att "
                "du vill skatta ändå, eller vänta tills nästa fönster öppnar."), "error")
        return redirect(url_for("workspace.detail", public_id=participant_id))
    rating = _started(lambda: start(participant, current_user))
    if rating is None:
        return redirect(url_for("workspace.detail", public_id=participant_id))
    flow = RatingFlow(kind, rating)
    if flow.is_locked:
        device_lock.lock(participant.public_id, rating.public_id)
    return redirect(flow.resume_url())


def _login_limit() -> str:
    return current_app.config["SMAIL_LOGIN_RATE_LIMIT"]


@bp.route("/together/unlock", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@role_required(Role.HANDLEDARE)
def together_unlock():
    """The handledare signs in again with their password; the device is theirs again."""
    found = device_lock.current()
    if found is None:
        return redirect(url_for("workspace.caseload"))
    form = UnlockForm()
    right: list[bool] = []
    # counted per account too: the participant holding the phone may be the one guessing
    if form.validate_on_submit() and applied(lambda: right.append(
            auth_services.check_own_password(current_user, form.password.data, "password")),
            form):
        if right[0]:
            device_lock.unlock()
            flash(_("Enheten är upplåst."), "success")
            return redirect(url_for("workspace.detail", public_id=found.participant_id))
        form.password.errors.append(_("Lösenordet stämmer inte."))
    return render_template("assessments/unlock.html", form=form,
                           back_url=device_lock.resume_url(found)), flow_views.form_status(form)
