"""``GET /metrics`` for Prometheus (issue 19): requests and their latency per route template,
the database pools, and the event outbox's lag.

A registry of its own per app (tests build many apps in one process). The request figures are
counted by the outermost middleware, which knows the status and the time taken; the route is the
matched template (``/v1/talks/{talkId}``), never the concrete path, so the number of series stays
small and no id reaches the metrics. The pool and outbox figures are read when scraped.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import Response

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The outbox: events not yet given a sequence number, and how long the oldest has waited.
_OUTBOX = text(
    "SELECT count(*), coalesce(extract(epoch FROM now() - min(time)), 0) "
    "FROM domain_event WHERE sequence IS NULL"
)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "goedgesprek_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "goedgesprek_http_request_duration_seconds",
            "Time from the request's arrival to the end of its response, by route template.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.pool = Gauge(
            "goedgesprek_db_pool_connections",
            "Database connections of this process, by pool (write, read) and state.",
            ["pool", "state"],
            registry=self.registry,
        )
        self.outbox_pending = Gauge(
            "goedgesprek_outbox_pending_events",
            "Events written but not yet published (no sequence number yet).",
            registry=self.registry,
        )
        self.outbox_lag = Gauge(
            "goedgesprek_outbox_lag_seconds",
            "How long the oldest unpublished event has waited.",
            registry=self.registry,
        )

    def observe(self, scope: dict[str, Any], status: int | None, started: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        method = scope.get("method", "")
        self.requests.labels(method, template, str(status or 0)).inc()
        self.latency.labels(method, template).observe(time.perf_counter() - started)

    async def scrape(self, request: Request) -> Response:
        state = request.app.state
        pool = state.engine.pool
        self.pool.labels("write", "open").set(pool.checkedin() + pool.checkedout())
        self.pool.labels("write", "in_use").set(pool.checkedout())
        read_pool = getattr(state.read_pool, "_pool", None)
        if read_pool is not None:
            self.pool.labels("read", "open").set(read_pool.get_size())
            self.pool.labels("read", "in_use").set(read_pool.get_size() - read_pool.get_idle_size())
        async with state.engine.connect() as conn:
            pending, lag = (await conn.execute(_OUTBOX)).one()
        self.outbox_pending.set(pending)
        self.outbox_lag.set(float(lag))
        return Response(
            generate_latest(self.registry),
            media_type=CONTENT_TYPE_LATEST,
            headers={"Cache-Control": "no-store"},
        )
