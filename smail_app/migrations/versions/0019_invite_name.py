"""The invited person's name on an invite, offered on the invite page

Revision ID: 0019_invite_name
Revises: 0018_sign_in_hardening
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = "0019_invite_name"
down_revision = "0018_sign_in_hardening"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("name", sa.String(120), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("invites") as batch:
        batch.drop_column("name")
