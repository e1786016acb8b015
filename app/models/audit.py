from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

AUDIT_ACTIONS = ("create", "update", "delete", "read")


class AuditEvent(Base):
    """One entry of the append-only audit trail; the database refuses UPDATE and DELETE."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'delete', 'read')", name="action_known"),
        CheckConstraint("actor_type IN ('person', 'client', 'system')", name="actor_type_known"),
        Index("ix_audit_event_resource", "resource_type", "resource_id", "id"),
        Index("ix_audit_event_resource_id", "resource_id", "id"),
        Index("ix_audit_event_actor_id", "actor_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now())
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    resource_type: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(String(64))
