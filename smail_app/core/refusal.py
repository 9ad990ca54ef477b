"""The one error type for a business rule that says no."""

from __future__ import annotations


class Refused(ValueError):
    """A service refused a change. ``message`` is already translated for the user; ``field``
    names the form field the message belongs to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
