"""Benchmark: import 10,000 synthetic employees through POST /v1/employee-imports.

Targets (issue 4): the first import under 15 s on a 2-core machine; an unchanged re-import
writes no rows and takes less than half of that; the employee list serves a page of 100 with a
constant number of SQL statements.

    .venv/bin/python benchmarks/bulk_import.py [--employees 10000]

Runs on its own throwaway embedded PostgreSQL (or DATABASE_URL when set: it then creates and
drops a scratch database there). The requests go through the whole app in-process (ASGI), with
a real bearer token of the HR information system client.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine
from app.main import create_app
from app.models import AuditEvent, Employee
from benchmarks.scratch_db import database
from tests.org import seed_org

ROOT = Path(__file__).resolve().parent.parent


def synthetic(
    count: int,
    *,
    units: tuple[str, str] = ("team-b", "team-a"),
    profile: str = "P22",
    top: str = "900001",
    probation: bool = True,
) -> list[dict]:
    """Teams of ten: the first of each team manages the other nine; team leads report to
    ``top``; even and odd numbers in the two ``units``; every 50th on probation."""
    rows = []
    for n in range(count):
        number = f"7{n:06d}"
        lead = f"7{(n // 10) * 10:06d}"
        rows.append(
            {
                "personnelNumber": number,
                "name": f"Medewerker {n}",
                "email": f"m{n}@maastricht.example",
                "orgUnitKey": units[n % 2],
                "functionProfileCode": profile,
                "salaryScale": 3 + n % 16,
                "inFunctionScale": n % 7 != 0,
                "entryDate": "2015-03-01",
                "probation": probation and n % 50 == 0,
                "probationDecisionDate": "2016-03-01" if probation and n % 50 == 0 else None,
                "managerPersonnelNumber": top if number == lead else lead,
                "managerFrom": "2015-03-01",
            }
        )
    return rows


async def run(count: int, url: str) -> None:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_sessionmaker
    from app.migrate import upgrade
    from app.reference.service import ensure_bundled_guides

    data_dir = Path(tempfile.mkdtemp())
    settings = Settings(database_url=url, data_dir=data_dir, auth_mode=AuthMode.local)
    engine = create_engine(url, settings)
    await upgrade(engine)
    async with create_sessionmaker(engine).begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
        await seed_org(session)
    app = create_app(settings)
    app_engine = app.state.engine  # the statements of the requests go through this one
    token = mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    headers = {"Authorization": f"Bearer {token}"}
    batch = {"employees": synthetic(count)}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", timeout=300
    ) as client:
        started = time.perf_counter()
        first = await client.post("/v1/employee-imports", json=batch, headers=headers)
        first_s = time.perf_counter() - started
        assert first.status_code == 201, first.text[:500]

        async with engine.connect() as conn:
            events_before = await conn.scalar(select(func.count()).select_from(AuditEvent))
        writes = []

        def listener(_conn, _cursor, statement, *_rest) -> None:
            # Reads: SELECTs, and the recursive query of the manager graph (WITH RECURSIVE).
            if not statement.lstrip().upper().startswith(("SELECT", "WITH RECURSIVE")):
                writes.append(statement)

        event.listen(app_engine.sync_engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        again = await client.post(
            "/v1/employee-imports",
            json=batch,
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        again_s = time.perf_counter() - started
        event.remove(app_engine.sync_engine, "before_cursor_execute", listener)
        assert again.status_code == 201
        async with engine.connect() as conn:
            events_after = await conn.scalar(select(func.count()).select_from(AuditEvent))
            employees = await conn.scalar(select(func.count()).select_from(Employee))

        statements = []

        def counter(_conn, _cursor, statement, *_rest) -> None:
            statements.append(statement)

        event.listen(app_engine.sync_engine, "before_cursor_execute", counter)
        page_started = time.perf_counter()
        page = await client.get("/v1/employees?pageSize=100&page=3", headers=headers)
        page_ms = (time.perf_counter() - page_started) * 1000
        event.remove(app_engine.sync_engine, "before_cursor_execute", counter)
        assert page.status_code == 200 and len(page.json()["items"]) == 100

    await engine.dispose()
    print(f"employees in database:          {employees}")
    print(f"first import of {count} rows:   {first_s:6.2f} s   {first.json()}")
    print(f"unchanged re-import:            {again_s:6.2f} s   {again.json()}")
    print(
        f"  statements other than SELECT: {len(writes)} (the idempotency key's bookkeeping: "
        f"{', '.join(sorted({w.split()[0] for w in writes})) or 'none'})"
    )
    print(f"  audit events written:         {events_after - events_before}")
    print(f"employee page of 100:           {page_ms:6.1f} ms, {len(statements)} SQL statements")
    print(
        f"targets: first < 15 s: {'met' if first_s < 15 else 'MISSED'}; "
        f"re-import < {first_s / 2:.2f} s: {'met' if again_s < first_s / 2 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args()
    with database("bench-postgres") as url:
        asyncio.run(run(args.employees, url))


if __name__ == "__main__":
    main()
