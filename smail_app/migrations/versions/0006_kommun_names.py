"""kommun names in correct Swedish

Revision ID: 0006_kommun_names
Revises: 0005_plan_versions
Create Date: 2026-12-03

The county loader wrote "Enköping kommun", "Tierp kommun" and "Östhammar kommun"; Swedish
uses the genitive there. Renames rows the loader made, unless the right name already exists.
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_kommun_names"
down_revision = "0005_plan_versions"
branch_labels = None
depends_on = None

RENAMED = {"Enköping kommun": "Enköpings kommun", "Tierp kommun": "Tierps kommun",
           "Östhammar kommun": "Östhammars kommun"}


def _rename(pairs):
    organisations = sa.table("organisations", sa.column("name", sa.String))
    connection = op.get_bind()
    for old, new in pairs:
        taken = connection.execute(
            sa.select(sa.func.count()).select_from(organisations)
            .where(organisations.c.name == new)).scalar()
        if not taken:
            connection.execute(organisations.update().where(organisations.c.name == old)
                               .values(name=new))


def upgrade():
    _rename(RENAMED.items())


def downgrade():
    _rename((new, old) for old, new in RENAMED.items())
