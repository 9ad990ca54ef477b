"""One rating in another language: an interpreter beside the participant switches the pages
of this rating only, without changing the language of the account or of the browser."""

from __future__ import annotations

from flask import redirect, session, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired

from smail_app.assessments.blueprint import bp
from smail_app.i18n import LANGUAGES, RATING_LOCALE_KEY
from smail_app.i18n import lazy_gettext as _l
from smail_app.web import safe_next


class RatingLanguageForm(FlaskForm):
    language = SelectField(
        _l("Språk för den här skattningen"),
        description=_l("Till exempel när en tolk hjälper till. Kontot behåller sitt språk."),
        choices=[SelectChoice(code, language.name) for code, language in LANGUAGES.items()],
        validators=[DataRequired(), AnyOf(list(LANGUAGES))])
    next = HiddenField()


@bp.post("/ratings/<rating_id>/language")
@login_required
def rating_language(rating_id: str):
    """Only this session's pages of ``rating_id`` change; a stranger's id changes nothing
    anyone can see, since the rating's own pages check who may open them."""
    form = RatingLanguageForm()
    if form.validate_on_submit():
        session[RATING_LOCALE_KEY] = [rating_id, form.language.data]
    return redirect(safe_next(form.next.data) or url_for("web.index"))


@bp.app_context_processor
def rating_language_switch() -> dict[str, object]:
    """The switch's choices (assessments/_flow.html); RatingLanguageForm checks the answer."""
    return {"rating_languages": LANGUAGES}
