"""The caseload's filters, read from the query string."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from smail_app.i18n import gettext as _
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Insats
from smail_app.participants.forms import chosen_insats
from smail_app.workspace.caseload import CaseloadFilter, Status


class CaseloadFilterForm(FlaskForm):
    """Read from the query string (GET): nothing is changed, so no CSRF token."""

    class Meta:
        csrf = False

    insats = SelectField(_l("Insats"), validate_choice=False, validators=[Optional()])
    q = SearchField(_l("Sök kod eller alias"), validators=[Optional(), Length(max=80)])
    page = IntegerField(validators=[Optional()])  # any whole number; the page is clamped
    status = SelectField(_l("Visa"), validate_choice=False, choices=[
        SelectChoice(Status.ACTIVE.value, _l("Pågående")),
        SelectChoice(Status.LEFT.value, _l("Avslutade")),
        SelectChoice(Status.ALL.value, _l("Alla")),
    ], validators=[Optional()])

    def chosen(self, insatser: list[Insats]) -> tuple[CaseloadFilter, int]:
        """The filters and page number asked for; the unfiltered list (and errors on the
        fields) when a filter is not valid."""
        self.insats.choices = [SelectChoice("", _("Alla insatser"))] + [
            SelectChoice(insats.public_id, insats.name) for insats in insatser]
        self.validate()
        # A page number out of range, or not a number, shows the nearest page: it comes from
        # our own links, so it is not worth an error message.
        number = self.page.data if not self.page.errors and self.page.data else 1
        self.page.errors = []
        valid = not self.errors
        insats = chosen_insats(self.insats, insatser)
        status = self._chosen_status()
        if not valid or self.insats.errors or self.status.errors:
            return CaseloadFilter(), number
        return CaseloadFilter(insats_id=insats.id if insats else None, search=self.q.data or "",
                              status=status), number

    def _chosen_status(self) -> Status:
        try:
            return Status(self.status.data or Status.ACTIVE)
        except ValueError:
            self.status.errors = [_("Välj ett av alternativen i listan.")]
            return Status.ACTIVE
