"""poll "no opinion": a poll answer may be -1, said apart from the options (issue 18)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWER = sa.table("poll_answer", sa.column("option", sa.Integer))


def _option_check(low: int) -> None:
    with op.batch_alter_table("poll_answer", schema=None) as batch_op:
        batch_op.drop_constraint("poll_option_index", type_="check")
        batch_op.create_check_constraint("poll_option_index", f"option >= {low}")


def upgrade() -> None:
    _option_check(-1)


def downgrade() -> None:
    # "No opinion" had no place before: those answers go (the person answered nothing).
    op.execute(ANSWER.delete().where(ANSWER.c.option < 0))
    _option_check(0)
