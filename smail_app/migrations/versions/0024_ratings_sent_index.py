"""An index of sent ratings by participant, rater and date, for the caseload's order

Revision ID: 0024_ratings_sent_index
Revises: 0023_report_generation
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0024_ratings_sent_index"
down_revision = "0023_report_generation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ratings_sent_by_rater", "ratings",
                    ["participant_id", "rater_kind", "rated_on"],
                    sqlite_where=sa.text("submitted_dt IS NOT NULL"),
                    postgresql_where=sa.text("submitted_dt IS NOT NULL"))


def downgrade():
    op.drop_index("ix_ratings_sent_by_rater", table_name="ratings")
