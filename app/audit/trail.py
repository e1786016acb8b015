"""The append-only audit trail: what no mapper event sees, recorded by the services.

Writes to :class:`~app.models.base.Auditable` models are audited by mapper events
(``app.models.auditing``) in the same flush. Reads of appraisal content and bulk (Core) writes
call :func:`record` or :func:`record_read`, in the same transaction as what they record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import Session

from app.auth import Actor
from app.models.audit import AuditEvent
from app.models.auditing import audit_row
from app.statements import execute


def record(
    session: Any,
    *,
    action: str,
    resource_type: str,
    resource_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: Actor | None = None,
    on_behalf_of: str | None = None,
) -> AuditEvent:
    """Append one audit event to the session (sync or async); it commits with the rest."""
    sync_session: Session = getattr(session, "sync_session", session)
    audit_event = AuditEvent(
        **audit_row(
            sync_session,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            before=before,
            after=after,
            actor=actor,
            on_behalf_of=on_behalf_of,
        )
    )
    sync_session.add(audit_event)
    return audit_event


_READ = insert(AuditEvent.__table__).values(
    {
        column: bindparam(column, type_=AuditEvent.__table__.c[column].type)
        for column in (
            "actor_type",
            "actor_id",
            "on_behalf_of",
            "action",
            "resource_type",
            "resource_id",
            "before",
            "after",
            "request_id",
        )
    }
)


async def record_read(
    session: Any,
    *,
    resource_type: str,
    resource_id: str,
    after: dict[str, Any] | None,
    actor: Actor,
) -> None:
    """Audit a read of appraisal content, in the request's transaction, as one INSERT built
    once (no unit of work): it commits with the request, or the request fails."""
    row = audit_row(
        session.sync_session,
        action="read",
        resource_type=resource_type,
        resource_id=resource_id,
        before=None,
        after=after,
        actor=actor,
    )
    await execute(session, _READ, **row)
