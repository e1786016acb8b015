"""R6.12 (issue 18): after objections the manager may meet them partly: the appraisal changed,
with an explanation of what was not changed and why (`response = 'partly-met'`).

Revision ID: 0023_partly_met
Revises: 0022_hearing_declined
Create Date: 2026-12-03 12:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_partly_met"
down_revision: str | None = "0022_hearing_declined"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint("response", "appraisal", type_="check")
    op.create_check_constraint(
        "response",
        "appraisal",
        "response IS NULL OR response IN ('met-fully','partly-met','explained')",
    )


def downgrade() -> None:
    op.drop_constraint("response", "appraisal", type_="check")
    op.create_check_constraint(
        "response", "appraisal", "response IS NULL OR response IN ('met-fully','explained')"
    )
