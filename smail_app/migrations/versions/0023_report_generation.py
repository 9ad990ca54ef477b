"""A counter of changes to what the reports count, so that computed reports can be kept

Revision ID: 0023_report_generation
Revises: 0022_insats_type
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0023_report_generation"
down_revision = "0022_insats_type"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "report_generation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "number": 0}])


def downgrade():
    op.drop_table("report_generation")
