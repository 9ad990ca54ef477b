"""Form pieces every domain shares."""

from __future__ import annotations

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """Every POST button carries a form, so it carries a CSRF token."""
