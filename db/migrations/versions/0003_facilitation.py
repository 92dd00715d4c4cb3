"""facilitation: results hidden until revealed, step timers, plan consent, smallest group (issue 18)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FALSE = sa.false()


def upgrade() -> None:
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("results_hidden", sa.Boolean(), nullable=False, server_default=FALSE)
        )
        batch_op.add_column(
            sa.Column("revealed", sa.Boolean(), nullable=False, server_default=FALSE)
        )
        batch_op.add_column(sa.Column("reveal_top", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reveal_shown", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("timer_ends_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("timer_left", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("timer_closes_input", sa.Boolean(), nullable=False, server_default=FALSE)
        )
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("min_group_size", sa.Integer(), nullable=False, server_default="3")
        )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_in_plan", sa.Boolean(), nullable=False, server_default=FALSE)
        )


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("name_in_plan")
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.drop_column("min_group_size")
    with op.batch_alter_table("step", schema=None) as batch_op:
        for column in (
            "timer_closes_input",
            "timer_left",
            "timer_ends_at",
            "reveal_shown",
            "reveal_top",
            "revealed",
            "results_hidden",
        ):
            batch_op.drop_column(column)
