"""Helpers for tests that need an agreed set: compose the competency set, record a work
agreement and have both approve, so that a planning or progress talk can be held (R4.6)."""

from __future__ import annotations

from tests.org import MAIN_TASKS

WORK = {
    "kind": "work",
    "description": "Nota duurzaamheid opgeleverd",
    "measure": "Vastgesteld door het college",
    "dueDate": "2027-06-30",
    "mainTask": "Ontwikkelt beleid",  # R4.1 a: one of P22's main tasks (tests/org.py)
}


async def agree(
    client, cycle_id: str, talk_id: str, manager: dict, employee: dict, due: str = WORK["dueDate"]
) -> dict:
    """The set of the cycle approved by both in ``talk_id``; returns the agreement set."""
    base = f"/v1/cycles/{cycle_id}"
    current = await client.get(f"{base}/competency-set", headers=manager)
    if current.status_code == 404:
        composed = await client.put(
            f"{base}/competency-set", json={"chosen": [], "crucial": []}, headers=manager
        )
        assert composed.status_code == 200, composed.text
    work = await client.get(f"{base}/agreements?kind=work&status=active", headers=manager)
    if not work.json()["items"]:
        profile = (await client.get(base, headers=manager)).json()["functionProfileCode"]
        body = {**WORK, "dueDate": due, "mainTask": None}
        if MAIN_TASKS.get(profile):  # R4.1 a: named when the profile has main tasks
            body["mainTask"] = MAIN_TASKS[profile][0]
        created = await client.post(f"{base}/agreements", json=body, headers=manager)
        assert created.status_code == 201, created.text
    version = (await client.get(f"{base}/agreement-set", headers=manager)).json()["version"]
    for headers in (manager, employee):
        approved = await client.post(
            f"/v1/talks/{talk_id}/approvals", json={"setVersion": version}, headers=headers
        )
        assert approved.status_code == 201, approved.text
    agreed = await client.get(f"{base}/agreement-set", headers=manager)
    assert agreed.json()["currentTalk"]["outcome"] == "approved", agreed.text
    return agreed.json()
