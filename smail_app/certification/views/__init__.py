"""Certification pages: one blueprint, whose routes the modules below register."""

from smail_app.certification import rules  # noqa: F401 - connects the team-joining rule
from smail_app.certification.views import (  # noqa: F401 - each registers its routes
    attendee_pages,
    course_pages,
    own_pages,
    registry_pages,
)
from smail_app.certification.views.blueprint import bp

__all__ = ["bp"]
