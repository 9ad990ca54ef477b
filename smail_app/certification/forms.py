from __future__ import annotations

from datetime import time

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from smail_app.certification.completion import AttendanceEntry
from smail_app.certification.courses import (
    DEFAULT_ASSIGNMENT_MINUTES,
    DEFAULT_SESSION_END,
    DEFAULT_SESSION_START,
    MAX_SESSION_MINUTES,
)
from smail_app.certification.models import AssignmentStatus, CourseSession, Enrolment
from smail_app.core.form_fields import WholeNumberField
from smail_app.i18n import lazy_gettext as _l

SCALE_CHOICES = [
    SelectChoice("1", _l("Stämmer inte alls")),
    SelectChoice("2", _l("Stämmer ganska dåligt")),
    SelectChoice("3", _l("Stämmer delvis")),
    SelectChoice("4", _l("Stämmer ganska bra")),
    SelectChoice("5", _l("Stämmer helt")),
]
QUESTION_LABELS = {
    "can_train": _l("Jag kan nu utbilda andra i SMAIL."),
    "can_use": _l("Jag kan tillräckligt för att använda SMAIL med deltagare."),
    "helps_daily_work": _l("Det jag har lärt mig hjälper mig i mitt dagliga arbete."),
}
PRESENCE_CHOICES = [
    SelectChoice("ja", _l("Närvarande")),
    SelectChoice("nej", _l("Frånvarande")),
]
DATE_MESSAGE = _l("Skriv ett giltigt datum, som 2027-03-12.")
TIME_MESSAGE = _l("Skriv en tid, som 09:00.")


class _DateField(DateField):
    """A date field whose "not a date" message shows an example, like the others."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as problem:
            raise ValueError(str(DATE_MESSAGE)) from problem


class _TimeField(TimeField):
    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as problem:
            raise ValueError(str(TIME_MESSAGE)) from problem


def _date(label: object, required: bool = True) -> DateField:
    validators = [InputRequired(DATE_MESSAGE)] if required else [Optional()]
    return _DateField(label, validators=validators)


def _time(label: object, default: time) -> TimeField:
    return _TimeField(label, default=default, validators=[InputRequired(TIME_MESSAGE)])


class CourseDetailsForm(FlaskForm):
    """The parts of a course that can be changed after it was created."""

    title = StringField(_l("Kursens namn"),
                        validators=[DataRequired(_l("Skriv kursens namn.")), Length(max=160)])
    organisation = SelectField(_l("Organisation"), validators=[Optional()],
                               description=_l("Den organisation som håller kursen."))
    assignment_hours = WholeNumberField(
        _l("Hemuppgift, timmar"), default=DEFAULT_ASSIGNMENT_MINUTES // 60,
        description=_l("0 om kursen inte har någon hemuppgift."),
        validators=[InputRequired(_l("Skriv antal timmar, 0–40.")),
                    NumberRange(0, 40, _l("Skriv antal timmar, 0–40."))])
    description = TextAreaField(_l("Beskrivning (frivilligt)"),
                                validators=[Optional(), Length(max=2000)])


class CourseForm(CourseDetailsForm):
    kind = SelectField(
        _l("Kurstyp"), validators=[InputRequired(_l("Välj en kurstyp."))],
        description=_l("En utbildarutbildning utbildar utbildare, en användarutbildning "
                       "certifierar användare. Horisontella principer: jämställdhet, "
                       "tillgänglighet och icke-diskriminering."))
    trainer = SelectField(_l("Utbildare"), validators=[Optional()],
                          description=_l("Fler utbildare kan läggas till på kurssidan."))
    session1_date = _date(_l("Tillfälle 1, datum"))
    session1_start = _time(_l("Tillfälle 1, börjar"), DEFAULT_SESSION_START)
    session1_end = _time(_l("Tillfälle 1, slutar"), DEFAULT_SESSION_END)
    session2_date = _date(_l("Tillfälle 2, datum (om det finns)"), required=False)
    session2_start = _time(_l("Tillfälle 2, börjar"), DEFAULT_SESSION_START)
    session2_end = _time(_l("Tillfälle 2, slutar"), DEFAULT_SESSION_END)


class SessionForm(FlaskForm):
    session_date = _date(_l("Datum"))
    start_time = _time(_l("Börjar"), DEFAULT_SESSION_START)
    end_time = _time(_l("Slutar"), DEFAULT_SESSION_END)


class TrainerForm(FlaskForm):
    trainer = SelectField(_l("Utbildare"), validators=[InputRequired(_l("Välj en person."))])


class EnrolForm(FlaskForm):
    user = SelectField(_l("Person med konto"),
                       validators=[InputRequired(_l("Välj en person."))])


class InviteForm(FlaskForm):
    email = EmailField(_l("E-post"), validators=[
        DataRequired(_l("Skriv e-postadressen.")),
        Email(_l("Skriv en e-postadress som namn@exempel.se."), check_deliverability=False),
        Length(max=254)])
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Skriv personens namn.")),
                                               Length(max=120)])


class CourseActionForm(FlaskForm):
    """A button on the course page (remove, certify): only its CSRF token is posted. A refused
    change is put on ``button`` and shown in the summary above the page."""

    button = HiddenField()


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Varför återkallas certifikatet?"),
                           validators=[DataRequired(_l("Skriv varför certifikatet återkallas.")),
                                       Length(max=500, message=_l("Skriv högst 500 tecken."))])


class LookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search; it changes nothing

    q = StringField(_l("Namn eller e-post"),
                    validators=[DataRequired(_l("Skriv minst två tecken av namnet.")),
                                Length(min=2, max=120,
                                       message=_l("Skriv 2–120 tecken."))])


def _optional_count(label: object, description: object | None = None,
                    maximum: int = 100000) -> IntegerField:
    return WholeNumberField(label, description=description, validators=[
        Optional(), NumberRange(0, maximum, _l("Skriv ett heltal från 0 till %(max)s.",
                                               max=maximum))])


def _count(label: object, maximum: int = 100000) -> IntegerField:
    return WholeNumberField(label, validators=[
        InputRequired(_l("Skriv ett heltal.")),
        NumberRange(0, maximum, _l("Skriv ett heltal från 0 till %(max)s.", max=maximum))])


class SettingsForm(FlaskForm):
    target_utbildare = _count(_l("Mål: antal certifierade utbildare"))
    target_anvandare = _count(_l("Mål: antal certifierade användare"))
    target_can_train_pct = _count(_l("Mål: andel utbildare som kan utbilda andra (%)"), 100)
    target_can_use_pct = _count(_l("Mål: andel användare som kan använda SMAIL (%)"), 100)
    target_helps_pct = _count(_l("Mål: andel som säger att det hjälper i arbetet (%)"), 100)
    validity_months_utbildare = _optional_count(
        _l("Utbildarcertifikat gäller (månader)"),
        _l("Lämna tomt om certifikatet gäller tills vidare. Gäller nya certifikat."), 600)
    validity_months_anvandare = _optional_count(
        _l("Användarcertifikat gäller (månader)"),
        _l("Lämna tomt om certifikatet gäller tills vidare. Gäller nya certifikat."), 600)
    reminder_days = _count(_l("Påminn så här många dagar innan ett certifikat går ut"), 3650)

    def values(self) -> dict[str, int | None]:
        return {name: getattr(self, name).data for name in (
            "target_utbildare", "target_anvandare", "target_can_train_pct",
            "target_can_use_pct", "target_helps_pct", "validity_months_utbildare",
            "validity_months_anvandare", "reminder_days")}


# --- Forms with one field per person or per question ----------------------------------------


class AttendanceForm(FlaskForm):
    """Present or absent, and minutes attended, for everyone on the course."""

    def rows(self) -> list[tuple[Enrolment, RadioField, IntegerField]]:
        return [(e, getattr(self, f"present_{e.public_id}"),
                 getattr(self, f"minutes_{e.public_id}")) for e in self._enrolments]

    def show_recorded(self, session: CourseSession) -> None:
        """Fill in what is recorded for the session already (when the page is not posted)."""
        for enrolment, present, minutes in self.rows():
            record = enrolment.attendance_for(session)
            if record is not None:
                present.data = "ja" if record.is_present else "nej"
                minutes.data = record.minutes_attended if record.is_present else None

    def entries(self) -> list[AttendanceEntry]:
        return [AttendanceEntry(e, present.data == "ja", minutes.data)
                for e, present, minutes in self.rows()]

    def first_field_name(self) -> str:
        """Where a refusal about no one in particular is shown."""
        return f"present_{self._enrolments[0].public_id}" if self._enrolments else "csrf_token"


def attendance_form(enrolments: list[Enrolment], session_minutes: int,
                    **kwargs) -> AttendanceForm:
    class _Form(AttendanceForm):
        pass

    for enrolment in enrolments:
        setattr(_Form, f"present_{enrolment.public_id}", RadioField(
            enrolment.name, choices=PRESENCE_CHOICES,
            validators=[InputRequired(_l("Välj närvarande eller frånvarande för %(name)s.",
                                         name=enrolment.name))]))
        setattr(_Form, f"minutes_{enrolment.public_id}", WholeNumberField(
            _l("Minuter närvarande"),
            description=_l("Hela tillfället är %(n)s minuter. Lämna tomt för hela.",
                           n=session_minutes),
            validators=[Optional(), NumberRange(0, MAX_SESSION_MINUTES,
                                                _l("Skriv 0–%(max)s minuter.",
                                                   max=session_minutes))]))
    form = _Form(**kwargs)
    form._enrolments = enrolments
    return form


class AssignmentForm(FlaskForm):
    def rows(self) -> list[tuple[Enrolment, SelectField]]:
        return [(e, getattr(self, f"assignment_{e.public_id}")) for e in self._enrolments]

    def statuses(self) -> list[tuple[Enrolment, str]]:
        return [(enrolment, field.data) for enrolment, field in self.rows()]

    def first_field_name(self) -> str:
        """Where a refusal about no one in particular is shown."""
        return f"assignment_{self._enrolments[0].public_id}" if self._enrolments \
            else "csrf_token"


def assignment_form(enrolments: list[Enrolment], **kwargs) -> AssignmentForm:
    class _Form(AssignmentForm):
        pass

    for enrolment in enrolments:
        setattr(_Form, f"assignment_{enrolment.public_id}", SelectField(
            enrolment.name, choices=AssignmentStatus.choices(),
            default=enrolment.assignment_status.value,
            validators=[InputRequired(_l("Välj hur det gick med hemuppgiften."))]))
    form = _Form(**kwargs)
    form._enrolments = enrolments
    return form


class EvaluationForm(FlaskForm):
    comment = TextAreaField(_l("Vill du säga något mer om kursen? (frivilligt)"),
                            validators=[Optional(), Length(max=2000,
                                                           message=_l("Skriv högst 2000 tecken."))])

    def question_fields(self) -> list[RadioField]:
        return [getattr(self, name) for name in self._questions]

    def answers(self) -> dict[str, int | None]:
        return {name: int(getattr(self, name).data) for name in self._questions}


def evaluation_form(questions: list[str], **kwargs) -> EvaluationForm:
    class _Form(EvaluationForm):
        pass

    for name in questions:
        setattr(_Form, name, RadioField(
            QUESTION_LABELS[name], choices=SCALE_CHOICES,
            validators=[InputRequired(_l("Välj ett av svaren 1 till 5."))]))
    form = _Form(**kwargs)
    form._questions = questions
    return form
