"""Report tables as files: each table as CSV (UTF-8 with BOM) or XLSX, the whole report as
one workbook with a sheet per table, and the team's pseudonymised participant file. The
cells are the suppressed ones the page shows."""

from __future__ import annotations

import io
import re
from dataclasses import astuple

from openpyxl import Workbook
from openpyxl.styles import Font

from smail_app.certification.exports import csv_bytes
from smail_app.i18n import gettext as _
from smail_app.reports.model import Report, Table, anonymous_text, display
from smail_app.reports.services import ParticipantLine

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rows(table: Table, min_size: int) -> list[list[str]]:
    rows = [[row.label, *[display(cell, min_size) for cell in row.cells]] for row in table.rows]
    extra = anonymous_text(table, min_size)
    return [*rows, [extra]] if extra else rows


def _columns(table: Table) -> list[str]:
    return [_("Rad"), *table.columns]


def tables_csv(report: Report, tables: list[Table]) -> bytes:
    """One table as it is; several one after another, each under its title."""
    if len(tables) == 1:
        return csv_bytes(_columns(tables[0]), _rows(tables[0], report.min_size))
    rows: list[list[str]] = []
    for table in tables:
        rows += [[table.title], _columns(table), *_rows(table, report.min_size), []]
    return csv_bytes([f"{report.title}: {report.scope_label}, {report.period_label}"], rows)


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", text)[:31] or "Data"
    while title in taken:
        title = title[:28] + f"-{len(taken)}"
    taken.add(title)
    return title


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _xlsx_value(cell_text: str) -> object:
    """Numbers as numbers, so the sheet can sum them; "<5" and "–" stay text."""
    try:
        return int(cell_text)
    except ValueError:
        try:
            return float(cell_text.replace(",", "."))
        except ValueError:
            return _safe(cell_text)


def workbook(report: Report, tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, taken))
        sheet.append([_safe(f"{report.title}: {report.scope_label}, {report.period_label}")])
        sheet.append([_safe(table.title)])
        sheet.append([])
        sheet.append([_safe(column) for column in _columns(table)])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in _rows(table, report.min_size):
            sheet.append([_safe(row[0]), *[_xlsx_value(value) for value in row[1:]]])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def participants_csv(lines: list[ParticipantLine]) -> bytes:
    columns = [_("Kod"), _("Kön"), _("Födelseår"), _("Startdatum"), _("Slutdatum"),
               _("Orsak till avslut"), _("Omfattning (%)"), _("Utbildning"),
               _("Tid i offentlig försörjning"), _("Anonym")]
    return csv_bytes(columns, [astuple(line) for line in lines])
