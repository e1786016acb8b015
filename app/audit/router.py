from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic.alias_generators import to_camel

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
    before, after = row.before, row.after
    if free_text:
        before, after = _without(before, free_text), _without(after, free_text)
    return out.model_copy(
        update={
            "before": _api_names(before),
            "after": _api_names(after),
            "withheld_fields": [to_camel(name) for name in free_text],
        }
    )


def _without(state: dict | None, fields: tuple[str, ...]) -> dict | None:
    if state is None:
        return None
    return {key: (None if key in fields else value) for key, value in state.items()}


def _api_names(state: dict | None) -> dict | None:
    """Issue 19: the trail is read in the API's field names (``due_date`` → ``dueDate``),
    whatever the stored rows say (the columns' names, as written)."""
    if state is None:
        return None
    return {to_camel(key): value for key, value in state.items()}
