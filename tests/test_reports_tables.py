"""Report arithmetic against hand-computed fixtures: a first quarter with a period boundary,
an exit and re-entry, a felregistrering, an anonymous participant, one gender with 3 people;
suppression; the number of SQL statements does not grow with the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from smail_app.extensions import db
from smail_app.participants.models import ExitReason
from smail_app.plans.models import ActionPlan
from smail_app.reports import tables
from smail_app.reports.period import PeriodKind, period
from smail_app.reports.population import Scope
from tests.factories import make_participant

Q1 = period(PeriodKind.QUARTER, 2027, 1, date(2027, 6, 1))
WORK_UNSUB, WORK_SUB = ExitReason.WORK_UNSUBSIDISED, ExitReason.WORK_SUBSIDISED


def _person(app, insats, code, gender, start, exit_date=None, reason=None, **kw):
    return make_participant(app, insats, code=code, gender=gender, start_date=start,
                            exit_date=exit_date, exit_reason=reason, **kw)


def _plan(app, participant, created_on):
    with app.app_context():
        db.session.add(ActionPlan(participant_id=participant.id, created_on=created_on))
        db.session.commit()


@pytest.fixture
def quarter(app, make_insats):
    """Hand-counted for 2027 Q1 (1 January - 31 March); see the expectations below."""
    insats = make_insats()
    d = date
    _person(app, insats, "W1", "kvinna", d(2026, 11, 1), d(2027, 2, 10), WORK_UNSUB,
            exit_work_percent=100, birth_year=1990)
    _person(app, insats, "W2", "kvinna", d(2027, 1, 15), d(2027, 3, 31), ExitReason.STUDIES)
    w3 = _person(app, insats, "W3", "kvinna", d(2027, 2, 1), education="gymnasium")
    _person(app, insats, "W4", "kvinna", d(2027, 3, 31))  # starts on the last day: counted
    _person(app, insats, "W5", "kvinna", d(2027, 4, 1))  # the day after: not counted
    _person(app, insats, "W6", "kvinna", d(2026, 10, 1), d(2026, 12, 31), ExitReason.JOB_SEEKING)
    _person(app, insats, "W7", "kvinna", d(2027, 1, 10), d(2027, 1, 20), ExitReason.MISREGISTERED)
    # exit and re-entry: two enrolments, both in the quarter
    _person(app, insats, "W8a", "kvinna", d(2026, 12, 1), d(2027, 1, 31), ExitReason.HEALTH)
    _person(app, insats, "W8b", "kvinna", d(2027, 3, 1))
    _person(app, insats, "M1", "man", d(2027, 1, 5), d(2027, 2, 28), WORK_SUB,
            exit_work_percent=50)
    m2 = _person(app, insats, "M2", "man", d(2027, 2, 1), education="gymnasium")
    _person(app, insats, "M3", "man", d(2027, 3, 1))
    _person(app, insats, "A1", "man", d(2027, 2, 1), is_anonymous=True)
    _person(app, insats, "O1", "annat", d(2025, 1, 1))
    _plan(app, w3, d(2027, 2, 10))  # 9 days after start: within 4 weeks
    _plan(app, m2, d(2027, 3, 15))  # 42 days: not within 4 weeks
    return insats


def _values(table):
    return {row.key: [cell.shown for cell in row.cells] for row in table.rows}


def test_overview_by_hand(app, quarter):
    with app.app_context():
        table = tables.overview(Scope(Q1, (quarter.id,), suppressed=False))
    values = _values(table)
    assert values["life"] == [7, 3, 1, 11]  # W5 starts after, W7 was a mistake
    assert values["period"] == [6, 3, 1, 10]  # W6 left before
    assert values["exited_life"] == [4, 1, 0, 5]
    assert values["exited_period"] == [3, 1, 0, 4]  # W2's exit on 31 March counts
    assert values["work"] == [1, 1, 0, 2]
    assert values["studies"] == [1, 0, 0, 1]
    assert values["job_seeking"] == [0, 0, 0, 0]
    assert values["work_or_studies"] == [2, 1, 0, 3]
    assert values["work_or_studies_share"] == [66.7, 100.0, None, 75.0]
    assert values["plan"] == [1, 1, 0, 2]
    assert values["plan_share"] == [16.7, 33.3, 0.0, 20.0]
    assert values["plan_in_time"] == [1, 0, 0, 1]
    assert values["ongoing"] == [3, 2, 1, 6]  # W2 left on the last day
    assert table.anonymous == 1


def test_overview_suppressed(app, quarter):
    with app.app_context():
        table = tables.overview(Scope(Q1, (quarter.id,), suppressed=True, min_size=5))
    values = _values(table)
    # 3 men and 1 other: hidden; the women and the total stay, two hidden cells together.
    assert values["period"] == [6, None, None, 10]
    assert values["exited_period"] == [None, None, 0, None]
    assert values["work_or_studies_share"] == [None, None, None, None]
    assert values["ongoing"] == [None, None, None, 6]
    assert table.anonymous_suppressed


def test_exit_reasons_by_hand(app, quarter):
    with app.app_context():
        reasons, part_time = tables.exit_reasons(Scope(Q1, (quarter.id,), suppressed=False))
    values = _values(reasons)
    assert values[str(WORK_SUB)][:4] == [0, 1, 0, 1]
    assert values[str(WORK_UNSUB)][:4] == [1, 0, 0, 1]
    assert values["studier"][:4] == [1, 0, 0, 1]
    assert values["work_or_studies"][:4] == [2, 1, 0, 3]
    assert values["other"][:4] == [1, 0, 0, 1]  # W8a's health; W7's mistake is not here
    assert values["__total"] == [3, 1, 0, 4, 100.0]
    assert values["work_or_studies"][4] == 75.0
    assert _values(part_time)["100"][:4] == [1, 0, 0, 1]
    assert _values(part_time)["50"][:4] == [0, 1, 0, 1]


def test_target_group_by_hand(app, quarter):
    with app.app_context():
        age, support, education, months = tables.target_group(
            Scope(Q1, (quarter.id,), suppressed=False))
    assert _values(age)["35"][:4] == [1, 0, 0, 1]  # born 1990: 37 at the end of 2027 Q1
    assert _values(age)["okand"][:4] == [5, 3, 1, 9]
    assert _values(education)["gymnasium"] == [1, 1, 0, 2, 20.0]
    assert _values(education)["None"][:4] == [5, 2, 1, 8]
    assert _values(months)["0"][:4] == [6, 3, 0, 9]
    assert _values(months)["5"][:4] == [0, 0, 1, 1]  # O1: 26 months since January 2025
    assert _values(support)["__total"][:4] == [6, 3, 1, 10]
    assert age.anonymous == 1


def test_next_quarter_boundary(app, quarter):
    q2 = period(PeriodKind.QUARTER, 2027, 2, date(2027, 6, 1))
    with app.app_context():
        values = _values(tables.overview(Scope(q2, (quarter.id,), suppressed=False)))
    assert values["period"] == [4, 2, 1, 7]  # W3 W4 W5 W8b, M2 M3, O1
    assert values["exited_period"] == [0, 0, 0, 0]


def test_other_insats_and_kommun_filter(app, quarter, make_insats):
    other = make_insats()
    _person(app, other, "X1", "kvinna", date(2027, 2, 1))
    with app.app_context():
        mine = _values(tables.overview(Scope(Q1, (quarter.id,), suppressed=False)))
        county = _values(tables.overview(Scope(Q1, None, suppressed=False)))
        nobody = _values(tables.overview(Scope(Q1, (), suppressed=False)))
    assert mine["period"][3] == 10 and county["period"][3] == 11 and nobody["period"][3] == 0


def _statements(app, scope):
    seen: list[str] = []
    with app.app_context():
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            tables.all_tables(scope)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_statements_do_not_grow_with_the_data(app, quarter):
    scope = Scope(Q1, None, suppressed=True)
    small = _statements(app, scope)
    with app.app_context():
        from smail_app.participants.models import Participant

        for n in range(300):
            db.session.add(Participant(
                insats_id=quarter.id, code=f"BULK-{n}", gender=("kvinna", "man", "annat")[n % 3],
                start_date=date(2026, 1 + n % 12, 1 + n % 28), birth_year=1960 + n % 45,
                exit_date=date(2027, 1 + n % 3, 5) if n % 4 == 0 else None,
                exit_reason=ExitReason.STUDIES if n % 4 == 0 else None,
                created_dt=datetime.now(UTC)))
        db.session.commit()
    assert _statements(app, scope) == small


def test_tables_counting_the_same_people_hide_the_same_cells(app, quarter):
    """Table 1's "to work" row is table 2's work sum: a cell hidden in one must not show in
    the other, and after that every sum still hides two cells or none."""
    with app.app_context():
        found = {t.key: t for t in tables.all_tables(Scope(Q1, (quarter.id,), min_size=5))}
    for table_a, row_a, table_b, row_b in tables.SAME_PEOPLE:
        left = next(r for r in found[table_a].rows if r.key == row_a)
        right = next(r for r in found[table_b].rows if r.key == row_b)
        assert [c.suppressed for c in left.cells[:4]] == [c.suppressed for c in right.cells[:4]]
    for table in found.values():
        for parts, total in table.grid.sums:
            assert sum(table.grid.cells[r][c].suppressed for r, c in [*parts, total]) != 1
    assert found["oversikt"].summary == "För få avslutade under perioden för att visa."
