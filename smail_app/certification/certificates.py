"""Issuing and revoking certificates, and the registry: who sees which certificates."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, select

from smail_app import clock
from smail_app.auth.models import Role, User
from smail_app.certification.attendees import link_pending_enrolments
from smail_app.certification.completion import completion_gaps
from smail_app.certification.models import Certificate, CertificateKind, Enrolment
from smail_app.certification.settings import valid_until_for
from smail_app.certification.standing import issuer_refusal, valid_certificate
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.i18n import longdate

REVOKE_REASON_MAX = 500


def issue_certificate(enrolment: Enrolment, issuer: User) -> Certificate:
    """Certify an attendee who has completed the course. Every refusal says why."""
    course = enrolment.course
    on = clock.today()
    kind = course.gives_certificate
    if kind is None:
        raise Refused(_("Utbildningen i horisontella principer ger inget certifikat."))
    refusal = issuer_refusal(issuer, course, on)
    if refusal is not None:
        raise Refused(refusal)
    link_pending_enrolments(course)
    holder = enrolment.user
    if holder is not None and holder.id == issuer.id:
        raise Refused(_("Du kan inte certifiera dig själv."))
    gaps = completion_gaps(enrolment)
    if gaps:
        raise Refused(_("%(name)s kan inte certifieras än: %(gaps)s.", name=enrolment.name,
                        gaps="; ".join(gaps)))
    assert holder is not None  # no gaps means the account exists
    current = valid_certificate(holder, kind, on)
    if current is not None:
        raise Refused(_("%(name)s har redan ett giltigt certifikat av det här slaget, "
                        "utfärdat %(date)s.", name=enrolment.name,
                        date=longdate(current.issued_on)))
    certificate = Certificate(kind=kind, holder_id=holder.id, course_id=course.id,
                              issued_by_id=issuer.id, issued_on=on,
                              valid_until=valid_until_for(kind, on), created_dt=clock.now())
    db.session.add(certificate)
    db.session.flush()
    return certificate


def revoke_certificate(certificate: Certificate, actor: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Skriv varför certifikatet återkallas."), "reason")
    if len(reason) > REVOKE_REASON_MAX:
        raise Refused(_("Skälet får ha högst 500 tecken."), "reason")
    if certificate.revoked_on is not None:
        raise Refused(_("Certifikatet är redan återkallat."), "reason")
    if not may_revoke(actor, certificate):
        raise Refused(_("Du kan inte återkalla det här certifikatet."), "reason")
    certificate.revoked_on = clock.today()
    certificate.revoked_dt = clock.now()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason
    db.session.flush()


# --- The registry: who sees which certificates -----------------------------------------------


def _utbildare_scope(user: User) -> ColumnElement[bool]:
    """An utbildare sees the certificates they issued and those of their organisation."""
    conditions = [Certificate.issued_by_id == user.id]
    if user.organisation_id is not None:
        in_org = select(User.id).where(User.organisation_id == user.organisation_id)
        conditions.append(Certificate.holder_id.in_(in_org))
    return or_(*conditions)


def registry_query(user: User, kind: str | None = None) -> Select[tuple[Certificate]] | None:
    """The registry the user may see, in its order (the page and the API); None for nobody."""
    query = select(Certificate).join(User, Certificate.holder_id == User.id)
    if not user.has_role(Role.ADMIN):
        if not user.has_role(Role.UTBILDARE):
            return None
        query = query.where(_utbildare_scope(user))
    if kind:
        query = query.where(Certificate.kind == CertificateKind(kind))
    return query.order_by(User.display_name, Certificate.issued_on.desc(), Certificate.id.desc())


def registry_certificates(user: User, kind: str | None = None) -> list[Certificate]:
    query = registry_query(user, kind)
    return [] if query is None else list(db.session.scalars(query))


def _in_utbildare_scope(user: User, certificate: Certificate) -> bool:
    if not user.has_role(Role.UTBILDARE):
        return False
    if certificate.issued_by_id == user.id:
        return True
    return user.organisation_id is not None and \
        certificate.holder.organisation_id == user.organisation_id


def certificate_visible_to(user: User, certificate: Certificate) -> bool:
    return (user.has_role(Role.ADMIN) or certificate.holder_id == user.id
            or _in_utbildare_scope(user, certificate))


def may_revoke(user: User, certificate: Certificate) -> bool:
    if user.has_role(Role.ADMIN):
        return True
    return certificate.kind == CertificateKind.ANVANDARE and \
        _in_utbildare_scope(user, certificate)


def find_colleagues(query: str, limit: int = 25) -> list[User]:
    """Staff whose name contains, or whose e-mail is, ``query``. Compared in Python with
    full Unicode case folding: SQLite's lower() leaves å, ä and ö alone."""
    wanted = query.strip().casefold()
    if len(wanted) < 2:
        return []
    rows = db.session.execute(select(User.id, User.display_name, User.email).where(
        User.email.is_not(None), User.is_active_account.is_(True))
        .order_by(User.display_name, User.id)).all()
    ids = [row.id for row in rows
           if wanted in (row.display_name or "").casefold() or wanted == row.email.casefold()]
    ids = ids[:limit]
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [found[i] for i in ids]
