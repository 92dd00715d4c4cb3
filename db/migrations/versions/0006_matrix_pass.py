"""matrix "I pass": a score row without a value says the person passed on a card (issue 18)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORE = sa.table("score", sa.column("value", sa.Integer))


def upgrade() -> None:
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_constraint("score_range", type_="check")
        batch_op.alter_column("value", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            "score_range", "value IS NULL OR (value >= 1 AND value <= 5)"
        )


def downgrade() -> None:
    # A pass had no place before: those rows go (the person scored nothing there).
    op.execute(SCORE.delete().where(SCORE.c.value.is_(None)))
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_constraint("score_range", type_="check")
        batch_op.alter_column("value", existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint("score_range", "value >= 1 AND value <= 5")
