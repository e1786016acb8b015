from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from app.pagination import PageMeta
from app.schemas import ApiModel


class AuditEventOut(ApiModel):
    """An entry of the append-only audit trail: who did what to which resource, when, with the
    state before and after; reads of appraisal content are recorded too."""

    id: int = Field(description="Sequence number; events are numbered in the order written.")
    occurred_at: datetime
    """When it happened (RFC 3339 date and time, UTC)."""
    actor_type: str = Field(
        description="Who acted: `person`, `client` (a service client) or `system` (the service "
        "itself, e.g. from the command line)."
    )
    actor_id: str = Field(description="Personnel number, client id, or `goedgesprek`.")
    on_behalf_of: str | None
    """The person a service client said it acted for (`X-On-Behalf-Of`); null otherwise."""
    action: str = Field(
        description="`create`, `update`, `delete`, or `read` (a read of appraisal content, or "
        "of a page of the trail that shows HR such content)."
    )
    resource_type: str
    """The kind of resource, e.g. `employee`, `agreement-version`, `appraisal`, `clock`."""
    resource_id: str
    """The resource's id (`list` for a read of a list)."""
    before: dict[str, Any] | None
    """The resource's fields before the change, with the API's names; null for a creation, a
    read, or when withheld."""
    after: dict[str, Any] | None
    """The resource's fields after the change, with the API's names (for a read: about the
    read, e.g. the reader's relation); null for a deletion, or when withheld."""
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
    """The id of the request that did it (`X-Request-ID`); null for what no request did (e.g.
    the command line)."""


class AuditEventPage(ApiModel):
    """A page of the audit trail, newest first."""

    items: list[AuditEventOut]
    """The entries on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""
