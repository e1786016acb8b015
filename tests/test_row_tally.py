"""Issue 20: the totals of the unfiltered whole-organisation lists come from ``row_tally``
(migration 0030), not from a count, and stay exact: after inserts, updates and deletes, a
rolled-back transaction, two writers at once, and compaction; the list endpoints report them.

The writing tests commit, on a database of their own (``organisation_database``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic import command
from sqlalchemy import text

from app.db import create_engine
from app.migrate import alembic_config
from app.worker import compact_tallies_now, make_runtime
from tests.conftest import _plain_dsn, organisation_database
from tests.org import PEOPLE
from tests.sql_counter import count_statements

COUNTS = {
    "employee": "SELECT count(*) FROM employee",
    "cycle": "SELECT count(*) FROM cycle WHERE state <> 'superseded'",
}
TALLY = "SELECT coalesce(sum(n), 0) FROM row_tally WHERE table_name = $1"

# k new employees like the first one, numbered from a prefix (no row triggers to satisfy).
ADD_EMPLOYEES = """
    INSERT INTO employee (id, personnel_number, name, org_unit_id, function_profile_id,
                          salary_scale, in_function_scale, entry_date)
    SELECT gen_random_uuid(), $1 || g, 'Tally ' || g, e.org_unit_id, e.function_profile_id,
           8, true, date '2020-01-01'
      FROM (SELECT org_unit_id, function_profile_id FROM employee LIMIT 1) e,
           generate_series(1, $2::int) g
"""


async def assert_exact(conn: asyncpg.Connection) -> dict[str, int]:
    """The tally equals the count in ``conn``'s snapshot, for both tables; returns them."""
    totals = {}
    for table, count in COUNTS.items():
        totals[table] = await conn.fetchval(count)
        assert await conn.fetchval(TALLY, table) == totals[table], table
    return totals


async def deltas(conn: asyncpg.Connection, table: str) -> int:
    return await conn.fetchval("SELECT count(*) FROM row_tally WHERE table_name = $1", table)


@pytest.fixture(scope="module")
async def tally_db(database_url, settings) -> AsyncIterator[str]:
    async with organisation_database(database_url, settings, "goedgesprek_tally") as (
        url,
        _name,
        _admin,
    ):
        yield _plain_dsn(url)


@pytest.fixture
async def conn(tally_db) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(tally_db)
    try:
        yield connection
    finally:
        await connection.close()


async def test_the_migration_starts_the_tally_from_the_count(tally_db, settings):
    """Downgraded past 0030 with people and cycles stored, and upgraded again: the tally
    starts at the count."""
    engine = create_engine(tally_db.replace("postgresql://", "postgresql+asyncpg://"), settings)
    try:
        async with engine.begin() as sa_conn:

            def round_trip(sync) -> None:
                command.downgrade(alembic_config(sync), "0029_report_indexes")
                command.upgrade(alembic_config(sync), "head")

            await sa_conn.run_sync(round_trip)
            rows = await sa_conn.execute(text("SELECT table_name, n FROM row_tally"))
            assert len(rows.all()) == 2  # one row per table, the count
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(tally_db)
    try:
        totals = await assert_exact(conn)
        assert totals["employee"] == len(PEOPLE)
        assert totals["cycle"] > 0
    finally:
        await conn.close()


async def test_inserts_updates_and_deletes_keep_it_exact(conn):
    before = await assert_exact(conn)
    await conn.execute(ADD_EMPLOYEES, "TI", 5)
    assert (await assert_exact(conn))["employee"] == before["employee"] + 5
    # A cycle superseded leaves the unfiltered list; made active again it is back.
    cycle_id = await conn.fetchval("SELECT id FROM cycle WHERE state = 'active' LIMIT 1")
    await conn.execute("UPDATE cycle SET state = 'superseded' WHERE id = $1", cycle_id)
    assert (await assert_exact(conn))["cycle"] == before["cycle"] - 1
    await conn.execute("UPDATE cycle SET state = 'active' WHERE id = $1", cycle_id)
    # An update that does not touch the state adds no delta.
    rows = await deltas(conn, "cycle")
    await conn.execute("UPDATE cycle SET updated_at = now() WHERE id = $1", cycle_id)
    assert await deltas(conn, "cycle") == rows
    await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'TI%'")
    assert await assert_exact(conn) == before
    # An upsert: the rows it inserts count, the ones it updates do not.
    await conn.execute(ADD_EMPLOYEES, "TU", 2)
    upsert = ADD_EMPLOYEES + " ON CONFLICT (personnel_number) DO UPDATE SET name = excluded.name"
    await conn.execute(upsert, "TU", 3)
    assert (await assert_exact(conn))["employee"] == before["employee"] + 3
    await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'TU%'")
    assert await assert_exact(conn) == before


async def test_a_rolled_back_transaction_leaves_no_trace(conn):
    before = await assert_exact(conn)
    transaction = conn.transaction()
    await transaction.start()
    await conn.execute(ADD_EMPLOYEES, "TR", 7)
    # Inside, the writer sees its own rows counted.
    assert (await assert_exact(conn))["employee"] == before["employee"] + 7
    await transaction.rollback()
    assert await assert_exact(conn) == before


async def test_two_writers_at_once_do_not_wait_on_each_other(tally_db, conn):
    before = await assert_exact(conn)
    first, second = await asyncpg.connect(tally_db), await asyncpg.connect(tally_db)
    try:
        one, two = first.transaction(), second.transaction()
        await one.start()
        await two.start()
        # Interleaved statements, both transactions open: neither blocks (a lock wait would
        # time out here).
        for round_ in range(3):
            await asyncio.wait_for(first.execute(ADD_EMPLOYEES, f"TA{round_}-", 2), 5)
            await asyncio.wait_for(second.execute(ADD_EMPLOYEES, f"TB{round_}-", 3), 5)
        # Each sees its own rows, a third connection neither's.
        assert (await assert_exact(first))["employee"] == before["employee"] + 6
        assert (await assert_exact(second))["employee"] == before["employee"] + 9
        assert await assert_exact(conn) == before
        await asyncio.wait_for(one.commit(), 5)
        assert (await assert_exact(conn))["employee"] == before["employee"] + 6
        await asyncio.wait_for(two.commit(), 5)
        assert (await assert_exact(conn))["employee"] == before["employee"] + 15
        await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'T_%-%'")
        assert await assert_exact(conn) == before
    finally:
        await first.close()
        await second.close()


async def test_compaction_folds_the_committed_deltas_into_one_row(tally_db, conn):
    before = await assert_exact(conn)
    for i in range(10):  # ten statements, ten deltas
        await conn.execute(ADD_EMPLOYEES, f"TC{i}-", 1)
    assert await deltas(conn, "employee") >= 10
    # Another transaction's delta, not committed yet, is left alone by the compaction.
    writer = await asyncpg.connect(tally_db)
    try:
        open_one = writer.transaction()
        await open_one.start()
        await writer.execute(ADD_EMPLOYEES, "TCopen-", 4)
        folded = await conn.fetchval("SELECT row_tally_compact('employee')")
        assert folded >= 10
        assert await deltas(conn, "employee") == 1
        assert (await assert_exact(conn))["employee"] == before["employee"] + 10
        await open_one.commit()
        assert (await assert_exact(conn))["employee"] == before["employee"] + 14
        # While one compaction holds the lock, another does nothing (and does not wait).
        holder = writer.transaction()
        await holder.start()
        assert await writer.fetchval("SELECT row_tally_compact('employee')") == 2
        assert (
            await asyncio.wait_for(conn.fetchval("SELECT row_tally_compact('employee')"), 5) is None
        )
        # A reader during the holder's compaction sees the committed deltas: the same sum.
        assert (await assert_exact(conn))["employee"] == before["employee"] + 14
        await holder.commit()
    finally:
        await writer.close()
    assert await deltas(conn, "employee") == 1
    await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'TC%'")
    assert await assert_exact(conn) == before


async def test_the_writers_compact_every_64th_delta(conn):
    before = await assert_exact(conn)
    cycle_id = await conn.fetchval("SELECT id FROM cycle WHERE state = 'active' LIMIT 1")
    # Writers alternating between the tables (the ids are shared): both stay compact.
    for i in range(70):
        await conn.execute(ADD_EMPLOYEES, f"TW{i}-", 1)
        state = "superseded" if i % 2 == 0 else "active"
        await conn.execute("UPDATE cycle SET state = $2 WHERE id = $1", cycle_id, state)
    assert await deltas(conn, "employee") < 70
    assert await deltas(conn, "cycle") < 70
    assert (await assert_exact(conn))["employee"] == before["employee"] + 70
    await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'TW%'")
    assert await assert_exact(conn) == before


async def test_the_worker_sweep_compacts(tally_db, settings, conn):
    for i in range(3):
        await conn.execute(ADD_EMPLOYEES, f"TS{i}-", 1)
    await conn.execute("DELETE FROM employee WHERE personnel_number LIKE 'TS%'")
    assert await deltas(conn, "employee") > 1
    runtime = make_runtime(settings, tally_db.replace("postgresql://", "postgresql+asyncpg://"))
    try:
        folded = await compact_tallies_now(runtime)
    finally:
        await runtime.close()
    assert folded["employee"] > 1
    assert await deltas(conn, "employee") == 1
    await assert_exact(conn)


async def test_a_truncate_brings_the_tally_to_nought(conn):
    """TRUNCATE fires no row or statement INSERT/DELETE trigger: its own trigger adds minus the
    sum. (The appraisal's tables refuse a TRUNCATE, and the cascade from employee reaches
    them: their refusing triggers are switched off in this transaction, rolled back.)"""
    before = await assert_exact(conn)
    transaction = conn.transaction()
    await transaction.start()
    try:
        refusing = await conn.fetch(
            "SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger "
            "WHERE (tgtype & 32) <> 0 AND (tgtype & 2) <> 0"
        )
        for row in refusing:
            await conn.execute(f'ALTER TABLE {row["t"]} DISABLE TRIGGER "{row["tgname"]}"')
        await conn.execute("TRUNCATE employee CASCADE")
        assert await assert_exact(conn) == {"employee": 0, "cycle": 0}
    finally:
        await transaction.rollback()
    assert await assert_exact(conn) == before


# --- through the API, on the tests' transaction --------------------------------------------------


async def test_the_unfiltered_lists_report_the_exact_total(client, org, hr, session, engine):
    for path, table in (("/v1/employees", "employee"), ("/v1/cycles", "cycle")):
        expected = await session.scalar(text(COUNTS[table]))
        assert expected > 0
        with count_statements(engine) as log:
            page = await client.get(f"{path}?pageSize=1", headers=hr)
        assert page.status_code == 200, page.text
        assert page.json()["meta"]["totalItems"] == expected, path
        # One statement for the page and its total, the total from the tally.
        (statement,) = [s for s in log.statements if "LIMIT" in s]
        assert "row_tally" in statement, statement
        # A page past the end: the count statement alone, from the tally as well.
        past = await client.get(f"{path}?pageSize=1&page={expected + 5}", headers=hr)
        assert past.status_code == 200, past.text
        assert past.json()["meta"]["totalItems"] == expected, path


async def test_filtered_lists_and_other_viewers_still_count(client, org, hr, auth, engine):
    manager = auth(role="manager", sub="100002")
    for path, headers in (
        ("/v1/employees?orgUnit=team-a", hr),
        ("/v1/cycles?orgUnit=team-a", hr),
        ("/v1/employees", manager),
        ("/v1/cycles", manager),
    ):
        with count_statements(engine) as log:
            page = await client.get(path, headers=headers)
        assert page.status_code == 200, (path, page.text)
        assert page.json()["meta"]["totalItems"] == len(page.json()["items"]), path
        assert not any("row_tally" in s for s in log.statements), path
