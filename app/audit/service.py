from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.pagination import PageParams
from app.audit.trail import record
from app.auth import Actor, Role, require_any
from app.models.audit import AuditEvent

AUDIT_READ_SCOPE = "audit:read"

# Resources whose recorded states hold what a talk is about: agreements, views, ratings and
# motivations, signatures, objections, informant input. A service client with ``audit:read``
# sees that such an event happened (who, when, what) but not its content; HR sees the content,
# and that read is itself audited, like every other read of appraisal content.
CONTENT_TYPES = frozenset(
    {
        "agreement-version",
        "agreement-decision",
        "talk-contribution",
        "appraisal",
        "appraisal-rating",
        "appraisal-signature",
        "informant-request",
        "informant-suggestion",
    }
)


def withholds_content(actor: Actor, event: AuditEvent) -> bool:
    return event.resource_type in CONTENT_TYPES and not actor.has_role(Role.hr)


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
    rows = (
        await session.scalars(
            query.order_by(AuditEvent.id.desc()).limit(page.page_size).offset(page.offset)
        )
    ).all()
    shown = [row.id for row in rows if row.resource_type in CONTENT_TYPES]
    if shown and actor.has_role(Role.hr):
        record(
            session,
            action="read",
            resource_type="audit-trail",
            resource_id="content",
            after={"events": shown},
            actor=actor,
        )
    return rows, total or 0
