"""6-month follow-up results

Revision ID: 0007_follow_up_results
Revises: 0006_kommun_names
Create Date: 2026-12-03

What the 6-month follow-up found per participant who left: reached or not, and then work,
studies or other, with the date.
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_follow_up_results"
down_revision = "0006_kommun_names"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follow_up_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.Enum("arbete", "studier", "annat", name="followupoutcome",
                                     native_enum=False, create_constraint=False, length=20),
                  nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_dt", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reached OR outcome IS NULL",
                           name=op.f("ck_follow_up_results_outcome_only_if_reached")),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE",
                                name=op.f("fk_follow_up_results_participant_id_participants")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"],
                                name=op.f("fk_follow_up_results_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_results")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_follow_up_results_participant_id")),
    )


def downgrade():
    op.drop_table("follow_up_results")
