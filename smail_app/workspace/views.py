"""The handledare's workspace pages: the caseload, the participant page and its print view,
and closing an enrolment (which shows the latest rating)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app import clock
from smail_app.assessments import services as assessment_services
from smail_app.assessments.models import RaterKind
from smail_app.assessments.progression import progression_for
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _
from smail_app.organisations import services as org_services
from smail_app.participants import services as participant_services
from smail_app.participants.forms import ExitForm
from smail_app.participants.services import visible_participant_or_404
from smail_app.workspace.caseload import Direction, Urgency, caseload_page, log_shown
from smail_app.workspace.forms import CaseloadFilterForm
from smail_app.workspace.participant_page import participant_home, participant_page

bp = Blueprint("workspace", __name__)


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.get("/participants/")
@role_required(Role.HANDLEDARE)
def caseload():
    my_insatser = org_services.insatser_for(current_user)
    form = CaseloadFilterForm(request.args)
    filters, number = form.chosen(my_insatser)
    page = caseload_page(current_user, filters, number)
    log_shown(current_user, page)
    return render_template("workspace/caseload.html", page=page, rows=page.rows, form=form,
                           has_insatser=bool(my_insatser), filters=filters,
                           Urgency=Urgency, Direction=Direction,
                           detail_address=_detail_address()), _status(form)


def _detail_address() -> Callable[[str], str]:
    """Each row's link to the participant page: the route is resolved once per page and each
    row's id put in its place (url_for for every row was a twentieth of the page)."""
    marker = "participant-id"
    head, _, tail = url_for("workspace.detail", public_id=marker).rpartition(marker)
    return lambda public_id: f"{head}{quote(public_id, safe='')}{tail}"


@bp.get("/me")
@participant_required
def my_rating():
    """The participant's start page: their rating, their progress and their plan."""
    participant = participant_services.participant_for_user(current_user)
    return render_template("assessments/my_rating.html", **participant_home(participant),
                           start_form=EmptyForm())


@bp.get("/participants/<public_id>")
@role_required(Role.HANDLEDARE)
def detail(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    log_access(current_user, participant, AccessAction.VIEW)
    page = participant_page(participant)
    mention = assessment_services.ratings_to_mention(participant)
    # the occasions each rater's sent ratings count for: from the ratings already read
    taken = {kind: {point.occasion for point in page[key].self_ratings} for kind, key in (
        (RaterKind.PARTICIPANT, "progression"), (RaterKind.HANDLEDARE, "handledare_progression"))}
    return render_template(
        "workspace/detail.html", **page,
        together_draft=mention.drafts.get(RaterKind.PARTICIPANT),
        parallel_draft=mention.drafts.get(RaterKind.HANDLEDARE),
        together_counts=assessment_services.occasion_if_rated_today(
            participant, RaterKind.PARTICIPANT, taken[RaterKind.PARTICIPANT]),
        parallel_counts=assessment_services.occasion_if_rated_today(
            participant, RaterKind.HANDLEDARE, taken[RaterKind.HANDLEDARE]),
        open_invite=participant_services.open_invite(participant),
        after_password_link=mention.after_password_link,
        invite_form=EmptyForm(prefix="invite"), together_form=EmptyForm(prefix="together"),
        parallel_form=EmptyForm(prefix="parallel"))


@bp.get("/participants/<public_id>/print")
@role_required(Role.HANDLEDARE)
def print_view(public_id: str):
    """A4, no navigation: for a coaching session or a multi-party meeting (SIP)."""
    participant = visible_participant_or_404(current_user, public_id)
    log_access(current_user, participant, AccessAction.EXPORT, "print")
    return render_template("workspace/print.html", **participant_page(participant),
                           printed_on=clock.today())


@bp.route("/participants/<public_id>/exit", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def exit_enrolment(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    if not participant.is_active:
        flash(_("Deltagaren har redan avslutat insatsen."), "info")
        return redirect(url_for("workspace.detail", public_id=public_id))
    form = ExitForm.for_today()
    if form.validate_on_submit() and applied(
            lambda: participant_services.record_exit(participant, form.details(), current_user),
            form, fallback_field="reason"):
        flash(_("Insatsen är avslutad för %(label)s.", label=participant.label), "success")
        return redirect(url_for("workspace.detail", public_id=public_id))
    return _exit_page(participant, form)


def _exit_page(participant, form: ExitForm):
    latest = progression_for(participant).latest
    log_access(current_user, participant, AccessAction.VIEW, "exit")  # after a refusal's rollback
    return render_template(
        "workspace/exit.html", participant=participant, form=form, latest=latest,
        has_recent_rating=participant_services.counts_as_end_rating(
            latest.rated_on if latest else None, clock.today()),
        together_form=EmptyForm(prefix="together")), _status(form)
