"""Agreements: indexes for reading a cycle's approvals and decisions; TRUNCATE refused on the
append-only tables too (R5.2).

Revision ID: 0008_agreement_indexes
Revises: 0007_agreements
Create Date: 2026-11-29 09:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_agreement_indexes"
down_revision: str | None = "0007_agreements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = (
    "agreement_version",
    "competency_set_revision",
    "agreement_approval",
    "agreement_decision",
    "talk_contribution",
)


def upgrade() -> None:
    op.create_index(
        "ix_agreement_approval_cycle_id", "agreement_approval", ["cycle_id", "set_version"]
    )
    op.create_index(
        "ix_agreement_decision_cycle_id", "agreement_decision", ["cycle_id", "set_version"]
    )
    for table in APPEND_ONLY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION agreement_refuse_change()"
        )


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
    op.drop_index("ix_agreement_decision_cycle_id", table_name="agreement_decision")
    op.drop_index("ix_agreement_approval_cycle_id", table_name="agreement_approval")
