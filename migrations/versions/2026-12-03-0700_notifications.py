"""Notifications (issue 17): the notices to people, each once (a unique key), their reminder
preferences, and how far the notices have read the event feed. A new notification wakes the
worker's mailer in its transaction (as events do, migration 0017).

Revision ID: 0018_notifications
Revises: 0017_events_outbox
Create Date: 2026-12-03 07:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_notifications"
down_revision: str | None = "0017_events_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=2000), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("transport", sa.String(length=16), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notification"),
        sa.UniqueConstraint("key", name="uq_notification_key"),
    )
    op.create_index("ix_notification_recipient", "notification", ["recipient", "created_at"])
    op.create_index(
        "ix_notification_unsent",
        "notification",
        ["created_at"],
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "notification_preference",
        sa.Column("personnel_number", sa.String(length=32), nullable=False),
        sa.Column("reminders", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("personnel_number", name="pk_notification_preference"),
    )
    op.create_table(
        "notice_cursor",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notice_cursor"),
    )
    op.execute("INSERT INTO notice_cursor (id, last_sequence) VALUES (1, 0)")
    # Whether a talk's overdue event was told already (the reminder run).
    op.create_index("ix_domain_event_type_subject", "domain_event", ["type", "subject"])
    op.execute(
        "CREATE TRIGGER notification_wake_worker AFTER INSERT ON notification "
        "REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT "
        "EXECUTE FUNCTION goedgesprek_wake_trigger('send_notifications')"
    )


def downgrade() -> None:
    op.drop_index("ix_domain_event_type_subject", table_name="domain_event")
    op.drop_table("notice_cursor")
    op.drop_table("notification_preference")
    op.drop_table("notification")
