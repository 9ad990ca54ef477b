"""SUS-aligned registration

Revision ID: 0008_sus_registration
Revises: 0007_follow_up_results
Create Date: 2026-12-03

Education and time in public support at the start, income sources at the start and after the
exit, and anonymous participants who are only counted.
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_sus_registration"
down_revision = "0007_follow_up_results"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("education", sa.String(30), nullable=True))
        batch.add_column(sa.Column("support_time", sa.String(30), nullable=True))
        batch.add_column(sa.Column("is_anonymous", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "participant_income_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(10), nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], ondelete="CASCADE",
            name=op.f("fk_participant_income_sources_participant_id_participants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_income_sources")),
        sa.UniqueConstraint("participant_id", "phase", "source",
                            name=op.f("uq_participant_income_sources_participant_id")),
    )
    op.create_index(op.f("ix_participant_income_sources_participant_id"),
                    "participant_income_sources", ["participant_id"])


def downgrade():
    op.drop_index("ix_participant_income_sources_participant_id",
                  table_name="participant_income_sources")
    op.drop_table("participant_income_sources")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("is_anonymous")
        batch.drop_column("support_time")
        batch.drop_column("education")
