"""Overdue lists per employee; the next-due trigger writes only cycles whose value changes.

A cycle row rewritten on every talk statement bloated the table (and slowed its scans); now
the trigger computes the new values first and updates only where they differ.

Revision ID: 0006_cycle_due_index
Revises: 0005_cycles
Create Date: 2026-11-29 06:36:19.416243+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_cycle_due_index"
down_revision: str | None = "0005_cycles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFRESH = """
CREATE OR REPLACE FUNCTION cycle_refresh_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cycle c SET next_due_date = d.due
    FROM (
        SELECT changed.cycle_id, (
            SELECT min(t.due_date) FROM talk t
            WHERE t.cycle_id = changed.cycle_id AND t.status IN ('open', 'scheduled')) AS due
        FROM (SELECT DISTINCT cycle_id FROM changed_talks) changed
    ) d
    WHERE c.id = d.cycle_id AND c.next_due_date IS DISTINCT FROM d.due;
    RETURN NULL;
END $$
"""

_PREVIOUS = """
CREATE OR REPLACE FUNCTION cycle_refresh_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cycle c SET next_due_date = (
        SELECT min(t.due_date) FROM talk t
        WHERE t.cycle_id = c.id AND t.status IN ('open', 'scheduled'))
    WHERE c.id IN (SELECT DISTINCT cycle_id FROM changed_talks);
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_index(
        "ix_cycle_employee_next_due",
        "cycle",
        ["employee_id", "next_due_date"],
        unique=False,
        postgresql_where=sa.text("state = 'active'"),
    )
    op.execute(_REFRESH)


def downgrade() -> None:
    op.execute(_PREVIOUS)
    op.drop_index(
        "ix_cycle_employee_next_due",
        table_name="cycle",
        postgresql_where=sa.text("state = 'active'"),
    )
