"""The outbox of domain events and the webhook subscriptions that receive them (issue 17).

An event row is written in the transaction of the change it reports: it exists if and only if
the change committed. Its ``sequence`` is given later, by the publisher, in the order in which
the events' transactions finished (``app/events/publish.py``), so that a consumer reading the
feed in sequence order never misses an event that committed late.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from app.models.base import Auditable, Base

DELIVERY_STATES = ("pending", "delivered", "failed")


class Xid8(UserDefinedType):
    """PostgreSQL's 64-bit transaction id (``pg_current_xact_id()``)."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "xid8"


class DomainEvent(Base):
    """One CloudEvent of the outbox (the envelope is built when it is read: ``app/events``)."""

    __tablename__ = "domain_event"
    __table_args__ = (
        # The publisher's work list: events not sequenced yet, in transaction order.
        Index(
            "ix_domain_event_unpublished",
            "txid",
            "position",
            postgresql_where=text("sequence IS NULL"),
        ),
        Index("ix_domain_event_type_sequence", "type", "sequence"),
        Index("ix_domain_event_type_subject", "type", "subject"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    position: Mapped[int] = mapped_column(BigInteger, Identity(always=True), unique=True)
    """Insertion order (within a transaction, the order of the changes)."""
    txid: Mapped[Any] = mapped_column(Xid8, server_default=text("pg_current_xact_id()"))
    type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200))
    time: Mapped[datetime] = mapped_column(server_default=func.now())
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    sequence: Mapped[int | None] = mapped_column(BigInteger, unique=True)


class WebhookSubscription(Auditable, Base):
    """A receiver of events by Standard Webhooks. The secrets are never audited."""

    __tablename__ = "webhook_subscription"
    __audit_type__ = "webhook-subscription"
    __audit_withheld__ = ("secret", "previous_secret")

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(100)), server_default="{}")
    """Empty: every type."""
    description: Mapped[str | None] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    disabled_at: Mapped[datetime | None]
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    """Still signs beside the new one until ``previous_secret_until`` (a rotation's overlap)."""
    previous_secret_until: Mapped[datetime | None]
    owner: Mapped[str] = mapped_column(String(200))
    """The client (or person) that made it."""
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class WebhookDelivery(Base):
    """One event for one subscription: delivered at least once, or failed after its retries."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ",".join(f"'{s}'" for s in DELIVERY_STATES) + ")",
            name="status_known",
        ),
        Index(
            "ix_webhook_delivery_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_delivery_subscription", "subscription_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscription.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("domain_event.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), server_default=text("'pending'"))
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=func.now())
    lease_until: Mapped[datetime | None]
    """Claimed by a worker until then; a worker that dies leaves it to the next after this."""
    claim: Mapped[uuid.UUID | None]
    """The claim that holds it: only that claim's outcome is recorded (migration 0019)."""
    last_status_code: Mapped[int | None] = mapped_column(SmallInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]
    manual: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    """The next attempt was asked for through the API (a redelivery)."""
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class WebhookAttempt(Base):
    """The delivery log: one row per HTTP attempt."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_delivery", "delivery_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[datetime] = mapped_column(server_default=func.now())
    status_code: Mapped[int | None] = mapped_column(SmallInteger)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    manual: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


# Reflection (the migration test, autogenerate) knows the type by name.
ischema_names["xid8"] = Xid8
