"""The county report (admin) and the insats report (its team and its owner), with CSV and
XLSX exports and an A4 print view. Everything shown comes from the report services."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from smail_app.auth.models import Role
from smail_app.certification.exports import CSV_MIME, XLSX_MIME, download, safe_filename
from smail_app.core.access import role_required
from smail_app.reports import exports, services
from smail_app.reports.charts import chart_configs
from smail_app.reports.forms import ReportForm
from smail_app.reports.model import Report, anonymous_text, display

bp = Blueprint("reports", __name__, url_prefix="/reports")
STAFF_ROLES = (Role.ADMIN, Role.HANDLEDARE, Role.UTBILDARE)
bp.add_app_template_global(display)
bp.add_app_template_global(anonymous_text)


def _county() -> tuple[Report, ReportForm]:
    if not services.may_see_county(current_user):
        abort(404)
    choices = services.county_choices()
    form = ReportForm.from_query(request.args, choices.insatser, choices.kommuner,
                                 choices.insats_types)
    filters = services.Filters(form.period(), form.chosen(choices.insatser, form.insats),
                               form.chosen(choices.kommuner, form.kommun), form.chosen_type())
    return services.county_report(filters), form


def _insats(public_id: str) -> tuple[Report, ReportForm, object]:
    insats = services.visible_insats_or_404(current_user, public_id)
    form = ReportForm.from_query(request.args)
    return services.insats_report(insats, form.period(), current_user), form, insats


KEPT_RENDERINGS = 8  # per kept report: one per spelling of its query is plenty


def _tables_html(report: Report, query: dict[str, str], keep: bool,
                 **context: object) -> Markup:
    """The tables and charts, the bulk of the page's work, rendered once for every viewer of
    the same kept report and query (who may see it was decided before the report was
    fetched; which report it is decides suppression). ``keep``: False for a refused query,
    whose links nobody else asks for."""
    insats = context.get("insats")
    key = (tuple(sorted(query.items())), getattr(insats, "public_id", None))
    html = report.rendered.get(key)
    if html is None:
        html = render_template("reports/_tables.html", report=report, query=query,
                               charts=chart_configs(report), **context)
        if keep and len(report.rendered) < KEPT_RENDERINGS:
            report.rendered[key] = html
    return Markup(html)


def _page(report: Report, form: ReportForm, **context: object):
    # Only the filters travel on into the export and print links.
    query = {name: value for name, value in request.args.items() if name in form}
    return render_template("reports/report.html", report=report, form=form, query=query,
                           tables_html=_tables_html(report, query, form.validated, **context),
                           **context), \
        200 if form.validated else 422


def _print_page(report: Report, form: ReportForm, **context: object):
    return render_template("reports/print.html", report=report, **context), \
        200 if form.validated else 422


@bp.get("/")
@role_required(*STAFF_ROLES)
def index():
    """The county report for the admin; for others, the insatser whose reports they see."""
    if not services.may_see_county(current_user):
        return render_template("reports/index.html",
                               insatser=services.visible_insatser(current_user))
    report, form = _county()
    return _page(report, form, county=True)


@bp.get("/print")
@role_required(Role.ADMIN)
def county_print():
    report, form = _county()
    return _print_page(report, form, county=True)


@bp.get("/export.<fmt>")
@role_required(Role.ADMIN)
def county_export(fmt: str):
    report, _form = _county()
    return _export(report, fmt, "lansrapport")


@bp.get("/insats/<public_id>")
@role_required(*STAFF_ROLES)
def insats(public_id: str):
    report, form, insats = _insats(public_id)
    return _page(report, form, county=False, insats=insats,
                 in_team=not report.suppressed)


@bp.get("/insats/<public_id>/print")
@role_required(*STAFF_ROLES)
def insats_print(public_id: str):
    report, form, insats = _insats(public_id)
    return _print_page(report, form, county=False, insats=insats)


@bp.get("/insats/<public_id>/export.<fmt>")
@role_required(*STAFF_ROLES)
def insats_export(public_id: str, fmt: str):
    report, _form, insats = _insats(public_id)
    return _export(report, fmt, "insatsrapport-" + safe_filename(insats.name))


@bp.get("/insats/<public_id>/deltagare.csv")
@role_required(Role.HANDLEDARE)
def participant_file(public_id: str):
    """Pseudonymised, one line per enrolment, for the team's quarterly report."""
    insats = services.visible_insats_or_404(current_user, public_id)
    lines = services.participant_lines(insats, current_user)
    return download(exports.participants_csv(lines), CSV_MIME,
                    f"deltagare-{safe_filename(insats.name)}.csv")


def _export(report: Report, fmt: str, stem: str):
    """``?table=key`` for one table; without it the whole report."""
    key = request.args.get("table")
    chosen = [t for t in report.tables if t.key == key] if key else report.tables
    if not chosen or fmt not in ("csv", "xlsx"):
        abort(404)
    name = f"{stem}-{safe_filename(report.period_label)}" + (f"-{key}" if key else "")
    if fmt == "csv":
        return download(exports.tables_csv(report, chosen), CSV_MIME, f"{name}.csv")
    return download(exports.workbook(report, chosen), XLSX_MIME, f"{name}.xlsx")
