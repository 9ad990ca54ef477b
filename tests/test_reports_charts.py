"""The report charts show the table's own numbers (a hidden cell is a gap), and the SMAIL
progression tables chart the rows that belong together, not counts, means and shares on one
axis."""

from __future__ import annotations

import json

from smail_app.assessments.indicators import INDICATORS
from smail_app.reports.charts import chart_configs
from smail_app.reports.model import Report, Row, Table
from smail_app.reports.suppression import Cell


def _row(key: str, total: float | None, *, suppressed: bool = False, kind: str = "mean") -> Row:
    cells = [Cell(1, kind=kind), Cell(2, kind=kind), Cell(3, kind=kind),
             Cell(total, kind=kind, suppressed=suppressed), Cell(50.0, kind="share")]
    return Row(key, key, cells)


def _charts(app, *tables: Table) -> dict:
    with app.test_request_context():
        return {key: json.loads(value)
                for key, value in chart_configs(Report("", "", "", True, 5, list(tables))).items()}


def test_means_chart_first_and_latest_per_indicator(app):
    rows = [_row("n", 40, kind="count")]
    for indicator in INDICATORS:
        rows += [_row(f"{indicator.number}_first", 2.0 + indicator.number / 10),
                 _row(f"{indicator.number}_latest", 3.0, suppressed=indicator.number == 7),
                 _row(f"{indicator.number}_change", 1.0)]
    chart = _charts(app, Table("medelvarden", "4b", ["K", "M", "A", "T"], rows))["medelvarden"]
    assert chart["labels"] == [str(indicator) for indicator in INDICATORS]
    first, latest = chart["series"]
    assert first["data"][0] == 2.1 and latest["data"][:6] == [3.0] * 6
    assert latest["data"][6] is None  # hidden in the table: a gap in the chart
    assert chart["counts"] is False


def test_outcome_chart_shows_the_share_by_level_and_leaves_out_the_rest(app):
    rows = [_row("low", 10, kind="count"), _row("middle", 12, kind="count"),
            _row("high", 9, kind="count"), _row("none", 4, kind="count"),
            Row("__total", "Totalt", [Cell(35)] * 5, is_total=True)]
    rows[1].cells[4] = Cell(40.0, kind="share", suppressed=True)
    chart = _charts(app, Table("avslut_tro_pa_jobb", "4e",
                               ["A", "S", "O", "T", "Andel"], rows))["avslut_tro_pa_jobb"]
    assert chart["labels"] == ["low", "middle", "high"]
    assert chart["series"] == [{"label": "Andel", "data": [50.0, None, 50.0]}]


def test_count_tables_chart_women_and_men_in_whole_steps(app):
    rows = [_row("a", 5, kind="count"), _row("b", 7, kind="count"),
            Row("__total", "Totalt", [Cell(12)] * 5, is_total=True)]
    chart = _charts(app, Table("alder", "3a", ["Kvinnor", "Män", "A", "T"], rows))["alder"]
    assert [series["label"] for series in chart["series"]] == ["Kvinnor", "Män"]
    assert chart["labels"] == ["a", "b"] and chart["counts"] is True
