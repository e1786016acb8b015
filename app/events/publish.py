"""Publishing: events get their sequence number in the order their transactions finished, and
one delivery per matching webhook subscription, in one statement.

An event is published only once every transaction of this database that took its id before it
has finished (``txid`` below the oldest one still running): a transaction that commits late can
then never slip an event in below a sequence number a consumer has already read. (Transactions
in other databases of the server are left out: they cannot write here, and a long one there
must not hold the feed up. Every writer of events uses the service's role, whose sessions
``pg_stat_activity`` shows in full.) The numbers are contiguous (the
CloudEvents sequence extension recommends it) because one publisher at a time gives them, under
a transaction-level advisory lock; a publisher that finds the lock taken leaves the work to the
one holding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

BATCH = 5000

_PUBLISH = text(
    """
    WITH lock AS MATERIALIZED (
        SELECT pg_try_advisory_xact_lock(hashtext('goedgesprek.events.publish')) AS held
    ), horizon AS MATERIALIZED (
        -- The oldest transaction of this database still running (with an id): events of
        -- later ones wait for it. Other databases on the server do not hold the feed up.
        SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) AS below
        FROM pg_snapshot_xip(pg_current_snapshot()) AS x
        WHERE x::text::bigint % 4294967296 IN (
            SELECT backend_xid::text::bigint FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL
        )
    ), ready AS MATERIALIZED (
        SELECT e.id, e.type, row_number() OVER (ORDER BY e.txid, e.position) AS n
        FROM domain_event e, lock, horizon
        WHERE lock.held
          AND e.sequence IS NULL
          AND e.txid < horizon.below
        ORDER BY e.txid, e.position
        LIMIT :batch
    ), top AS MATERIALIZED (
        SELECT coalesce(max(sequence), 0) AS last FROM domain_event
        WHERE (SELECT held FROM lock)
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
    SELECT (SELECT held FROM lock) AS held,
           (SELECT count(*) FROM published) AS published,
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
    """One batch, in the caller's transaction (commit it to release the lock)."""
    row = (await session.execute(_PUBLISH, {"batch": batch})).one()
    return Published(bool(row.held), row.published, row.deliveries, row.waiting - row.published)
