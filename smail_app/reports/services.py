"""Who may see which report, and the reports themselves (plain data for pages, exports and
the API). Outside an insats's own team, small groups are suppressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, current_app
from flask_babel import get_locale
from sqlalchemy import or_, select

from smail_app import clock
from smail_app.auth.models import Role, User
from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Insats, Organisation, TeamMembership
from smail_app.participants.models import ExitReason, Participant
from smail_app.reports import freshness, tables
from smail_app.reports.model import Report
from smail_app.reports.period import Period
from smail_app.reports.population import Scope


def min_group_size() -> int:
    return int(current_app.config.get("SMAIL_MIN_GROUP_SIZE", 5))


def in_team(user: User, insats: Insats) -> bool:
    return db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.insats_id == insats.id, TeamMembership.user_id == user.id)) is not None


def visible_insatser(user: User) -> list[Insats]:
    """The admin sees every insats; others those whose team they are in or whose owning
    organisation they work for."""
    query = select(Insats).order_by(Insats.name)
    if not user.has_role(Role.ADMIN):
        team = select(TeamMembership.insats_id).where(TeamMembership.user_id == user.id)
        conditions = [Insats.id.in_(team)]
        if user.organisation_id is not None:
            conditions.append(Insats.owner_id == user.organisation_id)
        query = query.where(or_(*conditions))
    return list(db.session.scalars(query))


def may_see_county(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def visible_insats_or_404(user: User, public_id: str) -> Insats:
    insats = next((i for i in visible_insatser(user) if i.public_id == public_id), None)
    if insats is None:
        abort(404)
    return insats


@dataclass(frozen=True)
class Choice:
    """An insats or a kommun as the county report's filters offer it."""

    id: int
    public_id: str
    name: str


@dataclass(frozen=True)
class CountyChoices:
    insatser: list[Choice]
    kommuner: list[Choice]
    insats_types: list[str]  # the förbund's own types of insats


@dataclass(frozen=True)
class Filters:
    period: Period
    insats: Choice | None = None
    kommun: Choice | None = None
    insats_type: str | None = None  # the förbund's own type of insats


def county_choices() -> CountyChoices:
    """Every insats, kommun and type of insats, kept with the computed reports (insatser and
    kommuner are among the tables they count, so a new or renamed one renews the choices)."""
    return freshness.kept(("county choices",), _county_choices)


def _county_choices() -> CountyChoices:
    def choices(query) -> list[Choice]:
        return [Choice(*row) for row in db.session.execute(query)]

    return CountyChoices(
        choices(select(Insats.id, Insats.public_id, Insats.name).order_by(Insats.name)),
        choices(select(Organisation.id, Organisation.public_id, Organisation.name)
                .where(Organisation.kind == "kommun").order_by(Organisation.name)),
        list(db.session.scalars(select(Insats.insats_type).where(Insats.insats_type != "")
                                .distinct().order_by(Insats.insats_type))))


def _insats_ids(filters: Filters) -> tuple[int, ...] | None:
    """The insatser a county report covers: one, those of one type, or (None) all."""
    if filters.insats_type is None:
        return (filters.insats.id,) if filters.insats else None
    of_type = db.session.scalars(select(Insats.id).where(
        Insats.insats_type == filters.insats_type))
    return tuple(i for i in of_type if filters.insats is None or i == filters.insats.id)


def _computed(title: str, subtitle: str, scope: Scope) -> Report:
    """The report for ``scope``, computed once for every viewer until its data changes. The
    key holds all a report depends on besides the data: what it covers, whether it is
    suppressed and from what size, the language of its words and today's date."""
    key = (title, subtitle, scope, str(get_locale()), clock.today())
    return freshness.kept(key, lambda: Report(title, scope.period.label, subtitle,
                                              scope.suppressed, scope.min_size,
                                              tables.all_tables(scope)))


def county_report(filters: Filters) -> Report:
    scope = Scope(filters.period, _insats_ids(filters),
                  filters.kommun.id if filters.kommun else None, suppressed=True,
                  min_size=min_group_size(), county=True)
    parts = [part for part in (filters.insats.name if filters.insats else "",
                               filters.insats_type or "",
                               filters.kommun.name if filters.kommun else "") if part]
    return _computed(_("Länsrapport"), ", ".join(parts) or _("Alla insatser"), scope)


def insats_report(insats: Insats, period: Period, viewer: User) -> Report:
    """Unsuppressed only for the insats's own team."""
    suppressed = not in_team(viewer, insats)
    scope = Scope(period, (insats.id,), suppressed=suppressed, min_size=min_group_size())
    return _computed(_("Insatsrapport"), insats.name, scope)


@dataclass(frozen=True)
class ParticipantLine:
    """One enrolment in the pseudonymised file: the code, never a name."""

    code: str
    gender: str
    birth_year: int | None
    start_date: date
    exit_date: date | None
    exit_reason: str
    work_percent: int | None
    education: str
    support_time: str
    anonymous: bool


def participant_lines(insats: Insats, viewer: User) -> list[ParticipantLine]:
    """For the insats team's quarterly report; 404 for anyone outside the team."""
    if not in_team(viewer, insats):
        abort(404)
    rows = db.session.scalars(select(Participant).where(
        Participant.insats_id == insats.id,
        or_(Participant.exit_reason.is_(None),
            Participant.exit_reason != ExitReason.MISREGISTERED))
        .order_by(Participant.start_date, Participant.code))
    return [ParticipantLine(
        p.code, p.gender, p.birth_year, p.start_date, p.exit_date,
        p.exit_reason.label if p.exit_reason else "", p.exit_work_percent,
        p.education.label if p.education else "", p.support_time.label if p.support_time else "",
        p.is_anonymous) for p in rows]

