"""The event feed and the webhook subscriptions as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.pagination import PageMeta
from app.schemas import NOT_BLANK, ApiInput, ApiModel

SEQUENCE_DIGITS = 20


class CloudEvent(BaseModel):
    """A CloudEvent 1.0 (structured JSON), following the NL GOV CloudEvents profile. Its
    attribute names are the specification's own, all lower case."""

    model_config = ConfigDict(extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(description="Unique per `source`; the same on every redelivery.")
    source: str = Field(
        description="The producing system as a URN: urn:nld:oin:<OIN>:systeem:goedgesprek.",
        examples=["urn:nld:oin:00000000000000000000:systeem:goedgesprek"],
    )
    type: str = Field(
        description="Reverse-DNS, from the catalogue (docs/events.md).",
        examples=["nl.goedgesprek.appraisal.finalised"],
    )
    subject: str = Field(description="The id of the resource the event is about.")
    time: datetime = Field(description="When the change committed's transaction began.")
    datacontenttype: Literal["application/json"] = "application/json"
    sequence: str = Field(
        description="The event's place in the feed: contiguous integers from 1, zero-padded "
        f"to {SEQUENCE_DIGITS} digits, so that they also sort as text (the CloudEvents "
        "sequence extension).",
        examples=["00000000000000000042"],
    )
    data: dict[str, Any] = Field(
        description="Thin: ids, the resource's URL, states and dates; never free text or "
        "ratings (fetch the resource with your own token)."
    )


class EventFeed(ApiModel):
    items: list[CloudEvent]
    last_sequence: int = Field(
        description="The sequence number of the last item, or `after` when there are none: "
        "pass it as `after` for the next page."
    )
    next: str = Field(description="The URL of the next page.")


class SubscriptionIn(ApiInput):
    url: str = Field(
        min_length=1,
        max_length=2000,
        description="Where events are POSTed: https (http and private addresses only where "
        "the service is configured to allow them, for development).",
        examples=["https://hris.example.nl/goedgesprek/events"],
    )
    event_types: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="The types to receive; empty: all of them.",
    )
    description: str | None = Field(default=None, max_length=500, pattern=NOT_BLANK)
    enabled: StrictBool = Field(
        default=True,
        description="Set true again to re-enable a subscription the service disabled.",
    )


class SubscriptionOut(ApiModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    enabled: bool
    disabled_reason: str | None = Field(
        description="Why the service disabled it: `gone` (the receiver answered 410) or "
        "`failing` (a delivery failed for its whole retry schedule)."
    )
    disabled_at: datetime | None
    owner: str
    created_at: datetime
    updated_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(
        description="The signing secret (Standard Webhooks, `whsec_…`): shown only now, and "
        "after a rotation. Keep it safe."
    )


class SubscriptionPage(ApiModel):
    items: list[SubscriptionOut]
    meta: PageMeta


class SecretRotation(ApiModel):
    secret: str = Field(description="The new secret (`whsec_…`), shown only now.")
    previous_secret_valid_until: datetime = Field(
        description="Until then every delivery is signed with both secrets (two signatures in "
        "`webhook-signature`), so the receiver can switch without losing one."
    )


class AttemptOut(ApiModel):
    attempted_at: datetime
    status_code: int | None = Field(description="The receiver's HTTP status; null: no answer.")
    latency_ms: int
    error: str | None
    manual: bool = Field(description="A redelivery asked for through the API.")


class DeliveryOut(ApiModel):
    id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    sequence: int | None
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None = Field(description="For a pending delivery.")
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime
    log: list[AttemptOut]


class DeliveryPage(ApiModel):
    items: list[DeliveryOut]
    meta: PageMeta
