"""How many statements each indicator score rests on

Revision ID: 0020_score_basis
Revises: 0019_invite_name
Create Date: 2026-12-04

Scores of ratings sent before this stay without it (shown as complete, as they were).
"""
from alembic import op
import sqlalchemy as sa

revision = "0020_score_basis"
down_revision = "0019_invite_name"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicator_scores") as batch:
        batch.add_column(sa.Column("answered", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("statements", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("indicator_scores") as batch:
        batch.drop_column("statements")
        batch.drop_column("answered")
