"""Chart data for the report pages: the same suppressed numbers as the tables beside the
charts (a hidden cell is a gap, never a number).

Most tables chart women and men side by side over their rows, as the förbund reports. The
SMAIL progression tables (4) mix counts, means and shares in one table, so each charts the
rows that belong together: the shares for coverage and belief, the first and latest mean per
indicator, the shares improved, unchanged and declined, and the share to work or studies by
the level at the start."""

from __future__ import annotations

import json
from collections.abc import Callable

from smail_app.assessments.indicators import INDICATORS
from smail_app.i18n import gettext as _
from smail_app.reports.model import Report, Row, Table

COUNT_ROWS_IN_OVERVIEW = ("period", "exited_period", "work", "studies", "job_seeking",
                          "ongoing")
TOTAL = 3  # the column counting everyone
WOMEN_AND_MEN = (0, 1)


def _by_gender(table: Table, rows: list[Row]) -> dict:
    return {
        "labels": [row.label for row in rows],
        "series": [{"label": table.columns[g], "data": [row.cells[g].shown for row in rows]}
                   for g in WOMEN_AND_MEN],
        "horizontal": len(rows) > 6,
        "counts": all(row.cells[g].kind == "count" for row in rows for g in WOMEN_AND_MEN),
    }


def _rows(table: Table, keys: tuple[str, ...]) -> list[Row]:
    return [row for row in table.rows if row.key in keys]


def _per_indicator(table: Table, parts: tuple[tuple[str, str], ...]) -> dict:
    """One group of bars per indicator, one bar per part (row suffix, series label), from
    the column counting everyone."""
    by_key = {row.key: row for row in table.rows}
    return {
        "labels": [str(indicator) for indicator in INDICATORS],
        "series": [{"label": label, "data": [
            by_key[f"{indicator.number}_{suffix}"].cells[TOTAL].shown
            if f"{indicator.number}_{suffix}" in by_key else None
            for indicator in INDICATORS]} for suffix, label in parts],
        "horizontal": True, "counts": False,
    }


def _outcome_shares(table: Table) -> dict:
    rows = _rows(table, ("low", "middle", "high"))
    return {"labels": [row.label for row in rows],
            "series": [{"label": table.columns[4], "data": [row.cells[4].shown for row in rows]}],
            "horizontal": False, "counts": False}


_SPECIAL: dict[str, Callable[[Table], dict]] = {
    "oversikt": lambda table: _by_gender(table, _rows(table, COUNT_ROWS_IN_OVERVIEW)),
    "skattningar": lambda table: _by_gender(table, _rows(table, ("baseline_share",
                                                                 "done_share"))),
    "medelvarden": lambda table: _per_indicator(table, (
        ("first", _("Första skattningen")), ("latest", _("Senaste skattningen")))),
    "forandring": lambda table: _per_indicator(table, (
        ("improved", _("Förbättrad (%)")), ("unchanged", _("Oförändrad (%)")),
        ("declined", _("Försämrad (%)")))),
    "handledarens_tro": lambda table: _by_gender(table, _rows(table, ("first", "latest"))),
    "avslut_tro_pa_jobb": _outcome_shares,
    "avslut_handledarens_tro": _outcome_shares,
}


def _config(table: Table) -> dict:
    special = _SPECIAL.get(table.key)
    if special is not None:
        return special(table)
    return _by_gender(table, [row for row in table.rows if not row.is_total])


def chart_configs(report: Report) -> dict[str, str]:
    return {table.key: json.dumps(_config(table), ensure_ascii=False)
            for table in report.tables if table.chart != "none"}
