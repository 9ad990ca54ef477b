"""Who attends a course: enrolling accounts, inviting new people, taking people off."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import or_, select

from smail_app import clock
from smail_app.auth import services as auth_services
from smail_app.auth.models import InviteKind, User
from smail_app.certification.models import Certificate, Course, Enrolment
from smail_app.core import invite_mail
from smail_app.core.refusal import Refused
from smail_app.extensions import db
from smail_app.i18n import gettext as _


def enrolments_of(user: User) -> list[Enrolment]:
    """The courses a person attends, including invitations made to their e-mail."""
    condition = Enrolment.user_id == user.id
    if user.email:
        condition = or_(condition, (Enrolment.user_id.is_(None)
                                    & (Enrolment.invited_email == user.email)))
    return list(db.session.scalars(select(Enrolment).where(condition)
                                   .order_by(Enrolment.enrolled_dt.desc())))


def enrolable_people(course: Course) -> list[User]:
    """Staff with an account who are neither on the course nor training on it."""
    taken = {e.user_id for e in course.enrolments if e.user_id} | \
        {t.user_id for t in course.trainer_rows}
    users = db.session.scalars(select(User).where(
        User.email.is_not(None), User.is_active_account.is_(True))
        .order_by(User.display_name)).all()
    return [u for u in users if u.id not in taken]


def enrol(course: Course, user: User | None, actor: User) -> Enrolment:
    if user is None:  # chosen from the list, then removed meanwhile
        raise Refused(_("Välj en person."), "user")
    if not user.is_staff or not user.is_active:
        raise Refused(_("Bara personal med ett aktivt konto kan gå en kurs."), "user")
    if course.is_trainer(user):
        raise Refused(_("%(name)s är utbildare på kursen och kan inte också vara deltagare.",
                        name=user.display_name), "user")
    if course.enrolment_of(user) is not None:
        raise Refused(_("%(name)s är redan anmäld till kursen.", name=user.display_name),
                      "user")
    enrolment = Enrolment(user_id=user.id, enrolled_by_id=actor.id, enrolled_dt=clock.now())
    course.enrolments.append(enrolment)
    db.session.flush()
    return enrolment


def invite_and_enrol(course: Course, email: str, name: str,
                     actor: User) -> tuple[Enrolment, bool]:
    """Enrol the account with this e-mail, or invite a new person by e-mail and enrol the
    invitation; True when an invitation was sent.

    The link goes only to the invited address and is never shown to the utbildare, who could
    otherwise open it themselves and make accounts they control (certified "handledare" that
    inflate the ESF counts). Without invitation mail, only existing accounts can be enrolled:
    the admin invites new staff. The invitation gives no role: roles come from the admin."""
    email = auth_services.normalise_email(email)
    existing = auth_services.find_by_login(email) if "@" in email else None
    if existing is not None:
        return enrol(course, existing, actor), False
    if not invite_mail.invites_are_mailed():
        raise Refused(_("Det finns inget konto med den e-postadressen. Be administratören "
                        "bjuda in personen, och anmäl sedan kontot till kursen."), "email")
    if any(e.user_id is None and e.invited_email == email for e in course.enrolments):
        raise Refused(_("Personen är redan inbjuden till kursen."), "email")
    name = name.strip()
    if not name:
        raise Refused(_("Skriv personens namn."), "name")
    issued = auth_services.issue_invite(InviteKind.STAFF, created_by=actor, email=email,
                                        organisation_id=course.organisation_id, name=name)
    enrolment = Enrolment(invited_email=email, invited_name=name, invite_id=issued.invite.id,
                          enrolled_by_id=actor.id, enrolled_dt=clock.now())
    course.enrolments.append(enrolment)
    db.session.flush()
    link = url_for("auth.accept_invite", token=issued.token, _external=True)
    if not invite_mail.mail_link(email, link, actor.display_name):
        raise Refused(_("E-posten med inbjudan kunde inte skickas. Försök igen om en stund."),
                      "email")
    return enrolment, True


def account_for_invitation(enrolment: Enrolment) -> User | None:
    """The account made from an invitation that is not linked to the enrolment yet (linking
    happens on the next change to the course, never on a page view)."""
    if enrolment.user_id is not None or not enrolment.invited_email:
        return None
    return db.session.scalar(select(User).where(User.email == enrolment.invited_email))


def has_account(enrolment: Enrolment) -> bool:
    return not enrolment.is_pending or account_for_invitation(enrolment) is not None


def link_pending_enrolments(course: Course) -> None:
    """Connect invitations to the accounts made from them."""
    pending = {e.invited_email: e for e in course.enrolments
               if e.user_id is None and e.invited_email}
    if not pending:
        return
    for user in db.session.scalars(select(User).where(User.email.in_(list(pending)))):
        enrolment = pending[user.email]
        if not any(e.user_id == user.id for e in course.enrolments):
            enrolment.user_id = user.id
            enrolment.user = user
    db.session.flush()


def certified_from(enrolment: Enrolment) -> Certificate | None:
    """The certificate (not revoked) the person got from this course, if any."""
    if enrolment.user_id is None:
        return None
    return db.session.scalar(select(Certificate).where(
        Certificate.course_id == enrolment.course_id,
        Certificate.holder_id == enrolment.user_id, Certificate.revoked_on.is_(None)))


def remove_enrolment(course: Course, enrolment: Enrolment) -> None:
    if enrolment.user_id is not None and db.session.scalar(select(Certificate.id).where(
            Certificate.course_id == course.id, Certificate.holder_id == enrolment.user_id)):
        raise Refused(_("%(name)s har fått ett certifikat från kursen och kan inte tas bort.",
                        name=enrolment.name))
    if any(a.is_present for a in enrolment.attendance):
        raise Refused(_("%(name)s har registrerad närvaro och kan inte tas bort.",
                        name=enrolment.name))
    course.enrolments.remove(enrolment)
    db.session.flush()
