"""Anonymisation and the information shown to participants

Revision ID: 0010_privacy
Revises: 0009_access_log_chain
Create Date: 2026-12-03

When a participant was anonymised; requests to anonymise (one handledare asks, another
confirms); which version of the privacy information a participant was shown, and when.
"""
from alembic import op
import sqlalchemy as sa


revision = "0010_privacy"
down_revision = "0009_access_log_chain"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("anonymised_dt", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "anonymisation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                name=op.f("fk_anonymisation_requests_participant_id_participants")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_anonymisation_requests_requested_by_id_users")),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["users.id"],
                                name=op.f("fk_anonymisation_requests_confirmed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymisation_requests")),
    )
    op.create_index(op.f("ix_anonymisation_requests_participant_id"), "anonymisation_requests",
                    ["participant_id"])
    op.create_table(
        "participant_information_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("notice_version", sa.String(20), nullable=False),
        sa.Column("shown_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], ondelete="CASCADE",
            name=op.f("fk_participant_information_records_participant_id_participants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_information_records")),
    )
    op.create_index(op.f("ix_participant_information_records_participant_id"),
                    "participant_information_records", ["participant_id"])


def downgrade():
    op.drop_index(op.f("ix_participant_information_records_participant_id"),
                  table_name="participant_information_records")
    op.drop_table("participant_information_records")
    op.drop_index(op.f("ix_anonymisation_requests_participant_id"),
                  table_name="anonymisation_requests")
    op.drop_table("anonymisation_requests")
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("anonymised_dt")
