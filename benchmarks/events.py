"""Benchmark: what the outbox costs a period's opening, and how fast one worker delivers.

Targets (issue 17): with 10,000 employees, opening a period writes its events within 20 % of
the opening's time without them; one worker delivers at least 500 events per second to a
local receiver.

    .venv/bin/python benchmarks/events.py [--employees 10000] [--rounds 3] [--deliveries 5000]

The organisation and the employees are those of benchmarks/cycles.py (imported over the API
on 2025-06-01). The opening of 2026-2027 on 2025-12-15 is timed through the service, in a
transaction that is rolled back, so that it can be repeated: ``--rounds`` times with the
outbox and as often without it (the events' writer replaced by a no-op), alternately, in the
same run and database; the medians are compared. Then the opening is committed (some 10,000
cycle.created events), a webhook subscription to a receiver in another process (uvicorn, a
204 for every POST) is made, and one worker's delivery loop (app.events.delivery, the
configured concurrency) sends ``--deliveries`` of them, each signed and logged.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import SYSTEM_ACTOR, Actor, Role, mint_local_token
from app.config import AuthMode, Settings
from app.cycles import materialise
from app.cycles import service as cycles
from app.db import create_engine, create_sessionmaker
from app.events.delivery import deliver_due
from app.events.outbox import emit_rows
from app.main import create_app
from app.migrate import upgrade
from app.models.events import DomainEvent, WebhookSubscription
from app.people import service as people
from app.people.schemas import OrgUnitIn
from app.reference.service import ensure_bundled_guides
from app.worker import make_runtime, publish_all
from benchmarks.cycles import HR_NUMBER, IMPORT_DAY, OPENING_DAY, PERIOD, synthetic, units
from benchmarks.scratch_db import database
from tests.org import HRIS, build, seed_org

HR = Actor(kind="person", subject=HR_NUMBER, roles=frozenset({Role.hr}))
RECEIVER = """
import sys, uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


async def _no_events(_session, _rows) -> None:
    return None


@contextmanager
def receiver(port: int):
    process = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)])
    try:
        for _ in range(200):
            try:
                httpx.post(f"http://127.0.0.1:{port}/", content=b"{}")
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/hooks"
    finally:
        process.terminate()
        process.wait()


async def timed_opening(sessionmaker, settings, *, events: bool) -> tuple[float, int]:
    """One opening of the period in a transaction that is rolled back: seconds, events."""
    materialise.emit_rows = emit_rows if events else _no_events
    async with sessionmaker() as session:
        session.info["actor"] = HR
        before = await session.scalar(select(func.count()).select_from(DomainEvent))
        started = time.perf_counter()
        opening = await cycles.open_period(
            session,
            actor=HR,
            today=OPENING_DAY,
            config=settings.scheduling(),
            period_id=PERIOD,
        )
        await session.flush()
        seconds = time.perf_counter() - started
        written = await session.scalar(select(func.count()).select_from(DomainEvent)) - before
        assert opening.cycles_created > 0
        await session.rollback()
    materialise.emit_rows = emit_rows
    return seconds, written


async def run(count: int, url: str, rounds: int, deliveries: int, port: int) -> None:
    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp()),
        auth_mode=AuthMode.local,
        test_clock=True,
        worker_in_api=False,
        webhook_allow_private=True,
    )
    engine = create_engine(url, settings)
    await upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
        await seed_org(session)
        for key, name, parent in units():
            await people.upsert_org_unit(
                session, actor=HRIS, key=key, data=build(OrgUnitIn, name=name, parent_key=parent)
            )
    app = create_app(settings)
    hris = {
        "Authorization": "Bearer "
        + mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    }
    hr = {"Authorization": f"Bearer {mint_local_token(settings, subject=HR_NUMBER, roles=['hr'])}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as c:
        assert (
            await c.put("/v1/clock", json={"today": IMPORT_DAY.isoformat()}, headers=hr)
        ).status_code == 200
        imported = await c.post(
            "/v1/employee-imports", json={"employees": synthetic(count)}, headers=hris
        )
        assert imported.status_code == 201, imported.text[:300]
        assert (
            await c.put("/v1/clock", json={"today": OPENING_DAY.isoformat()}, headers=hr)
        ).status_code == 200
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE"))

    # --- the opening with and without its events, alternately -----------------------------
    await timed_opening(sessionmaker, settings, events=True)  # warm-up: caches, plans
    timings: dict[bool, list[float]] = {True: [], False: []}
    written = 0
    for _ in range(rounds):
        for events in (False, True):
            seconds, n = await timed_opening(sessionmaker, settings, events=events)
            timings[events].append(seconds)
            written = max(written, n)
    with_events = statistics.median(timings[True])
    without = statistics.median(timings[False])
    overhead = with_events / without - 1

    # --- one worker delivers to a receiver in another process ------------------------------
    async with sessionmaker.begin() as session:
        session.info["actor"] = HR
        await cycles.open_period(
            session, actor=HR, today=OPENING_DAY, config=settings.scheduling(), period_id=PERIOD
        )
    runtime = make_runtime(settings, url)
    await publish_all(runtime)  # the import's and the opening's events, before subscribing
    async with sessionmaker.begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        ids = list(
            await session.scalars(
                select(DomainEvent.id)
                .where(DomainEvent.type == "nl.goedgesprek.cycle.created")
                .order_by(DomainEvent.sequence)
                .limit(deliveries)
            )
        )
    with receiver(port) as hook_url:
        async with sessionmaker.begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            subscription = WebhookSubscription(url=hook_url, secret="whsec_YmVuY2g=", owner="bench")
            session.add(subscription)
            await session.flush()
            await session.execute(
                text(
                    "INSERT INTO webhook_delivery (id, subscription_id, event_id) "
                    "SELECT gen_random_uuid(), :s, unnest(CAST(:ids AS uuid[]))"
                ),
                {"s": subscription.id, "ids": ids},
            )
        profiler = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        done = await deliver_due(runtime.sessionmaker, runtime.sender)
        seconds = time.perf_counter() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    await runtime.close()
    await app.state.read_pool.close()
    await app.state.engine.dispose()
    await engine.dispose()

    rate = done.delivered / seconds
    print(f"employees: {count}; opening {PERIOD} on {OPENING_DAY} ({rounds} rounds each):")
    print(
        f"  without the outbox: median {without:6.2f} s   "
        f"({', '.join(f'{t:.2f}' for t in timings[False])})"
    )
    print(
        f"  with the outbox:    median {with_events:6.2f} s   "
        f"({', '.join(f'{t:.2f}' for t in timings[True])}); {written} events written"
    )
    print(f"  the events' share:  {overhead * 100:+5.1f} %")
    print(
        f"one worker, concurrency {settings.webhook_concurrency}: {done.delivered} of "
        f"{len(ids)} deliveries in {seconds:.2f} s = {rate:.0f} events/s "
        f"({done.failed} failed), each signed, sent and logged"
    )
    verdict = {True: "met", False: "MISSED"}
    print(
        f"targets: events within 20 % of the opening: {verdict[overhead <= 0.20]} "
        f"({overhead * 100:+.1f} %); at least 500 events/s: {verdict[rate >= 500]} ({rate:.0f}/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--deliveries", type=int, default=5_000)
    parser.add_argument("--port", type=int, default=8765, help="the receiver's port")
    args = parser.parse_args()
    with database("bench-events-postgres") as url:
        asyncio.run(run(args.employees, url, args.rounds, args.deliveries, args.port))


if __name__ == "__main__":
    main()
