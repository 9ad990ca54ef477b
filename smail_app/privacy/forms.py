"""Forms of the privacy pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from smail_app.i18n import lazy_gettext as _l


class AccessLogSearchForm(FlaskForm):
    """The admin's search of the access log (GET: nothing is stored)."""

    class Meta:
        csrf = False

    participant = StringField(
        _l("Deltagarkod"), description=_l("Hela koden, till exempel HEB-014."),
        validators=[Optional(), Length(max=40, message=_l("Skriv högst 40 tecken."))])
    staff = StringField(
        _l("Personal"), description=_l("E-postadress eller en del av namnet."),
        validators=[Optional(), Length(max=254, message=_l("Skriv högst 254 tecken."))])


class AnonymiseForm(FlaskForm):
    reason = TextAreaField(
        _l("Varför?"), description=_l("Till exempel: deltagaren har bett om det. Skriv inga "
                                      "uppgifter om hälsa."),
        validators=[Optional(), Length(max=300, message=_l("Skriv högst 300 tecken."))])
