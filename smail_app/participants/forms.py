from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    MonthField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from smail_app.auth.forms import GENDER_CHOICES
from smail_app.core.form_fields import WholeNumberField
from smail_app.participants.caseload import Status
from smail_app.participants.models import ExitReason

YEAR_MESSAGE = _l("Skriv ett årtal med fyra siffror.")
PERCENT_MESSAGE = _l("Skriv ett tal från 1 till 100.")
SAMPLE_SIZE_MESSAGE = _l("Skriv ett tal från 1 till 500.")
SEED_MESSAGE = _l("Skriv ett heltal från 0.")


class ParticipantForm(FlaskForm):
    insats = SelectField(_l("Insats"), validators=[InputRequired(_l("Välj en insats."))])
    code = StringField(
        _l("Kod"), description=_l("Unik inom insatsen. Inget personnummer."),
        validators=[DataRequired(_l("Skriv en kod för deltagaren.")), Length(max=40),
                    Regexp(r"^[\w\-. ]+$", message=_l("Koden får bara ha bokstäver, siffror, "
                                                      "mellanslag, punkt och bindestreck."))])
    alias = StringField(_l("Förnamn eller alias (frivilligt)"), validators=[Length(max=80)])
    birth_year = WholeNumberField(
        _l("Födelseår (frivilligt)"), max_digits=4, too_long=YEAR_MESSAGE,
        validators=[Optional(), NumberRange(min=1000, max=9999, message=YEAR_MESSAGE)])
    gender = SelectField(_l("Kön"), choices=GENDER_CHOICES,
                         validators=[InputRequired(_l("Välj ett alternativ."))])
    kommun = SelectField(_l("Kommun"), validators=[Optional()])
    start_date = DateField(_l("Startdatum i insatsen"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-03-12."))])


class CaseloadFilterForm(FlaskForm):
    """Read from the query string (GET): nothing is changed, so no CSRF token."""

    class Meta:
        csrf = False

    insats = SelectField(_l("Insats"), validate_choice=False, validators=[Optional()])
    q = SearchField(_l("Sök kod eller alias"), validators=[Optional(), Length(max=80)])
    page = IntegerField(validators=[Optional()])  # any whole number; the view clamps it
    status = SelectField(_l("Visa"), validate_choice=False, choices=[
        SelectChoice(Status.ACTIVE.value, _l("Pågående")),
        SelectChoice(Status.LEFT.value, _l("Avslutade")),
        SelectChoice(Status.ALL.value, _l("Alla")),
    ], validators=[Optional()])


class HandoverForm(FlaskForm):
    handledare = SelectField(_l("Ny ansvarig handledare"),
                             validators=[InputRequired(_l("Välj en handledare."))])
    note = TextAreaField(_l("Anteckning (frivilligt)"),
                         description=_l("Till exempel varför, eller vad den nya handledaren "
                                        "behöver veta."),
                         validators=[Optional(), Length(max=300)])


EXIT_REASON_CHOICES = [
    SelectChoice(ExitReason.WORK_UNSUBSIDISED.value, _l("Arbete utan subvention")),
    SelectChoice(ExitReason.WORK_SUBSIDISED.value, _l("Arbete med subvention")),
    SelectChoice(ExitReason.OWN_BUSINESS.value, _l("Eget företag")),
    SelectChoice(ExitReason.STUDIES.value, _l("Studier")),
    SelectChoice(ExitReason.JOB_SEEKING.value, _l("Aktivt arbetssökande")),
    SelectChoice(ExitReason.OTHER_PROGRAMME.value, _l("Annan insats eller annat program")),
    SelectChoice(ExitReason.HEALTH.value, _l("Hälsoskäl")),
    SelectChoice(ExitReason.MOVED.value, _l("Flyttat")),
    SelectChoice(ExitReason.NO_REASON.value, _l("Avbrott utan känd orsak")),
    SelectChoice(ExitReason.OTHER.value, _l("Annat")),
]


class ExitForm(FlaskForm):
    exit_date = DateField(_l("Slutdatum"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-03-12."))])
    reason = RadioField(_l("Orsak till avslut"), choices=EXIT_REASON_CHOICES,
                        validators=[InputRequired(_l("Välj en orsak."))])
    work_percent = WholeNumberField(
        _l("Omfattning i procent av heltid (vid arbete eller eget företag)"),
        description=_l("Till exempel 50 för halvtid."), max_digits=3, too_long=PERCENT_MESSAGE,
        validators=[Optional(), NumberRange(min=1, max=100, message=PERCENT_MESSAGE)])


class FollowUpForm(FlaskForm):
    """Read from the query string (GET): the sample is drawn, nothing is stored."""

    class Meta:
        csrf = False

    month = MonthField(_l("Avslutade under månaden"),
                       validators=[InputRequired(_l("Skriv en månad, som 2027-03."))])
    insats = SelectField(_l("Insats"), validate_choice=False, validators=[Optional()])
    size = WholeNumberField(_l("Antal i urvalet"), max_digits=3, too_long=SAMPLE_SIZE_MESSAGE,
                            validators=[InputRequired(_l("Skriv hur många som ska väljas.")),
                                        NumberRange(min=1, max=500,
                                                    message=SAMPLE_SIZE_MESSAGE)])
    seed = WholeNumberField(_l("Slumptal (frö)"), max_digits=10, too_long=SEED_MESSAGE,
                            description=_l("Samma frö ger samma urval. Spara det för att kunna "
                                           "visa hur urvalet gjordes."),
                            validators=[InputRequired(_l("Skriv ett frö, ett heltal.")),
                                        NumberRange(min=0, max=2_147_483_647,
                                                    message=SEED_MESSAGE)])


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ReminderForm(FlaskForm):
    email = EmailField(_l("Din e-postadress"), filters=[_strip], validators=[
        Optional(),
        Email(_l("Skriv en e-postadress som namn@exempel.se."), check_deliverability=False),
        Length(max=254)])
    consent = BooleanField(_l("Ja, skicka en påminnelse när det är dags att skatta"))
