"""Benchmark: the writes of issue 20 — a chunked sync and a period's opening at scale.

    .venv/bin/python benchmarks/writes.py [--employees 50000] [--chunk 10000] [--statements]

The organisation of benchmarks/cycles.py (five sectors of nine teams), imported through
POST /v1/employee-imports in requests of ``--chunk`` rows (test clock 2025-06-01): each
request timed; then the unchanged re-sync, an incremental sync of 1,000 changed employees, and
the opening of 2026-2027 on 2025-12-15 (POST /v1/period-openings), with the process's peak
memory (RSS high-water mark) during it and the memory kept afterwards. Runs on its own
throwaway database (embedded, or a scratch database on DATABASE_URL's server).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine
from app.main import create_app
from app.models.cycles import Cycle
from benchmarks.cycles import HR_NUMBER, IMPORT_DAY, OPENING_DAY, PERIOD, synthetic, units
from benchmarks.scratch_db import database
from tests.org import HRIS, build, seed_org


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the VmHWM high-water mark."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def hwm_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_mib()


def start_profile(wanted: bool):
    if not wanted:
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def stop_profile(profiler) -> None:
    if profiler is None:
        return
    import pstats

    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


async def run(count: int, chunk: int, url: str, show_statements: bool, profile: str) -> None:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_sessionmaker
    from app.migrate import upgrade
    from app.people import service as people
    from app.people.schemas import OrgUnitIn
    from app.reference.service import ensure_bundled_guides

    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp()),
        auth_mode=AuthMode.local,
        test_clock=True,
    )
    engine = create_engine(url, settings)
    await upgrade(engine)
    async with create_sessionmaker(engine).begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
        await seed_org(session)
        for key, name, parent in units():
            await people.upsert_org_unit(
                session, actor=HRIS, key=key, data=build(OrgUnitIn, name=name, parent_key=parent)
            )
    app = create_app(settings)
    app_engine = app.state.engine
    hris = {
        "Authorization": "Bearer "
        + mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    }
    hr = {"Authorization": "Bearer " + mint_local_token(settings, subject=HR_NUMBER, roles=["hr"])}
    timings: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    started_at: dict[int, float] = {}

    def before(_conn, cursor, statement, *_rest) -> None:
        started_at[id(cursor)] = time.perf_counter()

    def after(_conn, cursor, statement, *_rest) -> None:
        key = " ".join(statement.split())[:110]
        timings[key] += time.perf_counter() - started_at.pop(id(cursor), time.perf_counter())
        calls[key] += 1

    if show_statements:
        event.listen(app_engine.sync_engine, "before_cursor_execute", before)
        event.listen(app_engine.sync_engine, "after_cursor_execute", after)

    def report(what: str) -> None:
        if show_statements:
            print(f"  statements of {what} (top 8 by time):")
            for key, seconds in timings.most_common(8):
                print(f"    {seconds:7.2f} s {calls[key]:5}x  {key}")
            timings.clear()
            calls.clear()

    rows = synthetic(count)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=3600
    ) as client:
        response = await client.put("/v1/clock", json={"today": IMPORT_DAY.isoformat()}, headers=hr)
        assert response.status_code == 200, response.text

        async def sync(batch: list[dict]) -> list[float]:
            seconds = []
            for at in range(0, len(batch), chunk):
                started = time.perf_counter()
                response = await client.post(
                    "/v1/employee-imports",
                    json={"employees": batch[at : at + chunk]},
                    headers=hris,
                )
                seconds.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text[:500]
            return seconds

        profiler = start_profile(profile == "sync")
        cpu = time.process_time()
        first = await sync(rows)
        cpu = time.process_time() - cpu
        stop_profile(profiler)
        print(
            f"first sync of {count} in requests of {chunk}: {sum(first):7.2f} s "
            f"(requests: first {first[0]:.2f} s, last {first[-1]:.2f} s, max {max(first):.2f} s; "
            f"CPU of this process, client and server: {cpu:.2f} s)"
        )
        print("  each request (s): " + " ".join(f"{t:.1f}" for t in first))
        report("the first sync")
        profiler = start_profile(profile == "resync")
        cpu = time.process_time()
        again = await sync(rows)
        cpu = time.process_time() - cpu
        stop_profile(profiler)
        print(f"unchanged re-sync:                      {sum(again):7.2f} s (CPU {cpu:.2f} s)")
        report("the re-sync")
        changed = [
            dict(r, name=r["name"] + " (gewijzigd)") for r in rows[:: max(1, count // 1000)]
        ][:1000]
        started = time.perf_counter()
        await sync(changed)
        print(f"incremental sync of {len(changed)} changed: {time.perf_counter() - started:7.2f} s")
        report("the incremental sync")

        response = await client.put(
            "/v1/clock", json={"today": OPENING_DAY.isoformat()}, headers=hr
        )
        assert response.status_code == 200
        gc.collect()
        before_open = rss_mib()
        reset_peak()
        profiler = start_profile(profile == "opening")
        started, cpu = time.perf_counter(), time.process_time()
        opened = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        open_s, cpu = time.perf_counter() - started, time.process_time() - cpu
        stop_profile(profiler)
        assert opened.status_code == 201, opened.text[:500]
        peak = hwm_mib()
        gc.collect()
        kept = rss_mib()
        print(
            f"opening {PERIOD}:                    {open_s:7.2f} s   "
            f"cyclesCreated={opened.json()['cyclesCreated']}; CPU {cpu:.2f} s; "
            f"RSS {before_open:.0f} MiB before, "
            f"peak {peak:.0f} MiB, {kept:.0f} MiB after"
        )
        report("the opening")
        started = time.perf_counter()
        again = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        print(
            f"opening it again:                       {time.perf_counter() - started:7.2f} s   "
            f"cyclesCreated={again.json()['cyclesCreated']}"
        )
        async with engine.connect() as conn:
            cycles = await conn.scalar(select(func.count()).select_from(Cycle))
        print(f"cycles stored: {cycles}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--statements", action="store_true", help="time each SQL statement")
    parser.add_argument(
        "--profile",
        choices=("sync", "resync", "opening"),
        help="cProfile the first sync, the unchanged re-sync or the opening",
    )
    args = parser.parse_args()
    with database("bench-writes-postgres") as url:
        asyncio.run(run(args.employees, args.chunk, url, args.statements, args.profile))


if __name__ == "__main__":
    main()
