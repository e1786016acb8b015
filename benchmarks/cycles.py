"""Benchmark: open a period for 10,000 employees, and the overdue cycles of one sector.

Targets (issue): opening a period for 10,000 employees (one POST /v1/period-openings) under
10 s on a 2-core machine, and opening it again creates nothing; a page of the overdue cycles of
an org unit (GET /v1/cycles?orgUnit=…&overdue=true) in under 50 ms at the median.

    .venv/bin/python benchmarks/cycles.py [--employees 10000] [--requests 200] [--plans]

Runs on its own throwaway embedded PostgreSQL (or DATABASE_URL when set: it then creates and
drops a scratch database there). The organisation: five sectors of nine teams each under the
municipality of tests/org.py. The employees come in through POST /v1/employee-imports with the
test clock on 2025-06-01, so that their current cycles fall in period 2024-2025; on 2025-12-15
HR opens 2026-2027; on 2027-09-01 HR lists the overdue cycles of a sector (~2,000 employees).
The list is timed right after the opening (the planner's statistics as the bulk writes left
them) and again after ANALYZE (what autovacuum does within a minute or so). Every request goes
through the whole app in-process (ASGI), with real bearer tokens of HR and of the HR
information system client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import event, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine
from app.main import create_app
from app.models import AuditEvent, Employee
from app.models.cycles import Cycle, Talk
from app.models.people import OrgUnit
from app.people.schemas import OrgUnitIn
from benchmarks.scratch_db import database
from tests.org import HRIS, build, seed_org

ROOT = Path(__file__).resolve().parent.parent
SECTORS, TEAMS = 5, 9  # 5 sectors of 9 teams under "gemeente": ~2,000 employees a sector
SECTOR = "sector-1"  # the one whose overdue cycles are listed
EMPTY = "bench-empty"  # a unit without employees: nothing to count, sort or serialise
HR_NUMBER = "100003"  # HR Hanna of tests/org.py
IMPORT_DAY, OPENING_DAY, OVERDUE_DAY = date(2025, 6, 1), date(2025, 12, 15), date(2027, 9, 1)
PERIOD = "2026-2027"
WARM_UP = 20


def units() -> list[tuple[str, str, str]]:
    """(key, name, parent key): the sectors, their teams, and one empty unit."""
    rows = [(f"sector-{s}", f"Sector {s}", "gemeente") for s in range(1, SECTORS + 1)]
    rows += [
        (f"sector-{s}-team-{t}", f"Sector {s} team {t}", f"sector-{s}")
        for s in range(1, SECTORS + 1)
        for t in range(1, TEAMS + 1)
    ]
    return [*rows, (EMPTY, "Lege eenheid", "gemeente")]


def synthetic(count: int) -> list[dict]:
    """Consecutive blocks of employees per team. The first of a sector heads it (in the sector
    unit, reporting to 900001) and manages its first team; the first of each other team leads
    it (reporting to the sector head); everyone else reports to their team lead. Entry dates
    spread over 2008 – April 2025; every 50th is on probation, every 7th in the entry scale."""
    teams = SECTORS * TEAMS
    first_of_team: dict[int, int] = {}
    for n in range(count):
        first_of_team.setdefault(n * teams // count, n)
    rows = []
    for n in range(count):
        team = n * teams // count
        sector = team // TEAMS + 1
        head = first_of_team[(sector - 1) * TEAMS]
        lead = first_of_team[team]
        if n == head:
            unit, manager = f"sector-{sector}", "900001"
        else:
            unit = f"sector-{sector}-team-{team % TEAMS + 1}"
            manager = f"7{(head if n == lead else lead):06d}"
        entry = date(2008, 1, 1) + timedelta(days=(n * 37) % 6300)
        probation = n % 50 == 0
        rows.append(
            {
                "personnelNumber": f"7{n:06d}",
                "name": f"Medewerker {n}",
                "email": f"m{n}@maastricht.example",
                "orgUnitKey": unit,
                "functionProfileCode": "P-TM" if n in (head, lead) else "P22",
                "salaryScale": 3 + n % 16,
                "inFunctionScale": n % 7 != 0,
                "entryDate": entry.isoformat(),
                "probation": probation,
                "probationDecisionDate": (entry + timedelta(days=365)).isoformat()
                if probation
                else None,
                "managerPersonnelNumber": manager,
                "managerFrom": entry.isoformat(),
            }
        )
    return rows


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


async def count(engine, model) -> int:
    async with engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(model)) or 0


async def explain(engine, statements: list[tuple[str, tuple]]) -> list[tuple[str, float, str]]:
    """EXPLAIN ANALYZE the statements of one list request that read the cycle table, with the
    parameters the app sent: (which, execution time in ms, plan)."""
    plans = []
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        for sql, parameters in statements:
            if "FROM cycle" not in sql:
                continue
            raw = await driver.fetchval("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, *parameters)
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]  # with a json codec or not
            rows = await driver.fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql, *parameters)
            label = "page query " if " LIMIT " in sql else "count query"
            plans.append((label, plan["Execution Time"], "\n".join(r[0] for r in rows)))
    return plans


async def run(count_: int, url: str, requests: int, show_plans: bool) -> None:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_sessionmaker
    from app.migrate import upgrade
    from app.people import service as people
    from app.reference.service import ensure_bundled_guides

    data_dir = Path(tempfile.mkdtemp())
    settings = Settings(
        database_url=url, data_dir=data_dir, auth_mode=AuthMode.local, test_clock=True
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
    app_engine = app.state.engine  # the statements of the requests go through this one
    hris_token = mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    hris = {"Authorization": f"Bearer {hris_token}"}
    hr = {"Authorization": f"Bearer {mint_local_token(settings, subject=HR_NUMBER, roles=['hr'])}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", timeout=600
    ) as client:

        async def set_today(day: date) -> None:
            response = await client.put("/v1/clock", json={"today": day.isoformat()}, headers=hr)
            assert response.status_code == 200, response.text[:500]
            assert response.json()["today"] == day.isoformat(), response.text[:500]

        async def overdue_list(unit: str, size: int) -> tuple[list[float], int, list]:
            """Timings (ms) of ``requests`` requests after a warm-up, the matching total, and
            the statements (with their parameters) of one more request."""
            path = f"/v1/cycles?orgUnit={unit}&overdue=true&pageSize={size}"
            for _ in range(WARM_UP):  # connections, prepared statements, caches
                assert (await client.get(path, headers=hr)).status_code == 200
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                page = await client.get(path, headers=hr)
                timings.append((time.perf_counter() - started) * 1000)
                assert page.status_code == 200, page.text[:500]
            body = page.json()
            assert len(body["items"]) == min(size, body["meta"]["totalItems"])
            assert all(item["overdue"] for item in body["items"]), body["items"][:1]
            captured: list[tuple[str, tuple]] = []

            def capture(_conn, _cursor, statement, parameters, *_rest) -> None:
                captured.append((statement, tuple(parameters or ())))

            event.listen(app_engine.sync_engine, "before_cursor_execute", capture)
            assert (await client.get(path, headers=hr)).status_code == 200
            event.remove(app_engine.sync_engine, "before_cursor_execute", capture)
            return timings, body["meta"]["totalItems"], captured

        # --- set-up: the employees arrive during period 2024-2025 ------------------------
        await set_today(IMPORT_DAY)
        started = time.perf_counter()
        imported = await client.post(
            "/v1/employee-imports", json={"employees": synthetic(count_)}, headers=hris
        )
        import_s = time.perf_counter() - started
        assert imported.status_code == 201, imported.text[:500]
        cycles_before, talks_before = await count(engine, Cycle), await count(engine, Talk)
        events_before = await count(engine, AuditEvent)

        # --- target 1: HR opens period 2026-2027, then once more --------------------------
        await set_today(OPENING_DAY)
        statements: list[str] = []

        def counter(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(app_engine.sync_engine, "before_cursor_execute", counter)
        profiler = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        opened = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        open_s = time.perf_counter() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        event.remove(app_engine.sync_engine, "before_cursor_execute", counter)
        assert opened.status_code == 201, opened.text[:500]
        created = opened.json()["cyclesCreated"]
        cycles_after, talks_after = await count(engine, Cycle), await count(engine, Talk)
        events_after = await count(engine, AuditEvent)

        started = time.perf_counter()
        again = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        again_s = time.perf_counter() - started
        assert again.status_code == 201, again.text[:500]
        created_again = again.json()["cyclesCreated"]
        cycles_again = await count(engine, Cycle)

        # --- target 2: the overdue cycles of a sector -------------------------------------
        await set_today(OVERDUE_DAY)
        async with engine.connect() as conn:
            per_unit = dict(
                (
                    await conn.execute(
                        select(OrgUnit.key, func.count(Employee.id))
                        .join(Employee, Employee.org_unit_id == OrgUnit.id)
                        .group_by(OrgUnit.key)
                    )
                ).all()
            )
        in_sector = sum(n for key, n in per_unit.items() if key.split("-team-")[0] == SECTOR)
        lists: dict[str, dict[int, tuple[list[float], int, list]]] = {}
        plans: dict[str, list[tuple[str, float, str]]] = {}
        for state in ("as opened", "after ANALYZE"):
            if state == "after ANALYZE":
                async with engine.begin() as conn:
                    await conn.execute(text("ANALYZE"))
            lists[state] = {size: await overdue_list(SECTOR, size) for size in (25, 100)}
            for size, (_, _, captured) in lists[state].items():
                plans[f"{state}, pageSize={size}"] = await explain(engine, captured)
        floor = await overdue_list(EMPTY, 25)
        plans[f"after ANALYZE, orgUnit={EMPTY}"] = await explain(engine, floor[2])
    total_cycles = await count(engine, Cycle)
    await engine.dispose()

    print(f"employees imported:  {count_} in {len(units())} new org units (+3 of tests/org.py)")
    print(
        f"  import on {IMPORT_DAY}:               {import_s:6.2f} s   "
        f"{cycles_before} cycles, {talks_before} talks stored"
    )
    print(
        f"opening {PERIOD} on {OPENING_DAY}:  {open_s:6.2f} s   cyclesCreated={created}; "
        f"+{cycles_after - cycles_before} cycles, +{talks_after - talks_before} talks, "
        f"+{events_after - events_before} audit events; {len(statements)} SQL statements"
    )
    print(
        f"opening it again:                    {again_s:6.2f} s   "
        f"cyclesCreated={created_again}, +{cycles_again - cycles_after} cycles"
    )
    print(
        f"overdue list on {OVERDUE_DAY}, orgUnit={SECTOR} ({in_sector} employees under it; "
        f"{total_cycles} cycles in all); {requests} requests a line after {WARM_UP} warm-up:"
    )
    for state, by_size in lists.items():
        for size, (timings, total, captured) in by_size.items():
            print(
                f"  {state:13}  pageSize={size:<3}  median {statistics.median(timings):6.1f} ms"
                f"   p95 {p95(timings):6.1f} ms   totalItems={total}   "
                f"{len(captured)} SQL statements"
            )
    print(
        f"  after ANALYZE  orgUnit={EMPTY} (a unit without employees), pageSize=25: median "
        f"{statistics.median(floor[0]):6.1f} ms   p95 {p95(floor[0]):6.1f} ms"
    )
    for which, explained in plans.items():
        for label, ms, plan in explained:
            print(f"  EXPLAIN ANALYZE, {which}, {label}: {ms:6.1f} ms")
            if show_plans:
                print("      " + plan.replace("\n", "\n      "))

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    medians = {
        f"{state} pageSize={size}": statistics.median(by_size[size][0])
        for state, by_size in lists.items()
        for size in (25, 100)
    }
    print(
        f"targets: opening < 10 s: {verdict(open_s < 10)} ({open_s:.2f} s); "
        f"opening again creates 0: {verdict(created_again == 0 and cycles_again == cycles_after)}"
    )
    print(
        "         overdue page median < 50 ms: "
        + "; ".join(f"{k} {verdict(v < 50)} ({v:.1f} ms)" for k, v in medians.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per list")
    parser.add_argument("--plans", action="store_true", help="print the EXPLAIN ANALYZE plans")
    args = parser.parse_args()
    if args.employees < SECTORS * TEAMS:
        parser.error(f"--employees must be at least {SECTORS * TEAMS} (one a team)")
    with database("bench-cycles-postgres") as url:
        asyncio.run(run(args.employees, url, args.requests, args.plans))


if __name__ == "__main__":
    main()
