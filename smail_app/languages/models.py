"""The admin's mark that a language version was reviewed by a qualified translator."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.db_types import UTCDateTime
from smail_app.extensions import db


class LanguageReview(db.Model):
    """One review of one language version. ``digest`` fixes which version: the catalogue
    and the statements' wording as they were; a later change makes the language a draft
    again until someone reviews the new version."""

    __tablename__ = "language_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(5), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    reviewed_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    reviewed_by: Mapped[User | None] = relationship()
