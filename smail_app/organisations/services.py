"""Organisations, insatser and teams, and which insatser a handledare works in."""

from __future__ import annotations

from datetime import date

from blinker import Namespace
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from smail_app import clock
from smail_app.auth.models import Role, User
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Insats, Organisation, OrganisationKind, TeamMembership

# Samordningsförbundet Uppsala län: 8 kommuner and 3 agencies.
COUNTY_KOMMUNER = ("Enköpings kommun", "Heby kommun", "Håbo kommun", "Knivsta kommun",
                   "Tierps kommun", "Uppsala kommun", "Älvkarleby kommun", "Östhammars kommun")
COUNTY_AGENCIES = ("Arbetsförmedlingen", "Försäkringskassan", "Region Uppsala")


# Packages above this one add their conditions for joining an insats team here (the
# certification registry: a valid användare certificate). Each receiver gets the insats, the
# ``user`` and the day (``on``) and returns None or why not.
team_joining = Namespace().signal("team-joining")


class OrganisationError(Refused):
    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message), field)


def load_county_structure() -> int:
    """Create the förbund's 11 members; returns how many were new (safe to run again)."""
    existing = set(db.session.scalars(select(Organisation.name)))
    created = 0
    wanted = [(name, OrganisationKind.KOMMUN) for name in COUNTY_KOMMUNER]
    wanted += [(name, OrganisationKind.AGENCY) for name in COUNTY_AGENCIES]
    for name, kind in wanted:
        if name not in existing:
            db.session.add(Organisation(name=name, kind=str(kind), created_dt=clock.now()))
            created += 1
    db.session.flush()
    return created


def create_organisation(name: str, kind: str) -> Organisation:
    name = name.strip()
    if db.session.scalar(select(Organisation.id).where(Organisation.name == name)):
        raise OrganisationError(_l("Det finns redan en organisation med det namnet."), "name")
    organisation = Organisation(name=name, kind=OrganisationKind(kind), created_dt=clock.now())
    db.session.add(organisation)
    db.session.flush()
    return organisation


def create_insats(name: str, owner: Organisation | None, start_date: date,
                  end_date: date | None, description: str = "", insats_type: str = "") -> Insats:
    insats = Insats(created_dt=clock.now())
    _set_insats_details(insats, name, owner, start_date, end_date, description)
    insats.insats_type = insats_type.strip()[:80]
    db.session.add(insats)
    db.session.flush()
    return insats


def update_insats(insats: Insats, name: str, owner: Organisation | None, start_date: date,
                  end_date: date | None, description: str = "", insats_type: str = "") -> None:
    _set_insats_details(insats, name, owner, start_date, end_date, description)
    insats.insats_type = insats_type.strip()[:80]
    db.session.flush()


def _set_insats_details(insats: Insats, name: str, owner: Organisation | None,
                        start_date: date, end_date: date | None, description: str) -> None:
    """The rules for an insats's details, the same when it is created and edited."""
    name = name.strip()
    if owner is None:
        raise OrganisationError(_l("Välj en organisation."), "owner")
    if end_date is not None and end_date < start_date:
        raise OrganisationError(_l("Slutdatum kan inte vara före startdatum."), "end_date")
    taken = select(Insats.id).where(Insats.name == name)
    if insats.id is not None:
        taken = taken.where(Insats.id != insats.id)
    if db.session.scalar(taken):
        raise OrganisationError(_l("Det finns redan en insats med det namnet."), "name")
    insats.name, insats.owner_id = name, owner.id
    insats.start_date, insats.end_date = start_date, end_date
    insats.description = description.strip()


def add_team_member(insats: Insats, user: User) -> TeamMembership:
    """Only staff with the handledare role (and, see certification, a valid användare
    certificate) can join an insats team."""
    if not user.has_role(Role.HANDLEDARE):
        raise OrganisationError(_l("Personen har inte rollen handledare."), "user")
    if not team_joining.receivers:  # fail closed: the certification rule must be connected
        raise RuntimeError("no rule for joining an insats team is connected")
    answers = team_joining.send(insats, user=user, on=clock.today())
    refusal = next((reason for _receiver, reason in answers if reason), None)
    if refusal is not None:
        raise OrganisationError(refusal, "user")
    if is_team_member(insats, user):
        raise OrganisationError(_l("Personen finns redan i teamet."), "user")
    membership = TeamMembership(insats_id=insats.id, user_id=user.id, added_dt=clock.now())
    db.session.add(membership)
    db.session.flush()
    return membership


def add_team_member_by_id(insats: Insats, user_public_id: str) -> User:
    """Add the chosen person (the choice may be stale: they may be gone by now)."""
    user = by_public_id(User, user_public_id)
    if user is None:
        raise OrganisationError(_l("Välj en person."), "user")
    add_team_member(insats, user)
    return user


def remove_team_member(insats: Insats, user: User) -> None:
    membership = db.session.scalar(select(TeamMembership).where(
        TeamMembership.insats_id == insats.id, TeamMembership.user_id == user.id))
    if membership is not None:
        db.session.delete(membership)
        db.session.flush()


def is_team_member(insats: Insats, user: User) -> bool:
    return db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.insats_id == insats.id, TeamMembership.user_id == user.id)) is not None


def insatser_for(user: User) -> list[Insats]:
    return list(db.session.scalars(
        select(Insats).join(TeamMembership).where(TeamMembership.user_id == user.id)
        .order_by(Insats.name)))


def organisation_choices(kommuner_only: bool = False) -> list[SelectChoice]:
    query = select(Organisation).order_by(Organisation.kind, Organisation.name)
    if kommuner_only:
        query = query.where(Organisation.kind == OrganisationKind.KOMMUN)
    return [SelectChoice(o.public_id, o.name) for o in db.session.scalars(query)]


def by_public_id(model, public_id: str | None):
    if not public_id:
        return None
    return db.session.scalar(select(model).where(model.public_id == public_id))
