"""App-wide routes: start page, health check, language switch, template helpers."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, Flask, jsonify, redirect, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired

from smail_app.extensions import csrf, db
from smail_app.i18n import LANGUAGE_COOKIE, LANGUAGES

bp = Blueprint("web", __name__)


class LanguageForm(FlaskForm):
    language = SelectField(choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
                           validators=[DataRequired(), AnyOf(list(LANGUAGES))])
    next = HiddenField()


@bp.get("/")
def index():  # noqa: ANN201
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_url_for(current_user))


def home_url_for(user) -> str:  # noqa: ANN001
    """Where each kind of user starts."""
    if user.is_participant:
        return url_for("assessments.my_rating")
    if user.has_role("handledare"):
        return url_for("workspace.caseload")
    if user.has_role("admin"):
        return url_for("organisations.admin_home")
    return url_for("auth.account")


@bp.get("/healthz")
@csrf.exempt
def healthz():  # noqa: ANN201
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})


@bp.post("/language")
def set_language():  # noqa: ANN201
    form = LanguageForm()
    target = safe_next(form.next.data) or url_for("web.index")
    response = redirect(target)
    if form.validate_on_submit():
        chosen = form.language.data
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True,
                            secure=request.is_secure)
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
    return response


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths; never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def inject_helpers() -> dict[str, object]:
        return {
            "language_form": LanguageForm(formdata=None, language=str(get_locale() or "sv"),
                                          next=request.full_path.rstrip("?")),
            "languages": LANGUAGES,
            "current_locale": str(get_locale() or "sv"),
        }

    @app.template_filter("longdate")
    def longdate(value: date | datetime | None) -> str:
        """Dates written out: '12 mars 2027'."""
        if value is None:
            return ""
        return format_date(value, "d MMMM y")

    @app.template_filter("score")
    def score(value: float | None) -> str:
        """A score with one decimal as the language writes it (2,5 in Swedish); – for none."""
        return "–" if value is None else format_decimal(value, format="0.0")

    @app.template_filter("longdatetime")
    def longdatetime(value: datetime | None) -> str:
        if value is None:
            return ""
        return format_datetime(value, "d MMMM y HH:mm")
