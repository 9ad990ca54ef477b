"""The period a report covers: a quarter, a half-year, a calendar year or an insats's whole
life."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from smail_app.core.enums import LabelledEnum
from smail_app.i18n import lazy_gettext as _l

# The whole life of anything the reports cover starts after this.
EARLIEST = date(2000, 1, 1)


class PeriodKind(LabelledEnum):
    QUARTER = "kvartal"
    HALF_YEAR = "halvar"
    YEAR = "ar"
    LIFE = "hela"

    @classmethod
    def _labels(cls) -> dict[PeriodKind, object]:
        return {cls.QUARTER: _l("Kvartal"), cls.HALF_YEAR: _l("Halvår"),
                cls.YEAR: _l("Kalenderår"), cls.LIFE: _l("Insatsens hela tid")}


class _Months(enum.IntEnum):
    QUARTER = 3
    HALF_YEAR = 6


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # inclusive
    year: int | None = None
    number: int | None = None  # which quarter (1-4) or half (1-2)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year} Q{self.number}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.year} H{self.number}"
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        return str(PeriodKind.LIFE.label)

    @property
    def slug(self) -> str:
        return self.label.replace(" ", "-") if self.kind is not PeriodKind.LIFE else "hela"


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def period(kind: PeriodKind, year: int | None, number: int | None, today: date) -> Period:
    """A period from its parts; missing parts are the current ones (``today``)."""
    if kind is PeriodKind.LIFE:
        return Period(kind, EARLIEST, today)
    year = year or today.year
    if kind is PeriodKind.YEAR:
        return Period(kind, date(year, 1, 1), date(year, 12, 31), year)
    months = _Months[kind.name].value
    count = 12 // months
    number = number if number and 1 <= number <= count else (today.month - 1) // months + 1
    first_month = (number - 1) * months + 1
    return Period(kind, date(year, first_month, 1), _month_end(year, first_month + months - 1),
                  year, number)
