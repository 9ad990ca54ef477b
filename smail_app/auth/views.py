"""Sign-in, second factor, first-admin setup, invites and staff administration."""

from __future__ import annotations

from collections.abc import Callable

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from smail_app.auth import services
from smail_app.auth.forms import (
    LoginForm,
    NewPasswordForm,
    SetupForm,
    StaffAccountForm,
    StaffInviteForm,
    TotpForm,
)
from smail_app.auth.models import Invite, InviteKind, User
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.invite_mail import flash_mail_result, mail_link
from smail_app.extensions import db, limiter
from smail_app.web import home_url_for, safe_next

bp = Blueprint("auth", __name__)

PENDING_2FA_KEY = "pending_2fa_user"


def _login_limit() -> str:
    return current_app.config["SMAIL_LOGIN_RATE_LIMIT"]


def sign_in(user: User, next_url: str | None = None):  # noqa: ANN201
    """Sign ``user`` in (also after accepting a participant invite) and go on."""
    session.clear()  # a fresh session on sign-in (no fixation)
    login_user(user)
    services.record_login(user)
    return redirect(safe_next(next_url) or home_url_for(user))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.login.data, form.password.data)
        if user is None:
            form.login.errors.append(_("Fel e-post, användarnamn eller lösenord."))
        elif user.is_staff and (user.has_totp or user.must_use_totp):
            session.clear()
            session[PENDING_2FA_KEY] = user.public_id
            session["pending_next"] = safe_next(form.next.data)
            db.session.commit()
            if user.has_totp:
                return redirect(url_for("auth.login_totp"))
            return redirect(url_for("auth.totp_enrol"))
        else:
            return sign_in(user, form.next.data)
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


def _pending_user() -> User:
    public_id = session.get(PENDING_2FA_KEY)
    user = services.load_user(public_id) if public_id else None
    if user is None:
        abort(404)
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login_totp():  # noqa: ANN201
    user = _pending_user()
    if not user.has_totp:
        return redirect(url_for("auth.totp_enrol"))
    form = TotpForm()
    if form.validate_on_submit():
        if services.verify_totp(user, form.code.data):
            return sign_in(user, session.get("pending_next"))
        form.code.errors.append(_("Koden stämmer inte. Prova nästa kod som visas i appen."))
    return render_template("auth/totp.html", form=form), 200 if not form.errors else 422


@bp.route("/login/code/new", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def totp_enrol():  # noqa: ANN201
    """Required for admins before their first sign-in completes."""
    user = _pending_user()
    if user.has_totp:
        return redirect(url_for("auth.login_totp"))
    form = TotpForm()
    if _confirmed_totp(user, form):
        return sign_in(user, session.get("pending_next"))
    return _totp_enrolment_page(user, form)


def _confirmed_totp(user: User, form: TotpForm) -> bool:
    """Start (or keep) the user's enrolment; True once the posted code confirms it."""
    services.start_totp_enrolment(user)
    db.session.commit()
    if not form.validate_on_submit():
        return False
    if services.confirm_totp(user, form.code.data):
        db.session.commit()
        flash(_("Tvåstegsverifieringen är på."), "success")
        return True
    form.code.errors.append(_("Koden stämmer inte. Kontrollera att tiden i telefonen är rätt."))
    return False


def _totp_enrolment_page(user: User, form: TotpForm):  # noqa: ANN202
    qr_svg = segno.make(services.totp_uri(user)).svg_data_uri(scale=4)
    return render_template("auth/totp_enrol.html", form=form, secret=user.totp_secret,
                           qr_svg=qr_svg, required=user.must_use_totp), \
        200 if not form.errors else 422


@bp.post("/logout")
def logout():  # noqa: ANN201
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash(_("Du är utloggad."), "info")
    return redirect(url_for("auth.login"))


def _invite_gone(problem: services.InviteUnusable):  # noqa: ANN202
    return render_template("error.html", status=410, message=str(problem)), 410


def _staff_account_from(invite, form, *, fallback_field: str, done_message: str):  # noqa: ANN001, ANN202
    """Create the invited staff account from a valid form: a response when it is done or the
    invite went stale meanwhile, None when the form must be shown again with the error."""
    try:
        user = services.accept_staff_invite(invite, display_name=form.display_name.data,
                                            password=form.password.data, gender=form.gender.data)
    except services.AccountError as problem:
        db.session.rollback()
        getattr(form, problem.field or fallback_field).errors.append(str(problem))
        return None
    except services.InviteUnusable as problem:
        db.session.rollback()
        return _invite_gone(problem)
    db.session.commit()
    flash(done_message, "success")
    return redirect(url_for("auth.login", next=home_url_for(user)))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):  # noqa: ANN201
    try:
        invite = services.usable_invite(token, InviteKind.SETUP)
    except services.InviteUnusable as problem:
        return _invite_gone(problem)
    form = SetupForm()
    if form.validate_on_submit():
        invite.email = services.normalise_email(form.email.data)
        done = _staff_account_from(
            invite, form, fallback_field="email",
            done_message=_("Kontot är skapat. Logga in och slå på tvåstegsverifiering."))
        if done is not None:
            return done
    return render_template("auth/setup.html", form=form), 200 if not form.errors else 422


# Pages for invite kinds that belong to a package above auth (a participant's invite is
# accepted in participants), registered there with @invite_page, so that this one URL serves
# every kind without auth importing upward.
InvitePage = Callable[[Invite], ResponseReturnValue]
INVITE_PAGES: dict[str, InvitePage] = {}


def invite_page(kind: InviteKind) -> Callable[[InvitePage], InvitePage]:
    def register(page: InvitePage) -> InvitePage:
        INVITE_PAGES[str(kind)] = page
        return page

    return register


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):  # noqa: ANN201
    try:
        invite = services.usable_invite(
            token, (InviteKind.STAFF, InviteKind.PARTICIPANT, InviteKind.PASSWORD))
    except services.InviteUnusable as problem:
        return _invite_gone(problem)
    if invite.kind in INVITE_PAGES:
        return INVITE_PAGES[invite.kind](invite)
    if invite.kind == InviteKind.PASSWORD:
        return _choose_new_password(invite)
    form = StaffAccountForm()
    if form.validate_on_submit():
        done = _staff_account_from(
            invite, form, fallback_field="password",
            done_message=_("Ditt konto är klart. Logga in med din e-post."))
        if done is not None:
            return done
    return render_template("auth/invite_staff.html", form=form, invite=invite), \
        200 if not form.errors else 422


def _choose_new_password(invite: Invite):  # noqa: ANN202
    form = NewPasswordForm()
    try:
        account = services.account_for_password_link(invite)
    except services.InviteUnusable as problem:
        return _invite_gone(problem)
    if form.validate_on_submit():
        try:
            user = services.set_new_password(invite, form.password.data)
        except services.AccountError as problem:
            db.session.rollback()
            form.password.errors.append(str(problem))
        except services.InviteUnusable as problem:
            db.session.rollback()
            return _invite_gone(problem)
        else:
            db.session.commit()
            # participants go straight on; signing in starts a fresh session, so the
            # message is added after it
            response = sign_in(user) if user.is_participant \
                else redirect(url_for("auth.login"))
            flash(_("Ditt nya lösenord är sparat."), "success")
            return response
    return render_template("auth/new_password.html", form=form, account=account), \
        200 if not form.errors else 422


@bp.post("/admin/staff/<user_id>/password-link")
@role_required("admin")
def staff_password_link(user_id: str):  # noqa: ANN201
    user = db.session.scalar(select(User).where(User.public_id == user_id,
                                                User.email.is_not(None)))
    if user is None:
        abort(404)
    if not EmptyForm(prefix="password").validate_on_submit():
        return redirect(url_for("auth.staff"))
    issued = services.issue_password_link(user, current_user)
    db.session.commit()
    link = url_for("auth.accept_invite", token=issued.token, _external=True)
    flash(_("Länk för nytt lösenord till %(name)s. Den gäller i 7 dagar och kan bara användas "
            "en gång.", name=user.display_name), "success")
    flash_mail_result(mail_link(user.email or "", link, current_user.display_name, "password"))
    return _staff_page(StaffInviteForm(formdata=None), issued_link=link)


@bp.get("/account")
@login_required
def account():  # noqa: ANN201
    return render_template("auth/account.html", logout_form=EmptyForm())


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def account_totp():  # noqa: ANN201
    """Any staff member may turn on the second factor (admins must, at first sign-in)."""
    if not current_user.is_staff:
        abort(404)
    if current_user.has_totp:
        return redirect(url_for("auth.account"))
    form = TotpForm()
    if _confirmed_totp(current_user, form):
        return redirect(url_for("auth.account"))
    return _totp_enrolment_page(current_user, form)


@bp.route("/admin/staff", methods=["GET", "POST"])
@role_required("admin")
def staff():  # noqa: ANN201
    form = StaffInviteForm()
    issued_link = None
    _offer_organisations(form)
    if form.validate_on_submit():
        roles = form.chosen_roles()
        org_id = _organisation_id(form.organisation.data)
        if not roles:
            form.role_handledare.errors.append(_("Välj minst en roll."))
        elif services.email_taken(form.email.data):
            form.email.errors.append(_("Det finns redan ett konto med den e-postadressen."))
        else:
            issued = services.issue_invite(InviteKind.STAFF, created_by=current_user,
                                           email=form.email.data, roles=roles,
                                           organisation_id=org_id)
            db.session.commit()
            issued_link = url_for("auth.accept_invite", token=issued.token, _external=True)
            flash(_("Inbjudan är skapad. Skicka länken till personen; den gäller i 7 dagar "
                    "och kan bara användas en gång."), "success")
            flash_mail_result(mail_link(form.email.data, issued_link, current_user.display_name))
    return _staff_page(form, issued_link)


def _offer_organisations(form: StaffInviteForm) -> None:
    from smail_app.organisations.services import organisation_choices

    form.organisation.choices = [SelectChoice("", _("Ingen"))] + organisation_choices()


def _staff_page(form: StaffInviteForm, issued_link: str | None = None):  # noqa: ANN202
    _offer_organisations(form)
    users = db.session.scalars(select(User).options(selectinload(User.organisation))
                               .where(User.email.is_not(None))
                               .order_by(User.display_name)).all()
    return render_template("auth/staff.html", form=form, users=users, issued_link=issued_link,
                           password_form=EmptyForm(prefix="password")), \
        422 if form.errors else 200


def _organisation_id(public_id: str | None) -> int | None:
    if not public_id:
        return None
    from smail_app.organisations.models import Organisation

    return db.session.scalar(select(Organisation.id).where(Organisation.public_id == public_id))
