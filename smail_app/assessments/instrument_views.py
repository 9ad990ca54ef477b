"""Admin: instrument versions. A draft copies the current wording, is edited indicator by
indicator, and is published once; ratings already started keep their version."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from smail_app.assessments import instrument as instruments
from smail_app.assessments.blueprint import bp
from smail_app.assessments.flow_views import form_status, locale
from smail_app.assessments.forms import StatementsForm
from smail_app.assessments.indicators import INDICATOR_NUMBERS, INDICATORS
from smail_app.assessments.models import InstrumentVersion
from smail_app.auth.models import Role
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _


@bp.get("/admin/instrument")
@role_required(Role.ADMIN)
def instrument():
    return render_template("assessments/instrument.html", versions=instruments.all_versions(),
                           draft=instruments.draft_version(), indicators=INDICATORS,
                           new_form=EmptyForm(prefix="new"), publish_form=EmptyForm(prefix="pub"),
                           locale=locale())


@bp.post("/admin/instrument/draft")
@role_required(Role.ADMIN)
def instrument_new_draft():
    if EmptyForm(prefix="new").validate_on_submit():
        instruments.start_new_version(current_user)
    return redirect(url_for("assessments.instrument"))


def _draft_or_404() -> InstrumentVersion:
    return instruments.draft_version() or abort(404)


@bp.route("/admin/instrument/draft/<int:indicator>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def instrument_edit(indicator: int):
    draft = _draft_or_404()
    if indicator not in INDICATOR_NUMBERS:
        abort(404)
    form = StatementsForm(data=StatementsForm.data_for(draft, indicator))
    if form.validate_on_submit() and applied(
            lambda: instruments.set_statement_texts(draft, indicator, form.pairs(),
                                                    form.note.data), form, fallback_field="sv_1"):
        flash(_("Påståendena är sparade i utkastet."), "success")
        return redirect(url_for("assessments.instrument"))
    return render_template("assessments/instrument_edit.html", form=form, draft=draft,
                           indicator=INDICATORS[indicator - 1]), form_status(form)


@bp.post("/admin/instrument/draft/publish")
@role_required(Role.ADMIN)
def instrument_publish():
    draft = _draft_or_404()
    if EmptyForm(prefix="pub").validate_on_submit() and applied(
            lambda: instruments.publish_version(draft), flash_refusal=True):
        flash(_("Version %(n)s är publicerad. Nya skattningar använder den.", n=draft.number),
              "success")
    return redirect(url_for("assessments.instrument"))
