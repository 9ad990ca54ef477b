"""Append-only log of staff access to participants' data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import UTCDateTime
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l


class AccessAction(LabelledEnum):
    """What a staff member did with a participant's data; ``label`` as the participant reads
    it in their own log."""

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

    @property
    def admin_label(self) -> str:
        """The same action for the admin's search, which is about someone else's data."""
        return str({
            AccessAction.VIEW: _l("läste"),
            AccessAction.REGISTER: _l("registrerade"),
            AccessAction.INVITE: _l("skapade inbjudan"),
            AccessAction.RATING: _l("skattning"),
            AccessAction.UPDATE: _l("ändrade"),
            AccessAction.EXPORT: _l("skrev ut"),
        }[self])


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_dt: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    action: Mapped[AccessAction] = mapped_column(enum_column_type(AccessAction, 40))
    detail: Mapped[str] = mapped_column(String(200), default="")
    # The hash chain (smail_app.audit.chain): the entry's place in the log, and the SHA-256
    # of its fields and the previous entry's hash. Set when the entry is flushed.
    seq: Mapped[int] = mapped_column(unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


class AccessLogHead(db.Model):
    """One row: the number of entries ever appended. Updating it first serialises appends on
    SQLite and PostgreSQL alike, and shows an entry deleted from the end of the log."""

    __tablename__ = "access_log_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)


# Below the ORM's own refusal: the database refuses to change or delete an entry, whatever
# client writes to it (TRUNCATE, used only by the tests' reset, is not a row change).
_REFUSE_CHANGE = {
    "postgresql": [
        """CREATE FUNCTION access_log_refuse_change() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
           FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()""",
    ],
    "sqlite": [
        """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
           BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
        """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
           BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    ],
}


def refuse_change_ddl(dialect: str) -> list[str]:
    """The statements that make ``access_log`` append-only (also used by the migration)."""
    return _REFUSE_CHANGE.get(dialect, [])


# The head row exists from the start (the migration writes it too).
event.listen(AccessLogHead.__table__, "after_create",
             DDL("INSERT INTO access_log_head (id, seq) VALUES (1, 0)"))

for _dialect, _statements in _REFUSE_CHANGE.items():
    for _statement in _statements:
        event.listen(AccessLogEntry.__table__, "after_create",
                     DDL(_statement).execute_if(dialect=_dialect))


@event.listens_for(AccessLogEntry, "before_update")
@event.listens_for(AccessLogEntry, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise PermissionError("the access log is append-only")
