"""The read path as production runs it: committed data on a database of its own, the app's own
engine and pool (no test transaction around it), and every round trip to PostgreSQL counted on
the wire (``tests/round_trips.py``): BEGIN, COMMIT, pings and prepares included.

Targets (issue 14): a by-id read of a person's record, authorisation included, in at most 3
round trips; a page in at most 4; the audited appraisal read in at most 6. The tests pin the
numbers the service has now. Outside production mode every request also reads the test clock
(one round trip, included below).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from app.auth import SYSTEM_ACTOR
from app.db import async_url, create_engine, create_sessionmaker
from app.main import create_app
from app.migrate import upgrade
from app.reference.service import ensure_bundled_guides
from tests.appraisals import agreed_and_held, share
from tests.conftest import make_client
from tests.cycles import talk_of
from tests.org import EMPLOYEE, HR_SUB, MANAGER, freeze_clock, seed_org
from tests.round_trips import RoundTrips


@dataclass
class Live:
    client: httpx.AsyncClient
    wire: RoundTrips
    app: object
    cycle: dict
    headers: dict[str, dict[str, str]]
    database: str
    admin: asyncpg.Connection

    async def get(self, url: str, who: str) -> tuple[httpx.Response, int]:
        """The response and the round trips it took."""
        before = self.wire.count
        response = await self.client.get(url, headers=self.headers[who])
        return response, self.wire.count - before


def _plain(url: str) -> str:
    return "postgresql://" + async_url(url).split("://", 1)[1]


@pytest.fixture(scope="module")
async def live(database_url, settings, token) -> AsyncIterator[Live]:
    name = f"goedgesprek_reads_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_plain(database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = database_url.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
    engine = create_engine(url, settings)
    wire = RoundTrips(url)
    app = None
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine).begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
            await freeze_clock(session)
            await seed_org(session)
        app = create_app(settings.model_copy(update={"database_url": await wire.start()}))
        headers = {
            "hr": {"Authorization": f"Bearer {token(role='hr', sub=HR_SUB)}"},
            "manager": {"Authorization": f"Bearer {token(role='manager', sub=MANAGER)}"},
            "employee": {"Authorization": f"Bearer {token(role='employee', sub=EMPLOYEE)}"},
        }
        async with make_client(app) as client:
            cycle = await agreed_and_held(client, headers["manager"], headers["employee"])
            await share(client, talk_of(cycle, "appraisal")["id"], headers["manager"])
            yield Live(client, wire, app, cycle, headers, name, admin)
    finally:
        if app is not None:
            await app.state.read_pool.close()
            await app.state.engine.dispose()
        await wire.close()
        await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _steady(live: Live, url: str, who: str) -> tuple[httpx.Response, int]:
    """The second of two reads: the first may prepare statements and learn row types."""
    await live.get(url, who)
    return await live.get(url, who)


# (url, reader, round trips now, the ceiling or None)
READS = [
    ("/v1/employees/{employee}", "hr", 2, 3),
    ("/v1/employees/{employee}", "manager", 2, 3),
    ("/v1/employees/{employee}", "employee", 2, 3),
    ("/v1/employees?pageSize=100", "hr", 2, 4),
    ("/v1/employees?pageSize=100", "manager", 2, 4),
    ("/v1/me", "employee", 2, 3),
    ("/v1/cycles/{cycle}", "manager", 2, 3),
    ("/v1/cycles/{cycle}", "employee", 2, 3),
    ("/v1/cycles?pageSize=100", "hr", 2, 4),
    ("/v1/cycles?pageSize=100", "manager", 2, 4),
    ("/v1/talks/{talk}", "manager", 2, 3),
    ("/v1/cycles/{cycle}/agreement-set", "manager", 2, 3),
    ("/v1/cycles/{cycle}/agreement-set", "employee", 2, 3),
    ("/v1/competencies?pageSize=100", "employee", 2, 4),
]


@pytest.mark.parametrize(("path", "who", "expected", "ceiling"), READS)
async def test_reads_take_few_round_trips(live: Live, path, who, expected, ceiling):
    url = path.format(
        employee=EMPLOYEE,
        cycle=live.cycle["id"],
        talk=talk_of(live.cycle, "planning")["id"],
    )
    response, trips = await _steady(live, url, who)
    assert response.status_code == 200, response.text
    assert trips <= ceiling
    assert trips == expected, f"{url} as {who}: {trips} round trips"


async def test_someone_elses_record_is_a_404_in_as_few_round_trips(live: Live):
    response, trips = await _steady(live, "/v1/employees/100003", "employee")
    assert response.status_code == 404
    assert trips == 2


async def test_the_audited_appraisal_read_writes_its_event_in_few_round_trips(live: Live):
    url = f"/v1/talks/{talk_of(live.cycle, 'appraisal')['id']}/appraisal"
    before = await live.client.get(
        "/v1/audit-events?resourceType=appraisal&pageSize=100", headers=live.headers["hr"]
    )
    response, trips = await _steady(live, url, "employee")
    assert response.status_code == 200, response.text
    # BEGIN, the clock, the appraisal with all it rates, the audit event, COMMIT.
    assert trips <= 6
    assert trips == 5
    after = await live.client.get(
        "/v1/audit-events?resourceType=appraisal&pageSize=100", headers=live.headers["hr"]
    )
    reads = [e for e in after.json()["items"] if e["action"] == "read"]
    assert len(reads) - sum(e["action"] == "read" for e in before.json()["items"]) == 2


async def _drop_connections(live: Live) -> None:
    """What a database restart or a proxy's timeout does to the pool's connections."""
    await live.admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        live.database,
    )


async def test_a_read_on_a_dropped_connection_is_tried_once_more(live: Live):
    await live.get(f"/v1/employees/{EMPLOYEE}", "hr")
    await _drop_connections(live)
    response, _ = await live.get(f"/v1/employees/{EMPLOYEE}", "hr")
    assert response.status_code == 200, response.text


async def test_a_write_on_a_dropped_connection_answers_503(live: Live):
    await live.get(f"/v1/employees/{EMPLOYEE}", "hr")
    await _drop_connections(live)
    response = await live.client.post(
        "/v1/clock/advances", json={"days": 1}, headers=live.headers["hr"]
    )
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "database-unavailable"
    assert response.headers["Retry-After"].isdigit()
    # The pool has let the dead connections go: the next request is served.
    again, _ = await live.get(f"/v1/employees/{EMPLOYEE}", "hr")
    assert again.status_code == 200


async def test_the_read_pool_gives_json_as_the_engine_does(live: Live):
    from sqlalchemy import select

    from app.agreements.data import AGREEMENT_DATA, AgreementData
    from app.models.reference import CompetencyLevel
    from app.statements import fetch_one

    statement = select(CompetencyLevel.__table__.c.behaviours).limit(1)
    for make in (live.app.state.read_sessionmaker, live.app.state.sessionmaker):
        async with make() as session:
            assert isinstance((await fetch_one(session, statement)).behaviours, list)
            data = AgreementData.of(
                await fetch_one(session, AGREEMENT_DATA, cycle_id=live.cycle["id"])
            )
            (revision,) = data.revisions  # JSONB inside a whole row, too
            assert isinstance(revision.members, list) and revision.members[0]["code"]
