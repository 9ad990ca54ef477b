"""``python -m bench.run``: generate, serve, load, count, print a table.

    python -m bench.run [--participants N] [--database sqlite|postgresql|both] [--seconds S]

For each database: generate a small (1,000 participants) and a full-size database on the
real migrated schema, count SQL statements per page in-process on both, then serve the
full-size one with gunicorn (2 workers, 127.0.0.1) and load every page for S seconds from
a second process (wrk, or the Python generator). Figures are also reported as ratios to
GET /healthz measured in the same run: absolute numbers on a shared machine are noise.
The report is printed and written to bench/results/latest.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench import database, datagen, load, measure
from bench.httpclient import LoginFailed, Session
from bench.pages import AUTOSAVE_HEADERS, Page, pages_for
from bench.server import WORKERS, Server

RESULTS = Path(__file__).resolve().parent / "results"
SMALL = 1_000
MAX_SECONDS = 60


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class PageLoad:
    page: Page
    result: load.LoadResult | None = None
    problem: str = ""


@dataclass
class BackendRun:
    target_label: str
    generations: list[datagen.Generated] = field(default_factory=list)
    migrate_seconds: list[float] = field(default_factory=list)
    sql: dict[int, dict[str, measure.SqlCount]] = field(default_factory=dict)
    loads: list[PageLoad] = field(default_factory=list)
    baseline_loads: list[load.LoadResult] = field(default_factory=list)
    bytes: dict[str, measure.PageBytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def baseline(self) -> load.LoadResult | None:
        runs = self.baseline_loads
        if not runs:
            return None
        n = len(runs)
        return load.LoadResult(
            runs[0].tool, sum(r.requests for r in runs), sum(r.seconds for r in runs),
            sum(r.p50_ms for r in runs) / n, sum(r.p95_ms for r in runs) / n,
            sum(r.errors for r in runs))


# --- One database: generate, count, serve, load ------------------------------------------------


def run_backend(backend: str, participants: int, seconds: float, users: int, tool: str,
                workdir: str, pg_server: str) -> BackendRun:
    sizes = [SMALL, participants] if participants > SMALL else [participants]
    result = BackendRun("SQLite" if backend == "sqlite" else "PostgreSQL")
    full_target = None
    full_generated = None
    pages: list[Page] = []
    for size in sizes:
        target = (database.sqlite_target(workdir, f"bench-{size}.db") if backend == "sqlite"
                  else database.pg_target(pg_server))
        _log(f"[{result.target_label}] {size:,} participants: migrating and generating…")
        app, migrate_seconds = database.fresh_migrated(target)
        generated = datagen.generate(app, size, log=_log)
        result.generations.append(generated)
        result.migrate_seconds.append(migrate_seconds)
        _log(f"[{result.target_label}] {size:,} participants generated in "
             f"{generated.seconds:.1f} s; counting SQL statements per page…")
        app = database.app_for(target)  # a fresh app, as a new server process would be
        pages = pages_for(app)
        result.sql[size] = measure.sql_counts(app, generated, pages)
        full_target, full_generated = target, generated
    assert full_target is not None and full_generated is not None

    _log(f"[{result.target_label}] serving {participants:,} participants with gunicorn "
         f"({WORKERS} workers)…")
    log_path = RESULTS / f"gunicorn-{backend}.log"
    with Server(full_target, log_path) as server:
        _serve_and_load(server, result, full_generated, pages, seconds, users, tool)
    return result


def _serve_and_load(server: Server, result: BackendRun, g: datagen.Generated,
                    pages: list[Page], seconds: float, users: int, tool: str) -> None:
    sessions: dict[tuple[str, int], Session] = {}

    def session_for(role: str, index: int) -> Session:
        key = (role, index)
        if key not in sessions:
            session = Session("127.0.0.1", server.port)
            sessions[key] = measure.signed_in(session, g, role, index)
        return sessions[key]

    cache: dict = {}
    baseline_page = next(p for p in pages if p.is_baseline)
    measured = [p for p in pages if not p.is_baseline]
    order = [baseline_page, *measured, baseline_page]
    for page in order:
        specs: list[load.RequestSpec] = []
        try:
            for index in range(users):
                session = session_for(page.role, index)
                response, fields = measure.request_page(session, page, g, index)
                if response.status != 200:
                    raise LookupError(f"answered {response.status} "
                                      f"{response.headers.get('location', '')}".strip())
                headers = {"Cookie": session.cookie_header()} if session.cookies else {}
                body = None
                if page.autosave:
                    headers.update(AUTOSAVE_HEADERS)
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                    body = urlencode(fields).encode()
                specs.append(load.RequestSpec(page.method, page.path(g, index), headers, body))
            if page.key not in result.bytes:
                result.bytes[page.key] = measure.page_bytes(session_for(page.role, 0), page, g,
                                                            cache)
        except (LoginFailed, LookupError, OSError) as problem:
            if page.is_baseline:
                raise
            result.loads.append(PageLoad(page, problem=str(problem)))
            continue
        _log(f"[{result.target_label}] loading {page.method} {page.shown_path} "
             f"for {seconds:.0f} s ({users} users)…")
        outcome = load.run(server.port, specs, seconds, tool)
        if page.is_baseline:
            result.baseline_loads.append(outcome)
        else:
            result.loads.append(PageLoad(page, outcome))
    for session in sessions.values():
        session.close()


# --- The report --------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], align: str) -> list[str]:
    """Plain-text table; ``align`` has one 'l' or 'r' per column."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            out.append(str(cell).ljust(widths[i]) if align[i] == "l"
                       else str(cell).rjust(widths[i]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(headers), rule, *(line(r) for r in rows)]


def _kb(n: int) -> str:
    return f"{n / 1000:.1f} kB" if n >= 1000 else f"{n} B"


def _git_state() -> str:
    repo = Path(__file__).resolve().parent.parent
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=repo, capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {sha}" + (" + uncommitted changes in the working tree" if dirty else "")


def report(runs: list[BackendRun], args: argparse.Namespace, tool: str, load_before: str,
           load_after: str, total_seconds: float) -> str:
    pages: list[Page] = []
    for run in runs:
        for item in run.loads:
            if item.page.key not in [p.key for p in pages]:
                pages.append(item.page)
    columns = [(run, size) for run in runs for size in sorted(run.sql)]
    sections = [
        _report_header(args, tool, load_before, load_after, total_seconds),
        _generation_section(runs),
        *(_throughput_section(run) for run in runs),
        _statements_section(runs, pages, columns),
        _in_process_section(runs, pages),
        _sizes_section(pages, columns),
        _bytes_section(runs, pages),
    ]
    return "\n".join(line for section in sections for line in section)


def _report_header(args: argparse.Namespace, tool: str, load_before: str, load_after: str,
                   total_seconds: float) -> list[str]:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"SMAIL benchmark — {now}, {_git_state()}",
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"{load_before} at start, {load_after} at end (others share this machine).",
        f"gunicorn {WORKERS} sync workers on 127.0.0.1; load from a second process: "
        f"{tool}, {args.users} simulated users (one connection and cookie jar each), "
        f"{args.seconds:.0f} s per page. Total run {total_seconds:.0f} s.",
        f"Latency includes queueing ({args.users} users on {WORKERS} workers). The served "
        f"app runs with SMAIL_ENV=production and a raised login rate limit "
        f"({database.LOGIN_RATE_LIMIT}) so the benchmark's own sign-ins pass.",
        ""]


def _generation_section(runs: list[BackendRun]) -> list[str]:
    rows = []
    for run in runs:
        for g, migrate_s in zip(run.generations, run.migrate_seconds, strict=True):
            c = g.counts
            rows.append([run.target_label, f"{g.participants:,}", f"{c.get('users', 0):,}",
                         f"{c.get('ratings', 0):,}", f"{c.get('answers', 0):,}",
                         f"{c.get('indicator_scores', 0):,}", f"{c.get('certificates', 0):,}",
                         f"{sum(c.values()):,}", f"{migrate_s:.1f}", f"{g.seconds:.1f}"])
    return ["Database generation (flask db upgrade, then SQLAlchemy Core bulk inserts)",
            *_table(["database", "participants", "users", "ratings", "answers", "scores",
                     "certificates", "all rows", "migrate s", "generate s"], rows,
                    "lrrrrrrrrr"),
            ""]


def _throughput_section(run: BackendRun) -> list[str]:
    base = run.baseline
    full = run.generations[-1].participants
    rows = []
    for number, b in enumerate(run.baseline_loads, start=1):
        rows.append([f"/healthz (baseline run {number})", "anonymous", f"{b.rps:,.0f}",
                     f"{b.p50_ms:.1f}", f"{b.p95_ms:.1f}", str(b.errors), "", "", ""])
    for item in run.loads:
        p = item.page
        name = f"{p.label}: {p.method} {p.shown_path}"
        if item.result is None:
            rows.append([name, p.role, item.problem, "", "", "", "", "", ""])
            continue
        r = item.result
        ratio_rps = f"{r.rps / base.rps:.3f}" if base and base.rps else "?"
        ratio_p50 = f"{r.p50_ms / base.p50_ms:.1f}×" if base and base.p50_ms else "?"
        ratio_p95 = f"{r.p95_ms / base.p95_ms:.1f}×" if base and base.p95_ms else "?"
        rows.append([name, p.role, f"{r.rps:,.1f}", f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}",
                     str(r.errors), ratio_rps, ratio_p50, ratio_p95])
    return [f"Throughput and latency — {run.target_label}, {full:,} participants "
            f"(ratios: this page ÷ GET /healthz in the same run)",
            *_table(["page", "as", "req/s", "p50 ms", "p95 ms", "errors", "req/s ratio",
                     "p50 ratio", "p95 ratio"], rows, "llrrrrrrr"),
            *(f"  problem: {p}" for p in run.problems),
            ""]


def _statements_section(runs: list[BackendRun], pages: list[Page],
                        columns: list[tuple[BackendRun, int]]) -> list[str]:
    rows: list[list[str]] = []
    count_notes: list[str] = []
    grew = False
    for page in pages:
        row = [page.label]
        for run, size in columns:
            count = run.sql[size].get(page.key)
            if count is None:
                row.append("—")
            elif count.problem and count.statements is None:
                row.append(count.problem[:20])
            else:
                row.append(str(count.statements) + ("" if count.status == 200
                                                     else f" ({count.status})")
                           + ("*" if count.problem else ""))
                if count.problem:
                    count_notes.append(f"  * {run.target_label} {size:,}, {page.label}: "
                                       f"{count.problem}")
        verdicts = [verdict for run in runs if (verdict := _growth(run, page.key))]
        grew = grew or bool(verdicts)
        row.append("; ".join(verdicts) or ("same" if len(columns) > len(runs) else "—"))
        rows.append(row)
    return ["SQL statements per request (in-process test client, 5 requests after one "
            "warm-up; must not grow with participants)",
            *_table(["page"] + [f"{run.target_label} {size:,}" for run, size in columns]
                    + ["growth"], rows, "l" + "r" * len(columns) + "l"),
            *count_notes,
            "  Every page: " + ("SOME STATEMENT COUNTS GROW — see above." if grew
                                else "statement counts do not grow with participants."),
            ""]


def _growth(run: BackendRun, key: str) -> str:
    """"GROWS on …" when the page's statement count is higher at the largest size."""
    sizes = sorted(run.sql)
    first, last = run.sql[sizes[0]].get(key), run.sql[sizes[-1]].get(key)
    if len(sizes) > 1 and first and last and first.statements is not None \
            and last.statements is not None and last.statements > first.statements:
        return f"GROWS on {run.target_label} (+{last.statements - first.statements})"
    return ""


def _in_process_section(runs: list[BackendRun], pages: list[Page]) -> list[str]:
    rows, slow_notes = [], []
    for page in pages:
        row = [page.label]
        for run in runs:
            count = run.sql[max(run.sql)].get(page.key)
            if count is None or count.statements is None:
                row.append("—")
                continue
            row.append(f"{count.request_ms:.0f} / {count.sql_ms:.0f} / {count.slowest_ms:.0f}")
            if count.slowest_ms >= 20:
                slow_notes.append(f"  slowest on {run.target_label}, {page.label} "
                                  f"({count.slowest_ms:.0f} ms): {count.slowest_sql[:150]}")
        rows.append(row)
    return ["One request in-process at full size, no load: whole request / time in SQL / "
            "slowest statement, in ms",
            *_table(["page"] + [f"{run.target_label} {max(run.sql):,}" for run in runs], rows,
                    "l" + "r" * len(runs)),
            *slow_notes]


def _sizes_section(pages: list[Page], columns: list[tuple[BackendRun, int]]) -> list[str]:
    rows = []
    for page in pages:
        row = [page.label]
        for run, size in columns:
            count = run.sql[size].get(page.key)
            row.append(_kb(count.html_gz) if count and count.status else "—")
        rows.append(row)
    return ["", "Response size per request, gzip -6, at each size (what grows with the data)",
            *_table(["page"] + [f"{run.target_label} {size:,}" for run, size in columns], rows,
                    "l" + "r" * len(columns)),
            ""]


def _bytes_section(runs: list[BackendRun], pages: list[Page]) -> list[str]:
    served = next((run for run in runs if run.bytes), None)
    if served is None:
        return [""]
    full = served.generations[-1].participants
    rows = []
    for page in pages:
        b = served.bytes.get(page.key)
        if b is None:
            rows.append([page.label, "—", "", "", "", "", ""])
            continue
        rows.append([page.label, _kb(b.html_raw), _kb(b.html_gz), str(len(b.assets)),
                     _kb(b.assets_gz), _kb(b.total_raw), _kb(b.total_gz)])
    out = [f"Bytes per page — a first visit, nothing cached ({served.target_label}, "
           f"{full:,} participants; body bytes, headers not counted; the app serves "
           f"uncompressed, gzip -6 is what a compressing proxy sends)",
           *_table(["page", "HTML", "HTML gz", "files", "files gz", "total", "total gz"],
                   rows, "lrrrrrr")]
    step = served.bytes.get("step_get")
    if step is not None:
        parts = [f"HTML {_kb(step.html_gz)}"] + [
            f"{path.rsplit('/', 1)[-1]} {_kb(z)}" for path, _, z in step.assets]
        out += ["", "Phone rating page (GET /me/rating/<id>/step/1, first visit, gzip): "
                + " + ".join(parts) + f" = {_kb(step.total_gz)} "
                f"({_kb(step.total_raw)} uncompressed)."]
        post = served.bytes.get("step_post")
        if post is not None:
            out.append(f"Each answer then autosaves with one POST whose answer is "
                       f"{_kb(post.html_raw)}.")
    return [*out, ""]


# --- Command line --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=20_000,
                        help="participants in the full-size database (default 20000)")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help=f"load per page in seconds (default 10, at most {MAX_SECONDS})")
    parser.add_argument("--users", type=int, default=datagen.N_BENCH_USERS,
                        choices=range(1, datagen.N_BENCH_USERS + 1), metavar="1-4",
                        help="simulated users per page, each its own connection and cookies")
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator (auto: wrk when installed, else Python)")
    parser.add_argument("--pg-server", default=database.PG_SERVER_URL,
                        help="PostgreSQL server; the database used is always smail_bench")
    args = parser.parse_args(argv)
    if args.participants < 10:
        parser.error("--participants must be at least 10")
    args.seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    return args


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tool = load.available_tool(args.load)
    backends = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = _loadavg()
    runs = []
    with tempfile.TemporaryDirectory(prefix="smail-bench-") as workdir:
        for backend in backends:
            runs.append(run_backend(backend, args.participants, args.seconds, args.users, tool,
                                    workdir, args.pg_server))
    text = report(runs, args, tool, load_before, _loadavg(), time.perf_counter() - started)
    print(text)
    (RESULTS / "latest.txt").write_text(text + "\n")
    _log(f"written to {RESULTS / 'latest.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
