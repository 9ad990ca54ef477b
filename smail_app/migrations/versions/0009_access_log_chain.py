"""Access log hash chain and append-only triggers

Revision ID: 0009_access_log_chain
Revises: 0008_sus_registration
Create Date: 2026-12-03

Each entry gets its place in the log and a SHA-256 over its fields and the previous entry's
hash (existing entries are chained in the order they were written); a one-row head counts
the entries; the database refuses UPDATE and DELETE on the log (PostgreSQL and SQLite).
"""
from alembic import op
import sqlalchemy as sa

from smail_app.audit.chain import GENESIS, entry_digest
from smail_app.audit.models import refuse_change_ddl

revision = "0009_access_log_chain"
down_revision = "0008_sus_registration"
branch_labels = None
depends_on = None


class _Row:
    """The fields entry_digest reads, from a plain row."""

    def __init__(self, row, seq):
        self.seq = seq
        self.occurred_dt = row.occurred_dt
        self.actor_id = row.actor_id
        self.participant_id = row.participant_id
        self.action = row.action
        self.detail = row.detail


def upgrade():
    op.create_table(
        "access_log_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_head")),
    )
    with op.batch_alter_table("access_log") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))

    from datetime import UTC

    connection = op.get_bind()
    log = sa.table("access_log", sa.column("id"), sa.column("occurred_dt", sa.DateTime(True)),
                   sa.column("actor_id"), sa.column("participant_id"), sa.column("action"),
                   sa.column("detail"), sa.column("seq"), sa.column("entry_hash"))
    previous, seq = GENESIS, 0
    for row in connection.execute(sa.select(log).order_by(log.c.occurred_dt, log.c.id)).all():
        seq += 1
        fields = _Row(row, seq)
        if fields.occurred_dt.tzinfo is None:
            fields.occurred_dt = fields.occurred_dt.replace(tzinfo=UTC)
        previous = entry_digest(fields, previous)
        connection.execute(sa.update(log).where(log.c.id == row.id)
                           .values(seq=seq, entry_hash=previous))
    connection.execute(sa.text("INSERT INTO access_log_head (id, seq) VALUES (1, :seq)"),
                       {"seq": seq})

    with op.batch_alter_table("access_log") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint(op.f("uq_access_log_seq"), ["seq"])
    for statement in refuse_change_ddl(connection.dialect.name):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS access_log_append_only ON access_log")
        op.execute("DROP FUNCTION IF EXISTS access_log_refuse_change()")
    else:
        op.execute("DROP TRIGGER IF EXISTS access_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS access_log_no_delete")
    with op.batch_alter_table("access_log") as batch:
        batch.drop_constraint(op.f("uq_access_log_seq"), type_="unique")
        batch.drop_column("entry_hash")
        batch.drop_column("seq")
    op.drop_table("access_log_head")
