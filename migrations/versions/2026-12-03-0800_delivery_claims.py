"""Webhook deliveries remember which claim holds them: a worker whose lease ran out, and whose
deliveries another worker took over, can no longer overwrite their outcome (issue 17, review).

Revision ID: 0019_delivery_claims
Revises: 0018_notifications
Create Date: 2026-12-03 08:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_delivery_claims"
down_revision: str | None = "0018_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("webhook_delivery", sa.Column("claim", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("webhook_delivery", "claim")
