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
