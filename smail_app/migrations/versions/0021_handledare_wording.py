"""Each statement about the participant, in the third person, for the handledare's rating

Revision ID: 0021_handledare_wording
Revises: 0020_score_basis
Create Date: 2026-12-04

The default statements get their third-person wording in every language; versions an admin
worded differently keep the first person for the handledare until a new version adds it.
"""
from alembic import op
import sqlalchemy as sa

revision = "0021_handledare_wording"
down_revision = "0020_score_basis"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("text_sv_handledare", sa.String(300), nullable=True))
        batch.add_column(sa.Column("text_en_handledare", sa.String(300), nullable=True))
    with op.batch_alter_table("statement_translations") as batch:
        batch.add_column(sa.Column("text_handledare", sa.String(300), nullable=True))
    from smail_app.assessments.instrument import install_default_handledare_wording
    install_default_handledare_wording(op.get_bind())


def downgrade():
    with op.batch_alter_table("statement_translations") as batch:
        batch.drop_column("text_handledare")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("text_en_handledare")
        batch.drop_column("text_sv_handledare")
