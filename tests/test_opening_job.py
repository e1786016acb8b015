"""T2.1 at scale (issue 20): the opening of a period written in committed chunks under a
resumable ``opening_job``. A process killed halfway (SIGKILL) leaves a state that a rerun
completes, equal to an uninterrupted opening; two openers and a sync at the same time write no
duplicate cycle, lose no event and do not deadlock. Each opener is a real process running
``goedgesprek open-period`` on a database of its own with committed data."""

from __future__ import annotations

import asyncio
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

from app.auth import SYSTEM_ACTOR
from app.db import create_engine, create_sessionmaker
from app.people import imports
from app.people.schemas import EmployeeImportRow
from benchmarks.bulk_import import synthetic
from tests.conftest import _plain_dsn, organisation_database
from tests.org import HR_SUB, HRIS, TODAY

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2028-2029"
CHUNK = 5

# The CLI, each chunk slowed down (after its work, before its commit), so that the test can
# kill the process while chunks are committed and one is in flight.
SLOW_CLI = """
import sys, time
from app.cycles import materialise
planned = materialise.open_period
async def slowly(*args, **kwargs):
    changes = await planned(*args, **kwargs)
    time.sleep(float(sys.argv[1]))
    return changes
materialise.open_period = slowly
from app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "GOEDGESPREK_AUTH_MODE": "local",
        "GOEDGESPREK_TEST_CLOCK": "true",
        "GOEDGESPREK_DATA_DIR": str(tmp_path),
    }


def _start(url: str, tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(url, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _opener(url: str, tmp_path: Path, delay: float) -> subprocess.Popen:
    opening = ["open-period", PERIOD, "--hr", HR_SUB, "--chunk", str(CHUNK)]
    return _start(url, tmp_path, "-c", SLOW_CLI, str(delay), *opening)


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out + err


def _kill_after(url: str, process: subprocess.Popen, chunks: int) -> None:
    """SIGKILL the process once ``chunks`` chunks of its opening are committed."""
    import psycopg

    deadline = time.monotonic() + 60
    with psycopg.connect(_plain_dsn(url), autocommit=True) as conn:
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            done = conn.execute("SELECT coalesce(max(chunks_done), 0) FROM opening_job")
            if done.fetchone()[0] >= chunks:
                break
            time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()


async def _with_employees(url: str, settings, count: int) -> None:
    engine = create_engine(url, settings)
    try:
        async with create_sessionmaker(engine).begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            rows = [EmployeeImportRow.model_validate(r) for r in synthetic(count)]
            await imports.import_employees(session, actor=HRIS, today=TODAY, rows=rows)
    finally:
        await engine.dispose()


SNAPSHOT = """
SELECT e.personnel_number, c.kind, c.rule, c.start_date, c.end_date, c.state, c.next_due_date,
       c.guide_version_id,
       (SELECT array_agg(t.kind || ':' || t.sequence || ':' || t.due_date || ':' || t.status
                         ORDER BY t.kind, t.sequence)
        FROM talk t WHERE t.cycle_id = c.id) AS talks
FROM cycle c JOIN employee e ON e.id = c.employee_id
ORDER BY e.personnel_number, c.start_date
"""

# Every cycle stored has exactly one cycle.created event in the outbox and one audit event of
# its creation: none lost, none twice.
EVENTS_NOT_ONCE = """
SELECT c.id,
       (SELECT count(*) FROM domain_event d
        WHERE d.subject = c.id::text AND d.type LIKE '%cycle.created') AS events,
       (SELECT count(*) FROM audit_event a
        WHERE a.resource_type = 'cycle' AND a.resource_id = c.id::text
          AND a.action = 'create') AS audits
FROM cycle c
"""


async def _state(url: str) -> dict:
    conn = await asyncpg.connect(_plain_dsn(url))
    try:
        cycles = [tuple(r) for r in await conn.fetch(SNAPSHOT)]
        not_once = [
            tuple(r)
            for r in await conn.fetch(EVENTS_NOT_ONCE)
            if (r["events"], r["audits"]) != (1, 1)
        ]
        openings = [
            tuple(r)
            for r in await conn.fetch(
                "SELECT cycles_created FROM period_opening WHERE period_id = $1 ORDER BY opened_at",
                PERIOD,
            )
        ]
        opened_events = await conn.fetchval(
            "SELECT count(*) FROM domain_event WHERE type LIKE '%period.opened' AND subject = $1",
            PERIOD,
        )
        jobs = [tuple(r) for r in await conn.fetch("SELECT state, chunks_done FROM opening_job")]
        return {
            "cycles": cycles,
            "not_once": not_once,
            "openings": openings,
            "opened_events": opened_events,
            "jobs": jobs,
        }
    finally:
        await conn.close()


async def test_t2_1_an_opening_killed_halfway_is_completed_by_a_rerun(
    database_url, settings, tmp_path
):
    async with (
        organisation_database(database_url, settings, "goedgesprek_open_a") as (whole, _, _a),
        organisation_database(database_url, settings, "goedgesprek_open_b") as (killed, _, _b),
    ):
        for url in (whole, killed):
            await _with_employees(url, settings, 40)  # 47 employees: ten chunks of five

        code, output = await asyncio.to_thread(_finish, _opener(whole, tmp_path, 0))
        assert code == 0, output
        uninterrupted = await _state(whole)

        await asyncio.to_thread(_kill_after, killed, _opener(killed, tmp_path, 0.3), 3)
        halfway = await _state(killed)
        assert halfway["openings"] == [] and halfway["opened_events"] == 0
        [(state, chunks)] = halfway["jobs"]
        assert state == "running" and 3 <= chunks < 10
        assert halfway["not_once"] == []  # the committed chunks have all their events

        code, output = await asyncio.to_thread(_finish, _opener(killed, tmp_path, 0))
        assert code == 0, output
        resumed = await _state(killed)
        assert resumed["jobs"] == [("done", 10)]  # continued, not started again
        assert resumed["cycles"] == uninterrupted["cycles"]
        assert resumed["openings"] == uninterrupted["openings"]
        assert resumed["openings"][0][0] > 0
        assert resumed["opened_events"] == 1
        assert resumed["not_once"] == []


async def test_t2_1_two_openers_and_a_sync_at_once_write_everything_exactly_once(
    database_url, settings, tmp_path
):
    async with organisation_database(database_url, settings, "goedgesprek_open_c") as (
        url,
        _,
        _admin,
    ):
        await _with_employees(url, settings, 40)
        # The sync: 30 new employees, and 10 of the 40 with a leaving date.
        rows = synthetic(70)
        for row in rows[:10]:
            row["leavingDate"] = "2028-06-30"
        sheet = tmp_path / "sync.csv"
        with sheet.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=sorted({k for r in rows for k in r}))
            writer.writeheader()
            writer.writerows([{k: "" if v is None else v for k, v in r.items()} for r in rows])
        openers = [_opener(url, tmp_path, 0.3), _opener(url, tmp_path, 0.3)]
        await asyncio.sleep(0.5)
        syncing = _start(url, tmp_path, "-m", "app.cli", "import", "employees", str(sheet))
        for process in [*openers, syncing]:
            code, output = await asyncio.to_thread(_finish, process)
            assert code == 0, output  # a deadlock or a duplicate key would fail a process
        after = await _state(url)
        assert after["not_once"] == []
        assert all(state == "done" for state, _ in after["jobs"])
        assert after["opened_events"] == len(after["openings"])
        starts = {(c[0], c[3]) for c in after["cycles"]}
        assert len(starts) == len(after["cycles"])  # no employee has a start date twice

        # Nothing was missed: opening it once more creates nothing.
        code, output = await asyncio.to_thread(_finish, _opener(url, tmp_path, 0))
        assert code == 0 and "0 cycles created" in output, output
        assert (await _state(url))["cycles"] == after["cycles"]
