"""Delivering webhooks: Standard Webhooks signatures over CloudEvents, at least once.

A worker claims a batch of due deliveries for a lease (``FOR UPDATE SKIP LOCKED``, committed at
once), sends them concurrently, and records every attempt and its outcome in one transaction.
Several workers on several machines share the work; one that dies mid-delivery leaves its
claimed deliveries to the others when the lease runs out (so a receiver may see an event twice:
``webhook-id`` is the same each time, for de-duplication).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import DateTime, Integer, String, Uuid, bindparam, insert, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from app.auth import SYSTEM_ACTOR
from app.config import Settings
from app.events import rules
from app.events.service import disable, envelope, public_address_of
from app.models.events import WebhookAttempt

log = logging.getLogger(__name__)

BATCH = 200
"""At most this many deliveries per claim; fewer where the lease must cover them all."""
USER_AGENT = "goedgesprek-webhooks/1"

_CLAIM = text(
    """
    WITH claimed AS (
        UPDATE webhook_delivery d
        SET lease_until = now() + make_interval(secs => :lease), claim = :claim
        FROM (
            SELECT d2.id FROM webhook_delivery d2
            JOIN webhook_subscription s ON s.id = d2.subscription_id AND s.enabled
            WHERE d2.status = 'pending' AND d2.next_attempt_at <= now()
              AND (d2.lease_until IS NULL OR d2.lease_until < now())
            ORDER BY d2.next_attempt_at
            LIMIT :batch
            FOR UPDATE OF d2 SKIP LOCKED
        ) due
        WHERE d.id = due.id
        RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.manual
    )
    SELECT c.id AS delivery_id, c.attempts, c.manual, c.subscription_id, s.url, s.secret,
           CASE WHEN s.previous_secret_until > now() THEN s.previous_secret END AS previous,
           e.id, e.type, e.subject, e.time, e.data, e.sequence
    FROM claimed c
    JOIN webhook_subscription s ON s.id = c.subscription_id
    JOIN domain_event e ON e.id = c.event_id
    """
)
_NEXT_DUE = text(
    # A claimed delivery is due again when its lease runs out (its worker may have died).
    "SELECT min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) "
    "FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id "
    "WHERE d.status = 'pending' AND s.enabled"
)


@dataclass(frozen=True)
class Outcome:
    delivery_id: uuid.UUID
    claim: uuid.UUID
    subscription_id: uuid.UUID
    attempts: int
    manual: bool
    status_code: int | None
    latency_ms: int
    error: str | None
    retry_after: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature(claimed: Any, body: str, now: datetime) -> str:
    """``webhook-signature``: one ``v1,…`` per valid secret (two during a rotation)."""
    secrets = [claimed.secret] + ([claimed.previous] if claimed.previous else [])
    return " ".join(Webhook(secret).sign(str(claimed.id), now, body) for secret in secrets)


class Sender:
    """The worker's HTTP clients, one per subscription, each with its own few connections kept
    alive between deliveries: a receiver gets at most ``webhook_concurrency_per_receiver``
    requests at once, the worker ``webhook_concurrency`` in all. (One pool for every receiver
    would cost httpcore a scan of all its connections per request.)"""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limit = asyncio.Semaphore(settings.webhook_concurrency)
        self.clients: dict[uuid.UUID, tuple[httpx.AsyncClient, asyncio.Semaphore]] = {}

    def _client(self, subscription_id: uuid.UUID) -> tuple[httpx.AsyncClient, asyncio.Semaphore]:
        found = self.clients.get(subscription_id)
        if found is None:
            per_receiver = self.settings.webhook_concurrency_per_receiver
            client = httpx.AsyncClient(
                timeout=self.settings.webhook_timeout_seconds,
                follow_redirects=False,  # a redirect could lead the signed event anywhere
                limits=httpx.Limits(max_connections=per_receiver),
                headers={"user-agent": USER_AGENT},
            )
            found = self.clients[subscription_id] = (client, asyncio.Semaphore(per_receiver))
        return found

    async def close(self) -> None:
        for client, _ in self.clients.values():
            await client.aclose()
        self.clients.clear()

    async def send(self, claimed: Any, claim: uuid.UUID) -> Outcome:
        event = envelope(claimed, self.settings.events_source)
        body = json.dumps(event.model_dump(mode="json"), separators=(",", ":"))
        status_code = error = retry_after = None
        client, per_receiver = self._client(claimed.subscription_id)
        async with self.limit, per_receiver:
            started = time.perf_counter()
            url, extensions, host = claimed.url, {}, None
            if not self.settings.webhook_allow_private:
                address, refusal = await public_address_of(claimed.url)
                if refusal:
                    error = f"not sent: the URL {refusal}"
                else:
                    url, extensions, host = pinned(claimed.url, address)
            if error is None:
                now = datetime.now(UTC)  # signed when sent: verifiers refuse old timestamps
                headers = {
                    "content-type": "application/cloudevents+json; charset=utf-8",
                    "webhook-id": str(claimed.id),  # the event's id: the same on every attempt
                    "webhook-timestamp": str(int(now.timestamp())),
                    "webhook-signature": signature(claimed, body, now),
                }
                if host is not None:
                    headers["host"] = host
                timeout = self.settings.webhook_timeout_seconds
                try:
                    async with asyncio.timeout(timeout):  # in all, not per read
                        response = await client.post(
                            url, content=body, headers=headers, extensions=extensions
                        )
                    status_code = response.status_code
                    retry_after = response.headers.get("retry-after")
                    if not 200 <= status_code < 300:
                        error = f"HTTP {status_code}"
                except (TimeoutError, httpx.TimeoutException):
                    error = f"no answer within {timeout:g} s"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__
        return Outcome(
            delivery_id=claimed.delivery_id,
            claim=claim,
            subscription_id=claimed.subscription_id,
            attempts=claimed.attempts + 1,
            manual=claimed.manual,
            status_code=status_code,
            latency_ms=round((time.perf_counter() - started) * 1000),
            error=error,
            retry_after=retry_after,
        )


def pinned(url: str, address: str) -> tuple[str, dict[str, Any], str]:
    """``url`` with its host replaced by the vetted ``address``; the Host header and the TLS
    server name (certificate checked against it) stay the name."""
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return parts._replace(netloc=netloc).geturl(), extensions, host


_FINISH = text(
    """
    UPDATE webhook_delivery d
    SET status = v.status, attempts = v.attempts, next_attempt_at = v.next_at,
        lease_until = NULL, claim = NULL, manual = false, last_status_code = v.code,
        last_error = v.error, delivered_at = v.delivered_at
    FROM unnest(:ids, :statuses, :attempts, :next_ats, :codes, :errors, :delivered)
         AS v(id, status, attempts, next_at, code, error, delivered_at)
    WHERE d.id = v.id AND d.claim = :claim
    RETURNING d.id
    """
).bindparams(
    bindparam("ids", type_=ARRAY(Uuid())),
    bindparam("statuses", type_=ARRAY(String())),
    bindparam("attempts", type_=ARRAY(Integer())),
    bindparam("next_ats", type_=ARRAY(DateTime(timezone=True))),
    bindparam("codes", type_=ARRAY(Integer())),
    bindparam("errors", type_=ARRAY(String())),
    bindparam("delivered", type_=ARRAY(DateTime(timezone=True))),
    bindparam("claim", type_=Uuid()),
)
"""Only what this claim still holds: a worker whose lease ran out (and whose deliveries
another took over) changes nothing, though its attempts are logged."""
_LOG = insert(WebhookAttempt.__table__)


async def record(session: AsyncSession, outcomes: list[Outcome], settings: Settings) -> int:
    """Every attempt into the log and each delivery's next state; a 410 disables the
    subscription, and so does a delivery whose retry schedule is spent. Returns the number of
    subscriptions disabled."""
    now = datetime.now(UTC)
    finish, attempts, disabling = [], [], {}
    for outcome in outcomes:
        status, next_at, delivered_at = "pending", now, None
        if outcome.ok:
            status, delivered_at = "delivered", now
        elif outcome.status_code == 410:
            status = "failed"
            disabling[outcome.subscription_id] = "gone"
        else:
            # The schedule's length holds whatever the receiver asks; Retry-After only sets
            # when the next attempt goes.
            delay = rules.retry_delay(outcome.attempts, base=settings.webhook_retry_base_seconds)
            if delay is None:
                status = "failed"
                disabling.setdefault(outcome.subscription_id, "failing")
            else:
                delay = rules.retry_after(outcome.retry_after, now) or delay
                next_at = now + timedelta(seconds=delay)
        finish.append(
            (
                outcome.delivery_id,
                status,
                outcome.attempts,
                next_at,
                outcome.status_code,
                outcome.error,
                delivered_at,
            )
        )
        attempts.append(
            {
                "delivery_id": outcome.delivery_id,
                "status_code": outcome.status_code,
                "latency_ms": outcome.latency_ms,
                "error": outcome.error,
                "manual": outcome.manual,
            }
        )
    await session.execute(_LOG, attempts)
    columns = list(zip(*finish, strict=True))
    names = ("ids", "statuses", "attempts", "next_ats", "codes", "errors", "delivered")
    finished = set(
        (
            await session.execute(
                _FINISH,
                {**dict(zip(names, map(list, columns), strict=True)), "claim": outcomes[0].claim},
            )
        ).scalars()
    )
    disabled = 0
    for subscription_id, reason in disabling.items():
        if not any(
            o.subscription_id == subscription_id and o.delivery_id in finished for o in outcomes
        ):
            continue  # another worker holds these deliveries now; it decides
        if await disable(session, subscription_id, reason=reason):
            log.warning("webhook subscription %s disabled (%s)", subscription_id, reason)
            disabled += 1
    return disabled


_RENEW = text(
    "UPDATE webhook_delivery SET lease_until = now() + make_interval(secs => :lease) "
    "WHERE claim = :claim AND status = 'pending'"
)


async def _renew(
    sessionmaker: async_sessionmaker[AsyncSession], claim: uuid.UUID, lease: float
) -> None:
    while True:
        await asyncio.sleep(lease / 3)
        try:
            async with sessionmaker.begin() as session:
                await session.execute(_RENEW, {"lease": lease, "claim": claim})
        except Exception:  # the next renewal tries again; the lease has time left
            log.warning("could not renew the lease of webhook claim %s", claim, exc_info=True)


@dataclass
class Round:
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    disabled: int = 0
    next_due: datetime | None = None


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession], sender: Sender, *, batch: int = BATCH
) -> Round:
    """Deliver everything due, batch after batch, until nothing is; then say when the next
    retry falls due."""
    settings = sender.settings
    done = Round()
    while True:
        claim = uuid.uuid4()
        async with sessionmaker.begin() as session:
            claimed = (
                await session.execute(
                    _CLAIM,
                    {"lease": settings.webhook_lease_seconds, "batch": batch, "claim": claim},
                )
            ).all()
        if not claimed:
            break
        # The claim's lease is renewed while it is being sent (a batch to one slow receiver
        # can take longer than a lease); a worker that dies stops renewing it.
        renewal = asyncio.create_task(_renew(sessionmaker, claim, settings.webhook_lease_seconds))
        try:
            outcomes = await asyncio.gather(*(sender.send(row, claim) for row in claimed))
        finally:
            renewal.cancel()
        async with sessionmaker.begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            done.disabled += await record(session, outcomes, settings)
        done.sent += len(outcomes)
        done.delivered += sum(o.ok for o in outcomes)
        done.failed += sum(not o.ok for o in outcomes)
    async with sessionmaker() as session:
        done.next_due = await session.scalar(_NEXT_DUE)
    return done
