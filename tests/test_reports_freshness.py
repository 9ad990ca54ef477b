"""Computed reports are kept until the data they count changes (reports/freshness.py): every
change a report can show is shown at once, a draft's autosave keeps what was computed, and
a change made through one instance of the app reaches the reports of another."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import event, update

from smail_app import create_app
from smail_app.assessments import services as assessment_services
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import ExitReason, Participant
from smail_app.reports import freshness
from smail_app.reports.period import PeriodKind, period
from smail_app.reports.services import Filters, county_report
from tests.conftest import login
from tests.factories import add_rating, make_participant

YEAR_2027 = period(PeriodKind.YEAR, 2027, None, date(2027, 6, 1))


def _overview(report) -> dict[str, list]:
    """Table 1's rows by label: K, M, other, total."""
    table = next(t for t in report.tables if t.key == "oversikt")
    return {str(row.label): [cell.shown for cell in row.cells] for row in table.rows}


def _participants_in_2027(app) -> int:
    with app.test_request_context():
        return _overview(county_report(Filters(YEAR_2027)))["Deltagare under perioden"][-1]


def _generation(app) -> int:
    with app.app_context():
        return freshness.current_generation()


@pytest.fixture
def started(app, clock, make_insats):
    clock.set(date(2027, 6, 1))
    insats = make_insats()
    for n in range(6):
        make_participant(app, insats, code=f"K{n}", start_date=date(2027, 2, 1))
    return insats


def test_a_kept_report_is_reused_until_the_data_changes(app, started):
    assert _participants_in_2027(app) == 6
    statements: list[str] = []
    with app.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert _participants_in_2027(app) == 6
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and "report_generation" in statements[0]  # the counter only

    make_participant(app, started, code="K6", start_date=date(2027, 3, 1))
    assert _participants_in_2027(app) == 7
    with app.app_context():  # an exit by mistake drops out of every count
        participant = db.session.scalars(db.select(Participant).filter_by(code="K6")).one()
        participant.exit_date, participant.exit_reason = date(2027, 3, 2), ExitReason.MISREGISTERED
        db.session.commit()
    assert _participants_in_2027(app) == 6
    with app.app_context():  # a bulk UPDATE, as services write some changes
        db.session.execute(update(Participant).where(Participant.code == "K0")
                           .values(start_date=date(2028, 1, 1)))
        db.session.commit()
    assert _participants_in_2027(app) == 5
    with app.app_context():  # and plain SQL
        db.session.execute(db.text("UPDATE participants SET start_date = '2027-02-01'"))
        db.session.commit()
    assert _participants_in_2027(app) == 6  # K0 back; K6 still a mistake


def test_a_draft_keeps_the_report_and_sending_it_renews_it(app, started):
    with app.app_context():
        participant = db.session.scalars(db.select(Participant).filter_by(code="K0")).one()
        rating = assessment_services.start_or_resume(participant)
        db.session.commit()
        before = freshness.current_generation()
        for value in (2, 4):  # two autosaves
            assessment_services.save_answers(
                rating, {s.id: value for s in rating.version.statements})
            db.session.commit()
        assert freshness.current_generation() == before
        assessment_services.submit(rating)
        db.session.commit()
        assert freshness.current_generation() > before


def test_every_kind_of_counted_change_raises_the_counter(app, started, make_admin):
    before = _generation(app)
    with app.app_context():
        participant = db.session.scalars(db.select(Participant).filter_by(code="K1")).one()
    add_rating(app, participant, date(2027, 2, 1), 3)  # a rating sent, with its scores
    after_rating = _generation(app)
    assert after_rating > before
    make_admin()  # a staff account counts for no report
    assert _generation(app) == after_rating
    with app.app_context():
        insats = db.session.get(type(started), started.id)
        insats.insats_type = "Arbetsträning"
        db.session.commit()
    assert _generation(app) > after_rating


def test_a_rolled_back_change_needs_no_new_report(app, started):
    before = _generation(app)
    with app.app_context():
        participant = db.session.scalars(db.select(Participant).filter_by(code="K2")).one()
        participant.gender = "man"
        db.session.flush()
        db.session.rollback()
        db.session.execute(db.select(User.id)).all()
        db.session.commit()
    assert _generation(app) == before


def test_a_change_through_another_instance_reaches_this_one(app, app_config, started):
    """Two processes of the app on one database: the counter is in the database."""
    other = create_app(app_config)
    try:
        assert _participants_in_2027(app) == 6
        assert _participants_in_2027(other) == 6
        make_participant(other, started, code="K9", start_date=date(2027, 4, 1))
        assert _participants_in_2027(app) == 7
    finally:
        with other.app_context():
            db.engine.dispose()


def test_the_page_shows_a_change_at_once(app, client, started, make_admin):
    login(client, make_admin())
    path = "/reports/?kind=ar&year=2027"
    assert "Deltagare under perioden" in client.get(path).get_data(as_text=True)
    first = client.get(path).get_data(as_text=True)
    make_participant(app, started, code="K7", gender="man", start_date=date(2027, 5, 1))
    second = client.get(path).get_data(as_text=True)
    assert first != second


def test_each_language_has_its_own_report(app, started):
    with app.test_request_context():
        swedish = county_report(Filters(YEAR_2027))
        with force_locale("en"):
            english = county_report(Filters(YEAR_2027))
    assert swedish.title == "Länsrapport" and english.title == "County report"


def test_a_savepoint_waits_for_its_transaction(app, started):
    """Counting at a savepoint's commit would both come too early and, on SQLite, wait for
    the very transaction it is inside."""
    before = _generation(app)
    with app.app_context():
        participant = db.session.scalars(db.select(Participant).filter_by(code="K3")).one()
        with db.session.begin_nested():
            participant.gender = "man"
        assert freshness.current_generation() == before
        db.session.commit()
    assert _generation(app) == before + 1


def test_the_filters_offer_a_new_insats_at_once(app, started, make_insats):
    from smail_app.reports.services import county_choices

    with app.test_request_context():
        before = [choice.name for choice in county_choices().insatser]
    make_insats(name="Nystart Tierp")
    with app.test_request_context():
        assert [c.name for c in county_choices().insatser] == sorted([*before, "Nystart Tierp"])


def test_a_kept_team_view_is_never_given_to_the_owner(app, client, started, make_staff,
                                                      make_certified_handledare):
    """The team's own report shows every count; the same insats's report for its owning
    organisation is a different kept report, suppressed."""
    from smail_app.organisations.models import Insats

    for n in range(3):
        make_participant(app, started, code=f"M{n}", gender="man", start_date=date(2027, 2, 1))
    owner = make_staff("utbildare")
    with app.app_context():
        user = db.session.get(User, owner.id)
        user.organisation_id = db.session.get(Insats, started.id).owner_id
        db.session.commit()
    path = f"/reports/insats/{started.public_id}?kind=ar&year=2027"
    login(client, make_certified_handledare(started))
    assert "&lt;5" not in client.get(path).get_data(as_text=True)
    client.post("/logout")
    login(client, owner)
    assert "&lt;5" in client.get(path).get_data(as_text=True)  # the 3 men


def test_a_refused_query_keeps_no_rendering(app, client, started, make_admin):
    """Hostile filters are answered (422, the default report), but their links are not
    kept with the report for everyone else."""
    from smail_app import clock

    login(client, make_admin())
    assert client.get("/reports/?kind=evig&year=<script>").status_code == 422
    with app.test_request_context():
        today = clock.today()
        report = county_report(Filters(period(PeriodKind.HALF_YEAR, today.year, None, today)))
        assert report.rendered == {}
    assert client.get("/reports/").status_code == 200
    with app.test_request_context():
        report = county_report(Filters(period(PeriodKind.HALF_YEAR, today.year, None, today)))
        assert len(report.rendered) == 1


def test_the_counter_is_read_once_per_request_until_a_commit_raises_it(app, started):
    """Two kept results in one request read the counter once; a change committed within the
    request is seen by the next kept result asked for in it."""
    statements: list[str] = []
    with app.test_request_context():
        assert _overview(county_report(Filters(YEAR_2027)))["Deltagare under perioden"][-1] == 6
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            county_report(Filters(YEAR_2027))
            county_report(Filters(YEAR_2027))
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert statements == []  # read at the first report of this request, not again

        participant = db.session.scalars(db.select(Participant).filter_by(code="K0")).one()
        participant.exit_date, participant.exit_reason = date(2027, 2, 2), ExitReason.MISREGISTERED
        db.session.commit()
        assert _overview(county_report(Filters(YEAR_2027)))["Deltagare under perioden"][-1] == 5
