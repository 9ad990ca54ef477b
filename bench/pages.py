"""The pages the benchmark measures, who requests them, and which of them exist yet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from bench.datagen import Generated

AUTOSAVE_HEADERS = {"X-SMAIL-Autosave": "1", "Accept": "application/json"}


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str  # anonymous, handledare, participant or admin
    path: Callable[[Generated, int], str] | None  # None: not built yet
    method: str = "GET"
    autosave: bool = False
    shown_path: str = ""

    @property
    def built(self) -> bool:
        return self.path is not None

    @property
    def is_baseline(self) -> bool:
        return self.key == "healthz"


def _exists(app: Flask, path: str, method: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path, method=method)
    except RequestRedirect:
        return True
    except (NotFound, MethodNotAllowed):
        return False
    return True


def _find_esf(app: Flask) -> str | None:
    """The ESF dashboard: an argument-free GET page under /certification/ about ESF."""
    found = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments
                   and rule.rule.startswith("/certification/") and "esf" in rule.rule.lower())
    return found[0] if found else None


def _find_county_report(app: Flask) -> str | None:
    """A county report page: an argument-free GET page of the reports blueprint, or one
    whose path says report/rapport/county/län (not the admin's county set-up page)."""
    candidates = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments:
            continue
        endpoint = rule.endpoint
        if endpoint.startswith(("organisations.", "certification.", "static", "api.")):
            continue
        if endpoint.startswith("reports.") or re.search(r"report|rapport|county|l[aä]n",
                                                        rule.rule, re.IGNORECASE):
            candidates.append(rule.rule)
    return sorted(candidates, key=len)[0] if candidates else None


def pages_for(app: Flask) -> list[Page]:
    def fixed(path: str) -> Callable[[Generated, int], str]:
        return lambda g, i: path

    def participant(g: Generated, i: int) -> str:
        return f"/participants/{g.participant_users[i].public_id}"

    def step(g: Generated, i: int) -> str:
        return f"/me/rating/{g.participant_users[i].draft_public_id}/step/1"

    wanted = [
        Page("healthz", "trivial baseline", "anonymous", fixed("/healthz"),
             shown_path="/healthz"),
        Page("caseload", "caseload (handledare)", "handledare", fixed("/participants/"),
             shown_path="/participants/"),
        Page("participant", "participant page (handledare)", "handledare", participant,
             shown_path="/participants/<id>"),
        Page("progress", "progression (participant)", "participant", fixed("/me/progress"),
             shown_path="/me/progress"),
        Page("step_get", "rating step 1, GET (phone)", "participant", step,
             shown_path="/me/rating/<id>/step/1"),
        Page("step_post", "rating step 1, autosave POST", "participant", step, method="POST",
             autosave=True, shown_path="/me/rating/<id>/step/1"),
    ]
    probe = {"participant": "/participants/x", "step_get": "/me/rating/x/step/1",
             "step_post": "/me/rating/x/step/1"}
    pages = []
    for page in wanted:
        path = probe.get(page.key) or page.shown_path
        if _exists(app, path, page.method):
            pages.append(page)
        else:
            pages.append(Page(page.key, page.label, page.role, None, page.method,
                              page.autosave, page.shown_path))
    esf = _find_esf(app)
    pages.append(Page("esf", "ESF dashboard (admin)", "admin",
                      (lambda g, i, p=esf: p) if esf else None,
                      shown_path=esf or "/certification/…"))
    county = _find_county_report(app)
    pages.append(Page("county", "county report (admin)", "admin",
                      (lambda g, i, p=county: p) if county else None,
                      shown_path=county or "/reports/…"))
    return pages
