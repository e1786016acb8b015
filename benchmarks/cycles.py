"""Benchmark: open a period for 10,000 employees, and the overdue list of one sector.

Targets (issue): opening a period for 10,000 employees (POST /v1/period-openings, one request)
under 10 s on a 2-core machine, opening it again creates nothing; the overdue cycles of an org
unit (GET /v1/cycles?orgUnit=…&overdue=true) serve a page in under 50 ms at the median.

    .venv/bin/python benchmarks/cycles.py [--employees 10000] [--requests 200] [--plans]

Runs on its own throwaway embedded PostgreSQL (or DATABASE_URL when set: it then creates and
drops a scratch database there). The organisation is five sectors of nine teams under the
municipality; the employees come in through POST /v1/employee-imports with the test clock on
2025-06-01 (their current cycles fall in period 2024-2025), then HR opens 2026-2027 on
2025-12-15 and lists the overdue cycles on 2027-09-01. Every request goes through the whole app
in-process (ASGI), with real bearer tokens of HR and of the HR information system client.
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
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine, embedded_postgres
from app.main import create_app
from app.models import AuditEvent, Employee
from app.models.cycles import Cycle, Talk
from app.models.people import OrgUnit
from app.people.schemas import OrgUnitIn
from tests.org import HRIS, build, seed_org

ROOT = Path(__file__).resolve().parent.parent
SECTORS, TEAMS = 5, 9  # 5 sectors + 45 teams under "gemeente": ~2,000 employees a sector
HR_NUMBER = "100003"  # HR Hanna of tests.org
IMPORT_DAY, OPENING_DAY, OVERDUE_DAY = date(2025, 6, 1), date(2025, 12, 15), date(2027, 9, 1)
PERIOD = "2026-2027"


def units() -> list[tuple[str, str, str]]:
    """(key, name, parent key): the sectors, then their teams."""
    rows = [(f"sector-{s}", f"Sector {s}", "gemeente") for s in range(1, SECTORS + 1)]
    rows += [
        (f"sector-{s}-team-{t}", f"Sector {s} team {t}", f"sector-{s}")
        for s in range(1, SECTORS + 1)
        for t in range(1, TEAMS + 1)
    ]
    return rows


def synthetic(count: int) -> list[dict]:
    """Consecutive blocks of employees per team. The first of a sector heads it (in the sector
    unit, reporting to 900001); the first of each other team leads it (reporting to the sector
    head); everyone else reports to their team lead. Entry dates spread over 2008–2025; every
    50th is on probation, every 7th is not yet in the function scale."""
    rows = []
    teams = SECTORS * TEAMS
    first_of_team: dict[int, int] = {}
    for n in range(count):
        team = n * teams // count
        first_of_team.setdefault(team, n)
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
        entry = date(2008, 1, 1) + timedelta(days=(n * 37) % 6300)  # up to 2025-04
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


@contextmanager
def database():
    """A throwaway database: the embedded server, or a scratch database on DATABASE_URL's
    server (created and dropped here, never the database DATABASE_URL names)."""
    if os.environ.get("DATABASE_URL"):
        import asyncpg

        from app.db import async_url

        server = "postgresql://" + async_url(os.environ["DATABASE_URL"]).split("://", 1)[1]
        name = f"bench_{uuid.uuid4().hex[:8]}"

        async def admin(sql: str) -> None:
            conn = await asyncpg.connect(server)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
        base, _, query = async_url(os.environ["DATABASE_URL"]).partition("?")
        try:
            yield base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
        finally:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return
    # Its own directory: bulk_import.py may run at the same time.
    with embedded_postgres(
        ROOT / ".data" / "bench-cycles-postgres", database="bench", throwaway=True
    ) as url:
        yield url


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


async def count(engine, model) -> int:
    async with engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(model)) or 0


async def explain(engine, statements: list[tuple[str, tuple]]) -> list[tuple[str, float, str]]:
    """EXPLAIN ANALYZE the statements (as the app sent them) that read the cycle table:
    (first words, execution time in ms, plan text)."""
    plans = []
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        for sql, parameters in statements:
            if " cycle" not in sql or sql.lstrip().upper().startswith("EXPLAIN"):
                continue
            raw = await driver.fetchval(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, *parameters
            )
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]  # codec or not
            text = "\n".join(
                r[0] for r in await driver.fetch("EXPLAIN (ANALYZE) " + sql, *parameters)
            )
            label = "count query" if sql.lstrip().upper().startswith("SELECT COUNT") else "page"
            plans.append((label, plan["Execution Time"], text))
    return plans


async def run(count_: int, url: str, requests: int, show_plans: bool) -> None:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_sessionmaker
    from app.migrate import upgrade
    from app.people import service as people
    from app.reference.service import ensure_bundled_guides

    data_dir = Path(tempfile.mkdtemp())
    settings = Settings(database_url=url, data_dir=data_dir, auth_mode=AuthMode.local)
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
    hris = {
        "Authorization": "Bearer "
        + mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    }
    hr = {"Authorization": "Bearer " + mint_local_token(settings, subject=HR_NUMBER, roles=["hr"])}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", timeout=600
    ) as client:

        async def set_today(day: date) -> None:
            response = await client.put("/v1/clock", json={"today": day.isoformat()}, headers=hr)
            assert response.status_code == 200, response.text[:500]
            assert response.json()["today"] == day.isoformat(), response.text[:500]

        # --- set-up: the employees arrive in period 2024-2025 -----------------------------
        await set_today(IMPORT_DAY)
        started = time.perf_counter()
        imported = await client.post(
            "/v1/employee-imports", json={"employees": synthetic(count_)}, headers=hris
        )
        import_s = time.perf_counter() - started
        assert imported.status_code == 201, imported.text[:500]
        cycles_before, talks_before = await count(engine, Cycle), await count(engine, Talk)
        events_before = await count(engine, AuditEvent)

        # --- target 1: HR opens 2026-2027 -------------------------------------------------
        await set_today(OPENING_DAY)
        statements: list[str] = []

        def counter(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(app_engine.sync_engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        opened = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        open_s = time.perf_counter() - started
        event.remove(app_engine.sync_engine, "before_cursor_execute", counter)
        assert opened.status_code == 201, opened.text[:500]
        open_statements = len(statements)
        cycles_after, talks_after = await count(engine, Cycle), await count(engine, Talk)
        events_after = await count(engine, AuditEvent)

        started = time.perf_counter()
        again = await client.post("/v1/period-openings", json={"period": PERIOD}, headers=hr)
        again_s = time.perf_counter() - started
        assert again.status_code == 201, again.text[:500]
        cycles_again = await count(engine, Cycle)

        # --- target 2: the overdue cycles of one sector -----------------------------------
        await set_today(OVERDUE_DAY)
        async with engine.connect() as conn:
            sectors = (
                await conn.execute(
                    select(OrgUnit.key, func.count(Employee.id))
                    .join(Employee, Employee.org_unit_id == OrgUnit.id)
                    .group_by(OrgUnit.key)
                )
            ).all()
        per_unit = dict(sectors)
        sector = "sector-1"
        in_sector = sum(n for key, n in per_unit.items() if key.split("-team-")[0] == sector)

        lists = {}
        for size in (25, 100):
            path = f"/v1/cycles?orgUnit={sector}&overdue=true&pageSize={size}"
            for _ in range(20):  # warm-up: connections, prepared statements, caches
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
            lists[size] = (timings, body["meta"]["totalItems"], captured)

    plans = await explain(engine, lists[25][2])
    total_cycles = await count(engine, Cycle)
    await engine.dispose()

    created = opened.json()["cyclesCreated"]
    print(f"employees imported:             {count_} in {SECTORS + SECTORS * TEAMS} org units")
    print(f"  import on {IMPORT_DAY}:        {import_s:6.2f} s   {cycles_before} cycles, "
          f"{talks_before} talks")
    print(f"opening {PERIOD} on {OPENING_DAY}: {open_s:6.2f} s   cyclesCreated={created}; "
          f"rows: +{cycles_after - cycles_before} cycles, +{talks_after - talks_before} talks, "
          f"+{events_after - events_before} audit events; {open_statements} SQL statements")
    print(f"opening it again:               {again_s:6.2f} s   "
          f"cyclesCreated={again.json()['cyclesCreated']}, +{cycles_again - cycles_after} cycles")
    print(f"overdue list on {OVERDUE_DAY}, orgUnit={sector} ({in_sector} employees; "
          f"{total_cycles} cycles in all), {requests} requests each after 20 warm-up:")
    for size, (timings, total, captured) in lists.items():
        print(f"  pageSize={size:<3}  median {statistics.median(timings):6.1f} ms   "
              f"p95 {percentile(timings, 95):6.1f} ms   max {max(timings):6.1f} ms   "
              f"totalItems={total}   {len(captured)} SQL statements")
    for label, ms, text in plans:
        print(f"  EXPLAIN ANALYZE, {label} (pageSize=25): execution {ms:.1f} ms")
        if show_plans:
            print("    " + text.replace("\n", "\n    "))
    median_25 = statistics.median(lists[25][0])
    median_100 = statistics.median(lists[100][0])
    print(
        f"targets: opening < 10 s: {'met' if open_s < 10 else 'MISSED'}; "
        f"opening again creates 0: {'met' if again.json()['cyclesCreated'] == 0 else 'MISSED'}; "
        f"overdue page median < 50 ms: pageSize=25 {'met' if median_25 < 50 else 'MISSED'}, "
        f"pageSize=100 {'met' if median_100 < 50 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed list requests a size")
    parser.add_argument("--plans", action="store_true", help="print the EXPLAIN ANALYZE plans")
    args = parser.parse_args()
    if args.employees < SECTORS * TEAMS:
        parser.error(f"--employees must be at least {SECTORS * TEAMS} (one a team)")
    with database() as url:
        asyncio.run(run(args.employees, url, args.requests, args.plans))


if __name__ == "__main__":
    main()
