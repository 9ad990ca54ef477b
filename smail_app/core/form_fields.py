"""Form fields shared by every domain's forms."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField

from smail_app.i18n import lazy_gettext as _l


class WholeNumberField(IntegerField):
    """A whole number typed by a person.

    Input longer than ``max_digits`` is refused with ``too_long`` before any range check:
    WTForms' NumberRange turns the value into a float, and a 400-digit number overflows
    (a 500 instead of a message).
    """

    def __init__(self, label: Any = None, validators: Any = None, *, max_digits: int = 9,
                 too_long: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.max_digits = max_digits
        self.too_long = too_long or _l("Skriv ett mindre tal.")

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and len(valuelist[0].strip()) > self.max_digits:
            self.data = None
            raise ValueError(str(self.too_long))
        super().process_formdata(valuelist)
