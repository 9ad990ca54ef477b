"""The handledare's own rating asks each statement about the participant, in the third
person (issue 10, point 12); the instrument holds both wordings in every language."""

from __future__ import annotations

from smail_app.assessments import instrument, services
from smail_app.assessments.indicators import DEFAULT_HANDLEDARE_WORDING, DEFAULT_STATEMENTS
from smail_app.auth.models import User
from smail_app.extensions import db
from tests.conftest import login
from tests.test_rating_views import _statement_ids


def test_every_default_statement_has_both_wordings_in_every_language(app, ctx):
    assert set(DEFAULT_HANDLEDARE_WORDING) == {sv for _n, sv, _en in DEFAULT_STATEMENTS}
    for statement in services.current_version().statements:
        for locale in ("sv", "en", "ar"):
            mine = statement.text(locale)
            theirs = statement.text(locale, about_participant=True)
            assert theirs and theirs != mine, (statement.text_sv, locale)
        assert statement.text("sv", about_participant=True).startswith("Deltagare")


def test_the_handledares_rating_asks_about_the_participant(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare)
    login(client, handledare)
    step = client.post(f"/participants/{participant.public_id}/parallel").headers["Location"]
    page = client.get(step).get_data(as_text=True)
    assert "Deltagaren tror att hen kan få ett jobb." in page
    assert "Jag tror att jag kan få ett jobb." not in page
    for _step in range(7):
        names = _statement_ids(client.get(step).get_data(as_text=True))
        step = client.post(step, data={name: "3" for name in names}).headers["Location"]
    client.post(step, data={"belief": "3"})
    check = client.get(step.replace("/belief", "/check")).get_data(as_text=True)
    assert "Deltagaren kontaktar arbetsgivare eller skolor." in check
    # rating together, the participant answers in the first person as always
    client.post(step.replace("/belief", "/submit"))
    together = client.post(f"/participants/{participant.public_id}/together",
                           data={"outside_schedule": "ja"}).headers["Location"]
    assert "Jag tror att jag kan få ett jobb." in client.get(together).get_data(as_text=True)


def test_a_new_version_keeps_and_edits_both_wordings(app, ctx, make_admin):
    admin = db.session.get(User, make_admin().id)
    draft = instrument.start_new_version(admin)
    copied = draft.statements_for(1)[0]
    assert copied.text_sv_handledare == "Deltagaren tror att hen kan få ett jobb."
    instrument.set_statement_texts(draft, 1, [
        ("Jag tror på mig själv.", "I believe in myself.", "Deltagaren tror på sig själv.",
         "The participant believes in themselves."),
        ("Jag har ett mål.", "I have a goal.", "", "")])
    first, second = draft.statements_for(1)
    assert first.text("en", about_participant=True) == "The participant believes in themselves."
    assert second.text_sv_handledare is None
    assert second.text("sv", about_participant=True) == "Jag har ett mål."  # the first person
