"""Languages beyond Swedish and English: statement translations and language reviews

Revision ID: 0017_languages
Revises: 0012_totp_last_step
Create Date: 2026-12-03

The default statements in Arabic (a draft), and the admin's mark that a language version
was reviewed by a qualified translator.
"""
from alembic import op
import sqlalchemy as sa



revision = "0017_languages"
down_revision = "0012_totp_last_step"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statement_translations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("statement_id", sa.Integer(),
                  sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.UniqueConstraint("statement_id", "locale"),
    )
    op.create_table(
        "language_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("reviewed_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_index("ix_language_reviews_locale", "language_reviews", ["locale"])
    from smail_app.assessments.instrument import install_default_translations
    install_default_translations(op.get_bind())


def downgrade():
    op.drop_index("ix_language_reviews_locale", "language_reviews")
    op.drop_table("language_reviews")
    op.drop_table("statement_translations")
