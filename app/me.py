"""``GET /v1/me``: who the service takes the caller to be."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from app.api.deps import CurrentActor
from app.api.routing import ApiRoute
from app.api.schemas import ApiModel
from app.config import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["session"], route_class=ApiRoute)


class ActorOut(ApiModel):
    kind: str = Field(description="person or client")
    subject: str = Field(description="Personnel number (person) or client id (client).")
    roles: list[str]
    scopes: list[str]


@router.get("/me", summary="The authenticated actor", operation_id="getMe")
async def get_me(actor: CurrentActor) -> ActorOut:
    return ActorOut(
        kind=actor.kind,
        subject=actor.subject,
        roles=sorted(actor.roles),
        scopes=sorted(actor.scopes),
    )
