"""Publishing: events get their sequence numbers, and one delivery per matching webhook
subscription, in one statement.

Numbers are given when events are published, not when they are written: a batch at a time,
each batch the events committed since the one before, in the order they were written. A
transaction that commits late is simply in a later batch, with higher numbers: a consumer that
has read up to some number never misses an event below it. The numbers are contiguous (the
CloudEvents sequence extension recommends it) because one publisher at a time gives them,
under a transaction-level advisory lock; a publisher that finds the lock taken leaves the work
to the one holding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

BATCH = 5000

_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtext('goedgesprek.events.publish'))")
_PUBLISH = text(
    """
    WITH ready AS MATERIALIZED (
        SELECT e.id, e.type, row_number() OVER (ORDER BY e.position) AS n
        FROM domain_event e
        WHERE e.sequence IS NULL
        ORDER BY e.position
        LIMIT :batch
    ), top AS MATERIALIZED (
        SELECT coalesce(max(sequence), 0) AS last FROM domain_event
    ), published AS (
        UPDATE domain_event e SET sequence = top.last + ready.n
        FROM ready, top
        WHERE e.id = ready.id
        RETURNING e.id, e.type
    ), deliveries AS (
        INSERT INTO webhook_delivery (id, subscription_id, event_id)
        SELECT gen_random_uuid(), s.id, p.id
        FROM published p
        JOIN webhook_subscription s
          ON s.enabled AND (cardinality(s.event_types) = 0 OR p.type = ANY (s.event_types))
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM published) AS published,
           (SELECT count(*) FROM deliveries) AS deliveries,
           (SELECT count(*) FROM domain_event WHERE sequence IS NULL) AS waiting
    """
)


@dataclass(frozen=True)
class Published:
    held: bool
    """False: another publisher was at work; nothing was done here."""
    events: int
    deliveries: int
    waiting: int
    """Events left unpublished: of transactions still running, or past this batch."""


async def publish_once(session: AsyncSession, *, batch: int = BATCH) -> Published:
    """One batch, in the caller's transaction (commit it to release the lock). The lock is
    taken in a statement of its own: the next statement's snapshot (read committed) then sees
    every number the previous holder of the lock gave."""
    if not await session.scalar(_LOCK):
        return Published(False, 0, 0, 0)
    row = (await session.execute(_PUBLISH, {"batch": batch})).one()
    return Published(True, row.published, row.deliveries, row.waiting - row.published)
