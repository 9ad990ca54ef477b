"""Action plans (handlingsplan): activities linked to indicators, and notes per occasion."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from smail_app import clock
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import INDICATORS
from smail_app.assessments.progression import progression_for
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.models import Role
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _
from smail_app.participants.models import Participant
from smail_app.participants.personal_number import contains_personal_number
from smail_app.participants.services import visible_participant_or_404
from smail_app.plans import services
from smail_app.plans.forms import ActivityForm, NoteForm
from smail_app.plans.models import PlanActivity, PlanStatus

bp = Blueprint("plans", __name__)


def _status(*forms) -> int:
    return 422 if any(field.errors for form in forms for field in form) else 200


def _latest_occasion(participant: Participant) -> int:
    end = participant.exit_date or clock.today()
    return assessment_services.schedule_for(participant).current_occasion(end) or 0


def _occasion_choices(participant: Participant) -> list[SelectChoice]:
    schedule = assessment_services.schedule_for(participant)
    choices = []
    for occasion in range(_latest_occasion(participant), -1, -1):
        name = _("Baslinje") if occasion == 0 else _("Skattning %(n)s", n=occasion + 1)
        due = format_date(schedule.due(occasion), "d MMMM y")
        choices.append(SelectChoice(occasion, f"{name} ({due})"))
    return choices


def _details(form: ActivityForm) -> services.ActivityDetails:
    return services.ActivityDetails(
        title=form.title.data or "", indicators=list(form.indicators.data or []),
        responsible=form.responsible.data or "", due_date=form.due_date.data,
        status=form.status.data or "", partner_name=form.partner_name.data or "")


def _plan_page(participant: Participant, activity_form: ActivityForm, note_form: NoteForm):
    """The plan page, also shown again with a form's errors: the refused change is rolled
    back by then, and what the page shows is logged whatever the method."""
    note_form.occasion.choices = _occasion_choices(participant)
    plan = services.plan_for(participant)
    latest = progression_for(participant).latest
    log_access(current_user, participant, AccessAction.VIEW, "plan")
    return render_template(
        "plans/plan.html", participant=participant, plan=plan, form=activity_form,
        note_form=note_form, review_form=EmptyForm(prefix="review"),
        notes=services.notes_by_occasion(participant), latest=latest,
        lowest=services.lowest_indicators(latest.scores) if latest else [],
        needs_review=services.needs_review(plan, participant, clock.today()),
        indicators=INDICATORS, occasion_names=dict(
            (c.value, c.label) for c in note_form.occasion.choices),
    ), _status(activity_form, note_form)


def _blank_activity_form() -> ActivityForm:
    return ActivityForm(prefix="new", formdata=None, data={"status": PlanStatus.PLANNED.value})


def _blank_note_form(participant: Participant) -> NoteForm:
    return NoteForm(prefix="note", formdata=None, data={"occasion": _latest_occasion(participant)})


@bp.get("/participants/<public_id>/plan")
@role_required(Role.HANDLEDARE)
def plan(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    return _plan_page(participant, _blank_activity_form(), _blank_note_form(participant))


@bp.post("/participants/<public_id>/plan/activities")
@role_required(Role.HANDLEDARE)
def add_activity(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    form = ActivityForm(prefix="new")
    if form.validate_on_submit() and applied(
            lambda: services.add_activity(participant, _details(form), current_user), form,
            fallback_field="title"):
        flash(_("Aktiviteten är tillagd i planen."), "success")
        _warn_if_personal_number(form.title.data)
        return redirect(url_for("plans.plan", public_id=public_id))
    if not form.errors:
        abort(400)  # no CSRF token: not a form of ours
    return _plan_page(participant, form, NoteForm(prefix="note", formdata=None))


@bp.route("/participants/<public_id>/plan/activities/<activity_id>", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def edit_activity(public_id: str, activity_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    activity = services.activity_or_none(participant, activity_id) or abort(404)
    form = ActivityForm(data=_activity_data(activity))
    if form.validate_on_submit() and applied(
            lambda: services.update_activity(activity, participant, _details(form),
                                             current_user, form.version.data), form,
            fallback_field="title"):
        flash(_("Aktiviteten är sparad."), "success")
        _warn_if_personal_number(form.title.data)
        return redirect(url_for("plans.plan", public_id=public_id))
    form.version.data = activity.version  # saving again saves over what is there now
    log_access(current_user, participant, AccessAction.VIEW, "plan")  # after a refusal's rollback
    return render_template("plans/activity.html", participant=participant, activity=activity,
                           form=form), _status(form)


def _warn_if_personal_number(text: str | None) -> None:
    """Saved, since the handledare may have meant a phone number, but said plainly."""
    if contains_personal_number(text or ""):
        flash(_("Texten verkar innehålla ett personnummer. Ta bort det om det är ett: "
                "personnummer ska inte stå i planen eller anteckningarna."), "warning")


def _activity_data(activity: PlanActivity) -> dict[str, object]:
    return {"title": activity.title, "indicators": activity.indicators,
            "responsible": activity.responsible.value, "partner_name": activity.partner_name,
            "due_date": activity.due_date, "status": activity.status.value,
            "version": activity.version}


@bp.post("/participants/<public_id>/plan/review")
@role_required(Role.HANDLEDARE)
def review(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    if not EmptyForm(prefix="review").validate_on_submit():
        abort(400)
    if applied(lambda: services.mark_reviewed(participant, current_user), flash_refusal=True):
        flash(_("Planen är markerad som genomgången i dag."), "success")
    return redirect(url_for("plans.plan", public_id=public_id))


@bp.post("/participants/<public_id>/plan/notes")
@role_required(Role.HANDLEDARE)
def add_note(public_id: str):
    participant = visible_participant_or_404(current_user, public_id)
    form = NoteForm(prefix="note")
    form.occasion.choices = _occasion_choices(participant)
    if form.validate_on_submit() and applied(
            lambda: services.add_note(participant, form.occasion.data, form.body.data or "",
                                      current_user, _latest_occasion(participant)), form,
            fallback_field="body"):
        flash(_("Anteckningen är sparad."), "success")
        _warn_if_personal_number(form.body.data)
        return redirect(url_for("plans.plan", public_id=public_id, _anchor="anteckningar"))
    if not form.errors:
        abort(400)  # no CSRF token: not a form of ours
    return _plan_page(participant, _blank_activity_form(), form)
