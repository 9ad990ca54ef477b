"""SQL statements per request for every page the benchmark measures, counted the way it
counts them (bench/measure.py: in process, after one warm-up request) on databases the
benchmark's generator fills with 1,000 and with 20,000 participants: the same at both sizes,
and exactly the number written here, so that a change in either direction is seen.

Issue 12 sets a budget per page, and every page keeps within it. The county report and the
ESF dashboard are counted twice: computed (the first request after a change to their data)
and kept (core/kept.py). The ESF dashboard keeps within its budget even when computed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from bench import database, datagen, measure
from bench.pages import pages_for
from smail_app.extensions import db

SIZES = (1_000, 20_000)
BUDGET = {"healthz": 1, "caseload": 10, "caseload_small": 10, "participant": 10,
          "progress": 10, "step_get": 8, "step_post": 8, "esf": 10, "esf_computed": 10,
          "county": 10}
STATEMENTS = {"healthz": 1, "caseload": 10, "caseload_small": 10, "participant": 10,
              "progress": 3, "step_get": 2, "step_post": 3, "esf": 2, "county": 2,
              "login": 0, "account": 1}  # the two reference pages: no budget of their own
COMPUTED = {"county_computed": 20,  # the first request after a change: every table's GROUP BY
            "esf_computed": 10}  # its nine queries and the counter

def _computed(target: database.Target, generated: datagen.Generated, key: str,
              user: int) -> int:
    """A kept page's statements in a new process, whose first request computes it.
    ``user``: which of the generated users signs in (an admin's second factor is taken
    once per time step, and the benchmark's own count signs the first admin in too)."""
    app = database.app_for(target)
    page = next(p for p in pages_for(app) if p.key == key)
    session = measure.signed_in(measure.InProcessSession(app), generated, page.role, user)
    counter = measure.StatementCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter.before)
    event.listen(engine, "after_cursor_execute", counter.after)
    try:
        response, _ = measure.request_page(session, page, generated, user)
    finally:
        event.remove(engine, "before_cursor_execute", counter.before)
        event.remove(engine, "after_cursor_execute", counter.after)
        with app.app_context():
            engine.dispose()
    assert response.status == 200
    return counter.count


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> dict[int, dict[str, int]]:
    folder = tmp_path_factory.mktemp("statement-budgets")
    counts: dict[int, dict[str, int]] = {}
    for size in SIZES:
        target = database.sqlite_target(str(folder), f"bench-{size}.db")
        app, _seconds = database.fresh_migrated(target)
        generated = datagen.generate(app, size, log=lambda *_: None)
        computed = {f"{key}_computed": _computed(target, generated, key, user)
                    for user, key in enumerate(("county", "esf"))}
        app = database.app_for(target)
        found = measure.sql_counts(app, generated, pages_for(app))
        problems = {key: result.problem for key, result in found.items() if result.problem}
        assert not problems, problems
        counts[size] = {key: result.statements for key, result in found.items()}
        counts[size] |= computed
    return counts


def test_statements_do_not_grow_with_the_participants(counted):
    small, large = (counted[size] for size in SIZES)
    assert small == large


def test_every_page_costs_what_it_is_written_to_cost(counted):
    for size in SIZES:
        assert counted[size] == {**STATEMENTS, **COMPUTED}, size


def test_every_page_keeps_within_its_budget(counted):
    for size in SIZES:
        over = {key: n for key, n in counted[size].items()
                if key in BUDGET and n > BUDGET[key]}
        assert over == {}, size
