"""One plain sentence per chart, computed here so that screen readers, and everyone who
does not read charts, get the point first (the table under each chart holds the numbers)."""

from __future__ import annotations

from collections.abc import Sequence

from smail_app.i18n import gettext as _
from smail_app.i18n import written_score

# Smaller differences are rounding, not change: scores are means shown with one decimal.
UNCHANGED_BELOW = 0.05


def line_summary(indicator: str, values: Sequence[float | None]) -> str:
    """How one indicator moved from the first rating to the latest."""
    scores = [value for value in values if value is not None]
    if not scores:
        return _("%(name)s: inga poäng än.", name=indicator)
    first, latest = scores[0], scores[-1]
    if len(scores) == 1:
        return _("%(name)s: %(score)s vid första skattningen.", name=indicator,
                 score=written_score(first))
    if abs(latest - first) < UNCHANGED_BELOW:
        return _("%(name)s är lika som vid första skattningen: %(score)s.", name=indicator,
                 score=written_score(latest))
    if latest > first:
        return _("%(name)s har ökat från %(first)s till %(latest)s sedan första skattningen.",
                 name=indicator, first=written_score(first), latest=written_score(latest))
    return _("%(name)s har minskat från %(first)s till %(latest)s sedan första skattningen.",
             name=indicator, first=written_score(first), latest=written_score(latest))


def radar_summary(first: Sequence[float | None], latest: Sequence[float | None]) -> str:
    """How many indicators went up, down or stayed, between the first and latest rating."""
    pairs = [(a, b) for a, b in zip(first, latest, strict=False)
             if a is not None and b is not None]
    if not pairs:
        return _("Diagrammet visar den första skattningen. Nästa skattning visar om något "
                 "har ändrats.")
    up = sum(1 for a, b in pairs if b - a >= UNCHANGED_BELOW)
    down = sum(1 for a, b in pairs if a - b >= UNCHANGED_BELOW)
    same = len(pairs) - up - down
    return _("Sedan första skattningen har %(up)s av %(total)s indikatorer ökat, %(down)s har "
             "minskat och %(same)s är lika.", up=up, total=len(pairs), down=down, same=same)
