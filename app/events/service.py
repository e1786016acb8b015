"""The event feed and the webhook subscriptions: who may read and manage them, and how.

The feed is for service clients with scope ``events:read``; subscriptions for clients with
``webhooks:manage``, each seeing only its own (another client's subscription is a 404).
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import uuid
from base64 import b64encode
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Integer, String, any_, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor, require_any
from app.errors import InvalidInput, NotFound, invalid, param
from app.events import catalogue, rules
from app.events.outbox import emit
from app.events.publish import publish_once
from app.events.schemas import SEQUENCE_DIGITS, CloudEvent, SubscriptionIn
from app.messages import msg
from app.models.events import DomainEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from app.pagination import PageParams, fetch_page

_WAKE_DELIVERY = text("SELECT goedgesprek_wake('deliver_webhooks')")
READ_SCOPE = "events:read"
MANAGE_SCOPE = "webhooks:manage"
ROTATION_OVERLAP = timedelta(hours=24)
FEED_MAX = 1000

_EVENTS = DomainEvent.__table__
_FEED = (
    select(_EVENTS)
    .where(_EVENTS.c.sequence > bindparam("after"))
    .order_by(_EVENTS.c.sequence)
    .limit(bindparam("limit", type_=Integer()))
)
_FEED_OF_TYPES = _FEED.where(_EVENTS.c.type == any_(bindparam("types", type_=ARRAY(String()))))


def envelope(row: Any, source: str) -> CloudEvent:
    return CloudEvent(
        id=row.id,
        source=source,
        type=row.type,
        subject=row.subject,
        time=row.time,
        sequence=str(row.sequence).zfill(SEQUENCE_DIGITS),
        data=row.data,
    )


def check_types(types: list[str], *, name: str, location: str) -> None:
    unknown = [t for t in types if not catalogue.known(t)]
    if unknown:
        raise invalid(
            [
                param(
                    name,
                    "unknown_event_type",
                    f"{t!r} is not an event type (see docs/events.md: nl.goedgesprek.…)",
                    location,
                )
                for t in unknown
            ]
        )


async def read_feed(
    session: AsyncSession, *, actor: Actor, after: int, types: list[str], limit: int
) -> list[Any]:
    """The published events after ``after``, in sequence order. What is ready is published
    first, so the feed needs no worker to be current."""
    require_any(actor, scopes=(READ_SCOPE,))
    check_types(types, name="type", location="query")
    await publish_once(session)
    params: dict[str, Any] = {"after": after, "limit": limit}
    if types:
        params["types"] = types
    statement = _FEED_OF_TYPES if types else _FEED
    return list((await session.execute(statement, params)).all())


# --- subscriptions ------------------------------------------------------------------------------


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + b64encode(secrets.token_bytes(32)).decode()


async def _resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


async def public_address_of(url: str) -> tuple[str | None, str | None]:
    """The address to connect to for ``url`` (the first its host resolves to) and None, or
    None and why it is refused: a delivery connects to the address vetted here, so the name
    cannot resolve elsewhere in between (DNS rebinding)."""
    problem = rules.url_problem(url, allow_private=False)
    if problem:
        return None, problem
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = await _resolve(host, parts.port or 443)
    except OSError:
        return None, f"has a host ({host!r}) that cannot be resolved"
    if not addresses or not all(rules.public_address(a) for a in addresses):
        return None, f"has a host ({host!r}) on a loopback, private or reserved address"
    return addresses[0], None


async def url_refusal(url: str, *, allow_private: bool) -> str | None:
    """Why ``url`` may not receive events, or None: the pure rules, and for a name, every
    address it resolves to (checked again at each delivery)."""
    problem = rules.url_problem(url, allow_private=allow_private)
    if problem or allow_private:
        return problem
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = await _resolve(host, parts.port or 443)
    except OSError:
        return f"has a host ({host!r}) that cannot be resolved"
    if not all(rules.public_address(a) for a in addresses):
        return f"has a host ({host!r}) on a loopback, private or reserved address"
    return None


async def _check(body: SubscriptionIn, *, allow_private: bool) -> None:
    problems = []
    refusal = await url_refusal(body.url, allow_private=allow_private)
    if refusal:
        problems.append(param("url", "url_refused", f"the URL {refusal}"))
    try:
        check_types(body.event_types, name="eventTypes", location="body")
    except InvalidInput as error:
        problems += error.invalid_params or []
    if problems:
        raise invalid(problems)


def _owned(actor: Actor):
    return WebhookSubscription.owner == actor.subject


async def create_subscription(
    session: AsyncSession, *, actor: Actor, body: SubscriptionIn, allow_private: bool
) -> WebhookSubscription:
    require_any(actor, scopes=(MANAGE_SCOPE,))
    await _check(body, allow_private=allow_private)
    subscription = WebhookSubscription(
        url=body.url,
        event_types=sorted(set(body.event_types)),
        description=body.description,
        enabled=body.enabled,
        secret=new_secret(),
        owner=actor.subject,
    )
    session.add(subscription)
    await session.flush()
    await session.refresh(subscription)
    return subscription


async def list_subscriptions(
    session: AsyncSession, *, actor: Actor, page: PageParams
) -> tuple[list[WebhookSubscription], int]:
    require_any(actor, scopes=(MANAGE_SCOPE,))
    query = (
        select(WebhookSubscription)
        .where(_owned(actor))
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    )
    rows, total = await fetch_page(session, query, page)
    return [row[0] for row in rows], total


async def get_subscription(
    session: AsyncSession, *, actor: Actor, subscription_id: uuid.UUID, lock: bool = False
) -> WebhookSubscription:
    require_any(actor, scopes=(MANAGE_SCOPE,))
    query = select(WebhookSubscription).where(
        WebhookSubscription.id == subscription_id, _owned(actor)
    )
    if lock:
        query = query.with_for_update()
    found = await session.scalar(query)
    if found is None:
        raise NotFound(msg("not-found.webhook-subscription", id=subscription_id))
    return found


async def update_subscription(
    session: AsyncSession,
    *,
    actor: Actor,
    subscription_id: uuid.UUID,
    body: SubscriptionIn,
    allow_private: bool,
) -> WebhookSubscription:
    subscription = await get_subscription(
        session, actor=actor, subscription_id=subscription_id, lock=True
    )
    await _check(body, allow_private=allow_private)
    values: dict[str, Any] = {
        "url": body.url,
        "event_types": sorted(set(body.event_types)),
        "description": body.description,
        "enabled": body.enabled,
    }
    if body.enabled and not subscription.enabled:  # re-enabled: the service's reason is gone
        values.update(disabled_reason=None, disabled_at=None)
    changed = {k: v for k, v in values.items() if getattr(subscription, k) != v}
    for key, value in changed.items():
        setattr(subscription, key, value)
    if changed:
        subscription.version += 1
        await session.flush()
        await session.refresh(subscription)
    return subscription


async def delete_subscription(
    session: AsyncSession, *, actor: Actor, subscription_id: uuid.UUID
) -> None:
    subscription = await get_subscription(
        session, actor=actor, subscription_id=subscription_id, lock=True
    )
    await session.delete(subscription)  # its deliveries and their log go with it
    await session.flush()


async def rotate_secret(
    session: AsyncSession, *, actor: Actor, subscription_id: uuid.UUID, now: datetime
) -> tuple[str, datetime]:
    """A new secret; the old one signs beside it for a day (two signatures per delivery)."""
    subscription = await get_subscription(
        session, actor=actor, subscription_id=subscription_id, lock=True
    )
    until = now + ROTATION_OVERLAP
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_until = until
    subscription.secret = new_secret()
    subscription.version += 1
    await session.flush()
    return subscription.secret, until


async def disable(session: AsyncSession, subscription_id: uuid.UUID, *, reason: str) -> bool:
    """The service disables a subscription (410 Gone, or a delivery that failed for its whole
    retry schedule) and says so in an event. False when it was disabled already."""
    subscription = await session.scalar(
        select(WebhookSubscription)
        .where(WebhookSubscription.id == subscription_id)
        .with_for_update()
    )
    if subscription is None or not subscription.enabled:
        return False
    subscription.enabled = False
    subscription.disabled_reason = reason
    subscription.disabled_at = func.now()
    subscription.version += 1
    emit(
        session,
        "webhook-subscription.disabled",
        subscription.id,
        subscriptionId=subscription.id,
        url=f"/v1/webhook-subscriptions/{subscription.id}",
        reason=reason,
    )
    await session.flush()
    return True


# --- deliveries ---------------------------------------------------------------------------------


async def list_deliveries(
    session: AsyncSession,
    *,
    actor: Actor,
    subscription_id: uuid.UUID,
    page: PageParams,
    status: str | None,
) -> tuple[list[Any], dict[uuid.UUID, list[WebhookAttempt]], int]:
    """The delivery log, newest first, with every attempt of each delivery."""
    await get_subscription(session, actor=actor, subscription_id=subscription_id)
    query = (
        select(WebhookDelivery, DomainEvent.type, DomainEvent.sequence)
        .join(DomainEvent, DomainEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.subscription_id == subscription_id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    rows, total = await fetch_page(session, query, page)
    attempts: dict[uuid.UUID, list[WebhookAttempt]] = {}
    ids = [row[0].id for row in rows]
    if ids:
        for attempt in await session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(ids))
            .order_by(WebhookAttempt.id)
        ):
            attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return rows, attempts, total


async def redeliver(
    session: AsyncSession,
    *,
    actor: Actor,
    subscription_id: uuid.UUID,
    delivery_id: uuid.UUID,
) -> tuple[WebhookDelivery, str, int | None]:
    """Manual redelivery: the delivery is due again now, with a fresh retry schedule (the
    worker sends it; the log marks the attempt as manual)."""
    await get_subscription(session, actor=actor, subscription_id=subscription_id)
    result = await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.subscription_id == subscription_id,
        )
        .values(
            status="pending",
            attempts=0,
            next_attempt_at=func.now(),
            lease_until=None,
            manual=True,
        )
        .returning(WebhookDelivery)
    )
    delivery = result.scalar_one_or_none()
    if delivery is None:
        raise NotFound(msg("not-found.webhook-delivery", id=delivery_id))
    await session.execute(_WAKE_DELIVERY)  # the worker is told when this commits
    event = (
        await session.execute(
            select(DomainEvent.type, DomainEvent.sequence).where(
                DomainEvent.id == delivery.event_id
            )
        )
    ).one()
    return delivery, event.type, event.sequence
