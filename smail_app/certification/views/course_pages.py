"""Running a course (utbildare and admin): the course list, creating and editing a course,
its sessions and its trainers, and the course page every course change comes back to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from smail_app import clock
from smail_app.auth.models import Role, User
from smail_app.certification import attendees, completion, courses, standing
from smail_app.certification.forms import (
    CourseActionForm,
    CourseDetailsForm,
    CourseForm,
    EnrolForm,
    InviteForm,
    SessionForm,
    TrainerForm,
)
from smail_app.certification.models import Course, CourseKind
from smail_app.certification.views.blueprint import (
    back_to_course,
    bp,
    by_public_id,
    course_or_404,
    session_or_404,
    status,
)
from smail_app.core import invite_mail
from smail_app.core.access import role_required
from smail_app.core.forms import EmptyForm
from smail_app.core.transaction import applied
from smail_app.i18n import gettext as _
from smail_app.organisations.models import Organisation
from smail_app.organisations.services import organisation_choices

# --- The course page, and the buttons on it ---------------------------------------------------


def _utbildare_choices(course: Course | None = None) -> list[SelectChoice]:
    exclude = {t.user_id for t in course.trainer_rows} if course is not None else set()
    return [SelectChoice(u.public_id, f"{u.display_name} ({u.email})")
            for u in courses.active_utbildare(exclude)]


def enrol_choices(course: Course) -> list[SelectChoice]:
    no_org = _("ingen organisation")
    return [SelectChoice("", _("Välj person"))] + [
        SelectChoice(u.public_id, f"{u.display_name} – "
                     f"{u.organisation.name if u.organisation else no_org} ({u.email})")
        for u in attendees.enrolable_people(course)]


def render_course(course: Course, code: int = 200, *, problems: list[str] | None = None,
                  **forms: Any):
    """The course page; ``forms`` holds a form that was posted and is shown with its errors."""
    trainer_form = forms.get("trainer_form") or TrainerForm(prefix="trainer", formdata=None)
    trainer_form.trainer.choices = [SelectChoice("", _("Välj utbildare")),
                                    *_utbildare_choices(course)]
    enrol_form = forms.get("enrol_form") or EnrolForm(prefix="enrol", formdata=None)
    enrol_form.user.choices = enrol_choices(course)
    today = clock.today()
    return render_template(
        "certification/course.html", course=course,
        rows=completion.progress_of_attendees(course), today=today, problems=problems or [],
        issuer_refusal=standing.issuer_refusal(current_user, course, today)
        if course.gives_certificate is not None else None,
        session_form=forms.get("session_form") or SessionForm(prefix="session", formdata=None),
        trainer_form=trainer_form, enrol_form=enrol_form,
        invite_form=forms.get("invite_form") or InviteForm(prefix="invite", formdata=None),
        invites_are_mailed=invite_mail.invites_are_mailed(),
        attendance_percent=current_app.config["SMAIL_ATTENDANCE_MIN_PERCENT"],
        action_form=EmptyForm(prefix="action")), code


def course_action(course: Course, change: Callable[[], object], done: str,
                  category: str = "info", *,
                  then: Callable[[], str] | None = None):
    """A button on the course page: applied and on to ``then`` (the course page), or the
    page again with the refusal above it."""
    form = CourseActionForm(prefix="action")
    if form.validate_on_submit():
        if not applied(change, form, fallback_field="button"):
            return render_course(course, 422, problems=list(form.button.errors))
        flash(done, category)
    return redirect(then()) if then else back_to_course(course)


# --- Courses ---------------------------------------------------------------------------------


@bp.get("/courses", endpoint="courses")
@role_required(Role.UTBILDARE, Role.ADMIN)
def course_list():
    rows = courses.courses_for(current_user)
    return render_template("certification/courses.html", courses=rows,
                           certified=courses.certified_holders(rows))


def _organisation_or_none_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Ingen")), *organisation_choices()]


def _chosen_organisation(form: CourseDetailsForm) -> Organisation | None:
    return by_public_id(Organisation, form.organisation.data) if form.organisation.data else None


def _new_course_form() -> CourseForm:
    form = CourseForm()
    form.kind.choices = CourseKind.choices(courses.kinds_creatable_by(current_user))
    form.organisation.choices = _organisation_or_none_choices()
    form.trainer.choices = [SelectChoice("", _("Välj utbildare")), *_utbildare_choices()]
    if not form.is_submitted():
        form.kind.data = CourseKind.ANVANDARE.value
        if current_user.organisation is not None:
            form.organisation.data = current_user.organisation.public_id
        if current_user.has_role(Role.UTBILDARE):
            form.trainer.data = current_user.public_id
    return form


def _new_course(form: CourseForm) -> courses.NewCourse:
    trainer = by_public_id(User, form.trainer.data) if form.trainer.data else None
    sessions = [courses.NewSession(form.session1_date.data, form.session1_start.data,
                                   form.session1_end.data)]
    if form.session2_date.data:
        sessions.append(courses.NewSession(form.session2_date.data, form.session2_start.data,
                                           form.session2_end.data))
    return courses.NewCourse(
        kind=form.kind.data, title=form.title.data, organisation=_chosen_organisation(form),
        home_assignment_minutes=form.assignment_hours.data * 60, sessions=sessions,
        trainers=[trainer] if trainer else [], description=form.description.data or "")


@bp.route("/courses/new", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def new_course():
    form = _new_course_form()
    created: list[Course] = []
    if form.validate_on_submit() and applied(
            lambda: created.append(courses.create_course(_new_course(form), current_user)),
            form, fallback_field="title"):
        flash(_("Kursen är skapad. Lägg till deltagare."), "success")
        return back_to_course(created[0])
    return render_template("certification/course_new.html", form=form), status(form)


@bp.get("/courses/<public_id>")
@role_required(Role.UTBILDARE, Role.ADMIN)
def course(public_id: str):
    return render_course(course_or_404(public_id))


def _details_form(course: Course) -> CourseDetailsForm:
    form = CourseDetailsForm()
    form.organisation.choices = _organisation_or_none_choices()
    if not form.is_submitted():
        form.title.data = course.title
        form.organisation.data = course.organisation.public_id if course.organisation else ""
        form.assignment_hours.data = course.home_assignment_minutes // 60
        form.description.data = course.description
    return form


@bp.route("/courses/<public_id>/edit", methods=["GET", "POST"])
@role_required(Role.UTBILDARE, Role.ADMIN)
def edit_course(public_id: str):
    course = course_or_404(public_id)
    form = _details_form(course)
    if form.validate_on_submit() and applied(
            lambda: courses.update_course(course, courses.CourseDetails(
                title=form.title.data, organisation=_chosen_organisation(form),
                home_assignment_minutes=form.assignment_hours.data * 60,
                description=form.description.data or "")), form, fallback_field="title"):
        flash(_("Kursuppgifterna är sparade."), "success")
        return back_to_course(course)
    return render_template("certification/course_edit.html", course=course,
                           form=form), status(form)


# --- Sessions and trainers -------------------------------------------------------------------


@bp.post("/courses/<public_id>/sessions")
@role_required(Role.UTBILDARE, Role.ADMIN)
def add_session(public_id: str):
    course = course_or_404(public_id)
    form = SessionForm(prefix="session")
    if form.validate_on_submit() and applied(
            lambda: courses.add_session(course, courses.NewSession(
                form.session_date.data, form.start_time.data, form.end_time.data)),
            form, fallback_field="session_date"):
        flash(_("Tillfället är tillagt."), "success")
        return back_to_course(course)
    return render_course(course, 422, session_form=form)


@bp.post("/courses/<public_id>/sessions/<session_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_session(public_id: str, session_id: str):
    course = course_or_404(public_id)
    session = session_or_404(course, session_id)
    return course_action(course, lambda: courses.remove_session(course, session),
                         _("Tillfället är borttaget."))


@bp.post("/courses/<public_id>/trainers")
@role_required(Role.UTBILDARE, Role.ADMIN)
def add_trainer(public_id: str):
    course = course_or_404(public_id)
    form = TrainerForm(prefix="trainer")
    form.trainer.choices = _utbildare_choices(course)
    user = by_public_id(User, form.trainer.data or "")
    if form.validate_on_submit() and applied(
            lambda: courses.add_trainer(course, user), form, fallback_field="trainer"):
        flash(_("%(name)s är utbildare på kursen.", name=user.display_name), "success")
        return back_to_course(course)
    return render_course(course, 422, trainer_form=form)


@bp.post("/courses/<public_id>/trainers/<user_id>/remove")
@role_required(Role.UTBILDARE, Role.ADMIN)
def remove_trainer(public_id: str, user_id: str):
    course = course_or_404(public_id)
    user = next((t for t in course.trainers if t.public_id == user_id), None) or abort(404)

    def back() -> str:  # someone who took themselves off the course no longer sees it
        if courses.can_manage_course(current_user, course):
            return url_for("certification.course", public_id=public_id)
        return url_for("certification.courses")

    return course_action(course, lambda: courses.remove_trainer(course, user),
                         _("%(name)s är inte längre utbildare på kursen.",
                           name=user.display_name), then=back)
