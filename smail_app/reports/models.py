"""The reports' one table: a counter of changes to the data they count."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from smail_app.extensions import db


class ReportGeneration(db.Model):
    """One row, raised after every commit that changed what a report counts. Kept in the
    database so that every instance of the app sees the same number (reports/freshness.py)."""

    __tablename__ = "report_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, default=0)
