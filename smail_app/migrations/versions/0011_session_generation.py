"""Revocable sessions

Revision ID: 0011_session_generation
Revises: 0010_privacy
Create Date: 2026-12-03

A per-account session generation: a session cookie is accepted only while it carries the
account's current generation, so sign-out, a new password or "sign out everywhere" ends every
session of the account at once.
"""
from alembic import op
import sqlalchemy as sa


revision = "0011_session_generation"
down_revision = "0010_privacy"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
