"""The read path as production runs it: committed data on a database of its own, the app's own
engine and pool (no test transaction around it), and every round trip to PostgreSQL counted on
the wire (``tests/round_trips.py``): BEGIN, COMMIT, pings and prepares included.

Targets (issue 14): a by-id read of a person's record, authorisation included, in at most 3
round trips; a page in at most 4; the audited appraisal read in at most 6. The tests pin the
numbers the service has now. Outside production mode every request also reads the test clock
(one round trip, included below).
"""

from __future__ import annotations

import httpx
import pytest

from tests.cycles import talk_of
from tests.live import Live
from tests.org import EMPLOYEE


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
