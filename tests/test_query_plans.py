"""Issue 20: the reads stay on their indexes as the organisation grows, and the reports can be
pointed at a read replica.

A database of its own holds a large organisation written set-based (``tests/large_org.py``:
20,000 employees, 40,000 cycles, 120,000 talks, their appraisals and agreements; ANALYZEd).
The main list and drill-down requests run through the app; every SELECT they send is planned
again with ``EXPLAIN (FORMAT JSON)`` and its parameters, and no plan may read the cycles,
talks or employees in a sequential scan: the reads cost the same at 200,000 as at 20,000.
(Whole-organisation reports are aggregates over everyone: a sequential scan is their right
plan, timed by ``benchmarks/reports_scale.py`` instead.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import date

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import REPORTS_APPLICATION, create_engine
from app.main import create_app
from tests.conftest import _plain_dsn, make_client, organisation_database
from tests.large_org import fill
from tests.org import HR_SUB
from tests.sql_counter import count_statements

EMPLOYEES = 20_000
DAY = date(2027, 9, 1)
WATCHED = {"cycle", "talk", "employee"}


@dataclass
class Large:
    url: str
    settings: Settings
    admin: asyncpg.Connection
    hr: dict[str, str]


@pytest.fixture(scope="module")
async def large(database_url, settings, token) -> AsyncIterator[Large]:
    async with organisation_database(database_url, settings, "goedgesprek_large") as (
        url,
        _name,
        admin,
    ):
        engine = create_engine(url, settings)
        try:
            async with engine.begin() as conn:
                await fill(conn, EMPLOYEES, DAY)
        finally:
            await engine.dispose()
        hr = {"Authorization": f"Bearer {token(role='hr', sub=HR_SUB)}"}
        large = Large(url, settings.model_copy(update={"database_url": url}), admin, hr)
        async with running(large.settings) as (_app, client):
            # The test clock on the day the data describes.
            response = await client.put("/v1/clock", json={"today": DAY.isoformat()}, headers=hr)
            assert response.status_code == 200, response.text[:300]
        yield large


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings)
    try:
        async with make_client(app) as client:
            yield app, client
    finally:
        await app.state.read_pool.close()
        await app.state.reports_pool.close()
        await app.state.engine.dispose()
        await app.state.reports_engine.dispose()


@contextmanager
def captured(*engines) -> Iterator[list[tuple[str, list]]]:
    """The statements sent through ``engines`` in the block, with their parameters."""
    found: list[tuple[str, list]] = []

    def listen(_conn, _cursor, statement, parameters, *_rest) -> None:
        found.append((statement, list(parameters or ())))

    for engine in engines:
        event.listen(engine.sync_engine, "before_cursor_execute", listen)
    try:
        yield found
    finally:
        for engine in engines:
            event.remove(engine.sync_engine, "before_cursor_execute", listen)


def sequential_scans(plan: dict, where: str = "main", paged: bool | None = None) -> list[str]:
    """The relations of ``WATCHED`` a JSON plan reads whole, at any depth (sub-plans and
    init-plans are ``Plans`` too), with the (sub-)plan they are in: a sequential scan, or an
    index read end to end (what the planner turns to when sequential scans are priced out and
    no index narrows the rows), unless it is a page's walk in the index's order (a Limit on
    top: it stops after the page)."""
    found = []
    paged = plan.get("Node Type") == "Limit" if paged is None else paged
    where = plan.get("Subplan Name", where)
    kind = plan.get("Node Type", "")
    whole = (
        kind in ("Seq Scan", "Parallel Seq Scan")
        or (kind == "Bitmap Heap Scan" and "Recheck Cond" not in plan)
        or ("Index" in kind and "Index Cond" not in plan and not (paged and where == "main"))
    )
    if whole and plan.get("Relation Name", plan.get("Index Name", "")) in WATCHED:
        found.append(f"{kind} on {plan['Relation Name']} ({where})")
    for child in plan.get("Plans", ()):
        found += sequential_scans(child, where, paged)
    return found


async def explain(url: str, statements: list[tuple[str, list]]) -> list[tuple[str, list[str]]]:
    """(statement and its plan, the watched relations it scans sequentially) for each SELECT,
    planned as the service runs them (custom plans for their parameters)."""
    conn = await asyncpg.connect(_plain_dsn(url))
    try:
        results = []
        # Custom plans for the parameters, as the service's; and sequential scans priced out:
        # a scan left is one no index can replace (at 20,000 the planner may still prefer
        # reading a small table whole; at 200,000 it must have the index to turn to).
        await conn.execute("SET plan_cache_mode = force_custom_plan")
        await conn.execute("SET enable_seqscan = off")
        for sql, parameters in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            raw = await conn.fetchval("EXPLAIN (FORMAT JSON) " + sql, *parameters)
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
            scans = sequential_scans(plan)
            if scans:
                lines = await conn.fetch("EXPLAIN " + sql, *parameters)
                sql = sql + "\n" + "\n".join(line[0] for line in lines)
            results.append((sql, scans))
        return results
    finally:
        await conn.close()


async def a_cycle_and_a_team(large: Large) -> tuple[str, str]:
    conn = await asyncpg.connect(_plain_dsn(large.url))
    try:
        cycle_id = await conn.fetchval(
            "SELECT c.id FROM cycle c JOIN employee e ON e.id = c.employee_id "
            "WHERE e.personnel_number = 'L0000002' AND c.state = 'active'"
        )
    finally:
        await conn.close()
    return str(cycle_id), "lteam-3"


async def test_the_list_and_drill_down_reads_use_their_indexes_at_20000_employees(large):
    cycle_id, team = await a_cycle_and_a_team(large)
    period = "period=2026-2027"
    paths = [
        "/v1/cycles",
        f"/v1/cycles?orgUnit={team}",
        "/v1/cycles?employee=L0000002",
        f"/v1/cycles/{cycle_id}",
        "/v1/employees",
        f"/v1/employees?orgUnit={team}",
        f"/v1/reports/overdue?kind=planning&{period}",
        f"/v1/reports/overdue?kind=appraisal&{period}&orgUnit={team}",
        f"/v1/reports/overdue?kind=hearing&period=2024-2025&orgUnit={team}",
        f"/v1/reports/overdue?kind=finalisation&period=2024-2025&orgUnit={team}",
        f"/v1/reports/rollout/missing?by=2026-06-01&orgUnit={team}",
        f"/v1/reports/coverage?{period}&orgUnit={team}",
        f"/v1/reports/rollout?by=2026-06-01&orgUnit={team}",
    ]
    scans, statements_of = {}, {}
    async with running(large.settings) as (app, client):
        for path in paths:
            with captured(app.state.engine, app.state.reports_engine) as statements:
                response = await client.get(path, headers=large.hr)
            assert response.status_code == 200, (path, response.text[:300])
            assert statements, path
            for sql, relations in await explain(large.url, statements):
                if relations:
                    scans[path] = relations
                    statements_of[path] = sql
    # The unfiltered lists' totals come from the tally (docs/design.md, "Scale: reads"): no
    # whole read left, the employees list included.
    assert scans == {}, "\n\n".join(f"{p}:\n{sql}" for p, sql in statements_of.items())


async def test_reports_run_on_the_reports_database_and_the_rest_on_the_main_one(large):
    """GOEDGESPREK_REPORTS_DATABASE_URL: here the same database through a second URL (a
    streaming replica in production): the report routes' statements go through the reports'
    engine, as application ``goedgesprek-reports``; every other route's through the main one."""
    option = "prepared_statement_cache_size=99"  # the second URL: the same database
    replica_url = large.url + ("&" if "?" in large.url else "?") + option
    settings = large.settings.model_copy(update={"reports_database_url": replica_url})
    async with running(settings) as (app, client):
        assert option in str(app.state.reports_engine.url)
        assert option not in str(app.state.engine.url)
        for path in ("/v1/reports/coverage", "/v1/reports/rollout/missing?orgUnit=lteam-1"):
            with (
                count_statements(app.state.engine) as main,
                count_statements(app.state.reports_engine) as reports,
            ):
                response = await client.get(path, headers=large.hr)
            assert response.status_code == 200, response.text[:300]
            assert (main.count, reports.count > 0) == (0, True), (path, main.statements)
        with (
            count_statements(app.state.engine) as main,
            count_statements(app.state.reports_engine) as reports,
        ):
            response = await client.get("/v1/cycles?orgUnit=lteam-1", headers=large.hr)
        assert response.status_code == 200
        assert (main.count > 0, reports.count) == (True, 0)
        # The reports' connections, as the server sees them: jit off, custom plans.
        # The database's name from the URL (the embedded server's URL ends in ?host=/a/path).
        name = make_url(large.url).database
        seen = await large.admin.fetch(
            "SELECT application_name FROM pg_stat_activity WHERE datname = $1", name
        )
        assert REPORTS_APPLICATION in {r["application_name"] for r in seen}
        async with app.state.reports_engine.connect() as conn:
            settings_seen = (
                await conn.execute(
                    text("SELECT current_setting('jit'), current_setting('plan_cache_mode')")
                )
            ).one()
        assert tuple(settings_seen) == ("off", "force_custom_plan")
