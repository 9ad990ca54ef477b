"""Tables as files a spreadsheet opens as they are: CSV in UTF-8 with a byte-order mark and
semicolons (what Excel expects in Swedish), and XLSX through openpyxl.

Text that a spreadsheet would run as a formula (starting with = + - @) is written as text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from flask import Response
from flask_babel import format_decimal
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format_decimal(value, format="0.##")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return _safe_text(str(value))


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe_text(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Data"
    sheet.append([_safe_text(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe_text(v) if isinstance(v, str) else v for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        width = max([len(str(column))] + [len(str(r[index - 1] or "")) for r in rows])
        sheet.column_dimensions[letter].width = min(60, width + 2)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_filename(text: str) -> str:
    """ASCII file name from a title: å ä ö become a a o, other signs a dash."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O",
                           "é": "e", "É": "E", "ü": "u", "Ü": "U"})
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text.translate(table)).strip("-").lower()
    return cleaned[:60] or "export"


def download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str,
                   stem: str, sheet_title: str) -> Response:
    """The table as ``stem.csv`` or ``stem.xlsx`` (``fmt`` is checked by the caller)."""
    name = f"{stem}.{fmt}"
    if fmt == "csv":
        return download(csv_bytes(columns, rows), CSV_MIME, name)
    return download(xlsx_bytes(columns, rows, sheet_title), XLSX_MIME, name)
