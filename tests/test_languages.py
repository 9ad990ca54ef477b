"""Languages beyond Swedish and English: right to left, drafts until an admin marks a
reviewed version, staff kept on complete languages, and an interpreter's language for one
rating."""

from __future__ import annotations

from sqlalchemy import select

from smail_app.assessments.models import Statement, StatementTranslation
from smail_app.assessments.services import current_version
from smail_app.extensions import db
from smail_app.languages import services as language_services
from smail_app.languages.models import LanguageReview
from tests.factories import participant_user

DRAFT_LINE = "هذه الترجمة مسودة"


def test_arabic_pages_are_right_to_left_and_say_they_are_a_draft(client):
    client.post("/language", data={"language": "ar", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "سجّل الدخول" in page and DRAFT_LINE in page


def test_the_default_statements_are_in_arabic(app, client, clock, make_participant, login_as):
    with app.app_context():
        version = current_version()
        assert all(statement.text("ar") != statement.text_sv for statement in version.statements)
    login_as(participant_user(app, make_participant(with_account=True)))
    client.post("/language", data={"language": "ar", "next": "/me"})
    step = client.get(client.post("/me/rating").headers["Location"]).get_data(as_text=True)
    assert "أعتقد أنني أستطيع الحصول على عمل." in step
    assert "Jag tror att jag kan få ett jobb." not in step


def test_a_reviewed_version_drops_the_draft_line_until_the_wording_changes(
        app, client, make_admin, login_as):
    admin = make_admin()
    login_as(admin)
    page = client.get("/admin/languages").get_data(as_text=True)
    assert "Väntar på granskning" in page
    unconfirmed = client.post("/admin/languages/ar/reviewed", data={})
    assert unconfirmed.status_code == 422
    assert "Kryssa i rutan" in unconfirmed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(LanguageReview)) is None
    done = client.post("/admin/languages/ar/reviewed", data={"confirmed": "y"})
    assert done.status_code == 302
    with app.app_context():
        assert not language_services.language_version("ar").is_draft
        translation = db.session.scalar(select(StatementTranslation).join(Statement)
                                        .where(Statement.indicator == 1))
        translation.text = "نص جديد"
        db.session.commit()
        assert language_services.language_version("ar").is_draft


def test_only_languages_beyond_the_complete_ones_are_reviewed(client, make_admin, login_as):
    login_as(make_admin())
    for code in ("sv", "en", "xx"):
        response = client.post(f"/admin/languages/{code}/reviewed", data={"confirmed": "y"})
        assert response.status_code == 404


def test_the_language_page_is_the_admins(client, make_staff, login_as):
    login_as(make_staff("handledare"))
    assert client.get("/admin/languages").status_code in (403, 404)


def test_staff_stay_on_a_complete_language(app, client, make_staff, login_as):
    """A staff page in Arabic would come out half in Swedish: the switch does not offer it,
    and a forged choice changes nothing."""
    handledare = make_staff("handledare")
    login_as(handledare)
    page = client.get("/participants/").get_data(as_text=True)
    assert 'value="ar"' not in page
    client.post("/language", data={"language": "ar", "next": "/participants/"})
    assert '<html lang="sv" dir="ltr">' in client.get("/participants/").get_data(as_text=True)


def test_an_interpreter_switches_one_rating_not_the_account(app, client, clock,
                                                            make_participant, login_as):
    user = participant_user(app, make_participant(with_account=True))
    login_as(user)
    step_url = client.post("/me/rating").headers["Location"]
    rating_id = step_url.split("/me/rating/")[1].split("/")[0]
    page = client.get(step_url).get_data(as_text=True)
    assert "Byt språk för den här skattningen" in page
    client.post(f"/ratings/{rating_id}/language", data={"language": "ar", "next": step_url})
    assert 'lang="ar" dir="rtl"' in client.get(step_url).get_data(as_text=True)
    # the rest of the app, and the account, keep Swedish
    assert '<html lang="sv"' in client.get("/me/progress").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(type(user), user.id).locale in (None, "sv")
    refused = client.post(f"/ratings/{rating_id}/language",
                          data={"language": "xx", "next": step_url})
    assert refused.status_code == 302
    assert 'lang="ar"' in client.get(step_url).get_data(as_text=True)


def test_the_interpreters_switch_works_on_a_device_locked_to_a_rating(
        app, client, clock, make_insats, make_certified_handledare, make_participant, login_as):
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, handledare=handledare)
    login_as(handledare)
    step_url = client.post(f"/participants/{participant.public_id}/together").headers["Location"]
    rating_id = step_url.split("/together/")[1].split("/")[0]
    switched = client.post(f"/ratings/{rating_id}/language",
                           data={"language": "ar", "next": step_url})
    assert switched.headers["Location"] == step_url
    assert 'lang="ar" dir="rtl"' in client.get(step_url).get_data(as_text=True)
