"""The caseload's order computed in SQL (workspace.urgency) equals what the schedule's own
rules say (assessments.schedule.next_due and caseload.urgency_flags) for every participant,
on many days around their rating windows: the database pages, Python need not check."""

from __future__ import annotations

import random
from datetime import date, timedelta

from smail_app.auth.models import User
from smail_app.extensions import db
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
