"""POST /v1/org-unit-imports: the PUT's rules for a whole tree at once, validated first, stored
all at once or not at all; unchanged units write nothing; idempotent (issue 20)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, OrgUnit
from app.people import unit_imports
from app.people.schemas import OrgUnitImportRow
from tests.org import seed_org
from tests.sql_counter import count_statements


def unit(key: str, parent: str | None = "gemeente", **change) -> dict:
    return {"key": key, "name": f"Team {key}", "parentKey": parent, **change}


@pytest.fixture
async def org(session):
    await seed_org(session)
    await session.flush()


@pytest.fixture
def hris(auth):
    return auth(client="hris", scopes=["people:write"])


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def _tree(client, hris) -> dict[str, str | None]:
    listed = await client.get("/v1/org-units?pageSize=100", headers=hris)
    return {u["key"]: u["parentKey"] for u in listed.json()["items"]}


async def test_an_import_creates_a_tree_in_any_order_then_an_unchanged_one_writes_nothing(
    client, org, hris, session
):
    # A team before its sector: the parent may come later in the batch.
    batch = {"orgUnits": [unit("jeugd", "sociaal"), unit("sociaal"), unit("wmo", "sociaal")]}
    first = await client.post("/v1/org-unit-imports", json=batch, headers=hris)
    assert first.status_code == 201, first.text
    assert first.headers["Location"] == "/v1/org-units"
    assert first.json() == {"received": 3, "created": 3, "updated": 0, "unchanged": 0}
    tree = await _tree(client, hris)
    assert (tree["jeugd"], tree["wmo"], tree["sociaal"]) == ("sociaal", "sociaal", "gemeente")
    units, events = await _count(session, OrgUnit), await _count(session, AuditEvent)
    again = await client.post("/v1/org-unit-imports", json=batch, headers=hris)
    assert again.json() == {"received": 3, "created": 0, "updated": 0, "unchanged": 3}
    assert (await _count(session, OrgUnit), await _count(session, AuditEvent)) == (units, events)


async def test_a_change_is_written_and_audited_with_before_and_after(client, org, hris, session):
    await client.post("/v1/org-unit-imports", json={"orgUnits": [unit("jeugd")]}, headers=hris)
    moved = {
        "orgUnits": [unit("jeugd", "team-a", name="Team Jeugd", managerPersonnelNumber="100002")]
    }
    response = await client.post("/v1/org-unit-imports", json=moved, headers=hris)
    assert response.json() == {"received": 1, "created": 0, "updated": 1, "unchanged": 0}
    listed = await client.get("/v1/org-units?pageSize=100", headers=hris)
    jeugd = next(u for u in listed.json()["items"] if u["key"] == "jeugd")
    assert jeugd == {
        "key": "jeugd",
        "name": "Team Jeugd",
        "parentKey": "team-a",
        "managerPersonnelNumber": "100002",
    }
    event = await session.scalar(
        select(AuditEvent)
        .where(AuditEvent.resource_type == "org-unit", AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc())
    )
    assert event.before["name"] == "Team jeugd" and event.after["name"] == "Team Jeugd"
    assert event.before["parent_id"] != event.after["parent_id"]
    assert event.actor_type == "client" and event.actor_id == "hris"


async def test_every_bad_row_is_named_and_nothing_is_stored(client, org, hris, session):
    units = await _count(session, OrgUnit)
    batch = {
        "orgUnits": [
            unit("jeugd", "nergens"),
            unit("wmo", managerPersonnelNumber="999999"),
            unit("jeugd"),
            unit("fine"),
        ]
    }
    response = await client.post("/v1/org-unit-imports", json=batch, headers=hris)
    assert response.status_code == 400
    found = {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert found == {
        ("orgUnits.0.parentKey", "unknown_org_unit"),
        ("orgUnits.1.managerPersonnelNumber", "unknown_employee"),
        ("orgUnits.2.key", "duplicate_in_batch"),
    }
    assert "3 problem(s) in 3 row(s)" in response.json()["detail"]
    assert await _count(session, OrgUnit) == units


async def test_a_cycle_through_the_batch_and_the_stored_tree_is_refused(client, org, hris):
    # Stored: gemeente > team-a. The batch puts gemeente below a new unit that is below team-a.
    batch = {"orgUnits": [unit("gemeente", "nieuw"), unit("nieuw", "team-a")]}
    response = await client.post("/v1/org-unit-imports", json=batch, headers=hris)
    assert response.status_code == 400
    codes = {p["code"] for p in response.json()["invalidParams"]}
    assert codes == {"org_unit_cycle"}
    own = await client.post(
        "/v1/org-unit-imports", json={"orgUnits": [unit("x", "x")]}, headers=hris
    )
    assert own.json()["invalidParams"][0]["code"] == "org_unit_cycle"


def test_the_cycle_check_is_pure_and_sees_the_whole_batch_applied():
    stored = unit_imports.Stored(
        units={"a": object(), "b": object()}, parents={"a": None, "b": "a"}, managers={}
    )
    rows = [
        OrgUnitImportRow.model_validate({"key": "a", "name": "A", "parentKey": "c"}),
        OrgUnitImportRow.model_validate({"key": "c", "name": "C", "parentKey": "b"}),
    ]
    # a < c < b < a: both rows close the loop.
    problems = unit_imports.unit_import_problems(rows, stored)
    assert [p["name"] for p in problems] == ["orgUnits.0.parentKey", "orgUnits.1.parentKey"]
    # Moving b up to the top breaks the loop.
    rows.append(OrgUnitImportRow.model_validate({"key": "b", "name": "B", "parentKey": None}))
    assert unit_imports.unit_import_problems(rows, stored) == []


async def test_the_rows_are_checked_like_a_put(client, org, hris):
    response = await client.post(
        "/v1/org-unit-imports",
        json={"orgUnits": [{"key": "met spatie", "name": " "}]},
        headers=hris,
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"orgUnits.0.key", "orgUnits.0.name"}
    empty = await client.post("/v1/org-unit-imports", json={"orgUnits": []}, headers=hris)
    assert empty.status_code == 400


async def test_a_retry_with_the_same_key_replays(client, org, hris, session):
    headers = {**hris, "Idempotency-Key": "units-2026-12-03"}
    batch = {"orgUnits": [unit("jeugd")]}
    first = await client.post("/v1/org-unit-imports", json=batch, headers=headers)
    events = await _count(session, AuditEvent)
    retry = await client.post("/v1/org-unit-imports", json=batch, headers=headers)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert (
        retry.json()
        == first.json()
        == {
            "received": 1,
            "created": 1,
            "updated": 0,
            "unchanged": 0,
        }
    )
    assert await _count(session, AuditEvent) == events


async def test_ten_thousand_units_in_one_request_take_a_constant_number_of_statements(
    client, org, hris, engine
):
    long_name = "Afdeling " + "x" * 150  # over the 1 MiB of other bodies: the import's limit
    batch = {
        "orgUnits": [
            unit(f"u{n:05d}", f"u{n // 10:05d}" if n else None, name=long_name)
            for n in range(10_000)
        ]
    }
    assert len(json.dumps(batch)) > 1024 * 1024
    with count_statements(engine) as log:
        response = await client.post("/v1/org-unit-imports", json=batch, headers=hris)
    assert response.status_code == 201, response.text[:300]
    assert response.json()["created"] == 10_000
    # The actor and idempotency bookkeeping, the look-ups, one upsert; the audit is a COPY.
    assert log.count <= 12, log.statements
