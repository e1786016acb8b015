"""create_app(): settings, database, middleware, error handlers, routers, docs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from app import me
from app.agreements.router import router as agreements_router
from app.api import docs, openapi, problems, tracing
from app.api.limits import RateLimits
from app.api.metrics import Metrics
from app.api.middleware import (
    ErrorBoundaryMiddleware,
    ProblemCORSMiddleware,
    ResponseHeadersMiddleware,
)
from app.api.routing import methods_by_path
from app.appraisals.router import router as appraisals_router
from app.audit.router import router as audit_router
from app.auth import TokenVerifier
from app.clock.router import router as clock_router
from app.clock.today import service_today
from app.config import API_PREFIX, API_VERSION, Settings, get_settings
from app.cycles.router import router as cycles_router
from app.db import (
    ReadPool,
    create_engine,
    create_read_sessionmaker,
    create_reports_engine,
    create_sessionmaker,
)
from app.events.router import router as events_router
from app.health.router import router as health_router
from app.migrate import head_revision
from app.notices.router import router as notices_router
from app.people.router import router as people_router
from app.reference.router import router as reference_router
from app.reports.router import router as reports_router

# Every tag, in the order of the flow (issue 19): who you are, the reference data, the people,
# their cycles, the agreements, the appraisal, then what reads across them.
TAGS = [
    {"name": "health", "description": "Liveness and readiness."},
    {"name": "session", "description": "The authenticated actor."},
    {
        "name": "reference",
        "description": "The competency guide (R3.1–R3.5), competency profiles, the rating "
        "scale (R6.5): read-only, versioned, for any authenticated caller; HR records a guide "
        "version's adoption (Art. 3.5).",
    },
    {
        "name": "people",
        "description": "Employees, org units and function profiles, synchronised from the HR "
        "information system (scope people:write); reads filtered by who may see whom; "
        "coordinator delegations (T1.g).",
    },
    {
        "name": "cycles",
        "description": "Cycles and their talks, computed by the scheduling engine (Article 2, "
        "T2.1): due dates with their rule ids, overdue flags, scheduling (R2.6), attendees "
        "(R2.8), extra talks and requests (R2.5), one-year decisions (R2.2), hardship "
        "decisions (R7) and the org-wide periods.",
    },
    {
        "name": "agreements",
        "description": "The planning and progress talks' agreements (Articles 3–5): the "
        "competency set, work, development and career agreements and conditions, their "
        "versions and weights, the approvals and the manager's decisions, topics and views.",
    },
    {
        "name": "appraisals",
        "description": "The appraisal (Article 6): ratings and the final rating, the draft "
        "shared a week ahead, signatures, objections, the hearing, finalisation, rewards, "
        "informants, formal objection and appeal, the archive copy, the personal development "
        "plan, and the outcomes for the HR information system.",
    },
    {
        "name": "notices",
        "description": "Your inbox of open actions with their due dates and rules, the "
        "reminders and notices sent to you (in Dutch), and whether you receive reminders.",
    },
    {
        "name": "reports",
        "description": "Management information: coverage and timeliness of the talks, the "
        "roll-out check, outcomes, development and careers, per org unit and period, in JSON, "
        "CSV or XLSX (HR, managers on their own units, scope reports:read).",
    },
    {
        "name": "events",
        "description": "Domain events as CloudEvents (NL GOV profile): a pull feed in order "
        "(scope events:read) and webhook subscriptions with signed deliveries (Standard "
        "Webhooks, scope webhooks:manage). docs/events.md has the catalogue.",
    },
    {"name": "audit", "description": "The append-only audit trail (HR)."},
    {
        "name": "clock",
        "description": "The test clock: today as every rule sees it; HR may move it outside "
        "production mode.",
    },
]


IMPORT_PATHS = (f"{API_PREFIX}/employee-imports", f"{API_PREFIX}/org-unit-imports")
"""The imports: their bodies may be up to ``max_import_body_bytes`` (10,000 rows)."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if not settings.database_url:
        raise RuntimeError("create_app needs settings.database_url (the CLI starts one)")
    verifier = TokenVerifier(settings)  # refuses to start without production auth config
    engine = create_engine(settings.database_url, settings)
    read_pool = ReadPool(engine, settings)
    reports_engine = create_reports_engine(settings)
    reports_pool = ReadPool(reports_engine, settings, reports=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything made at start-up (modules, models, compiled statements) lives as long as
        # the process: kept out of the garbage collector's full passes, which otherwise walk
        # it all every so often and stall a request for tens of milliseconds (the p99).
        gc.collect()
        gc.freeze()
        # A request leaves thousands of short-lived objects that reference counting frees; a
        # young-generation pass every 700 allocations (the default) cost about 10 % of a read.
        gc.set_threshold(50_000, 20, 100)
        worker = None
        if settings.embedded_worker:  # `make run`: the job worker beside the API
            # Imported here: procrastinate, psycopg and httpx are the worker's, about 17 MB of
            # RSS that an API process without it need not carry (docs/design.md, "Memory").
            from app.worker import run_forever as run_worker

            worker = asyncio.create_task(
                run_worker(settings, settings.database_url, install_signal_handlers=False)
            )
        yield
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        await read_pool.close()
        await reports_pool.close()
        await engine.dispose()
        await reports_engine.dispose()

    app = FastAPI(
        title="goedgesprek",
        version=API_VERSION,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        lifespan=lifespan,
        openapi_tags=TAGS,
    )
    app.state.settings = settings
    app.state.scheduling = settings.scheduling()
    app.state.today = partial(service_today, test_clock=settings.test_clock_on)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.read_pool = read_pool
    app.state.read_sessionmaker = create_read_sessionmaker(engine, read_pool)
    # The report routes' (``ApiRoute.reports``): a replica's, or the same database's on a pool
    # of their own (issue 20).
    app.state.reports_engine = reports_engine
    app.state.reports_pool = reports_pool
    app.state.reports_sessionmaker = create_read_sessionmaker(reports_engine, reports_pool)
    app.state.token_verifier = verifier
    app.state.rate_limits = RateLimits(settings)
    app.state.migration_head = head_revision()
    app.state.metrics = Metrics()

    problems.install(app)
    routers = (
        health_router,
        me.router,
        people_router,
        cycles_router,
        agreements_router,
        appraisals_router,
        clock_router,
        reference_router,
        audit_router,
        reports_router,
        events_router,
        notices_router,
    )
    for router in routers:
        app.include_router(router)
    app.state.methods_by_path = methods_by_path(routers)
    docs.install(app)
    openapi.install(app)
    # Prometheus (issue 19): outside /v1 and the OpenAPI document; for the platform's scraper.
    app.add_route("/metrics", app.state.metrics.scrape, methods=["GET"], include_in_schema=False)

    # add_middleware wraps: the last added is the outermost layer.
    app.add_middleware(
        ErrorBoundaryMiddleware,
        max_body_bytes=settings.max_body_bytes,
        large_bodies=dict.fromkeys(IMPORT_PATHS, settings.max_import_body_bytes),
    )
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "If-None-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=[
                "API-Version",
                "ETag",
                "Location",
                "Retry-After",
                "WWW-Authenticate",
                "X-Request-ID",
            ],
        )
    app.add_middleware(ResponseHeadersMiddleware)
    app.state.tracer_provider = tracing.install(app, settings)  # outermost: traceparent first
    return app
