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
from flask_babel import format_datetime, ngettext
from flask_login import current_user, login_required

from smail_app import clock
from smail_app.auth import lifecycle, services, sessions, totp
from smail_app.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    RecoveryCodesForm,
    SetupForm,
    SignInCodeForm,
    StaffAccountForm,
    TotpForm,
)
from smail_app.auth.models import Invite, InviteKind, User
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.extensions import limiter
from smail_app.i18n import gettext as _
from smail_app.web import home_url_for, safe_next

bp = Blueprint("auth", __name__)

PENDING_2FA_KEY = "pending_2fa_user"
PENDING_GENERATION_KEY = "pending_2fa_generation"
PENDING_SINCE_KEY = "pending_2fa_since"
PENDING_MINUTES = 5  # the password step counts this long; then it is asked for again


def _login_limit() -> str:
    return current_app.config["SMAIL_LOGIN_RATE_LIMIT"]


def sign_in(user: User, next_url: str | None = None, *, password_link_id: int | None = None):
    """Sign ``user`` in (also after accepting a participant invite) and go on."""
    return redirect(_signed_in(user, next_url, password_link_id=password_link_id))


def _signed_in(user: User, next_url: str | None, *, password_link_id: int | None = None) -> str:
    """Start ``user``'s session; the address to go on to."""
    sessions.start(user, password_link_id=password_link_id)
    services.record_login(user)
    for change in lifecycle.untold_password_changes(user):
        flash(_("Ett nytt lösenord valdes %(when)s med en länk från administratören "
                "%(name)s. Var det inte du? Kontakta förbundet och byt lösenord.",
                when=format_datetime(change.created_dt, "short"),
                name=change.detail or _("(okänd)")), "warning")
    return safe_next(next_url) or home_url_for(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    found: list[User | None] = []
    if form.validate_on_submit() and applied(lambda: found.append(services.authenticate(
            form.login.data, form.password.data)), form, fallback_field="login"):
        user = found[0]
        if user is None:
            form.login.errors.append(_("Fel e-post, användarnamn eller lösenord. Kontrollera "
                                       "stavningen och försök igen."))
        elif user.is_staff and (user.has_totp or user.must_use_totp):
            return _ask_second_factor(user, form.next.data)
        else:
            return sign_in(user, form.next.data)
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


def _ask_second_factor(user: User, next_target: str | None):
    """Half signed in: the password was right, the code (or setting one up) comes next."""
    session.clear()
    session[PENDING_2FA_KEY] = user.public_id
    session[PENDING_GENERATION_KEY] = user.session_generation
    session[PENDING_SINCE_KEY] = clock.now().timestamp()
    session["pending_next"] = safe_next(next_target)
    return redirect(url_for("auth.login_totp" if user.has_totp else "auth.totp_enrol"))


def _pending_user() -> User:
    public_id = session.get(PENDING_2FA_KEY)
    since = session.get(PENDING_SINCE_KEY)
    if public_id and (not isinstance(since, int | float)
                      or clock.now().timestamp() - since > PENDING_MINUTES * 60):
        session.clear()
        flash(_("Det tog för lång tid. Logga in igen."), "info")
        abort(redirect(url_for("auth.login")))
    user = services.load_user(public_id) if public_id else None
    # a new password or "sign out everywhere" since the password step ends this one too
    if user is None or not user.is_active \
            or session.get(PENDING_GENERATION_KEY) != user.session_generation:
        abort(404)
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login_totp():
    user = _pending_user()
    if not user.has_totp:
        return redirect(url_for("auth.totp_enrol"))
    form = SignInCodeForm()
    kind: list[str | None] = []
    if form.validate_on_submit() and applied(
            lambda: kind.append(totp.check_second_factor(user, form.code.data)), form,
            fallback_field="code"):
        if kind[0] == "recovery":
            left = totp.unused_recovery_codes(user)
            response = sign_in(user, session.get("pending_next"))
            flash(ngettext("Du loggade in med en reservkod. Du har %(num)s kvar.",
                           "Du loggade in med en reservkod. Du har %(num)s kvar.", left)
                  + " " + _("Skapa nya under Mitt konto om de börjar ta slut."), "info")
            return response
        if kind[0] == "app":
            return sign_in(user, session.get("pending_next"))
        form.code.errors.append(_("Koden stämmer inte. Prova nästa kod som visas i appen."))
    return render_template("auth/totp.html", form=form), 200 if not form.errors else 422


@bp.route("/login/code/new", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def totp_enrol():
    """Required for admins before their first sign-in completes."""
    user = _pending_user()
    if user.has_totp:
        return redirect(url_for("auth.login_totp"))
    return _enrolment(user, on_confirmed=lambda: _signed_in(user, session.get("pending_next")),
                      start_url=url_for("auth.totp_enrol_start"))


@bp.post("/login/code/new/start")
def totp_enrol_start():
    user = _pending_user()
    if EmptyForm().validate_on_submit() and not user.has_totp:
        totp.start_totp_enrolment(user)
    return redirect(url_for("auth.totp_enrol"))


def _enrolment(user: User, *, on_confirmed: Callable[[], str], start_url: str):
    """The enrolment page. A GET never makes a secret (a page opened by someone else, or
    prefetched, must not start one): the "Visa QR-koden" button posts to ``start_url``. A right
    code turns the second factor on and shows the recovery codes once; ``on_confirmed`` gives
    the address to go on to."""
    form = TotpForm()
    if user.totp_secret is None:
        return render_template("auth/totp_enrol.html", start_form=EmptyForm(),
                               start_url=start_url, required=user.must_use_totp)
    confirmed: list[bool] = []
    if form.validate_on_submit() and applied(
            lambda: confirmed.append(totp.confirm_totp(user, form.code.data)), form,
            fallback_field="code"):
        if confirmed[0]:
            go_on = on_confirmed()  # may start the session, which empties the flashes
            flash(_("Tvåstegsverifieringen är på."), "success")
            return _recovery_codes_page(totp.new_recovery_codes(user), go_on)
        form.code.errors.append(_("Koden stämmer inte. Kontrollera att tiden i telefonen är "
                                  "rätt."))
    qr_svg = segno.make(totp.totp_uri(user)).svg_data_uri(scale=4)
    return render_template("auth/totp_enrol.html", form=form, secret=user.totp_secret,
                           qr_svg=qr_svg, required=user.must_use_totp), \
        200 if not form.errors else 422


def _recovery_codes_page(codes: list[str], continue_url: str):
    """Shown once, in the answer to the POST that made them; never stored or cached."""
    response = current_app.make_response(render_template(
        "auth/recovery_codes.html", codes=codes, continue_url=continue_url))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/logout")
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        # A copy of this session's cookie (taken before) must not outlive the sign-out, and a
        # signed cookie cannot be recalled: the account's session generation moves on, which
        # ends its sessions on other devices too.
        services.end_all_sessions(current_user)
        sessions.end()
        flash(_("Du är utloggad."), "info")
    return redirect(url_for("auth.login"))


def _staff_account_from(invite: Invite, form: SetupForm | StaffAccountForm, *,
                        fallback_field: str, done_message: str) -> ResponseReturnValue | None:
    """Create the invited staff account from a valid form and sign its holder in (the link
    proved the address), on to the second factor where the account needs it: the redirect
    when it is done, None when the form must be shown again with the refusal on it."""
    created: list[User] = []
    if not applied(lambda: created.append(services.accept_staff_invite(
            invite, display_name=form.display_name.data, password=form.password.data,
            gender=form.gender.data)), form, fallback_field=fallback_field):
        return None
    user = created[0]
    response = _ask_second_factor(user, None) if user.must_use_totp else sign_in(user)
    flash(done_message, "success")
    return response


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    invite = services.usable_invite(token, InviteKind.SETUP)
    form = SetupForm()
    if form.validate_on_submit():
        invite.email = services.normalise_email(form.email.data)
        done = _staff_account_from(
            invite, form, fallback_field="email",
            done_message=_("Kontot är skapat. Slå på tvåstegsverifieringen nu."))
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
def accept_invite(token: str):
    invite = services.usable_invite(
        token, (InviteKind.STAFF, InviteKind.PARTICIPANT, InviteKind.PASSWORD))
    if invite.kind in INVITE_PAGES:
        return INVITE_PAGES[invite.kind](invite)
    if invite.kind == InviteKind.PASSWORD:
        return _choose_new_password(invite)
    form = StaffAccountForm(data={"display_name": invite.name})  # the name the inviter typed
    if form.validate_on_submit():
        done = _staff_account_from(
            invite, form, fallback_field="password",
            done_message=_("Ditt konto är klart. Nästa gång loggar du in med din e-post."))
        if done is not None:
            return done
    return render_template("auth/invite_staff.html", form=form, invite=invite), \
        200 if not form.errors else 422


def _choose_new_password(invite: Invite) -> ResponseReturnValue:
    form = NewPasswordForm()
    account = services.account_for_password_link(invite)
    changed: list[User] = []
    if form.validate_on_submit() and applied(
            lambda: changed.append(services.set_new_password(invite, form.password.data)), form,
            fallback_field="password"):
        lifecycle.password_set_by_link(changed[0], invite)
        # participants go straight on; signing in starts a fresh session, so the message is
        # added after it
        response = sign_in(changed[0], password_link_id=invite.id) \
            if changed[0].is_participant else redirect(url_for("auth.login"))
        flash(_("Ditt nya lösenord är sparat."), "success")
        return response
    return render_template("auth/new_password.html", form=form, account=account), \
        200 if not form.errors else 422


@bp.get("/account")
@login_required
def account():
    return _account_page(ChangePasswordForm(formdata=None))


def _account_page(password_form: ChangePasswordForm,
                  recovery_form: RecoveryCodesForm | None = None):
    recovery_form = recovery_form or RecoveryCodesForm(formdata=None)
    user = current_user._get_current_object()
    return render_template("auth/account.html", logout_form=EmptyForm(),
                           everywhere_form=EmptyForm(prefix="everywhere"),
                           events=lifecycle.events_of(user) if user.is_staff else None,
                           password_form=password_form, recovery_form=recovery_form,
                           recovery_codes_left=totp.unused_recovery_codes(user)
                           if user.has_totp else None), \
        200 if not (password_form.errors or recovery_form.errors) else 422


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    changed: list[bool] = []
    if form.validate_on_submit() and applied(lambda: changed.append(services.change_password(
            current_user, form.current_password.data, form.password.data)), form,
            fallback_field="password"):
        if changed[0]:
            sessions.start(current_user._get_current_object())  # this browser stays signed in
            flash(_("Ditt nya lösenord är sparat. Du har loggats ut på andra enheter."),
                  "success")
            return redirect(url_for("auth.account"))
        form.current_password.errors.append(_("Det nuvarande lösenordet stämmer inte."))
    return _account_page(form)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    form = EmptyForm(prefix="everywhere")
    if form.validate_on_submit():
        services.end_all_sessions(current_user)
        sessions.end()
        flash(_("Du är utloggad på alla enheter."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def account_totp():
    """Any staff member may turn on the second factor (admins must, at first sign-in)."""
    if not current_user.is_staff:
        abort(404)
    if current_user.has_totp:
        return redirect(url_for("auth.account"))
    return _enrolment(current_user, on_confirmed=lambda: url_for("auth.account"),
                      start_url=url_for("auth.account_totp_start"))


@bp.post("/account/two-factor/start")
@login_required
def account_totp_start():
    if not current_user.is_staff:
        abort(404)
    if not current_user.has_totp and EmptyForm().validate_on_submit():
        totp.start_totp_enrolment(current_user)
    return redirect(url_for("auth.account_totp"))


@bp.post("/account/recovery-codes")
@login_required
@limiter.limit(_login_limit)
def new_recovery_codes():
    """New recovery codes replace the old ones; the password is asked again, so that a
    session left open cannot be turned into lasting access."""
    if not current_user.has_totp:
        abort(404)
    form = RecoveryCodesForm()
    right: list[bool] = []
    if form.validate_on_submit() and applied(lambda: right.append(services.check_own_password(
            current_user, form.password.data, "password")), form):
        if right[0]:
            return _recovery_codes_page(totp.new_recovery_codes(current_user),
                                        url_for("auth.account"))
        form.password.errors.append(_("Lösenordet stämmer inte."))
    return _account_page(ChangePasswordForm(formdata=None), recovery_form=form)
