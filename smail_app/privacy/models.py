"""Requests to anonymise a participant: one handledare asks, a second one confirms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.db_types import UTCDateTime
from smail_app.extensions import db


class AnonymisationRequest(db.Model):
    __tablename__ = "anonymisation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(300), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def is_open(self) -> bool:
        return self.confirmed_dt is None and self.withdrawn_dt is None
