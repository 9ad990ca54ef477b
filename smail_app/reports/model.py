"""The shape every report table takes: plain data, the same for the pages, the exports and
the API. Counts by gender (kvinnor, män, others) with a row total and, where the rows split
one whole, a total row and each row's share of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from smail_app.i18n import gettext as _
from smail_app.reports.suppression import Cell, Grid, effective_min_size, suppress

GENDERS = ("kvinna", "man", "ovrigt")  # others: annat and vill ej uppge, never shown alone
SUPPRESSED_TEXT = "<{n}"
HIDDEN_TEXT = ".."


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    summary: str = ""
    anonymous: int | None = None  # "(+N anonyma)"; None: none, or too few to show
    anonymous_suppressed: bool = False
    note: str = ""
    chart: str = "bar"  # bar | none
    summary_noun: str = ""  # what the one-line summary names (the largest row)
    # The cells and their sums, kept so related tables can be suppressed together.
    grid: Grid | None = field(default=None, repr=False, compare=False)


@dataclass
class Report:
    title: str
    period_label: str
    scope_label: str
    suppressed: bool
    min_size: int
    tables: list[Table] = field(default_factory=list)
    # The tables rendered as HTML, by link query: kept with the report (reports/freshness.py).
    rendered: dict[tuple, str] = field(default_factory=dict, repr=False, compare=False)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def gender_columns(*, share: bool) -> list[str]:
    columns = [_("Kvinnor"), _("Män"), _("Annat eller ej uppgett"), _("Totalt")]
    return [*columns, _("Andel (%)")] if share else columns


def share(numerator: int | None, denominator: int | None) -> float | None:
    if not denominator or numerator is None:
        return None
    return round(100 * numerator / denominator, 1)


def counts_table(key: str, title: str, rows: Sequence[tuple[str, str]],
                 counts: Mapping[tuple[str, str], int], *, total_label: str | None = None,
                 derived: Sequence[tuple[str, str, Sequence[str]]] = (),
                 derived_after: Mapping[str, str] | None = None) -> tuple[Table, Grid]:
    """Rows that split one whole by gender. ``total_label`` adds the total row and a share
    column; ``derived`` rows (key, label, keys summed) are sums of some rows, placed after the
    row named in ``derived_after``."""
    with_share = total_label is not None
    order: list[tuple[str, str, Sequence[str] | None]] = []
    for row_key, label in rows:
        order.append((row_key, label, None))
        for derived_key, derived_label, parts in derived:
            if (derived_after or {}).get(derived_key) == row_key:
                order.append((derived_key, derived_label, parts))
    values: dict[str, list[int]] = {}
    for row_key, _label, parts in order:
        keys = parts if parts is not None else [row_key]
        values[row_key] = [sum(counts.get((k, g), 0) for k in keys) for g in GENDERS]
    if with_share:
        values["__total"] = [sum(values[k][i] for k, _l in rows) for i in range(len(GENDERS))]
        order.append(("__total", total_label, None))
    cells: list[list[Cell]] = []
    sums: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    total_index = len(order) - 1
    for index, (row_key, _label, _parts) in enumerate(order):
        by_gender = values[row_key]
        row = [Cell(value) for value in by_gender] + [Cell(sum(by_gender))]
        if with_share:
            row.append(Cell(share(sum(by_gender), sum(values["__total"])), kind="share",
                            depends_on=((index, 3), (total_index, 3))))
        cells.append(row)
        sums.append(([(index, g) for g in range(len(GENDERS))], (index, 3)))
    plain = [i for i, (row_key, _l, parts) in enumerate(order)
             if parts is None and row_key != "__total"]
    if with_share:
        for column in range(4):
            sums.append(([(i, column) for i in plain], (total_index, column)))
    for index, (_key, _label, parts) in enumerate(order):
        if parts:
            part_rows = [i for i, (k, _l, _p) in enumerate(order) if k in parts]
            for column in range(4):
                sums.append(([(i, column) for i in part_rows], (index, column)))
    table = Table(key, title, gender_columns(share=with_share), [
        Row(row_key, label, cells[i], is_total=row_key == "__total" or parts is not None)
        for i, (row_key, label, parts) in enumerate(order)])
    return table, Grid(cells, sums)


def finish(table: Table, grid: Grid, *, suppressed: bool, min_size: int,
           anonymous: int = 0) -> Table:
    """Apply small-group suppression (outside the insats team's own view)."""
    table.grid = grid
    if suppressed:
        suppress(grid, min_size)
    table.anonymous = anonymous or None
    if suppressed and 0 < anonymous < effective_min_size(min_size):
        table.anonymous_suppressed = True
    return table


def display(cell: Cell, min_size: int) -> str:
    """How a cell reads on a page or in a CSV file."""
    if cell.suppressed:
        small = cell.kind == "count" and (cell.value or 0) < effective_min_size(min_size)
        # A cell hidden only to protect another is not "<5": it reads "..".
        return SUPPRESSED_TEXT.format(n=effective_min_size(min_size)) if small else HIDDEN_TEXT
    if cell.value is None:
        return "–"
    if cell.kind == "count":
        return str(int(cell.value))
    text = f"{cell.value:.2f}" if cell.kind == "mean" else f"{cell.value:.1f}"
    return text.replace(".", ",") if _locale_uses_comma() else text


def _locale_uses_comma() -> bool:
    from flask_babel import get_locale

    locale = get_locale()
    return locale is None or locale.language != "en"


def anonymous_text(table: Table, min_size: int) -> str:
    if table.anonymous is None:
        return ""
    number = SUPPRESSED_TEXT.format(n=effective_min_size(min_size)) \
        if table.anonymous_suppressed else str(table.anonymous)
    return _("(+%(n)s anonyma)", n=number)


def plain(report: Report) -> dict:
    """The report as JSON-ready data; suppressed cells are null with ``suppressed`` true."""
    return {
        "title": report.title, "period": report.period_label, "scope": report.scope_label,
        "suppressed": report.suppressed, "min_group_size": effective_min_size(report.min_size),
        "tables": [{
            "key": table.key, "title": table.title, "columns": table.columns,
            "anonymous": None if table.anonymous_suppressed else table.anonymous,
            "anonymous_suppressed": table.anonymous_suppressed,
            "rows": [{"key": row.key, "label": row.label, "is_total": row.is_total,
                      "cells": [{"value": cell.shown, "kind": cell.kind,
                                 "suppressed": cell.suppressed} for cell in row.cells]}
                     for row in table.rows],
        } for table in report.tables],
    }


def suppress_together(tables: list[Table], same: list[tuple[str, str, str, str]],
                      min_size: int,
                      same_cells: list[tuple[str, str, int, str, str, int]] = ()) -> None:
    """Rows of different tables that count the same people (table, row, table, row; the
    first four columns) and single cells that do (table, row, column, table, row, column)
    hide the same cells, or one table would give back what the other hides. Tables not in
    this report are skipped."""
    by_key = {table.key: table for table in tables}

    def cell(table_key: str, row_key: str, column: int) -> Cell:
        return next(r for r in by_key[table_key].rows if r.key == row_key).cells[column]

    pairs = [(cell(a, ra, c), cell(b, rb, c)) for a, ra, b, rb in same
             if a in by_key and b in by_key for c in range(4)]
    pairs += [(cell(a, ra, ca), cell(b, rb, cb)) for a, ra, ca, b, rb, cb in same_cells
              if a in by_key and b in by_key]
    changed = True
    while changed:
        changed = False
        for left, right in pairs:
            if left.suppressed != right.suppressed:
                left.suppressed = right.suppressed = True
                changed = True
        if changed:
            for table in tables:
                if table.grid is not None:
                    suppress(table.grid, min_size)
