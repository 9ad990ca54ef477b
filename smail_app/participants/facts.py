"""Two facts about each participant that the caseload orders by, kept on the participant's
row by the database itself: the date of their latest sent self-rating
(``participants.last_self_rated_on``) and whether their action plan has any activity
(``participants.has_plan_activity``).

The caseload orders every visible participant by urgency (workspace/urgency.py); reading
these from the participant's row, instead of grouping each one's ratings and plan on every
request, keeps that query cheap however large the team.

Triggers keep them: any INSERT, UPDATE or DELETE of a rating or a plan activity, whatever
writes it (the app, a bulk statement, the benchmark's generator, psql by hand), recomputes
the participant's facts from their rows, so they cannot drift. A draft's autosave does not
touch the columns the triggers watch. ``tests/test_participant_facts.py`` checks the stored
facts against their definition after every kind of write.
"""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.schema import MetaData

# What the facts are, as SQL over one participant (``{pid}`` is replaced by the trigger's
# NEW/OLD reference). The ORM's RaterKind.PARTICIPANT is stored as 'deltagare'.
_LAST_SELF_RATED = ("(SELECT max(r.rated_on) FROM ratings r WHERE r.participant_id = {pid} "
                    "AND r.rater_kind = 'deltagare' AND r.submitted_dt IS NOT NULL)")
_HAS_PLAN_ACTIVITY = ("EXISTS (SELECT 1 FROM action_plans p JOIN plan_activities a "
                      "ON a.plan_id = p.id WHERE p.participant_id = {pid})")
_RECOMPUTE = ("UPDATE participants SET last_self_rated_on = " + _LAST_SELF_RATED
              + ", has_plan_activity = " + _HAS_PLAN_ACTIVITY + " WHERE id = {pid}")

# (trigger name, table, event, the participant ids it concerns). Ratings: only the columns
# the fact depends on, so autosaving a draft fires nothing.
_TRIGGERS = (
    ("participant_facts_rating_added", "ratings", "INSERT", ("NEW.participant_id",)),
    ("participant_facts_rating_changed", "ratings",
     "UPDATE OF submitted_dt, rated_on, rater_kind, participant_id",
     ("OLD.participant_id", "NEW.participant_id")),
    ("participant_facts_rating_removed", "ratings", "DELETE", ("OLD.participant_id",)),
    ("participant_facts_activity_added", "plan_activities", "INSERT", ("NEW.plan_id",)),
    ("participant_facts_activity_moved", "plan_activities", "UPDATE OF plan_id",
     ("OLD.plan_id", "NEW.plan_id")),
    ("participant_facts_activity_removed", "plan_activities", "DELETE", ("OLD.plan_id",)),
    # A plan removed takes its activities with it (ON DELETE CASCADE), after which they no
    # longer lead to the participant; a plan moved to another participant (a correction).
    ("participant_facts_plan_removed", "action_plans", "DELETE", ("OLD.participant_id",)),
    ("participant_facts_plan_moved", "action_plans", "UPDATE OF participant_id",
     ("OLD.participant_id", "NEW.participant_id")),
)


def _participant_of(reference: str) -> str:
    """A rating trigger names the participant; an activity trigger names its plan."""
    if reference.endswith("plan_id"):
        return f"(SELECT participant_id FROM action_plans WHERE id = {reference})"
    return reference


def _sqlite_statements() -> list[str]:
    statements = []
    for name, table, when, references in _TRIGGERS:
        body = " ".join(_RECOMPUTE.format(pid=_participant_of(reference)) + ";"
                        for reference in references)
        statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {when} ON {table} "
                          f"FOR EACH ROW BEGIN {body} END")
    return statements


def _postgresql_statements() -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION participant_facts_recompute(pid integer) RETURNS void "
        f"LANGUAGE sql AS $$ {_RECOMPUTE.format(pid='pid')} $$"]
    for name, table, when, references in _TRIGGERS:
        calls = " ".join(f"PERFORM participant_facts_recompute({_participant_of(reference)});"
                         for reference in references)
        statements.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {calls} RETURN NULL; END $$")
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(f"CREATE TRIGGER {name} AFTER {when} ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION {name}()")
    return statements


def create_triggers(connection: Connection) -> None:
    """Create the triggers (a new database, or the migration that adds the facts). Safe to
    run again: ``create_all`` on a database that has them already fires this too."""
    dialect = connection.dialect.name
    statements = _postgresql_statements() if dialect == "postgresql" else _sqlite_statements()
    for statement in statements:
        connection.execute(text(statement))


def drop_triggers(connection: Connection) -> None:
    postgresql = connection.dialect.name == "postgresql"
    for name, table, _when, _references in _TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"
                                + (f" ON {table}" if postgresql else "")))
        if postgresql:
            connection.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))
    if postgresql:
        connection.execute(text("DROP FUNCTION IF EXISTS participant_facts_recompute(integer)"))


def recompute_all(connection: Connection) -> None:
    """Every participant's facts from their rows (the migration's backfill)."""
    connection.execute(text(_RECOMPUTE.replace(" WHERE id = {pid}", "")
                            .format(pid="participants.id")))


def _after_create(metadata: MetaData, connection: Connection, **_kw: object) -> None:
    create_triggers(connection)


def install(metadata: MetaData) -> None:
    """``create_all`` (tests, a database made without migrations) adds the triggers too."""
    if not event.contains(metadata, "after_create", _after_create):
        event.listen(metadata, "after_create", _after_create)
