"""Read-only figures: the attendance report per course (ESF närvarorapportering) and the
ESF dashboard. Nothing here reads participants or their ratings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from smail_app import clock
from smail_app.auth.models import Gender, User
from smail_app.certification import freshness
from smail_app.certification.completion import has_completed
from smail_app.certification.evaluations import (
    EvaluationSummary,
    Share,
    closed_evaluations,
    summarise,
)
from smail_app.certification.models import (
    AssignmentStatus,
    Certificate,
    CertificateKind,
    CertificateState,
    Course,
    CourseKind,
    Enrolment,
    certificate_state,
)
from smail_app.certification.settings import settings
from smail_app.extensions import db
from smail_app.i18n import lazy_gettext as _l
from smail_app.organisations.models import Organisation, OrganisationKind


def gender_label(value: str | None) -> str:
    return Gender(value).label if value else ""


# --- Attendance report -----------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    organisation: str
    gender: str
    on: date | None
    hours: float
    part: str
    status: str


def attendance_columns() -> list[str]:
    return [str(_l("Namn")), str(_l("Organisation")), str(_l("Kön")), str(_l("Datum")),
            str(_l("Timmar")), str(_l("Moment")), str(_l("Närvaro"))]


def attendance_rows(course: Course) -> list[AttendanceRow]:
    """One row per person and session, and one for the home assignment."""
    rows: list[AttendanceRow] = []
    zone = clock.local_zone()
    for enrolment in sorted(course.enrolments, key=lambda e: e.name.lower()):
        user = enrolment.user
        organisation = user.organisation if user is not None else course.organisation
        org_name = organisation.name if organisation is not None else ""
        gender = gender_label(user.gender if user is not None else None)
        for number, session in enumerate(course.sessions, start=1):
            record = enrolment.attendance_for(session)
            if record is None:
                status, minutes = str(_l("Inte registrerad")), 0
            elif record.is_present:
                status, minutes = str(_l("Närvarande")), record.minutes_attended
            else:
                status, minutes = str(_l("Frånvarande")), 0
            rows.append(AttendanceRow(enrolment.name, org_name, gender, session.session_date,
                                      round(minutes / 60, 2),
                                      str(_l("Tillfälle %(n)s", n=number)), status))
        if course.has_assignment:
            status_value = enrolment.assignment_status
            moment = enrolment.assignment_approved_dt or enrolment.assignment_submitted_dt
            hours = course.home_assignment_minutes / 60 \
                if status_value == AssignmentStatus.APPROVED else 0.0
            rows.append(AttendanceRow(
                enrolment.name, org_name, gender,
                moment.astimezone(zone).date() if moment else None, round(hours, 2),
                str(_l("Hemuppgift")), status_value.label))
    return rows


# --- ESF dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    label: str
    target: int
    certified: int  # people certified during the project (not revoked), expired included
    valid_now: int

    @property
    def percent_of_target(self) -> int | None:
        return round(100 * self.certified / self.target) if self.target else None


@dataclass(frozen=True)
class GroupRow:
    group: str
    utbildare: int
    anvandare: int


@dataclass(frozen=True)
class Fraction:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass(frozen=True)
class EvaluationRow:
    label: str
    share: Share
    target: int | None


@dataclass(frozen=True)
class EsfDashboard:
    on: date
    targets: list[TargetRow]
    by_organisation: list[GroupRow]
    by_gender: list[GroupRow]
    utbildare_with_horizontal: Fraction
    participants_offered_horizontal: Fraction
    evaluations: list[EvaluationRow]
    respondents: int


def current_esf_dashboard() -> EsfDashboard:
    """Today's dashboard, kept until the certification data changes (``freshness``)."""
    today = clock.today()
    return freshness.kept_for_today("esf dashboard", today, lambda: esf_dashboard(today))


def esf_dashboard(on: date | None = None) -> EsfDashboard:
    on = on or clock.today()
    values = settings()
    # Plain rows: a few hundred certificates with their holders' gender and organisation.
    certificates = db.session.execute(
        select(Certificate.kind, Certificate.holder_id, Certificate.issued_on,
               Certificate.valid_until, Certificate.revoked_on, User.gender, Organisation.name)
        .join(User, User.id == Certificate.holder_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(Certificate.revoked_on.is_(None), Certificate.issued_on <= on))
    # kind -> holder id -> (gender, organisation name)
    holders: dict[str, dict[int, tuple[str | None, str | None]]] = {
        k.value: {} for k in CertificateKind}
    valid: dict[str, set[int]] = {k.value: set() for k in CertificateKind}
    for kind, holder_id, issued_on, valid_until, revoked_on, gender, org_name in certificates:
        holders[str(kind)][holder_id] = (gender, org_name)
        if certificate_state(issued_on, valid_until, revoked_on, on) == CertificateState.VALID:
            valid[str(kind)].add(holder_id)

    targets = [
        TargetRow(str(_l("Certifierade utbildare")), values["target_utbildare"] or 0,
                  len(holders["utbildare"]), len(valid["utbildare"])),
        TargetRow(str(_l("Certifierade användare")), values["target_anvandare"] or 0,
                  len(holders["anvandare"]), len(valid["anvandare"])),
    ]

    by_org: dict[str, Counter[str]] = {}
    kommuner = db.session.scalars(select(Organisation.name).where(
        Organisation.kind == OrganisationKind.KOMMUN).order_by(Organisation.name))
    for name in kommuner:
        by_org[name] = Counter()
    by_gender: dict[str, Counter[str]] = {g.value: Counter() for g in Gender}
    no_org = str(_l("Ingen organisation"))
    unknown = "unknown"
    for kind, people in holders.items():
        for gender, org_name in people.values():
            by_org.setdefault(org_name or no_org, Counter())[kind] += 1
            by_gender.setdefault(str(gender) if gender else unknown, Counter())[kind] += 1
    organisation_rows = [GroupRow(name, c["utbildare"], c["anvandare"])
                         for name, c in by_org.items()]
    gender_rows = [GroupRow(gender_label(g) or str(_l("Uppgift saknas")), c["utbildare"],
                            c["anvandare"]) for g, c in by_gender.items()
                   if g != unknown or c]

    # Who took part in what, as plain rows; only the horizontal courses' enrolments are
    # loaded whole, for the completion rule (attendance and home assignment).
    offered: set[str] = set()
    participants: set[str] = set()
    for user_id, email, kind in db.session.execute(
            select(Enrolment.user_id, Enrolment.invited_email, Course.kind)
            .join(Course, Course.id == Enrolment.course_id)):
        key = f"u{user_id}" if user_id is not None else f"e{email}"
        (offered if kind == CourseKind.HORISONTELLA else participants).add(key)
    # Only the certified utbildare's horizontal enrolments count, so only theirs are loaded.
    utbildare_ids = set(holders["utbildare"])
    horizontal_done = {enrolment.user_id for enrolment in db.session.scalars(
        select(Enrolment).join(Course, Course.id == Enrolment.course_id)
        .where(Course.kind == CourseKind.HORISONTELLA, Enrolment.user_id.in_(utbildare_ids))
        .options(joinedload(Enrolment.course).selectinload(Course.sessions),
                 selectinload(Enrolment.attendance)))
        if has_completed(enrolment)}

    answers = closed_evaluations()

    def of_kinds(*kinds: CourseKind) -> EvaluationSummary:
        wanted = {kind.value for kind in kinds}
        return summarise([row for row, kind in answers if kind in wanted])

    trainers = of_kinds(CourseKind.UTBILDARE)
    users = of_kinds(CourseKind.ANVANDARE)
    smail = of_kinds(CourseKind.UTBILDARE, CourseKind.ANVANDARE)
    horizontal = of_kinds(CourseKind.HORISONTELLA)
    evaluations = [
        EvaluationRow(str(_l("Utbildare som kan utbilda andra")), trainers.can_train,
                      values["target_can_train_pct"]),
        EvaluationRow(str(_l("Användare som kan tillräckligt för att använda SMAIL")),
                      users.can_use, values["target_can_use_pct"]),
        EvaluationRow(str(_l("SMAIL-utbildningen hjälper i det dagliga arbetet")),
                      smail.helps, values["target_helps_pct"]),
        EvaluationRow(str(_l("Utbildningen i horisontella principer hjälper i arbetet")),
                      horizontal.helps, None),
    ]
    return EsfDashboard(
        on=on, targets=targets, by_organisation=organisation_rows, by_gender=gender_rows,
        utbildare_with_horizontal=Fraction(len(utbildare_ids & horizontal_done),
                                           len(utbildare_ids)),
        participants_offered_horizontal=Fraction(len(participants & offered),
                                                 len(participants)),
        evaluations=evaluations, respondents=smail.respondents + horizontal.respondents)


def esf_columns() -> list[str]:
    # Two shares in two columns: of a whole (those offered, those who answered) and of the
    # target (certified against the goal), which one "Andel (%)" column used to mix.
    return [str(_l("Avsnitt")), str(_l("Grupp")), str(_l("Mått")), str(_l("Antal")),
            str(_l("Av totalt")), str(_l("Andel av totalt (%)")), str(_l("Mål")),
            str(_l("Andel av målet (%)"))]


def esf_rows(dashboard: EsfDashboard) -> list[list[object]]:
    """The dashboard as one flat table for CSV and XLSX."""
    rows: list[list[object]] = []
    section = str(_l("Mål"))
    for row in dashboard.targets:
        rows.append([section, "", row.label, row.certified, None, None, row.target,
                     row.percent_of_target])
        rows.append([section, "", str(_l("%(label)s, giltiga i dag", label=row.label)),
                     row.valid_now, None, None, None, None])
    section = str(_l("Per organisation"))
    for group in dashboard.by_organisation:
        rows.append([section, group.group, str(_l("Certifierade utbildare")), group.utbildare,
                     None, None, None, None])
        rows.append([section, group.group, str(_l("Certifierade användare")), group.anvandare,
                     None, None, None, None])
    section = str(_l("Per kön"))
    for group in dashboard.by_gender:
        rows.append([section, group.group, str(_l("Certifierade utbildare")), group.utbildare,
                     None, None, None, None])
        rows.append([section, group.group, str(_l("Certifierade användare")), group.anvandare,
                     None, None, None, None])
    section = str(_l("Horisontella principer"))
    done = dashboard.utbildare_with_horizontal
    rows.append([section, "", str(_l("Utbildare som har gått utbildningen")), done.part,
                 done.whole, done.percent, None, None])
    offered = dashboard.participants_offered_horizontal
    rows.append([section, "", str(_l("Medarbetare i projektet som har erbjudits "
                                     "utbildningen")),
                 offered.part, offered.whole, offered.percent, None, None])
    section = str(_l("Utvärderingar"))
    for evaluation in dashboard.evaluations:
        share = evaluation.share
        rows.append([section, "", evaluation.label,
                     None if share.suppressed else share.agree, share.total, share.percent,
                     evaluation.target, None])
    return rows
