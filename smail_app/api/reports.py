"""The county and insats reports over the API: the same reports, with the same permissions
and the same suppression of small groups as the pages (smail_app.reports)."""

from __future__ import annotations

import re

from flask import abort
from werkzeug.datastructures import MultiDict

from smail_app import clock
from smail_app.api import schemas
from smail_app.api.services import ApiRefused
from smail_app.auth.models import User
from smail_app.i18n import gettext as _
from smail_app.reports import services as report_services
from smail_app.reports.model import Report, plain
from smail_app.reports.period import Period, PeriodKind, period

_PERIOD = re.compile(schemas.PERIOD_PATTERN)
_KINDS = {"H": PeriodKind.HALF_YEAR, "Q": PeriodKind.QUARTER}


def _period(args: MultiDict[str, str]) -> Period:
    """``period`` as 2027-H1, 2027-Q3, 2027 or hela; a bad value is a 400 naming it."""
    values = args.getlist("period")
    today = clock.today()
    if not values:
        return period(PeriodKind.HALF_YEAR, today.year, None, today)
    if len(values) > 1 or not _PERIOD.fullmatch(values[0]):
        raise ApiRefused(_("Parametern period ska vara till exempel 2027-H1, 2027-Q3, 2027 "
                           "eller hela."), "period")
    value = values[0]
    if value == "hela":
        return period(PeriodKind.LIFE, None, None, today)
    year, _dash, part = value.partition("-")
    if not part:
        return period(PeriodKind.YEAR, int(year), None, today)
    return period(_KINDS[part[0]], int(year), int(part[1]), today)


def _chosen(args: MultiDict[str, str], name: str, options: list):
    """An insats or kommun filter: unknown, or not one the caller sees, is a 404 like any
    unknown id (the API never says which)."""
    values = args.getlist(name)
    if not values:
        return None
    found = next((o for o in options if o.public_id == values[0]), None)
    if len(values) > 1 or found is None:
        abort(404)
    return found


def _chosen_type(args: MultiDict[str, str]) -> str | None:
    values = args.getlist("insats_type")
    if not values:
        return None
    if len(values) > 1 or values[0] not in report_services.county_choices().insats_types:
        abort(404)
    return values[0]


def _answer(report: Report, chosen_period) -> schemas.Report:
    data = plain(report)
    return schemas.Report.model_validate({
        **data, "period_start": chosen_period.start, "period_end": chosen_period.end})


def county(user: User, args: MultiDict[str, str]) -> schemas.Report:
    """The admin's county report, optionally for one insats or kommun; 404 for others."""
    if not report_services.may_see_county(user):
        abort(404)
    chosen_period = _period(args)
    choices = report_services.county_choices()
    filters = report_services.Filters(
        chosen_period, _chosen(args, "insats", choices.insatser),
        _chosen(args, "kommun", choices.kommuner), _chosen_type(args))
    return _answer(report_services.county_report(filters), chosen_period)


def insats(user: User, public_id: str, args: MultiDict[str, str]) -> schemas.Report:
    """An insats's report for its team (small groups shown) and its owner (suppressed)."""
    found = report_services.visible_insats_or_404(user, public_id)
    chosen_period = _period(args)
    return _answer(report_services.insats_report(found, chosen_period, user), chosen_period)
