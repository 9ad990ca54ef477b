from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import OrganisationKind

DATE_MESSAGE = _l("Skriv ett giltigt datum, som 2027-03-12.")


class OrganisationForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Skriv organisationens namn.")),
                                               Length(max=120)])
    kind = SelectField(_l("Typ"), choices=OrganisationKind.choices(),
                       validators=[InputRequired(_l("Välj en typ."))])


class InsatsForm(FlaskForm):
    name = StringField(_l("Insatsens namn"),
                       validators=[DataRequired(_l("Skriv insatsens namn.")), Length(max=160)])
    owner = SelectField(_l("Ägs av"), validators=[InputRequired(_l("Välj en organisation."))])
    start_date = DateField(_l("Startdatum"),
                           validators=[InputRequired(DATE_MESSAGE)])
    end_date = DateField(_l("Slutdatum (om det finns)"), validators=[Optional()])
    description = TextAreaField(_l("Beskrivning"), validators=[Length(max=2000)])
    insats_type = StringField(_l("Typ av insats (frivilligt)"),
                              description=_l("Förbundets egen indelning, till exempel Unga eller "
                                             "Arbetsträning. Rapporterna kan visa en typ i "
                                             "taget."),
                              validators=[Length(max=80)])


class TeamMemberForm(FlaskForm):
    user = SelectField(_l("Handledare"), validators=[InputRequired(_l("Välj en person."))])
