from __future__ import annotations

from fastapi import Request

from app.api.deps import Session
from app.api.routing import ApiRouter
from app.config import API_PREFIX, API_VERSION
from app.health import service
from app.schemas import ApiModel

router = ApiRouter(prefix=f"{API_PREFIX}/health", tags=["health"])


class Health(ApiModel):
    """Whether the service is alive, or ready to serve requests."""

    status: str
    """`ok` (alive) or `ready` (the database answers and its schema is at the migrations'
    head)."""
    version: str
    """The API's version (SemVer), as in `API-Version`."""
    schema_revision: str | None = None
    """The database schema's migration revision; only in the readiness answer, null in the
    liveness answer."""


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
