"""The one error type for a business rule that says no."""

from __future__ import annotations

from werkzeug.exceptions import Gone


class Refused(ValueError):
    """A service refused a change. ``message`` is already translated for the user; ``field``
    names the form field the message belongs to, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class LinkGone(Gone):
    """A one-time link that is unknown, used, revoked or expired. Not a form error: the whole
    request stops with a 410 page whose ``description`` (already translated) says which."""

    def __init__(self, message: object) -> None:
        super().__init__(description=str(message))
