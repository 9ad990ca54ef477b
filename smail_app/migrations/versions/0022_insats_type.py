"""The förbund's own type of each insats, a report filter

Revision ID: 0022_insats_type
Revises: 0021_handledare_wording
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0022_insats_type"
down_revision = "0021_handledare_wording"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("insatser") as batch:
        batch.add_column(sa.Column("insats_type", sa.String(80), nullable=False,
                                   server_default=""))


def downgrade():
    with op.batch_alter_table("insatser") as batch:
        batch.drop_column("insats_type")
