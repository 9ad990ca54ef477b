"""An index holding everything the caseload's order reads, so it reads no participant's row

Revision ID: 0028_participants_caseload_index
Revises: 0027_sign_in_failures_dated
Create Date: 2026-12-04
"""
from alembic import op

revision = "0028_participants_caseload_index"
down_revision = "0027_sign_in_failures_dated"
branch_labels = None
depends_on = None

COLUMNS = ["insats_id", "exit_date", "start_date", "last_self_rated_on", "has_plan_activity",
           "code", "id"]


def upgrade():
    op.create_index("ix_participants_caseload", "participants", COLUMNS)


def downgrade():
    op.drop_index("ix_participants_caseload", table_name="participants")
