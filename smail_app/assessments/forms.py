from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from smail_app.assessments.indicators import BELIEF_LABELS, BELIEF_QUESTION, SCALE_LABELS
from smail_app.assessments.models import InstrumentVersion, StatementWording
from smail_app.i18n import lazy_gettext as _l

SCALE_VALUES = [str(v) for v in SCALE_LABELS]


class IndicatorStepForm(FlaskForm):
    """One indicator's statements; fields are added per statement by ``step_form``."""

    class Meta:
        # The app's CSRFProtect checks every POST before any view runs; a token field of the
        # form's own checked it a second time and signed a new token on every autosave.
        csrf = False

    return_to = HiddenField()
    direction = HiddenField()

    def statement_fields(self) -> list[tuple[StatementWording, RadioField]]:
        return [(s, getattr(self, f"s{s.id}")) for s in self._statements]

    def first_field_name(self) -> str:
        """Where a refusal of the whole step is shown."""
        return f"s{self._statements[0].id}"

    def answered_values(self) -> dict[int, int]:
        """Statement id → 1-5 for the statements answered; blank ones are skipped (only
        call after validation, which has refused anything but 1-5)."""
        return {s.id: int(field.data) for s, field in self.statement_fields()
                if field.data and field.data.strip()}


def step_form(statements: list[StatementWording], locale: str, *,
              about_participant: bool = False, **kwargs) -> IndicatorStepForm:
    labels = tuple((s.id, s.text(locale, about_participant=about_participant))
                   for s in statements)
    form = _step_form_class(labels)(**kwargs)
    form._statements = statements
    return form


@lru_cache(maxsize=256)
def _step_form_class(labels: tuple[tuple[int, str], ...]) -> type[IndicatorStepForm]:
    """One form class per step's wording (statement id and label), built once: building a
    WTForms class with its fields on every step page costs more than the rest of the form."""
    class _Form(IndicatorStepForm):
        pass

    for statement_id, label in labels:
        setattr(_Form, f"s{statement_id}", RadioField(
            label,
            choices=[SelectChoice(str(v), scale_label) for v, scale_label in SCALE_LABELS.items()],
            validate_choice=False,
            validators=[Optional(), AnyOf(SCALE_VALUES,
                                          message=_l("Välj ett av svaren 1 till 5."))],
        ))
    return _Form


class BeliefForm(FlaskForm):
    """The last step of the handledare's parallel rating."""

    belief = RadioField(
        BELIEF_QUESTION,
        choices=[SelectChoice(str(v), label) for v, label in BELIEF_LABELS.items()],
        validate_choice=False,
        validators=[Optional(), AnyOf(SCALE_VALUES, message=_l("Välj ett av svaren 1 till 5."))])
    return_to = HiddenField()
    direction = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.belief.data and self.direction.data != "back":
            self.belief.errors = [_l("Välj hur stor din tro är, från 1 till 5.")]
            return False
        return True


class UnlockForm(FlaskForm):
    """The handledare takes the device back after rating together."""

    password = PasswordField(_l("Handledarens lösenord"),
                             validators=[DataRequired(_l("Skriv ditt lösenord.")),
                                         Length(max=128)])


class StatementsForm(FlaskForm):
    """Admin: one indicator's statements in a draft instrument version, each in the first
    person and (for the handledare's own rating) about the participant."""

    sv_1 = StringField(_l("Påstående 1, svenska"), validators=[Length(max=300)])
    en_1 = StringField(_l("Påstående 1, engelska"), validators=[Length(max=300)])
    svh_1 = StringField(_l("Påstående 1 om deltagaren, svenska"), validators=[Length(max=300)])
    enh_1 = StringField(_l("Påstående 1 om deltagaren, engelska"), validators=[Length(max=300)])
    sv_2 = StringField(_l("Påstående 2, svenska"), validators=[Length(max=300)])
    en_2 = StringField(_l("Påstående 2, engelska"), validators=[Length(max=300)])
    svh_2 = StringField(_l("Påstående 2 om deltagaren, svenska"), validators=[Length(max=300)])
    enh_2 = StringField(_l("Påstående 2 om deltagaren, engelska"), validators=[Length(max=300)])
    sv_3 = StringField(_l("Påstående 3, svenska"), validators=[Length(max=300)])
    en_3 = StringField(_l("Påstående 3, engelska"), validators=[Length(max=300)])
    svh_3 = StringField(_l("Påstående 3 om deltagaren, svenska"), validators=[Length(max=300)])
    enh_3 = StringField(_l("Påstående 3 om deltagaren, engelska"), validators=[Length(max=300)])
    note = TextAreaField(_l("Anteckning om versionen"), validators=[Optional(), Length(max=500)])

    @staticmethod
    def data_for(draft: InstrumentVersion, indicator: int) -> dict[str, str]:
        """The form filled with the draft's current wording of one indicator."""
        data: dict[str, str] = {"note": draft.note}
        for s in draft.statements_for(indicator):
            data |= {f"sv_{s.position}": s.text_sv, f"en_{s.position}": s.text_en,
                     f"svh_{s.position}": s.text_sv_handledare or "",
                     f"enh_{s.position}": s.text_en_handledare or ""}
        return data

    def pairs(self) -> list[tuple[str, str, str, str]]:
        """(Swedish, English, Swedish about the participant, English about them) each."""
        return [tuple(getattr(self, f"{prefix}_{i}").data or ""
                      for prefix in ("sv", "en", "svh", "enh")) for i in (1, 2, 3)]
