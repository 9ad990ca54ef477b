"""The förbund's administration of organisations, insatser and teams."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from smail_app.auth import lifecycle
from smail_app.auth import services as auth_services
from smail_app.auth.forms import StaffInviteForm, StaffRolesForm
from smail_app.auth.models import Role, User, UserRole
from smail_app.core import invite_mail
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.invite_mail import flash_mail_result, mail_link
from smail_app.core.transaction import applied
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.i18n import ngettext
from smail_app.organisations import services
from smail_app.organisations.forms import InsatsForm, OrganisationForm, TeamMemberForm
from smail_app.organisations.models import Insats, Organisation

bp = Blueprint("organisations", __name__, url_prefix="/admin")


@bp.get("/")
@role_required(Role.ADMIN)
def admin_home():
    return redirect(url_for("organisations.organisations"))


@bp.route("/organisations", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisations():
    form = OrganisationForm()
    if form.validate_on_submit() and applied(
            lambda: services.create_organisation(form.name.data, form.kind.data), form,
            fallback_field="name"):
        flash(_("Organisationen är tillagd."), "success")
        return redirect(url_for("organisations.organisations"))
    rows = db.session.scalars(select(Organisation).order_by(Organisation.kind,
                                                            Organisation.name)).all()
    return render_template("organisations/organisations.html", form=form, organisations=rows,
                           county_form=EmptyForm(prefix="county")), 422 if form.errors else 200


@bp.post("/organisations/county")
@role_required(Role.ADMIN)
def load_county():
    form = EmptyForm(prefix="county")
    if form.validate_on_submit():
        created = services.load_county_structure()
        flash(_("%(n)s organisationer lades till.", n=created), "success")
    return redirect(url_for("organisations.organisations"))


@bp.route("/insatser", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def insatser():
    form = InsatsForm()
    form.owner.choices = services.organisation_choices()
    created: list[Insats] = []
    if form.validate_on_submit() and applied(lambda: created.append(services.create_insats(
            form.name.data, services.by_public_id(Organisation, form.owner.data),
            form.start_date.data, form.end_date.data, form.description.data or "",
            form.insats_type.data or "")), form, fallback_field="name"):
        flash(_("Insatsen är skapad."), "success")
        return redirect(url_for("organisations.insats", public_id=created[0].public_id))
    rows = db.session.scalars(select(Insats).order_by(Insats.name)).all()
    return render_template("organisations/insatser.html", form=form, insatser=rows), \
        422 if form.errors else 200


@bp.route("/insatser/<public_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def insats_edit(public_id: str):
    insats = _insats_or_404(public_id)
    form = InsatsForm(obj=insats) if request.method == "GET" else InsatsForm()
    form.owner.choices = services.organisation_choices()
    if request.method == "GET":
        form.owner.data = insats.owner.public_id
    if form.validate_on_submit() and applied(lambda: services.update_insats(
            insats, form.name.data, services.by_public_id(Organisation, form.owner.data),
            form.start_date.data, form.end_date.data, form.description.data or "",
            form.insats_type.data or ""), form, fallback_field="name"):
        flash(_("Insatsen är sparad."), "success")
        return redirect(url_for("organisations.insats", public_id=insats.public_id))
    return render_template("organisations/insats_edit.html", insats=insats, form=form), \
        422 if form.errors else 200


def _insats_or_404(public_id: str) -> Insats:
    insats = services.by_public_id(Insats, public_id)
    if insats is None:
        abort(404)
    return insats


def _handledare_choices(insats: Insats) -> list[SelectChoice]:
    members = {m.user_id for m in insats.team}
    users = db.session.scalars(select(User).join(UserRole).where(UserRole.role == Role.HANDLEDARE)
                               .order_by(User.display_name)).all()
    return [SelectChoice(u.public_id, f"{u.display_name} ({u.email})") for u in users
            if u.id not in members]


@bp.route("/insatser/<public_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def insats(public_id: str):
    insats = _insats_or_404(public_id)
    form = TeamMemberForm()
    form.user.choices = _handledare_choices(insats)
    added: list[User] = []
    if form.validate_on_submit() and applied(
            lambda: added.append(services.add_team_member_by_id(insats, form.user.data)), form,
            fallback_field="user"):
        flash(_("%(name)s är med i teamet.", name=added[0].display_name), "success")
        return redirect(url_for("organisations.insats", public_id=insats.public_id))
    return render_template("organisations/insats.html", insats=insats, form=form,
                           remove_form=EmptyForm(prefix="remove")), 422 if form.errors else 200


@bp.post("/insatser/<public_id>/team/<user_id>/remove")
@role_required(Role.ADMIN)
def remove_member(public_id: str, user_id: str):
    insats = _insats_or_404(public_id)
    user = services.by_public_id(User, user_id)
    if user is None:
        abort(404)
    if EmptyForm(prefix="remove").validate_on_submit():
        services.remove_team_member(insats, user)
        flash(_("%(name)s är inte längre med i teamet.", name=user.display_name), "info")
    return redirect(url_for("organisations.insats", public_id=insats.public_id))


# --- Staff accounts: the admin invites staff to an organisation ------------------------------


@bp.route("/staff", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def staff():
    form = StaffInviteForm()
    form.organisation.choices = _organisation_choices()
    issued: list[auth_services.IssuedInvite] = []
    if form.validate_on_submit() and applied(lambda: issued.append(
            auth_services.issue_staff_invite(
                current_user, form.email.data, form.chosen_roles(),
                _organisation_id(form.organisation.data))), form):
        return _staff_page(form, issued_link=_announce_invite(issued[0], form.email.data))
    return _staff_page(form)


def _announce_invite(issued: auth_services.IssuedInvite, email: str) -> str:
    """Mail the new invite's link where mail is set up, say how long it lasts; the link."""
    link = url_for("auth.accept_invite", token=issued.token, _external=True)
    flash(ngettext("Inbjudan är skapad. Skicka länken till personen; den gäller i %(num)s dag "
                   "och kan bara användas en gång.",
                   "Inbjudan är skapad. Skicka länken till personen; den gäller i %(num)s "
                   "dagar och kan bara användas en gång.", auth_services.invite_valid_days()),
          "success")
    flash_mail_result(mail_link(email, link, current_user.display_name))
    return link


@bp.post("/staff/invites/<int:invite_id>/revoke")
@role_required(Role.ADMIN)
def revoke_staff_invite(invite_id: int):
    if EmptyForm(prefix="revoke").validate_on_submit() and auth_services.revoke_staff_invite(
            invite_id):
        flash(_("Inbjudan är tillbakadragen. Länken fungerar inte längre."), "info")
    return redirect(url_for("organisations.staff"))


def _staff_account_or_404(user_id: str) -> User:
    user = auth_services.staff_by_public_id(user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/staff/<user_id>")
@role_required(Role.ADMIN)
def staff_account(user_id: str):
    user = _staff_account_or_404(user_id)
    return _staff_account_page(user, _roles_form_for(user))


def _roles_form_for(user: User) -> StaffRolesForm:
    return StaffRolesForm(formdata=None, data={f"role_{role}": role in user.roles
                                               for role in Role})


def _staff_account_page(user: User, roles_form: StaffRolesForm, issued_link: str | None = None):
    return render_template("organisations/staff_account.html", user=user,
                           roles_form=roles_form, action_form=EmptyForm(prefix="action"),
                           events=lifecycle.events_of(user), issued_link=issued_link,
                           tokens=lifecycle.tokens_of(user),
                           token_lifetime=timedelta(
                               days=current_app.config["SMAIL_API_TOKEN_DAYS"]),
                           mailed=invite_mail.invites_are_mailed()), \
        422 if roles_form.errors else 200


@bp.post("/staff/<user_id>/roles")
@role_required(Role.ADMIN)
def staff_roles(user_id: str):
    user = _staff_account_or_404(user_id)
    form = StaffRolesForm()
    changed: list[bool] = []
    if form.validate_on_submit() and applied(lambda: changed.append(lifecycle.set_roles(
            user, form.chosen_roles(), current_user)), form, fallback_field="role_handledare"):
        if changed[0]:
            flash(_("Rollerna för %(name)s är ändrade.", name=user.display_name), "success")
        return redirect(url_for("organisations.staff_account", user_id=user.public_id))
    return _staff_account_page(user, form)


@bp.post("/staff/<user_id>/deactivate")
@role_required(Role.ADMIN)
def deactivate_staff(user_id: str):
    user = _staff_account_or_404(user_id)
    if EmptyForm(prefix="action").validate_on_submit() and applied(
            lambda: lifecycle.deactivate(user, current_user), flash_refusal=True):
        flash(_("Kontot för %(name)s är stängt. Alla inloggningar och API-nycklar slutade "
                "gälla nu.", name=user.display_name), "info")
    return redirect(url_for("organisations.staff_account", user_id=user.public_id))


@bp.post("/staff/<user_id>/reactivate")
@role_required(Role.ADMIN)
def reactivate_staff(user_id: str):
    user = _staff_account_or_404(user_id)
    if EmptyForm(prefix="action").validate_on_submit():
        lifecycle.reactivate(user, current_user)
        flash(_("Kontot för %(name)s är öppet igen.", name=user.display_name), "info")
    return redirect(url_for("organisations.staff_account", user_id=user.public_id))


@bp.post("/staff/<user_id>/tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def revoke_staff_token(user_id: str, token_id: int):
    user = _staff_account_or_404(user_id)
    if EmptyForm(prefix="action").validate_on_submit() and lifecycle.revoke_token(
            user, token_id, current_user):
        flash(_("API-nyckeln är återkallad och fungerar inte längre."), "info")
    return redirect(url_for("organisations.staff_account", user_id=user.public_id))


@bp.post("/staff/<user_id>/password-link")
@role_required(Role.ADMIN)
def staff_password_link(user_id: str):
    """With mail set up, the link goes to the account's own address only, never on screen:
    otherwise the admin could use it to take the account over. Without mail it is shown, and
    the account's holder finds that in their account's log and is told at the next sign-in."""
    user = _staff_account_or_404(user_id)
    shown: list[str | None] = []
    if not (EmptyForm(prefix="action").validate_on_submit() and applied(
            lambda: shown.append(lifecycle.issue_staff_password_link(user, current_user)),
            flash_refusal=True)):
        return redirect(url_for("organisations.staff_account", user_id=user.public_id))
    days = auth_services.invite_valid_days()
    if shown[0] is None:
        flash(ngettext("En länk för nytt lösenord är skickad till %(email)s. Den gäller i "
                       "%(num)s dag.", "En länk för nytt lösenord är skickad till %(email)s. "
                       "Den gäller i %(num)s dagar.", days, email=user.email), "success")
        return redirect(url_for("organisations.staff_account", user_id=user.public_id))
    flash(ngettext("Länk för nytt lösenord till %(name)s. Den gäller i %(num)s dag och kan bara "
                   "användas en gång.",
                   "Länk för nytt lösenord till %(name)s. Den gäller i %(num)s dagar och kan bara "
                   "användas en gång.", days, name=user.display_name), "success")
    return _staff_account_page(user, _roles_form_for(user), issued_link=shown[0])


def _organisation_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Ingen")), *services.organisation_choices()]


def _organisation_id(public_id: str | None) -> int | None:
    organisation = services.by_public_id(Organisation, public_id)
    return organisation.id if organisation is not None else None


def _staff_page(form: StaffInviteForm, issued_link: str | None = None):
    form.organisation.choices = _organisation_choices()
    users = db.session.scalars(select(User).options(selectinload(User.organisation))
                               .where(User.email.is_not(None))
                               .order_by(User.display_name)).all()
    return render_template("organisations/staff.html", form=form, users=users,
                           issued_link=issued_link,
                           pending=auth_services.pending_staff_invites(),
                           revoke_form=EmptyForm(prefix="revoke")), \
        422 if form.errors else 200
