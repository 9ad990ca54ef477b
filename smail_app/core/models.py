"""The shared counters of ``core.kept``."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from smail_app.extensions import db


class DataGeneration(db.Model):
    """One row per topic, raised after every commit that changed what the topic's results
    count. In the database so that every instance of the app sees the same number. (The
    table kept the name it had when the county report was its only topic.)"""

    __tablename__ = "report_generation"

    id: Mapped[int] = mapped_column(primary_key=True)  # the topic's number
    number: Mapped[int] = mapped_column(BigInteger, default=0)
