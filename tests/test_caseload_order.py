"""The caseload's order computed in SQL (workspace.urgency) equals what the schedule's own
rules say (assessments.schedule.next_due and caseload.urgency_flags) for every participant,
on many days around their rating windows: the database pages, Python need not check."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import Column
from sqlalchemy.sql import visitors

from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from smail_app.workspace import caseload
from smail_app.workspace.urgency import _EPOCH
from tests.factories import add_activity, add_rating


def test_sql_order_matches_the_schedule_rules(app, clock, make_insats,
                                              make_certified_handledare, make_participant):
    rng = random.Random(7)
    clock.set(date(2027, 6, 1))
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    first_start = date(2026, 6, 1)
    for n in range(40):
        start = first_start + timedelta(days=rng.randrange(0, 420))
        left = rng.random() < 0.15
        person = make_participant(insats, code=f"P-{n:02}", start_date=start,
                                  handledare=handledare,
                                  exit_date=start + timedelta(days=200) if left else None,
                                  exit_reason="studier" if left else None)
        day = start
        while rng.random() < 0.7 and day < date(2027, 9, 1):  # ratings near each occasion
            add_rating(app, person, day, 3)
            day += timedelta(days=91 + rng.randrange(-16, 17))
        if rng.random() < 0.5 and not left:
            add_activity(app, person, handledare)

    with app.app_context():
        user = db.session.get(User, handledare.id)
        everyone = caseload.CaseloadFilter(status=caseload.Status.ALL)
        ordered = caseload._ordered(caseload._Shape.of(everyone))  # the caseload's own
        seen = set()
        for today in [date(2026, 5, 15) + timedelta(days=d) for d in range(0, 560, 9)]:
            sql_rows = db.session.execute(ordered, caseload._parameters(user, everyone, today)
                                          | {"page_size": 1000, "page_offset": 0}).all()
            python_rows = {row.participant.id: row
                           for row in caseload._rows_for([r.id for r in sql_rows], today)}
            for sql in sql_rows:
                expected = python_rows[sql.id]
                seen.add(expected.urgency)
                assert sql.urgency == expected.urgency, (today, expected.participant.code)
                if expected.due is not None:
                    assert _EPOCH + timedelta(days=int(sql.due_day)) == expected.due.due_date, \
                        (today, expected.participant.code)
            python_order = sorted(python_rows.values(), key=lambda row: (
                row.urgency, row.due.due_date if row.due else date.max,
                row.participant.insats.name, row.participant.code))
            assert [r.id for r in sql_rows] == [row.participant.id for row in python_order]
        assert seen == set(caseload.Urgency)  # every kind of urgency was compared


def test_the_order_reads_only_columns_of_the_caseload_index(app):
    """Every participants column the order reads is in ix_participants_caseload, so the
    database can answer it from the index without reading any participant's row: a column
    added to the order but not to the index would make it read every visible row again."""
    index = next(i for i in Participant.__table__.indexes if i.name == "ix_participants_caseload")
    with app.app_context():
        for status in caseload.Status:
            statement = caseload._ordered(caseload._Shape.of(
                caseload.CaseloadFilter(status=status)))
            read = {element.name for element in visitors.iterate(statement)
                    if isinstance(element, Column) and element.table is Participant.__table__}
            assert {"insats_id", "start_date", "last_self_rated_on", "code"} <= read
            assert read <= {column.name for column in index.columns}, status


# SQLite only: PostgreSQL's planner chooses by the table's statistics and visibility map,
# so its plan is not fixed in a test database; the test above covers the index's columns.
@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_reads_the_order_from_the_caseload_index_alone(
        app, make_insats, make_certified_handledare, make_participant):
    """SQLite's plan, which follows from the schema alone: participants are read once,
    through the covering index."""
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    make_participant(insats, handledare=handledare)
    with app.app_context():
        user = db.session.get(User, handledare.id)
        connection = db.session.connection()
        for status in (caseload.Status.ACTIVE, caseload.Status.ALL):
            chosen = caseload.CaseloadFilter(status=status)
            compiled = caseload._ordered(caseload._Shape.of(chosen)).compile(db.engine)
            values = compiled.construct_params(caseload._parameters(user, chosen, date.today())
                                               | {"page_size": 50, "page_offset": 0})
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + compiled.string,
                tuple(values[name] for name in compiled.positiontup)).all()
            steps = [row[3] for row in plan if "participants" in row[3]]
            assert len(steps) == 1 and steps[0].startswith(
                "SEARCH participants USING COVERING INDEX ix_participants_caseload "), plan
