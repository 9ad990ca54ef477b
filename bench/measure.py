"""Per-page measurements that need no load: SQL statements per request (in this process,
through ``app.test_client()``) and bytes a browser downloads (over HTTP from gunicorn)."""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import event

from bench.datagen import PASSWORD, Generated
from bench.httpclient import (
    InProcessSession,
    LoginFailed,
    Response,
    Session,
    autosave_fields,
    page_assets,
    sign_in,
)
from bench.pages import AUTOSAVE_HEADERS, Page


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def credentials(g: Generated, role: str, index: int) -> tuple[str, str | None] | None:
    if role == "handledare":
        return g.handledare[index].login, None
    if role == "small_team_handledare":
        return g.small_team_handledare[index].login, None
    if role == "participant":
        return g.participant_users[index].login, None
    if role == "admin":
        return g.admins[index].login, g.admins[index].totp_secret
    return None


def signed_in(session, g: Generated, role: str, index: int):
    found = credentials(g, role, index)
    if found is not None:
        sign_in(session, found[0], PASSWORD, found[1])
    return session


def request_page(session, page: Page, g: Generated, index: int) -> tuple[Response, dict]:
    """One request for ``page``; for the autosave POST, the step page is fetched first for
    its form (and CSRF token). Returns the response and the POST fields (if any)."""
    path = page.path(g, index)
    if page.autosave:
        fields = autosave_fields(session.get(path).text)
        return session.post_form(path, fields, AUTOSAVE_HEADERS), fields
    return session.get(path), {}


# --- SQL statements per request ---------------------------------------------------------------


@dataclass
class SqlCount:
    statements: int | None = None
    status: int | None = None
    html_bytes: int = 0
    html_gz: int = 0
    request_ms: float = 0.0  # the whole request in this process
    sql_ms: float = 0.0  # of which waiting for the database
    slowest_ms: float = 0.0
    slowest_sql: str = ""
    problem: str = ""


@dataclass
class StatementCounter:
    """``before_cursor_execute`` counts; ``after_cursor_execute`` times each statement."""

    count: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    _started: float = 0.0

    def before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        self._started = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        elapsed = time.perf_counter() - self._started
        self.seconds += elapsed
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, " ".join(statement.split()))

    def reset(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.slowest = (0.0, "")


REPEATS = 5  # counted requests per page; times are their median


def sql_counts(app: Flask, g: Generated, pages: list[Page]) -> dict[str, SqlCount]:
    from smail_app.extensions import db

    counter = StatementCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter.before)
    event.listen(engine, "after_cursor_execute", counter.after)
    sessions: dict[str, object] = {}
    results: dict[str, SqlCount] = {}
    try:
        for page in pages:
            result = SqlCount()
            results[page.key] = result
            try:
                session = sessions.get(page.role)
                if session is None:
                    session = signed_in(InProcessSession(app), g, page.role, 0)
                    sessions[page.role] = session
                request_page(session, page, g, 0)  # warm-up: caches, first-use queries
                path = page.path(g, 0)
                fields = autosave_fields(session.get(path).text) if page.autosave else {}
                samples = []
                for _ in range(REPEATS):  # the counted request is the POST alone
                    counter.reset()
                    if page.autosave:
                        response = session.post_form(path, fields, AUTOSAVE_HEADERS)
                    else:
                        response = session.get(path)
                    samples.append((response.seconds, counter.seconds, counter.slowest,
                                    counter.count))
                counts = {n for *_, n in samples}
                result.statements = max(counts)
                if len(counts) > 1:
                    result.problem = f"statement count varies: {sorted(counts)}"
                samples.sort(key=lambda sample: sample[0])
                request_s, sql_s, slowest, _ = samples[len(samples) // 2]  # the median
                result.request_ms = request_s * 1e3
                result.sql_ms = sql_s * 1e3
                result.slowest_ms = slowest[0] * 1e3
                result.slowest_sql = slowest[1]
                result.status = response.status
                result.html_bytes = len(response.body)
                result.html_gz = gz(response.body)
                if response.status != 200:
                    result.problem = f"answered {response.status}"
            except (LoginFailed, LookupError) as problem:
                result.problem = str(problem)
    finally:
        event.remove(engine, "before_cursor_execute", counter.before)
        event.remove(engine, "after_cursor_execute", counter.after)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return results


# --- Bytes a browser downloads -----------------------------------------------------------------


@dataclass
class PageBytes:
    html_raw: int
    html_gz: int
    assets: list[tuple[str, int, int]]  # (path, raw, gz)
    status: int

    @property
    def assets_raw(self) -> int:
        return sum(raw for _, raw, _ in self.assets)

    @property
    def assets_gz(self) -> int:
        return sum(z for _, _, z in self.assets)

    @property
    def total_gz(self) -> int:
        return self.html_gz + self.assets_gz

    @property
    def total_raw(self) -> int:
        return self.html_raw + self.assets_raw


def page_bytes(session: Session, page: Page, g: Generated, cache: dict) -> PageBytes:
    """A first visit: the page and every stylesheet, script, icon and image it references
    (nothing cached). For the autosave POST: the request's answer only."""
    response, _ = request_page(session, page, g, 0)
    assets = []
    if not page.autosave and "html" in response.headers.get("content-type", ""):
        for path in page_assets(response.text):
            if path not in cache:
                asset = session.get(path)
                cache[path] = (len(asset.body), gz(asset.body)) if asset.status == 200 \
                    else (0, 0)
            assets.append((path, *cache[path]))
    return PageBytes(len(response.body), gz(response.body), assets, response.status)
