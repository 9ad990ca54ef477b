"""Certification registry: courses, attendance, certificates, evaluations, ESF dashboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from smail_app import clock
from smail_app.auth.models import Role, User, UserRole
from smail_app.certification import exports, reports, services
from smail_app.certification.forms import (
    KIND_CHOICES,
    CourseDetailsForm,
    CourseForm,
    EnrolForm,
    InviteForm,
    LookupForm,
    RevokeForm,
    SessionForm,
    SettingsForm,
    TrainerForm,
    assignment_form,
    attendance_form,
    evaluation_form,
)
from smail_app.certification.models import (
    Certificate,
    CertificateKind,
    Course,
    CourseSession,
    Enrolment,
)
from smail_app.core.access import role_required, staff_required
from smail_app.core.forms import EmptyForm
from smail_app.core.invite_mail import flash_mail_result, mail_link
from smail_app.extensions import db
from smail_app.organisations.models import Organisation
from smail_app.organisations.services import organisation_choices

bp = Blueprint("certification", __name__, url_prefix="/certification")


def _by_public_id(model, public_id: str):  # noqa: ANN001, ANN202
    return db.session.scalar(select(model).where(model.public_id == public_id))


def _status(form_or_flag) -> int:  # noqa: ANN001
    has_errors = form_or_flag if isinstance(form_or_flag, bool) else bool(form_or_flag.errors)
    return 422 if has_errors else 200


def _put_error(form, problem: services.CertificationError, fallback: str) -> None:  # noqa: ANN001
    field = getattr(form, problem.field, None) if problem.field else None
    if field is None:
        field = getattr(form, fallback)
    field.errors = [*field.errors, str(problem)]


def _saved(form, fallback: str, change: Callable[[], object], done_message: str,  # noqa: ANN001
           category: str = "success") -> bool:
    """Apply a service change for a valid form: commit it and flash `done_message`, or roll it
    back and show the service's refusal on the form. True when it was saved."""
    try:
        change()
    except services.CertificationError as problem:
        db.session.rollback()
        _put_error(form, problem, fallback)
        return False
    db.session.commit()
    flash(done_message, category)
    return True


@bp.app_template_global("handledare_standings")
def handledare_standings(users: list[User]) -> dict[int, services.Standing]:
    """For team lists: each person's användare certificate today (one query)."""
    return services.standings([u.id for u in users], CertificateKind.ANVANDARE, clock.today())


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"course_kind_labels": reports.COURSE_KIND_LABELS,
            "certificate_kind_labels": reports.CERTIFICATE_KIND_LABELS,
            "assignment_labels": reports.ASSIGNMENT_LABELS}


# --- Everyone on the staff: own courses, evaluations, looking up a colleague -----------------


@bp.get("/")
@staff_required
def index():  # noqa: ANN201
    return redirect(url_for("certification.my_courses"))


@bp.get("/me")
@staff_required
def my_courses():  # noqa: ANN201
    today = clock.today()
    certificates = services.certificates_of(current_user)
    enrolments = services.enrolments_of(current_user)
    rows = [(e, services.completion_gaps(e), services.evaluation_refusal(e, today))
            for e in enrolments]
    return render_template("certification/my_courses.html", certificates=certificates,
                           expiring=services.expiring_soon(certificates, today), rows=rows,
                           today=today)


def _my_enrolment_or_404(public_id: str) -> Enrolment:
    enrolment = _by_public_id(Enrolment, public_id)
    if enrolment is None or not (
            enrolment.user_id == current_user.id
            or (enrolment.user_id is None and enrolment.invited_email == current_user.email)):
        abort(404)
    return enrolment


@bp.route("/evaluations/<public_id>", methods=["GET", "POST"])
@staff_required
def evaluate(public_id: str):  # noqa: ANN201
    enrolment = _my_enrolment_or_404(public_id)
    course = enrolment.course
    refusal = services.evaluation_refusal(enrolment, clock.today())
    form = evaluation_form(services.questions_for(course))
    if refusal is None and form.validate_on_submit() and _saved(
            form, "comment", lambda: services.submit_evaluation(
                enrolment, current_user, form.answers(), form.comment.data or ""),
            _("Tack för dina svar!")):
        return redirect(url_for("certification.my_courses"))
    return render_template("certification/evaluate.html", enrolment=enrolment, course=course,
                           form=form, refusal=refusal), _status(form)


@bp.get("/lookup")
@staff_required
def lookup():  # noqa: ANN201
    form = LookupForm(request.args)
    results: list[User] | None = None
    searched = "q" in request.args
    if searched and form.validate():
        results = services.find_colleagues(form.q.data)
    today = clock.today()
    ids = [u.id for u in results or []]
    return render_template(
        "certification/lookup.html", form=form, results=results, today=today,
        anvandare=services.standings(ids, CertificateKind.ANVANDARE, today),
        utbildare=services.standings(ids, CertificateKind.UTBILDARE, today)), \
        _status(searched and bool(form.errors))


# --- Courses (utbildare and admin) -----------------------------------------------------------


def _course_or_404(public_id: str) -> Course:
    course = _by_public_id(Course, public_id)
    if course is None or not services.can_manage_course(current_user, course):
        abort(404)
    return course


@bp.get("/courses")
@role_required(Role.UTBILDARE, Role.ADMIN)
def courses():  # noqa: ANN201
    rows = services.courses_for(current_user)
    certified = {}
    if rows:
        for course_id, holder_id in db.session.execute(select(
                Certificate.course_id, Certificate.holder_id).where(
                Certificate.course_id.in_([c.id for c in rows]))):
            certified.setdefault(course_id, set()).add(holder_id)
    return render_template("certification/courses.html", courses=rows, certified=certified)


def _utbildare_choices(exclude: set[int] = frozenset()) -> list[SelectChoice]:  # noqa: B006
    users = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.UTBILDARE, User.is_active_account.is_(True))
        .order_by(User.display_name)).all()
    return [SelectChoice(u.public_id, f"{u.display_name} ({u.email})") for u in users
            if u.id not in exclude]


def _organisation_or_none_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Ingen")), *organisation_choices()]


def _chosen_organisation(form: CourseDetailsForm) -> Organisation | None:
    return _by_public_id(Organisation, form.organisation.data) if form.organisation.data else None


def _session_values(form: CourseForm) -> list[services.NewSession]:
    sessions = [services.NewSession(form.session1_date.data, form.session1_start.data,
                                    form.session1_end.data)]
    if form.session2_date.data:
        sessions.append(services.NewSession(form.session2_date.data, form.session2_start.data,
                                            form.session2_end.data))
    return sessions


@bp.route("/courses/new", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def new_course():  # noqa: ANN201
    form = CourseForm()
    kinds = services.kinds_creatable_by(current_user)
    form.kind.choices = [SelectChoice(k.value, KIND_CHOICES[k.value]) for k in kinds]
    form.organisation.choices = _organisation_or_none_choices()
    form.trainer.choices = [SelectChoice("", _("Välj utbildare"))] + _utbildare_choices()
    if not form.is_submitted():
        form.kind.data = "anvandare"
        if current_user.organisation is not None:
            form.organisation.data = current_user.organisation.public_id
        if current_user.has_role(Role.UTBILDARE):
            form.trainer.data = current_user.public_id
    if form.validate_on_submit():
        organisation = _chosen_organisation(form)
        trainer = _by_public_id(User, form.trainer.data) if form.trainer.data else None
        try:
            course = services.create_course(services.NewCourse(
                kind=form.kind.data, title=form.title.data, organisation=organisation,
                home_assignment_minutes=form.assignment_hours.data * 60,
                sessions=_session_values(form), trainers=[trainer] if trainer else [],
                description=form.description.data or ""), current_user)
        except services.CertificationError as problem:
            db.session.rollback()
            _put_error(form, problem, "title")
        else:
            db.session.commit()
            flash(_("Kursen är skapad. Lägg till deltagare."), "success")
            return redirect(url_for("certification.course", public_id=course.public_id))
    return render_template("certification/course_new.html", form=form), _status(form)


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment: Enrolment
    present: int
    recorded: int
    certificate: Certificate | None
    gaps: list[str]
    has_account: bool


def _enrolment_rows(course: Course) -> list[EnrolmentRow]:
    certificates: dict[int, Certificate] = {}
    for cert in db.session.scalars(select(Certificate).where(Certificate.course_id == course.id)
                                   .order_by(Certificate.id)):
        certificates[cert.holder_id] = cert  # the latest one from this course
    rows = []
    for enrolment in course.enrolments:
        session_ids = {s.id for s in course.sessions}
        marks = [a for a in enrolment.attendance if a.session_id in session_ids]
        rows.append(EnrolmentRow(
            enrolment, sum(1 for a in marks if a.is_present), len(marks),
            certificates.get(enrolment.user_id) if enrolment.user_id else None,
            services.completion_gaps(enrolment),
            not enrolment.is_pending or services.account_for_invitation(enrolment) is not None))
    return sorted(rows, key=lambda r: r.enrolment.name.lower())


def _enrol_choices(course: Course) -> list[SelectChoice]:
    taken = {e.user_id for e in course.enrolments if e.user_id} | \
        {t.user_id for t in course.trainer_rows}
    users = db.session.scalars(select(User).where(
        User.email.is_not(None), User.is_active_account.is_(True))
        .order_by(User.display_name)).all()
    return [SelectChoice("", _("Välj person"))] + [
        SelectChoice(u.public_id, f"{u.display_name} – "
                     f"{u.organisation.name if u.organisation else _('ingen organisation')}"
                     f" ({u.email})") for u in users if u.id not in taken]


def _render_course(course: Course, status: int = 200, *, problems: list[str] | None = None,
                   **forms: Any):  # noqa: ANN202
    session_form = forms.get("session_form") or SessionForm(prefix="session", formdata=None)
    trainer_form = forms.get("trainer_form") or TrainerForm(prefix="trainer", formdata=None)
    enrol_form = forms.get("enrol_form") or EnrolForm(prefix="enrol", formdata=None)
    invite_form = forms.get("invite_form") or InviteForm(prefix="invite", formdata=None)
    trainer_form.trainer.choices = [SelectChoice("", _("Välj utbildare"))] + _utbildare_choices(
        {t.user_id for t in course.trainer_rows})
    enrol_form.user.choices = _enrol_choices(course)
    today = clock.today()
    issuer_refusal = None
    if course.gives_certificate is not None:
        issuer_refusal = services.issuer_refusal(current_user, course, today)
    return render_template(
        "certification/course.html", course=course, rows=_enrolment_rows(course),
        today=today, problems=problems or [], issuer_refusal=issuer_refusal,
        session_form=session_form, trainer_form=trainer_form, enrol_form=enrol_form,
        invite_form=invite_form, issued_link=forms.get("issued_link"),
        action_form=EmptyForm(prefix="action")), status


@bp.get("/courses/<public_id>")
@role_required(Role.UTBILDARE, Role.ADMIN)
def course(public_id: str):  # noqa: ANN201
    return _render_course(_course_or_404(public_id))


@bp.route("/courses/<public_id>/edit", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def edit_course(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    form = CourseDetailsForm()
    form.organisation.choices = _organisation_or_none_choices()
    if not form.is_submitted():
        form.title.data = course.title
        form.organisation.data = course.organisation.public_id if course.organisation else ""
        form.assignment_hours.data = course.home_assignment_minutes // 60
        form.description.data = course.description
    if form.validate_on_submit() and _saved(
            form, "title", lambda: services.update_course(course, services.CourseDetails(
                title=form.title.data, organisation=_chosen_organisation(form),
                home_assignment_minutes=form.assignment_hours.data * 60,
                description=form.description.data or "")),
            _("Kursuppgifterna är sparade.")):
        return redirect(url_for("certification.course", public_id=public_id))
    return render_template("certification/course_edit.html", course=course,
                           form=form), _status(form)


@bp.post("/courses/<public_id>/sessions")
@role_required(Role.UTBILDARE, Role.ADMIN)
def add_session(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    form = SessionForm(prefix="session")
    if form.validate_on_submit() and _saved(
            form, "session_date", lambda: services.add_session(course, services.NewSession(
                form.session_date.data, form.start_time.data, form.end_time.data)),
            _("Tillfället är tillagt.")):
        return redirect(url_for("certification.course", public_id=public_id))
    return _render_course(course, 422, session_form=form)


def _session_or_404(course: Course, session_id: str) -> CourseSession:
    session = next((s for s in course.sessions if s.public_id == session_id), None)
    if session is None:
        abort(404)
    return session


def _problem_redirect(course: Course, problem: services.CertificationError):  # noqa: ANN202
    db.session.rollback()
    db.session.refresh(course)
    return _render_course(course, 422, problems=[str(problem)])


@bp.post("/courses/<public_id>/sessions/<session_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_session(public_id: str, session_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    session = _session_or_404(course, session_id)
    if EmptyForm(prefix="action").validate_on_submit():
        try:
            services.remove_session(course, session)
        except services.CertificationError as problem:
            return _problem_redirect(course, problem)
        db.session.commit()
        flash(_("Tillfället är borttaget."), "info")
    return redirect(url_for("certification.course", public_id=public_id))


@bp.post("/courses/<public_id>/trainers")
@role_required(Role.UTBILDARE, Role.ADMIN)
def add_trainer(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    form = TrainerForm(prefix="trainer")
    form.trainer.choices = _utbildare_choices({t.user_id for t in course.trainer_rows})
    if form.validate_on_submit():
        user = _by_public_id(User, form.trainer.data)
        if user is None:  # chosen from the list, then removed meanwhile
            form.trainer.errors.append(_("Välj en person."))
        elif _saved(form, "trainer", lambda: services.add_trainer(course, user),
                    _("%(name)s är utbildare på kursen.", name=user.display_name)):
            return redirect(url_for("certification.course", public_id=public_id))
    return _render_course(course, 422, trainer_form=form)


@bp.post("/courses/<public_id>/trainers/<user_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_trainer(public_id: str, user_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    user = next((t for t in course.trainers if t.public_id == user_id), None)
    if user is None:
        abort(404)
    if EmptyForm(prefix="action").validate_on_submit():
        try:
            services.remove_trainer(course, user)
        except services.CertificationError as problem:
            return _problem_redirect(course, problem)
        db.session.commit()
        flash(_("%(name)s är inte längre utbildare på kursen.", name=user.display_name), "info")
    if not services.can_manage_course(current_user, course):
        return redirect(url_for("certification.courses"))
    return redirect(url_for("certification.course", public_id=public_id))


@bp.post("/courses/<public_id>/enrol")
@role_required(Role.UTBILDARE, Role.ADMIN)
def enrol(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    form = EnrolForm(prefix="enrol")
    form.user.choices = _enrol_choices(course)
    if form.validate_on_submit():
        user = _by_public_id(User, form.user.data) if form.user.data else None
        if user is None:  # chosen from the list, then removed meanwhile
            form.user.errors.append(_("Välj en person."))
        elif _saved(form, "user", lambda: services.enrol(course, user, current_user),
                    _("%(name)s är anmäld till kursen.", name=user.display_name)):
            return redirect(url_for("certification.course", public_id=public_id))
    return _render_course(course, 422, enrol_form=form)


@bp.post("/courses/<public_id>/invite")
@role_required(Role.UTBILDARE, Role.ADMIN)
def invite(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    form = InviteForm(prefix="invite")
    if form.validate_on_submit():
        try:
            enrolment, issued = services.invite_and_enrol(course, form.email.data,
                                                          form.name.data, current_user)
        except services.CertificationError as problem:
            db.session.rollback()
            _put_error(form, problem, "email")
        else:
            db.session.commit()
            if issued is None:
                flash(_("%(name)s har redan ett konto och är anmäld till kursen.",
                        name=enrolment.name), "success")
                return redirect(url_for("certification.course", public_id=public_id))
            flash(_("%(name)s är inbjuden och anmäld. Skicka länken nedan till personen; den "
                    "gäller i 7 dagar och kan bara användas en gång.", name=enrolment.name),
                  "success")
            link = url_for("auth.accept_invite", token=issued.token, _external=True)
            flash_mail_result(mail_link(form.email.data, link, current_user.display_name))
            return _render_course(course, 200, issued_link=link)
    return _render_course(course, 422, invite_form=form)


def _enrolment_or_404(course: Course, enrolment_id: str) -> Enrolment:
    enrolment = next((e for e in course.enrolments if e.public_id == enrolment_id), None)
    if enrolment is None:
        abort(404)
    return enrolment


@bp.post("/courses/<public_id>/enrolments/<enrolment_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_enrolment(public_id: str, enrolment_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    enrolment = _enrolment_or_404(course, enrolment_id)
    if EmptyForm(prefix="action").validate_on_submit():
        name = enrolment.name
        try:
            services.remove_enrolment(course, enrolment)
        except services.CertificationError as problem:
            return _problem_redirect(course, problem)
        db.session.commit()
        flash(_("%(name)s är inte längre anmäld till kursen.", name=name), "info")
    return redirect(url_for("certification.course", public_id=public_id))


@bp.post("/courses/<public_id>/enrolments/<enrolment_id>/certify")
@role_required(Role.UTBILDARE, Role.ADMIN)
def certify(public_id: str, enrolment_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    enrolment = _enrolment_or_404(course, enrolment_id)
    if EmptyForm(prefix="action").validate_on_submit():
        try:
            certificate = services.issue_certificate(enrolment, current_user)
        except services.CertificationError as problem:
            return _problem_redirect(course, problem)
        db.session.commit()
        label = reports.CERTIFICATE_KIND_LABELS[certificate.kind]
        flash(_("%(name)s har fått %(kind)s.", name=enrolment.name, kind=str(label).lower()),
              "success")
    return redirect(url_for("certification.course", public_id=public_id))


@bp.route("/courses/<public_id>/sessions/<session_id>", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def attendance(public_id: str, session_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    session = _session_or_404(course, session_id)
    enrolments = sorted(course.enrolments, key=lambda e: e.name.lower())
    form = attendance_form(enrolments, session.minutes)
    if not form.is_submitted():
        for enrolment, present, minutes in form.rows():
            record = enrolment.attendance_for(session)
            if record is not None:
                present.data = "ja" if record.is_present else "nej"
                minutes.data = record.minutes_attended if record.is_present else None
    if form.validate_on_submit():
        entries = [services.AttendanceEntry(e, present.data == "ja", minutes.data)
                   for e, present, minutes in form.rows()]
        fallback = f"present_{enrolments[0].public_id}" if enrolments else "csrf_token"
        if _saved(form, fallback,
                  lambda: services.record_attendance(session, entries, current_user),
                  _("Närvaron är sparad.")):
            return redirect(url_for("certification.course", public_id=public_id))
    return render_template("certification/attendance.html", course=course, session=session,
                           number=course.session_number(session), form=form,
                           is_future=session.session_date > clock.today()), _status(form)


@bp.route("/courses/<public_id>/assignments", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def assignments(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    if not course.has_assignment:
        abort(404)
    enrolments = sorted(course.enrolments, key=lambda e: e.name.lower())
    form = assignment_form(enrolments)
    def set_all() -> None:
        for enrolment, field in form.rows():
            services.set_assignment_status(enrolment, field.data, current_user)

    fallback = f"assignment_{enrolments[0].public_id}" if enrolments else "csrf_token"
    if form.validate_on_submit() and _saved(form, fallback, set_all,
                                            _("Hemuppgifterna är sparade.")):
        return redirect(url_for("certification.course", public_id=public_id))
    return render_template("certification/assignments.html", course=course, form=form), \
        _status(form)


@bp.get("/courses/<public_id>/attendance.<fmt>")
@role_required(Role.UTBILDARE, Role.ADMIN)
def attendance_report(public_id: str, fmt: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    columns = reports.attendance_columns()
    rows = [[r.name, r.organisation, r.gender, r.on, r.hours, r.part, r.status]
            for r in reports.attendance_rows(course)]
    name = f"narvaro-{exports.safe_filename(course.title)}.{fmt}"
    if fmt == "csv":
        return exports.download(exports.csv_bytes(columns, rows), exports.CSV_MIME, name)
    return exports.download(exports.xlsx_bytes(columns, rows, _("Närvaro")),
                            exports.XLSX_MIME, name)


@bp.get("/courses/<public_id>/evaluation")
@role_required(Role.UTBILDARE, Role.ADMIN)
def course_evaluation(public_id: str):  # noqa: ANN201
    course = _course_or_404(public_id)
    summary = services.evaluation_summary(course_ids=[course.id])
    answered = sum(1 for e in course.enrolments if e.evaluation_submitted_dt is not None)
    values = services.settings()
    return render_template("certification/course_evaluation.html", course=course,
                           summary=summary, answered=answered, settings=values,
                           questions=services.questions_for(course),
                           min_group=services.min_group_size())


# --- Registry of certificates ----------------------------------------------------------------


@bp.get("/registry")
@role_required(Role.UTBILDARE, Role.ADMIN)
def registry():  # noqa: ANN201
    kind = request.args.get("kind", "")
    if kind not in {k.value for k in CertificateKind}:
        kind = ""
    certificates = services.registry_certificates(current_user, kind or None)
    today = clock.today()
    return render_template("certification/registry.html", certificates=certificates,
                           kind=kind, today=today,
                           expiring={c.id for c in services.expiring_soon(certificates, today)})


def _certificate_or_404(public_id: str) -> Certificate:
    certificate = _by_public_id(Certificate, public_id)
    if certificate is None or not services.certificate_visible_to(current_user, certificate):
        abort(404)
    return certificate


def _render_certificate(certificate: Certificate, form: RevokeForm, status: int = 200):  # noqa: ANN202
    return render_template("certification/certificate.html", certificate=certificate,
                           form=form, today=clock.today(),
                           may_revoke=services.may_revoke(current_user, certificate)
                           and certificate.revoked_on is None,
                           history=services.certificates_of(certificate.holder_id)), status


@bp.get("/certificates/<public_id>")
@staff_required
def certificate(public_id: str):  # noqa: ANN201
    return _render_certificate(_certificate_or_404(public_id), RevokeForm(formdata=None))


@bp.post("/certificates/<public_id>/revoke")
@staff_required
def revoke(public_id: str):  # noqa: ANN201
    certificate = _certificate_or_404(public_id)
    if not services.may_revoke(current_user, certificate):
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit() and _saved(
            form, "reason",
            lambda: services.revoke_certificate(certificate, current_user, form.reason.data),
            _("Certifikatet är återkallat."), category="info"):
        return redirect(url_for("certification.certificate", public_id=public_id))
    return _render_certificate(certificate, form, 422)


# --- ESF dashboard and settings (admin) ------------------------------------------------------


@bp.get("/esf")
@role_required(Role.ADMIN)
def esf():  # noqa: ANN201
    return render_template("certification/esf.html", dashboard=reports.esf_dashboard(),
                           min_group=services.min_group_size())


@bp.get("/esf.<fmt>")
@role_required(Role.ADMIN)
def esf_export(fmt: str):  # noqa: ANN201
    if fmt not in ("csv", "xlsx"):
        abort(404)
    dashboard = reports.esf_dashboard()
    columns, rows = reports.esf_columns(), reports.esf_rows(dashboard)
    name = f"esf-uppfoljning-{dashboard.on.isoformat()}.{fmt}"
    if fmt == "csv":
        return exports.download(exports.csv_bytes(columns, rows), exports.CSV_MIME, name)
    return exports.download(exports.xlsx_bytes(columns, rows, _("ESF-uppföljning")),
                            exports.XLSX_MIME, name)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():  # noqa: ANN201
    form = SettingsForm(data=services.settings())
    if form.validate_on_submit() and _saved(
            form, "target_utbildare", lambda: services.update_settings(form.values(),
                                                                      current_user),
            _("Inställningarna är sparade.")):
        return redirect(url_for("certification.esf"))
    return render_template("certification/settings.html", form=form), _status(form)
