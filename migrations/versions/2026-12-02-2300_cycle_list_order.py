"""The list of cycles in its own order: an index on (next_due_date, start_date, id) of the
cycles that are listed by default (not superseded), so a page is read off the index instead of
joining and sorting every cycle for each request.

Revision ID: 0015_cycle_list_order
Revises: 0014_talk_parts_finalised
Create Date: 2026-12-02 23:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_cycle_list_order"
down_revision: str | None = "0014_talk_parts_finalised"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cycle_list_order",
        "cycle",
        ["next_due_date", "start_date", "id"],
        postgresql_where=sa.text("state <> 'superseded'"),
    )


def downgrade() -> None:
    op.drop_index("ix_cycle_list_order", table_name="cycle")
