"""Helpers for tests that need an appraisal: a complete draft (every item rated and motivated,
the final rating motivated) built from what the appraisal says must be rated."""

from __future__ import annotations

from tests.agreements import agree
from tests.cycles import current_cycle, talk_of


def complete_ratings(appraisal: dict, score: int = 4, **scores: int) -> dict:
    """A RatingsIn body rating every item ``score`` (or ``scores[ref]``), all motivated."""
    body: dict = {
        "work": [],
        "competencies": [],
        "development": [],
        "career": [],
        "final": {"motivation": "Goed"},
    }
    for item in appraisal["items"]:
        value = scores.get(item["ref"] or "knowledge", score)
        if item["item"] == "work":
            body["work"].append(
                {"agreementId": item["ref"], "score": value, "motivation": "Behaald"}
            )
        elif item["item"] == "competency":
            body["competencies"].append(
                {"code": item["ref"], "score": value, "motivation": "Zichtbaar gedrag"}
            )
        elif item["item"] == "knowledge":
            body["knowledge"] = {"score": value, "motivation": "Op niveau"}
        elif item["item"] == "development":
            body["development"].append({"agreementId": item["ref"], "evaluation": "Gelukt"})
        else:
            body["career"].append({"agreementId": item["ref"], "evaluation": "Besproken"})
    return body


async def share(client, talk_id: str, manager: dict) -> dict:
    """The appraisal of ``talk_id`` drafted completely (all 4s) and shared today."""
    url = f"/v1/talks/{talk_id}"
    draft = await client.get(f"{url}/appraisal", headers=manager)
    assert draft.status_code == 200, draft.text
    extra = {"If-Match": draft.headers["ETag"]} if draft.json()["id"] else {}
    rated = await client.put(
        f"{url}/ratings", json=complete_ratings(draft.json()), headers={**manager, **extra}
    )
    assert rated.status_code == 200, rated.text
    shared = await client.post(f"{url}/draft-shares", headers=manager)
    assert shared.status_code == 201, shared.text
    return shared.json()


async def agreed_and_held(client, manager: dict, employee: dict, *more: dict) -> dict:
    """The cycle 2026–2027 of 100001 with the planning talk agreed (one work agreement, a career
    agreement, the competency set with integriteit crucial) and held on 2026-11-20: there is
    something to appraise."""
    cycle = await current_cycle(client, manager)
    base = f"/v1/cycles/{cycle['id']}"
    composed = await client.put(
        f"{base}/competency-set", json={"chosen": [], "crucial": ["integriteit"]}, headers=manager
    )
    assert composed.status_code == 200, composed.text
    career = {"kind": "career", "description": "Doorgroeien", "careerType": "career-step"}
    for agreement in (career, *more):
        created = await client.post(f"{base}/agreements", json=agreement, headers=manager)
        assert created.status_code == 201, created.text
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    held = await client.post(
        f"/v1/talks/{planning}/completions", json={"heldOn": "2026-11-20"}, headers=manager
    )
    assert held.status_code == 201, held.text
    return cycle


# --- the appraisal of a cycle's (first) appraisal talk over HTTP -----------------------------


def appraisal_url(cycle: dict, tail: str = "appraisal") -> str:
    return f"/v1/talks/{talk_of(cycle, 'appraisal')['id']}/{tail}"


async def read(client, cycle, headers):
    return await client.get(appraisal_url(cycle), headers=headers)


async def rate(client, cycle, headers, body, etag=None):
    extra = {"If-Match": etag} if etag else {}
    return await client.put(
        appraisal_url(cycle, "ratings"), json=body, headers={**headers, **extra}
    )


async def step(client, cycle, path, headers, body=None):
    return await client.post(appraisal_url(cycle, path), json=body or {}, headers=headers)


async def sign(client, cycle, headers, **body):
    version = (await read(client, cycle, headers)).json()["contentVersion"]
    return await step(client, cycle, "signatures", headers, {"contentVersion": version, **body})
