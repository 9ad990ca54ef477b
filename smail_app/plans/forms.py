from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from smail_app.assessments.indicators import INDICATORS
from smail_app.i18n import lazy_gettext as _l
from smail_app.plans.models import PlanStatus, Responsible


def _whole_number_or_none(value: str | int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class ActivityForm(FlaskForm):
    title = StringField(_l("Aktivitet"),
                        description=_l("Vad ska göras? Till exempel ”Praktik i butik två dagar "
                                       "i veckan”."),
                        validators=[DataRequired(_l("Skriv vad aktiviteten är.")),
                                    Length(max=200, message=_l("Skriv högst 200 tecken."))])
    indicators = SelectMultipleField(
        _l("Vilka indikatorer arbetar aktiviteten med?"), coerce=int, validate_choice=False,
        choices=[SelectChoice(i.number, i.name) for i in INDICATORS])
    responsible = RadioField(
        _l("Vem ansvarar?"), validate_choice=False,
        choices=Responsible.choices,  # called per form: labels in the reader's language
        validators=[InputRequired(_l("Välj vem som ansvarar."))])
    partner_name = StringField(_l("Samverkanspart (om en samverkanspart ansvarar)"),
                               description=_l("Till exempel Arbetsförmedlingen eller "
                                              "Komvux."),
                               validators=[Optional(), Length(max=120)])
    due_date = DateField(_l("Klart senast"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-03-12."))])
    # The version the edit started from (edit page only): a save over a newer one is refused.
    version = HiddenField(filters=[_whole_number_or_none])
    status = SelectField(
        _l("Status"), validate_choice=False,
        choices=PlanStatus.choices,
        validators=[InputRequired(_l("Välj en status."))])


class NoteForm(FlaskForm):
    occasion = SelectField(_l("Skattningstillfälle"), coerce=int, validate_choice=False,
                           validators=[InputRequired(_l("Välj ett skattningstillfälle."))])
    body = TextAreaField(_l("Anteckning"),
                         validators=[DataRequired(_l("Skriv en anteckning.")),
                                     Length(max=2000, message=_l("Skriv högst 2000 tecken."))])
