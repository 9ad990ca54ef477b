"""The förbund's administration of organisations, insatser and teams."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from smail_app.auth.models import Role, User, UserRole
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.extensions import db
from smail_app.organisations import services
from smail_app.organisations.forms import InsatsForm, OrganisationForm, TeamMemberForm
from smail_app.organisations.models import Insats, Organisation

bp = Blueprint("organisations", __name__, url_prefix="/admin")


@bp.get("/")
@role_required(Role.ADMIN)
def admin_home():  # noqa: ANN201
    return redirect(url_for("organisations.organisations"))


@bp.route("/organisations", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisations():  # noqa: ANN201
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            services.create_organisation(form.name.data, form.kind.data)
        except services.OrganisationError as problem:
            db.session.rollback()
            form.name.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Organisationen är tillagd."), "success")
            return redirect(url_for("organisations.organisations"))
    rows = db.session.scalars(select(Organisation).order_by(Organisation.kind,
                                                            Organisation.name)).all()
    return render_template("organisations/organisations.html", form=form, organisations=rows,
                           county_form=EmptyForm(prefix="county")), 422 if form.errors else 200


@bp.post("/organisations/county")
@role_required(Role.ADMIN)
def load_county():  # noqa: ANN201
    form = EmptyForm(prefix="county")
    if form.validate_on_submit():
        created = services.load_county_structure()
        db.session.commit()
        flash(_("%(n)s organisationer lades till.", n=created), "success")
    return redirect(url_for("organisations.organisations"))


@bp.route("/insatser", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def insatser():  # noqa: ANN201
    form = InsatsForm()
    form.owner.choices = services.organisation_choices()
    if form.validate_on_submit():
        owner = services.by_public_id(Organisation, form.owner.data)
        try:
            if owner is None:
                raise services.OrganisationError(_("Välj en organisation."), "owner")
            insats = services.create_insats(form.name.data, owner, form.start_date.data,
                                            form.end_date.data, form.description.data or "")
        except services.OrganisationError as problem:
            db.session.rollback()
            getattr(form, problem.field or "name").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Insatsen är skapad."), "success")
            return redirect(url_for("organisations.insats", public_id=insats.public_id))
    rows = db.session.scalars(select(Insats).order_by(Insats.name)).all()
    return render_template("organisations/insatser.html", form=form, insatser=rows), \
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
def insats(public_id: str):  # noqa: ANN201
    insats = _insats_or_404(public_id)
    form = TeamMemberForm()
    form.user.choices = _handledare_choices(insats)
    if form.validate_on_submit():
        user = services.by_public_id(User, form.user.data)
        try:
            if user is None:
                raise services.OrganisationError(_("Välj en person."), "user")
            services.add_team_member(insats, user)
        except services.OrganisationError as problem:
            db.session.rollback()
            form.user.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("%(name)s är med i teamet.", name=user.display_name), "success")
            return redirect(url_for("organisations.insats", public_id=insats.public_id))
    return render_template("organisations/insats.html", insats=insats, form=form,
                           remove_form=EmptyForm(prefix="remove")), 422 if form.errors else 200


@bp.post("/insatser/<public_id>/team/<user_id>/remove")
@role_required(Role.ADMIN)
def remove_member(public_id: str, user_id: str):  # noqa: ANN201
    insats = _insats_or_404(public_id)
    user = services.by_public_id(User, user_id)
    if user is None:
        abort(404)
    if EmptyForm(prefix="remove").validate_on_submit():
        services.remove_team_member(insats, user)
        db.session.commit()
        flash(_("%(name)s är inte längre med i teamet.", name=user.display_name), "info")
    return redirect(url_for("organisations.insats", public_id=insats.public_id))
