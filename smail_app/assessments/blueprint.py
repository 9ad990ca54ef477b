"""The assessments blueprint, shared by its view modules (``views`` registers them all)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("assessments", __name__)
