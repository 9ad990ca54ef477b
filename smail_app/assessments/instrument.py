"""Instrument administration: the default version the app ships with, and the admin's drafts
of a new wording, edited indicator by indicator and published once.

Ratings already started keep the version they were answered on.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import func, select

from smail_app import clock
from smail_app.assessments.default_translations import (
    DEFAULT_HANDLEDARE_TRANSLATIONS,
    DEFAULT_STATEMENT_TRANSLATIONS,
)
from smail_app.assessments.indicators import (
    DEFAULT_HANDLEDARE_WORDING,
    DEFAULT_STATEMENTS,
    INDICATOR_NUMBERS,
)
from smail_app.assessments.models import InstrumentVersion, Statement
from smail_app.assessments.services import current_version
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _

MAX_STATEMENTS = 3  # per indicator


def install_default_instrument(connection: sa.Connection, now: datetime) -> None:
    """Version 1 with the project's default wording. The first migration installs it, and
    the tests on a schema made without migrations; written against the tables alone, so the
    migration keeps working whatever the models become."""
    versions = sa.table("instrument_versions", sa.column("id", sa.Integer),
                        sa.column("number", sa.Integer), sa.column("note", sa.String),
                        sa.column("created_dt", sa.DateTime(timezone=True)),
                        sa.column("published_dt", sa.DateTime(timezone=True)))
    statements = sa.table("statements", sa.column("version_id", sa.Integer),
                          sa.column("indicator", sa.Integer), sa.column("position", sa.Integer),
                          sa.column("text_sv", sa.String), sa.column("text_en", sa.String))
    version_id = connection.execute(sa.insert(versions).values(
        number=1, note="Projektets standardformulering", created_dt=now,
        published_dt=now).returning(versions.c.id)).scalar_one()
    positions: dict[int, int] = {}
    rows = []
    for indicator, text_sv, text_en in DEFAULT_STATEMENTS:
        positions[indicator] = positions.get(indicator, 0) + 1
        rows.append({"version_id": version_id, "indicator": indicator,
                     "position": positions[indicator], "text_sv": text_sv, "text_en": text_en})
    connection.execute(sa.insert(statements), rows)


def install_default_translations(connection: sa.Connection) -> None:
    """The default statements' wording in the languages beyond Swedish and English, for
    every statement still worded as the default and not yet translated. Run by the migration
    that made the table and by the tests; written against the tables alone, like the above."""
    statements = sa.table("statements", sa.column("id", sa.Integer),
                          sa.column("text_sv", sa.String))
    translations = sa.table("statement_translations", sa.column("statement_id", sa.Integer),
                            sa.column("locale", sa.String), sa.column("text", sa.String))
    done = set(connection.execute(sa.select(translations.c.statement_id,
                                            translations.c.locale)).all())
    rows = [{"statement_id": statement_id, "locale": locale, "text": by_swedish[text_sv]}
            for statement_id, text_sv in connection.execute(
                sa.select(statements.c.id, statements.c.text_sv)).all()
            for locale, by_swedish in DEFAULT_STATEMENT_TRANSLATIONS.items()
            if text_sv in by_swedish and (statement_id, locale) not in done]
    if rows:
        connection.execute(sa.insert(translations), rows)


def install_default_handledare_wording(connection: sa.Connection) -> None:
    """The third-person wording of the default statements (for the handledare's own rating),
    in Swedish, English and the further languages, wherever a statement is still worded as
    the default and has none yet. Run by the migration that added the columns and by the
    tests; written against the tables alone, like the above."""
    statements = sa.table("statements", sa.column("id", sa.Integer),
                          sa.column("text_sv", sa.String),
                          sa.column("text_sv_handledare", sa.String),
                          sa.column("text_en_handledare", sa.String))
    translations = sa.table("statement_translations", sa.column("statement_id", sa.Integer),
                            sa.column("locale", sa.String),
                            sa.column("text_handledare", sa.String))
    for statement_id, text_sv in connection.execute(
            sa.select(statements.c.id, statements.c.text_sv)
            .where(statements.c.text_sv_handledare.is_(None))).all():
        wording = DEFAULT_HANDLEDARE_WORDING.get(text_sv)
        if wording is None:
            continue
        connection.execute(sa.update(statements).where(statements.c.id == statement_id)
                           .values(text_sv_handledare=wording[0], text_en_handledare=wording[1]))
        for locale, by_swedish in DEFAULT_HANDLEDARE_TRANSLATIONS.items():
            if text_sv in by_swedish:
                connection.execute(sa.update(translations).where(
                    translations.c.statement_id == statement_id,
                    translations.c.locale == locale, translations.c.text_handledare.is_(None))
                    .values(text_handledare=by_swedish[text_sv]))


def draft_version() -> InstrumentVersion | None:
    return db.session.scalar(select(InstrumentVersion).where(
        InstrumentVersion.published_dt.is_(None)).order_by(InstrumentVersion.number.desc()))


def all_versions() -> list[InstrumentVersion]:
    """Newest first."""
    return list(db.session.scalars(select(InstrumentVersion)
                                   .order_by(InstrumentVersion.number.desc())))


def start_new_version(created_by: User) -> InstrumentVersion:
    """A draft copy of the current wording for the admin to edit; one draft at a time."""
    existing = draft_version()
    if existing is not None:
        return existing
    current = current_version()
    number = (db.session.scalar(select(func.max(InstrumentVersion.number))) or 0) + 1
    draft = InstrumentVersion(number=number, created_dt=clock.now(), created_by_id=created_by.id)
    for statement in current.statements:
        draft.statements.append(Statement(
            indicator=statement.indicator, position=statement.position,
            text_sv=statement.text_sv, text_en=statement.text_en,
            text_sv_handledare=statement.text_sv_handledare,
            text_en_handledare=statement.text_en_handledare))
    db.session.add(draft)
    db.session.flush()
    return draft


def set_statement_texts(draft: InstrumentVersion, indicator: int,
                        texts: list[tuple[str, ...]], note: str | None = None) -> None:
    """Replace one indicator's statements in a draft: 1 to 3, each in Swedish and English,
    and optionally (third and fourth) the same about the participant, for the handledare's
    own rating; without them the handledare sees the first-person wording."""
    if draft.is_published:
        raise Refused(_("En publicerad version kan inte ändras."))
    if indicator not in INDICATOR_NUMBERS:
        raise Refused(_("Okänd indikator."))
    cleaned = [tuple(part.strip() for part in text) for text in texts
               if text[0].strip() or text[1].strip()]
    if not 1 <= len(cleaned) <= MAX_STATEMENTS:
        raise Refused(_("Varje indikator ska ha ett till tre påståenden."), "statements")
    if any(not text[0] or not text[1] for text in cleaned):
        raise Refused(_("Varje påstående behöver text på både svenska och engelska."),
                      "statements")
    for statement in draft.statements_for(indicator):
        draft.statements.remove(statement)
    db.session.flush()
    for position, text in enumerate(cleaned, start=1):
        about = (*text[2:4], "", "")[:2]
        draft.statements.append(Statement(indicator=indicator, position=position,
                                          text_sv=text[0], text_en=text[1],
                                          text_sv_handledare=about[0] or None,
                                          text_en_handledare=about[1] or None))
    if note is not None:
        draft.note = note.strip()[:500]
    db.session.flush()


def publish_version(draft: InstrumentVersion) -> None:
    """New ratings use it from now on; ratings already started keep their own version."""
    if draft.is_published:
        raise Refused(_("Versionen är redan publicerad."))
    if any(not draft.statements_for(n) for n in INDICATOR_NUMBERS):
        raise Refused(_("Alla sju indikatorer behöver minst ett påstående."))
    draft.published_dt = clock.now()
    db.session.flush()
