"""Chart data for the browser (JSON in a data attribute; the CSP forbids inline scripts)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date

from smail_app.assessments.chart_summaries import line_summary, radar_summary
from smail_app.assessments.indicators import INDICATORS, Indicator
from smail_app.assessments.progression import Progression
from smail_app.i18n import gettext as _


def radar_label(key: str) -> str:
    return {"first": _("Första"), "previous": _("Förra"), "latest": _("Senaste")}[key]


def chart_data(progression: Progression) -> dict[str, object]:
    """Everything charts.js needs: indicator names, the radar series and each line series."""
    labels = [str(i.name) for i in INDICATORS]
    radar = [
        {"label": f"{radar_label(key)} ({format_date(point.rated_on, 'd MMMM y')})",
         "data": [point.scores.get(i.number) for i in INDICATORS]}
        for key, point in progression.radar_points()
    ]
    lines = []
    dates = [format_date(p.rated_on, "d MMM y") for p in progression.self_ratings]
    for indicator in INDICATORS:
        values = [p.scores.get(indicator.number) for p in progression.self_ratings]
        lines.append({
            "indicator": str(indicator.name), "dates": dates,
            "values": values, "summary": line_summary(str(indicator.name), values)})
    first, latest = progression.first, progression.latest
    changed = first is not None and latest is not None and latest is not first
    summary = radar_summary(
        [first.scores.get(i.number) for i in INDICATORS] if changed else [],
        [latest.scores.get(i.number) for i in INDICATORS] if changed else [])
    return {"labels": labels, "radar": radar, "lines": lines, "radar_summary": summary,
            "scale": {"min": 1, "max": 5}}


def workspace_chart_data(own: Progression, handledare: Progression,
                         handovers: list[date]) -> dict[str, object]:
    """The handledare's view: the participant's radar, and each indicator over time with the
    handledare's parallel rating beside it and the days another handledare took over marked
    on the time axis (static/js/workspace-charts.js draws it)."""
    base = chart_data(own)
    days = timeline_days(own, handledare, handovers)

    own_by_day = {p.rated_on: p.scores for p in own.self_ratings}
    their_by_day = {p.rated_on: p.scores for p in handledare.self_ratings}

    def series(by_day: dict[date, dict[int, float]], number: int) -> list[float | None]:
        return [by_day[day].get(number) if day in by_day else None for day in days]

    def line(indicator: Indicator) -> dict[str, object]:
        own_series = series(own_by_day, indicator.number)
        return {"indicator": str(indicator.name), "own": own_series,
                "handledare": series(their_by_day, indicator.number),
                "summary": line_summary(str(indicator.name), own_series)}

    base["timeline"] = {
        "dates": [day.isoformat() for day in days],
        "series_labels": {"own": _("Deltagaren"), "handledare": _("Handledaren")},
        "handover_label": _("Ny handledare"),
        "handovers": [day.isoformat() for day in handovers],
        "lines": [line(indicator) for indicator in INDICATORS],
    }
    return base


def timeline_days(own: Progression, handledare: Progression, handovers: list[date]) -> list[date]:
    """The time axis of the handledare's charts: every rating day and every handover."""
    return sorted({p.rated_on for p in own.self_ratings}
                  | {p.rated_on for p in handledare.self_ratings} | set(handovers))
