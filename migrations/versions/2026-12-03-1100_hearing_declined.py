"""R6.12 (issue 18): the objection hearing is an opportunity the employee may decline; an
appraisal records that it was offered and declined, on ``hearing_on``.

Revision ID: 0022_hearing_declined
Revises: 0021_delegation_decision
Create Date: 2026-12-03 11:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_hearing_declined"
down_revision: str | None = "0021_delegation_decision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new column with a constant default rewrites no row (no UPDATE trigger fires on the
    # finalised appraisals, which refuse updates).
    op.add_column(
        "appraisal",
        sa.Column("hearing_declined", sa.Boolean(), server_default="false", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("appraisal", "hearing_declined")
