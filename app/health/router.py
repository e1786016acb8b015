from __future__ import annotations

from fastapi import Request

from app.api.deps import Session
from app.api.routing import ApiRouter
from app.config import API_PREFIX, API_VERSION
from app.health import service
from app.schemas import ApiModel

router = ApiRouter(prefix=f"{API_PREFIX}/health", tags=["health"])


class Health(ApiModel):
    status: str
    version: str
    schema_revision: str | None = None


@router.get("", summary="Is the service alive?", operation_id="getHealth")
async def get_health() -> Health:
    return Health(status="ok", version=API_VERSION)


@router.get(
    "/ready",
    summary="Can the service serve requests? (database reachable, migrations at head)",
    operation_id="getReadiness",
    responses={503: {"description": "Not ready; retry after the `Retry-After` seconds."}},
)
async def get_readiness(request: Request, session: Session) -> Health:
    revision = await service.check_ready(session, head=request.app.state.migration_head)
    return Health(status="ready", version=API_VERSION, schema_revision=revision)
