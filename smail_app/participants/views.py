"""Staff pages for participants: the caseload, registration, invite links, the participant
page and its print view, handover, exit and the 6-month follow-up; and the participant's own
reminder settings."""

from __future__ import annotations

from datetime import timedelta

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from smail_app import clock
from smail_app.assessments import charts
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import BELIEF_LABELS, INDICATORS
from smail_app.assessments.models import RaterKind
from smail_app.audit.services import log_access
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.core.forms import EmptyForm
from smail_app.extensions import db
from smail_app.organisations import services as org_services
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants import caseload as caseload_rules
from smail_app.participants import services
from smail_app.participants.forms import (
    EXIT_REASON_CHOICES,
    CaseloadFilterForm,
    ExitForm,
    FollowUpForm,
    HandoverForm,
    ParticipantForm,
    ReminderForm,
)
from smail_app.participants.models import Participant
from smail_app.plans import services as plan_services

bp = Blueprint("participants", __name__)


def _status(form) -> int:  # noqa: ANN001
    return 422 if any(field.errors for field in form) else 200


# --- Caseload ------------------------------------------------------------------------------


@bp.get("/participants/")
@role_required(Role.HANDLEDARE)
def caseload():  # noqa: ANN201
    my_insatser = org_services.insatser_for(current_user)
    form = CaseloadFilterForm(request.args)
    form.insats.choices = [SelectChoice("", _("Alla insatser"))] + [
        SelectChoice(i.public_id, i.name) for i in my_insatser]
    filters = caseload_rules.CaseloadFilter()
    form.validate()
    # A page number out of range, or not a number, shows the nearest page: it comes from
    # our own links, so it is not worth an error message.
    number = form.page.data if not form.page.errors and form.page.data else 1
    form.page.errors = []
    valid = not any(field.errors for field in form)
    insats = _chosen_insats(form.insats, my_insatser)
    status = _chosen_status(form.status)
    if valid and not form.insats.errors and not form.status.errors:
        filters = caseload_rules.CaseloadFilter(
            insats_id=insats.id if insats else None, search=form.q.data or "", status=status)
    page = caseload_rules.caseload_page(current_user, filters, number)
    return render_template("participants/caseload.html", page=page, rows=page.rows, form=form,
                           has_insatser=bool(my_insatser), filters=filters,
                           Urgency=caseload_rules.Urgency,
                           Direction=caseload_rules.Direction), _status(form)


def _chosen_insats(field, my_insatser: list[Insats]) -> Insats | None:  # noqa: ANN001
    """One of the user's insatser, none (all of them), or an error on the field."""
    if not field.data:
        return None
    found = next((i for i in my_insatser if i.public_id == field.data), None)
    if found is None:
        field.errors = [_("Välj en insats i listan.")]
    return found


def _chosen_status(field) -> caseload_rules.Status:  # noqa: ANN001
    try:
        return caseload_rules.Status(field.data or caseload_rules.Status.ACTIVE)
    except ValueError:
        field.errors = [_("Välj ett av alternativen i listan.")]
        return caseload_rules.Status.ACTIVE


# --- Registration and invites ----------------------------------------------------------------


@bp.route("/participants/new", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def register():  # noqa: ANN201
    form = ParticipantForm()
    my_insatser = org_services.insatser_for(current_user)
    form.insats.choices = [SelectChoice(i.public_id, i.name) for i in my_insatser]
    form.kommun.choices = [SelectChoice("", _("Ingen uppgift"))] + \
        org_services.organisation_choices(kommuner_only=True)
    if not form.is_submitted():
        form.start_date.data = clock.today()
    if form.validate_on_submit():
        insats = next((i for i in my_insatser if i.public_id == form.insats.data), None)
        kommun = org_services.by_public_id(Organisation, form.kommun.data) if form.kommun.data \
            else None
        try:
            if insats is None:
                raise services.ParticipantError(_("Välj en insats."), "insats")
            participant = services.register_participant(services.NewParticipant(
                insats=insats, code=form.code.data, alias=form.alias.data or "",
                birth_year=form.birth_year.data, gender=form.gender.data, kommun=kommun,
                start_date=form.start_date.data), current_user)
            issued = services.issue_participant_invite(participant, current_user)
        except services.ParticipantError as problem:
            db.session.rollback()
            getattr(form, problem.field or "code").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Deltagaren är registrerad."), "success")
            return _render_invite(participant, issued.token)
    return render_template("participants/register.html", form=form,
                           has_insatser=bool(my_insatser)), 422 if form.errors else 200


def _render_invite(participant: Participant, token: str, *, for_password: bool = False):  # noqa: ANN202
    link = url_for("auth.accept_invite", token=token, _external=True)
    qr_svg = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
    return render_template("participants/invite.html", participant=participant, link=link,
                           qr_svg=qr_svg, for_password=for_password)


@bp.post("/participants/<public_id>/password-link")
@role_required(Role.HANDLEDARE)
def password_link(public_id: str):  # noqa: ANN201
    """A participant who has forgotten their password gets a new single-use link."""
    participant = services.visible_participant_or_404(current_user, public_id)
    if not EmptyForm(prefix="invite").validate_on_submit():
        return redirect(url_for("participants.detail", public_id=public_id))
    try:
        issued = services.issue_password_link(participant, current_user)
    except services.ParticipantError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("participants.detail", public_id=public_id))
    db.session.commit()
    return _render_invite(participant, issued.token, for_password=True)


@bp.post("/participants/<public_id>/invite")
@role_required(Role.HANDLEDARE)
def new_invite(public_id: str):  # noqa: ANN201
    participant = services.visible_participant_or_404(current_user, public_id)
    if not EmptyForm(prefix="invite").validate_on_submit():
        return redirect(url_for("participants.detail", public_id=public_id))
    try:
        issued = services.issue_participant_invite(participant, current_user)
    except services.ParticipantError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("participants.detail", public_id=public_id))
    db.session.commit()
    return _render_invite(participant, issued.token)


# --- The participant page and its print view -------------------------------------------------


def _workspace(participant: Participant) -> dict[str, object]:
    """Everything the participant page and the print view show, in a fixed number of
    queries however many ratings there are."""
    today = clock.today()
    own = assessment_services.progression_for(participant)
    theirs = assessment_services.progression_for(participant, RaterKind.HANDLEDARE)
    history = services.assignment_history(participant)
    handovers = [period.start_date for period in history[1:]]
    plan = plan_services.plan_for(participant)
    due = assessment_services.due_for(participant, today)
    has_plan = plan is not None and bool(plan.activities)
    flags = caseload_rules.urgency_flags(
        is_active=participant.is_active, due=due, has_baseline=bool(own.self_ratings),
        has_plan=has_plan, start_date=participant.start_date, today=today)
    return {
        "participant": participant, "due": due, "progression": own,
        "handledare_progression": theirs,
        "comparison": assessment_services.compare(own, theirs),
        "chart": charts.workspace_chart_data(own, theirs, handovers),
        "timeline_days": charts.timeline_days(own, theirs, handovers),
        "history": history, "handovers": handovers, "plan": plan,
        "plan_needs_review": has_plan and participant.is_active
        and plan_services.needs_review(plan, today),
        "flags": flags, "Urgency": caseload_rules.Urgency,
        "weeks": caseload_rules.weeks_in_insats(participant, today),
        "indicators": INDICATORS, "belief_labels": BELIEF_LABELS,
        "exit_reasons": _exit_reason_labels(),
    }


def _exit_reason_labels() -> dict[str, str]:
    return {choice.value: str(choice.label) for choice in EXIT_REASON_CHOICES}


@bp.get("/participants/<public_id>")
@role_required(Role.HANDLEDARE)
def detail(public_id: str):  # noqa: ANN201
    participant = services.visible_participant_or_404(current_user, public_id)
    log_access(current_user, participant, "view")
    context = _workspace(participant)
    drafts = {kind: assessment_services.open_draft(participant, kind) for kind in RaterKind}
    db.session.commit()
    return render_template(
        "participants/detail.html", **context, drafts=drafts,
        open_invite=services.open_invite(participant),
        invite_form=EmptyForm(prefix="invite"), together_form=EmptyForm(prefix="together"),
        parallel_form=EmptyForm(prefix="parallel"))


@bp.get("/participants/<public_id>/print")
@role_required(Role.HANDLEDARE)
def print_view(public_id: str):  # noqa: ANN201
    """A4, no navigation: for a coaching session or a multi-party meeting (SIP)."""
    participant = services.visible_participant_or_404(current_user, public_id)
    log_access(current_user, participant, "export", "print")
    context = _workspace(participant)
    db.session.commit()
    return render_template("participants/print.html", **context, printed_on=clock.today())


# --- Handover --------------------------------------------------------------------------------


@bp.route("/participants/<public_id>/handover", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def handover(public_id: str):  # noqa: ANN201
    participant = services.visible_participant_or_404(current_user, public_id)
    candidates = services.handover_candidates(participant)
    form = HandoverForm()
    form.handledare.choices = [SelectChoice("", _("Välj handledare"))] + [
        SelectChoice(user.public_id, user.display_name) for user in candidates]
    if form.validate_on_submit():
        chosen = next((u for u in candidates if u.public_id == form.handledare.data), None)
        try:
            if chosen is None:
                raise services.ParticipantError(_("Välj en handledare i insatsens team."),
                                                "handledare")
            services.hand_over(participant, chosen, current_user, form.note.data or "")
        except services.ParticipantError as problem:
            db.session.rollback()
            getattr(form, problem.field or "handledare").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("%(name)s är nu ansvarig handledare.", name=chosen.display_name), "success")
            return redirect(url_for("participants.detail", public_id=public_id))
    if request.method == "GET":
        log_access(current_user, participant, "view", "handover")
        db.session.commit()
    history = services.assignment_history(participant)
    return render_template("participants/handover.html", participant=participant, form=form,
                           history=history, has_candidates=bool(candidates)), _status(form)


# --- Exit and the 6-month follow-up ----------------------------------------------------------


@bp.route("/participants/<public_id>/exit", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def exit_enrolment(public_id: str):  # noqa: ANN201
    participant = services.visible_participant_or_404(current_user, public_id)
    if not participant.is_active:
        flash(_("Deltagaren har redan avslutat insatsen."), "info")
        return redirect(url_for("participants.detail", public_id=public_id))
    form = ExitForm()
    form.reason.validate_choice = False  # the service answers with its own message
    if not form.is_submitted():
        form.exit_date.data = clock.today()
    if form.validate_on_submit():
        try:
            services.record_exit(participant, services.ExitDetails(
                exit_date=form.exit_date.data, reason=form.reason.data or "",
                work_percent=form.work_percent.data), current_user)
        except services.ParticipantError as problem:
            db.session.rollback()
            getattr(form, problem.field or "reason").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Insatsen är avslutad för %(label)s.", label=participant.label), "success")
            return redirect(url_for("participants.detail", public_id=public_id))
    own = assessment_services.progression_for(participant)
    recent = own.latest is not None and own.latest.rated_on >= clock.today() - timedelta(days=14)
    if request.method == "GET":
        log_access(current_user, participant, "view", "exit")
        db.session.commit()
    return render_template("participants/exit.html", participant=participant, form=form,
                           latest=own.latest, has_recent_rating=recent,
                           together_form=EmptyForm(prefix="together")), _status(form)


@bp.get("/participants/follow-up")
@role_required(Role.HANDLEDARE)
def follow_up():  # noqa: ANN201
    """Who left 6 months ago, and a reproducible random sample of them to contact."""
    my_insatser = org_services.insatser_for(current_user)
    today = clock.today()
    if request.args:
        form = FollowUpForm(request.args)
    else:
        form = FollowUpForm(formdata=None, data={
            "month": services.default_follow_up_month(today), "size": 10,
            "seed": services.new_seed()})
    form.insats.choices = [SelectChoice("", _("Alla mina insatser"))] + [
        SelectChoice(i.public_id, i.name) for i in my_insatser]
    candidates, sample, drawn = [], [], False
    valid = bool(request.args) and form.validate()
    insats = _chosen_insats(form.insats, my_insatser)
    if valid and not form.insats.errors:
        drawn = True
        first_day = services.month_start(form.month.data)
        candidates = services.left_in_month(current_user, first_day,
                                            insats.id if insats else None)
        try:
            sample = services.draw_sample(candidates, form.size.data, form.seed.data)
        except services.ParticipantError as problem:
            getattr(form, problem.field or "size").errors.append(str(problem))
        else:
            services.log_follow_up(current_user, sample)
            db.session.commit()
    return render_template("participants/follow_up.html", form=form, candidates=candidates,
                           sample=sample, drawn=drawn and not form.errors,
                           exit_reasons=_exit_reason_labels()), _status(form)


# --- The participant's own reminder settings -------------------------------------------------


@bp.route("/me/reminders", methods=["GET", "POST"])
@participant_required
def my_reminders():  # noqa: ANN201
    participant = services.participant_for_user(current_user)
    form = ReminderForm(data={"email": participant.reminder_email,
                              "consent": participant.wants_reminders})
    if form.validate_on_submit():
        try:
            services.set_reminders(participant, form.email.data, form.consent.data)
        except services.ParticipantError as problem:
            db.session.rollback()
            getattr(form, problem.field or "email").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Dina val är sparade."), "success")
            return redirect(url_for("assessments.my_rating"))
    return render_template("participants/reminders.html", form=form,
                           participant=participant), _status(form)
