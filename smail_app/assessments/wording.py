"""A published instrument version's wording, read once per process.

Every step of a rating shows and checks the statements of the rating's version. A published
version's wording never changes: ``instrument.set_statement_texts`` refuses to edit one, and
only a migration, run before the app starts, adds translations to it. So the statements and
their translations are loaded once per app and kept as plain frozen values, instead of being
loaded as ORM objects again on every request. A draft version is loaded each time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

from flask import current_app

from smail_app.assessments.models import InstrumentVersion, StatementWording
from smail_app.extensions import db

_EXTENSION_KEY = "smail_published_wording"
_filling = Lock()


@dataclass(frozen=True)
class TranslationWording:
    locale: str
    text: str
    text_handledare: str | None


@dataclass(frozen=True)
class PublishedStatement(StatementWording):
    id: int
    indicator: int
    position: int
    text_sv: str
    text_en: str
    text_sv_handledare: str | None
    text_en_handledare: str | None
    translations: tuple[TranslationWording, ...]


@dataclass(frozen=True)
class VersionWording:
    """The statements of one published version, in order (indicator, position)."""

    version_id: int
    statements: tuple[PublishedStatement, ...]
    _by_indicator: dict[int, list[PublishedStatement]] = field(repr=False, compare=False,
                                                               default_factory=dict)

    def __post_init__(self) -> None:
        for statement in self.statements:
            self._by_indicator.setdefault(statement.indicator, []).append(statement)

    def statements_for(self, indicator: int) -> list[PublishedStatement]:
        return list(self._by_indicator.get(indicator, ()))


def _of(version: InstrumentVersion) -> VersionWording:
    return VersionWording(version.id, tuple(
        PublishedStatement(
            id=s.id, indicator=s.indicator, position=s.position, text_sv=s.text_sv,
            text_en=s.text_en, text_sv_handledare=s.text_sv_handledare,
            text_en_handledare=s.text_en_handledare,
            translations=tuple(TranslationWording(t.locale, t.text, t.text_handledare)
                               for t in s.translations))
        for s in version.statements))


def of_version(version_id: int) -> VersionWording | InstrumentVersion:
    """The wording of a version: kept, if it is published; the draft itself otherwise."""
    kept: dict[int, VersionWording] = current_app.extensions.setdefault(_EXTENSION_KEY, {})
    found = kept.get(version_id)
    if found is not None:
        return found
    # from the session's identity map when this request has it already (a draft is asked
    # for several times on one page)
    version = db.session.get(InstrumentVersion, version_id)
    if version is None:
        raise LookupError(f"instrument version {version_id} does not exist")
    if not version.is_published:
        return version
    wording = _of(version)
    with _filling:
        return kept.setdefault(version_id, wording)
