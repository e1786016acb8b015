"""Benchmark: every report at scale (issue 20) — 10,000, 50,000 and 200,000 employees.

Target: every report for the whole organisation (JSON and XLSX) under 2 s at the median at
200,000 employees on a 2-core machine; the drill-downs (one org unit, a page of overdue or
missing people) under 300 ms.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/reports_scale.py [--sizes 10000,50000,200000] [--requests 5]

Each size gets its own scratch database (``benchmarks/scratch_db.py``), filled set-based in
SQL by ``tests/large_org.py`` (two cycles per employee, their talks, appraisals, ratings and
agreements, as of 2027-09-01). The reports are asked for by HR through the whole app
in-process (ASGI), as ``benchmarks/reports.py`` does; the median of ``--requests`` runs after
one warm-up. ``--plans`` prints EXPLAIN ANALYZE of the statements of each report (at the
largest size).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import SYSTEM_ACTOR, mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine, create_sessionmaker
from app.main import create_app
from app.migrate import upgrade
from app.reference.service import ensure_bundled_guides
from benchmarks.cycles import HR_NUMBER
from benchmarks.reports import XLSX, explain
from benchmarks.scratch_db import database
from tests.large_org import fill
from tests.org import seed_org

DAY = date(2027, 9, 1)
P = "period=2026-2027"
WHOLE = [
    ("coverage", f"/v1/reports/coverage?{P}"),
    ("roll-out", "/v1/reports/rollout?by=2026-06-01"),
    ("outcomes 2024-2025", "/v1/reports/outcomes?period=2024-2025"),
    ("development 2026-2027", f"/v1/reports/development?{P}"),
    ("development 2024-2025", "/v1/reports/development?period=2024-2025"),
]
DRILL = [
    ("coverage of one team", f"/v1/reports/coverage?{P}&orgUnit=lteam-1"),
    ("coverage of one sector", f"/v1/reports/coverage?{P}&orgUnit=lsector-1"),
    ("overdue planning (page)", f"/v1/reports/overdue?kind=planning&{P}"),
    ("overdue appraisals (page)", f"/v1/reports/overdue?kind=appraisal&{P}"),
    ("overdue hearings (page)", f"/v1/reports/overdue?kind=hearing&{P}"),
    ("overdue finalisation (page)", f"/v1/reports/overdue?kind=finalisation&{P}"),
    ("roll-out missing (page)", "/v1/reports/rollout/missing?by=2026-06-01"),
    ("roll-out missing, one team", "/v1/reports/rollout/missing?by=2026-06-01&orgUnit=lteam-1"),
]


ONLY: list[str] = []  # --only: the reports whose label contains one of these


def cases() -> list[tuple[str, str, str | None, float]]:
    """(label, path, Accept, target ms)."""
    found: list[tuple[str, str, str | None, float]] = []
    for label, path in WHOLE:
        found.append((label, path, None, 2000.0))
        found.append((f"{label} as XLSX", path, XLSX, 2000.0))
    found += [(label, path, None, 300.0) for label, path in DRILL]
    return [case for case in found if not ONLY or any(o in case[0] for o in ONLY)]


async def measure(
    employees: int, url: str, requests: int, plans: int, *, filled_already: bool = False
) -> dict[str, object]:
    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp()),
        auth_mode=AuthMode.local,
        test_clock=True,
    )
    engine = create_engine(url, settings)
    await upgrade(engine)
    began = time.perf_counter()
    if not filled_already:
        async with create_sessionmaker(engine).begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
            await seed_org(session)
        async with engine.begin() as conn:
            await fill(conn, employees, DAY)
        # As autovacuum leaves a table that has settled: the visibility map set, so that the
        # index-only scans (ix_talk_planning_held) need not visit the heap.
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("SET statement_timeout = 0"))
            await autocommit.execute(text("VACUUM ANALYZE"))
    filled = time.perf_counter() - began
    async with engine.connect() as conn:
        sizes = dict(
            (
                await conn.execute(
                    text(
                        "SELECT 'cycles', count(*) FROM cycle UNION ALL "
                        "SELECT 'talks', count(*) FROM talk UNION ALL "
                        "SELECT 'appraisals', count(*) FROM appraisal UNION ALL "
                        "SELECT 'agreements', count(*) FROM agreement"
                    )
                )
            ).all()
        )
    app = create_app(settings)
    token = mint_local_token(settings, subject=HR_NUMBER, roles=["hr"])
    hr = {"Authorization": f"Bearer {token}"}
    results = {}
    statements: list[tuple[str, tuple]] = []

    def counter(_conn, _cursor, statement, parameters, *_rest) -> None:
        statements.append((statement, tuple(parameters or ())))

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
    ) as client:
        response = await client.put("/v1/clock", json={"today": DAY.isoformat()}, headers=hr)
        assert response.status_code == 200, response.text[:300]
        for label, path, accept, _target in cases():
            headers = {**hr, **({"Accept": accept} if accept else {})}
            assert (await client.get(path, headers=headers)).status_code == 200  # warm-up
            timings = []
            for _ in range(requests):
                start = time.perf_counter()
                response = await client.get(path, headers=headers)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text[:300]
            results[label] = statistics.median(timings)
            if plans and accept is None:
                statements.clear()
                sync = app.state.reports_engine.sync_engine  # jit off, custom plans
                event.listen(sync, "before_cursor_execute", counter)
                await client.get(path, headers=headers)
                event.remove(sync, "before_cursor_execute", counter)
                for ms, plan in await explain(app.state.reports_engine, list(statements)):
                    print(f"--- {label} ({employees}): {ms:.1f} ms")
                    if plans > 1:
                        print(plan)
    await engine.dispose()
    print(f"{employees} employees: {sizes}; filled in {filled:.1f} s", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per report")
    parser.add_argument(
        "--database",
        help="a database filled before (tests/large_org.py): "
        "measured as it is, for one size (--sizes)",
    )
    parser.add_argument(
        "--plans", action="count", default=0, help="EXPLAIN ANALYZE times (twice: the plans)"
    )
    parser.add_argument("--only", action="append", default=[], help="reports whose label has it")
    args = parser.parse_args()
    ONLY.extend(args.only)
    sizes = [int(s) for s in args.sizes.split(",")]
    table = {}
    for size in sizes:
        if args.database:
            table[size] = asyncio.run(
                measure(size, args.database, args.requests, args.plans, filled_already=True)
            )
            continue
        with database(f"bench-reports-{size}") as url:
            table[size] = asyncio.run(
                measure(size, url, args.requests, args.plans if size == sizes[-1] else 0)
            )
    header = f"{'median ms':34}" + "".join(f"{s:>10,}" for s in sizes) + "   target"
    print(header)
    missed = []
    for label, _path, _accept, target in cases():
        figures = [table[s][label] for s in sizes]
        print(f"{label:34}" + "".join(f"{f:10.0f}" for f in figures) + f"   < {target:.0f}")
        if figures[-1] >= target:
            missed.append(label)
    print(
        "target at the largest size: " + ("met" if not missed else "MISSED: " + ", ".join(missed))
    )


if __name__ == "__main__":
    main()
