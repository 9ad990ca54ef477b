"""Small-group suppression: primary (<5, configurable, never below 3) and secondary (no total,
share or complement gives a hidden cell back)."""

from __future__ import annotations

from smail_app.reports.model import counts_table
from smail_app.reports.suppression import Cell, Grid, effective_min_size, suppress


def _row(*values: int) -> Grid:
    cells = [[Cell(v) for v in values] + [Cell(sum(values))]]
    return Grid(cells, [([(0, i) for i in range(len(values))], (0, len(values)))])


def _hidden(grid: Grid) -> list[list[bool]]:
    return [[cell.suppressed for cell in row] for row in grid.cells]


def test_one_gender_with_three_people_and_a_revealing_total():
    # 7 women, 3 men, 0 others, total 10: hiding the 3 alone, 10 - 7 gives it back, so the 7
    # goes too (the smallest other part with people in it); the zero stays.
    grid = suppress(_row(7, 3, 0), 5)
    assert _hidden(grid) == [[True, True, False, False]]


def test_when_every_other_part_is_zero_the_total_goes():
    grid = suppress(_row(0, 3, 0), 5)
    assert _hidden(grid) == [[False, True, False, True]]


def test_two_hidden_cells_protect_each_other():
    grid = suppress(_row(6, 3, 1), 5)
    assert _hidden(grid) == [[False, True, True, False]]


def test_nothing_hidden_above_the_threshold_and_zero_is_shown():
    grid = suppress(_row(5, 9, 0), 5)
    assert _hidden(grid) == [[False, False, False, False]]


def test_threshold_configurable_but_never_below_three():
    assert effective_min_size(2) == 3 and effective_min_size(1) == 3
    assert effective_min_size(10) == 10
    assert _hidden(suppress(_row(2, 9, 5), 1)) == [[True, False, True, False]]
    assert _hidden(suppress(_row(8, 9, 5), 10)) == [[True, True, True, False]]


def test_column_total_and_shares():
    """Rows that split one whole: a hidden cell in a column is protected within the column
    too, and a share standing on a hidden count is hidden."""
    counts = {("a", "kvinna"): 6, ("a", "man"): 8, ("b", "kvinna"): 2, ("b", "man"): 9,
              ("c", "kvinna"): 7, ("c", "man"): 6}
    table, grid = counts_table("t", "T", [("a", "A"), ("b", "B"), ("c", "C")], counts,
                               total_label="Totalt")
    suppress(grid, 5)
    shown = {row.key: [cell.shown for cell in row.cells] for row in table.rows}
    # b's 2 women hidden; row b: 9 men would give it back from b's total -> hidden too;
    # the women's column: the total 15 minus 6 and 7 would give it -> 6 (smallest) hidden.
    assert shown["b"][:2] == [None, None]
    women = [shown[k][0] for k in ("a", "b", "c", "__total")]
    assert women.count(None) >= 2
    # No row or column has exactly one hidden cell among its parts and total.
    for parts, total in grid.sums:
        members = [*parts, total]
        assert sum(grid.cells[r][c].suppressed for r, c in members) != 1
    assert shown["b"][3:] == [11, 28.9]  # b's total hides nobody: 11 of 38
    small, grid = counts_table("t", "T", [("a", "A"), ("b", "B")],
                               {("a", "kvinna"): 9, ("b", "man"): 2}, total_label="Totalt")
    suppress(grid, 5)
    assert [cell.shown for cell in small.rows[1].cells] == [0, None, 0, None, None]
    assert small.rows[0].cells[3].suppressed and small.rows[0].cells[4].shown is None
