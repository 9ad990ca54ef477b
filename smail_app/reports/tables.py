"""The half-year follow-up tables (1-3 of the förbund's memo), each computed with one or two
GROUP BY queries: the number of statements does not grow with the number of participants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, cast, exists, func, literal, select
from sqlalchemy import Integer as SqlInteger

from smail_app.extensions import db
from smail_app.i18n import gettext as _
from smail_app.participants.models import WORK_REASONS, ExitReason, Participant
from smail_app.participants.registration_enums import Education, SupportTime
from smail_app.plans.models import ActionPlan
from smail_app.reports import progression
from smail_app.reports.model import (
    GENDERS,
    Row,
    Table,
    counts_table,
    display,
    finish,
    gender_columns,
    share,
    suppress_together,
)
from smail_app.reports.population import (
    Scope,
    counted,
    days_between,
    exited_by,
    exited_in,
    flag,
    gender_bucket,
    in_period,
    ongoing_at,
)
from smail_app.reports.suppression import Cell, Grid

PLAN_TARGET_DAYS = 28  # the insatser's own target: an action plan within 4 weeks of start
STUDIES = (ExitReason.STUDIES,)
OTHER_REASONS = (ExitReason.OTHER_PROGRAMME, ExitReason.HEALTH, ExitReason.MOVED,
                 ExitReason.NO_REASON, ExitReason.OTHER)
WORK_OR_STUDIES = (*WORK_REASONS, ExitReason.STUDIES)


def _grouped(scope: Scope, key: ColumnElement, *conditions: ColumnElement[bool],
             anonymous: bool = False) -> dict[tuple[str, str], int]:
    """Counts by (key, gender) in one statement."""
    query = (select(key.label("k"), gender_bucket().label("g"), func.count())
             .where(*counted(scope), Participant.is_anonymous.is_(anonymous), *conditions)
             .group_by("k", "g"))
    return {(str(k), g): n for k, g, n in db.session.execute(query)}


def _anonymous(scope: Scope, *conditions: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(
        *counted(scope), Participant.is_anonymous.is_(True), *conditions)) or 0


# --- 1. Per insats ---------------------------------------------------------------------------


def overview(scope: Scope) -> Table:
    period = scope.period
    has_plan = exists().where(ActionPlan.participant_id == Participant.id,
                              ActionPlan.created_on <= period.end)
    plan_in_time = exists().where(
        ActionPlan.participant_id == Participant.id, ActionPlan.created_on <= period.end,
        days_between(Participant.start_date, ActionPlan.created_on) <= PLAN_TARGET_DAYS)
    reason = Participant.exit_reason
    measures = {
        "life": flag(literal(True)),
        "period": flag(in_period(period)),
        "exited_life": flag(exited_by(period.end)),
        "exited_period": flag(exited_in(period)),
        "work": flag(and_(exited_in(period), reason.in_(WORK_REASONS))),
        "studies": flag(and_(exited_in(period), reason.in_(STUDIES))),
        "job_seeking": flag(and_(exited_in(period), reason == ExitReason.JOB_SEEKING)),
        "work_or_studies": flag(and_(exited_in(period), reason.in_(WORK_OR_STUDIES))),
        "plan": flag(and_(in_period(period), has_plan)),
        "plan_in_time": flag(and_(in_period(period), plan_in_time)),
        "ongoing": flag(ongoing_at(period.end)),
    }
    query = (select(gender_bucket().label("g"), *[m.label(k) for k, m in measures.items()])
             .where(*counted(scope), Participant.is_anonymous.is_(False)).group_by("g"))
    found = {row.g: row._mapping for row in db.session.execute(query)}
    value = {k: [int(found[g][k] or 0) if g in found else 0 for g in GENDERS] for k in measures}
    labels = [
        ("life", _("Deltagare under insatsens hela tid")),
        ("period", _("Deltagare under perioden")),
        ("exited_life", _("Avslutade under insatsens hela tid")),
        ("exited_period", _("Avslutade under perioden")),
        ("work", _("Av de avslutade: till arbete")),
        ("studies", _("Av de avslutade: till studier")),
        ("job_seeking", _("Av de avslutade: till aktivt arbetssökande")),
        ("work_or_studies", _("Av de avslutade: till arbete och/eller studier")),
        ("work_or_studies_share", _("Andel (%) till arbete och/eller studier")),
        ("plan", _("Med handlingsplan")),
        ("plan_share", _("Andel (%) med handlingsplan")),
        ("plan_in_time", _("Med handlingsplan inom 4 veckor från start")),
        ("plan_in_time_share", _("Andel (%) med handlingsplan inom 4 veckor")),
        ("ongoing", _("Pågående vid periodens slut")),
    ]
    # share row: (its numerator row, its denominator row)
    shares = {"work_or_studies_share": ("work_or_studies", "exited_period"),
              "plan_share": ("plan", "period"), "plan_in_time_share": ("plan_in_time", "period")}
    index = {key: i for i, (key, _label) in enumerate(labels)}
    cells: list[list[Cell]] = []
    sums = []
    for i, (key, _label) in enumerate(labels):
        if key in shares:
            top, base = shares[key]
            cells.append([Cell(share(cells[index[top]][c].value, cells[index[base]][c].value),
                               kind="share", depends_on=((index[top], c), (index[base], c)))
                          for c in range(4)])
        else:
            cells.append([Cell(n) for n in value[key]] + [Cell(sum(value[key]))])
            sums.append(([(i, c) for c in range(3)], (i, 3)))
    table = Table("oversikt", _("1. Deltagare och avslut"), gender_columns(share=False),
                  [Row(key, label, cells[i]) for i, (key, label) in enumerate(labels)])
    table = finish(table, Grid(cells, sums), suppressed=scope.suppressed,
                   min_size=scope.min_size, anonymous=_anonymous(scope, in_period(period)))
    return table


def _overview_summary(table: Table, min_size: int) -> str:
    rows = {row.key: row for row in table.rows}
    total = rows["exited_period"].cells[3]
    rate = rows["work_or_studies_share"].cells[3]
    if total.suppressed:
        return _("För få avslutade under perioden för att visa.")
    return _("%(n)s avslutade under perioden; %(share)s till arbete eller studier.",
             n=int(total.value or 0),
             share=_("andelen visas inte") if rate.suppressed or rate.value is None
             else f"{display(rate, min_size)} %")


# --- 2. Exit reasons by gender ---------------------------------------------------------------


def exit_reasons(scope: Scope) -> list[Table]:
    period = scope.period
    reason = Participant.exit_reason
    by_reason = _grouped(scope, reason, exited_in(period))
    group = {str(r): "other" for r in OTHER_REASONS}
    counts: dict[tuple[str, str], int] = {}
    for (key, gender), n in by_reason.items():
        row_key = group.get(key, key)
        counts[(row_key, gender)] = counts.get((row_key, gender), 0) + n
    work = [str(r) for r in (ExitReason.WORK_SUBSIDISED, ExitReason.WORK_UNSUBSIDISED,
                             ExitReason.OWN_BUSINESS)]
    rows = [(work[0], _("Arbete med subvention")), (work[1], _("Arbete utan subvention")),
            (work[2], _("Eget företag")), (str(ExitReason.STUDIES), _("Studier")),
            (str(ExitReason.JOB_SEEKING), _("Aktivt arbetssökande")),
            ("other", _("Övriga orsaker"))]
    table, grid = counts_table(
        "avslutsorsaker", _("2. Avslutsorsaker"), rows, counts,
        total_label=_("Totalt avslutade"),
        derived=[("work", _("Summa arbete"), work),
                 ("work_or_studies", _("Summa arbete och/eller studier"),
                  [*work, str(ExitReason.STUDIES)])],
        derived_after={"work": work[2], "work_or_studies": str(ExitReason.STUDIES)})
    anonymous = _anonymous(scope, exited_in(period))
    reasons = finish(table, grid, suppressed=scope.suppressed, min_size=scope.min_size,
                     anonymous=anonymous)
    reasons.summary_noun = _("Vanligaste avslutsorsak")
    band = (Participant.exit_work_percent + 9) // 10 * 10
    by_band = _grouped(scope, band, exited_in(period), reason.in_(WORK_REASONS),
                       Participant.exit_work_percent.is_not(None))
    band_rows = [(str(p), f"{p} %") for p in range(10, 101, 10)]
    table, grid = counts_table("arbete_omfattning", _("2b. Arbete efter omfattning (andel av "
                               "heltid)"), band_rows, by_band,
                               total_label=_("Totalt till arbete"))
    part_time = finish(table, grid, suppressed=scope.suppressed, min_size=scope.min_size)
    part_time.summary_noun = _("Vanligaste omfattning")
    return [reasons, part_time]


# --- 3. Target group by gender ---------------------------------------------------------------

AGE_BANDS = [(15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54),
             (55, 59), (60, 64), (65, 200)]
MONTH_BANDS = 12  # 1-5, 6-10, ... 56-60, then 61 or more
UNKNOWN = "okand"


def _age_band(at_year: int) -> ColumnElement[str]:
    age = at_year - Participant.birth_year
    whens = [(and_(age >= low, age <= high), literal(f"{low}")) for low, high in AGE_BANDS]
    return case((Participant.birth_year.is_(None), literal(UNKNOWN)), *whens,
                else_=literal(UNKNOWN))


def _age_label(low: int, high: int) -> str:
    return f"{low}+" if high >= 200 else f"{low}–{high}"


def target_group(scope: Scope) -> list[Table]:
    period = scope.period
    here = in_period(period)
    tables: list[Table] = []

    def build(key: str, title: str, rows: Sequence[tuple[str, str]],
              expression: ColumnElement, noun: str) -> None:
        counts = _grouped(scope, expression, here)
        table, grid = counts_table(key, title, rows, counts, total_label=_("Totalt"))
        table = finish(table, grid, suppressed=scope.suppressed, min_size=scope.min_size,
                       anonymous=anonymous)
        table.summary_noun = noun
        tables.append(table)

    anonymous = _anonymous(scope, here)
    build("alder", _("3a. Ålder vid periodens slut"),
          [(str(low), _age_label(low, high)) for low, high in AGE_BANDS]
          + [(UNKNOWN, _("Okänt"))], _age_band(period.end.year), _("Största åldersgrupp"))
    build("forsorjning", _("3b. Tid i offentlig försörjning före start"),
          [(m.value, m.label) for m in SupportTime] + [("None", _("Inte ifyllt"))],
          Participant.support_time, _("Vanligast"))
    build("utbildning", _("3c. Högsta avslutade utbildning"),
          [(m.value, m.label) for m in Education] + [("None", _("Inte ifyllt"))],
          Participant.education, _("Vanligast"))
    until = case((and_(Participant.exit_date.is_not(None), Participant.exit_date < period.end),
                  Participant.exit_date), else_=literal(period.end))
    months = cast(func.floor(days_between(Participant.start_date, until) / 30.4375), SqlInteger)
    band = case((months // 5 >= MONTH_BANDS, MONTH_BANDS), else_=months // 5)
    build("manader", _("3d. Månader i insatsen vid periodens slut"),
          [(str(i), f"{i * 5 + 1}–{i * 5 + 5}") for i in range(MONTH_BANDS)]
          + [(str(MONTH_BANDS), f"{MONTH_BANDS * 5 + 1}+")], band,
          _("Största grupp"))
    return tables


def _summary_largest(table: Table, noun: str) -> str:
    shown = [row for row in table.rows if not row.is_total and not row.cells[3].suppressed
             and (row.cells[3].value or 0) > 0]
    if not shown:
        return _("Inget att visa för perioden.")
    largest = max(shown, key=lambda row: row.cells[3].value or 0)
    return _("%(noun)s: %(label)s (%(n)s personer).", noun=noun, label=largest.label,
             n=int(largest.cells[3].value or 0))


# Rows that count the same people in two tables: (table, row, table, row).
SAME_PEOPLE = [
    ("oversikt", "exited_period", "avslutsorsaker", "__total"),
    ("oversikt", "work", "avslutsorsaker", "work"),
    ("oversikt", "studies", "avslutsorsaker", str(ExitReason.STUDIES)),
    ("oversikt", "job_seeking", "avslutsorsaker", str(ExitReason.JOB_SEEKING)),
    ("oversikt", "work_or_studies", "avslutsorsaker", "work_or_studies"),
    ("avslutsorsaker", "work", "arbete_omfattning", "__total"),
    ("oversikt", "period", "alder", "__total"),
    ("alder", "__total", "forsorjning", "__total"),
    ("alder", "__total", "utbildning", "__total"),
    ("alder", "__total", "manader", "__total"),
]


def all_tables(scope: Scope) -> list[Table]:
    first = overview(scope)
    found = [first, *exit_reasons(scope), *target_group(scope),
             *progression.progression_tables(scope, first.anonymous or 0)]
    if scope.suppressed:
        suppress_together(found, SAME_PEOPLE + progression.SAME_PEOPLE, scope.min_size,
                          progression.SAME_CELLS)
    # Summaries last: they may only name what the tables show.
    for table in found:
        if table.key == "oversikt":
            table.summary = _overview_summary(table, scope.min_size)
        elif table.key in progression.SUMMARIES:
            table.summary = progression.SUMMARIES[table.key](table, scope.min_size)
        else:
            table.summary = _summary_largest(table, table.summary_noun)
    return found
