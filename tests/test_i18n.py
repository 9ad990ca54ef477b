"""Swedish is the source language; every string must have its English translation."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from smail_app.i18n import written_score

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "smail_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _source_messages() -> set[str]:
    method_map = [("smail_app/**.py", "python"), ("smail_app/templates/**.html", "jinja2")]
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map,
            keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
                      "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_string_has_an_english_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for msgid in sorted(_source_messages()):
        entry = catalogue.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(msgid)
    assert not missing, (f"{len(missing)} strings lack English (run `make messages` and "
                         f"translate): {missing[:15]}")


def test_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and message.string and isinstance(message.id, str):
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)), message.id


def test_english_pages_are_in_english(client):
    client.post("/language", data={"language": "en", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "Sign in" in page and "Logga in" not in page


# --- The request's language, read cheaply (smail_app.i18n.catalogue and locale_code) -------


def test_a_force_locale_block_is_obeyed_and_left_behind(app):
    """Templates translate through a catalogue kept for the request; a ``force_locale``
    block (the reminder mails, the API's two-language texts) must get its own language, and
    the request's language back when it ends."""
    from datetime import date

    from flask import render_template_string
    from flask_babel import force_locale

    page = '{{ _("Logga in") }} {{ day|longdate }} {{ 2.5|score }}'
    day = date(2027, 3, 12)
    with app.test_request_context("/", headers={"Cookie": "smail_lang=sv"}):
        before = render_template_string(page, day=day)
        with force_locale("en"):
            forced = render_template_string(page, day=day)
        after = render_template_string(page, day=day)
    assert before == after == "Logga in 12 mars 2027 2,5"
    assert forced == "Sign in 12 March 2027 2.5"


def test_wtforms_own_messages_follow_the_request_language(client):
    """WTForms' built-in messages come from a catalogue kept per language, which Flask-WTF
    takes from the request."""
    from flask_wtf.i18n import _get_translations

    from smail_app.i18n import _FORM_MESSAGES

    app = client.application
    for cookie, expected in (("smail_lang=en", "Not a valid choice."),
                             ("smail_lang=sv", "Inte ett giltigt val")):
        with app.test_request_context("/", headers={"Cookie": cookie}):
            app.preprocess_request()
            assert _get_translations() is _FORM_MESSAGES
            assert _FORM_MESSAGES.ugettext("Not a valid choice.") == expected


def test_python_strings_translate_through_the_kept_catalogue(app):
    """``smail_app.i18n.gettext``, ``ngettext`` and ``lazy_gettext`` (what the code imports as
    ``_``, ``ngettext`` and ``_l``) answer what Flask-Babel's own would, in the request's
    language and inside a ``force_locale`` block, and outside any request in Swedish."""
    import flask_babel
    from flask_babel import force_locale

    from smail_app.i18n import gettext, lazy_gettext, ngettext

    lazy = lazy_gettext("Logga in")
    assert str(lazy) == "Logga in"  # outside any app: the source language
    lockout = ("För många fel i rad. Vänta %(num)s minut och försök igen.",
               "För många fel i rad. Vänta %(num)s minuter och försök igen.")
    for cookie in ("smail_lang=sv", "smail_lang=en", "smail_lang=ar"):
        with app.test_request_context("/", headers={"Cookie": cookie}):
            for forced in (None, "en", "sv"):
                with force_locale(forced) if forced else app.app_context():
                    assert gettext("Logga in") == flask_babel.gettext("Logga in")
                    assert str(lazy) == flask_babel.gettext("Logga in")
                    assert gettext("Version %(n)s", n=3) == flask_babel.gettext(
                        "Version %(n)s", n=3)
                    for n in (1, 5):
                        assert ngettext(*lockout, n) == flask_babel.ngettext(*lockout, n)
    with app.test_request_context("/", headers={"Cookie": "smail_lang=en"}):
        assert str(lazy) == "Sign in"
        assert ngettext(*lockout, 1) == "Too many mistakes in a row. Wait 1 minute and try again."
        assert ngettext(*lockout, 5) == "Too many mistakes in a row. Wait 5 minutes and try " \
            "again."
    with app.test_request_context("/", headers={"Cookie": "smail_lang=ar"}):
        assert str(lazy) == "سجّل الدخول"


def test_templates_translate_as_jinjas_own_new_style_gettext(app):
    """The templates' ``_`` (smail_app.i18n.template_gettext) gives what Jinja's new-style
    gettext gives: the same text in each language, escaped values, ``%%`` written as ``%``,
    and plain text where the template does not escape."""
    from jinja2.ext import _make_new_gettext

    from smail_app.i18n import catalogue, template_gettext

    jinjas = _make_new_gettext(lambda string: catalogue().ugettext(string))
    sources = [
        '{{ _("Logga ut") }}|{{ _("Ingen sådan text finns") }}',
        '{{ _("%(n)s av %(total)s", n=2, total="<b>7</b>") }}',
        '{{ _("%(name)s: förbättrad (%%)", name="Tro & hopp") }}',
        '{{ _("Inget just nu") ~ "<i>" }}',
        '{{ _("100 %% klart") }}',  # not in the catalogue: its %% still written as %
    ]
    for code in ("sv", "en", "ar"):
        with app.test_request_context(headers={"Cookie": f"smail_lang={code}"}):
            for source in sources:
                for escaping in (True, False):
                    ours = app.jinja_env.overlay(autoescape=escaping)
                    theirs = app.jinja_env.overlay(autoescape=escaping)
                    theirs.globals = {**app.jinja_env.globals, "_": jinjas, "gettext": jinjas}
                    assert ours.globals["_"] is template_gettext
                    assert (ours.from_string(source).render()
                            == theirs.from_string(source).render()), (code, source, escaping)
    with app.test_request_context(headers={"Cookie": "smail_lang=en"}):
        assert app.jinja_env.from_string(sources[1]).render() == "2 of &lt;b&gt;7&lt;/b&gt;"
        assert app.jinja_env.from_string(sources[2]).render() == "Tro &amp; hopp: improved (%)"


@pytest.mark.parametrize(("value", "swedish", "english"), [
    (3.25, "3,3", "3.3"), (3.75, "3,8", "3.8"), (2.45, "2,5", "2.5"), (3.24, "3,2", "3.2"),
    (1.0, "1,0", "1.0"), (4.96, "5,0", "5.0"), (Decimal("3.25"), "3,3", "3.3"), (4, "4,0", "4.0"),
])
def test_scores_are_written_with_one_decimal_rounded_half_up(value, swedish, english):
    """As a reader rounds by hand: a mean of 3.25 is 3,3 (Babel alone would write 3,2, beside
    3.75 as 3,8); the same for a database's Decimal and an int."""
    assert written_score(value, "sv") == swedish
    assert written_score(value, "en") == english
    assert written_score(None, "sv") == "–"
