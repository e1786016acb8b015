"""The reports at scale (issue 20): the indexes of the report queries that look rows up per
person or per agreement, or read a small part of a large table.

* ``ix_talk_planning_held``: the planning talks held, per cycle, with the day (the roll-out
  check and who is missing: an index-only lookup per person, or the whole set for an anti
  join);
* ``ix_talk_open_due``: the talks of the plan not held yet, by kind and due date (the overdue
  pages: a few per cent of the talks);
* ``ix_appraisal_cycle_finalised``: a cycle's finalised appraisals, newest first (the
  development report's rating per agreement, one LATERAL lookup).

Revision ID: 0029_report_indexes
Revises: 0028_opening_jobs
Create Date: 2026-12-04 11:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_report_indexes"
down_revision: str | None = "0028_opening_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_talk_planning_held",
        "talk",
        ["cycle_id", "held_on"],
        postgresql_where=sa.text("kind = 'planning' AND status = 'held'"),
    )
    op.create_index(
        "ix_talk_open_due",
        "talk",
        ["kind", "due_date"],
        postgresql_where=sa.text("origin = 'cycle' AND status IN ('open', 'scheduled')"),
    )
    op.create_index(
        "ix_appraisal_cycle_finalised",
        "appraisal",
        ["cycle_id", "finalised_on"],
        postgresql_where=sa.text("state = 'finalised'"),
    )


def downgrade() -> None:
    op.drop_index("ix_appraisal_cycle_finalised", table_name="appraisal")
    op.drop_index("ix_talk_open_due", table_name="talk")
    op.drop_index("ix_talk_planning_held", table_name="talk")
