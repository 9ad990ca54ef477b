"""Pages for everyone on the staff: their own courses and certificates, the course
evaluation survey, and looking up a colleague's certificates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app import clock
from smail_app.certification import attendees, certificates, completion, evaluations, standing
from smail_app.certification.forms import LookupForm, evaluation_form
from smail_app.certification.models import CertificateKind, Enrolment
from smail_app.certification.views.blueprint import bp, by_public_id, status
from smail_app.core.access import staff_required
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _


@bp.get("/")
@staff_required
def index():
    return redirect(url_for("certification.my_courses"))


@bp.get("/me")
@staff_required
def my_courses():
    today = clock.today()
    held = standing.certificates_of(current_user)
    rows = [(e, completion.completion_gaps(e), evaluations.evaluation_refusal(e, today))
            for e in attendees.enrolments_of(current_user)]
    return render_template("certification/my_courses.html", certificates=held,
                           expiring=standing.expiring_soon(held, today), rows=rows,
                           today=today)


def _my_enrolment_or_404(public_id: str) -> Enrolment:
    found = by_public_id(Enrolment, public_id)
    if found is None or not found.belongs_to(current_user):
        abort(404)
    return found


@bp.route("/evaluations/<public_id>", methods=["GET", "POST"])
@staff_required
def evaluate(public_id: str):
    mine = _my_enrolment_or_404(public_id)
    refusal = evaluations.evaluation_refusal(mine, clock.today())
    form = evaluation_form(evaluations.questions_for(mine.course))
    if refusal is None and form.validate_on_submit() and applied(
            lambda: evaluations.submit_evaluation(mine, current_user, form.answers(),
                                                  form.comment.data or ""),
            form, fallback_field="comment"):
        flash(_("Tack för dina svar!"), "success")
        return redirect(url_for("certification.my_courses"))
    return render_template("certification/evaluate.html", enrolment=mine, course=mine.course,
                           form=form, refusal=refusal), status(form)


@bp.get("/lookup")
@staff_required
def lookup():
    form = LookupForm(request.args)
    searched = "q" in request.args
    results = certificates.find_colleagues(form.q.data) if searched and form.validate() \
        else None
    today = clock.today()
    ids = [u.id for u in results or []]
    return render_template(
        "certification/lookup.html", form=form, results=results, today=today,
        anvandare=standing.standings(ids, CertificateKind.ANVANDARE, today),
        utbildare=standing.standings(ids, CertificateKind.UTBILDARE, today)), \
        status(searched and bool(form.errors))
