from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.api.deps import AUDITED_READ, CurrentActor, Session
from app.api.pagination import Pagination
from app.api.routing import ApiRouter
from app.audit import service
from app.audit.schemas import AuditEventOut, AuditEventPage
from app.config import API_PREFIX
from app.models.audit import AuditEvent
from app.pagination import page_meta

router = ApiRouter(prefix=f"{API_PREFIX}/audit-events", tags=["audit"])


@router.get(
    "",
    summary="Read the audit trail (HR)",
    operation_id="listAuditEvents",
    dependencies=[AUDITED_READ],  # HR's reads of content events are audited
)
async def list_audit_events(
    session: Session,
    actor: CurrentActor,
    page: Pagination,
    resource_type: Annotated[
        str | None, Query(alias="resourceType", max_length=100, description="e.g. `talk`")
    ] = None,
    resource_id: Annotated[str | None, Query(alias="resourceId", max_length=200)] = None,
    actor_id: Annotated[str | None, Query(alias="actorId", max_length=200)] = None,
) -> AuditEventPage:
    rows, hidden, total = await service.list_audit_events(
        session,
        actor=actor,
        page=page,
        resource_type=resource_type,
        resource_id=resource_id,
        actor_id=actor_id,
    )
    return AuditEventPage(
        items=[_out(row, hidden, service.free_text_withheld(actor, row)) for row in rows],
        meta=page_meta(page, total),
    )


def _out(row: AuditEvent, hidden: set[int], free_text: tuple[str, ...]) -> AuditEventOut:
    out = AuditEventOut.model_validate(row)
    if row.id in hidden:
        return out.model_copy(update={"before": None, "after": None, "content_withheld": True})
    if free_text:
        return out.model_copy(
            update={
                "before": _without(row.before, free_text),
                "after": _without(row.after, free_text),
                "withheld_fields": list(free_text),
            }
        )
    return out


def _without(state: dict | None, fields: tuple[str, ...]) -> dict | None:
    if state is None:
        return None
    return {key: (None if key in fields else value) for key, value in state.items()}
