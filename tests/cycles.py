"""Helpers for tests that read cycles over HTTP: an employee's cycles, the current one, a talk."""

from __future__ import annotations

from tests.org import EMPLOYEE, TODAY


async def cycles_of(client, headers, number: str, **params) -> list[dict]:
    response = await client.get(
        "/v1/cycles", params={"employee": number, "pageSize": 100, **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    return sorted(response.json()["items"], key=lambda c: c["startDate"])


async def current_cycle(client, headers, number: str = EMPLOYEE) -> dict:
    items = await cycles_of(client, headers, number)
    (cycle,) = [c for c in items if c["startDate"] <= TODAY.isoformat() <= c["endDate"]]
    detail = await client.get(f"/v1/cycles/{cycle['id']}", headers=headers)
    assert detail.status_code == 200, detail.text
    return detail.json()


def talk_of(cycle: dict, kind: str, sequence: int = 1) -> dict:
    return next(t for t in cycle["talks"] if t["kind"] == kind and t["sequence"] == sequence)
