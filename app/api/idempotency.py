"""Idempotency-Key for POSTs from integrations: a retry replays the first response.

Keys live in PostgreSQL (table ``idempotency_key``), scoped per client, so they hold across
workers, replicas and restarts. A key is kept for ``KEY_TTL`` (24 hours); after that it may be
reused. The same key with another body is a 422; a second request with a key whose first
request is still running is a 409 (a transaction-scoped advisory lock tells).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Header
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.errors import Conflict, DomainError
from app.messages import msg
from app.models.infrastructure import IdempotencyKey

KEY_TTL = timedelta(hours=24)
REPLAY_HEADER = "Idempotent-Replayed"

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string (e.g. a UUID); a retry with the same key replays the "
        "first response. Kept 24 hours.",
    ),
]


class KeyReused(DomainError):
    status, code, title = 422, "idempotency-key-reused", msg("title.idempotency-key-reused")


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


def body_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _owner(actor: Actor) -> str:
    return f"{actor.kind}:{actor.subject}"


async def begin(
    session: AsyncSession, *, actor: Actor, key: str, request_hash: str
) -> Replay | None:
    """The stored response to replay, or None when this request is the first with ``key``."""
    owner = _owner(actor)
    locked = await session.scalar(
        text("SELECT pg_try_advisory_xact_lock(hashtextextended(:owner || chr(31) || :key, 0))"),
        {"owner": owner, "key": key},
    )
    if not locked:
        raise Conflict(
            msg("idempotency-key-in-use"),
            code="idempotency-key-in-use",
        )
    await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.client_id == owner, IdempotencyKey.expires_at < func.now()
        )
    )
    stored = await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.client_id == owner, IdempotencyKey.key == key)
    )
    if stored is None:
        return None
    if stored.request_hash != request_hash:
        raise KeyReused(msg("idempotency-key-reused"))
    return Replay(stored.status_code, stored.response_body)


async def remember(
    session: AsyncSession,
    *,
    actor: Actor,
    key: str,
    request_hash: str,
    status_code: int,
    body: dict[str, Any],
) -> None:
    """Store the response, in the same transaction as the work it describes."""
    await session.execute(
        insert(IdempotencyKey)
        .values(
            client_id=_owner(actor),
            key=key,
            request_hash=request_hash,
            status_code=status_code,
            response_body=body,
            expires_at=datetime.now(UTC) + KEY_TTL,
        )
        .on_conflict_do_nothing()
    )


async def run_once(
    session: AsyncSession,
    *,
    actor: Actor,
    key: str | None,
    scope: str,
    request: Any,
    work: Callable[[], Awaitable[tuple[int, dict[str, Any]]]],
) -> tuple[int, dict[str, Any], bool]:
    """``work`` once per key: its status and JSON body, and whether this is a replay. The key
    is bound to ``scope`` (method and path) and the body: the same key for another resource or
    another body is a 422. Without a key, ``work`` simply runs."""
    if key is None:
        status_code, body = await work()
        return status_code, body, False
    request_hash = body_hash(scope.encode() + b"\x1f" + request.model_dump_json().encode())
    replay = await begin(session, actor=actor, key=key, request_hash=request_hash)
    if replay is not None:
        return replay.status_code, replay.body, True
    status_code, body = await work()
    await remember(
        session,
        actor=actor,
        key=key,
        request_hash=request_hash,
        status_code=status_code,
        body=body,
    )
    return status_code, body, False
