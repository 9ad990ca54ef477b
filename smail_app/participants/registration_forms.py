"""Forms for the SUS-aligned registration and for registering an anonymous participant."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from smail_app.auth.forms import GENDER_CHOICES
from smail_app.core.form_fields import WholeNumberField
from smail_app.i18n import gettext as _
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Insats
from smail_app.participants.forms import YEAR_MESSAGE
from smail_app.participants.models import Participant
from smail_app.participants.registration import NewAnonymous, RegistrationDetails
from smail_app.participants.registration_enums import (
    Education,
    IncomePhase,
    IncomeSource,
    SupportTime,
)


def _with_blank(choices: list[SelectChoice]) -> list[SelectChoice]:
    return [SelectChoice("", _("Inte ifyllt")), *choices]


class RegistrationForm(FlaskForm):
    # validate_choice off: the service answers a forged value with its own message
    education = SelectField(_l("Högsta avslutade utbildning"), validate_choice=False,
                            validators=[Optional()])
    support_time = SelectField(_l("Tid i offentlig försörjning före start"),
                               validate_choice=False, validators=[Optional()])
    income_start = SelectMultipleField(_l("Huvudsaklig försörjning vid start"),
                                       validate_choice=False, validators=[Optional()])
    income_exit = SelectMultipleField(_l("Huvudsaklig försörjning efter avslut"),
                                      validate_choice=False, validators=[Optional()])

    @classmethod
    def for_participant(cls, participant: Participant,
                        sources: dict[IncomePhase, list[IncomeSource]]) -> RegistrationForm:
        form = cls(data={
            "education": participant.education or "",
            "support_time": participant.support_time or "",
            "income_start": [str(source) for source in sources[IncomePhase.START]],
            "income_exit": [str(source) for source in sources[IncomePhase.EXIT]],
        })
        form.education.choices = _with_blank(Education.choices())
        form.support_time.choices = _with_blank(SupportTime.choices())
        form.income_start.choices = IncomeSource.choices()
        form.income_exit.choices = IncomeSource.choices()
        return form

    def details(self) -> RegistrationDetails:
        return RegistrationDetails(
            education=self.education.data or "", support_time=self.support_time.data or "",
            income_start=list(self.income_start.data or []),
            income_exit=list(self.income_exit.data or []))


class AnonymousForm(FlaskForm):
    insats = SelectField(_l("Insats"), validators=[InputRequired(_l("Välj en insats."))])
    gender = SelectField(_l("Kön"), choices=GENDER_CHOICES,
                         validators=[InputRequired(_l("Välj ett alternativ."))])
    birth_year = WholeNumberField(
        _l("Födelseår (frivilligt)"), max_digits=4, too_long=YEAR_MESSAGE,
        validators=[Optional(), NumberRange(min=1000, max=9999, message=YEAR_MESSAGE)])
    start_date = DateField(_l("Startdatum i insatsen"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-03-12."))])

    @classmethod
    def offering(cls, insatser: list[Insats]) -> AnonymousForm:
        form = cls()
        form.insats.choices = [SelectChoice(i.public_id, i.name) for i in insatser]
        return form

    def new_anonymous(self, insatser: list[Insats]) -> NewAnonymous:
        return NewAnonymous(
            insats=next((i for i in insatser if i.public_id == self.insats.data), None),
            gender=self.gender.data, birth_year=self.birth_year.data,
            start_date=self.start_date.data)
