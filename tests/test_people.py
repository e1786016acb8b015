"""People and organisation: sync by the HR information system, reads, who sees whom."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.models import AuditEvent, Employee, ManagerAssignment
from tests.org import PEOPLE, seed_org
from tests.sql_counter import count_statements

EMPLOYEE = {
    "name": "Nieuwe Nina",
    "orgUnitKey": "team-a",
    "functionProfileCode": "P22",
    "salaryScale": 9,
    "inFunctionScale": False,
    "entryDate": "2026-03-01",
    "managerPersonnelNumber": "100002",
}


@pytest.fixture
async def org(session):
    await seed_org(session)
    await session.flush()


@pytest.fixture
def hris(auth):
    return auth(client="hris", scopes=["people:write"])


async def _audit_count(session) -> int:
    return await session.scalar(select(func.count()).select_from(AuditEvent)) or 0


async def test_put_employee_creates_then_updates_then_changes_nothing(client, org, hris, session):
    created = await client.put("/v1/employees/300001", json=EMPLOYEE, headers=hris)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["personnelNumber"] == "300001" and body["manager"]["personnelNumber"] == "100002"
    assert body["functionProfile"]["functionGroup"] == "beleidsmedewerker"
    assert body["active"] is True
    updated = await client.put(
        "/v1/employees/300001", json={**EMPLOYEE, "salaryScale": 10}, headers=hris
    )
    assert updated.status_code == 200 and updated.json()["salaryScale"] == 10
    before = await _audit_count(session)
    same = await client.put(
        "/v1/employees/300001", json={**EMPLOYEE, "salaryScale": 10}, headers=hris
    )
    assert same.status_code == 200
    assert await _audit_count(session) == before  # an unchanged record writes nothing


async def test_put_org_unit_and_function_profile(client, org, hris):
    unit = await client.put(
        "/v1/org-units/team-c", json={"name": "Team C", "parentKey": "gemeente"}, headers=hris
    )
    assert unit.status_code == 201 and unit.json()["parentKey"] == "gemeente"
    profile = await client.put(
        "/v1/function-profiles/P30",
        json={"title": "Adviseur", "functionGroup": "adviseur", "scale": 11, "mainTasks": ["x"]},
        headers=hris,
    )
    assert profile.status_code == 201
    assert profile.json()["competencyLevel"] == 3
    again = await client.put(
        "/v1/function-profiles/P30",
        json={"title": "Adviseur", "functionGroup": "adviseur", "scale": 11, "mainTasks": ["x"]},
        headers=hris,
    )
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("change", "name", "code"),
    [
        ({"orgUnitKey": "nowhere"}, "orgUnitKey", "unknown_org_unit"),
        ({"functionProfileCode": "P99"}, "functionProfileCode", "unknown_function_profile"),
        ({"managerPersonnelNumber": "300001"}, "managerPersonnelNumber", "own_manager"),
        ({"managerPersonnelNumber": "999999"}, "managerPersonnelNumber", "unknown_employee"),
        ({"salaryScale": 0}, "salaryScale", "scale_out_of_range"),
        ({"salaryScale": 19}, "salaryScale", "scale_out_of_range"),
        ({"leavingDate": "2026-02-01"}, "leavingDate", "leaving_before_entry"),
        ({"functionScaleDate": "2026-04-01"}, "functionScaleDate", "not_in_function_scale"),
    ],
)
async def test_bad_employee_input_is_400_naming_the_field(client, org, hris, change, name, code):
    response = await client.put("/v1/employees/300001", json={**EMPLOYEE, **change}, headers=hris)
    assert response.status_code == 400, response.text
    assert (name, code) in {(p["name"], p["code"]) for p in response.json()["invalidParams"]}
    assert (await client.get("/v1/employees/300001", headers=hris)).status_code == 404


async def test_r2_3_r6_2_a_probation_needs_its_decision_date(client, org, hris):
    response = await client.put(
        "/v1/employees/300001", json={**EMPLOYEE, "probation": True}, headers=hris
    )
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert param["name"] == "probationDecisionDate" and "R6.2" in param["reason"]
    ok = await client.put(
        "/v1/employees/300001",
        json={**EMPLOYEE, "probation": True, "probationDecisionDate": "2027-03-01"},
        headers=hris,
    )
    assert ok.status_code == 201


async def test_a_manager_cycle_is_refused(client, org, hris):
    # 100002 manages 100001; making 100001 the manager of 100002 closes the circle.
    boss = {**EMPLOYEE, "name": "Manager Mila", "managerPersonnelNumber": "100001"}
    response = await client.put("/v1/employees/100002", json=boss, headers=hris)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "manager_cycle"


async def test_every_problem_is_listed_at_once(client, org, hris):
    bad = {**EMPLOYEE, "orgUnitKey": "nowhere", "functionProfileCode": "P99", "salaryScale": 30}
    response = await client.put("/v1/employees/300001", json=bad, headers=hris)
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"orgUnitKey", "functionProfileCode", "salaryScale"} <= names


async def test_r3_4_function_profile_scale_outside_3_to_18(client, org, hris):
    response = await client.put(
        "/v1/function-profiles/P31",
        json={"title": "X", "functionGroup": "adviseur", "scale": 2},
        headers=hris,
    )
    assert response.status_code == 400 and response.json()["rule"] == "R3.4"
    unknown = await client.put(
        "/v1/function-profiles/P31",
        json={"title": "X", "functionGroup": "astronaut", "scale": 8},
        headers=hris,
    )
    assert unknown.json()["invalidParams"][0]["code"] == "unknown_competency_profile"


async def test_an_org_unit_cannot_be_its_own_ancestor(client, org, hris):
    response = await client.put(
        "/v1/org-units/gemeente", json={"name": "Gemeente", "parentKey": "team-a"}, headers=hris
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "org_unit_cycle"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"role": "employee"}, 403),
        ({"role": "manager"}, 403),
        ({"client": "auditor", "scopes": ["audit:read"]}, 403),
        ({"role": "hr", "sub": "100003"}, 201),
    ],
)
async def test_only_the_hr_system_or_hr_may_sync(client, org, auth, kwargs, status):
    response = await client.put("/v1/employees/300001", json=EMPLOYEE, headers=auth(**kwargs))
    assert response.status_code == status


async def test_manager_history_is_kept(client, org, hris, session):
    await client.put("/v1/employees/300001", json=EMPLOYEE, headers=hris)
    moved = {**EMPLOYEE, "managerPersonnelNumber": "200002", "managerFrom": "2027-01-01"}
    response = await client.put("/v1/employees/300001", json=moved, headers=hris)
    assert response.status_code == 200
    manager = aliased(Employee)
    rows = await session.execute(
        select(manager.personnel_number, ManagerAssignment.valid_from, ManagerAssignment.valid_to)
        .join(Employee, Employee.id == ManagerAssignment.employee_id)
        .join(manager, manager.id == ManagerAssignment.manager_id)
        .where(Employee.personnel_number == "300001")
        .order_by(ManagerAssignment.valid_from)
    )
    first, second = rows.all()
    assert first.personnel_number == "100002" and first.valid_to == date(2027, 1, 1)
    assert (second.personnel_number, second.valid_from, second.valid_to) == (
        "200002",
        date(2027, 1, 1),
        None,
    )


async def test_an_employee_sees_only_themself(client, org, auth):
    headers = auth(role="employee", sub="100001")
    listing = (await client.get("/v1/employees", headers=headers)).json()
    assert [e["personnelNumber"] for e in listing["items"]] == ["100001"]
    assert (await client.get("/v1/employees/100001", headers=headers)).status_code == 200
    other = await client.get("/v1/employees/100004", headers=headers)
    assert other.status_code == 404  # not 403: someone else's record does not show it exists
    missing = await client.get("/v1/employees/999999", headers=headers)
    # Existing-but-not-yours and not-existing look exactly alike.
    assert {k: v for k, v in other.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"
    }


async def test_a_manager_sees_their_reports_not_others(client, org, auth):
    headers = auth(role="manager", sub="100002")
    listing = (await client.get("/v1/employees", headers=headers)).json()
    assert [e["personnelNumber"] for e in listing["items"]] == ["100001", "100002", "100004"]
    assert (await client.get("/v1/employees/200001", headers=headers)).status_code == 404
    mine = await client.get("/v1/employees?manager=100002", headers=headers)
    assert [e["personnelNumber"] for e in mine.json()["items"]] == ["100001", "100004"]


async def test_t1_g_a_delegated_coordinator_sees_the_named_employee(client, org, auth):
    hr = auth(role="hr", sub="100003")
    delegation = {
        "coordinatorPersonnelNumber": "100004",
        "employeePersonnelNumber": "200001",
        "decisionReference": "MT-2026-17",
        "decidedBy": "MT Sociaal Domein",
        "motivation": "De teamleider is met verlof.",
        "validFrom": "2026-01-01",
    }
    created = await client.post("/v1/coordinator-delegations", json=delegation, headers=hr)
    assert created.status_code == 201 and created.json()["recordedBy"] == "100003"
    coordinator = auth(role="employee", sub="100004")
    assert (await client.get("/v1/employees/200001", headers=coordinator)).status_code == 200
    refused = await client.post(
        "/v1/coordinator-delegations", json=delegation, headers=auth(role="manager", sub="100002")
    )
    assert refused.status_code == 403
    assert refused.json()["rule"] == "T1.g"
    listing = await client.get("/v1/coordinator-delegations", headers=hr)
    assert listing.json()["items"][0]["decisionReference"] == "MT-2026-17"


async def test_t1_g_a_delegation_records_who_decided_and_why_once_for_the_same_days(
    client, org, auth
):
    hr = auth(role="hr", sub="100003")
    base = {
        "coordinatorPersonnelNumber": "100004",
        "employeePersonnelNumber": "200001",
        "decisionReference": "MT-2026-18",
        "validFrom": "2026-01-01",
    }
    bare = await client.post("/v1/coordinator-delegations", json=base, headers=hr)
    assert bare.status_code == 400 and bare.json()["rule"] == "T1.g"
    assert {p["name"] for p in bare.json()["invalidParams"]} == {"decidedBy", "motivation"}
    body = {**base, "decidedBy": "MT Sociaal Domein", "motivation": "Verlof van de teamleider"}
    created = await client.post("/v1/coordinator-delegations", json=body, headers=hr)
    assert created.status_code == 201, created.text
    assert (created.json()["decidedBy"], created.json()["motivation"]) == (
        "MT Sociaal Domein",
        "Verlof van de teamleider",
    )
    # T1.g: the same two people over overlapping days: refused; after its end: fine.
    again = await client.post(
        "/v1/coordinator-delegations", json={**body, "validFrom": "2026-06-01"}, headers=hr
    )
    assert again.status_code == 400 and again.json()["invalidParams"][0]["code"] == "overlaps"
    delegation = created.json()["id"]
    ended = await client.post(
        f"/v1/coordinator-delegations/{delegation}/endings",
        json={"validTo": "2026-06-01"},
        headers=hr,
    )
    assert ended.status_code == 201 and ended.json()["validTo"] == "2026-06-01"
    later = await client.post(
        "/v1/coordinator-delegations", json={**body, "validFrom": "2026-06-01"}, headers=hr
    )
    assert later.status_code == 201, later.text
    # Ended: the coordinator no longer sees the employee (today is 29 November 2026) …
    # (the later delegation still runs, so end that one too)
    await client.post(
        f"/v1/coordinator-delegations/{later.json()['id']}/endings",
        json={"validTo": "2026-07-01"},
        headers=hr,
    )
    coordinator = auth(role="employee", sub="100004")
    assert (await client.get("/v1/employees/200001", headers=coordinator)).status_code == 404
    # … and an end after the recorded end is a new decision, not an ending.
    longer = await client.post(
        f"/v1/coordinator-delegations/{delegation}/endings",
        json={"validTo": "2026-09-01"},
        headers=hr,
    )
    assert longer.status_code == 400 and longer.json()["rule"] == "T1.g"
    unknown = await client.post(
        "/v1/coordinator-delegations/00000000-0000-0000-0000-000000000000/endings",
        json={"validTo": "2026-09-01"},
        headers=hr,
    )
    assert unknown.status_code == 404


async def test_t1_g_a_coordinator_whom_the_employee_manages_is_refused(client, org, auth):
    hr = auth(role="hr", sub="100003")
    refused = await client.post(
        "/v1/coordinator-delegations",
        json={
            "coordinatorPersonnelNumber": "100001",  # managed by 100002
            "employeePersonnelNumber": "100002",
            "decisionReference": "MT-2026-19",
            "decidedBy": "MT",
            "motivation": "Omgekeerd",
            "validFrom": "2026-01-01",
        },
        headers=hr,
    )
    assert refused.status_code == 400 and refused.json()["rule"] == "T1.g"
    assert refused.json()["invalidParams"][0]["code"] == "managed_by_the_employee"


async def test_hr_and_people_clients_see_everyone(client, org, auth):
    for headers in (auth(role="hr", sub="100003"), auth(client="hris", scopes=["people:read"])):
        listing = (await client.get("/v1/employees?pageSize=100", headers=headers)).json()
        assert listing["meta"]["totalItems"] == len(PEOPLE)


async def test_leavers_become_inactive_and_stay(client, org, hris):
    leaver = {**EMPLOYEE, "entryDate": "2020-01-01", "leavingDate": "2021-06-30"}
    await client.put("/v1/employees/300001", json=leaver, headers=hris)
    gone = await client.get("/v1/employees/300001", headers=hris)
    assert gone.json()["active"] is False
    inactive = await client.get("/v1/employees?active=false", headers=hris)
    assert [e["personnelNumber"] for e in inactive.json()["items"]] == ["300001"]


async def test_filters(client, org, hris):
    team_b = await client.get("/v1/employees?orgUnit=team-b", headers=hris)
    assert {e["personnelNumber"] for e in team_b.json()["items"]} == {"200001", "200002"}
    managers = await client.get("/v1/employees?functionGroup=teammanager", headers=hris)
    assert {e["personnelNumber"] for e in managers.json()["items"]} == {"100002", "200002"}


async def test_employee_list_issues_a_constant_number_of_statements(client, org, hris, engine):
    counts = []
    for size in (1, 100):
        with count_statements(engine) as log:
            response = await client.get(f"/v1/employees?pageSize={size}", headers=hris)
        assert response.status_code == 200
        counts.append(log.count)
    # The test clock, then the page with its total in one statement (issue 14).
    assert counts == [2, 2]


async def test_org_units_and_function_profiles_are_readable_by_everyone(client, org, auth):
    headers = auth(role="employee", sub="100001")
    units = await client.get("/v1/org-units", headers=headers)
    assert [u["key"] for u in units.json()["items"]] == ["gemeente", "team-a", "team-b"]
    profiles = await client.get("/v1/function-profiles", headers=headers)
    assert {p["code"] for p in profiles.json()["items"]} == {"P-DIR", "P-TM", "P22"}


async def test_me_carries_the_callers_own_employee_record(client, org, auth):
    me = (await client.get("/v1/me", headers=auth(role="employee", sub="100001"))).json()
    assert me["employee"]["personnelNumber"] == "100001"
    assert me["employee"]["manager"]["personnelNumber"] == "100002"
    assert me["employee"]["functionProfile"]["functionGroup"] == "beleidsmedewerker"


async def test_r2_4_entry_scale_has_no_placement_date_until_placed(client, org, hris):
    entry_scale = {**EMPLOYEE, "inFunctionScale": False, "functionScaleDate": "2026-06-01"}
    refused = await client.put("/v1/employees/300001", json=entry_scale, headers=hris)
    (param,) = refused.json()["invalidParams"]
    assert (param["name"], param["code"]) == ("functionScaleDate", "not_in_function_scale")
    assert "R2.4" in param["reason"]
    placed = {**EMPLOYEE, "inFunctionScale": True, "functionScaleDate": "2026-06-01"}
    response = await client.put("/v1/employees/300001", json=placed, headers=hris)
    assert response.status_code == 201
    assert response.json()["functionScaleDate"] == "2026-06-01"


async def _history(session, number: str) -> list[tuple]:
    manager = aliased(Employee)
    rows = await session.execute(
        select(manager.personnel_number, ManagerAssignment.valid_from, ManagerAssignment.valid_to)
        .join(Employee, Employee.id == ManagerAssignment.employee_id)
        .join(manager, manager.id == ManagerAssignment.manager_id)
        .where(Employee.personnel_number == number)
        .order_by(ManagerAssignment.valid_from)
    )
    return [tuple(row) for row in rows.all()]


@pytest.mark.parametrize("via", ["put", "import"])
async def test_manager_history_never_overlaps_through_a_plan_cancelled(
    client, org, hris, session, via
):
    async def sync(**change):
        body = {**EMPLOYEE, "entryDate": "2020-01-01", **change}
        if via == "put":
            return await client.put("/v1/employees/300001", json=body, headers=hris)
        return await client.post(
            "/v1/employee-imports",
            json={"employees": [{**body, "personnelNumber": "300001"}]},
            headers=hris,
        )

    assert (await sync(managerFrom="2020-01-01")).status_code in (200, 201)
    # night 2: no manager from 2027; night 3: that plan is cancelled, the same manager again
    assert (await sync(managerPersonnelNumber=None, managerFrom="2027-01-01")).status_code in (
        200,
        201,
    )
    assert (await sync(managerFrom=None)).status_code in (200, 201)
    assert await _history(session, "300001") == [("100002", date(2020, 1, 1), None)]
    listing = await client.get("/v1/employees?orgUnit=team-a&pageSize=100", headers=hris)
    numbers = [e["personnelNumber"] for e in listing.json()["items"]]
    assert numbers.count("300001") == 1
    # a correction back in time replaces what started later, and cuts what ran before
    assert (await sync(managerPersonnelNumber="200002", managerFrom="2024-01-01")).status_code in (
        200,
        201,
    )
    assert (await sync(managerPersonnelNumber="900001", managerFrom="2022-01-01")).status_code in (
        200,
        201,
    )
    assert await _history(session, "300001") == [
        ("100002", date(2020, 1, 1), date(2022, 1, 1)),
        ("900001", date(2022, 1, 1), None),
    ]
    # removing a manager planned for later deletes the plan (no one-day assignment)
    assert (await sync(managerPersonnelNumber="200002", managerFrom="2027-03-01")).status_code in (
        200,
        201,
    )
    assert (await sync(managerPersonnelNumber=None, managerFrom="2027-03-01")).status_code in (
        200,
        201,
    )
    assert await _history(session, "300001") == [
        ("100002", date(2020, 1, 1), date(2022, 1, 1)),
        ("900001", date(2022, 1, 1), date(2027, 3, 1)),
    ]


async def test_a_cycle_through_an_assignment_that_ends_later_is_refused(client, org, hris):
    # 100002 is managed by 900001 until 2027; 900001 may not get 100002 as manager now.
    ending = {
        **EMPLOYEE,
        "name": "Manager Mila",
        "managerPersonnelNumber": None,
        "managerFrom": "2027-01-01",
    }
    assert (await client.put("/v1/employees/100002", json=ending, headers=hris)).status_code == 200
    boss = {**EMPLOYEE, "name": "Directeur Dirk", "managerPersonnelNumber": "100002"}
    response = await client.put("/v1/employees/900001", json=boss, headers=hris)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "manager_cycle"


async def test_an_hr_officer_who_manages_someone_is_their_manager(session, org):
    from app.auth import Actor, Role
    from app.authz import EMPLOYEE_RELATION, relation_from, viewer_params
    from app.statements import fetch_one
    from app.states import Relation

    hr_manager = Actor(kind="person", subject="100002", roles=frozenset({Role.hr, Role.manager}))
    params = viewer_params(hr_manager, date(2026, 11, 29))

    async def relation(number: str) -> Relation | None:
        row = await fetch_one(session, EMPLOYEE_RELATION, number=number, **params)
        return relation_from(hr_manager, row.relation)

    assert await relation("100001") is Relation.manager  # the synced relation comes first
    assert await relation("100002") is Relation.self
    assert await relation("200001") is Relation.hr


async def test_a_manager_who_has_left_sees_only_themself(client, org, hris, auth):
    gone = {
        **EMPLOYEE,
        "name": "Manager Mila",
        "entryDate": "2020-01-01",
        "leavingDate": "2026-06-30",
        "managerPersonnelNumber": "900001",
        "managerFrom": "2020-01-01",
    }
    assert (await client.put("/v1/employees/100002", json=gone, headers=hris)).status_code == 200
    headers = auth(role="manager", sub="100002")
    listing = await client.get("/v1/employees", headers=headers)
    assert [e["personnelNumber"] for e in listing.json()["items"]] == ["100002"]
    assert (await client.get("/v1/employees/100001", headers=headers)).status_code == 404


@pytest.mark.parametrize(
    ("change", "name", "code", "rule"),
    [
        ({"probation": True}, "probationDecisionDate", "probation_without_decision_date", "R6.2"),
        (
            {"probation": True, "probationDecisionDate": "2026-01-01"},
            "probationDecisionDate",
            "decision_before_entry",
            "R6.2",
        ),
        (
            {"inFunctionScale": True, "functionScaleDate": "2026-01-01"},
            "functionScaleDate",
            "placed_before_entry",
            "R2.4",
        ),
        ({"managerFrom": "1900-01-01"}, "managerFrom", "manager_before_entry", None),
    ],
)
async def test_r2_4_r6_2_dates_must_fit_the_entry_date(client, org, hris, change, name, code, rule):
    response = await client.put("/v1/employees/300001", json={**EMPLOYEE, **change}, headers=hris)
    assert response.status_code == 400
    body = response.json()
    assert (body["invalidParams"][0]["name"], body["invalidParams"][0]["code"]) == (name, code)
    assert body.get("rule") == rule


async def test_a_cycle_deep_in_the_unit_tree_is_found_and_a_put_does_not_read_the_tree(
    client, org, hris, engine
):
    """Issue 20: a unit's PUT reads only its new parent's chain of ancestors, not every unit,
    so its cost does not grow with the organisation; a cycle three levels down is still found."""
    for key, parent in (("x1", "team-a"), ("x2", "x1"), ("x3", "x2")):
        made = await client.put(
            f"/v1/org-units/{key}", json={"name": key, "parentKey": parent}, headers=hris
        )
        assert made.status_code == 201, made.text
    looped = await client.put(
        "/v1/org-units/x1", json={"name": "x1", "parentKey": "x3"}, headers=hris
    )
    assert looped.status_code == 400
    assert looped.json()["invalidParams"][0]["code"] == "org_unit_cycle"

    async def statements_of_a_put() -> int:
        with count_statements(engine) as log:
            same = await client.put(
                "/v1/org-units/x3", json={"name": "x3", "parentKey": "x2"}, headers=hris
            )
        assert same.status_code == 200, same.text
        # Every read of the units is narrowed (the chain is a recursive query from one id).
        whole = [q for q in log.statements if "FROM org_unit" in q and "WHERE" not in q]
        assert whole == []
        return len(log.statements)

    before = await statements_of_a_put()
    for n in range(40):  # a wider organisation
        await client.put(
            f"/v1/org-units/w{n}", json={"name": f"w{n}", "parentKey": "gemeente"}, headers=hris
        )
    assert await statements_of_a_put() == before
