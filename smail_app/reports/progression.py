"""Table 4 of the report: SMAIL progression, what SUS cannot show. Each query groups in the
database (by gender, indicator or level), so the number of statements does not grow with the
number of participants or ratings.

The participant's first rating is their baseline; their latest is the last one on or before
the period's end. Change is counted for those with both (at least two ratings), so the means
at the start and at the latest rating are over the same people. A rating is "due" in the
period when its window closed in it (by today) while the participant was still enrolled on
its due date; it was "done" when a self-rating counts for that occasion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from smail_app.assessments.indicators import INDICATORS
from smail_app.assessments.models import RaterKind
from smail_app.i18n import gettext as _
from smail_app.reports.model import GENDERS, Row, Table, display, finish, gender_columns, share
from smail_app.reports.population import (
    Scope,
)
from smail_app.reports.progression_queries import (
    NO_LEVEL,
    Change,
    belief_change,
    coverage,
    exits_by_level,
    indicator_changes,
)
from smail_app.reports.suppression import Cell, Grid

# --- Tables ----------------------------------------------------------------------------------


@dataclass
class _Grid:
    """Rows by gender (kvinnor, män, others, total) built one at a time; rows not shown
    still take part in suppression (counts that shares stand on)."""

    cells: list[list[Cell]]
    sums: list[tuple[list[tuple[int, int]], tuple[int, int]]]
    rows: list[Row]

    @classmethod
    def new(cls) -> _Grid:
        return cls([], [], [])

    def count(self, key: str, label: str, values: list[int], *, shown: bool = True) -> int:
        index = len(self.cells)
        self.cells.append([Cell(n) for n in values] + [Cell(sum(values))])
        self.sums.append(([(index, g) for g in range(len(GENDERS))], (index, 3)))
        if shown:
            self.rows.append(Row(key, label, self.cells[index]))
        return index

    def share(self, key: str, label: str, top: int, base: int) -> int:
        return self._derived(key, label, [
            Cell(share(self.cells[top][c].value, self.cells[base][c].value), kind="share",
                 depends_on=((top, c), (base, c))) for c in range(4)])

    def mean(self, key: str, label: str, values: list[float | None], base: int) -> int:
        return self._derived(key, label, [Cell(value, kind="mean", depends_on=((base, c),))
                                          for c, value in enumerate(values)])

    def parts(self, parts: list[int], whole: int) -> None:
        for c in range(4):
            self.sums.append(([(p, c) for p in parts], (whole, c)))

    def _derived(self, key: str, label: str, cells: list[Cell]) -> int:
        self.cells.append(cells)
        self.rows.append(Row(key, label, cells))
        return len(self.cells) - 1

    def table(self, key: str, title: str, scope: Scope, anonymous: int = 0) -> Table:
        table = Table(key, title, gender_columns(share=False), self.rows)
        return finish(table, Grid(self.cells, self.sums), suppressed=scope.suppressed,
                      min_size=scope.min_size, anonymous=anonymous)


def coverage_table(scope: Scope, values: dict[str, list[int]], anonymous: int) -> Table:
    grid = _Grid.new()
    period = grid.count("period", _("Deltagare under perioden"), values["period"])
    baseline = grid.count("baseline", _("Med en första skattning"), values["baseline"])
    grid.share("baseline_share", _("Andel (%) med en första skattning"), baseline, period)
    grid.count("paired", _("Med en första och minst en senare skattning"), values["paired"])
    due = grid.count("due", _("Skattningar som skulle göras under perioden"), values["due"])
    done = grid.count("done", _("Av dem gjorda inom sitt fönster"), values["done"])
    grid.share("done_share", _("Andel (%) gjorda inom fönstret"), done, due)
    return grid.table("skattningar", _("4a. SMAIL-skattningar"), scope, anonymous)


def means_table(scope: Scope, changes: dict[int, Change]) -> Table:
    grid = _Grid.new()
    n = changes[INDICATORS[0].number].n
    base = grid.count("n", _("Med en första och minst en senare skattning"), n)
    for indicator in INDICATORS:
        change, name = changes[indicator.number], str(indicator)
        grid.mean(f"{indicator.number}_first", _("%(name)s: första skattningen", name=name),
                  change.means(change.first), base)
        grid.mean(f"{indicator.number}_latest", _("%(name)s: senaste skattningen", name=name),
                  change.means(change.latest), base)
        grid.mean(f"{indicator.number}_change", _("%(name)s: förändring", name=name),
                  change.changes(), base)
    return grid.table("medelvarden", _("4b. Medelvärde per indikator (1–5), första och "
                                       "senaste skattning"), scope)


def _directions(grid: _Grid, key: str, name: str, change: Change) -> None:
    """Improved, unchanged, declined: counts kept for suppression, shares shown."""
    base = grid.count(f"{key}_n", name, change.n, shown=False)
    labels = (("improved", _("%(name)s: förbättrad (%%)", name=name), change.improved),
              ("unchanged", _("%(name)s: oförändrad (%%)", name=name), change.unchanged),
              ("declined", _("%(name)s: försämrad (%%)", name=name), change.declined))
    parts = [grid.count(f"{key}_{direction}_n", label, values, shown=False)
             for direction, label, values in labels]
    grid.parts(parts, base)
    for (direction, label, _values), part in zip(labels, parts, strict=True):
        grid.share(f"{key}_{direction}", label, part, base)


def directions_table(scope: Scope, changes: dict[int, Change]) -> Table:
    grid = _Grid.new()
    grid.count("n", _("Med en första och minst en senare skattning"),
               changes[INDICATORS[0].number].n)
    for indicator in INDICATORS:
        _directions(grid, str(indicator.number), str(indicator), changes[indicator.number])
    return grid.table("forandring", _("4c. Förändring per indikator med minst ett skalsteg"),
                      scope)


def belief_table(scope: Scope, change: Change) -> Table:
    grid = _Grid.new()
    name = _("Handledarens tro")
    base = grid.count("n", _("Med handledarens tro vid första och minst en senare "
                             "skattning"), change.n)
    grid.mean("first", _("Första skattningen (1–5)"), change.means(change.first), base)
    grid.mean("latest", _("Senaste skattningen (1–5)"), change.means(change.latest), base)
    grid.mean("change", _("Förändring"), change.changes(), base)
    _directions(grid, "belief", name, change)
    return grid.table("handledarens_tro", _("4d. Handledarens tro på att deltagaren når "
                                            "arbete eller studier"), scope)


OUTCOMES = ("work", "studies", "other")


def outcome_table(key: str, title: str, level_labels: dict[str, str], scope: Scope,
                  counts: dict[tuple[str, str], int]) -> Table:
    """Rows: the level at the start; columns: work, studies, other, total, and the share to
    work or studies."""
    keys = [*level_labels, "__total"]
    values = {level: [counts.get((level, o), 0) for o in OUTCOMES] for level in level_labels}
    values["__total"] = [sum(values[level][i] for level in level_labels)
                         for i in range(len(OUTCOMES))]
    cells: list[list[Cell]] = []
    sums: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    for index, level in enumerate(keys):
        row = [Cell(n) for n in values[level]] + [Cell(sum(values[level]))]
        work_or_studies = values[level][0] + values[level][1]
        row.append(Cell(share(work_or_studies, sum(values[level])), kind="share",
                        depends_on=((index, 0), (index, 1), (index, 3)),
                        or_from=((index, 2), (index, 3))))
        cells.append(row)
        sums.append(([(index, c) for c in range(len(OUTCOMES))], (index, 3)))
    total = len(keys) - 1
    for column in range(4):
        sums.append(([(i, column) for i in range(total)], (total, column)))
    labels = {**level_labels, "__total": _("Totalt avslutade")}
    table = Table(key, title, [_("Arbete"), _("Studier"), _("Annat"), _("Totalt"),
                               _("Andel (%) till arbete eller studier")],
                  [Row(k, labels[k], cells[i], is_total=k == "__total")
                   for i, k in enumerate(keys)])
    return finish(table, Grid(cells, sums), suppressed=scope.suppressed, min_size=scope.min_size)


def _level_labels(low: str, middle: str, high: str) -> dict[str, str]:
    return {"low": low, "middle": middle, "high": high,
            NO_LEVEL: _("Ingen skattning före avslutet")}


def county_outcome_tables(scope: Scope) -> list[Table]:
    job = outcome_table(
        "avslut_tro_pa_jobb", _("4e. Avslut efter ”Tro på att få ett jobb” vid första "
                                "skattningen"),
        _level_labels(_("Låg (1–2,4)"), _("Mellan (2,5–3,4)"), _("Hög (3,5–5)")), scope,
        exits_by_level(scope, RaterKind.PARTICIPANT))
    belief = outcome_table(
        "avslut_handledarens_tro", _("4f. Avslut efter handledarens tro vid första "
                                     "skattningen"),
        _level_labels(_("Liten (1–2)"), _("Varken liten eller stor (3)"), _("Stor (4–5)")),
        scope, exits_by_level(scope, RaterKind.HANDLEDARE))
    return [job, belief]


def progression_tables(scope: Scope, anonymous: int) -> list[Table]:
    changes = indicator_changes(scope)
    found = [coverage_table(scope, coverage(scope), anonymous), means_table(scope, changes),
             directions_table(scope, changes), belief_table(scope, belief_change(scope))]
    if scope.county:
        found += county_outcome_tables(scope)
    return found


# Rows that count the same people in two tables (see tables.SAME_PEOPLE).
SAME_PEOPLE = [
    ("oversikt", "period", "skattningar", "period"),
    ("skattningar", "paired", "medelvarden", "n"),
    ("skattningar", "paired", "forandring", "n"),
    ("avslut_tro_pa_jobb", "__total", "avslut_handledarens_tro", "__total"),
]
# Single cells that count the same people: (table, row, column, table, row, column).
SAME_CELLS = [
    (key, "__total", column, "oversikt", row, 3)
    for key in ("avslut_tro_pa_jobb", "avslut_handledarens_tro")
    for column, row in ((0, "work"), (1, "studies"), (3, "exited_period"))
]


# --- One-line summaries (they name only what the tables show) --------------------------------


def _cell(table: Table, row: str, column: int = 3) -> Cell:
    return next(r for r in table.rows if r.key == row).cells[column]


def _shown(cell: Cell) -> bool:
    return not cell.suppressed and cell.value is not None


def _coverage_summary(table: Table, min_size: int) -> str:
    baseline, done = _cell(table, "baseline_share"), _cell(table, "done_share")
    if not _shown(baseline):
        return _("För få deltagare under perioden för att visa.")
    text = _("%(share)s %% av deltagarna under perioden har en första skattning.",
             share=display(baseline, min_size))
    if _shown(done):
        text += " " + _("%(share)s %% av skattningarna som skulle göras gjordes inom sitt "
                        "fönster.", share=display(done, min_size))
    return text


def _means_summary(table: Table, min_size: int) -> str:
    n = _cell(table, "n")
    changes = [(indicator, _cell(table, f"{indicator.number}_change"))
               for indicator in INDICATORS]
    changes = [(indicator, cell) for indicator, cell in changes if _shown(cell)]
    if not _shown(n) or not changes:
        return _("För få deltagare med minst två skattningar för att visa.")
    indicator, cell = max(changes, key=lambda pair: pair[1].value or 0)
    return _("Störst förändring: %(name)s, från %(first)s till %(latest)s i medel "
             "(%(n)s deltagare med minst två skattningar).", name=str(indicator),
             first=display(_cell(table, f"{indicator.number}_first"), min_size),
             latest=display(_cell(table, f"{indicator.number}_latest"), min_size),
             n=display(n, min_size))


def _directions_summary(table: Table, min_size: int) -> str:
    shown = [(indicator, _cell(table, f"{indicator.number}_improved"))
             for indicator in INDICATORS]
    shown = [(indicator, cell) for indicator, cell in shown if _shown(cell)]
    if not shown:
        return _("För få deltagare med minst två skattningar för att visa.")
    indicator, cell = max(shown, key=lambda pair: pair[1].value or 0)
    if not cell.value:  # "most improved in X: 0 %" would read as if someone had
        return _("Ingen förbättrade sig med minst ett skalsteg i någon indikator.")
    return _("Flest förbättrade sig i %(name)s: %(share)s %%.", name=str(indicator),
             share=display(cell, min_size))


def _belief_summary(table: Table, min_size: int) -> str:
    first, latest = _cell(table, "first"), _cell(table, "latest")
    if not (_shown(first) and _shown(latest)):
        return _("För få handledarskattningar med tro för att visa.")
    return _("Handledarens tro i medel: från %(first)s till %(latest)s.",
             first=display(first, min_size), latest=display(latest, min_size))


def _outcome_summary(table: Table, min_size: int) -> str:
    high, low = table.rows[2].cells[4], table.rows[0].cells[4]
    if _shown(high) and _shown(low):
        return _("Till arbete eller studier: %(high)s %% av dem med högst nivå vid start, "
                 "%(low)s %% av dem med lägst.", high=display(high, min_size),
                 low=display(low, min_size))
    # One end hidden to protect a small group: compare the levels that are shown.
    shown = [row for row in table.rows[:3] if _shown(row.cells[4])]
    if len(shown) < 2:
        return _("För få avslutade med skattning för att jämföra nivåerna.")
    shares = ", ".join(_("%(share)s %% av dem med nivån %(level)s", share=display(
        row.cells[4], min_size), level=row.label) for row in shown)
    return _("Till arbete eller studier: %(shares)s vid start.", shares=shares)


SUMMARIES: dict[str, Callable[[Table, int], str]] = {
    "skattningar": _coverage_summary, "medelvarden": _means_summary,
    "forandring": _directions_summary, "handledarens_tro": _belief_summary,
    "avslut_tro_pa_jobb": _outcome_summary, "avslut_handledarens_tro": _outcome_summary,
}
