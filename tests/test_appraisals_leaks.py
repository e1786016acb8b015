"""R6.3 content leaks: before the draft is shared, nothing the employee can read carries the
draft appraisal's motivations or the informants' questions and answers. Asserted on the response
text of every route the employee can reach for the cycle, whatever its status code; once shared,
the same content is there (so the checks can fail)."""

from __future__ import annotations

import pytest

from tests.appraisals import agreed_and_held, complete_ratings
from tests.cycles import talk_of
from tests.org import EMPLOYEE

COLLEAGUE = "100004"  # Collega Cas, team-a: the informant
MOTIVATION = "GEHEIM-MOTIVATIE-123"
QUESTION = "GEHEIM-VRAAG"
ANSWER = "GEHEIM-ANTWOORD"
SECRETS = (MOTIVATION, QUESTION, ANSWER)


@pytest.fixture
def informant(auth):
    return auth(role="employee", sub=COLLEAGUE)


@pytest.fixture
async def cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee)


def secret_ratings(draft: dict) -> dict:
    """A complete RatingsIn body whose every motivation (and career evaluation) is the secret."""
    body = complete_ratings(draft)
    for rating in body["work"] + body["competencies"]:
        rating["motivation"] = MOTIVATION
    body["knowledge"]["motivation"] = MOTIVATION
    for evaluation in body["career"]:
        evaluation["evaluation"] = MOTIVATION
    body["final"]["motivation"] = MOTIVATION
    return body


@pytest.fixture
async def secret_draft(client, cycle, manager, informant) -> dict:
    """The appraisal drafted completely with secret motivations, an informant (100004) asked a
    secret question who gave a secret answer; the draft is NOT shared. Returns the ids."""
    talk = talk_of(cycle, "appraisal")["id"]
    url = f"/v1/talks/{talk}"
    draft = await client.get(f"{url}/appraisal", headers=manager)
    assert draft.status_code == 200, draft.text
    rated = await client.put(f"{url}/ratings", json=secret_ratings(draft.json()), headers=manager)
    assert rated.status_code == 200, rated.text
    assert rated.json()["state"] == "draft"
    assert not rated.json()["final"]["missing"] and rated.json()["final"]["rating"] == 4
    # Every motivation the manager wrote is the secret one (so the later checks are meaningful).
    motivations = [i["motivation"] for i in rated.json()["items"]]
    assert motivations and set(motivations) == {MOTIVATION}
    assert rated.json()["final"]["motivation"] == MOTIVATION
    asked = await client.post(
        f"{url}/informant-requests",
        json={
            "informant": {
                "personnelNumber": COLLEAGUE,
                "relationship": "colleague",
                "relationshipNote": "Werkt in hetzelfde team",
            },
            "question": QUESTION,
        },
        headers=manager,
    )
    assert asked.status_code == 201, asked.text
    answered = await client.post(
        f"/v1/informant-requests/{asked.json()['id']}/responses",
        json={"answer": ANSWER},
        headers=informant,
    )
    assert answered.status_code == 201, answered.text
    assert answered.json()["answer"] == ANSWER
    return {"cycle": cycle["id"], "talk": talk, "request": asked.json()["id"]}


def employee_routes(ids: dict) -> list[str]:
    """Every GET the employee may try for their cycle and its appraisal talk."""
    cycle, talk = ids["cycle"], ids["talk"]
    return [
        f"/v1/cycles/{cycle}",
        f"/v1/cycles?employee={EMPLOYEE}",
        "/v1/cycles",
        f"/v1/cycles/{cycle}/agreement-set",
        f"/v1/cycles/{cycle}/agreements",
        f"/v1/cycles/{cycle}/competency-set",
        f"/v1/talks/{talk}",
        f"/v1/talks/{talk}/contributions",
        f"/v1/talks/{talk}/approvals",
        f"/v1/talks/{talk}/informant-suggestions",
        f"/v1/talks/{talk}/appraisal",
        f"/v1/talks/{talk}/informant-requests",
        "/v1/informant-requests",
        f"/v1/informant-requests/{ids['request']}/responses",
        "/v1/me",
        f"/v1/employees/{EMPLOYEE}",
        "/v1/appraisal-outcomes",
        "/v1/audit-events",
    ]


def leaks(response) -> list[str]:
    """The secrets found in the response's body or headers."""
    seen = response.text + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return [s for s in SECRETS if s.lower() in seen.lower()]


async def test_r6_3_no_route_shows_the_employee_the_unshared_draft_or_informant_input(
    client, secret_draft, employee
):
    found = {}
    for route in employee_routes(secret_draft):
        response = await client.get(route, headers=employee)
        assert response.status_code < 500, (route, response.text)
        if leaks(response):
            found[route] = (response.status_code, leaks(response))
    assert found == {}


async def test_r6_3_the_unshared_appraisal_and_its_informant_requests_are_404_to_the_employee(
    client, secret_draft, employee
):
    talk = secret_draft["talk"]
    for tail, code in (("appraisal", "appraisal-not-found"), ("informant-requests", None)):
        response = await client.get(f"/v1/talks/{talk}/{tail}", headers=employee)
        assert response.status_code == 404, (tail, response.text)
        assert leaks(response) == []
        if code is not None:
            assert response.json()["code"] == code
    # The employee's own list as an informant holds only requests addressed to them: none.
    mine = await client.get("/v1/informant-requests", headers=employee)
    assert mine.status_code == 200 and mine.json()["items"] == []


async def test_r6_3_the_cycle_and_talk_the_employee_reads_are_theirs_but_carry_no_content(
    client, secret_draft, employee
):
    """The reads that do succeed for the employee (the cycle, the talk, the lists) succeed
    with a 200 and still carry none of the draft's content."""
    for route in (
        f"/v1/cycles/{secret_draft['cycle']}",
        f"/v1/cycles?employee={EMPLOYEE}",
        f"/v1/talks/{secret_draft['talk']}",
        f"/v1/talks/{secret_draft['talk']}/contributions",
        f"/v1/talks/{secret_draft['talk']}/informant-suggestions",
        "/v1/me",
    ):
        response = await client.get(route, headers=employee)
        assert response.status_code == 200, (route, response.text)
        assert leaks(response) == [], route
        assert "motivation" not in response.text.lower(), route


async def test_r6_3_once_shared_the_employee_sees_the_motivations_and_the_informant_input(
    client, secret_draft, manager, employee
):
    talk = secret_draft["talk"]
    shared = await client.post(f"/v1/talks/{talk}/draft-shares", headers=manager)
    assert shared.status_code == 201, shared.text
    appraisal = await client.get(f"/v1/talks/{talk}/appraisal", headers=employee)
    assert appraisal.status_code == 200, appraisal.text
    assert appraisal.json()["state"] == "shared"
    assert MOTIVATION in appraisal.text
    assert appraisal.json()["final"]["motivation"] == MOTIVATION
    assert {i["motivation"] for i in appraisal.json()["items"]} == {MOTIVATION}
    requests = await client.get(f"/v1/talks/{talk}/informant-requests", headers=employee)
    assert requests.status_code == 200, requests.text
    assert ANSWER in requests.text and QUESTION in requests.text
    assert [(r["informant"], r["question"], r["answer"]) for r in requests.json()["items"]] == [
        ("Collega Cas", QUESTION, ANSWER)
    ]


async def test_r6_3_r6_10_the_informant_sees_their_own_request_and_nothing_of_the_appraisal(
    client, secret_draft, manager, informant
):
    """The colleague who answered sees the question and their answer, never the motivations,
    and not the appraisal itself, before or after sharing."""
    talk = secret_draft["talk"]
    for phase in ("draft", "shared"):
        if phase == "shared":
            shared = await client.post(f"/v1/talks/{talk}/draft-shares", headers=manager)
            assert shared.status_code == 201, shared.text
        mine = await client.get("/v1/informant-requests", headers=informant)
        assert mine.status_code == 200, mine.text
        assert [(r["question"], r["answer"]) for r in mine.json()["items"]] == [(QUESTION, ANSWER)]
        assert MOTIVATION not in mine.text
        for tail in ("appraisal", "informant-requests", ""):
            response = await client.get(f"/v1/talks/{talk}/{tail}".rstrip("/"), headers=informant)
            assert response.status_code in (403, 404), (phase, tail, response.text)
            assert leaks(response) == [], (phase, tail)
