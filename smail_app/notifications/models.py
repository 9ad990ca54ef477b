"""What has been sent, so running `flask reminders` again never mails anyone twice."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smail_app.db_types import UTCDateTime
from smail_app.extensions import db


class RatingReminder(db.Model):
    """A participant was told that the rating for ``occasion`` is open."""

    __tablename__ = "rating_reminders"
    __table_args__ = (UniqueConstraint("participant_id", "occasion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"))
    occasion: Mapped[int]
    sent_dt: Mapped[datetime] = mapped_column(UTCDateTime)


class HandledareDigest(db.Model):
    """A handledare got their digest of due and overdue ratings on ``sent_on``."""

    __tablename__ = "handledare_digests"
    __table_args__ = (UniqueConstraint("user_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sent_on: Mapped[date]
    item_count: Mapped[int]
    sent_dt: Mapped[datetime] = mapped_column(UTCDateTime)
