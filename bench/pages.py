"""The pages the benchmark measures and who requests them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from flask import Flask, url_for

from bench.datagen import Generated

AUTOSAVE_HEADERS = {"X-SMAIL-Autosave": "1", "Accept": "application/json"}


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    role: str  # anonymous, handledare, small_team_handledare, participant or admin
    path: Callable[[Generated, int], str]
    method: str = "GET"
    autosave: bool = False
    shown_path: str = ""

    @property
    def is_baseline(self) -> bool:
        return self.key == "healthz"


def pages_for(app: Flask) -> list[Page]:
    """The measured pages, named by their endpoints. Adding one is one line here."""
    with app.test_request_context():
        def fixed(endpoint: str, **values: str) -> dict[str, object]:
            path = url_for(endpoint, **values)
            return {"path": lambda g, i: path, "shown_path": path}

        def participant(g: Generated, i: int) -> str:
            with app.test_request_context():
                return url_for("workspace.detail", public_id=g.participant_users[i].public_id)

        def step(g: Generated, i: int) -> str:
            with app.test_request_context():
                return url_for("assessments.rating_step",
                               rating_id=g.participant_users[i].draft_public_id, step=1)

        step_shown = unquote(url_for("assessments.rating_step", rating_id="<id>", step=1))
        return [
            Page("healthz", "trivial baseline", "anonymous", **fixed("web.healthz")),
            Page("caseload", "caseload (handledare)", "handledare",
                 **fixed("workspace.caseload")),
            Page("caseload_small", "caseload, teams of 20–300", "small_team_handledare",
                 **fixed("workspace.caseload")),
            Page("participant", "participant page (handledare)", "handledare", participant,
                 shown_path=unquote(url_for("workspace.detail", public_id="<id>"))),
            Page("progress", "progression (participant)", "participant",
                 **fixed("assessments.my_progress")),
            Page("step_get", "rating step 1, GET (phone)", "participant", step,
                 shown_path=step_shown),
            Page("step_post", "rating step 1, autosave POST", "participant", step,
                 method="POST", autosave=True, shown_path=step_shown),
            Page("esf", "ESF dashboard (admin)", "admin", **fixed("certification.esf")),
            Page("county", "county report (admin)", "admin", **fixed("reports.index")),
            # No target of their own: what the app's frame costs before a page shows any
            # data, beside the pages that must reach a share of /healthz
            Page("login", "reference: sign-in page", "anonymous", **fixed("auth.login")),
            Page("account", "reference: account page (participant)", "participant",
                 **fixed("auth.account")),
        ]
