"""A course's attendees (utbildare and admin): enrolling and inviting, attendance, home
assignments, certifying, the attendance report and the course's evaluation results."""

from __future__ import annotations

from flask import abort, current_app, flash, render_template
from flask_login import current_user

from smail_app import clock
from smail_app.auth.models import Role, User
from smail_app.certification import (
    attendees,
    certificates,
    completion,
    evaluations,
    exports,
    reports,
    settings,
)
from smail_app.certification.forms import (
    CourseActionForm,
    EnrolForm,
    InviteForm,
    assignment_form,
    attendance_form,
)
from smail_app.certification.views.blueprint import (
    back_to_course,
    bp,
    by_public_id,
    course_or_404,
    enrolment_or_404,
    session_or_404,
    status,
)
from smail_app.certification.views.course_pages import course_action, enrol_choices, render_course
from smail_app.core.access import role_required
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _


@bp.post("/courses/<public_id>/enrol")
@role_required(Role.UTBILDARE, Role.ADMIN)
def enrol(public_id: str):
    course = course_or_404(public_id)
    form = EnrolForm(prefix="enrol")
    form.user.choices = enrol_choices(course)
    user = by_public_id(User, form.user.data or "")
    if form.validate_on_submit() and applied(
            lambda: attendees.enrol(course, user, current_user), form, fallback_field="user"):
        flash(_("%(name)s är anmäld till kursen.", name=user.display_name), "success")
        return back_to_course(course)
    return render_course(course, 422, enrol_form=form)


@bp.post("/courses/<public_id>/invite")
@role_required(Role.UTBILDARE, Role.ADMIN)
def invite(public_id: str):
    course = course_or_404(public_id)
    form = InviteForm(prefix="invite")
    made: list = []
    if not (form.validate_on_submit() and applied(lambda: made.append(
            attendees.invite_and_enrol(course, form.email.data, form.name.data, current_user)),
            form, fallback_field="email")):
        return render_course(course, 422, invite_form=form)
    enrolled, invited = made[0]
    if invited:
        flash(_("%(name)s är anmäld och har fått en inbjudan med e-post. Länken i den gäller i "
                "%(days)s dagar.", name=enrolled.name,
                days=current_app.config["SMAIL_INVITE_VALID_DAYS"]), "success")
    else:
        flash(_("%(name)s har redan ett konto och är anmäld till kursen.", name=enrolled.name),
              "success")
    return back_to_course(course)


@bp.post("/courses/<public_id>/enrolments/<enrolment_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_enrolment(public_id: str, enrolment_id: str):
    course = course_or_404(public_id)
    attendee = enrolment_or_404(course, enrolment_id)
    return course_action(course, lambda: attendees.remove_enrolment(course, attendee),
                         _("%(name)s är inte längre anmäld till kursen.", name=attendee.name))


@bp.post("/courses/<public_id>/enrolments/<enrolment_id>/certify")
@role_required(Role.UTBILDARE, Role.ADMIN)
def certify(public_id: str, enrolment_id: str):
    course = course_or_404(public_id)
    attendee = enrolment_or_404(course, enrolment_id)
    kind = course.gives_certificate
    # Back to the course page either way, the refusal flashed there: a refused certification
    # left the browser on this POST address, which a reload would send again.
    if CourseActionForm(prefix="action").validate_on_submit() and applied(
            lambda: certificates.issue_certificate(attendee, current_user), flash_refusal=True):
        flash(_("%(name)s har fått %(kind)s.", name=attendee.name,
                kind=kind.label.lower() if kind else ""), "success")
    return back_to_course(course)


@bp.route("/courses/<public_id>/sessions/<session_id>", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def attendance(public_id: str, session_id: str):
    course = course_or_404(public_id)
    session = session_or_404(course, session_id)
    form = attendance_form(sorted(course.enrolments, key=lambda e: e.name.lower()),
                           session.minutes)
    if not form.is_submitted():
        form.show_recorded(session)
    if form.validate_on_submit() and applied(
            lambda: completion.record_attendance(session, form.entries(), current_user), form,
            fallback_field=form.first_field_name()):
        flash(_("Närvaron är sparad."), "success")
        return back_to_course(course)
    return render_template("certification/attendance.html", course=course, session=session,
                           number=course.session_number(session), form=form,
                           is_future=session.session_date > clock.today(),
                           needed=completion.minutes_needed(session)), status(form)


@bp.route("/courses/<public_id>/assignments", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def assignments(public_id: str):
    course = course_or_404(public_id)
    if not course.has_assignment:
        abort(404)
    form = assignment_form(sorted(course.enrolments, key=lambda e: e.name.lower()))
    if form.validate_on_submit() and applied(
            lambda: completion.set_assignment_statuses(form.statuses(), current_user), form,
            fallback_field=form.first_field_name()):
        flash(_("Hemuppgifterna är sparade."), "success")
        return back_to_course(course)
    return render_template("certification/assignments.html", course=course, form=form), \
        status(form)


@bp.get("/courses/<public_id>/attendance.<fmt>")
@role_required(Role.UTBILDARE, Role.ADMIN)
def attendance_report(public_id: str, fmt: str):
    course = course_or_404(public_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    rows = [[r.name, r.organisation, r.gender, r.on, r.hours, r.part, r.status]
            for r in reports.attendance_rows(course)]
    return exports.table_download(reports.attendance_columns(), rows, fmt,
                                  f"narvaro-{exports.safe_filename(course.title)}",
                                  _("Närvaro"))


@bp.get("/courses/<public_id>/evaluation")
@role_required(Role.UTBILDARE, Role.ADMIN)
def course_evaluation(public_id: str):
    course = course_or_404(public_id)
    return render_template(
        "certification/course_evaluation.html", course=course,
        summary=evaluations.evaluation_summary(course_ids=[course.id]),
        answered=evaluations.answered_count(course), settings=settings.settings(),
        questions=evaluations.questions_for(course), min_group=evaluations.min_group_size(),
        closed=evaluations.survey_closed(course, clock.today()),
        closes_on=evaluations.survey_closes_on(course))
