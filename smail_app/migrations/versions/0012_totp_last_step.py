"""A TOTP code is accepted once

Revision ID: 0012_totp_last_step
Revises: 0011_session_generation
Create Date: 2026-12-03

The time step of the last accepted code, so the same code cannot sign in twice.
"""
from alembic import op
import sqlalchemy as sa


revision = "0012_totp_last_step"
down_revision = "0011_session_generation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
