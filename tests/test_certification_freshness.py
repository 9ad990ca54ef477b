"""The ESF dashboard is kept until the certification data changes (certification/freshness.py
on core/kept.py): every change it can show is shown at once, writes it cannot show keep it,
and a change made through one instance of the app reaches another."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import event

from smail_app import create_app
from smail_app.auth import services as auth_services
from smail_app.auth.models import Role, User
from smail_app.certification import attendees, certificates, reports, settings, standing
from smail_app.certification.freshness import CERTIFICATION
from smail_app.certification.models import CourseKind
from smail_app.core import kept
from smail_app.extensions import db
from smail_app.organisations.models import Organisation
from tests.conftest import login
from tests.factories import make_participant
from tests.test_certification_rules import _attend, _certified_utbildare, _course, _load

MARCH = date(2027, 3, 1)


@pytest.fixture
def people(app, make_staff, make_admin):
    """The förbund's admin and trainer, and a kommun utbildare-to-be."""
    return {"admin": make_admin(name="Admin Förbundet"),
            "forbund": make_staff(Role.UTBILDARE, name="Förbundets utbildare"),
            "utbildare": make_staff(Role.UTBILDARE, name="Åsa Utbildare")}


def _dashboard(app):
    with app.test_request_context():
        return reports.current_esf_dashboard()


def _generation(app) -> int:
    with app.app_context():
        return kept.current_generation(CERTIFICATION)


def _certified(app, people, clock) -> User:
    with app.app_context():
        utbildare = _certified_utbildare(people, date(2027, 1, 15), clock)
        db.session.commit()
        user_id = utbildare.id
    clock.set(MARCH)
    return user_id


def test_the_dashboard_is_kept_until_the_data_changes(app, clock, people):
    utbildare_id = _certified(app, people, clock)
    first = _dashboard(app)
    assert first.targets[0].certified == 1
    statements: list[str] = []
    with app.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert _dashboard(app) is first  # kept: the same object
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and "report_generation" in statements[0]  # the counter only

    with app.app_context():  # a certificate revoked is shown at once
        utbildare = db.session.get(User, utbildare_id)
        admin = _load(people["admin"])
        certificates.revoke_certificate(standing.certificates_of(utbildare)[0], admin, "Slutat")
        db.session.commit()
    assert _dashboard(app).targets[0].certified == 0


def test_every_kind_of_change_it_shows_renews_it(app, clock, people):
    utbildare_id = _certified(app, people, clock)
    before = _generation(app)
    with app.app_context():  # attendance in the horizontal course
        utbildare, forbund = db.session.get(User, utbildare_id), _load(people["forbund"])
        horizontal = _course(CourseKind.HORISONTELLA, forbund, forbund, assignment=0)
        _attend(horizontal, attendees.enrol(horizontal, utbildare, forbund), forbund)
        db.session.commit()
    assert _dashboard(app).utbildare_with_horizontal.part == 1
    after_course = _generation(app)
    assert after_course > before

    with app.app_context():  # the förbund's targets
        settings.update_settings({"target_utbildare": 20}, _load(people["admin"]))
        db.session.commit()
    assert _dashboard(app).targets[0].target == 20
    after_settings = _generation(app)
    assert after_settings > after_course

    with app.app_context():  # the holder's gender, which the dashboard groups by
        db.session.get(User, utbildare_id).gender = "man"
        db.session.commit()
    assert {r.group: r.utbildare for r in _dashboard(app).by_gender}["Man"] == 1
    after_gender = _generation(app)
    assert after_gender > after_settings

    with app.app_context():  # an organisation's name, which it groups by too
        organisation = Organisation(name="Tierps kommun", kind="kommun", created_dt=clock.now())
        db.session.add(organisation)
        db.session.flush()
        db.session.get(User, utbildare_id).organisation_id = organisation.id
        db.session.commit()
        organisation.name = "Tierp kommun"
        db.session.commit()
    assert "Tierp kommun" in {r.group for r in _dashboard(app).by_organisation}
    assert _generation(app) > after_gender


def test_writes_it_does_not_show_keep_it(app, clock, people, make_insats):
    utbildare_id = _certified(app, people, clock)
    insats = make_insats()  # its kommun is an organisation: counted
    first = _dashboard(app)
    before = _generation(app)
    with app.app_context():
        user = db.session.get(User, utbildare_id)
        auth_services.end_all_sessions(user)  # a bulk UPDATE of the users table
        user.display_name = "Åsa Nytt Namn"  # a name the dashboard never shows
        db.session.commit()
    make_participant(app, insats)  # the county report's data, not this
    assert _generation(app) == before
    assert _dashboard(app) is first


def test_a_change_through_another_instance_reaches_this_one(app, app_config, clock, people):
    utbildare_id = _certified(app, people, clock)
    other = create_app(app_config)
    other.config["SMAIL_FROZEN_NOW"] = clock.now()  # the same day in both
    try:
        assert _dashboard(app).targets[0].certified == 1
        assert _dashboard(other).targets[0].certified == 1
        with other.app_context():
            utbildare = db.session.get(User, utbildare_id)
            certificates.revoke_certificate(standing.certificates_of(utbildare)[0],
                                            db.session.get(User, people["admin"].id), "Slutat")
            db.session.commit()
        assert _dashboard(app).targets[0].certified == 0
    finally:
        with other.app_context():
            db.engine.dispose()


def test_each_language_and_day_has_its_own(app, clock, people):
    _certified(app, people, clock)
    with app.test_request_context():
        swedish = reports.current_esf_dashboard()
        with force_locale("en"):
            english = reports.current_esf_dashboard()
    assert swedish.targets[0].label == "Certifierade utbildare"
    assert english.targets[0].label != swedish.targets[0].label
    clock.set(date(2027, 3, 2))
    assert _dashboard(app).on == date(2027, 3, 2)


def test_the_page_shows_a_change_at_once(app, client, clock, people):
    utbildare_id = _certified(app, people, clock)
    login(client, people["admin"])
    first = client.get("/certification/esf").get_data(as_text=True)
    with app.app_context():
        utbildare = db.session.get(User, utbildare_id)
        certificates.revoke_certificate(standing.certificates_of(utbildare)[0],
                                        db.session.get(User, people["admin"].id), "Slutat")
        db.session.commit()
    second = client.get("/certification/esf").get_data(as_text=True)
    assert first != second
    assert client.get("/certification/esf.csv").status_code == 200
