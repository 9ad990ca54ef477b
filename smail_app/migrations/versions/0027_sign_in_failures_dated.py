"""Sign-in failures are dated: a count left for a day starts again and is then deleted

Revision ID: 0027_sign_in_failures_dated
Revises: 0026_invites_participant_index
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0027_sign_in_failures_dated"
down_revision = "0026_invites_participant_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.add_column(sa.Column("last_failure_dt", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.drop_column("last_failure_dt")
