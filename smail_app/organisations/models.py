"""Kommuner and agencies, the insatser they own, and each insats team."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l


class OrganisationKind(LabelledEnum):
    KOMMUN = "kommun"
    AGENCY = "myndighet"
    FORBUND = "forbund"

    @classmethod
    def _labels(cls) -> dict[OrganisationKind, object]:
        return {cls.KOMMUN: _l("Kommun"), cls.AGENCY: _l("Myndighet eller region"),
                cls.FORBUND: _l("Samordningsförbund")}


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column_type(OrganisationKind, 20))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)


class Insats(db.Model):
    __tablename__ = "insatser"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    description: Mapped[str] = mapped_column(String(2000), default="")
    # The förbund's own grouping of its insatser ("Unga", "Arbetsträning" …), a report filter.
    insats_type: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    owner: Mapped[Organisation] = relationship()
    team: Mapped[list[TeamMembership]] = relationship(
        back_populates="insats", cascade="all, delete-orphan"
    )


class TeamMembership(db.Model):
    """A handledare working in an insats sees that insats' participants."""

    __tablename__ = "team_memberships"
    __table_args__ = (UniqueConstraint("insats_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    insats_id: Mapped[int] = mapped_column(ForeignKey("insatser.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    insats: Mapped[Insats] = relationship(back_populates="team")
    user: Mapped[User] = relationship()
