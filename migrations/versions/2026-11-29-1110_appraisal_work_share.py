"""Appraisals: the work part's share of the final rating (R6.6) is a setting, stored with each
appraisal when it is rated, so that a computed final rating stays explainable after the setting
changes. Existing appraisals were rated at 50/50.

Revision ID: 0013_work_share
Revises: 0012_appraisal_recorded_once
Create Date: 2026-11-29 11:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_work_share"
down_revision: str | None = "0012_appraisal_recorded_once"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "appraisal",
        sa.Column("work_share_percent", sa.SmallInteger(), server_default="50", nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_appraisal_work_share"), "appraisal", "work_share_percent BETWEEN 1 AND 99"
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_appraisal_work_share"), "appraisal", type_="check")
    op.drop_column("appraisal", "work_share_percent")
