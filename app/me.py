"""``GET /v1/me``: who the service takes the caller to be."""

from __future__ import annotations

from pydantic import Field

from app.api.deps import CurrentActor, Session, Today
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.people import service
from app.people.schemas import EmployeeOut
from app.people.views import employee_out
from app.schemas import ApiModel

router = ApiRouter(prefix=API_PREFIX, tags=["session"])


class ActorOut(ApiModel):
    """Who the service takes the caller to be, from the bearer token."""

    kind: str = Field(
        description="`person` (a token of a person) or `client` (a service client, e.g. the HR "
        "information system)."
    )
    subject: str = Field(description="Personnel number (person) or client id (client).")
    roles: list[str]
    """A person's roles: `employee`, `manager`, `hr`; empty for a client. Manager rights come
    from the manager assignments, not from this role."""
    scopes: list[str]
    """A service client's scopes, e.g. `people:write`; empty for a person."""
    employee: EmployeeOut | None = Field(
        description="The caller's own employee record (null for clients, or a person the HR "
        "information system has not synchronised)."
    )


@router.get(
    "/me", summary="The authenticated actor and their employee record", operation_id="getMe"
)
async def get_me(session: Session, actor: CurrentActor, today: Today) -> ActorOut:
    own = await service.own_record(session, actor=actor, today=today)
    return ActorOut(
        kind=actor.kind,
        subject=actor.subject,
        roles=sorted(actor.roles),
        scopes=sorted(actor.scopes),
        employee=employee_out(own, today) if own is not None else None,
    )
