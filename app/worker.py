"""The worker: procrastinate's job queue on the service's own PostgreSQL.

Jobs are queued by the database itself, in the transaction that makes them necessary (a
statement trigger on the outbox and on the deliveries: migration 0017), and the worker hears of
them at once through LISTEN/NOTIFY. Periodic tasks catch up whatever a wake-up missed (a retry
falling due, a lease of a worker that died). Every task is safe to run twice and on several
workers at once: claims are ``FOR UPDATE SKIP LOCKED`` with a lease, publishing takes an
advisory lock.

``goedgesprek worker`` runs one; ``goedgesprek serve`` runs one beside the API unless in
production mode (``GOEDGESPREK_WORKER_IN_API``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from procrastinate import App, JobContext, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.auth import SYSTEM_ACTOR
from app.clock.today import service_today
from app.config import Settings
from app.db import create_engine, create_sessionmaker
from app.events.delivery import Sender, deliver_due
from app.events.publish import publish_once
from app.notices import service as notices
from app.tallies import compact_tallies

log = logging.getLogger(__name__)

QUEUE = "events"
SOON = timedelta(minutes=1)
"""A retry due within this is scheduled as its own job; later ones the sweep finds."""


def libpq_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


@dataclass
class Runtime:
    """What the tasks work with, made once per worker."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    sender: Sender

    async def close(self) -> None:
        await self.sender.close()
        await self.engine.dispose()


def _runtime(context: JobContext) -> Runtime:
    return context.additional_context["runtime"]


async def publish_all(runtime: Runtime) -> tuple[int, bool]:
    """Publish what has committed, batch after batch. Returns (published, whether this worker
    held the lock: if not, another publisher was at work, whose snapshot may have been taken
    before the change that woke us committed)."""
    published = 0
    while True:
        async with runtime.sessionmaker.begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            done = await publish_once(session)
        published += done.events
        if not done.held or done.waiting == 0:
            return published, done.held


async def notices_from_events(runtime: Runtime) -> int:
    async with runtime.sessionmaker.begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        return await notices.from_events(session, settings=runtime.settings)


async def remind_now(runtime: Runtime) -> int:
    """One reminder run in the service's today (the test clock where it is on)."""
    async with runtime.sessionmaker.begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        today = await service_today(session, test_clock=runtime.settings.test_clock_on)
        return await notices.remind(session, today=today, settings=runtime.settings)


async def compact_tallies_now(runtime: Runtime) -> dict[str, int | None]:
    """Fold the list totals' deltas (``app.tallies``), in a transaction of its own."""
    async with runtime.sessionmaker.begin() as session:
        return await compact_tallies(session)


def create_job_app(settings: Settings, url: str) -> App:
    """The procrastinate app with the service's tasks (``url``: the database's DSN)."""
    app = App(connector=PsycopgConnector(conninfo=libpq_url(url), min_size=1, max_size=4))

    async def later(task, *, at: datetime | None = None, lock: str) -> None:
        options = {"queueing_lock": lock}
        options["schedule_at" if at else "schedule_in"] = at or {"seconds": 1}
        with contextlib.suppress(AlreadyEnqueued):
            await task.configure(**options).defer_async()

    @app.task(name="publish_events", queue=QUEUE, pass_context=True)
    async def publish_events(context: JobContext) -> None:
        published, held = await publish_all(_runtime(context))
        if published:
            await notices_from_events(_runtime(context))
        if not held:
            # Another publisher was at work, and may not have seen what woke us: once more
            # in a second (one such job waiting at a time).
            await later(publish_events, lock="publish-later")

    async def deliver(runtime: Runtime) -> None:
        done = await deliver_due(runtime.sessionmaker, runtime.sender)
        if done.sent:
            log.info(
                "webhooks: %d sent, %d delivered, %d failed", done.sent, done.delivered, done.failed
            )
        if done.next_due is not None and done.next_due - datetime.now(UTC) < SOON:
            await later(deliver_webhooks, at=done.next_due, lock="deliver-soon")

    @app.task(name="deliver_webhooks", queue=QUEUE, pass_context=True)
    async def deliver_webhooks(context: JobContext) -> None:
        await deliver(_runtime(context))

    @app.task(name="send_notifications", queue=QUEUE, pass_context=True)
    async def send_notifications(context: JobContext) -> None:
        runtime = _runtime(context)
        sent = await notices.send_pending(runtime.sessionmaker, runtime.settings)
        if sent:
            log.info("notifications: %d sent or captured", sent)

    @app.periodic(cron="5 * * * *", periodic_id="remind")
    @app.task(name="remind", queue=QUEUE, pass_context=True)
    async def remind(context: JobContext, timestamp: int = 0) -> None:
        """Every hour, and when a worker starts: the reminders due today (each once), in the
        service's today, so that they follow the test clock where it is on."""
        await remind_now(_runtime(context))

    @app.periodic(cron="* * * * *", periodic_id="sweep")
    @app.task(name="sweep", queue=QUEUE, pass_context=True)
    async def sweep(context: JobContext, timestamp: int = 0) -> None:
        """Every minute, and when a worker starts: what no wake-up reached (retries, leases
        of workers that died); and the list totals' deltas folded."""
        runtime = _runtime(context)
        await publish_all(runtime)
        await notices_from_events(runtime)
        await deliver(runtime)
        await notices.send_pending(runtime.sessionmaker, runtime.settings)
        await compact_tallies_now(runtime)

    return app


def make_runtime(settings: Settings, url: str) -> Runtime:
    engine = create_engine(url, settings)
    return Runtime(settings, engine, create_sessionmaker(engine), Sender(settings))


async def run_forever(
    settings: Settings, url: str, *, concurrency: int = 4, install_signal_handlers: bool = True
) -> None:
    """``run``, started again after it fails (the database went away, say), waiting a little
    longer each time up to a minute: a worker outlives an outage of the database."""
    wait = 1.0
    while True:
        started = asyncio.get_running_loop().time()
        try:
            await run(
                settings,
                url,
                concurrency=concurrency,
                install_signal_handlers=install_signal_handlers,
            )
            return  # stopped on request
        except Exception:
            log.exception("the worker stopped on an error; starting again in %.0f s", wait)
        if asyncio.get_running_loop().time() - started > 300:
            wait = 1.0  # it ran a good while: the next failure is a new one
        await asyncio.sleep(wait)
        wait = min(wait * 2, 60.0)


async def run(
    settings: Settings, url: str, *, concurrency: int = 4, install_signal_handlers: bool = True
) -> None:
    """Run a worker until it is stopped (SIGINT/SIGTERM, or cancelled)."""
    app = create_job_app(settings, url)
    runtime = make_runtime(settings, url)
    try:
        async with app.open_async():
            # A worker that starts catches up at once (a predecessor may have died mid-job).
            await app.tasks["sweep"].defer_async()
            await app.tasks["remind"].defer_async()
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                delete_jobs="successful",
                additional_context={"runtime": runtime},
                install_signal_handlers=install_signal_handlers,
                shutdown_graceful_timeout=settings.webhook_timeout_seconds + 5,
            )
    finally:
        await runtime.close()
