"""Append-only log of staff access to participants' data."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import UTCDateTime
from smail_app.extensions import db


class AccessAction(LabelledEnum):
    """What a staff member did with a participant's data, as the participant reads it."""

    VIEW = "view"
    REGISTER = "register"
    INVITE = "invite"
    RATING = "rating"
    UPDATE = "update"
    EXPORT = "export"

    @classmethod
    def _labels(cls) -> dict[AccessAction, object]:
        return {
            cls.VIEW: _l("tittade på dina uppgifter"),
            cls.REGISTER: _l("registrerade dig"),
            cls.INVITE: _l("skapade en inbjudan"),
            cls.RATING: _l("registrerade en skattning"),
            cls.UPDATE: _l("ändrade dina uppgifter"),
            cls.EXPORT: _l("skrev ut dina uppgifter"),
        }


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_dt: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    action: Mapped[AccessAction] = mapped_column(enum_column_type(AccessAction, 40))
    detail: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[User | None] = relationship()


@event.listens_for(AccessLogEntry, "before_update")
@event.listens_for(AccessLogEntry, "before_delete")
def _refuse_change(mapper, connection, target) -> None:  # noqa: ANN001
    raise PermissionError("the access log is append-only")
