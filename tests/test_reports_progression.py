"""Table 4, SMAIL progression, against a hand-computed first quarter of 2027 (1 January to
31 March, today 1 June): baselines, ratings due and done within their windows, means at the
first and latest rating, improved / unchanged / declined, the handledare's belief, and at
county level exits by the level at the start. Suppression included; the number of SQL
statements does not grow with the data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from smail_app.assessments.models import IndicatorScore, RaterKind, Rating, RatingMode
from smail_app.extensions import db
from smail_app.participants.models import ExitReason, Participant
from smail_app.reports import tables
from smail_app.reports.period import PeriodKind, period
from smail_app.reports.population import Scope
from tests.factories import add_rating, make_participant

Q1 = period(PeriodKind.QUARTER, 2027, 1, date(2027, 6, 1))
HANDLEDARE = RaterKind.HANDLEDARE
d = date


def _others(first: float, rest: float) -> dict[int, float]:
    """Indicator 1 ("Tro på att få ett jobb") and the six others."""
    return {1: first, **dict.fromkeys(range(2, 8), rest)}


@pytest.fixture
def quarter(app, clock, make_insats):
    clock.set(d(2027, 6, 1))
    insats = make_insats()

    def person(code, gender, start, exit_date=None, reason=None, **kw):
        return make_participant(app, insats, code=code, gender=gender, start_date=start,
                                exit_date=exit_date, exit_reason=reason, **kw)

    w1 = person("W1", "kvinna", d(2027, 1, 4))
    add_rating(app, w1, d(2027, 1, 4), 2.0)  # occasion 0
    add_rating(app, w1, d(2027, 3, 20), _others(3.0, 3.0))  # outside every window
    add_rating(app, w1, d(2027, 1, 5), rater=HANDLEDARE, belief=2)
    add_rating(app, w1, d(2027, 3, 25), rater=HANDLEDARE, belief=4)
    w2 = person("W2", "kvinna", d(2026, 10, 1))
    add_rating(app, w2, d(2026, 10, 1), 4.0)
    add_rating(app, w2, d(2027, 1, 2), _others(3.0, 4.0))  # occasion 1 (due 31 December)
    add_rating(app, w2, d(2026, 10, 2), rater=HANDLEDARE, belief=3)
    add_rating(app, w2, d(2027, 1, 3), rater=HANDLEDARE, belief=3)
    person("W3", "kvinna", d(2027, 2, 1))  # baseline due, not done
    m1 = person("M1", "man", d(2027, 1, 11))
    add_rating(app, m1, d(2027, 1, 11), 1.0)
    add_rating(app, m1, d(2027, 3, 1), 1.0)
    add_rating(app, m1, d(2027, 4, 12), 5.0)  # after the period: not counted
    m2 = person("M2", "man", d(2026, 12, 1), d(2027, 2, 15), ExitReason.WORK_UNSUBSIDISED)
    add_rating(app, m2, d(2026, 12, 1), _others(4.0, 3.0))
    add_rating(app, m2, d(2027, 2, 10), _others(5.0, 2.0))
    add_rating(app, m2, d(2026, 12, 2), rater=HANDLEDARE, belief=5)
    m3 = person("M3", "man", d(2026, 6, 1), d(2027, 3, 10), ExitReason.STUDIES)
    add_rating(app, m3, d(2026, 6, 1), _others(1.5, 2.0))
    add_rating(app, m3, d(2026, 6, 2), rater=HANDLEDARE, belief=1)
    o1 = person("O1", "annat", d(2027, 1, 4), d(2027, 3, 31), ExitReason.HEALTH)
    add_rating(app, o1, d(2027, 1, 4), 3.0)
    a1 = person("A1", "man", d(2027, 1, 4), is_anonymous=True)  # counted apart
    add_rating(app, a1, d(2027, 1, 4), 1.0)
    f1 = person("F1", "kvinna", d(2027, 1, 4), d(2027, 1, 5), ExitReason.MISREGISTERED)
    add_rating(app, f1, d(2027, 1, 4), 5.0)
    return insats


def _values(table):
    return {row.key: [cell.shown for cell in row.cells] for row in table.rows}


def _tables(app, insats, *, suppressed=False, county=False):
    scope = Scope(Q1, None if county else (insats.id,), suppressed=suppressed, county=county)
    with app.app_context():
        return {table.key: table for table in tables.all_tables(scope)}


def test_coverage_by_hand(app, quarter):
    table = _tables(app, quarter)["skattningar"]
    values = _values(table)
    assert values["period"] == [3, 3, 1, 7]
    assert values["baseline"] == [2, 3, 1, 6]  # W3 has none; M1's April rating is later
    assert values["baseline_share"] == [66.7, 100.0, 100.0, 85.7]
    assert values["paired"] == [2, 2, 0, 4]
    # W1 occasion 0, W2 occasion 1, W3 occasion 0; M1 occasion 0, M3 occasion 3 (due
    # 1 March, before the exit); M2 left before occasion 1 was due; O1 occasion 0.
    assert values["due"] == [3, 2, 1, 6]
    assert values["done"] == [2, 1, 1, 4]
    assert values["done_share"] == [66.7, 50.0, 100.0, 66.7]
    assert table.anonymous == 1
    assert table.summary == ("85,7 % av deltagarna under perioden har en första skattning. "
                             "66,7 % av skattningarna som skulle göras gjordes inom sitt "
                             "fönster.")


def test_means_and_directions_by_hand(app, quarter):
    found = _tables(app, quarter)
    means, directions = _values(found["medelvarden"]), _values(found["forandring"])
    assert means["n"] == [2, 2, 0, 4]
    # Tro på att få ett jobb: W1 2 -> 3, W2 4 -> 3, M1 1 -> 1, M2 4 -> 5
    assert means["1_first"] == [3.0, 2.5, None, 2.75]
    assert means["1_latest"] == [3.0, 3.0, None, 3.0]
    assert means["1_change"] == [0.0, 0.5, None, 0.25]
    # The others: W1 2 -> 3, W2 4 -> 4, M1 1 -> 1, M2 3 -> 2
    assert means["2_first"] == [3.0, 2.0, None, 2.5]
    assert means["2_latest"] == [3.5, 1.5, None, 2.5]
    assert means["2_change"] == [0.5, -0.5, None, 0.0]
    assert directions["1_improved"] == [50.0, 50.0, None, 50.0]
    assert directions["1_unchanged"] == [0.0, 50.0, None, 25.0]
    assert directions["1_declined"] == [50.0, 0.0, None, 25.0]
    assert directions["7_improved"] == [50.0, 0.0, None, 25.0]
    assert directions["7_declined"] == [0.0, 50.0, None, 25.0]
    assert "1_improved_n" not in directions  # the counts stand behind the shares, unshown
    assert found["medelvarden"].summary.startswith(
        "Störst förändring: Tro på att få ett jobb, från 2,75 till 3,00 i medel")


def test_belief_by_hand(app, quarter):
    values = _values(_tables(app, quarter)["handledarens_tro"])
    assert values["n"] == [2, 0, 0, 2]  # W1 2 -> 4, W2 3 -> 3; M2 and M3 rated once
    assert values["first"] == [2.5, None, None, 2.5]
    assert values["latest"] == [3.5, None, None, 3.5]
    assert values["change"] == [1.0, None, None, 1.0]
    assert values["belief_improved"] == [50.0, None, None, 50.0]
    assert values["belief_unchanged"] == [50.0, None, None, 50.0]


def test_exits_by_level_at_the_start_only_in_the_county(app, quarter):
    assert "avslut_tro_pa_jobb" not in _tables(app, quarter)
    found = _tables(app, quarter, county=True)
    job, belief = _values(found["avslut_tro_pa_jobb"]), _values(found["avslut_handledarens_tro"])
    # M2 to work (job belief 4, handledare 5), M3 to studies (1.5; 1), O1 other (3; none)
    assert job["low"] == [0, 1, 0, 1, 100.0]
    assert job["middle"] == [0, 0, 1, 1, 0.0]
    assert job["high"] == [1, 0, 0, 1, 100.0]
    assert job["none"] == [0, 0, 0, 0, None]
    assert job["__total"] == [1, 1, 1, 3, 66.7]
    assert belief["low"] == [0, 1, 0, 1, 100.0]
    assert belief["high"] == [1, 0, 0, 1, 100.0]
    assert belief["none"] == [0, 0, 1, 1, 0.0]


def test_suppressed_outside_the_team(app, quarter):
    found = _tables(app, quarter, suppressed=True, county=True)
    coverage = _values(found["skattningar"])
    assert coverage["period"] == [None, None, None, 7]
    assert coverage["baseline_share"] == [None, None, None, 85.7]
    assert coverage["done"] == [None, None, None, None]  # 4 ratings in all
    assert coverage["done_share"] == [None] * 4
    means = _values(found["medelvarden"])
    assert means["n"] == [None, None, 0, None]
    assert all(value is None for key, row in means.items() if key != "n" for value in row)
    assert all(value is None for row in _values(found["forandring"]).values()
               for value in row if value != 0)
    assert _values(found["avslut_tro_pa_jobb"])["__total"] == [None] * 5
    assert found["medelvarden"].summary == ("För få deltagare med minst två skattningar "
                                            "för att visa.")
    for table in found.values():
        for parts, total in table.grid.sums:
            assert sum(table.grid.cells[r][c].suppressed for r, c in [*parts, total]) != 1


def test_a_total_would_give_a_small_group_back(app, quarter, make_insats):
    """7 women and 2 men with two ratings, no others: the men are hidden, and the women too,
    or 9 - 7 would give them back; the total and its means stay."""
    for n in range(5):
        extra = make_participant(app, quarter, code=f"WX{n}", gender="kvinna",
                                 start_date=d(2027, 1, 4))
        add_rating(app, extra, d(2027, 1, 4), 3.0)
        add_rating(app, extra, d(2027, 3, 1), 3.0)
    found = _tables(app, quarter, suppressed=True)
    means = _values(found["medelvarden"])
    assert means["n"] == [None, None, 0, 9]
    assert means["1_first"][:2] == [None, None] and means["1_first"][3] is not None
    assert _values(found["skattningar"])["paired"] == [None, None, 0, 9]
    # 9 people: W1 and M2 improved on indicator 1: 2 of 9 is a hidden share
    assert _values(found["forandring"])["1_improved"] == [None, None, None, None]
    assert _values(found["forandring"])["1_unchanged"][3] == 66.7  # 6 of 9: both others hidden


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


def test_statements_do_not_grow_with_the_ratings(app, quarter):
    scope = Scope(Q1, None, suppressed=True, county=True)
    small = _statements(app, scope)
    with app.app_context():
        version_id = db.session.scalar(db.select(Rating.version_id))
        for n in range(200):
            person = Participant(
                insats_id=quarter.id, code=f"BULK-{n}", gender=("kvinna", "man", "annat")[n % 3],
                start_date=d(2026, 1 + n % 12, 1 + n % 28), created_dt=datetime.now(UTC),
                exit_date=d(2027, 1 + n % 3, 5) if n % 4 == 0 else None,
                exit_reason=ExitReason.STUDIES if n % 4 == 0 else None)
            db.session.add(person)
            db.session.flush()
            for k in range(3):
                on = person.start_date + timedelta(weeks=13 * k)
                rating = Rating(participant_id=person.id, version_id=version_id,
                                rater_kind=str(RaterKind.PARTICIPANT if k < 2 else HANDLEDARE),
                                mode=str(RatingMode.ALONE), started_dt=datetime.now(UTC),
                                submitted_dt=datetime.now(UTC), rated_on=on, occasion=k,
                                belief=3 if k == 2 else None)
                rating.scores = [IndicatorScore(indicator=i, score=1 + (n + i + k) % 5)
                                 for i in range(1, 8)]
                db.session.add(rating)
        db.session.commit()
    assert _statements(app, scope) == small


def test_an_outcome_share_shows_when_total_and_other_are_shown(app):
    """Work 2, studies 2, other 6: the two small counts are hidden, but the share to work or
    studies (4 of 10) is total minus other, both shown, so hiding it protected nobody and
    left the county's table of outcomes by starting level empty."""
    from smail_app.reports.progression import outcome_table

    counts = {("low", "work"): 2, ("low", "studies"): 2, ("low", "other"): 6,
              ("high", "work"): 6, ("high", "studies"): 5, ("high", "other"): 0,
              ("none", "work"): 3, ("none", "studies"): 3, ("none", "other"): 5}
    with app.test_request_context():
        table = outcome_table("t", "t", {"low": "Låg", "high": "Hög", "none": "Ingen"},
                              Scope(Q1, None, suppressed=True, min_size=5, county=True),
                              counts)
    low, high, none, total = (_values(table)[key] for key in ("low", "high", "none",
                                                              "__total"))
    assert low == [None, None, 6, 10, 40.0]  # the share is total minus other, both shown
    assert high[3:] == [11, 100.0]
    assert none == [None, None, 5, 11, 54.5]
    assert total == [11, 10, 11, 32, 65.6]


def test_the_directions_summary_says_when_nobody_improved(app):
    from smail_app.assessments.indicators import INDICATORS
    from smail_app.reports.model import Row, Table
    from smail_app.reports.progression import SUMMARIES
    from smail_app.reports.suppression import Cell

    def table(improved: float) -> Table:
        rows = [Row(f"{indicator.number}_improved", "", [Cell(improved, kind="share")] * 4)
                for indicator in INDICATORS]
        return Table("forandring", "", [], rows)

    with app.test_request_context():
        assert SUMMARIES["forandring"](table(0.0), 5) == \
            "Ingen förbättrade sig med minst ett skalsteg i någon indikator."
        assert SUMMARIES["forandring"](table(12.5), 5).startswith("Flest förbättrade sig i ")


def test_the_outcome_summary_compares_the_levels_that_are_shown(app):
    """The demo's table 4f hid the highest level's share and then said there were too few
    to compare, beside two shares in plain sight."""
    from smail_app.reports.model import Row, Table
    from smail_app.reports.progression import SUMMARIES
    from smail_app.reports.suppression import Cell

    def table(*shares: float | None) -> Table:
        rows = [Row(key, label, [Cell(0)] * 4 + [Cell(share, kind="share",
                                                      suppressed=share is None)])
                for key, label, share in zip(("low", "middle", "high"),
                                             ("Liten", "Mellan", "Stor"), shares,
                                             strict=True)]
        return Table("avslut_handledarens_tro", "", [], rows)

    summary = SUMMARIES["avslut_handledarens_tro"]
    with app.test_request_context():
        assert summary(table(15.0, 69.2, 90.0), 5) == (
            "Till arbete eller studier: 90,0 % av dem med högst nivå vid start, "
            "15,0 % av dem med lägst.")
        assert summary(table(15.0, 69.2, None), 5) == (
            "Till arbete eller studier: 15,0 % av dem med nivån Liten, "
            "69,2 % av dem med nivån Mellan vid start.")
        assert summary(table(None, 69.2, None), 5) == \
            "För få avslutade med skattning för att jämföra nivåerna."
