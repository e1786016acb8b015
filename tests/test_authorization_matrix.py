"""Walks every operation of the OpenAPI document with every kind of actor.

Every new route must be added to EXPECTED: the test fails on an operation it does not know.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.auth import Actor, Role
from app.openapi_export import generate
from app.people.service import record_delegation
from tests.org import seed_org

HR = Actor(kind="person", subject="100003", roles=frozenset({Role.hr}))

# The persons are employees of tests/org.py; none of them manages the foreign employee 200001.
ACTORS = {
    "anonymous": None,
    "employee": {"role": "employee", "sub": "100001"},
    "manager": {"role": "manager", "sub": "100002"},
    "hr": {"role": "hr", "sub": "100003"},
    "client": {"client": "hris", "scopes": ["people:write"]},
    "auditor": {"client": "auditor", "scopes": ["audit:read"]},
    # 100004 is, by a coordinator delegation (T1.g), the coordinator of 200001.
    "coordinator": {"role": "employee", "sub": "100004"},
    "reader": {"client": "reporting", "scopes": ["people:read"]},
}

OK, CREATED, UNAUTH, FORBIDDEN, NOT_FOUND = 200, 201, 401, 403, 404
PUBLIC = dict.fromkeys(ACTORS, OK)
SIGNED_IN = {**dict.fromkeys(ACTORS, OK), "anonymous": UNAUTH}
SYNC = {  # the HR information system (people:write) and HR
    "anonymous": UNAUTH,
    "employee": FORBIDDEN,
    "manager": FORBIDDEN,
    "hr": CREATED,
    "client": CREATED,
    "auditor": FORBIDDEN,
    "coordinator": FORBIDDEN,
    "reader": FORBIDDEN,
}
HR_ONLY = {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": UNAUTH, "hr": OK}
# Someone else's employee record: 404 (not 403) for whoever may not see it.
FOREIGN_EMPLOYEE = {
    "anonymous": UNAUTH,
    "employee": NOT_FOUND,
    "manager": NOT_FOUND,
    "hr": OK,
    "client": OK,
    "auditor": NOT_FOUND,
    "coordinator": OK,  # the delegation names them for this employee
    "reader": OK,
}

EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/health"): PUBLIC,
    ("get", "/health/ready"): PUBLIC,
    ("get", "/me"): SIGNED_IN,
    ("put", "/org-units/{key}"): SYNC,
    ("get", "/org-units"): SIGNED_IN,
    ("put", "/function-profiles/{code}"): SYNC,
    ("get", "/function-profiles"): SIGNED_IN,
    ("put", "/employees/{personnelNumber}"): SYNC,
    ("get", "/employees"): SIGNED_IN,
    ("post", "/employee-imports"): SYNC,
    ("get", "/employees/{personnelNumber}"): FOREIGN_EMPLOYEE,
    ("post", "/coordinator-delegations"): {**HR_ONLY, "hr": CREATED},
    ("get", "/coordinator-delegations"): HR_ONLY,
    ("get", "/competencies"): SIGNED_IN,
    ("get", "/competencies/{code}"): SIGNED_IN,
    ("get", "/competency-profiles"): SIGNED_IN,
    ("get", "/competency-profiles/{code}"): SIGNED_IN,
    ("get", "/rating-scale"): SIGNED_IN,
    ("get", "/preparation-tips"): SIGNED_IN,
    ("get", "/guide-versions"): SIGNED_IN,
    ("get", "/audit-events"): {
        **dict.fromkeys(ACTORS, FORBIDDEN),
        "anonymous": UNAUTH,
        "hr": OK,
        "auditor": OK,
    },
}

# A real object for every path parameter, so that a 200 can be told from a 404.
SAMPLE_PATHS = {
    "/org-units/{key}": "/org-units/team-z",
    "/function-profiles/{code}": "/function-profiles/P77",
    "/employees/{personnelNumber}": "/employees/200001",  # someone else's record
    ("put", "/employees/{personnelNumber}"): "/employees/300009",  # a new employee
    "/competencies/{code}": "/competencies/samenwerken",
    "/competency-profiles/{code}": "/competency-profiles/beleidsmedewerker",
}

# A valid body for every operation that takes one, so that authorisation is what decides.
SAMPLE_BODIES = {
    ("put", "/org-units/{key}"): {"name": "Team Z", "parentKey": "gemeente"},
    ("put", "/function-profiles/{code}"): {
        "title": "Adviseur",
        "functionGroup": "adviseur",
        "scale": 11,
    },
    ("put", "/employees/{personnelNumber}"): {
        "name": "Buiten Bea",
        "orgUnitKey": "team-b",
        "functionProfileCode": "P22",
        "salaryScale": 10,
        "inFunctionScale": True,
        "entryDate": "2020-01-01",
        "managerPersonnelNumber": "200002",
        "managerFrom": "2020-01-01",
    },
    ("post", "/employee-imports"): {
        "employees": [
            {
                "personnelNumber": "300010",
                "name": "Nieuwe Nina",
                "orgUnitKey": "team-a",
                "functionProfileCode": "P22",
                "salaryScale": 8,
                "inFunctionScale": False,
                "entryDate": "2026-10-01",
            }
        ]
    },
    ("post", "/coordinator-delegations"): {
        "coordinatorPersonnelNumber": "100004",
        "employeePersonnelNumber": "200001",
        "decisionReference": "MT-1",
        "validFrom": "2026-01-01",
    },
}

OPERATIONS = [
    (method, path)
    for path, item in json.loads(generate())["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


def test_every_operation_is_in_the_matrix():
    assert sorted(OPERATIONS) == sorted(EXPECTED)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("actor", list(ACTORS))
async def test_authorization_matrix(client, auth, session, method, path, actor):
    await seed_org(session)
    await record_delegation(
        session,
        actor=HR,
        coordinator="100004",
        employee="200001",
        decision_reference="MT-matrix",
        valid_from=date(2026, 1, 1),
        valid_to=None,
    )
    await session.flush()
    headers = auth(**ACTORS[actor]) if ACTORS[actor] else {}
    concrete = SAMPLE_PATHS.get((method, path)) or SAMPLE_PATHS.get(path, path)
    assert "{" not in concrete, f"add a sample for {path} to SAMPLE_PATHS"
    body = SAMPLE_BODIES.get((method, path))
    assert body is not None or method in {"get", "delete"}, f"add a body for {method} {path}"
    expected = EXPECTED[(method, path)][actor]
    response = await client.request(method.upper(), "/v1" + concrete, headers=headers, json=body)
    assert response.status_code == expected, response.text
    if response.status_code == UNAUTH:
        assert "WWW-Authenticate" in response.headers
