"""Rating pages, one indicator per page, and the admin's instrument versions.

The same step / check / submit / done pages serve three flows (``RatingFlow``): the
participant's own rating (/me/rating/...), the participant's rating done together on the
handledare's device (locked to that rating, see ``device_lock``), and the handledare's
parallel rating, which ends with "Min tro på att deltagaren når arbete eller studier".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from smail_app.assessments import charts, device_lock, services
from smail_app.assessments.forms import BeliefForm, StatementsForm, UnlockForm, step_form
from smail_app.assessments.indicators import (
    BELIEF_LABELS,
    BELIEF_QUESTION,
    INDICATOR_NUMBERS,
    INDICATORS,
    SCALE_LABELS,
)
from smail_app.assessments.models import InstrumentVersion, RaterKind, Rating, RatingMode
from smail_app.auth import services as auth_services
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.core.forms import EmptyForm
from smail_app.extensions import db, limiter
from smail_app.participants.services import participant_for_user, visible_participant_or_404
from smail_app.plans import services as plan_services
from smail_app.web import safe_next

bp = Blueprint("assessments", __name__)

AUTOSAVE_HEADER = "X-SMAIL-Autosave"


def _locale() -> str:
    return str(get_locale() or "sv")


def _has_errors(form) -> bool:  # noqa: ANN001
    return any(field.errors for field in form)


# --- One flow, three ways in ---------------------------------------------------------------


class FlowKind(enum.StrEnum):
    OWN = "rating"  # the participant on their own device
    TOGETHER = "together"  # the participant on the handledare's (locked) device
    PARALLEL = "parallel"  # the handledare's own rating


@dataclass(frozen=True)
class RatingFlow:
    """What differs between the flows: URLs, wording, the belief step, the lock."""

    kind: FlowKind
    rating: Rating

    def url(self, page: str, **values: object) -> str:
        if self.kind != FlowKind.OWN:
            values["participant_id"] = self.rating.participant.public_id
        return url_for(f"assessments.{self.kind}_{page}", rating_id=self.rating.public_id,
                       **values)

    @property
    def leave_url(self) -> str | None:
        """The back link from the first step; None on a locked device (no way out)."""
        if self.kind == FlowKind.OWN:
            return url_for("assessments.my_rating")
        if self.kind == FlowKind.PARALLEL:
            return url_for("workspace.detail", public_id=self.rating.participant.public_id)
        return None

    @property
    def has_belief_step(self) -> bool:
        return self.kind == FlowKind.PARALLEL

    @property
    def total_steps(self) -> int:
        return len(INDICATORS) + (1 if self.has_belief_step else 0)

    @property
    def is_locked(self) -> bool:
        return self.kind == FlowKind.TOGETHER

    @property
    def is_handledare_view(self) -> bool:
        return self.kind == FlowKind.PARALLEL

    @property
    def question(self) -> str:
        if self.is_handledare_view:
            return _("Hur väl stämmer det här för deltagaren just nu, som du ser det?")
        return _("Hur väl stämmer det här för dig just nu?")

    @property
    def check_title(self) -> str:
        if self.is_handledare_view:
            return _("Kontrollera din skattning av deltagaren")
        return _("Kontrollera dina svar")

    def after_indicators_url(self) -> str:
        return self.url("belief") if self.has_belief_step else self.url("check")


# --- Participant: home and progress ---------------------------------------------------------


@bp.get("/me")
@participant_required
def my_rating():  # noqa: ANN201
    participant = participant_for_user(current_user)
    due = services.due_for(participant)
    draft = services.open_draft(participant, RaterKind.PARTICIPANT)
    progression = services.progression_for(participant)
    plan = plan_services.plan_for(participant)
    return render_template("assessments/my_rating.html", participant=participant, due=due,
                           draft=draft, progression=progression, start_form=EmptyForm(),
                           plan=plan, indicators=INDICATORS)


@bp.get("/me/progress")
@participant_required
def my_progress():  # noqa: ANN201
    participant = participant_for_user(current_user)
    progression = services.progression_for(participant)
    return render_template("assessments/my_progress.html", progression=progression,
                           chart=charts.chart_data(progression))


@bp.post("/me/rating")
@participant_required
def start_rating():  # noqa: ANN201
    participant = participant_for_user(current_user)
    if not EmptyForm().validate_on_submit():
        abort(400)
    due = services.due_for(participant)
    if services.open_draft(participant, RaterKind.PARTICIPANT) is None and (
            due is None or not due.is_open):
        flash(_("Det är inte dags för en ny skattning än."), "info")
        return redirect(url_for("assessments.my_rating"))
    try:
        rating = services.start_or_resume(participant)
    except services.RatingError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("assessments.my_rating"))
    db.session.commit()
    return redirect(_resume_url(RatingFlow(FlowKind.OWN, rating)))


def _resume_url(flow: RatingFlow) -> str:
    step = services.first_step_to_answer(flow.rating)
    if step is not None:
        return flow.url("step", step=step)
    if flow.has_belief_step and flow.rating.belief is None:
        return flow.url("belief")
    return flow.url("check")


def _own_flow(rating_id: str) -> RatingFlow:
    participant = participant_for_user(current_user)
    rating = db.session.scalar(select(Rating).where(
        Rating.public_id == rating_id, Rating.participant_id == participant.id,
        Rating.rater_kind == RaterKind.PARTICIPANT))
    if rating is None:
        abort(404)
    return RatingFlow(FlowKind.OWN, rating)


# --- The steps, check, submit and done, for every flow ------------------------------------


def _step_page(flow: RatingFlow, step: int):  # noqa: ANN202
    rating = flow.rating
    if step not in INDICATOR_NUMBERS:
        abort(404)
    if rating.is_submitted:
        return redirect(flow.url("done"))
    statements = rating.version.statements_for(step)
    saved = services.answers_by_statement(rating)
    form = step_form(statements, _locale(),
                     data={f"s{s.id}": str(saved[s.id]) for s in statements if s.id in saved})
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    if form.validate_on_submit():
        values = form.answered_values()
        services.save_answers(rating, values)
        db.session.commit()
        if autosave:
            return jsonify({"saved": len(values)})
        going_back = form.direction.data == "back"
        if not going_back and not values:
            form.statement_fields()[0][1].errors = [
                _("Välj ett svar för minst ett av påståendena.")]
        else:
            return redirect(_after_step(flow, step, going_back, form.return_to.data))
    elif autosave and form.errors:
        return jsonify({"errors": form.errors}), 422
    status = 422 if form.is_submitted() and _has_errors(form) else 200
    return render_template("assessments/step.html", flow=flow, rating=rating, step=step,
                           form=form, indicator=INDICATORS[step - 1], total=flow.total_steps,
                           return_to=safe_next(request.args.get("return_to")) or "",
                           scale=SCALE_LABELS), status


def _after_step(flow: RatingFlow, step: int, going_back: bool, return_to: str | None) -> str:
    if going_back:
        if step == INDICATOR_NUMBERS[0]:
            return flow.leave_url or flow.url("step", step=step)
        return flow.url("step", step=step - 1)
    target = safe_next(return_to)
    if target:
        return target
    if step == INDICATOR_NUMBERS[-1]:
        return flow.after_indicators_url()
    return flow.url("step", step=step + 1)


def _check_page(flow: RatingFlow):  # noqa: ANN202
    rating = flow.rating
    if rating.is_submitted:
        return redirect(flow.url("done"))
    missing = services.unanswered_indicators(rating)
    belief_missing = flow.has_belief_step and rating.belief is None
    return render_template("assessments/check.html", flow=flow, rating=rating,
                           answers=services.answers_by_statement(rating), missing=missing,
                           belief_missing=belief_missing, indicators=INDICATORS,
                           scale=SCALE_LABELS, belief_labels=BELIEF_LABELS,
                           belief_question=BELIEF_QUESTION, locale=_locale(),
                           submit_form=EmptyForm())


def _submit(flow: RatingFlow):  # noqa: ANN202
    rating = flow.rating
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if flow.kind == FlowKind.OWN:
            services.submit(rating)
        else:
            services.submit_for_participant(rating, current_user)
    except services.RatingError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(flow.url("check"), 303)
    db.session.commit()
    return redirect(flow.url("done"), 303)


def _done_page(flow: RatingFlow):  # noqa: ANN202
    rating = flow.rating
    if not rating.is_submitted:
        return redirect(flow.url("check"))
    participant = rating.participant
    progression = services.progression_for(participant)
    return render_template("assessments/done.html", flow=flow, rating=rating,
                           due=services.due_for(participant), progression=progression,
                           chart=charts.chart_data(progression))


# --- Participant: their own rating ----------------------------------------------------------


@bp.route("/me/rating/<rating_id>/step/<int:step>", methods=["GET", "POST"])
@participant_required
def rating_step(rating_id: str, step: int):  # noqa: ANN201
    return _step_page(_own_flow(rating_id), step)


@bp.get("/me/rating/<rating_id>/check")
@participant_required
def rating_check(rating_id: str):  # noqa: ANN201
    return _check_page(_own_flow(rating_id))


@bp.post("/me/rating/<rating_id>/submit")
@participant_required
def rating_submit(rating_id: str):  # noqa: ANN201
    return _submit(_own_flow(rating_id))


@bp.get("/me/rating/<rating_id>/done")
@participant_required
def rating_done(rating_id: str):  # noqa: ANN201
    return _done_page(_own_flow(rating_id))


# --- Handledare: rate together, on a device locked to the rating --------------------------


@bp.post("/participants/<participant_id>/together")
@role_required(Role.HANDLEDARE)
def together_start(participant_id: str):  # noqa: ANN201
    participant = visible_participant_or_404(current_user, participant_id)
    if not EmptyForm(prefix="together").validate_on_submit():
        abort(400)
    try:
        rating = services.start_together(participant, current_user)
    except services.RatingError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("workspace.detail", public_id=participant_id))
    db.session.commit()
    device_lock.lock(participant.public_id, rating.public_id)
    return redirect(_resume_url(RatingFlow(FlowKind.TOGETHER, rating)))


def _together_flow(participant_id: str, rating_id: str) -> RatingFlow:
    """Only on the device locked to this rating: elsewhere the pages do not exist."""
    found = device_lock.current()
    if found is None or found != device_lock.DeviceLock(participant_id, rating_id):
        abort(404)
    participant = visible_participant_or_404(current_user, participant_id)
    rating = db.session.scalar(select(Rating).where(
        Rating.public_id == rating_id, Rating.participant_id == participant.id,
        Rating.rater_kind == RaterKind.PARTICIPANT, Rating.mode == RatingMode.TOGETHER))
    if rating is None:
        abort(404)
    return RatingFlow(FlowKind.TOGETHER, rating)


@bp.route("/participants/<participant_id>/together/<rating_id>/step/<int:step>",
          methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def together_step(participant_id: str, rating_id: str, step: int):  # noqa: ANN201
    return _step_page(_together_flow(participant_id, rating_id), step)


@bp.get("/participants/<participant_id>/together/<rating_id>/check")
@role_required(Role.HANDLEDARE)
def together_check(participant_id: str, rating_id: str):  # noqa: ANN201
    return _check_page(_together_flow(participant_id, rating_id))


@bp.post("/participants/<participant_id>/together/<rating_id>/submit")
@role_required(Role.HANDLEDARE)
def together_submit(participant_id: str, rating_id: str):  # noqa: ANN201
    return _submit(_together_flow(participant_id, rating_id))


@bp.get("/participants/<participant_id>/together/<rating_id>/done")
@role_required(Role.HANDLEDARE)
def together_done(participant_id: str, rating_id: str):  # noqa: ANN201
    return _done_page(_together_flow(participant_id, rating_id))


def _login_limit() -> str:
    return current_app.config["SMAIL_LOGIN_RATE_LIMIT"]


@bp.route("/together/unlock", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@role_required(Role.HANDLEDARE)
def together_unlock():  # noqa: ANN201
    """The handledare signs in again with their password; the device is theirs again."""
    found = device_lock.current()
    if found is None:
        return redirect(url_for("workspace.caseload"))
    form = UnlockForm()
    if form.validate_on_submit():
        if auth_services.verify_password(current_user, form.password.data):
            device_lock.unlock()
            flash(_("Enheten är upplåst."), "success")
            return redirect(url_for("workspace.detail", public_id=found.participant_id))
        form.password.errors.append(_("Lösenordet stämmer inte."))
    return render_template("assessments/unlock.html", form=form,
                           back_url=device_lock.resume_url(found)), \
        422 if _has_errors(form) else 200


# --- Handledare: the parallel rating --------------------------------------------------------


@bp.post("/participants/<participant_id>/parallel")
@role_required(Role.HANDLEDARE)
def parallel_start(participant_id: str):  # noqa: ANN201
    participant = visible_participant_or_404(current_user, participant_id)
    if not EmptyForm(prefix="parallel").validate_on_submit():
        abort(400)
    try:
        rating = services.start_parallel(participant, current_user)
    except services.RatingError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("workspace.detail", public_id=participant_id))
    db.session.commit()
    return redirect(_resume_url(RatingFlow(FlowKind.PARALLEL, rating)))


def _parallel_flow(participant_id: str, rating_id: str) -> RatingFlow:
    participant = visible_participant_or_404(current_user, participant_id)
    rating = db.session.scalar(select(Rating).where(
        Rating.public_id == rating_id, Rating.participant_id == participant.id,
        Rating.rater_kind == RaterKind.HANDLEDARE))
    if rating is None:
        abort(404)
    return RatingFlow(FlowKind.PARALLEL, rating)


@bp.route("/participants/<participant_id>/parallel/<rating_id>/step/<int:step>",
          methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def parallel_step(participant_id: str, rating_id: str, step: int):  # noqa: ANN201
    return _step_page(_parallel_flow(participant_id, rating_id), step)


@bp.route("/participants/<participant_id>/parallel/<rating_id>/belief",
          methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def parallel_belief(participant_id: str, rating_id: str):  # noqa: ANN201
    flow = _parallel_flow(participant_id, rating_id)
    rating = flow.rating
    if rating.is_submitted:
        return redirect(flow.url("done"))
    form = BeliefForm(data={"belief": str(rating.belief) if rating.belief else None})
    if form.validate_on_submit():
        if form.direction.data == "back" and not form.belief.data:
            return redirect(flow.url("step", step=INDICATOR_NUMBERS[-1]))
        try:
            services.set_belief(rating, int(form.belief.data))
        except (services.RatingError, ValueError, TypeError) as problem:
            db.session.rollback()
            form.belief.errors = [str(problem) if isinstance(problem, services.RatingError)
                                  else _("Välj ett svar från 1 till 5.")]
        else:
            db.session.commit()
            if form.direction.data == "back":
                return redirect(flow.url("step", step=INDICATOR_NUMBERS[-1]))
            return redirect(safe_next(form.return_to.data) or flow.url("check"))
    return render_template("assessments/belief.html", flow=flow, rating=rating, form=form,
                           step=flow.total_steps, total=flow.total_steps,
                           return_to=safe_next(request.args.get("return_to")) or ""), \
        422 if _has_errors(form) else 200


@bp.get("/participants/<participant_id>/parallel/<rating_id>/check")
@role_required(Role.HANDLEDARE)
def parallel_check(participant_id: str, rating_id: str):  # noqa: ANN201
    return _check_page(_parallel_flow(participant_id, rating_id))


@bp.post("/participants/<participant_id>/parallel/<rating_id>/submit")
@role_required(Role.HANDLEDARE)
def parallel_submit(participant_id: str, rating_id: str):  # noqa: ANN201
    return _submit(_parallel_flow(participant_id, rating_id))


@bp.get("/participants/<participant_id>/parallel/<rating_id>/done")
@role_required(Role.HANDLEDARE)
def parallel_done(participant_id: str, rating_id: str):  # noqa: ANN201
    """The handledare's rating lands on the participant page, beside the participant's."""
    flow = _parallel_flow(participant_id, rating_id)
    if not flow.rating.is_submitted:
        return redirect(flow.url("check"))
    flash(_("Din skattning är sparad. Jämför den med deltagarens nedan."), "success")
    return redirect(url_for("workspace.detail", public_id=participant_id,
                            _anchor="jamforelse"))


# --- Admin: instrument versions ------------------------------------------------------------


@bp.get("/admin/instrument")
@role_required(Role.ADMIN)
def instrument():  # noqa: ANN201
    versions = db.session.scalars(select(InstrumentVersion)
                                  .order_by(InstrumentVersion.number.desc())).all()
    return render_template("assessments/instrument.html", versions=versions,
                           draft=services.draft_version(), indicators=INDICATORS,
                           new_form=EmptyForm(prefix="new"), publish_form=EmptyForm(prefix="pub"),
                           locale=_locale())


@bp.post("/admin/instrument/draft")
@role_required(Role.ADMIN)
def instrument_new_draft():  # noqa: ANN201
    if EmptyForm(prefix="new").validate_on_submit():
        services.start_new_version(current_user)
        db.session.commit()
    return redirect(url_for("assessments.instrument"))


def _draft_or_404() -> InstrumentVersion:
    draft = services.draft_version()
    if draft is None:
        abort(404)
    return draft


@bp.route("/admin/instrument/draft/<int:indicator>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def instrument_edit(indicator: int):  # noqa: ANN201
    draft = _draft_or_404()
    if indicator not in INDICATOR_NUMBERS:
        abort(404)
    current = draft.statements_for(indicator)
    form = StatementsForm(data={
        **{f"sv_{s.position}": s.text_sv for s in current},
        **{f"en_{s.position}": s.text_en for s in current},
        "note": draft.note})
    if form.validate_on_submit():
        try:
            services.set_statement_texts(draft, indicator, form.pairs(), form.note.data)
        except services.RatingError as problem:
            db.session.rollback()
            form.sv_1.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Påståendena är sparade i utkastet."), "success")
            return redirect(url_for("assessments.instrument"))
    return render_template("assessments/instrument_edit.html", form=form, draft=draft,
                           indicator=INDICATORS[indicator - 1]), 422 if _has_errors(form) else 200


@bp.post("/admin/instrument/draft/publish")
@role_required(Role.ADMIN)
def instrument_publish():  # noqa: ANN201
    draft = _draft_or_404()
    if EmptyForm(prefix="pub").validate_on_submit():
        try:
            services.publish_version(draft)
        except services.RatingError as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            flash(_("Version %(n)s är publicerad. Nya skattningar använder den.",
                    n=draft.number), "success")
    return redirect(url_for("assessments.instrument"))
