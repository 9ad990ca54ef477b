"""An index of invites by participant: the participant page looks up the open invite

Revision ID: 0026_invites_participant_index
Revises: 0025_participant_facts
Create Date: 2026-12-04
"""
from alembic import op

revision = "0026_invites_participant_index"
down_revision = "0025_participant_facts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_invites_participant_id", "invites", ["participant_id"])


def downgrade():
    op.drop_index("ix_invites_participant_id", table_name="invites")
