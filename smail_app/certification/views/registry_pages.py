"""The certificate registry and one certificate (revoking it), the ESF dashboard and its
export, and the förbund's certification settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from smail_app import clock
from smail_app.auth.models import Role
from smail_app.certification import certificates, evaluations, exports, reports, settings
from smail_app.certification.forms import RevokeForm, SettingsForm
from smail_app.certification.models import Certificate, CertificateKind
from smail_app.certification.standing import certificates_of, expiring_soon
from smail_app.certification.views.blueprint import bp, by_public_id, status
from smail_app.core.access import role_required, staff_required
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _


@bp.get("/registry")
@role_required(Role.UTBILDARE, Role.ADMIN)
def registry():
    kind = request.args.get("kind", "")
    if kind not in {k.value for k in CertificateKind}:
        kind = ""
    listed = certificates.registry_certificates(current_user, kind or None)
    today = clock.today()
    return render_template("certification/registry.html", certificates=listed,
                           kind=kind, today=today,
                           expiring={c.id for c in expiring_soon(listed, today)})


def _certificate_or_404(public_id: str) -> Certificate:
    certificate = by_public_id(Certificate, public_id)
    if certificate is None or not certificates.certificate_visible_to(current_user,
                                                                      certificate):
        abort(404)
    return certificate


def _render_certificate(certificate: Certificate, form: RevokeForm):
    return render_template("certification/certificate.html", certificate=certificate,
                           form=form, today=clock.today(),
                           may_revoke=certificates.may_revoke(current_user, certificate)
                           and certificate.revoked_on is None,
                           history=certificates_of(certificate.holder_id)), status(form)


@bp.get("/certificates/<public_id>")
@staff_required
def certificate(public_id: str):
    return _render_certificate(_certificate_or_404(public_id), RevokeForm(formdata=None))


@bp.post("/certificates/<public_id>/revoke")
@staff_required
def revoke(public_id: str):
    certificate = _certificate_or_404(public_id)
    if not certificates.may_revoke(current_user, certificate):
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit() and applied(
            lambda: certificates.revoke_certificate(certificate, current_user,
                                                    form.reason.data),
            form, fallback_field="reason"):
        flash(_("Certifikatet är återkallat."), "info")
        return redirect(url_for("certification.certificate", public_id=public_id))
    return _render_certificate(certificate, form)


# --- ESF dashboard and settings (admin) ------------------------------------------------------


@bp.get("/esf")
@role_required(Role.ADMIN)
def esf():
    return render_template("certification/esf.html", dashboard=reports.current_esf_dashboard(),
                           min_group=evaluations.min_group_size())


@bp.get("/esf.<fmt>")
@role_required(Role.ADMIN)
def esf_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    dashboard = reports.current_esf_dashboard()
    return exports.table_download(reports.esf_columns(), reports.esf_rows(dashboard), fmt,
                                  f"esf-uppfoljning-{dashboard.on.isoformat()}",
                                  _("ESF-uppföljning"))


@bp.route("/settings", methods=["GET", "POST"], endpoint="settings")
@role_required(Role.ADMIN)
def settings_page():
    form = SettingsForm(data=settings.settings())
    if form.validate_on_submit() and applied(
            lambda: settings.update_settings(form.values(), current_user), form,
            fallback_field="target_utbildare"):
        flash(_("Inställningarna är sparade."), "success")
        return redirect(url_for("certification.esf"))
    return render_template("certification/settings.html", form=form), status(form)
