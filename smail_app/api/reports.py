"""The county and insats reports over the API: the same reports, with the same permissions
and the same suppression of small groups as the pages (smail_app.reports)."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from smail_app import clock
from smail_app.api import schemas
from smail_app.api.services import ApiRefused, int_parameter
from smail_app.auth.models import User
from smail_app.reports import services as report_services
from smail_app.reports.model import Report, plain
from smail_app.reports.period import PeriodKind, period

_NUMBERS_IN_A_YEAR = {PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2}


def _period(args: MultiDict[str, str]):
    kinds = args.getlist("kind")
    if len(kinds) > 1 or (kinds and kinds[0] not in {kind.value for kind in PeriodKind}):
        raise ApiRefused(_("Parametern kind ska vara %(kinds)s.",
                           kinds=" / ".join(kind.value for kind in PeriodKind)), "kind")
    kind = PeriodKind(kinds[0]) if kinds else PeriodKind.HALF_YEAR
    year = int_parameter(args, "year", 0, 2000, 2100,
                         _("Parametern year ska vara ett årtal från 2000 till 2100."))
    highest = _NUMBERS_IN_A_YEAR.get(kind, 0)
    if "number" in args and not highest:
        raise ApiRefused(_("Parametern number hör bara till kvartal och halvår."), "number")
    number = int_parameter(args, "number", 0, 1, max(highest, 1),
                           _("Parametern number ska vara ett heltal från 1 till %(high)s för "
                             "den här perioden.", high=highest))
    return period(kind, year or None, number or None, clock.today())


def _chosen(args: MultiDict[str, str], name: str, options: list):
    values = args.getlist(name)
    if not values:
        return None
    found = next((o for o in options if o.public_id == values[0]), None)
    if len(values) > 1 or found is None:
        raise ApiRefused(_("Parametern %(name)s känns inte igen.", name=name), name)
    return found


def _answer(report: Report, chosen_period) -> schemas.Report:
    data = plain(report)
    return schemas.Report.model_validate({
        **data, "period_start": chosen_period.start, "period_end": chosen_period.end})


def county(user: User, args: MultiDict[str, str]) -> schemas.Report:
    """The admin's county report, optionally for one insats or kommun; 404 for others."""
    if not report_services.may_see_county(user):
        abort(404)
    chosen_period = _period(args)
    filters = report_services.Filters(
        chosen_period, _chosen(args, "insats", report_services.visible_insatser(user)),
        _chosen(args, "kommun", report_services.kommuner()))
    return _answer(report_services.county_report(filters), chosen_period)


def insats(user: User, public_id: str, args: MultiDict[str, str]) -> schemas.Report:
    """An insats's report for its team (small groups shown) and its owner (suppressed)."""
    found = report_services.visible_insats_or_404(user, public_id)
    chosen_period = _period(args)
    return _answer(report_services.insats_report(found, chosen_period, user), chosen_period)
