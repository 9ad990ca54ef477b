"""The pages every rating flow shares (one indicator per step, check, submit, done) and the
belief step of the handledare's own rating. Routes are registered from ``flows.FLOWS``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale

from smail_app.assessments import charts, services
from smail_app.assessments.blueprint import bp
from smail_app.assessments.flows import FLOWS, FlowKind, FlowRoutes, RatingFlow, parallel_flow
from smail_app.assessments.forms import BeliefForm, IndicatorStepForm, step_form
from smail_app.assessments.indicators import (
    BELIEF_LABELS,
    BELIEF_QUESTION,
    INDICATOR_NUMBERS,
    INDICATORS,
    SCALE_LABELS,
)
from smail_app.assessments.progression import progression_for
from smail_app.auth.models import Role
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _
from smail_app.web import safe_next

AUTOSAVE_HEADER = "X-SMAIL-Autosave"


def locale() -> str:
    return str(get_locale() or "sv")


def form_status(form: Any) -> int:
    return 422 if form.is_submitted() and any(field.errors for field in form) else 200


def _return_to() -> str:
    return safe_next(request.args.get("return_to")) or ""


# --- One indicator per step ----------------------------------------------------------------


def step_page(flow: RatingFlow, step: int):
    if step not in INDICATOR_NUMBERS:
        abort(404)
    if flow.rating.is_submitted:
        return redirect(flow.url("done"))
    form = _step_form(flow, step)
    if request.headers.get(AUTOSAVE_HEADER) == "1" and form.is_submitted():
        return _autosave(flow, form)
    going_back = form.direction.data == "back"
    if form.validate_on_submit() and applied(
            lambda: services.save_step(flow.rating, form.answered_values(),
                                       moving_on=not going_back),
            form, fallback_field=form.first_field_name()):
        return redirect(flow.after_step(step, going_back, form.return_to.data))
    return render_template("assessments/step.html", flow=flow, rating=flow.rating, step=step,
                           form=form, indicator=INDICATORS[step - 1], total=flow.total_steps,
                           return_to=_return_to(), scale=SCALE_LABELS), form_status(form)


def _step_form(flow: RatingFlow, step: int) -> IndicatorStepForm:
    statements = services.wording_of(flow.rating).statements_for(step)
    saved = services.answers_by_statement(flow.rating)
    return step_form(statements, locale(), about_participant=flow.is_handledare_view,
                     data={f"s{s.id}": str(saved[s.id]) for s in statements if s.id in saved})


def _autosave(flow: RatingFlow, form: IndicatorStepForm):
    """rating.js saves each choice the moment it is made, and reads the answer as JSON."""
    if form.validate() and applied(
            lambda: services.save_answers(flow.rating, form.answered_values()), form,
            fallback_field=form.first_field_name()):
        return jsonify({"saved": len(form.answered_values())})
    return jsonify({"errors": form.errors}), 422


# --- Check, submit, done ---------------------------------------------------------------------


def check_page(flow: RatingFlow):
    rating = flow.rating
    if rating.is_submitted:
        return redirect(flow.url("done"))
    return render_template(
        "assessments/check.html", flow=flow, rating=rating, wording=services.wording_of(rating),
        answers=services.answers_by_statement(rating),
        missing=services.unanswered_indicators(rating),
        unanswered=services.unanswered_statements(rating),
        belief_missing=flow.has_belief_step and rating.belief is None, indicators=INDICATORS,
        scale=SCALE_LABELS, belief_labels=BELIEF_LABELS, belief_question=BELIEF_QUESTION,
        locale=locale(), submit_form=EmptyForm())


def submit(flow: RatingFlow):
    if not EmptyForm().validate_on_submit():
        abort(400)
    confirmed = request.form.get("incomplete_confirmed") == "ja"
    if applied(lambda: flow.submit(incomplete_confirmed=confirmed), flash_refusal=True):
        return redirect(flow.url("done"), 303)
    return redirect(flow.url("check"), 303)


def done_page(flow: RatingFlow):
    rating = flow.rating
    if not rating.is_submitted:
        return redirect(flow.url("check"))
    if not flow.has_done_page:
        flash(_("Din skattning är sparad. Jämför den med deltagarens nedan."), "success")
        return redirect(url_for("workspace.detail", public_id=rating.participant.public_id,
                                _anchor="jamforelse"))
    progression = progression_for(rating.participant)
    return render_template("assessments/done.html", flow=flow, rating=rating,
                           due=services.due_for(rating.participant), progression=progression,
                           chart=charts.chart_data(progression))


# --- The belief step, last in the handledare's own rating ----------------------------------


@bp.route("/participants/<participant_id>/parallel/<rating_id>/belief",
          methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def parallel_belief(participant_id: str, rating_id: str):
    flow = parallel_flow(rating_id, participant_id)
    if flow.rating.is_submitted:
        return redirect(flow.url("done"))
    form = BeliefForm(data={"belief": str(flow.rating.belief) if flow.rating.belief else None})
    # Optional() lets an empty or blank answer through: no belief given yet
    belief = (form.belief.data or "").strip() if form.validate_on_submit() else None
    if belief is not None and (not belief or applied(
            lambda: services.set_belief(flow.rating, int(belief)), form)):
        return redirect(_after_belief(flow, form))
    return render_template("assessments/belief.html", flow=flow, rating=flow.rating, form=form,
                           step=flow.total_steps, total=flow.total_steps,
                           return_to=_return_to()), form_status(form)


def _after_belief(flow: RatingFlow, form: BeliefForm) -> str:
    if form.direction.data == "back":
        return flow.url("step", step=INDICATOR_NUMBERS[-1])
    return safe_next(form.return_to.data) or flow.url("check")


# --- Every flow's routes, from one table -----------------------------------------------------

PAGES: tuple[tuple[str, str, tuple[str, ...], Callable[..., Any]], ...] = (
    ("step", "/step/<int:step>", ("GET", "POST"), step_page),
    ("check", "/check", ("GET",), check_page),
    ("submit", "/submit", ("POST",), submit),
    ("done", "/done", ("GET",), done_page),
)


def _flow_view(routes: FlowRoutes, page: Callable[..., Any]) -> Callable[..., Any]:
    def view(rating_id: str, participant_id: str | None = None, **page_args: Any) -> Any:
        ids = {"participant_id": participant_id} if routes.kind != FlowKind.OWN else {}
        return page(routes.load(rating_id, **ids), **page_args)

    view.__name__ = f"{routes.kind.value}_{page.__name__}"
    view.__doc__ = page.__doc__
    return routes.guard(view)


for _routes in FLOWS:
    for _name, _path, _methods, _page in PAGES:
        bp.add_url_rule(_routes.prefix + _path, f"{_routes.kind.value}_{_name}",
                        _flow_view(_routes, _page), methods=list(_methods))
