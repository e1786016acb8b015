"""The event feed (``events:read``) and the webhook subscriptions (``webhooks:manage``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Path, Query, Request, Response

from app.api.deps import WRITING_READ, CurrentActor, Session
from app.api.pagination import Pagination
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.events import service
from app.events.schemas import (
    AttemptOut,
    DeliveryOut,
    DeliveryPage,
    EventFeed,
    SecretRotation,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPage,
)
from app.models.events import WebhookSubscription
from app.pagination import page_meta

router = ApiRouter(prefix=API_PREFIX, tags=["events"])

SubscriptionId = Annotated[uuid.UUID, Path(alias="subscriptionId")]
DeliveryId = Annotated[uuid.UUID, Path(alias="deliveryId")]


@router.get(
    "/events",
    summary="The event feed, in order (service clients with events:read)",
    operation_id="listEvents",
    dependencies=[WRITING_READ],  # what is ready is published before it is read
)
async def list_events(
    session: Session,
    actor: CurrentActor,
    request: Request,
    after: Annotated[
        int,
        Query(ge=0, le=2**62, description="The last sequence number you processed (0: all)."),
    ] = 0,
    type_: Annotated[
        list[str],
        Query(
            alias="type",
            max_length=50,
            description="Only these types (repeatable), e.g. nl.goedgesprek.appraisal.finalised.",
        ),
    ] = [],  # noqa: B006 (FastAPI copies the default)
    limit: Annotated[int, Query(ge=1, le=service.FEED_MAX, description="At most 1000.")] = 100,
) -> EventFeed:
    rows = await service.read_feed(session, actor=actor, after=after, types=type_, limit=limit)
    source = request.app.state.settings.events_source
    last = rows[-1].sequence if rows else after
    query = "&".join([f"after={last}", *(f"type={t}" for t in type_), f"limit={limit}"])
    return EventFeed(
        items=[service.envelope(row, source) for row in rows],
        last_sequence=last,
        next=f"{API_PREFIX}/events?{query}",
    )


def _out(subscription: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut.model_validate(subscription, from_attributes=True)


@router.post(
    "/webhook-subscriptions",
    summary="Subscribe a receiver to events (service clients with webhooks:manage)",
    operation_id="createWebhookSubscription",
    status_code=201,
)
async def create_subscription(
    session: Session,
    actor: CurrentActor,
    request: Request,
    response: Response,
    body: SubscriptionIn,
) -> SubscriptionCreated:
    subscription = await service.create_subscription(
        session,
        actor=actor,
        body=body,
        allow_private=request.app.state.settings.webhook_allow_private,
    )
    response.headers["Location"] = f"{API_PREFIX}/webhook-subscriptions/{subscription.id}"
    return SubscriptionCreated(**_out(subscription).model_dump(), secret=subscription.secret)


@router.get(
    "/webhook-subscriptions",
    summary="Your webhook subscriptions",
    operation_id="listWebhookSubscriptions",
)
async def list_subscriptions(
    session: Session, actor: CurrentActor, page: Pagination
) -> SubscriptionPage:
    rows, total = await service.list_subscriptions(session, actor=actor, page=page)
    return SubscriptionPage(items=[_out(row) for row in rows], meta=page_meta(page, total))


@router.get(
    "/webhook-subscriptions/{subscriptionId}",
    summary="One of your webhook subscriptions",
    operation_id="getWebhookSubscription",
)
async def get_subscription(
    session: Session, actor: CurrentActor, subscription_id: SubscriptionId
) -> SubscriptionOut:
    return _out(
        await service.get_subscription(session, actor=actor, subscription_id=subscription_id)
    )


@router.put(
    "/webhook-subscriptions/{subscriptionId}",
    summary="Change a webhook subscription (or re-enable it)",
    operation_id="updateWebhookSubscription",
)
async def update_subscription(
    session: Session,
    actor: CurrentActor,
    request: Request,
    subscription_id: SubscriptionId,
    body: SubscriptionIn,
) -> SubscriptionOut:
    return _out(
        await service.update_subscription(
            session,
            actor=actor,
            subscription_id=subscription_id,
            body=body,
            allow_private=request.app.state.settings.webhook_allow_private,
        )
    )


@router.delete(
    "/webhook-subscriptions/{subscriptionId}",
    summary="End a webhook subscription (its delivery log goes with it)",
    operation_id="deleteWebhookSubscription",
    status_code=204,
    response_class=Response,
)
async def delete_subscription(
    session: Session, actor: CurrentActor, subscription_id: SubscriptionId
) -> Response:
    await service.delete_subscription(session, actor=actor, subscription_id=subscription_id)
    return Response(status_code=204)


@router.post(
    "/webhook-subscriptions/{subscriptionId}/secret-rotations",
    summary="Rotate the signing secret (the old one signs beside it for a day)",
    operation_id="rotateWebhookSecret",
    status_code=201,
)
async def rotate_secret(
    session: Session, actor: CurrentActor, subscription_id: SubscriptionId
) -> SecretRotation:
    secret, until = await service.rotate_secret(
        session, actor=actor, subscription_id=subscription_id, now=datetime.now(UTC)
    )
    return SecretRotation(secret=secret, previous_secret_valid_until=until)


@router.get(
    "/webhook-subscriptions/{subscriptionId}/deliveries",
    summary="The delivery log: each event sent to this subscription, with every attempt",
    operation_id="listWebhookDeliveries",
)
async def list_deliveries(
    session: Session,
    actor: CurrentActor,
    subscription_id: SubscriptionId,
    page: Pagination,
    status: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
) -> DeliveryPage:
    rows, attempts, total = await service.list_deliveries(
        session, actor=actor, subscription_id=subscription_id, page=page, status=status
    )
    return DeliveryPage(
        items=[_delivery_out(row[0], row[1], row[2], attempts) for row in rows],
        meta=page_meta(page, total),
    )


def _delivery_out(delivery, event_type, sequence, attempts) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.id,
        event_id=delivery.event_id,
        event_type=event_type,
        sequence=sequence,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
        log=[
            AttemptOut.model_validate(a, from_attributes=True)
            for a in attempts.get(delivery.id, [])
        ],
    )


@router.post(
    "/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliveries",
    summary="Send a delivery again (now, with a fresh retry schedule)",
    operation_id="redeliverWebhook",
    status_code=202,
)
async def redeliver(
    session: Session,
    actor: CurrentActor,
    subscription_id: SubscriptionId,
    delivery_id: DeliveryId,
) -> DeliveryOut:
    delivery, event_type, sequence = await service.redeliver(
        session, actor=actor, subscription_id=subscription_id, delivery_id=delivery_id
    )
    return _delivery_out(delivery, event_type, sequence, {})
