"""The append-only audit trail and GET /v1/audit-events."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.audit import record
from app.auth import SYSTEM_ACTOR, Actor, Role
from app.models import AuditEvent
from tests.probe import PROBE_TABLE_SQL, Probe
from tests.sql_counter import count_statements

HR = Actor(kind="person", subject="900009", roles=frozenset({Role.hr}))


async def _events(session, resource_type: str = "probe") -> list[AuditEvent]:
    """The events of this test's transaction (now() is its start; tests that really commit
    leave events behind that nobody can delete)."""
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.resource_type == resource_type, AuditEvent.occurred_at >= func.now())
        .order_by(AuditEvent.id)
    )
    return list(rows)


async def test_write_through_the_api_appends_an_audit_event(probe_client, auth, session):
    response = await probe_client.post(
        "/v1/probes",
        json={"name": "alpha", "weight": 3, "dueDate": "2026-12-01"},
        headers={**auth(role="manager", sub="200002"), "X-Request-ID": "req-audit-1"},
    )
    assert response.status_code == 201
    (event,) = await _events(session)
    assert event.action == "create"
    assert event.actor_type == "person" and event.actor_id == "200002"
    assert event.resource_id == response.json()["id"]
    assert event.before is None
    assert event.after == {"id": response.json()["id"], "name": "alpha", "weight": 3}
    assert event.request_id == "req-audit-1"
    assert event.occurred_at is not None


async def test_update_and_delete_record_before_and_after(session, connection):
    await connection.execute(text(PROBE_TABLE_SQL))
    session.info["actor"] = HR
    probe = Probe(name="one", weight=1)
    session.add(probe)
    await session.flush()
    probe.weight = 2
    await session.flush()
    await session.delete(probe)
    await session.flush()
    create, update, delete = await _events(session)
    assert (create.action, update.action, delete.action) == ("create", "update", "delete")
    assert update.before["weight"] == 1 and update.after["weight"] == 2
    assert delete.before["weight"] == 2 and delete.after is None
    assert {e.actor_id for e in (create, update, delete)} == {"900009"}


async def test_audited_write_without_actor_is_refused(session, connection):
    await connection.execute(text(PROBE_TABLE_SQL))
    session.add(Probe(name="anon", weight=1))
    with pytest.raises(RuntimeError, match="without an actor"):
        await session.flush()


async def test_audit_event_is_in_the_same_transaction_as_the_write(sessionmaker, connection):
    await connection.execute(text(PROBE_TABLE_SQL))
    async with sessionmaker() as session:
        session.info["actor"] = HR
        session.add(Probe(name="rolled", weight=1))
        await session.flush()
        assert len(await _events(session)) == 1
        await session.rollback()
        assert await _events(session) == []
        assert await session.scalar(select(func.count()).select_from(Probe)) == 0


async def test_explicit_record_for_reads_and_on_behalf_of(session):
    record(
        session,
        actor=SYSTEM_ACTOR,
        action="read",
        resource_type="appraisal",
        resource_id="a-1",
        on_behalf_of="external informant",
    )
    await session.flush()
    (event,) = await _events(session, "appraisal")
    assert event.actor_type == "system" and event.on_behalf_of == "external informant"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor_id = 'someone else'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
    ],
)
async def test_database_refuses_to_change_the_audit_trail(connection, session, statement):
    record(session, actor=HR, action="read", resource_type="x", resource_id="1")
    await session.flush()
    savepoint = await connection.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        await connection.execute(text(statement))
    await savepoint.rollback()


async def _seed(session, count: int) -> None:
    for i in range(count):
        record(session, actor=HR, action="read", resource_type="talk", resource_id=f"t-{i % 3}")
    await session.flush()


async def test_hr_reads_the_audit_trail_filtered_and_paginated(client, auth, session):
    await _seed(session, 7)
    response = await client.get(
        "/v1/audit-events?resourceType=talk&resourceId=t-0&pageSize=2", headers=auth(role="hr")
    )
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"page": 1, "pageSize": 2, "totalItems": 3, "totalPages": 2}
    assert [e["resourceId"] for e in body["items"]] == ["t-0", "t-0"]
    ids = [e["id"] for e in body["items"]]
    assert ids == sorted(ids, reverse=True)  # newest first, deterministic
    page2 = await client.get(
        "/v1/audit-events?resourceType=talk&resourceId=t-0&pageSize=2&page=2",
        headers=auth(role="hr"),
    )
    assert len(page2.json()["items"]) == 1
    assert page2.json()["items"][0]["id"] < min(ids)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"role": "employee"}, 403),
        ({"role": "manager"}, 403),
        ({"client": "hris", "scopes": ["people:write"]}, 403),
        ({"client": "auditor", "scopes": ["audit:read"]}, 200),
        ({"role": "hr"}, 200),
    ],
)
async def test_only_hr_or_audit_scope_reads_the_trail(client, auth, kwargs, status):
    response = await client.get("/v1/audit-events", headers=auth(**kwargs))
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"


async def test_audit_list_issues_a_constant_number_of_statements(client, auth, session, engine):
    await _seed(session, 30)
    counts = []
    for size in (1, 30):
        with count_statements(engine) as log:
            response = await client.get(
                f"/v1/audit-events?pageSize={size}", headers=auth(role="hr")
            )
        assert response.status_code == 200
        assert len(response.json()["items"]) == size
        counts.append(log.count)
    assert counts[0] == counts[1] == 2  # one count, one page


async def test_database_generated_ids_are_named_in_create_events(session, connection):
    from tests.probe import COUNTER_TABLE_SQL, ProbeCounter

    await connection.execute(text(COUNTER_TABLE_SQL))
    session.info["actor"] = HR
    counter = ProbeCounter(label="first")
    session.add(counter)
    await session.flush()
    (event,) = await _events(session, "probe-counter")
    assert event.resource_id == str(counter.id) != "None"
    assert event.after == {"id": counter.id, "label": "first"}


async def test_an_update_without_net_change_is_not_audited(session, connection):
    await connection.execute(text(PROBE_TABLE_SQL))
    session.info["actor"] = HR
    probe = Probe(name="same", weight=1)
    session.add(probe)
    await session.flush()
    probe.weight = 1
    await session.flush()
    assert [e.action for e in await _events(session)] == ["create"]


async def test_a_client_acting_for_a_person_is_recorded_on_their_behalf(
    probe_client, auth, session
):
    response = await probe_client.post(
        "/v1/probes",
        json={"name": "synced", "weight": 1, "dueDate": "2026-12-01"},
        headers={**auth(client="hris", scopes=["people:write"]), "X-On-Behalf-Of": "100001"},
    )
    assert response.status_code == 201
    (event,) = await _events(session)
    assert (event.actor_type, event.actor_id, event.on_behalf_of) == ("client", "hris", "100001")


@pytest.mark.parametrize(
    ("kwargs", "value", "code"),
    [
        ({"role": "manager"}, "100001", "not_allowed"),
        ({"client": "hris"}, "a b", "pattern_mismatch"),
        ({"client": "hris"}, "x" * 201, "pattern_mismatch"),
    ],
)
async def test_on_behalf_of_only_from_clients_and_well_formed(client, auth, kwargs, value, code):
    response = await client.get("/v1/me", headers={**auth(**kwargs), "X-On-Behalf-Of": value})
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert (param["name"], param["in"], param["code"]) == ("X-On-Behalf-Of", "header", code)


async def test_a_persons_own_words_are_withheld_from_audit_clients_not_from_hr(
    client, auth, org, manager, employee
):
    """Issue 16: the free text of talk requests (and cycle and hardship decisions, attendees) is
    a person's own words; an ``audit:read`` client sees that the event happened, not the text."""
    from tests.cycles import current_cycle

    cycle = await current_cycle(client, employee)
    asked = await client.post(
        f"/v1/cycles/{cycle['id']}/talk-requests",
        json={"kind": "progress", "reason": "Mijn werkdruk is te hoog"},
        headers=employee,
    )
    assert asked.status_code == 201, asked.text
    query = {"resourceType": "talk-request"}
    auditor = auth(client="auditor", scopes=["audit:read"])
    (seen,) = (await client.get("/v1/audit-events", params=query, headers=auditor)).json()["items"]
    assert seen["after"]["reason"] is None and seen["withheldFields"] == ["reason", "answerReason"]
    assert seen["after"]["kind"] == "progress"  # the rest of the event stays
    assert seen["contentWithheld"] is False
    (hr_sees,) = (
        await client.get("/v1/audit-events", params=query, headers=auth(role="hr", sub="100003"))
    ).json()["items"]
    assert hr_sees["after"]["reason"] == "Mijn werkdruk is te hoog"
    assert hr_sees["withheldFields"] == []


async def test_the_trail_is_read_in_the_api_field_names(client, org, hr, auth, session):
    """Issue 19: `before` and `after` carry the API's names (salaryScale), not the columns'."""
    from sqlalchemy import select

    from app.models import AuditEvent
    from tests.org import NEWCOMER

    hris = auth(client="hris", scopes=["people:write"])
    assert (
        await client.put("/v1/employees/300001", json=NEWCOMER, headers=hris)
    ).status_code == 201
    stored = await session.scalar(
        select(AuditEvent)
        .where(AuditEvent.resource_type == "employee", AuditEvent.action == "create")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    assert "salary_scale" in stored.after  # as written
    response = await client.get(
        f"/v1/audit-events?resourceType=employee&resourceId={stored.resource_id}", headers=hr
    )
    event = next(e for e in response.json()["items"] if e["id"] == stored.id)
    assert event["after"]["salaryScale"] == NEWCOMER["salaryScale"]
    assert all("_" not in key for key in event["after"])
