"""Staff pages for participants: registration, invite and password links, handover and the
6-month follow-up; the participant's own account from their invite and their reminder
settings. The caseload, the participant page and the exit page are in ``workspace``."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access
from smail_app.auth.forms import ParticipantAccountForm
from smail_app.auth.models import Invite, InviteKind, Role, User
from smail_app.auth.services import IssuedInvite
from smail_app.auth.views import invite_page, sign_in
from smail_app.core.access import participant_required, role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _
from smail_app.organisations import services as org_services
from smail_app.organisations.models import Insats, Organisation
from smail_app.participants import follow_up as follow_up_services
from smail_app.participants import registration, services
from smail_app.participants.forms import (
    FollowUpForm,
    FollowUpResultForm,
    HandoverForm,
    ParticipantForm,
    ReminderForm,
    chosen_insats,
)
from smail_app.participants.models import Participant
from smail_app.participants.registration_forms import AnonymousForm, RegistrationForm

bp = Blueprint("participants", __name__)


def _status(form) -> int:
    return 422 if form.errors else 200


def _detail(participant: Participant):
    return redirect(url_for("workspace.detail", public_id=participant.public_id))


# --- Registration and invites ----------------------------------------------------------------


@bp.route("/participants/new", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def register():
    my_insatser = org_services.insatser_for(current_user)
    form = ParticipantForm.offering(my_insatser, org_services.organisation_choices(
        kommuner_only=True))
    issued: list[IssuedInvite] = []  # filled by the change when it goes through
    if form.validate_on_submit() and applied(
            lambda: issued.append(services.register_with_invite(
                _new_participant(form, my_insatser), current_user)),
            form, fallback_field="code"):
        flash(_("Deltagaren är registrerad."), "success")
        return _render_invite(issued[0])
    return render_template("participants/register.html", form=form,
                           has_insatser=bool(my_insatser)), _status(form)


def _new_participant(form: ParticipantForm, my_insatser: list[Insats]) -> services.NewParticipant:
    kommun = org_services.by_public_id(Organisation, form.kommun.data) if form.kommun.data \
        else None
    return services.NewParticipant(
        insats=next((i for i in my_insatser if i.public_id == form.insats.data), None),
        code=form.code.data, alias=form.alias.data or "", birth_year=form.birth_year.data,
        gender=form.gender.data, kommun=kommun, start_date=form.start_date.data)


def _render_invite(issued: IssuedInvite, *, for_password: bool = False):
    link = url_for("auth.accept_invite", token=issued.token, _external=True)
    qr_svg = segno.make(link, error="m").svg_data_uri(scale=5, border=2)
    return render_template("participants/invite.html", participant=issued.invite.participant,
                           link=link, qr_svg=qr_svg, for_password=for_password,
                           valid_days=current_app.config["SMAIL_INVITE_VALID_DAYS"])


@bp.post("/participants/<public_id>/password-link")
@role_required(Role.HANDLEDARE)
def password_link(public_id: str):
    """A participant who has forgotten their password gets a new single-use link."""
    return _issue_link(public_id, services.issue_password_link, for_password=True)


@bp.post("/participants/<public_id>/invite")
@role_required(Role.HANDLEDARE)
def new_invite(public_id: str):
    return _issue_link(public_id, services.issue_participant_invite)


def _issue_link(public_id: str, issue, *, for_password: bool = False):
    """Issue a new invite or password link and show it once; a refusal is flashed on the
    participant's page."""
    participant = services.visible_participant_or_404(current_user, public_id)
    issued: list[IssuedInvite] = []
    if EmptyForm(prefix="invite").validate_on_submit() and applied(
            lambda: issued.append(issue(participant, current_user)), flash_refusal=True):
        return _render_invite(issued[0], for_password=for_password)
    return _detail(participant)


@invite_page(InviteKind.PARTICIPANT)
def accept_invite(invite: Invite):
    """The participant chooses a username and password from their invite (at /invite/<token>,
    which serves every kind of invite) and is signed in."""
    form = ParticipantAccountForm()
    user: list[User] = []
    # a link another request used meanwhile stops here with InviteUnusable's 410 page
    if form.validate_on_submit() and applied(lambda: user.append(
            services.accept_participant_invite(invite, form.username.data, form.password.data)),
            form, fallback_field="username"):
        return sign_in(user[0])
    return render_template("participants/accept_invite.html", form=form), _status(form)


@bp.route("/participants/new-anonymous", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def register_anonymous():
    """Someone who consents only to being counted: gender and birth year, no account."""
    my_insatser = org_services.insatser_for(current_user)
    form = AnonymousForm.offering(my_insatser)
    done: list[Participant] = []
    if form.validate_on_submit() and applied(lambda: done.append(
            registration.register_anonymous(form.new_anonymous(my_insatser), current_user)),
            form, fallback_field="insats"):
        flash(_("Den anonyma deltagaren är registrerad som %(code)s.", code=done[0].code),
              "success")
        return _detail(done[0])
    return render_template("participants/register_anonymous.html", form=form,
                           has_insatser=bool(my_insatser)), _status(form)


@bp.route("/participants/<public_id>/registration", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def registration_details(public_id: str):
    """Education, time in public support and income sources, as SUS records them."""
    participant = services.visible_participant_or_404(current_user, public_id)
    form = RegistrationForm.for_participant(participant, registration.income_sources(participant))
    if form.validate_on_submit() and applied(lambda: registration.record_registration(
            participant, form.details(), current_user), form, fallback_field="education"):
        flash(_("Registreringsuppgifterna är sparade."), "success")
        return _detail(participant)
    # logged after a refusal's rollback
    log_access(current_user, participant, AccessAction.VIEW, "registration")
    return render_template("participants/registration.html", form=form,
                           participant=participant), _status(form)


# --- Handover --------------------------------------------------------------------------------


@bp.route("/participants/<public_id>/handover", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def handover(public_id: str):
    participant = services.visible_participant_or_404(current_user, public_id)
    candidates = services.handover_candidates(participant)
    form = HandoverForm.offering(candidates)
    chosen = next((u for u in candidates if u.public_id == form.handledare.data), None)
    if form.validate_on_submit() and applied(
            lambda: services.hand_over(participant, chosen, current_user, form.note.data or ""),
            form, fallback_field="handledare"):
        flash(_("%(name)s är nu ansvarig handledare.", name=chosen.display_name), "success")
        return _detail(participant)
    # logged after a refusal's rollback
    log_access(current_user, participant, AccessAction.VIEW, "handover")
    return render_template("participants/handover.html", participant=participant, form=form,
                           history=services.assignment_history(participant),
                           has_candidates=bool(candidates)), _status(form)


# --- The 6-month follow-up ---------------------------------------------------------------------


@bp.get("/participants/follow-up")
@role_required(Role.HANDLEDARE)
def follow_up():
    """Who left 6 months ago, and a reproducible random sample of them to contact."""
    my_insatser = org_services.insatser_for(current_user)
    form = FollowUpForm.from_query(request.args, my_insatser)
    insats = chosen_insats(form.insats, my_insatser)
    drawn: list[follow_up_services.FollowUp] = []  # filled when the sample is drawn
    if form.validated and not form.insats.errors:
        applied(lambda: drawn.append(follow_up_services.follow_up(
            current_user, form.month.data, insats, form.size.data, form.seed.data)), form,
            fallback_field="size")
    result = drawn[0] if drawn else follow_up_services.FollowUp([], [])
    return render_template("participants/follow_up.html", form=form,
                           candidates=result.candidates, sample=result.sample,
                           results=follow_up_services.results_for(result.sample),
                           drawn=bool(drawn)), _status(form)


@bp.route("/participants/<public_id>/follow-up-result", methods=["GET", "POST"])
@role_required(Role.HANDLEDARE)
def follow_up_result(public_id: str):
    """Record what the 6-month follow-up found for one person who has left."""
    participant = services.visible_participant_or_404(current_user, public_id)
    form = FollowUpResultForm.for_result(follow_up_services.results_for([participant]).get(
        participant.id))
    if form.validate_on_submit() and applied(
            lambda: follow_up_services.record_result(participant, form.finding(), current_user),
            form, fallback_field="followed_up_on"):
        flash(_("Uppföljningen är sparad för %(label)s.", label=participant.label), "success")
        return redirect(url_for("participants.follow_up_result", public_id=public_id))
    return render_template("participants/follow_up_result.html", form=form,
                           participant=participant), _status(form)


# --- The participant's own reminder settings -------------------------------------------------


@bp.route("/me/reminders", methods=["GET", "POST"])
@participant_required
def my_reminders():
    participant = services.participant_for_user(current_user)
    form = ReminderForm(data={"email": participant.reminder_email,
                              "consent": participant.wants_reminders})
    if form.validate_on_submit() and applied(
            lambda: services.set_reminders(participant, form.email.data, form.consent.data),
            form, fallback_field="email"):
        flash(_("Dina val är sparade."), "success")
        return redirect(url_for("workspace.my_rating"))
    return render_template("participants/reminders.html", form=form,
                           participant=participant), _status(form)
