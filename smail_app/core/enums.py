"""Enums that carry their translated label (after Indico's ``RichEnum``), and the column type
that stores them: one place for each label, and templates call ``member.label``."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa
from wtforms.fields.choices import SelectChoice


class LabelledEnum(enum.StrEnum):
    """Stored as its value; shown as its label. Subclasses define ``_labels()`` returning a
    mapping from every member to a lazily translated string."""

    @classmethod
    def _labels(cls) -> dict[Any, Any]:
        raise NotImplementedError(f"{cls.__name__} must define _labels()")

    @property
    def label(self) -> str:
        return str(self.lazy_label)

    @property
    def lazy_label(self) -> Any:
        """The label still untranslated, for a form field or choice defined at import time."""
        return type(self)._labels()[self]

    @classmethod
    def choices(cls, members: list[Any] | None = None) -> list[SelectChoice]:
        """Form choices in declaration order (or the order of ``members``). The labels stay
        lazy, so choices built at import time are translated when a page shows them."""
        return [SelectChoice(member.value, member.lazy_label) for member in (members or list(cls))]


def enum_column_type(enum_class: type[enum.StrEnum], length: int = 32) -> sa.Enum:
    """A VARCHAR column holding the enum's values (not its names), checked in Python: the
    same schema on SQLite and PostgreSQL, and no migration to add a member."""
    return sa.Enum(enum_class, native_enum=False, create_constraint=False, length=length,
                   values_callable=lambda members: [member.value for member in members],
                   validate_strings=True)
