"""The report's period and filters, read from the query string (GET: nothing is stored)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from smail_app import clock
from smail_app.core.form_fields import WholeNumberField
from smail_app.i18n import gettext as _
from smail_app.i18n import lazy_gettext as _l
from smail_app.reports.period import Period, PeriodKind, period
from smail_app.reports.services import Choice

YEAR_MESSAGE = _l("Skriv ett årtal mellan 2000 och 2100.")


class ReportForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Period"), choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR,
                       validators=[Optional()])
    year = WholeNumberField(_l("År"), max_digits=4, too_long=YEAR_MESSAGE,
                            validators=[Optional(), NumberRange(2000, 2100, YEAR_MESSAGE)])
    number = SelectField(_l("Kvartal eller halvår"), validators=[Optional()],
                         choices=[SelectChoice(str(n), str(n)) for n in range(1, 5)])
    insats = SelectField(_l("Insats"), validators=[Optional()])
    insats_type = SelectField(_l("Typ av insats"), validators=[Optional()])
    kommun = SelectField(_l("Kommun"), validators=[Optional()])

    @classmethod
    def from_query(cls, args: MultiDict, insatser: list[Choice] | None = None,
                   kommuner: list[Choice] | None = None,
                   insats_types: list[str] | None = None) -> ReportForm:
        form = cls(formdata=args or None)
        today = clock.today()
        if not args:
            form.year.data = today.year
            form.number.data = str((today.month - 1) // 6 + 1)
        form.insats.choices = [SelectChoice("", _("Alla insatser"))] + [
            SelectChoice(i.public_id, i.name) for i in insatser or []]
        form.kommun.choices = [SelectChoice("", _("Alla kommuner"))] + [
            SelectChoice(k.public_id, k.name) for k in kommuner or []]
        form.insats_type.choices = [SelectChoice("", _("Alla typer"))] + [
            SelectChoice(t, t) for t in insats_types or []]
        form.validated = form.validate() if args else True
        return form

    def period(self) -> Period:
        """The chosen period; the current half-year where the input was refused."""
        today = clock.today()
        if not self.validated:
            return period(PeriodKind.HALF_YEAR, today.year, None, today)
        kind = PeriodKind(self.kind.data or PeriodKind.HALF_YEAR)
        return period(kind, self.year.data, int(self.number.data or 0), today)

    def chosen_type(self) -> str | None:
        return (self.insats_type.data or None) if self.validated else None

    def chosen(self, options: list, field: SelectField):
        if not self.validated:
            return None
        return next((o for o in options if o.public_id == field.data), None)
