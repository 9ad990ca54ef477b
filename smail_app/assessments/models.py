"""Instrument versions, their statements, ratings and answers.

The seven indicators are fixed by the method (see ``indicators.py``); a version changes
only the wording of the statements. Every rating keeps the version it was answered on.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smail_app.auth.models import Invite, User
from smail_app.core.enums import LabelledEnum, enum_column_type
from smail_app.db_types import PUBLIC_ID, UTCDateTime, new_public_id
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.participants.models import Participant


class InstrumentVersion(db.Model):
    __tablename__ = "instrument_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    published_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    statements: Mapped[list[Statement]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="(Statement.indicator, Statement.position)",
        lazy="selectin",
    )

    @property
    def is_published(self) -> bool:
        return self.published_dt is not None

    def statements_for(self, indicator: int) -> list[Statement]:
        return [s for s in self.statements if s.indicator == indicator]


class StatementWording:
    """How a statement reads in a language: shared by the stored statement and by the kept
    copy of a published one (``wording.PublishedStatement``). Needs ``text_sv``, ``text_en``,
    their ``_handledare`` forms and ``translations`` (each with ``locale``, ``text`` and
    ``text_handledare``)."""

    def text(self, locale: str, *, about_participant: bool = False) -> str:
        """The wording in ``locale`` (about the participant, in the third person, for the
        handledare's own rating); Swedish where a translation is missing, the first person
        where a version has no third-person wording."""
        if about_participant:
            wording = self._about_participant(locale)
            if wording:
                return wording
        if locale == "en":
            return self.text_en
        if locale != "sv":
            for translation in self.translations:
                if translation.locale == locale:
                    return translation.text
        return self.text_sv

    def _about_participant(self, locale: str) -> str | None:
        if locale == "en":
            return self.text_en_handledare
        if locale != "sv":
            for translation in self.translations:
                if translation.locale == locale and translation.text_handledare:
                    return translation.text_handledare
        return self.text_sv_handledare


class Statement(StatementWording, db.Model):
    """A first-person statement answered on the 1-5 scale, and the same statement about the
    participant for the handledare's own rating (where the version has one)."""

    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("version_id", "indicator", "position"),
        CheckConstraint("indicator BETWEEN 1 AND 7", name="indicator_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("instrument_versions.id", ondelete="CASCADE"))
    indicator: Mapped[int]
    position: Mapped[int]
    text_sv: Mapped[str] = mapped_column(String(300))
    text_en: Mapped[str] = mapped_column(String(300))
    text_sv_handledare: Mapped[str | None] = mapped_column(String(300))
    text_en_handledare: Mapped[str | None] = mapped_column(String(300))

    version: Mapped[InstrumentVersion] = relationship(back_populates="statements")
    translations: Mapped[list[StatementTranslation]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", lazy="selectin")


class StatementTranslation(db.Model):
    """A statement's wording in a language beyond Swedish and English (Arabic first), so a
    new language needs rows, not columns."""

    __tablename__ = "statement_translations"
    __table_args__ = (UniqueConstraint("statement_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(String(300))
    text_handledare: Mapped[str | None] = mapped_column(String(300))

    statement: Mapped[Statement] = relationship(back_populates="translations")


class RaterKind(LabelledEnum):
    """Whose view of the participant a rating holds."""

    PARTICIPANT = "deltagare"  # the participant's self-rating
    HANDLEDARE = "handledare"  # the handledare's parallel rating (BIP)

    @classmethod
    def _labels(cls) -> dict[RaterKind, object]:
        return {cls.PARTICIPANT: _l("Deltagaren"), cls.HANDLEDARE: _l("Handledaren")}


class RatingMode(LabelledEnum):
    """Where a self-rating was given."""

    ALONE = "egen"  # the participant on their own device
    TOGETHER = "tillsammans"  # on the handledare's device, together

    @classmethod
    def _labels(cls) -> dict[RatingMode, object]:
        return {cls.ALONE: _l("på egen hand"), cls.TOGETHER: _l("tillsammans")}

    @property
    def is_together(self) -> bool:
        return self is RatingMode.TOGETHER


class Rating(db.Model):
    """One rating occasion's answers. A draft is saved answer by answer until submitted."""

    __tablename__ = "ratings"
    __table_args__ = (
        # At most one open draft per participant and rater: two tabs resume the same one.
        Index(
            "uq_ratings_one_draft",
            "participant_id",
            "rater_kind",
            unique=True,
            sqlite_where=text("submitted_dt IS NULL"),
            postgresql_where=text("submitted_dt IS NULL"),
        ),
        Index("ix_ratings_participant_submitted", "participant_id", "submitted_dt"),
        # Each participant's latest sent rating per rater, read from the index alone: the
        # caseload orders every visible participant by it (workspace/urgency.py).
        Index("ix_ratings_sent_by_rater", "participant_id", "rater_kind", "rated_on",
              sqlite_where=text("submitted_dt IS NOT NULL"),
              postgresql_where=text("submitted_dt IS NOT NULL")),
        CheckConstraint("belief IS NULL OR belief BETWEEN 1 AND 5", name="belief_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(PUBLIC_ID, unique=True, default=new_public_id)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("instrument_versions.id"))
    rater_kind: Mapped[RaterKind] = mapped_column(enum_column_type(RaterKind, 20))
    mode: Mapped[RatingMode] = mapped_column(enum_column_type(RatingMode, 20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rated_on: Mapped[date | None]
    # Which 13-week occasion this rating counts for (0 = baseline); None = outside every window.
    occasion: Mapped[int | None]
    # Handledare ratings only: "Min tro på att deltagaren når arbete eller studier" (1-5).
    belief: Mapped[int | None]
    # Sent in a session opened by choosing a new password through this link: shown on the
    # handledare's page, since whoever gave the link could have used it.
    password_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("invites.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship()
    version: Mapped[InstrumentVersion] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    password_link: Mapped[Invite | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="rating", cascade="all, delete-orphan", lazy="selectin"
    )
    scores: Mapped[list[IndicatorScore]] = relationship(
        back_populates="rating", cascade="all, delete-orphan", lazy="selectin",
        order_by="IndicatorScore.indicator",
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_dt is not None

    @property
    def is_by_handledare(self) -> bool:
        return self.rater_kind == RaterKind.HANDLEDARE

    @property
    def is_in_window(self) -> bool:
        return self.occasion is not None


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("rating_id", "statement_id"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"))
    value: Mapped[int]
    answered_dt: Mapped[datetime] = mapped_column(UTCDateTime)

    rating: Mapped[Rating] = relationship(back_populates="answers")
    statement: Mapped[Statement] = relationship()


class IndicatorScore(db.Model):
    """Mean of an indicator's answered statements, fixed when the rating is submitted."""

    __tablename__ = "indicator_scores"
    __table_args__ = (
        UniqueConstraint("rating_id", "indicator"),
        CheckConstraint("indicator BETWEEN 1 AND 7", name="indicator_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"))
    indicator: Mapped[int]
    score: Mapped[float]
    # How many of the indicator's statements the score rests on, of how many it has (None on
    # scores from before this was kept): a mean of one answer out of three is shown as such.
    answered: Mapped[int | None]
    statements: Mapped[int | None]

    rating: Mapped[Rating] = relationship(back_populates="scores")

    @property
    def is_partial(self) -> bool:
        return self.answered is not None and self.statements is not None \
            and self.answered < self.statements
