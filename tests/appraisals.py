"""Helpers for tests that need an appraisal: a complete draft (every item rated and motivated,
the final rating motivated) built from what the appraisal says must be rated."""

from __future__ import annotations


def complete_ratings(appraisal: dict, score: int = 4, **scores: int) -> dict:
    """A RatingsIn body rating every item ``score`` (or ``scores[ref]``), all motivated."""
    body: dict = {"work": [], "competencies": [], "career": [], "final": {"motivation": "Goed"}}
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
