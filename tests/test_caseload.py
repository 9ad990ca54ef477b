"""The caseload ("Mina deltagare"): ordered by what needs doing, filtered, searched, only the
handledare's own teams, and a constant number of SQL statements however large it grows."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event

from smail_app.assessments.schedule import Due
from smail_app.auth.models import User
from smail_app.extensions import db
from smail_app.participants.models import Participant
from smail_app.workspace import caseload as rules
from tests.conftest import login
from tests.factories import add_activity, add_rating

TODAY = date(2027, 6, 1)


def _rows(app, user, **filters):
    with app.app_context():
        fresh = db.session.get(User, user.id)
        rows = rules.caseload_page(fresh, rules.CaseloadFilter(**filters)).rows
        return [(row.participant.code, row.urgency, row.direction) for row in rows]


@pytest.fixture
def scenario(app, clock, make_insats, make_certified_handledare, make_participant):
    """One participant for each reason to act, in a scrambled order of codes."""
    clock.set(TODAY)
    insats = make_insats("En väg in")
    handledare = make_certified_handledare(insats)
    # Baseline 1 March; the 13-week rating was due 31 May: overdue.
    overdue = make_participant(insats, code="E-overdue", start_date=date(2027, 3, 1),
                               handledare=handledare)
    add_rating(app, overdue, date(2027, 3, 1), 2)
    # Baseline 10 March; the next is due 9 June: open now, due within two weeks.
    soon = make_participant(insats, code="A-soon", start_date=date(2027, 3, 10),
                            handledare=handledare)
    add_rating(app, soon, date(2027, 3, 10), 3)
    # Starts 20 June: nothing due yet, but no baseline either.
    make_participant(insats, code="D-nobaseline", start_date=date(2027, 6, 20),
                     handledare=handledare)
    # In the insats since January, rated on time, but no action plan after 4 weeks.
    noplan = make_participant(insats, code="B-noplan", start_date=date(2027, 1, 4),
                              handledare=handledare)
    add_rating(app, noplan, date(2027, 1, 4), 2)
    add_rating(app, noplan, date(2027, 4, 5), 3.5)
    # The same, with a plan: nothing to do.
    fine = make_participant(insats, code="C-fine", start_date=date(2027, 1, 4),
                            handledare=handledare)
    add_rating(app, fine, date(2027, 1, 4), 4)
    add_rating(app, fine, date(2027, 4, 5), 3)
    add_activity(app, fine, handledare)
    # Left in May.
    make_participant(insats, code="0-left", start_date=date(2027, 1, 4), handledare=handledare,
                     exit_date=date(2027, 5, 2), exit_reason="studier")
    return insats, handledare


def test_caseload_is_ordered_by_what_needs_doing(app, scenario):
    _, handledare = scenario
    assert _rows(app, handledare) == [
        ("E-overdue", rules.Urgency.OVERDUE, None),
        ("A-soon", rules.Urgency.DUE_SOON, None),
        ("D-nobaseline", rules.Urgency.NO_BASELINE, None),
        ("B-noplan", rules.Urgency.NO_PLAN, rules.Direction.UP),
        ("C-fine", rules.Urgency.OTHER, rules.Direction.DOWN),
    ]
    everyone = _rows(app, handledare, status=rules.Status.ALL)
    assert everyone[-1] == ("0-left", rules.Urgency.LEFT, None)
    assert [code for code, *_ in _rows(app, handledare, status=rules.Status.LEFT)] == ["0-left"]


def test_a_page_of_the_caseload_reads_directions_for_its_own_rows(app, scenario):
    _, handledare = scenario
    with app.app_context():
        fresh = db.session.get(User, handledare.id)
        first = rules.caseload_page(fresh, number=1)
        ids = [r.participant.id for r in first.rows]
        # the last two rows alone, on a page of their own, keep their directions
        rows = rules._rows_for(ids[3:], TODAY)
        assert all(r.first_mean is None for r in rows)  # means are only read on request
        assert [r.direction for r in rules.with_means(rows)] == [
            rules.Direction.UP, rules.Direction.DOWN]
        assert [r.direction for r in first.rows[3:]] == [rules.Direction.UP,
                                                         rules.Direction.DOWN]


def test_urgency_flags_rule():
    due_overdue = Due(1, date(2027, 5, 31), is_open=True, is_overdue=True)
    due_later = Due(1, date(2027, 8, 1), is_open=False, is_overdue=False)
    due_in_14 = Due(1, date(2027, 6, 15), is_open=True, is_overdue=False)
    due_in_15 = Due(1, date(2027, 6, 16), is_open=False, is_overdue=False)

    def flags(**kw):
        args = {"is_active": True, "due": due_later, "has_baseline": True, "has_plan": True,
                "start_date": date(2027, 5, 1), "today": TODAY} | kw
        return rules.urgency_flags(**args)

    assert flags() == frozenset()
    assert flags(due=due_overdue) == {rules.Urgency.OVERDUE}
    assert flags(due=due_in_14) == {rules.Urgency.DUE_SOON}
    assert flags(due=due_in_15) == frozenset()
    # The plan is expected 4 weeks (28 days) after the start.
    assert flags(has_plan=False, start_date=date(2027, 5, 5)) == frozenset()
    assert flags(has_plan=False, start_date=date(2027, 5, 4)) == {rules.Urgency.NO_PLAN}
    assert flags(has_baseline=False, due=due_overdue, has_plan=False,
                 start_date=date(2027, 1, 1)) == {
        rules.Urgency.OVERDUE, rules.Urgency.NO_BASELINE, rules.Urgency.NO_PLAN}
    assert flags(is_active=False, due=None) == {rules.Urgency.LEFT}


def test_filter_by_insats_and_search_by_code_or_alias(app, clock, make_insats,
                                                      make_certified_handledare,
                                                      make_participant):
    first, second = make_insats("Framsteget"), make_insats("Bryggan")
    handledare = make_certified_handledare(first)
    with app.app_context():
        from smail_app.organisations.models import TeamMembership

        db.session.add(TeamMembership(insats_id=second.id, user_id=handledare.id,
                                      added_dt=clock.now()))
        db.session.commit()
    make_participant(first, code="FRA-001", alias="Noor")
    make_participant(first, code="FRA-002", alias="Kim")
    make_participant(second, code="BRY-001", alias="Noora")
    make_participant(second, code="BRY/2", alias="Sam_1")
    codes = lambda **kw: sorted(code for code, *_ in _rows(app, handledare, **kw))  # noqa: E731
    assert codes() == ["BRY-001", "BRY/2", "FRA-001", "FRA-002"]
    assert codes(insats_id=second.id) == ["BRY-001", "BRY/2"]
    assert codes(search="noor") == ["BRY-001", "FRA-001"]
    assert codes(search="fra-00") == ["FRA-001", "FRA-002"]
    assert codes(search="KIM", insats_id=first.id) == ["FRA-002"]
    assert codes(search="%") == []  # wildcards are searched for literally
    assert codes(search="_") == codes(search="m_1") == codes(search="/") == ["BRY/2"]
    assert codes(search="m%1") == codes(search="//") == []


def test_the_same_caseload_statement_shows_each_handledare_their_own(
        app, make_insats, make_certified_handledare, make_participant):
    """The caseload's statement is built once per filter shape and run with each viewer's
    id: two handledare in turn, with the same filters, each see their own team only."""
    mine, theirs = make_insats("Jobbcentrum"), make_insats("Ung framtid")
    me, them = make_certified_handledare(mine), make_certified_handledare(theirs)
    make_participant(mine, code="MIN-1")
    make_participant(theirs, code="DERAS-1")
    for _round in range(2):
        assert [code for code, *_ in _rows(app, me)] == ["MIN-1"]
        assert [code for code, *_ in _rows(app, them)] == ["DERAS-1"]
        assert [code for code, *_ in _rows(app, me, insats_id=theirs.id)] == []
        assert [code for code, *_ in _rows(app, them, search="min")] == []


def test_caseload_page_shows_the_overdue_participant_first(app, client, scenario):
    _, handledare = scenario
    login(client, handledare)
    page = client.get("/participants/").get_data(as_text=True)
    codes = re.findall(r'>([A-E]-[a-z]+)(?: \(|<)', page)
    assert codes[:5] == ["E-overdue", "A-soon", "D-nobaseline", "B-noplan", "C-fine"]
    assert "Skattning försenad" in page and "Ingen handlingsplan efter 4 veckor" in page
    assert "Uppåt" in page and "Nedåt" in page
    searched = client.get("/participants/?q=soon&status=active").get_data(as_text=True)
    assert "A-soon" in searched and "E-overdue" not in searched


def test_each_row_links_to_its_participant_and_says_why_in_the_readers_language(
        app, client, scenario):
    """Each row's link is the participant page's own address (built once per page), and the
    tags are in the page's language (translated once per page)."""
    _, handledare = scenario
    login(client, handledare)
    with app.app_context():
        expected = {p.code: p.public_id for p in db.session.scalars(db.select(Participant))}
    page = client.get("/participants/?status=all").get_data(as_text=True)
    links = dict((code, public_id) for public_id, code in re.findall(
        r'<a href="/participants/([^"/]+)">([^<]+)</a>', page))
    assert links == expected
    for public_id in expected.values():
        assert client.get(f"/participants/{public_id}").status_code == 200
    assert "Skattning försenad" in page and "Avslutad" in page
    client.post("/language", data={"language": "en", "next": "/participants/"})
    english = client.get("/participants/?status=all").get_data(as_text=True)
    assert "Skattning försenad" not in english and "Ingen handlingsplan" not in english
    assert english.count('class="tag tag--red"') == page.count('class="tag tag--red"') == 1


def test_caseload_filter_rejects_an_unknown_insats_in_swedish(app, client, scenario):
    _, handledare = scenario
    login(client, handledare)
    response = client.get("/participants/?insats=not-mine&status=whatever")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Välj en insats i listan." in page and "Välj ett av alternativen i listan." in page


def test_handledare_never_sees_participants_outside_their_teams(app, client, make_insats,
                                                                 make_certified_handledare,
                                                                 make_participant):
    mine, theirs = make_insats("Jobbcentrum"), make_insats("Ung framtid")
    handledare = make_certified_handledare(mine)
    make_certified_handledare(theirs)
    make_participant(mine, code="MIN-1")
    outsider = make_participant(theirs, code="DERAS-1")
    login(client, handledare)
    page = client.get("/participants/").get_data(as_text=True)
    assert "MIN-1" in page and "DERAS-1" not in page
    for path in ("", "/print", "/plan", "/handover", "/exit"):
        assert client.get(f"/participants/{outsider.public_id}{path}").status_code == 404, path
    for path in ("/together", "/parallel", "/invite", "/plan/activities", "/plan/review",
                 "/plan/notes", "/handover", "/exit"):
        response = client.post(f"/participants/{outsider.public_id}{path}", data={})
        assert response.status_code == 404, path
    assert client.get("/participants/?q=DERAS").get_data(as_text=True).count("DERAS-1") == 0


def _count_statements(app, client, path: str) -> int:
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def _fill(app, insats, handledare, make_participant, n: int, start: int) -> list:
    people = []
    for i in range(start, start + n):
        participant = make_participant(insats, code=f"P-{i:03d}", start_date=date(2026, 3, 2),
                                       handledare=handledare)
        for k, day in enumerate((date(2026, 3, 2), date(2026, 6, 1), date(2026, 8, 31),
                                 date(2026, 11, 30))):
            add_rating(app, participant, day, 2 + k * 0.5)
        if i % 2:
            add_activity(app, participant, handledare)
        people.append(participant)
    return people


def test_caseload_statement_count_does_not_grow(app, client, clock, make_insats,
                                                make_certified_handledare, make_participant):
    clock.set(date(2027, 1, 10))
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    _fill(app, insats, handledare, make_participant, 3, 0)
    login(client, handledare)
    small = _count_statements(app, client, "/participants/")
    _fill(app, insats, handledare, make_participant, 27, 3)
    large = _count_statements(app, client, "/participants/")
    assert small == large
    page = client.get("/participants/").get_data(as_text=True)
    assert page.count("P-0") == 30


def test_participant_pages_statement_count_does_not_grow_with_ratings(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    from smail_app.assessments.models import RaterKind

    clock.set(date(2027, 6, 1))
    insats = make_insats()
    handledare = make_certified_handledare(insats)
    participant = make_participant(insats, start_date=date(2024, 1, 1), handledare=handledare)
    days = [date(2024, 1, 1) + k * (date(2024, 4, 1) - date(2024, 1, 1)) for k in range(12)]

    def rate(chosen):
        for k, day in chosen:
            add_rating(app, participant, day, 1 + (k % 5))
            add_rating(app, participant, day, 3, rater=RaterKind.HANDLEDARE, belief=3)
            add_activity(app, participant, handledare, title=f"Aktivitet {k}")

    rate(list(enumerate(days))[:2])
    login(client, handledare)
    paths = [f"/participants/{participant.public_id}{suffix}"
             for suffix in ("", "/print", "/plan")]
    small = [_count_statements(app, client, path) for path in paths]
    rate(list(enumerate(days))[2:])
    large = [_count_statements(app, client, path) for path in paths]
    assert small == large


def test_caseload_pages_keep_the_most_urgent_first(app, client, clock, make_insats,
                                                   make_certified_handledare, make_participant):
    from smail_app.workspace import caseload as caseload_rules

    insats = make_insats()
    handledare = make_certified_handledare(insats)
    late = make_participant(insats, code="A-LATE", start_date=date(2027, 1, 1))
    for number in range(caseload_rules.PAGE_SIZE + 5):
        make_participant(insats, code=f"B-{number:03d}", start_date=date(2027, 6, 1))
    login(client, handledare)
    first = client.get("/participants/").get_data(as_text=True)
    assert "A-LATE" in first and "Sida 1 av 2" in first
    assert "B-048" in first and "B-049" not in first  # 50 rows on a page
    second = client.get("/participants/?page=2&status=active").get_data(as_text=True)
    assert "A-LATE" not in second and "B-054" in second and "Sida 2 av 2" in second
    for odd in ("0", "-3", "abc", "9" * 60, "99"):
        response = client.get(f"/participants/?page={odd}")
        assert response.status_code == 200, odd
    assert late.code in client.get("/participants/?page=abc").get_data(as_text=True)
    past_the_end = client.get("/participants/?page=99").get_data(as_text=True)
    assert "Sida 2 av 2" in past_the_end and "B-054" in past_the_end  # the last page


def test_the_caseload_logs_whom_it_shows_in_one_insert(app, client, clock, make_insats,
                                                       make_certified_handledare,
                                                       make_participant):
    from sqlalchemy import select

    from smail_app.audit.models import AccessLogEntry

    insats = make_insats()
    handledare = make_certified_handledare(insats)
    shown = [make_participant(insats, code=f"V-{i}", start_date=date(2027, 3, 1))
             for i in range(3)]
    make_participant(insats, code="GONE", start_date=date(2027, 1, 1),
                     exit_date=date(2027, 2, 1), exit_reason="studier")  # not on the page
    login(client, handledare)
    inserts: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO ACCESS_LOG "):
            inserts.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/participants/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(inserts) == 1
    with app.app_context():
        logged = db.session.execute(select(AccessLogEntry.participant_id, AccessLogEntry.action,
                                           AccessLogEntry.detail)).all()
    assert sorted(logged) == sorted((p.id, "view", "caseload") for p in shown)


def test_insats_and_handledare_are_said_once_when_every_row_shares_them(
        app, client, clock, make_insats, make_certified_handledare, make_participant):
    first, second = make_insats("Framsteget"), make_insats("Bryggan")
    handledare = make_certified_handledare(first, name="Hanna Handledare")
    with app.app_context():
        from smail_app.organisations.models import TeamMembership

        db.session.add(TeamMembership(insats_id=second.id, user_id=handledare.id,
                                      added_dt=clock.now()))
        db.session.commit()
    for code, insats in (("FRA-001", first), ("FRA-002", first), ("BRY-001", second)):
        make_participant(insats, code=code, handledare=handledare)
    login(client, handledare)
    mixed = client.get("/participants/").get_data(as_text=True)
    # Two insatser: each row says its own; one handledare for all: said once, above.
    assert "Insats: " not in mixed
    assert mixed.count('caseload__where">Framsteget<') == 2
    assert mixed.count('caseload__where">Bryggan<') == 1
    assert mixed.count("Ansvarig handledare: Hanna Handledare") == 1
    filtered = client.get(f"/participants/?insats={first.public_id}").get_data(as_text=True)
    assert "Insats: Framsteget" in filtered and "caseload__where" not in filtered
