"""The database away (issue 16): every request answers 503 ``database-unavailable`` with
``Retry-After`` instead of a 500, the log says so once with a traceback and then one line per
request, and the service recovers by itself when the database is back. On the real PostgreSQL,
behind a wire that is cut and restored (``tests/round_trips.py``), and on a dead port."""

from __future__ import annotations

import logging

from app.outage import OUTAGE
from tests.conftest import make_client
from tests.live import Live
from tests.org import EMPLOYEE


def _unavailable(response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "database-unavailable"
    assert response.headers["Retry-After"].isdigit()


async def test_with_the_database_down_reads_and_writes_answer_503_then_recover(live: Live, caplog):
    hr = live.headers["hr"]
    assert (await live.client.get(f"/v1/employees/{EMPLOYEE}", headers=hr)).status_code == 200
    await live.wire.go_down()
    try:
        with caplog.at_level(logging.WARNING, logger="app.database"):
            for _ in range(3):
                _unavailable(await live.client.get(f"/v1/employees/{EMPLOYEE}", headers=hr))
                _unavailable(await live.client.get("/v1/cycles", headers=hr))
                _unavailable(
                    await live.client.post("/v1/clock/advances", json={"days": 1}, headers=hr)
                )
            ready = await live.client.get("/v1/health/ready")
            assert ready.status_code == 503 and "Retry-After" in ready.headers
        # One traceback for the outage, then one line per request.
        records = [r for r in caplog.records if r.name == "app.database"]
        assert sum(r.exc_info is not None for r in records) == 1
        assert len(records) == 9
    finally:
        await live.wire.come_back()
    # Back without a restart: the pools connect again.
    with caplog.at_level(logging.WARNING, logger="app.database"):
        again = await live.client.get(f"/v1/employees/{EMPLOYEE}", headers=hr)
    assert again.status_code == 200, again.text
    assert any(r.getMessage() == "database reachable again" for r in caplog.records)
    assert OUTAGE.down is False
    assert (await live.client.get("/v1/health/ready")).status_code == 200


async def test_a_database_that_cannot_be_reached_answers_503_not_500(dead_app, auth):
    async with make_client(dead_app) as client:
        hr = auth(role="hr", sub="100003")
        _unavailable(await client.get("/v1/me", headers=hr))
        _unavailable(await client.get("/v1/competencies", headers=hr))
        _unavailable(await client.put("/v1/clock", json={"today": "2027-01-01"}, headers=hr))
        # What needs no database still answers.
        assert (await client.get("/v1/health")).status_code == 200
        assert (await client.get("/v1/me")).status_code == 401


def test_only_connection_failures_count_as_the_database_away():
    import asyncpg
    from sqlalchemy import exc

    from app.outage import database_unreachable

    assert database_unreachable(ConnectionRefusedError())
    assert database_unreachable(TimeoutError())
    assert database_unreachable(exc.TimeoutError("QueuePool limit"))
    assert database_unreachable(asyncpg.CannotConnectNowError("starting up"))
    assert not database_unreachable(ValueError("a bug"))
    assert not database_unreachable(asyncpg.UniqueViolationError("duplicate key"))
