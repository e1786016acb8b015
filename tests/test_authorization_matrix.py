"""Walks every operation of the OpenAPI document with every kind of actor.

Every new route must be added to EXPECTED: the test fails on an operation it does not know.
"""

from __future__ import annotations

import json

import pytest

from app.openapi_export import generate

ACTORS = {
    "anonymous": None,
    "employee": {"role": "employee"},
    "manager": {"role": "manager"},
    "hr": {"role": "hr"},
    "client": {"client": "hris", "scopes": ["people:write"]},
    "auditor": {"client": "auditor", "scopes": ["audit:read"]},
}

OK, UNAUTH, FORBIDDEN = 200, 401, 403
PUBLIC = dict.fromkeys(ACTORS, OK)
SIGNED_IN = {**dict.fromkeys(ACTORS, OK), "anonymous": UNAUTH}

EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/health"): PUBLIC,
    ("get", "/health/ready"): PUBLIC,
    ("get", "/me"): SIGNED_IN,
    ("get", "/competencies"): SIGNED_IN,
    ("get", "/competencies/{code}"): SIGNED_IN,
    ("get", "/competency-profiles"): SIGNED_IN,
    ("get", "/competency-profiles/{code}"): SIGNED_IN,
    ("get", "/rating-scale"): SIGNED_IN,
    ("get", "/preparation-tips"): SIGNED_IN,
    ("get", "/guide-versions"): SIGNED_IN,
    ("get", "/audit-events"): {
        "anonymous": UNAUTH,
        "employee": FORBIDDEN,
        "manager": FORBIDDEN,
        "hr": OK,
        "client": FORBIDDEN,
        "auditor": OK,
    },
}

# A real object for every path parameter, so that a 200 can be told from a 404.
SAMPLE_PATHS = {
    "/competencies/{code}": "/competencies/samenwerken",
    "/competency-profiles/{code}": "/competency-profiles/beleidsmedewerker",
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
async def test_authorization_matrix(client, auth, method, path, actor):
    headers = auth(**ACTORS[actor]) if ACTORS[actor] else {}
    concrete = SAMPLE_PATHS.get(path, path)
    assert "{" not in concrete, f"add a sample for {path} to SAMPLE_PATHS"
    response = await client.request(method.upper(), "/v1" + concrete, headers=headers)
    assert response.status_code == EXPECTED[(method, path)][actor], response.text
    if response.status_code == UNAUTH:
        assert "WWW-Authenticate" in response.headers
