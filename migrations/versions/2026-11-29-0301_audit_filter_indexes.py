"""Indexes for every filter of GET /v1/audit-events.

Revision ID: 0002_audit_filter_indexes
Revises: 0001_audit_trail
Create Date: 2026-11-29 03:01:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_audit_filter_indexes"
down_revision: str | None = "0001_audit_trail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # resourceType (+ resourceId) uses ix_audit_event_resource; these serve the other filters,
    # each ending in id for the newest-first order.
    op.create_index("ix_audit_event_resource_id", "audit_event", ["resource_id", "id"])
    op.create_index("ix_audit_event_actor_id", "audit_event", ["actor_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_actor_id", table_name="audit_event")
    op.drop_index("ix_audit_event_resource_id", table_name="audit_event")
