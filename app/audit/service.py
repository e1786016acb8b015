from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.pagination import PageParams
from app.auth import Actor, Role, require_any
from app.models.audit import AuditEvent

AUDIT_READ_SCOPE = "audit:read"


async def list_audit_events(
    session: AsyncSession,
    *,
    actor: Actor,
    page: PageParams,
    resource_type: str | None = None,
    resource_id: str | None = None,
    actor_id: str | None = None,
) -> tuple[Sequence[AuditEvent], int]:
    """The audit trail, newest first; only HR (or a client with ``audit:read``) may read it."""
    require_any(actor, roles=(Role.hr,), scopes=(AUDIT_READ_SCOPE,))
    query = select(AuditEvent)
    if resource_type is not None:
        query = query.where(AuditEvent.resource_type == resource_type)
    if resource_id is not None:
        query = query.where(AuditEvent.resource_id == resource_id)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(AuditEvent.id.desc()).limit(page.page_size).offset(page.offset)
    )
    return rows.all(), total or 0
