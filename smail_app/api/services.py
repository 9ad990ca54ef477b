"""What the API answers: token sign-in, paging rules and the JSON shapes, each read in a
fixed number of SQL statements however many rows come back."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import abort
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from smail_app import clock
from smail_app.api import schemas
from smail_app.api.schemas import LIMIT_DEFAULT, LIMIT_MAX, LIMIT_MIN, OFFSET_MAX
from smail_app.assessments import services as assessment_services
from smail_app.assessments.indicators import INDICATORS, SCALE_LABELS
from smail_app.assessments.models import IndicatorScore, InstrumentVersion, RaterKind, Rating
from smail_app.assessments.schedule import next_due
from smail_app.audit.models import AccessAction
from smail_app.audit.services import log_access, log_accesses
from smail_app.auth import services as auth_services
from smail_app.auth.models import ApiToken, Role, User
from smail_app.certification import certificates, standing
from smail_app.certification.models import Certificate, CertificateKind
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Insats
from smail_app.participants import services as participant_services
from smail_app.participants.models import Participant

REALM = "SMAIL API"
# RFC 6750 b64token; anything else cannot be one of our tokens and never reaches the database.
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9._~+/-]{1,256}=*$")
# new_public_id() gives url-safe base64; checking the shape first keeps odd bytes (a NUL that
# PostgreSQL refuses, say) away from the query and answers 404 like any unknown id.
_PUBLIC_ID_PATTERN = re.compile(schemas.PUBLIC_ID_PATTERN)
_DIGITS = re.compile(r"^[0-9]{1,10}$")  # ASCII only: int() also takes "٣", "+3" and "1_0"


# --- Refusals ---------------------------------------------------------------------------------


class ApiRefused(Refused):
    """A refused call: the view answers the app's JSON error with ``status`` and ``headers``
    (a bearer challenge, for 401 and 403), and the request writes nothing."""

    status = 400

    def __init__(self, message: str, field: str | None = None, *,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message, field)
        self.headers = dict(headers or {})


class NotSignedIn(ApiRefused):
    status = 401


class ReadOnlyToken(ApiRefused):
    status = 403


def status_of(refusal: Refused) -> int:
    """Any other refused rule is the caller's to fix: 400."""
    return getattr(refusal, "status", 400)


# --- Token sign-in ----------------------------------------------------------------------------


def authenticate(authorization: str | None) -> tuple[User, ApiToken]:
    """The user behind an ``Authorization: Bearer`` header; never the session cookie.

    Marks the token as used (committed with the request, so only answered calls count).
    """
    if not authorization or not authorization.strip():
        raise NotSignedIn(_("Skicka en API-token i huvudet Authorization: Bearer <token>."),
                          headers={"WWW-Authenticate": f'Bearer realm="{REALM}"'})
    scheme, _space, token = authorization.strip().partition(" ")
    token = token.strip()
    found = None
    if scheme.lower() == "bearer" and _TOKEN_PATTERN.match(token):
        found = auth_services.user_for_api_token(token)
    if found is None:
        raise NotSignedIn(_("API-token är ogiltig eller har dragits tillbaka."),
                          headers={"WWW-Authenticate":
                                   f'Bearer realm="{REALM}", error="invalid_token"'})
    user, row = found
    row.last_used_dt = clock.now()
    return user, row


def require_write(token: ApiToken) -> None:
    if not token.can_write:
        raise ReadOnlyToken(_("Den här API-token får bara läsa. Ändringar kräver en token med "
                              "skrivbehörighet."),
                            headers={"WWW-Authenticate":
                                     f'Bearer realm="{REALM}", error="insufficient_scope"'})


# --- Paging -----------------------------------------------------------------------------------


def _int_parameter(args: MultiDict[str, str], name: str, default: int, low: int, high: int,
                   message: str) -> int:
    values = args.getlist(name)
    if not values:
        return default
    if len(values) > 1 or not _DIGITS.match(values[0]) or not low <= int(values[0]) <= high:
        raise ApiRefused(message, name)
    return int(values[0])


def parse_page(args: MultiDict[str, str]) -> schemas.PageQuery:
    """``limit`` and ``offset`` from the query string; a bad value is a 400 naming it."""
    limit = _int_parameter(args, "limit", LIMIT_DEFAULT, LIMIT_MIN, LIMIT_MAX,
                           _("Parametern limit ska vara ett heltal från %(low)s till %(high)s.",
                             low=LIMIT_MIN, high=LIMIT_MAX))
    offset = _int_parameter(args, "offset", 0, 0, OFFSET_MAX,
                            _("Parametern offset ska vara ett heltal från 0 till %(high)s.",
                              high=OFFSET_MAX))
    return schemas.PageQuery(limit=limit, offset=offset)


# --- Who am I ----------------------------------------------------------------------------------


def me(user: User) -> schemas.Me:
    roles = sorted(user.roles)
    if user.is_participant:
        roles.append("deltagare")
    return schemas.Me(public_id=user.public_id, display_name=user.display_name, roles=roles)


# --- The instrument ------------------------------------------------------------------------------


def _in_both_languages(text: object) -> tuple[str, str]:
    """A translated string in Swedish and English, whatever the caller's language."""
    with force_locale("sv"):
        swedish = str(text)
    with force_locale("en"):
        english = str(text)
    return swedish, english


def instrument() -> schemas.Instrument:
    version = assessment_services.current_version()
    indicators = []
    for indicator in INDICATORS:
        name_sv, name_en = _in_both_languages(indicator.name)
        indicators.append({"number": indicator.number, "name_sv": name_sv, "name_en": name_en})
    scale = []
    for value, label in sorted(SCALE_LABELS.items()):
        label_sv, label_en = _in_both_languages(label)
        scale.append({"value": value, "label_sv": label_sv, "label_en": label_en})
    return schemas.Instrument(
        version=version.number, published_dt=version.published_dt, indicators=indicators,
        statements=[{"id": s.id, "indicator": s.indicator, "position": s.position,
                     "text_sv": s.text_sv, "text_en": s.text_en,
                     "text_sv_handledare": s.text_sv_handledare,
                     "text_en_handledare": s.text_en_handledare}
                    for s in version.statements],
        scale=scale)


# --- Participants ------------------------------------------------------------------------------


def _may_see_participants(user: User) -> bool:
    return user.has_role(Role.HANDLEDARE)


def participant_page(user: User, page: schemas.PageQuery) -> schemas.ParticipantPage:
    """A handledare's team participants with their next self-rating, in three statements."""
    if not _may_see_participants(user):
        return schemas.ParticipantPage(items=[], total=0, limit=page.limit, offset=page.offset)
    visible = participant_services.visible_participants(user)
    total = db.session.scalar(select(func.count()).select_from(visible.subquery())) or 0
    rows = db.session.execute(
        visible.join(Insats, Participant.insats_id == Insats.id).add_columns(Insats.name)
        .order_by(Participant.code, Insats.name, Participant.id)
        .limit(page.limit).offset(page.offset)).all()
    rated: dict[int, list[date]] = defaultdict(list)
    if rows:
        for participant_id, rated_on in db.session.execute(
                select(Rating.participant_id, Rating.rated_on).where(
                    Rating.participant_id.in_([p.id for p, _name in rows]),
                    Rating.rater_kind == RaterKind.PARTICIPANT,
                    Rating.submitted_dt.is_not(None))):
            rated[participant_id].append(rated_on)
    # alias, start and due dates are the participant's data: the list is logged like the
    # caseload, one entry per participant it shows
    log_accesses(user, [participant for participant, _name in rows], AccessAction.VIEW,
                 "api: list")
    today = clock.today()
    items = []
    for participant, insats_name in rows:
        # Same rule as assessments.services.due_for, fed from the one query above.
        due = (next_due(assessment_services.schedule_for(participant), today,
                        rated[participant.id]) if participant.is_active else None)
        items.append(schemas.ParticipantSummary(
            public_id=participant.public_id, code=participant.code,
            alias=participant.alias or None, insats=insats_name,
            start_date=participant.start_date, next_due_date=due.due_date if due else None,
            is_overdue=bool(due and due.is_overdue)))
    return schemas.ParticipantPage(items=items, total=total, limit=page.limit,
                                   offset=page.offset)


def visible_participant_or_404(user: User, public_id: str) -> Participant:
    """404 for anything the caller may not see, malformed ids included (no enumeration)."""
    if not _may_see_participants(user) or not _PUBLIC_ID_PATTERN.match(public_id):
        abort(404)
    return participant_services.visible_participant_or_404(user, public_id)


def submitted_ratings(participant: Participant) -> list[dict[str, Any]]:
    """Every submitted rating, self and handledare, oldest first, in one statement."""
    rows = db.session.execute(
        select(Rating.public_id, Rating.rated_on, Rating.occasion, Rating.rater_kind,
               Rating.mode, InstrumentVersion.number, IndicatorScore.indicator,
               IndicatorScore.score)
        .join(InstrumentVersion, Rating.version_id == InstrumentVersion.id)
        .outerjoin(IndicatorScore, IndicatorScore.rating_id == Rating.id)
        .where(Rating.participant_id == participant.id, Rating.submitted_dt.is_not(None))
        .order_by(Rating.submitted_dt, Rating.id, IndicatorScore.indicator)).all()
    ratings: dict[str, dict[str, Any]] = {}
    for public_id, rated_on, occasion, kind, mode, number, indicator, score in rows:
        rating = ratings.get(public_id)
        if rating is None:
            rating = ratings[public_id] = {
                "public_id": public_id,
                "rated_on": rated_on,
                "occasion": occasion, "version": number, "rater_kind": kind, "mode": mode,
                "scores": [],
            }
        if indicator is not None:
            rating["scores"].append({"indicator": indicator, "score": score})
    return list(ratings.values())


def ratings_read_by(user: User, public_id: str) -> schemas.RatingList:
    """A visible participant's ratings, with the read written to their access log."""
    participant = visible_participant_or_404(user, public_id)
    log_access(user, participant, AccessAction.VIEW, "api")
    return schemas.RatingList(participant=participant.public_id,
                              items=submitted_ratings(participant))


# --- The certification registry ----------------------------------------------------------------


def parse_certificate_kind(args: MultiDict[str, str]) -> CertificateKind | None:
    values = args.getlist("kind")
    if not values:
        return None
    if len(values) > 1 or values[0] not in {kind.value for kind in CertificateKind}:
        raise ApiRefused(_("Parametern kind ska vara %(kinds)s.",
                           kinds=" / ".join(kind.value for kind in CertificateKind)), "kind")
    return CertificateKind(values[0])


def certificate_page(user: User, kind: CertificateKind | None,
                     page: schemas.PageQuery) -> schemas.CertificatePage:
    """One page of the registry the page shows the user, in a fixed number of statements."""
    query = certificates.registry_query(user, kind)
    if query is None:
        return schemas.CertificatePage(items=[], total=0, limit=page.limit, offset=page.offset)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(db.session.scalars(query.options(
        joinedload(Certificate.holder).joinedload(User.organisation),
        joinedload(Certificate.issued_by)).limit(page.limit).offset(page.offset)))
    today = clock.today()
    expiring = {c.id for c in standing.expiring_soon(rows, today)}
    items = [schemas.RegistryCertificate(
        public_id=c.public_id, kind=c.kind,
        holder=schemas.CertificateHolder(
            public_id=c.holder.public_id, display_name=c.holder.display_name,
            organisation=c.holder.organisation.name if c.holder.organisation else None),
        issued_on=c.issued_on, issued_by=c.issued_by.display_name, valid_until=c.valid_until,
        revoked_on=c.revoked_on, state=c.state_on(today), is_expiring_soon=c.id in expiring)
        for c in rows]
    return schemas.CertificatePage(items=items, total=total, limit=page.limit,
                                   offset=page.offset)
