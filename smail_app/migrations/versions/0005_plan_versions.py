"""plan activity versions

Revision ID: 0005_plan_versions
Revises: 0003_workspace
Create Date: 2026-12-02

A version number on action plan activities, so that of two handledare saving the same
activity at once the second is told instead of silently saving over the first. The lead
sets down_revision to the head of the merged branches.
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_plan_versions"
down_revision = "0003_workspace"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default=sa.text("1"),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.drop_column("version")
