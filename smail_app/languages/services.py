"""Which language versions are drafts awaiting a qualified translator's review, and the
admin's mark that one was reviewed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from smail_app import clock
from smail_app.assessments.models import Statement, StatementTranslation
from smail_app.assessments.services import current_version
from smail_app.auth.models import User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import LANGUAGES, Language
from smail_app.i18n import gettext as _
from smail_app.languages.models import LanguageReview


@dataclass(frozen=True)
class LanguageVersion:
    language: Language
    digest: str
    review: LanguageReview | None  # the review of exactly this version, if any

    @property
    def is_draft(self) -> bool:
        return self.review is None


def reviewable_languages() -> list[Language]:
    """Languages whose translation someone outside the project wrote: all but Swedish (the
    original) and English (the project's own second language)."""
    return [language for language in LANGUAGES.values() if language.participant_pages_only]


def language_version(code: str) -> LanguageVersion:
    digest = _version_digest(code)
    review = db.session.scalar(select(LanguageReview).where(
        LanguageReview.locale == code, LanguageReview.digest == digest)
        .order_by(LanguageReview.reviewed_dt.desc()).limit(1))
    return LanguageVersion(LANGUAGES[code], digest, review)


def mark_reviewed(code: str, reviewer: User) -> LanguageReview:
    if code not in {language.code for language in reviewable_languages()}:
        raise Refused(_("Det språket granskas inte här."))
    review = LanguageReview(locale=code, digest=_version_digest(code),
                            reviewed_dt=clock.now(), reviewed_by=reviewer)
    db.session.add(review)
    db.session.flush()
    return review


def _version_digest(code: str) -> str:
    """The catalogue as compiled and the published statements' wording in ``code``."""
    digest = hashlib.sha256(_catalogue_digest(code).encode())
    version = current_version()
    rows = db.session.execute(
        select(Statement.indicator, Statement.position, StatementTranslation.text)
        .join(StatementTranslation.statement)
        .where(Statement.version_id == version.id, StatementTranslation.locale == code)
        .order_by(Statement.indicator, Statement.position)).all()
    for indicator, position, text in rows:
        digest.update(f"{indicator}.{position}:{text}\n".encode())
    return digest.hexdigest()


def _catalogue_digest(code: str) -> str:
    return _file_digest(Path(current_app.root_path) / "translations" / code / "LC_MESSAGES"
                        / "messages.mo")


@cache
def _file_digest(path: Path) -> str:
    """Per process: the catalogue changes only with a new release."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
