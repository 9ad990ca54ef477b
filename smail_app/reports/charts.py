"""Chart data for the report pages: the same suppressed numbers as the tables beside the
charts (a hidden cell is a gap, never a number)."""

from __future__ import annotations

import json

from smail_app.reports.model import Report, Table

COUNT_ROWS_IN_OVERVIEW = ("period", "exited_period", "work", "studies", "job_seeking",
                          "ongoing")


def _config(table: Table) -> dict:
    rows = [row for row in table.rows if not row.is_total]
    if table.key == "oversikt":
        rows = [row for row in rows if row.key in COUNT_ROWS_IN_OVERVIEW]
    # Women and men side by side, as the förbund reports; the others are in the table.
    return {
        "labels": [row.label for row in rows],
        "series": [{"label": table.columns[g], "data": [row.cells[g].shown for row in rows]}
                   for g in (0, 1)],
        "horizontal": len(rows) > 6,
    }


def chart_configs(report: Report) -> dict[str, str]:
    return {table.key: json.dumps(_config(table), ensure_ascii=False)
            for table in report.tables if table.chart != "none"}
