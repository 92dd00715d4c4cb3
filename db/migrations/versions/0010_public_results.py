"""public results: a workshop's public, read-only results page and its key (issue 21)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A plain literal, read as false by SQLite and PostgreSQL alike (as in 0009): a SQL
# expression as a new column's default would make Alembic rebuild the SQLite table.
FALSE = "0"


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_results", sa.Boolean(), nullable=False, server_default=FALSE)
        )
        batch_op.add_column(
            sa.Column("public_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    # Unique, and NULL (never switched on) for as many workshops as need it: both
    # databases let a unique index hold any number of NULLs.
    op.create_index(op.f("ix_workshop_public_key"), "workshop", ["public_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_workshop_public_key"), table_name="workshop")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), as 0009: neither column is
    # in a constraint once the index is gone.
    op.drop_column("workshop", "public_key")
    op.drop_column("workshop", "public_results")
