"""One transaction per request, committed before the response is sent."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import make_client
from tests.probe import PROBE_TABLE_SQL

TRAP_SQL = [
    "CREATE TABLE commit_trap (id integer)",
    """CREATE FUNCTION commit_trap_fail() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'commit refused by the trap'; END; $$""",
    """CREATE CONSTRAINT TRIGGER commit_trap_at_commit AFTER INSERT ON commit_trap
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION commit_trap_fail()""",
]
DROP_SQL = [
    "DROP TABLE IF EXISTS commit_trap",
    "DROP FUNCTION IF EXISTS commit_trap_fail()",
    "DROP TABLE IF EXISTS probe",
]


@pytest.fixture
async def committing_client(probe_session_app, engine):
    """The probe app on the real sessionmaker: its commits are real COMMITs."""
    async with engine.begin() as conn:
        for statement in [PROBE_TABLE_SQL, *TRAP_SQL]:
            await conn.execute(text(statement))
    try:
        async with make_client(probe_session_app) as client:
            yield client
    finally:
        async with engine.begin() as conn:
            for statement in DROP_SQL:
                await conn.execute(text(statement))


async def _count(engine, sql: str) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar_one()


async def test_a_successful_write_is_committed(committing_client, auth, engine):
    response = await committing_client.post(
        "/v1/probes", json={"name": "kept", "weight": 1, "dueDate": "2026-01-01"}, headers=auth()
    )
    assert response.status_code == 201
    # Another connection sees it: the request's transaction was committed. (That the commit
    # comes before the response is shown by the failing-commit test below.)
    assert await _count(engine, "SELECT count(*) FROM probe WHERE name = 'kept'") == 1


async def test_a_failing_commit_gives_an_error_never_a_2xx(committing_client, auth, engine):
    before = await _count(engine, "SELECT count(*) FROM audit_event")
    response = await committing_client.post("/v1/probes/with-failing-commit", headers=auth())
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "commit refused" not in response.text
    # Nothing of the request was stored: not the row, not its audit event.
    assert await _count(engine, "SELECT count(*) FROM probe WHERE name = 'doomed'") == 0
    assert await _count(engine, "SELECT count(*) FROM audit_event") == before


@pytest.mark.parametrize("route", ["answered-with-409", "raising-409"])
async def test_an_error_response_rolls_back_what_the_endpoint_wrote(
    probe_client, auth, session, route
):
    response = await probe_client.post(f"/v1/probes/{route}", headers=auth())
    assert response.status_code == 409
    assert await session.scalar(text("SELECT count(*) FROM probe WHERE name = 'unwanted'")) == 0
    unwanted_events = "SELECT count(*) FROM audit_event WHERE after->>'name' = 'unwanted'"
    assert await session.scalar(text(unwanted_events)) == 0
