"""App-wide routes: start page, health check, language switch, template helpers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Flask, jsonify, redirect, request, url_for
from flask_babel import format_date, format_datetime
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired

from smail_app.extensions import csrf, db
from smail_app.i18n import (
    LANGUAGE_COOKIE,
    LANGUAGES,
    locale_code,
    may_use,
    offered_languages,
    written_date,
    written_score,
)
from smail_app.i18n import lazy_gettext as _l

bp = Blueprint("web", __name__)


class LanguageForm(FlaskForm):
    language = SelectField(
        choices=[SelectChoice(code, language.name) for code, language in LANGUAGES.items()],
        validators=[DataRequired(), AnyOf(list(LANGUAGES))])
    next = HiddenField()


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_url_for(current_user))


def home_url_for(user) -> str:
    """Where each kind of user starts."""
    if user.is_participant:
        return url_for("workspace.my_rating")
    if user.has_role("handledare"):
        return url_for("workspace.caseload")
    if user.has_role("admin"):
        return url_for("organisations.admin_home")
    if user.has_role("utbildare"):
        return url_for("certification.courses")
    return url_for("auth.account")


# --- The main menu ---------------------------------------------------------------------------
# Built here rather than by a template macro per link: every page shows it, and it is the same
# for everyone with the same roles. Each link: endpoint, label, and the endpoint prefix that
# marks it as the page you are on.

@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str
    is_current: bool


_PARTICIPANT_MENU = (
    ("workspace.my_rating", _l("Min skattning"), "workspace.my_rating"),
    ("assessments.my_progress", _l("Min utveckling"), "assessments.my_progress"),
    ("privacy.my_access_log", _l("Vem har sett mina uppgifter"), "privacy."),
    ("auth.account", _l("Mitt konto"), "auth.account"),
)
# (who sees it: any of these roles, or everyone on the staff) and the link
_STAFF_MENU = (
    (("handledare",), ("workspace.caseload", _l("Mina deltagare"), "participants.")),
    (("admin",), ("organisations.organisations", _l("Organisationer"),
                  "organisations.organisations")),
    (("admin",), ("organisations.insatser", _l("Insatser"), "organisations.insats")),
    (("admin",), ("organisations.staff", _l("Personal"), "organisations.staff")),
    (("admin",), ("assessments.instrument", _l("Frågeversioner"), "assessments.instrument")),
    (("admin",), ("certification.esf", _l("ESF-uppföljning"), "certification.esf")),
    (("admin",), ("privacy.access_log_search", _l("Åtkomstlogg"), "privacy.access_log")),
    (("admin",), ("languages.languages", _l("Språk"), "languages.")),
    (("utbildare", "admin"), ("certification.courses", _l("Kurser"), "certification.course")),
    (("admin", "handledare"), ("reports.index", _l("Rapporter"), "reports.")),
    ((), ("certification.my_courses", _l("Mina utbildningar"), "certification.my_courses")),
    ((), ("certification.lookup", _l("Kolla certifiering"), "certification.lookup")),
    ((), ("auth.account", _l("Mitt konto"), "auth.account")),
)


@lru_cache(maxsize=64)
def _menu_for(is_participant: bool, roles: frozenset[str]) -> tuple[tuple, ...]:
    if is_participant:
        return _PARTICIPANT_MENU
    return tuple(link for allowed, link in _STAFF_MENU
                 if not allowed or roles.intersection(allowed))


@lru_cache(maxsize=256)
def _menu_url(endpoint: str, script_root: str) -> str:
    """A menu link's address: the same on every request to this mount point."""
    return url_for(endpoint)


def main_menu() -> list[MenuLink]:
    """The signed-in user's menu, the page they are on marked."""
    user = current_user._get_current_object()
    links = _menu_for(user.is_participant, frozenset(str(role) for role in user.roles))
    endpoint, script_root = request.endpoint or "", request.script_root
    return [MenuLink(_menu_url(target, script_root), str(label), endpoint.startswith(prefix))
            for target, label, prefix in links]


@bp.get("/healthz")
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})


@bp.post("/language")
def set_language():
    form = LanguageForm()
    target = safe_next(form.next.data) or url_for("web.index")
    response = redirect(target)
    if form.validate_on_submit() and may_use(form.language.data):
        chosen = form.language.data
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600,
                            samesite="Lax", httponly=True,
                            secure=request.is_secure)
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
    return response


def safe_next(target: str | None) -> str | None:
    r"""``target`` when it is a path on this site, else None: the one check for ``next``,
    ``return_to`` and the language switch.

    Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so
    ``/\t/evil.example`` or ``/\\evil.example`` would leave the site; a newline would also
    break the Location header (a 500). The path is checked both as sent and percent-decoded
    (until stable), so an encoded form of the same trick is refused too; in the query only
    control characters count, since ``?q=a%20b`` cannot change the host.
    """
    if not target or len(target) > MAX_TARGET_LENGTH:
        return None
    path, _separator, query = target.partition("?")
    if any(_is_unsafe(ch, in_query=False) for ch in _decodings(path)):
        return None
    if any(_is_unsafe(ch, in_query=True) for ch in _decodings(query)):
        return None
    for form in _decoded_forms(path):
        if not form.startswith("/") or form.startswith("//"):
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


MAX_TARGET_LENGTH = 2000


def _decoded_forms(value: str) -> list[str]:
    """``value`` and its percent-decodings until nothing changes (double encoding too)."""
    forms = [value]
    for _round in range(5):
        decoded = unquote(forms[-1])
        if decoded == forms[-1]:
            break
        forms.append(decoded)
    return forms


def _decodings(value: str) -> str:
    return "".join(_decoded_forms(value))


def _is_unsafe(character: str, *, in_query: bool) -> bool:
    if unicodedata.category(character)[0] == "C":  # control, format, unassigned
        return True
    return not in_query and (character.isspace() or character == "\\")


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(main_menu)

    @app.context_processor
    def inject_helpers() -> dict[str, object]:
        code = locale_code()
        return {
            "language_next": request.full_path.rstrip("?"),
            "languages": offered_languages(),
            "current_locale": code,
            "current_language": LANGUAGES.get(code, LANGUAGES["sv"]),
        }

    @app.template_filter("longdate")
    def longdate(value: date | datetime | None) -> str:
        """Dates written out: '12 mars 2027'."""
        if value is None:
            return ""
        if isinstance(value, datetime):  # shown in the user's time zone first
            return format_date(value, "d MMMM y")
        return written_date(value)

    @app.template_filter("score")
    def score(value: float | None) -> str:
        """A score with one decimal as the language writes it (2,5 in Swedish); – for none."""
        return written_score(value)

    @app.template_filter("written_scores")
    def written_scores(values: list[float | None]) -> list[str]:
        """A table column of scores, written at once: the language is looked up once."""
        code = locale_code()
        return [written_score(value, code) for value in values]

    @app.template_filter("longdatetime")
    def longdatetime(value: datetime | None) -> str:
        if value is None:
            return ""
        return format_datetime(value, "d MMMM y HH:mm")
