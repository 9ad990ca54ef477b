"""The published instrument's wording is read once per app and kept (``assessments.wording``):
the kept copy must read exactly like the stored statements in every language, a draft
version must never be kept, and the step form built from it must follow the wording."""

from __future__ import annotations

from sqlalchemy import event

from smail_app.assessments import instrument, services, wording
from smail_app.assessments.forms import step_form
from smail_app.assessments.models import StatementTranslation
from smail_app.auth.models import User
from smail_app.extensions import db


def _all_statements(app, action) -> list[str]:
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def _statements_read(app, action) -> list[str]:
    return [s for s in _all_statements(app, action)
            if "FROM statements" in s or "FROM statement_translations" in s]


def test_the_kept_wording_reads_like_the_stored_statements(app, ctx):
    version = services.current_version()
    kept = wording.of_version(version.id)
    assert isinstance(kept, wording.VersionWording)
    stored = version.statements
    assert [s.id for s in kept.statements] == [s.id for s in stored]
    for locale in ("sv", "en", "ar", "xx"):
        for about in (False, True):
            assert [s.text(locale, about_participant=about) for s in kept.statements] == \
                [s.text(locale, about_participant=about) for s in stored], (locale, about)
    for indicator in range(1, 8):
        assert [s.id for s in kept.statements_for(indicator)] == \
            [s.id for s in version.statements_for(indicator)]
    # the Arabic wording really comes from the translations, not from the Swedish fallback
    arabic = db.session.scalar(db.select(StatementTranslation)
                               .where(StatementTranslation.locale == "ar").limit(1))
    assert arabic is not None
    kept_statement = next(s for s in kept.statements if s.id == arabic.statement_id)
    assert kept_statement.text("ar") == arabic.text != kept_statement.text("sv")


def test_a_published_version_is_read_from_the_database_once(app, ctx):
    version_id = services.current_version().id
    db.session.expunge_all()
    assert _statements_read(app, lambda: wording.of_version(version_id))  # first time: read
    db.session.expunge_all()
    assert _statements_read(app, lambda: wording.of_version(version_id)) == []  # then kept


def test_a_draft_version_is_never_kept(app, ctx, clock, make_admin):
    draft = instrument.start_new_version(db.session.get(User, make_admin().id))
    assert wording.of_version(draft.id) is draft
    # asked for again in the same request: the same object, no statement at all
    assert _all_statements(app, lambda: wording.of_version(draft.id)) == []
    instrument.set_statement_texts(draft, 1, [("Ny mening", "New sentence")])
    assert [s.text("sv") for s in wording.of_version(draft.id).statements_for(1)] == \
        ["Ny mening"]  # the draft's edits are seen at once
    assert draft.id not in app.extensions.get("smail_published_wording", {})


def test_the_step_form_follows_the_wording_and_language(app, ctx):
    with app.test_request_context():
        kept = wording.of_version(services.current_version().id)
        statements = kept.statements_for(2)
        swedish = step_form(statements, "sv")
        arabic = step_form(statements, "ar")
        about = step_form(statements, "sv", about_participant=True)
        again = step_form(statements, "sv")
        assert [f.label.text for _, f in swedish.statement_fields()] == \
            [s.text("sv") for s in statements]
        assert [f.label.text for _, f in arabic.statement_fields()] == \
            [s.text("ar") for s in statements]
        assert [f.label.text for _, f in about.statement_fields()] == \
            [s.text("sv", about_participant=True) for s in statements]
        assert type(again) is type(swedish)  # the class is built once per wording
        assert type(arabic) is not type(swedish)
        # each form has its own values even though the class is shared
        filled = step_form(statements, "sv", data={f"s{statements[0].id}": "4"})
        assert filled.answered_values() == {statements[0].id: 4}
        assert swedish.answered_values() == {}
