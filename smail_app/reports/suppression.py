"""Small groups are never shown: one module for the pages, the exports and the API.

A count from 1 to ``min_size - 1`` is suppressed (zero says nothing about a person). Then,
secondary suppression: in every group of cells that add up to a shown total (a row's genders
and its total; a column's parts and its total row), one suppressed cell alone could be
recovered by subtraction, so the smallest other cell of the group is suppressed too, until
no group has exactly one. Shares whose numerator or denominator is suppressed are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ABSOLUTE_MIN_SIZE = 3  # configured lower than this, the configuration is ignored


@dataclass
class Cell:
    value: float | int | None
    kind: str = "count"  # count | share | mean
    suppressed: bool = False
    # For a share or a mean: the (row, column) of the count it stands on.
    depends_on: tuple[tuple[int, int], ...] = ()
    # Other shown counts it can equally be worked out from (a share of "work or studies" is
    # also total minus "other"): while all of these are shown, it reveals nothing new.
    or_from: tuple[tuple[int, int], ...] = ()

    @property
    def shown(self) -> float | int | None:
        return None if self.suppressed else self.value


@dataclass
class Grid:
    """Cells by (row, column) and the groups of parts that add up to a total cell."""

    cells: list[list[Cell]]
    sums: list[tuple[list[tuple[int, int]], tuple[int, int]]] = field(default_factory=list)


def effective_min_size(configured: int) -> int:
    return max(int(configured), ABSOLUTE_MIN_SIZE)


def _small(cell: Cell, min_size: int) -> bool:
    return cell.kind == "count" and cell.value is not None and 0 < cell.value < min_size


def suppress(grid: Grid, min_size: int) -> Grid:
    """Mark the cells to hide, in place, and return the grid."""
    min_size = effective_min_size(min_size)
    for row in grid.cells:
        for cell in row:
            cell.suppressed = cell.suppressed or _small(cell, min_size)
    changed = True
    while changed:
        changed = False
        for parts, total in grid.sums:
            members = [*parts, total]
            hidden = [at for at in members if grid.cells[at[0]][at[1]].suppressed]
            if len(hidden) != 1:
                continue
            # Prefer hiding another part with people in it; a zero part hides nothing, so
            # then the total goes.
            open_parts = [at for at in parts if at not in hidden]
            candidates = [at for at in open_parts if (grid.cells[at[0]][at[1]].value or 0) > 0]
            if candidates:
                chosen = min(candidates, key=lambda at: grid.cells[at[0]][at[1]].value)
            elif total not in hidden:
                chosen = total
            elif open_parts:  # the total is hidden and every part is empty: hide one of them
                chosen = open_parts[0]
            else:
                continue
            grid.cells[chosen[0]][chosen[1]].suppressed = True
            changed = True
    for row in grid.cells:
        for cell in row:
            if cell.depends_on and any(grid.cells[r][c].suppressed for r, c in cell.depends_on) \
                    and not (cell.or_from and not any(grid.cells[r][c].suppressed
                                                      for r, c in cell.or_from)):
                cell.suppressed = True
    return grid
