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

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    specversion: Literal["1.0"] = "1.0"
    """The CloudEvents version: `1.0`."""
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
    """The media type of `data`: `application/json`."""
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
    """A page of the event feed: the domain events after `after`, in sequence order. Follow
    `next` until `items` is empty."""

    items: list[CloudEvent]
    """The events, in sequence order (at most `limit`)."""
    last_sequence: int = Field(
        description="The sequence number of the last item, or `after` when there are none: "
        "pass it as `after` for the next page."
    )
    next: str = Field(description="The URL of the next page.")


class SubscriptionIn(ApiInput):
    """A webhook subscription of a service client: where to POST which domain events."""

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
    description: str | None = Field(
        default=None,
        max_length=500,
        pattern=NOT_BLANK,
        description="What the subscription is for, for people (at most 500 characters).",
    )
    enabled: StrictBool = Field(
        default=True,
        description="Deliver events (true by default); false pauses the subscription. Set "
        "true again to re-enable a subscription the service disabled.",
    )


class SubscriptionOut(ApiModel):
    """A webhook subscription: the domain events its owner receives, and whether the service
    still delivers them."""

    id: uuid.UUID
    """The subscription's id."""
    url: str
    """Where events are POSTed (https)."""
    event_types: list[str]
    """The event types it receives, e.g. `nl.goedgesprek.appraisal.finalised`; empty: all."""
    description: str | None
    """What it is for; null when not given."""
    enabled: bool
    """Events are delivered; false when its owner paused it or the service disabled it (see
    `disabledReason`)."""
    disabled_reason: str | None = Field(
        description="Why the service disabled it: `gone` (the receiver answered 410) or "
        "`failing` (a delivery failed for its whole retry schedule)."
    )
    disabled_at: datetime | None
    """When the service disabled it (RFC 3339 date and time, UTC); null otherwise."""
    owner: str
    """The id of the service client that owns it (only it sees and manages it)."""
    created_at: datetime
    """When it was made (RFC 3339 date and time, UTC)."""
    updated_at: datetime
    """When it last changed (RFC 3339 date and time, UTC)."""


class SubscriptionCreated(SubscriptionOut):
    """A new webhook subscription, with its signing secret: the only time it is shown."""

    secret: str = Field(
        description="The signing secret (Standard Webhooks, `whsec_…`): shown only now, and "
        "after a rotation. Keep it safe."
    )


class SubscriptionPage(ApiModel):
    """A page of the caller's webhook subscriptions."""

    items: list[SubscriptionOut]
    """The subscriptions on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class SecretRotation(ApiModel):
    """A webhook subscription's new signing secret."""

    secret: str = Field(description="The new secret (`whsec_…`), shown only now.")
    previous_secret_valid_until: datetime = Field(
        description="Until then every delivery is signed with both secrets (two signatures in "
        "`webhook-signature`), so the receiver can switch without losing one."
    )


class AttemptOut(ApiModel):
    """One attempt to deliver an event to a webhook receiver."""

    attempted_at: datetime
    """When (RFC 3339 date and time, UTC)."""
    status_code: int | None = Field(description="The receiver's HTTP status; null: no answer.")
    latency_ms: int
    """How long the attempt took, in milliseconds."""
    error: str | None
    """Why it failed (a timeout, a refused connection, a non-2xx answer); null when it
    succeeded."""
    manual: bool = Field(description="A redelivery asked for through the API.")


class DeliveryOut(ApiModel):
    """The delivery of one event to a webhook subscription, with its attempts. Delivery is at
    least once, retried on a schedule of ten attempts over about three days."""

    id: uuid.UUID
    """The delivery's id."""
    event_id: uuid.UUID
    """The event's id (the CloudEvent `id`, and `webhook-id` of the request)."""
    event_type: str
    """The event's type, e.g. `nl.goedgesprek.talk.held`."""
    sequence: int | None
    """The event's place in the feed (the CloudEvent `sequence`, as a number)."""
    status: Literal["pending", "delivered", "failed"]
    """`pending` (still to be sent or retried), `delivered` (a 2xx answer) or `failed` (the
    retry schedule is spent; the subscription is then disabled)."""
    attempts: int
    """Attempts made in the current retry schedule (a redelivery starts it again from 0)."""
    next_attempt_at: datetime | None = Field(
        description="When the next attempt is due (RFC 3339 date and time, UTC), for a pending "
        "delivery; null otherwise."
    )
    last_status_code: int | None
    """The receiver's HTTP status at the last attempt; null without an answer or an attempt."""
    last_error: str | None
    """Why the last attempt failed; null when none failed."""
    delivered_at: datetime | None
    """When it was delivered (RFC 3339 date and time, UTC); null until then."""
    created_at: datetime
    """When the delivery was made, as the event was published (RFC 3339, UTC)."""
    log: list[AttemptOut]
    """Every attempt, in order (empty in the answer to a redelivery)."""


class DeliveryPage(ApiModel):
    """A page of a webhook subscription's delivery log."""

    items: list[DeliveryOut]
    """The deliveries on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""
