"""POST /v1/employee-imports: validated first, stored all at once or not at all; idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from app.models import AuditEvent, Employee
from tests.org import seed_org


def row(number: str, **change) -> dict:
    return {
        "personnelNumber": number,
        "name": f"Medewerker {number}",
        "orgUnitKey": "team-a",
        "functionProfileCode": "P22",
        "salaryScale": 9,
        "inFunctionScale": True,
        "entryDate": "2024-02-01",
        "managerPersonnelNumber": "100002",
        **change,
    }


@pytest.fixture
async def org(session):
    await seed_org(session)
    await session.flush()


@pytest.fixture
def hris(auth):
    return auth(client="hris", scopes=["people:write"])


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_import_creates_then_an_unchanged_reimport_writes_nothing(client, org, hris, session):
    batch = {"employees": [row("400001"), row("400002"), row("400003")]}
    first = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert first.status_code == 201, first.text
    assert first.json() == {
        "received": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "managerChanges": 3,
    }
    employees, events = await _count(session, Employee), await _count(session, AuditEvent)
    again = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert again.json()["unchanged"] == 3 and again.json()["created"] == 0
    assert again.json()["managerChanges"] == 0
    assert (await _count(session, Employee), await _count(session, AuditEvent)) == (
        employees,
        events,
    )
    changed = {"employees": [row("400001", salaryScale=10), row("400002"), row("400003")]}
    third = await client.post("/v1/employee-imports", json=changed, headers=hris)
    assert (third.json()["updated"], third.json()["unchanged"]) == (1, 2)
    seen = await client.get("/v1/employees/400001", headers=hris)
    assert seen.json()["salaryScale"] == 10
    assert seen.json()["manager"]["personnelNumber"] == "100002"


async def test_managers_may_be_in_the_same_batch(client, org, hris):
    batch = {
        "employees": [
            row("400010", managerPersonnelNumber="400011"),
            row("400011", managerPersonnelNumber="900001"),
        ]
    }
    response = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert response.status_code == 201, response.text
    seen = await client.get("/v1/employees/400010", headers=hris)
    assert seen.json()["manager"]["personnelNumber"] == "400011"


async def test_one_bad_row_rejects_the_batch_listing_every_problem(client, org, hris, session):
    before = await _count(session, Employee)
    batch = {
        "employees": [
            row("400001"),
            row("400002", orgUnitKey="nowhere"),
            row("400003", managerPersonnelNumber="400003"),
            row("400001"),
            row("400004", managerPersonnelNumber="400005"),
            row("400005", managerPersonnelNumber="400004"),
            row("400006", leavingDate="2020-01-01"),
            row("400007", probation=True),
            row("400008", functionProfileCode="P99"),
        ]
    }
    response = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert response.status_code == 400
    found = {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert found >= {
        ("employees.1.orgUnitKey", "unknown_org_unit"),
        ("employees.2.managerPersonnelNumber", "own_manager"),
        ("employees.3.personnelNumber", "duplicate_in_batch"),
        ("employees.4.managerPersonnelNumber", "manager_cycle"),
        ("employees.6.leavingDate", "leaving_before_entry"),
        ("employees.7.probationDecisionDate", "probation_without_decision_date"),
        ("employees.8.functionProfileCode", "unknown_function_profile"),
    }
    assert await _count(session, Employee) == before  # nothing stored


async def test_shape_errors_name_the_row_too(client, org, hris):
    batch = {"employees": [row("400001"), row("400002", salaryScale="ten", colour="red")]}
    response = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"employees.1.salaryScale", "employees.1.colour"}


async def test_batches_over_10000_rows_are_refused(client, org, hris):
    batch = {"employees": [row(f"5{n:05d}") for n in range(10_001)]}
    response = await client.post("/v1/employee-imports", json=batch, headers=hris)
    assert response.status_code == 400  # within the import body limit, but over 10,000 rows
    assert response.json()["invalidParams"][0]["name"] == "employees"


async def test_a_retry_with_the_same_key_replays_and_stores_nothing_twice(
    client, org, hris, session
):
    batch = {"employees": [row("400001"), row("400002")]}
    headers = {**hris, "Idempotency-Key": "sync-2026-11-29"}
    first = await client.post("/v1/employee-imports", json=batch, headers=headers)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    counts = (await _count(session, Employee), await _count(session, AuditEvent))
    retry = await client.post("/v1/employee-imports", json=batch, headers=headers)
    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()  # created: 2, as the first time
    assert (await _count(session, Employee), await _count(session, AuditEvent)) == counts


async def test_the_same_key_with_another_body_is_422(client, org, hris):
    headers = {**hris, "Idempotency-Key": "k-1"}
    await client.post("/v1/employee-imports", json={"employees": [row("400001")]}, headers=headers)
    other = await client.post(
        "/v1/employee-imports", json={"employees": [row("400002")]}, headers=headers
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency-key-reused"


async def test_keys_are_scoped_per_client(client, org, auth):
    batch = {"employees": [row("400001")]}
    first = auth(client="hris", scopes=["people:write"])
    second = auth(client="hris-test", scopes=["people:write"])
    a = await client.post(
        "/v1/employee-imports", json=batch, headers={**first, "Idempotency-Key": "k"}
    )
    b = await client.post(
        "/v1/employee-imports",
        json={"employees": [row("400002")]},
        headers={**second, "Idempotency-Key": "k"},
    )
    assert (a.status_code, b.status_code) == (201, 201)


async def test_a_concurrent_duplicate_is_409(client, org, hris, engine):
    async with engine.connect() as other:
        await other.begin()
        await other.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:owner || chr(31) || :key, 0))"),
            {"owner": "client:hris", "key": "busy"},
        )
        response = await client.post(
            "/v1/employee-imports",
            json={"employees": [row("400001")]},
            headers={**hris, "Idempotency-Key": "busy"},
        )
        await other.rollback()
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency-key-in-use"


async def test_an_expired_key_may_be_used_again(client, org, hris, session):
    headers = {**hris, "Idempotency-Key": "old"}
    await client.post("/v1/employee-imports", json={"employees": [row("400001")]}, headers=headers)
    await session.execute(text("UPDATE idempotency_key SET expires_at = now() - interval '1 s'"))
    other = await client.post(
        "/v1/employee-imports", json={"employees": [row("400002")]}, headers=headers
    )
    assert other.status_code == 201 and other.json()["created"] == 1
