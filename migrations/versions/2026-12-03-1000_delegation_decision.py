"""A coordinator delegation records who decided it and why (issue 18, T1.g). Delegations
recorded before keep none.

Revision ID: 0021_delegation_decision
Revises: 0020_informant_relationship
Create Date: 2026-12-03 10:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_delegation_decision"
down_revision: str | None = "0020_informant_relationship"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "coordinator_delegation", sa.Column("decided_by", sa.String(length=200), nullable=True)
    )
    op.add_column("coordinator_delegation", sa.Column("motivation", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("coordinator_delegation", "motivation")
    op.drop_column("coordinator_delegation", "decided_by")
