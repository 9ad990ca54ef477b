from __future__ import annotations

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    MonthField,
    RadioField,
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

from smail_app import clock
from smail_app.auth.forms import GENDER_CHOICES
from smail_app.auth.models import User
from smail_app.core.form_fields import WholeNumberField
from smail_app.i18n import gettext as _
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Insats
from smail_app.participants.follow_up import FollowUpFinding, default_follow_up_month, new_seed
from smail_app.participants.models import ExitReason, FollowUpOutcome, FollowUpResult
from smail_app.participants.services import ExitDetails

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

    @classmethod
    def offering(cls, insatser: list[Insats], kommuner: list[SelectChoice]) -> ParticipantForm:
        """The form with the user's insatser and the kommuner to choose from."""
        form = cls()
        form.insats.choices = [SelectChoice(i.public_id, i.name) for i in insatser]
        form.kommun.choices = [SelectChoice("", _("Ingen uppgift")), *kommuner]
        if not form.is_submitted():
            form.start_date.data = clock.today()
        return form


class HandoverForm(FlaskForm):
    handledare = SelectField(_l("Ny ansvarig handledare"),
                             validators=[InputRequired(_l("Välj en handledare."))])
    note = TextAreaField(_l("Anteckning (frivilligt)"),
                         description=_l("Till exempel varför, eller vad den nya handledaren "
                                        "behöver veta."),
                         validators=[Optional(), Length(max=300)])

    @classmethod
    def offering(cls, candidates: list[User]) -> HandoverForm:
        form = cls()
        form.handledare.choices = [SelectChoice("", _("Välj handledare"))] + [
            SelectChoice(user.public_id, user.display_name) for user in candidates]
        return form



class ExitForm(FlaskForm):
    exit_date = DateField(_l("Slutdatum"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-03-12."))])
    # choices as a callable: read per form, so the labels are in the reader's language
    reason = RadioField(_l("Orsak till avslut"), choices=ExitReason.choices,
                        validators=[InputRequired(_l("Välj en orsak."))])
    work_percent = WholeNumberField(
        _l("Omfattning i procent av heltid (vid arbete eller eget företag)"),
        description=_l("Till exempel 50 för halvtid."), max_digits=3, too_long=PERCENT_MESSAGE,
        validators=[Optional(), NumberRange(min=1, max=100, message=PERCENT_MESSAGE)])

    @classmethod
    def for_today(cls) -> ExitForm:
        form = cls()
        form.reason.validate_choice = False  # the service answers with its own message
        if not form.is_submitted():
            form.exit_date.data = clock.today()
        return form

    def details(self) -> ExitDetails:
        return ExitDetails(exit_date=self.exit_date.data, reason=self.reason.data or "",
                           work_percent=self.work_percent.data)


class FollowUpForm(FlaskForm):
    """Read from the query string (GET): the sample is drawn, nothing is stored."""

    class Meta:
        csrf = False

    validated = False  # True once the query string asked for a sample and it is valid

    @classmethod
    def from_query(cls, args: MultiDict, insatser: list[Insats]) -> FollowUpForm:
        """The form from the query string; without one, this month's defaults and a new
        seed."""
        if args:
            form = cls(args)
        else:
            form = cls(formdata=None, data={
                "month": default_follow_up_month(clock.today()), "size": 10,
                "seed": new_seed()})
        form.insats.choices = [SelectChoice("", _("Alla mina insatser"))] + [
            SelectChoice(i.public_id, i.name) for i in insatser]
        form.validated = bool(args) and form.validate()
        return form

    month = MonthField(_l("Avslutade under månaden"),
                       validators=[InputRequired(_l("Skriv en månad, som 2027-03."))])
    insats = SelectField(_l("Insats"), validate_choice=False, validators=[Optional()])
    size = WholeNumberField(_l("Antal i urvalet"), max_digits=3, too_long=SAMPLE_SIZE_MESSAGE,
                            validators=[InputRequired(_l("Skriv hur många som ska väljas.")),
                                        NumberRange(min=1, max=500,
                                                    message=SAMPLE_SIZE_MESSAGE)])
    seed = WholeNumberField(_l("Slumptal för urvalet"), max_digits=10, too_long=SEED_MESSAGE,
                            description=_l("Samma tal ger samma urval, så att dragningen kan "
                                           "kontrolleras i efterhand. Skriv upp talet."),
                            validators=[InputRequired(_l("Skriv ett heltal, till exempel 4711.")),
                                        NumberRange(min=0, max=2_147_483_647,
                                                    message=SEED_MESSAGE)])


def chosen_insats(field: SelectField, insatser: list[Insats]) -> Insats | None:
    """One of ``insatser`` by the public id in ``field``, None for all of them, or None with
    an error on the field."""
    if not field.data:
        return None
    found = next((insats for insats in insatser if insats.public_id == field.data), None)
    if found is None:
        field.errors = [_l("Välj en insats i listan.")]
    return found


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ReminderForm(FlaskForm):
    email = EmailField(_l("Din e-postadress"), filters=[_strip], validators=[
        Optional(),
        Email(_l("Skriv en e-postadress som namn@exempel.se."), check_deliverability=False),
        Length(max=254)])
    consent = BooleanField(_l("Ja, skicka en påminnelse när det är dags att skatta"))


class FollowUpResultForm(FlaskForm):
    followed_up_on = DateField(_l("Datum för uppföljningen"), validators=[
        InputRequired(_l("Skriv ett giltigt datum, som 2027-09-15."))])
    reached = RadioField(_l("Fick ni kontakt med personen?"),
                         choices=[SelectChoice("ja", _l("Ja")), SelectChoice("nej", _l("Nej"))],
                         validators=[InputRequired(_l("Svara ja eller nej."))])
    outcome = RadioField(_l("Vad gör personen nu?"),
                         description=_l("Svara bara om ni fick kontakt."),
                         choices=[], validate_choice=False, validators=[Optional()])

    @classmethod
    def for_result(cls, result: FollowUpResult | None) -> FollowUpResultForm:
        """The form, filled with what was recorded before, if anything."""
        if result is None:
            form = cls()
            if not form.is_submitted():
                form.followed_up_on.data = clock.today()
        else:
            form = cls(data={"followed_up_on": result.followed_up_on,
                             "reached": "ja" if result.reached else "nej",
                             "outcome": result.outcome.value if result.outcome else None})
        form.outcome.choices = FollowUpOutcome.choices()
        return form

    def finding(self) -> FollowUpFinding:
        return FollowUpFinding(followed_up_on=self.followed_up_on.data,
                               reached={"ja": True, "nej": False}.get(self.reached.data or ""),
                               outcome=self.outcome.data or "")
