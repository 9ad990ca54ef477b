"""What the participant page and its print view show: ratings, the handledare's own ratings,
the plan and who has been responsible, read in a fixed number of queries however many
ratings there are."""

from __future__ import annotations

from typing import Any

from smail_app import clock
from smail_app.assessments import charts
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import BELIEF_LABELS, INDICATORS
from smail_app.assessments.models import RaterKind
from smail_app.assessments.progression import compare, progression_for, progressions_for
from smail_app.participants import services as participant_services
from smail_app.participants.models import Participant
from smail_app.plans import services as plan_services
from smail_app.workspace.caseload import Urgency, urgency_flags, weeks_in_insats


def participant_home(participant: Participant) -> dict[str, Any]:
    """What the participant's own start page shows: the next rating or the draft to go on
    with, the latest rating, and the plan."""
    return {
        "participant": participant, "due": assessment_services.due_for(participant),
        "draft": assessment_services.open_draft(participant, RaterKind.PARTICIPANT),
        "progression": progression_for(participant), "plan": plan_services.plan_for(participant),
        "indicators": INDICATORS,
    }


def participant_page(participant: Participant) -> dict[str, Any]:
    """The template context shared by the participant page and the print view."""
    today = clock.today()
    own, theirs = progressions_for(participant)
    history = participant_services.assignment_history(participant)
    handovers = participant_services.handover_dates(history)
    plan = plan_services.plan_for(participant)
    due = assessment_services.due_for(participant, today,
                                      rated_on=[point.rated_on for point in own.self_ratings])
    flags = urgency_flags(
        is_active=participant.is_active, due=due, has_baseline=bool(own.self_ratings),
        has_plan=plan is not None and bool(plan.activities),
        start_date=participant.start_date, today=today)
    return {
        "participant": participant, "due": due, "progression": own,
        "handledare_progression": theirs,
        "comparison": compare(own, theirs),
        "chart": charts.workspace_chart_data(own, theirs, handovers),
        "timeline_days": charts.timeline_days(own, theirs, handovers),
        "history": history, "handovers": handovers, "plan": plan,
        "plan_needs_review": plan_services.needs_review(plan, participant, today),
        "flags": flags, "Urgency": Urgency, "weeks": weeks_in_insats(participant, today),
        "indicators": INDICATORS, "belief_labels": BELIEF_LABELS,
    }
