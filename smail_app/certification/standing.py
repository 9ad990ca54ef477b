"""Where a person stands with each kind of certificate on a given day, and what that allows:
working as a handledare (an användare certificate) and certifying others (an utbildare
certificate). Every other package asks here, through ``certification.rules``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from smail_app.auth.models import Role, User
from smail_app.certification.models import Certificate, CertificateKind, CertificateState, Course
from smail_app.certification.settings import reminder_horizon
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.i18n import longdate


def certificates_of(user: User | int,
                    kind: CertificateKind | str | None = None) -> list[Certificate]:
    user_id = user if isinstance(user, int) else user.id
    query = select(Certificate).where(Certificate.holder_id == user_id)
    if kind is not None:
        query = query.where(Certificate.kind == CertificateKind(kind))
    return list(db.session.scalars(query.order_by(Certificate.issued_on.desc(),
                                                  Certificate.id.desc())))


@dataclass(frozen=True)
class Standing:
    """Where a person stands with one kind of certificate on one day."""

    state: CertificateState | None  # None: never certified
    certificate: Certificate | None

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.VALID


def _standing_from(certificates: Sequence[Certificate], on: date) -> Standing:
    valid = [c for c in certificates if c.is_valid_on(on)]
    if valid:  # the one that lasts longest
        best = max(valid, key=lambda c: (c.valid_until is None, c.valid_until or date.min))
        return Standing(CertificateState.VALID, best)
    started = [c for c in certificates if c.issued_on <= on]
    if not started:
        return Standing(None, None)
    latest = max(started, key=lambda c: (c.issued_on, c.id))
    return Standing(latest.state_on(on), latest)


def standing(user: User, kind: CertificateKind | str, on: date) -> Standing:
    return _standing_from(certificates_of(user, kind), on)


def standings(user_ids: Iterable[int], kind: CertificateKind | str,
              on: date) -> dict[int, Standing]:
    """Standing of many people at once (one query), e.g. a whole team."""
    ids = list(set(user_ids))
    by_user: dict[int, list[Certificate]] = {i: [] for i in ids}
    if ids:
        for cert in db.session.scalars(select(Certificate).where(
                Certificate.holder_id.in_(ids), Certificate.kind == CertificateKind(kind))):
            by_user[cert.holder_id].append(cert)
    return {i: _standing_from(certs, on) for i, certs in by_user.items()}


def valid_certificate(user: User, kind: CertificateKind | str, on: date) -> Certificate | None:
    found = standing(user, kind, on)
    return found.certificate if found.is_valid else None


def expiring_soon(certificates: Iterable[Certificate], on: date) -> list[Certificate]:
    """Valid certificates whose last day falls within the reminder period."""
    horizon = reminder_horizon(on)
    return [c for c in certificates
            if c.is_valid_on(on) and c.valid_until is not None and c.valid_until <= horizon]


def handledare_refusal(user: User, on: date) -> str | None:
    """None if ``user`` may be a handledare (and rate for others) on ``on``; otherwise why
    not, for the user."""
    found = standing(user, CertificateKind.ANVANDARE, on)
    if found.is_valid:
        return None
    name = user.display_name or user.login_name
    rule = _("Bara den som har ett giltigt användarcertifikat kan vara handledare eller "
             "skatta tillsammans med deltagare.")
    cert = found.certificate
    if found.state == CertificateState.EXPIRED and cert is not None and cert.valid_until:
        reason = _("Användarcertifikatet för %(name)s gällde till och med %(date)s.",
                   name=name, date=longdate(cert.valid_until))
    elif found.state == CertificateState.REVOKED and cert is not None and cert.revoked_on:
        reason = _("Användarcertifikatet för %(name)s återkallades %(date)s.",
                   name=name, date=longdate(cert.revoked_on))
    else:
        reason = _("%(name)s har inget användarcertifikat.", name=name)
    return f"{reason} {rule}"


def issuer_refusal(issuer: User, course: Course, on: date) -> str | None:
    """None if ``issuer`` may certify the attendees of ``course`` on ``on``; else why not."""
    kind = course.gives_certificate
    if kind == CertificateKind.UTBILDARE:
        if not issuer.has_role(Role.ADMIN):
            return _("Bara förbundets administratör kan utfärda utbildarcertifikat.")
        return None
    if not course.is_trainer(issuer):
        return _("Bara kursens utbildare kan utfärda användarcertifikat för kursen.")
    found = standing(issuer, CertificateKind.UTBILDARE, on)
    if found.is_valid:
        return None
    cert = found.certificate
    if found.state == CertificateState.EXPIRED and cert is not None and cert.valid_until:
        return _("Du kan inte utfärda användarcertifikat: ditt utbildarcertifikat gällde "
                 "till och med %(date)s.", date=longdate(cert.valid_until))
    if found.state == CertificateState.REVOKED and cert is not None and cert.revoked_on:
        return _("Du kan inte utfärda användarcertifikat: ditt utbildarcertifikat "
                 "återkallades %(date)s.", date=longdate(cert.revoked_on))
    return _("Du kan inte utfärda användarcertifikat: du har inget giltigt "
             "utbildarcertifikat %(date)s.", date=longdate(on))
