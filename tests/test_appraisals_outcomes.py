"""The filters of GET /v1/appraisal-outcomes (state, finalisedSince, finalRating, orgUnit),
checked against hand-computed expectations on three appraisals in three org units, and the
property-level authorisation: no motivation ever travels in an outcome.

The organisation (tests/org.py): gemeente ⊃ {team-a, team-b}.

| employee | unit     | manager | appraisal                                  |
|----------|----------|---------|--------------------------------------------|
| 100001   | team-a   | 100002  | all 4s, finalised on 2026-12-06 (goed)     |
| 200001   | team-b   | 200002  | all 5s, shared on 2026-11-29, not held     |
| 100003   | gemeente | 900001  | all 3s, a draft, not shared                |
"""

from __future__ import annotations

import pytest

from tests.agreements import agree
from tests.appraisals import complete_ratings
from tests.cycles import current_cycle, talk_of

SECRET = "GEHEIM-MOTIVATIE-OUTCOME"
FINALISED, SHARED, DRAFT = "100001", "200001", "100003"
MANAGERS = {FINALISED: "100002", SHARED: "200002", DRAFT: "900001"}
FINALISED_ON = "2026-12-06"


@pytest.fixture
def payroll(auth):
    return auth(client="payroll", scopes=["outcomes:read"])


async def drafted(client, auth, number: str, score: int) -> tuple[str, dict, dict]:
    """The appraisal of ``number``'s current cycle, rated ``score`` throughout with secret
    motivations, after the planning talk was agreed and held. Returns the talk id and the
    manager's and employee's headers."""
    manager = auth(role="manager", sub=MANAGERS[number])
    employee = auth(role="employee", sub=number)
    cycle = await current_cycle(client, manager, number)
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    held = await client.post(
        f"/v1/talks/{planning}/completions", json={"heldOn": "2026-11-20"}, headers=manager
    )
    assert held.status_code == 201, held.text
    talk = talk_of(cycle, "appraisal")["id"]
    draft = await client.get(f"/v1/talks/{talk}/appraisal", headers=manager)
    assert draft.status_code == 200, draft.text
    body = complete_ratings(draft.json(), score=score)
    for rating in body["work"] + body["competencies"] + [body["knowledge"]]:
        rating["motivation"] = SECRET
    for evaluation in body["career"]:
        evaluation["evaluation"] = SECRET
    body["final"]["motivation"] = SECRET
    rated = await client.put(f"/v1/talks/{talk}/ratings", json=body, headers=manager)
    assert rated.status_code == 200, rated.text
    assert rated.json()["final"]["rating"] == score
    return talk, manager, employee


async def post(client, talk: str, path: str, headers: dict, body: dict | None = None) -> dict:
    response = await client.post(f"/v1/talks/{talk}/{path}", json=body or {}, headers=headers)
    assert response.status_code == 201, (path, response.text)
    return response.json()


@pytest.fixture
async def outcomes(client, org, auth, hr) -> None:
    """The three appraisals of the table in the module's docstring."""
    final_talk, final_manager, final_employee = await drafted(client, auth, FINALISED, 4)
    shared_talk, shared_manager, _ = await drafted(client, auth, SHARED, 5)
    await drafted(client, auth, DRAFT, 3)
    await post(client, final_talk, "draft-shares", final_manager)
    await post(client, shared_talk, "draft-shares", shared_manager)
    moved = await client.put("/v1/clock", json={"today": FINALISED_ON}, headers=hr)
    assert moved.status_code == 200, moved.text
    await post(client, final_talk, "completions", final_manager, {"heldOn": FINALISED_ON})
    for headers, extra in ((final_manager, {}), (final_employee, {"kind": "agree"})):
        version = (await client.get(f"/v1/talks/{final_talk}/appraisal", headers=headers)).json()[
            "contentVersion"
        ]
        await post(client, final_talk, "signatures", headers, {"contentVersion": version, **extra})
    final = await post(client, final_talk, "finalisations", final_manager)
    assert (final["state"], final["finalisedOn"]) == ("finalised", FINALISED_ON)


async def listed(client, headers, **params) -> list[dict]:
    response = await client.get("/v1/appraisal-outcomes", params=params, headers=headers)
    assert response.status_code == 200, (params, response.text)
    assert SECRET.lower() not in response.text.lower()
    assert "motivation" not in response.text.lower()
    body = response.json()
    assert body["meta"]["totalItems"] == len(body["items"]), body["meta"]
    return body["items"]


def numbers(items: list[dict]) -> set[str]:
    return {o["employee"]["personnelNumber"] for o in items}


async def test_outcomes_without_filters_list_every_appraisal_the_finalised_first(
    client, outcomes, payroll
):
    items = await listed(client, payroll)
    assert items[0]["employee"]["personnelNumber"] == FINALISED
    by_number = {o["employee"]["personnelNumber"]: o for o in items}
    assert set(by_number) == {FINALISED, SHARED, DRAFT}
    got = {
        n: (o["orgUnit"], o["state"], o["finalRating"], o["finalLabel"], o["finalisedOn"])
        for n, o in by_number.items()
    }
    assert got == {
        FINALISED: ("team-a", "finalised", 4, "goed", FINALISED_ON),
        # A shared or drafted rating is nobody's outcome: no final rating before finalising.
        SHARED: ("team-b", "shared", None, None, None),
        DRAFT: ("gemeente", "draft", None, None, None),
    }


async def test_outcomes_filter_by_state_keeps_only_that_state(client, outcomes, payroll):
    assert numbers(await listed(client, payroll, state="finalised")) == {FINALISED}
    assert numbers(await listed(client, payroll, state="shared")) == {SHARED}
    assert numbers(await listed(client, payroll, state="draft")) == {DRAFT}
    assert await listed(client, payroll, state="held") == []
    unknown = await client.get("/v1/appraisal-outcomes?state=bogus", headers=payroll)
    assert unknown.status_code == 400, unknown.text


async def test_outcomes_filter_by_finalised_since_includes_the_day_and_excludes_the_unfinalised(
    client, outcomes, payroll
):
    assert numbers(await listed(client, payroll, finalisedSince="2026-01-01")) == {FINALISED}
    assert numbers(await listed(client, payroll, finalisedSince=FINALISED_ON)) == {FINALISED}
    assert await listed(client, payroll, finalisedSince="2026-12-07") == []


async def test_outcomes_filter_by_final_rating_counts_only_finalised_ratings(
    client, outcomes, payroll
):
    assert numbers(await listed(client, payroll, finalRating=4)) == {FINALISED}
    # 200001's shared draft is rated 5 and 100003's draft 3: neither is an outcome yet.
    assert await listed(client, payroll, finalRating=5) == []
    assert await listed(client, payroll, finalRating=3) == []
    for bad in (0, 6):
        response = await client.get(f"/v1/appraisal-outcomes?finalRating={bad}", headers=payroll)
        assert response.status_code == 400, response.text


async def test_outcomes_filter_by_org_unit_includes_units_below_and_excludes_siblings_and_parents(
    client, outcomes, payroll
):
    assert numbers(await listed(client, payroll, orgUnit="team-a")) == {FINALISED}
    assert numbers(await listed(client, payroll, orgUnit="team-b")) == {SHARED}
    # The parent unit includes the employees of its sub-units, and its own.
    assert numbers(await listed(client, payroll, orgUnit="gemeente")) == {
        FINALISED,
        SHARED,
        DRAFT,
    }


async def test_outcomes_filter_combinations_intersect(client, outcomes, payroll):
    assert await listed(client, payroll, state="finalised", orgUnit="team-b") == []
    assert await listed(client, payroll, finalRating=4, orgUnit="team-b") == []
    assert numbers(
        await listed(
            client,
            payroll,
            state="finalised",
            finalisedSince=FINALISED_ON,
            finalRating=4,
            orgUnit="gemeente",
        )
    ) == {FINALISED}
    assert await listed(client, payroll, state="shared", finalisedSince="2026-01-01") == []


async def test_outcomes_never_carry_motivations_for_hr_or_the_client(client, outcomes, payroll, hr):
    """The motivations are there in the appraisal (HR reads it), never in the outcomes."""
    for headers in (payroll, hr):
        items = await listed(client, headers)
        assert len(items) == 3
        for outcome in items:
            assert set(outcome) == {
                "appraisalId",
                "talkId",
                "cycleId",
                "employee",
                "orgUnit",
                "state",
                "probation",
                "early",
                "finalRating",
                "finalLabel",
                "reward",
                "finalisedOn",
                "appealReference",
                "supersedes",
                "supersededBy",
            }
    talk = (await listed(client, hr, state="finalised"))[0]["talkId"]
    appraisal = await client.get(f"/v1/talks/{talk}/appraisal", headers=hr)
    assert appraisal.status_code == 200 and SECRET in appraisal.text
