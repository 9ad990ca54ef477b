"""Each participant's latest self-rating date and whether their plan has an activity, kept by
triggers, for the caseload's order

Revision ID: 0025_participant_facts
Revises: 0024_ratings_sent_index
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

from smail_app.participants import facts

revision = "0025_participant_facts"
down_revision = "0024_ratings_sent_index"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("participants", sa.Column("last_self_rated_on", sa.Date(), nullable=True))
    op.add_column("participants", sa.Column("has_plan_activity", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    connection = op.get_bind()
    facts.recompute_all(connection)
    facts.create_triggers(connection)


def downgrade():
    facts.drop_triggers(op.get_bind())
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("has_plan_activity")
        batch.drop_column("last_self_rated_on")
