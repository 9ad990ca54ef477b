"""The three ways into a rating, and what differs between them.

The same step / check / submit / done pages serve every flow: the participant's own rating
(/me/rating/...), the participant's rating done together on the handledare's device (locked
to that rating, see ``device_lock``), and the handledare's parallel rating, which ends with
"Min tro på att deltagaren når arbete eller studier". ``FLOWS`` is the table the routes are
registered from (``flow_views``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, url_for
from flask_login import current_user

from smail_app.assessments import device_lock, services
from smail_app.assessments.indicators import INDICATOR_NUMBERS, INDICATORS
from smail_app.assessments.models import RaterKind, Rating, RatingMode
from smail_app.auth import sessions
from smail_app.auth.models import Role
from smail_app.core.access import participant_required, role_required
from smail_app.core.refusal import Refused
from smail_app.i18n import gettext as _
from smail_app.participants.services import visible_participant_or_404
from smail_app.web import safe_next


class FlowKind(enum.StrEnum):
    """Who answers, on whose device. Never stored or shown: the value prefixes the flow's
    endpoint names, and what a page says comes from ``RatingFlow``."""

    OWN = "rating"  # the participant on their own device
    TOGETHER = "together"  # the participant on the handledare's (locked) device
    PARALLEL = "parallel"  # the handledare's own rating


@dataclass(frozen=True)
class RatingFlow:
    """What differs between the flows: URLs, wording, the belief step, the lock."""

    kind: FlowKind
    rating: Rating

    def url(self, page: str, **values: object) -> str:
        if self.kind != FlowKind.OWN:
            values["participant_id"] = self.rating.participant.public_id
        return url_for(f"assessments.{self.kind.value}_{page}",
                       rating_id=self.rating.public_id, **values)

    @property
    def leave_url(self) -> str | None:
        """The back link from the first step; None on a locked device (no way out)."""
        if self.kind == FlowKind.OWN:
            return url_for("workspace.my_rating")
        if self.kind == FlowKind.PARALLEL:
            return url_for("workspace.detail", public_id=self.rating.participant.public_id)
        return None

    @property
    def has_belief_step(self) -> bool:
        return self.kind == FlowKind.PARALLEL

    @property
    def has_done_page(self) -> bool:
        """The handledare's own rating ends on the participant page instead."""
        return self.kind != FlowKind.PARALLEL

    @property
    def total_steps(self) -> int:
        return len(INDICATORS) + (1 if self.has_belief_step else 0)

    @property
    def is_locked(self) -> bool:
        return self.kind == FlowKind.TOGETHER

    @property
    def is_handledare_view(self) -> bool:
        return self.kind == FlowKind.PARALLEL

    @property
    def banner(self) -> str | None:
        """Whose rating this is, on every page of the flow but the participant's own."""
        if self.kind == FlowKind.TOGETHER:
            return _("Ni skattar tillsammans. Skärmen är låst till den här skattningen tills "
                     "handledaren loggar in igen.")
        if self.kind == FlowKind.PARALLEL:
            return _("Din skattning som handledare av %(label)s. Deltagaren ser den inte.",
                     label=self.rating.participant.label)
        return None

    @property
    def question(self) -> str:
        if self.is_handledare_view:
            return _("Hur väl stämmer det här för deltagaren just nu, som du ser det?")
        return _("Hur väl stämmer det här för dig just nu?")

    @property
    def check_title(self) -> str:
        if self.is_handledare_view:
            return _("Kontrollera din skattning av deltagaren")
        return _("Kontrollera dina svar")

    def submit(self, *, incomplete_confirmed: bool = False) -> None:
        """Send the rating. With statements left unanswered it is sent only once the rater
        has confirmed it on the check page (the scores rest on the answered ones)."""
        if services.unanswered_statements(self.rating) and not incomplete_confirmed \
                and not self.rating.is_submitted:
            raise Refused(_("Några påståenden saknar svar. Svara på dem, eller kryssa i att "
                            "du vill skicka ändå."), "incomplete_confirmed")
        if self.kind == FlowKind.OWN:
            services.submit(self.rating, password_link_id=sessions.opened_by_password_link())
        else:
            services.submit_for_participant(self.rating, current_user)

    def resume_url(self) -> str:
        """Where a started or resumed rating continues: the first step left to answer."""
        step = services.first_step_to_answer(self.rating)
        if step is not None:
            return self.url("step", step=step)
        if self.has_belief_step and self.rating.belief is None:
            return self.url("belief")
        return self.url("check")

    def after_step(self, step: int, going_back: bool, return_to: str | None) -> str:
        if going_back:
            if step == INDICATOR_NUMBERS[0]:
                return self.leave_url or self.url("step", step=step)
            return self.url("step", step=step - 1)
        target = safe_next(return_to)
        if target:
            return target
        if step == INDICATOR_NUMBERS[-1]:
            return self.url("belief") if self.has_belief_step else self.url("check")
        return self.url("step", step=step + 1)


def _found(kind: FlowKind, rating: Rating | None) -> RatingFlow:
    if rating is None:
        abort(404)
    return RatingFlow(kind, rating)


def own_flow(rating_id: str) -> RatingFlow:
    return _found(FlowKind.OWN, services.own_rating(current_user, rating_id))


def together_flow(rating_id: str, participant_id: str) -> RatingFlow:
    """Only on the device locked to this rating: elsewhere the pages do not exist."""
    if device_lock.current() != device_lock.DeviceLock(participant_id, rating_id):
        abort(404)
    participant = visible_participant_or_404(current_user, participant_id)
    return _found(FlowKind.TOGETHER, services.rating_of(
        participant, rating_id, RaterKind.PARTICIPANT, RatingMode.TOGETHER))


def parallel_flow(rating_id: str, participant_id: str) -> RatingFlow:
    participant = visible_participant_or_404(current_user, participant_id)
    return _found(FlowKind.PARALLEL,
                  services.rating_of(participant, rating_id, RaterKind.HANDLEDARE))


@dataclass(frozen=True)
class FlowRoutes:
    """Where a flow's pages live, who may open them, and how its rating is found."""

    kind: FlowKind
    prefix: str
    guard: Callable[[Callable[..., Any]], Callable[..., Any]]
    load: Callable[..., RatingFlow]


FLOWS: tuple[FlowRoutes, ...] = (
    FlowRoutes(FlowKind.OWN, "/me/rating/<rating_id>", participant_required, own_flow),
    FlowRoutes(FlowKind.TOGETHER, "/participants/<participant_id>/together/<rating_id>",
               role_required(Role.HANDLEDARE), together_flow),
    FlowRoutes(FlowKind.PARALLEL, "/participants/<participant_id>/parallel/<rating_id>",
               role_required(Role.HANDLEDARE), parallel_flow),
)
