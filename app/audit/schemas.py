from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from app.pagination import PageMeta
from app.schemas import ApiModel


class AuditEventOut(ApiModel):
    id: int = Field(description="Sequence number; events are numbered in the order written.")
    occurred_at: datetime
    actor_type: str = Field(description="person, client or system")
    actor_id: str = Field(description="Personnel number, client id, or `goedgesprek`.")
    on_behalf_of: str | None
    action: str = Field(description="create, update, delete or read")
    resource_type: str
    resource_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    content_withheld: bool = Field(
        default=False,
        description="True when `before` and `after` are left out because they hold what a "
        "talk is about (agreements, views, ratings, informant input) and the caller is a "
        "service client, or an HR officer reading events of their own talks. HR sees the "
        "others, and such a read is itself audited.",
    )
    withheld_fields: list[str] = Field(
        default_factory=list,
        description="Fields of `before` and `after` set to null because they hold a person's "
        "own words (a reason, an answer, an attendee's name) and the caller is a service "
        "client; HR sees them.",
    )
    request_id: str | None


class AuditEventPage(ApiModel):
    items: list[AuditEventOut]
    meta: PageMeta
