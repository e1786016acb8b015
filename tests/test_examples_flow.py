"""Issue 19: the main flows, sent as the OpenAPI document's examples show them (app/api/
examples.py): the HR information system's sync of Emre Adviseur (E0002) and his planning talk
with Tim Teammanager (T0001). Each example goes in as documented (only ids the service makes
are filled in), is accepted, and what comes back has the fields of the documented answer."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import pytest

from app.api import examples as ex
from app.openapi_export import generate
from tests.appraisals import complete_ratings
from tests.org import freeze_clock


@cache
def _document() -> dict:
    return json.loads(generate())


def _example(media: dict, kind: str | None = None) -> dict:
    (name,) = [kind] if kind else list(media["examples"])
    ref = media["examples"][name]["$ref"]
    return _document()["components"]["examples"][ref.rsplit("/", 1)[-1]]["value"]


def request_example(method: str, path: str, kind: str | None = None) -> dict:
    operation = _document()["paths"][path][method]
    return _example(operation["requestBody"]["content"]["application/json"], kind)


def response_example(method: str, path: str, status: str) -> dict:
    operation = _document()["paths"][path][method]
    return _example(operation["responses"][status]["content"]["application/json"])


def _as_documented(response, method: str, path: str) -> dict:
    """The answer is a success the document declares, with the fields of its example."""
    assert response.status_code < 300, response.text
    body = response.json()
    documented = response_example(method, path, str(response.status_code))
    assert set(body) == set(documented), (method, path)
    return body


@pytest.fixture
async def story(client, session, auth):
    """Emre's organisation, synced by the HR information system with the examples."""
    await freeze_clock(session, date(2027, 3, 15))
    hris = auth(client="hris", scopes=["people:write"])
    # Around the story, not in the examples: the sector, and Emre's manager with his profile.
    surroundings = [
        ("/v1/org-units/sociaal", {"name": "Sector Sociaal Domein"}),
        (
            "/v1/function-profiles/P10",
            {"title": "Teammanager", "functionGroup": "teammanager", "scale": 13},
        ),
        (
            f"/v1/employees/{ex.MANAGER}",
            {
                "name": ex.MANAGER_NAME,
                "orgUnitKey": "sociaal",
                "functionProfileCode": "P10",
                "salaryScale": 13,
                "inFunctionScale": True,
                "entryDate": "2015-01-01",
            },
        ),
    ]
    for url, body in surroundings:
        response = await client.put(url, json=body, headers=hris)
        assert response.status_code < 300, response.text
    synced = {}
    for path, key in (
        ("/function-profiles/{code}", "P30"),
        ("/org-units/{key}", "jeugd"),
        ("/employees/{personnelNumber}", ex.EMPLOYEE),
    ):
        url = "/v1" + path.split("{")[0] + key
        response = await client.put(url, json=request_example("put", path), headers=hris)
        synced[path] = _as_documented(response, "put", path)
    return synced


async def test_the_sync_examples_are_accepted_as_documented(story):
    employee = story["/employees/{personnelNumber}"]
    assert employee["personnelNumber"] == ex.EMPLOYEE
    assert employee["manager"]["personnelNumber"] == ex.MANAGER
    assert story["/org-units/{key}"]["name"] == "Team Jeugd"


async def test_the_planning_talk_examples_are_accepted_as_documented(client, story, auth):
    cycle = await planning_talk(client, auth)
    held = next(t for t in cycle["talks"] if t["kind"] == "planning")
    assert held["status"] == "held" and held["heldOn"] == "2027-03-22"


async def planning_talk(client, auth) -> dict:
    """Emre's planning talk prepared, agreed and held with the examples; the cycle after."""
    manager = auth(role="manager", sub=ex.MANAGER)
    employee = auth(role="employee", sub=ex.EMPLOYEE)
    cycles = await client.get("/v1/cycles", params={"employee": ex.EMPLOYEE}, headers=manager)
    cycle = _as_documented(cycles, "get", "/cycles")["items"][-1]
    detail = await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)
    cycle = _as_documented(detail, "get", "/cycles/{cycleId}")
    planning = next(t for t in cycle["talks"] if t["kind"] == "planning")
    base, talk = f"/v1/cycles/{cycle['id']}", f"/v1/talks/{planning['id']}"

    path = "/talks/{talkId}/appointment"
    etag = (await client.get(talk, headers=manager)).headers["ETag"]
    response = await client.put(
        f"{talk}/appointment",
        json=request_example("put", path),
        headers={**manager, "If-Match": etag},
    )
    _as_documented(response, "put", path)

    path = "/cycles/{cycleId}/competency-set"
    response = await client.put(
        f"{base}/competency-set", json=request_example("put", path), headers=manager
    )
    _as_documented(response, "put", path)

    path = "/cycles/{cycleId}/agreements"
    created = {}
    for kind in ("WorkAgreementIn", "DevelopmentAgreementIn", "CareerAgreementIn", "ConditionIn"):
        response = await client.post(
            f"{base}/agreements", json=request_example("post", path, kind), headers=manager
        )
        created[kind] = _as_documented(response, "post", path)
    second = await client.post(
        f"{base}/agreements",
        json={**request_example("post", path, "WorkAgreementIn"), "description": "Tweede"},
        headers=manager,
    )
    assert second.status_code == 201, second.text

    path = "/cycles/{cycleId}/agreement-set/weights"
    weights = request_example("put", path)  # the ids are the service's
    ids = [created["WorkAgreementIn"]["id"], second.json()["id"]]
    for weight, agreement_id in zip(weights["weights"], ids, strict=True):
        weight["agreementId"] = agreement_id
    etag = (await client.get(f"{base}/agreement-set", headers=manager)).headers["ETag"]
    response = await client.put(
        f"{base}/agreement-set/weights", json=weights, headers={**manager, "If-Match": etag}
    )
    body = _as_documented(response, "put", path)
    assert [a["weight"] for a in body["agreements"] if a["kind"] == "work"] == [60, 40]

    path = "/cycles/{cycleId}/agreements/{agreementId}"
    url = f"{base}/agreements/{created['WorkAgreementIn']['id']}"
    etag = (await client.get(url, headers=manager)).headers["ETag"]
    response = await client.put(
        url,
        json=request_example("put", path, "WorkAgreementChange"),
        headers={**manager, "If-Match": etag},
    )
    _as_documented(response, "put", path)

    path = "/talks/{talkId}/contributions"
    response = await client.post(
        f"{talk}/contributions", json=request_example("post", path), headers=employee
    )
    _as_documented(response, "post", path)

    path = "/talks/{talkId}/approvals"
    version = (await client.get(f"{base}/agreement-set", headers=manager)).json()["version"]
    for party, headers in (("manager", manager), ("employee", employee)):
        body = {**request_example("post", path), "setVersion": version, "party": party}
        response = await client.post(f"{talk}/approvals", json=body, headers=headers)
        _as_documented(response, "post", path)

    path = "/clock/advances"  # a week on: the day of the talk
    hr = auth(role="hr", sub=ex.HR)
    response = await client.post(
        "/v1/clock/advances", json=request_example("post", path), headers=hr
    )
    assert _as_documented(response, "post", path)["today"] == "2027-03-22"

    path = "/talks/{talkId}/completions"
    body = {**request_example("post", path), "attendeeIds": []}  # nobody else attended
    response = await client.post(f"{talk}/completions", json=body, headers=manager)
    _as_documented(response, "post", path)
    return (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()


async def test_the_appraisal_examples_are_accepted_as_documented(client, story, auth):
    """The appraisal of the cycle with the examples: rated, shared a week ahead (R6.3), held,
    signed as seen with objections (R6.11), heard and finalised in part (R6.12), rewarded."""
    cycle = await planning_talk(client, auth)
    manager = auth(role="manager", sub=ex.MANAGER)
    employee = auth(role="employee", sub=ex.EMPLOYEE)
    hr = auth(role="hr", sub=ex.HR)
    appraisal_talk = next(t for t in cycle["talks"] if t["kind"] == "appraisal")
    talk = f"/v1/talks/{appraisal_talk['id']}"

    path = "/clock"  # late in the cycle, when the appraisal is drafted
    body = {**request_example("put", path), "today": "2027-11-15"}
    _as_documented(await client.put("/v1/clock", json=body, headers=hr), "put", path)

    path = "/talks/{talkId}/ratings"
    draft = (await client.get(f"{talk}/appraisal", headers=manager)).json()
    refs = {kind: [i["ref"] for i in draft["items"] if i["item"] == kind] for kind in _KINDS}
    body = request_example("put", path)  # the agreements' ids are the service's
    body["work"][0]["agreementId"] = refs["work"][0]
    body["development"][0]["agreementId"] = refs["development"][0]
    body["career"][0]["agreementId"] = refs["career"][0]
    assert body["competencies"][0]["code"] in refs["competency"]
    response = await client.put(f"{talk}/ratings", json=body, headers=manager)
    rated = _as_documented(response, "put", path)
    etag = response.headers["ETag"]
    complete = complete_ratings(rated)
    response = await client.put(
        f"{talk}/ratings", json=complete, headers={**manager, "If-Match": etag}
    )
    assert response.status_code == 200, response.text

    path = "/talks/{talkId}/draft-shares"
    _as_documented(await client.post(f"{talk}/draft-shares", headers=manager), "post", path)

    path = "/clock/advances"  # R6.3: the talk a week after the draft was shared
    days = request_example("post", path)
    response = await client.post("/v1/clock/advances", json=days, headers=hr)
    today = _as_documented(response, "post", path)["today"]
    response = await client.post(
        f"{talk}/completions", json={"heldOn": today, "attendeeIds": []}, headers=manager
    )
    assert response.status_code == 201, response.text

    path = "/talks/{talkId}/signatures"
    version = (await client.get(f"{talk}/appraisal", headers=manager)).json()["contentVersion"]
    signed = {"contentVersion": version, "party": "manager"}  # the manager signs first
    _as_documented(
        await client.post(f"{talk}/signatures", json=signed, headers=manager), "post", path
    )
    body = {**request_example("post", path), "contentVersion": version, "kind": "seen"}
    response = await client.post(f"{talk}/signatures", json=body, headers=employee)
    _as_documented(response, "post", path)  # seen, not agreed: objections follow (R6.11)

    for path, headers in (
        ("/talks/{talkId}/objections", employee),
        ("/talks/{talkId}/objection-hearings", manager),
    ):
        body = request_example("post", path)
        if "heldOn" in body:  # heard today, within the two weeks of R6.12
            body = {**body, "heldOn": today}
        url = talk + "/" + path.rsplit("/", 1)[-1]
        _as_documented(await client.post(url, json=body, headers=headers), "post", path)

    # R6.12: the objections met in part: one competency rated higher, as the example says.
    read = await client.get(f"{talk}/appraisal", headers=manager)
    competency = refs["competency"][0]
    changed = complete_ratings(read.json(), **{competency: 5})
    response = await client.put(
        f"{talk}/ratings", json=changed, headers={**manager, "If-Match": read.headers["ETag"]}
    )
    assert response.status_code == 200, response.text
    resign = {"contentVersion": response.json()["contentVersion"], "party": "manager"}
    response = await client.post(f"{talk}/signatures", json=resign, headers=manager)
    assert response.status_code == 201, response.text  # R6.11: the change voids the signature

    path = "/talks/{talkId}/finalisations"
    body = request_example("post", path)
    response = await client.post(f"{talk}/finalisations", json=body, headers=manager)
    final = _as_documented(response, "post", path)
    assert final["state"] == "finalised" and final["response"] == body["response"]

    path = "/talks/{talkId}/rewards"
    response = await client.post(
        f"{talk}/rewards", json=request_example("post", path), headers=manager
    )
    assert (
        _as_documented(response, "post", path)["reward"]
        == request_example("post", path)["description"]
    )


_KINDS = ("work", "competency", "development", "career")
