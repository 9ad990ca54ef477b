"""Language choice: Swedish by default, English complete, and languages translated for the
participant's pages only (Arabic first). The choice sticks in a cookie and, for signed-in
users, on the account; an interpreter can switch the language of one rating without touching
either (see ``rating_locale``).

Adding a language is cheap by design: a catalogue under ``translations/<code>``, an entry
in ``LANGUAGES``, and the default statements in ``assessments/default_translations.py``.
The test ``tests/test_language_coverage.py`` then fails on any participant-page string the
catalogue lacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale, support
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask, g, has_request_context, request, session
from flask_babel import format_date, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from wtforms.i18n import messages_path


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switch shows it
    direction: str = "ltr"
    # Translated for the participant's pages only. Staff pages would come out half in
    # Swedish, so staff never get it as their page language.
    participant_pages_only: bool = False

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


LANGUAGES: dict[str, Language] = {
    language.code: language for language in (
        Language("sv", "Svenska"),
        Language("en", "English"),
        Language("ar", "العربية", direction="rtl", participant_pages_only=True),
    )
}
COMPLETE_LANGUAGES = tuple(code for code, lang in LANGUAGES.items()
                           if not lang.participant_pages_only)
LANGUAGE_COOKIE = "smail_lang"
RATING_LOCALE_KEY = "rating_locale"  # [rating public id, language code]


def select_locale() -> str:
    if not has_request_context():  # CLI and services called outside a request speak Swedish
        return "sv"
    if request.path.startswith("/api/"):
        # API callers sign in with a token, not the session: their header alone decides.
        return request.accept_languages.best_match(COMPLETE_LANGUAGES) or "sv"
    for_rating = rating_locale()
    if for_rating:
        return for_rating
    chosen = _chosen_language()
    if chosen is None or not may_use(chosen):
        return "sv"
    return chosen


def _chosen_language() -> str | None:
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in LANGUAGES:
            return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else None


def may_use(code: str) -> bool:
    """Whether the person behind this request gets ``code`` as their page language: staff
    only complete languages; participants and people not signed in every language."""
    if code not in LANGUAGES:
        return False
    if not LANGUAGES[code].participant_pages_only:
        return True
    is_staff = getattr(current_user, "is_authenticated", False) and current_user.is_staff
    return not is_staff


def offered_languages() -> dict[str, Language]:
    """The languages the switch offers on this request."""
    return {code: lang for code, lang in LANGUAGES.items() if may_use(code)}


def rating_locale() -> str | None:
    """The language an interpreter chose for the rating this request's URL belongs to."""
    rating_id = (request.view_args or {}).get("rating_id")
    chosen = session.get(RATING_LOCALE_KEY)
    if rating_id and chosen and chosen[0] == rating_id and chosen[1] in LANGUAGES:
        return chosen[1]
    return None


def longdate(value: date | datetime) -> str:
    """A date written out in the user's language: '12 mars 2027'."""
    return format_date(value, "d MMMM y")


# --- The request's language, read cheaply ------------------------------------------------------
# A page of ratings asks for its language a few hundred times (every date, score and translated
# phrase), and Flask-Babel answers each through half a dozen context-local look-ups and a
# catalogue look-up by name. These read what Flask-Babel has already chosen for the request
# (a ``force_locale`` block included) in one look-up; the first call in a request, or in a
# ``force_locale`` block, asks Flask-Babel.

_LOCALE_CODES: dict[Locale, str] = {}


def _babel_state() -> object | None:
    """Flask-Babel's per-request record (locale, catalogue), once it has made one."""
    try:
        return g._flask_babel
    except (AttributeError, RuntimeError):  # nothing chosen yet, or outside any app context
        return None


def current_locale() -> Locale | None:
    chosen = getattr(_babel_state(), "babel_locale", None)
    return chosen if chosen is not None else get_locale()


def locale_code() -> str:
    """The request's language code ("sv" outside a request)."""
    locale = current_locale()
    if locale is None:
        return "sv"
    code = _LOCALE_CODES.get(locale)
    if code is None:
        code = _LOCALE_CODES[locale] = str(locale)
    return code


def catalogue() -> support.NullTranslations:
    """The request's message catalogue: Flask-Babel's ``get_translations``, asked once per
    request and locale."""
    state = _babel_state()
    kept = getattr(state, "smail_catalogue", None)
    if kept is not None and kept[0] is getattr(state, "babel_locale", None):
        return kept[1]
    found = get_translations()
    state = _babel_state()
    if state is not None:
        state.smail_catalogue = (getattr(state, "babel_locale", None), found)
    return found


def gettext(string: str, **variables: object) -> str:
    """Flask-Babel's ``gettext`` through the request's kept catalogue."""
    translated = catalogue().ugettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Flask-Babel's ``ngettext`` through the request's kept catalogue (``num`` is given to
    the message as ``%(num)s``, as Flask-Babel does)."""
    variables.setdefault("num", num)
    return catalogue().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: object) -> LazyString:
    """A string translated when it is shown, in the language of the request showing it."""
    return LazyString(gettext, string, **variables)


@lru_cache(maxsize=16)
def _form_catalogue(code: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [code], domain="wtforms")


class _FormMessages:
    """WTForms' own messages ("Not a valid choice") in the request's language. Flask-WTF
    reads them from disk on every request that builds a form; this keeps one per language.
    Flask-WTF takes this object from ``request.wtforms_translations`` when it is set."""

    def ugettext(self, string: str) -> str:
        return _form_catalogue(locale_code()).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _form_catalogue(locale_code()).ungettext(singular, plural, n)


_FORM_MESSAGES = _FormMessages()


@pass_eval_context
def template_gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
    """Jinja's new-style ``gettext`` (jinja2.ext) in one call: the message from the request's
    kept catalogue, marked safe where the template escapes, then formatted with its variables
    (escaped). Jinja formats every message, turning ``%%`` into ``%``; a message without a
    ``%`` comes out of that unchanged, so only the others are formatted here."""
    translated = catalogue().ugettext(string)
    if eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables if variables or "%" in translated else translated


def register(app: Flask) -> None:
    """After Flask-Babel's ``init_app``: templates translate through the kept catalogues."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: catalogue().ugettext(string),
        ngettext=lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        pgettext=lambda context, string: catalogue().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: catalogue().unpgettext(
            context, singular, plural, n),
        newstyle=True)
    # ``_`` is the templates' most called function: called directly, not through Jinja's
    # alias and wrapper (three calls deep, and a format of every message).
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)

    @app.before_request
    def _form_messages_in_request_language() -> None:
        request.wtforms_translations = _FORM_MESSAGES


# --- Dates and scores as the reader's language writes them -----------------------------------
# A page of ratings writes the same few dates and scores a hundred times or more, and Babel
# takes tens of microseconds for each: the written forms are remembered per language.

@lru_cache(maxsize=4096)
def _written_date(value: date, locale: str) -> str:
    return babel_dates.format_date(value, "d MMMM y", locale=locale)


_TENTHS = Decimal("0.1")


@lru_cache(maxsize=4096)
def _written_score(value: float, locale: str) -> str:
    # Half up, as a reader rounds by hand: Babel rounds half to even, so 3.25 read 3,2 beside
    # 3.75 as 3,8. Scores are kept to two decimals; str gives those digits (of a float, an
    # int or a database's Decimal alike), not the float's binary value.
    tenths = Decimal(str(value)).quantize(_TENTHS, rounding=ROUND_HALF_UP)
    return babel_numbers.format_decimal(tenths, format="0.0", locale=locale)


def written_date(value: date, locale: str | None = None) -> str:
    """'12 mars 2027' in the request's language (or ``locale``)."""
    return _written_date(value, locale or locale_code())


def written_score(value: float | None, locale: str | None = None) -> str:
    """A score with one decimal as the language writes it (2,5 in Swedish); – for none.
    Pass ``locale`` when writing many: it is then looked up once."""
    return "–" if value is None else _written_score(value, locale or locale_code())
