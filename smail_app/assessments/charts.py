"""Chart data for the browser (JSON in a data attribute; the CSP forbids inline scripts)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from smail_app.assessments.indicators import INDICATORS
from smail_app.assessments.services import Progression


def radar_label(key: str) -> str:
    return {"first": _("Första"), "previous": _("Förra"), "latest": _("Senaste")}[key]


def chart_data(progression: Progression) -> dict[str, object]:
    """Everything charts.js needs: indicator names, the radar series and each line series."""
    labels = [str(i.name) for i in INDICATORS]
    radar = [
        {"label": f"{radar_label(key)} ({point.rated_on.isoformat()})",
         "data": [point.scores.get(i.number) for i in INDICATORS]}
        for key, point in progression.radar_points()
    ]
    lines = [
        {"indicator": str(i.name),
         "dates": [p.rated_on.isoformat() for p in progression.self_ratings],
         "values": [p.scores.get(i.number) for p in progression.self_ratings]}
        for i in INDICATORS
    ]
    return {"labels": labels, "radar": radar, "lines": lines,
            "scale": {"min": 1, "max": 5}}


def workspace_chart_data(own: Progression, handledare: Progression,
                         handovers: list[date]) -> dict[str, object]:
    """The handledare's view: the participant's radar, and each indicator over time with the
    handledare's parallel rating beside it and the days another handledare took over marked
    on the time axis (static/js/workspace-charts.js draws it)."""
    base = chart_data(own)
    days = timeline_days(own, handledare, handovers)

    def series(progression: Progression, number: int) -> list[float | None]:
        by_day = {p.rated_on: p.scores.get(number) for p in progression.self_ratings}
        return [by_day.get(day) for day in days]

    base["timeline"] = {
        "dates": [day.isoformat() for day in days],
        "series_labels": {"own": _("Deltagaren"), "handledare": _("Handledaren")},
        "handover_label": _("Ny handledare"),
        "handovers": [day.isoformat() for day in handovers],
        "lines": [{"indicator": str(i.name), "own": series(own, i.number),
                   "handledare": series(handledare, i.number)} for i in INDICATORS],
    }
    return base


def timeline_days(own: Progression, handledare: Progression, handovers: list[date]) -> list[date]:
    """The time axis of the handledare's charts: every rating day and every handover."""
    return sorted({p.rated_on for p in own.self_ratings}
                  | {p.rated_on for p in handledare.self_ratings} | set(handovers))
