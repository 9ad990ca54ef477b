"""The benchmark's generator writes what the app itself would (so `make bench` cannot rot
unseen while the schema moves): a small database passes the access log's chain check, and
every measured page answers 200 to the user the benchmark signs in as."""

from __future__ import annotations

from sqlalchemy import func, select

from bench import datagen
from bench.measure import InProcessSession, request_page, signed_in
from bench.pages import pages_for
from smail_app.assessments.models import Rating
from smail_app.audit import chain
from smail_app.extensions import db


def test_a_small_generated_database_is_consistent_and_every_page_answers(app):
    generated = datagen.generate(app, 12, log=lambda *_: None)
    assert generated.participants == 12 and len(generated.participant_users) == 4
    with app.app_context():
        assert list(chain.problems(db.session)) == []
        assert db.session.scalar(select(func.count(Rating.id))) == generated.ratings > 0
    app.config["WTF_CSRF_ENABLED"] = True  # the benchmark signs in through the real forms
    for page in pages_for(app):
        session = signed_in(InProcessSession(app), generated, page.role, 0)
        response, _fields = request_page(session, page, generated, 0)
        assert response.status == 200, (page.key, response.status)


def test_the_small_teams_hold_20_80_150_and_300_participants():
    """The realistic caseloads the benchmark measures beside the county-wide ones."""
    teams = [datagen._SmallTeam(insats_id=n, prefix="X", size=size, handledare_id=n,
                                handledare_login="x")
             for n, (*_, size) in enumerate(datagen.SMALL_INSATSER)]
    context = datagen._Context.__new__(datagen._Context)
    context.small_teams = teams
    sizes: dict[int, int] = {}
    for index in range(20_000):
        team = datagen._small_team_of(context, index)
        if team is not None:
            sizes[team.insats_id] = sizes.get(team.insats_id, 0) + 1
    assert list(sizes.values()) == [20, 80, 150, 300]
    assert datagen._small_team_of(context, 0) is None  # the benchmark's own participants
