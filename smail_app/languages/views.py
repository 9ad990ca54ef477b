"""The admin's page of language versions, and the draft notice on pages in a language no
qualified translator has reviewed yet."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from smail_app.auth.models import Role
from smail_app.core.access import role_required
from smail_app.core.transaction import applied
from smail_app.i18n import LANGUAGES
from smail_app.i18n import gettext as _
from smail_app.i18n import lazy_gettext as _l
from smail_app.languages import services

bp = Blueprint("languages", __name__)


class ReviewedForm(FlaskForm):
    confirmed = BooleanField(
        _l("En kvalificerad översättare har granskat texterna i den här versionen."),
        validators=[DataRequired(_l("Kryssa i rutan för att intyga granskningen."))])


@bp.route("/admin/languages")
@role_required(Role.ADMIN)
def languages():
    return _languages_page(ReviewedForm())


@bp.post("/admin/languages/<code>/reviewed")
@role_required(Role.ADMIN)
def mark_reviewed(code: str):
    if code not in {language.code for language in services.reviewable_languages()}:
        abort(404)
    form = ReviewedForm()
    if form.validate_on_submit() and applied(
            lambda: services.mark_reviewed(code, current_user), form, fallback_field="confirmed"):
        flash(_("Språkversionen är markerad som granskad."), "success")
        return redirect(url_for("languages.languages"))
    return _languages_page(form, failed_code=code), 422


def _languages_page(form: ReviewedForm, failed_code: str | None = None):
    versions = [services.language_version(language.code)
                for language in services.reviewable_languages()]
    return render_template("languages/languages.html", versions=versions, form=form,
                           failed_code=failed_code)


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def draft_language() -> dict[str, object]:
        """Pages in a language awaiting review say so, in that language."""
        code = str(get_locale() or "sv")
        if code not in LANGUAGES or not LANGUAGES[code].participant_pages_only:
            return {"language_is_draft": False}
        return {"language_is_draft": services.language_version(code).is_draft}
