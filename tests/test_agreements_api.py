"""The competency set, agreements, weights, approvals, decisions and contributions over HTTP
(Articles 3–5), with the test clock frozen on TODAY (2026-11-29, in the cycle 2026–2027)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.models import AgreementVersion, AuditEvent
from tests.agreements import WORK, agree
from tests.appraisals import share
from tests.cycles import current_cycle, cycles_of, talk_of
from tests.org import EMPLOYEE, MAIN_TASKS, MANAGER, NEWCOMER
from tests.sql_counter import count_statements


@pytest.fixture
async def cycle(client, org, manager) -> dict:
    return await current_cycle(client, manager)


def url(cycle: dict, tail: str = "") -> str:
    return f"/v1/cycles/{cycle['id']}{tail}"


async def compose(client, cycle, headers, chosen=(), crucial=(), **extra):
    return await client.put(
        url(cycle, "/competency-set"),
        json={"chosen": list(chosen), "crucial": list(crucial)},
        headers={**headers, **extra},
    )


async def add(client, cycle, headers, body=WORK):
    return await client.post(url(cycle, "/agreements"), json=body, headers=headers)


async def the_set(client, cycle, headers, **params) -> dict:
    response = await client.get(url(cycle, "/agreement-set"), params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def approve(client, talk_id, headers, version, **extra):
    return await client.post(
        f"/v1/talks/{talk_id}/approvals", json={"setVersion": version, **extra}, headers=headers
    )


async def hold(client, talk_id, headers, day="2026-11-20"):
    return await client.post(
        f"/v1/talks/{talk_id}/completions", json={"heldOn": day}, headers=headers
    )


# --- the competency set (Article 3) ----------------------------------------------------------


async def test_r3_2_r3_4_the_manager_composes_the_set_and_the_employee_reads_it(
    client, cycle, manager, employee
):
    composed = await compose(
        client, cycle, manager, chosen=["analyseren", "initiatief"], crucial=["integriteit"]
    )
    assert composed.status_code == 200, composed.text
    assert composed.headers["ETag"]
    body = composed.json()
    # R3.2: three core, the profile's four specific ones, two additions: nine in all (T3.2).
    assert [m["source"] for m in body["members"]] == ["core"] * 3 + ["profile"] * 4 + ["chosen"] * 2
    assert body["guideVersion"] == "2014" and body["competencyProfile"] == "beleidsmedewerker"
    # R3.4: function scale 10 → level 2, for every member.
    assert body["functionScale"] == 10 and {m["level"] for m in body["members"]} == {2}
    seen = await client.get(url(cycle, "/competency-set"), headers=employee)
    assert seen.status_code == 200 and seen.headers["Cache-Control"] == "no-store"
    integrity = next(m for m in seen.json()["members"] if m["code"] == "integriteit")
    assert integrity["crucial"] is True and integrity["behaviours"] and integrity["tips"]
    others = [m for m in seen.json()["members"] if m["code"] != "integriteit"]
    assert not any(m["crucial"] for m in others)


async def test_r6_7_crucial_competencies_must_be_in_the_set(client, cycle, manager):
    response = await compose(client, cycle, manager, crucial=["onderhandelen"])
    assert response.status_code == 400, response.text
    assert response.json()["rule"] == "R6.7"
    assert response.json()["invalidParams"][0]["name"] == "crucial.0"
    assert (await client.get(url(cycle, "/competency-set"), headers=manager)).status_code == 404


@pytest.mark.parametrize(
    ("chosen", "rule", "code"),
    [
        (["analyseren", "initiatief", "vernieuwen"], "R3.2", "too-many-additions"),  # a tenth
        (["analyseren", "analyseren"], "R3.2", "competency-chosen-twice"),
        (["samenwerken"], "R3.2", "competency-already-in-profile"),
        (["klantvriendelijkheid"], "R3.2", "competency-not-in-guide"),  # not in version 2014
    ],
)
async def test_r3_2_compositions_the_guide_does_not_allow_are_refused(
    client, cycle, manager, chosen, rule, code
):
    response = await compose(client, cycle, manager, chosen=chosen)
    assert response.status_code == 422, response.text
    assert (response.json()["rule"], response.json()["code"]) == (rule, code)
    assert (await client.get(url(cycle, "/competency-set"), headers=manager)).status_code == 404
    assert (await the_set(client, cycle, manager))["version"] == 0


async def test_t3_2_nothing_is_added_to_a_steering_profile(client, org, auth):
    director = auth(role="manager", sub="900001")
    team_manager = await current_cycle(client, director, "100002")  # P-TM: teammanager
    response = await compose(client, team_manager, director, chosen=["analyseren"])
    assert response.status_code == 422 and response.json()["rule"] == "T3.2"
    plain = await compose(client, team_manager, director)
    assert plain.status_code == 200 and len(plain.json()["members"]) == 9


async def test_r3_2_only_the_manager_composes_the_set(client, cycle, employee, hr):
    assert (await compose(client, cycle, employee)).status_code == 403
    assert (await compose(client, cycle, hr)).status_code == 403


async def test_recomposing_needs_if_match_and_keeps_every_revision(client, cycle, manager):
    first = await compose(client, cycle, manager)
    assert first.json()["revision"] == 1
    missing = await compose(client, cycle, manager, chosen=["analyseren"])
    assert missing.status_code == 428
    stale = await compose(client, cycle, manager, chosen=["analyseren"], **{"If-Match": '"x"'})
    assert stale.status_code == 412
    second = await compose(
        client, cycle, manager, chosen=["analyseren"], **{"If-Match": first.headers["ETag"]}
    )
    assert second.status_code == 200 and second.json()["revision"] == 2
    same = await compose(
        client, cycle, manager, chosen=["analyseren"], **{"If-Match": second.headers["ETag"]}
    )
    assert same.json()["revision"] == 2  # unchanged: no new revision, no new version
    assert (await the_set(client, cycle, manager))["version"] == 2


async def test_r4_1_a_set_that_drops_a_development_subject_is_refused(client, cycle, manager):
    composed = await compose(client, cycle, manager, chosen=["analyseren"])
    development = {
        "kind": "development",
        "description": "Cijfers beter lezen",
        "subject": "competency",
        "competencyCode": "analyseren",
        "method": "training",
        "dueDate": "2027-03-01",
    }
    assert (await add(client, cycle, manager, development)).status_code == 201
    response = await compose(client, cycle, manager, **{"If-Match": composed.headers["ETag"]})
    assert response.status_code == 422 and response.json()["rule"] == "R4.1"


# --- agreements (R4.1–R4.5) ------------------------------------------------------------------


async def test_r4_5_a_work_agreement_is_measurable_and_due_inside_the_cycle(client, cycle, manager):
    for body, field in (
        ({**WORK, "measure": None}, "measure"),
        ({**WORK, "measure": "  "}, "measure"),
        ({k: v for k, v in WORK.items() if k != "dueDate"}, "dueDate"),
        ({**WORK, "dueDate": "2028-01-01"}, "dueDate"),
        ({**WORK, "dueDate": "2025-12-31"}, "dueDate"),
    ):
        response = await add(client, cycle, manager, body)
        assert response.status_code == 400, response.text
        assert response.json()["rule"] == "R4.5"
        assert [p["name"] for p in response.json()["invalidParams"]] == [field]
    listed = await client.get(url(cycle, "/agreements"), headers=manager)
    assert listed.json()["items"] == []
    created = await add(client, cycle, manager, {**WORK, "dueDate": "2027-12-31"})
    assert created.status_code == 201 and created.json()["version"] == 1
    assert created.headers["ETag"]
    # Issue 19: Location names the agreement, and reading it there gives the same.
    location = created.headers["Location"]
    assert location == url(cycle, f"/agreements/{created.json()['id']}")
    read = await client.get(location, headers=manager)
    assert read.status_code == 200 and read.json() == created.json()


async def test_r4_1_a_work_agreement_comes_from_a_main_task_of_the_function_profile(
    client, cycle, manager
):
    wrong = await add(client, cycle, manager, {**WORK, "mainTask": "Koffie zetten"})
    assert wrong.status_code == 400 and wrong.json()["rule"] == "R4.1"
    right = await add(client, cycle, manager, {**WORK, "mainTask": MAIN_TASKS["P22"][0]})
    assert right.status_code == 201 and right.json()["mainTask"] == MAIN_TASKS["P22"][0]


async def test_r4_1_a_work_agreement_names_its_main_task_when_the_profile_has_them(
    client, cycle, manager
):
    # Art. 4.1 a: "op basis van de hoofdtaken uit het functieprofiel". P22 has main tasks.
    missing = await add(client, cycle, manager, {**WORK, "mainTask": None})
    assert missing.status_code == 400
    problem = missing.json()
    assert problem["rule"] == "R4.1"
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [("mainTask", "missing")]
    listed = await client.get(url(cycle, "/agreements"), headers=manager)
    assert listed.json()["items"] == []


async def test_r4_1_a_development_agreement_is_on_the_set_or_the_knowledge_level(
    client, cycle, manager
):
    development = {
        "kind": "development",
        "description": "Onderhandelen leren",
        "subject": "competency",
        "competencyCode": "onderhandelen",
        "method": "coaching",
        "dueDate": "2027-03-01",
    }
    no_set = await add(client, cycle, manager, development)
    assert no_set.status_code == 400 and no_set.json()["rule"] == "R4.1"
    await compose(client, cycle, manager)
    outside = await add(client, cycle, manager, development)
    assert outside.status_code == 400 and outside.json()["rule"] == "R4.1"
    assert outside.json()["invalidParams"][0]["name"] == "competencyCode"
    inside = await add(client, cycle, manager, {**development, "competencyCode": "integriteit"})
    assert inside.status_code == 201
    knowledge = {**development, "subject": "knowledge", "competencyCode": None}
    assert (await add(client, cycle, manager, knowledge)).status_code == 201


async def test_t4_1_r4_3_career_agreements_and_conditions_are_recorded_without_weight(
    client, cycle, manager, employee
):
    career = {
        "kind": "career",
        "description": "Minder uren in de laatste twee jaar",
        "careerType": "approaching-retirement",
    }
    assert (await add(client, cycle, manager, career)).status_code == 201
    condition = {"kind": "condition", "description": "Een rustige werkplek op dinsdag"}
    assert (await add(client, cycle, manager, condition)).status_code == 201
    assert (await add(client, cycle, manager, WORK)).status_code == 201
    items = (await the_set(client, cycle, employee))["agreements"]
    assert [(a["kind"], a["effectiveWeight"]) for a in items] == [
        ("career", None),
        ("condition", None),
        ("work", 100.0),
    ]
    bad = await add(client, cycle, manager, {**career, "careerType": "promotion"})
    assert bad.status_code == 400


async def test_r4_1_only_the_manager_writes_agreements(client, cycle, employee, hr, auth):
    assert (await add(client, cycle, employee)).status_code == 403
    assert (await add(client, cycle, hr)).status_code == 403
    reporting = auth(client="reporting", scopes=["cycles:read"])
    assert (await client.get(url(cycle), headers=reporting)).status_code == 200
    # A service client sees the cycle but never its agreements.
    for tail in ("/agreement-set", "/agreements", "/competency-set"):
        assert (await client.get(url(cycle, tail), headers=reporting)).status_code == 403


async def test_r4_1_agreements_are_not_written_after_the_cycle_ended(client, cycle, manager, hr):
    assert (await add(client, cycle, manager)).status_code == 201
    await client.put("/v1/clock", json={"today": "2028-01-05"}, headers=hr)
    response = await add(client, cycle, manager)
    assert response.status_code == 422, response.text
    assert (response.json()["rule"], response.json()["code"]) == ("R4.1", "cycle-ended")
    assert len((await the_set(client, cycle, manager))["agreements"]) == 1


# --- weights (R4.2) --------------------------------------------------------------------------


async def _two_work(client, cycle, manager) -> list[str]:
    ids = []
    for description in ("Nota A", "Nota B"):
        created = await add(client, cycle, manager, {**WORK, "description": description})
        ids.append(created.json()["id"])
    return ids


async def put_weights(client, cycle, headers, body, etag=None):
    if etag is None:
        etag = (await client.get(url(cycle, "/agreement-set"), headers=headers)).headers["ETag"]
    return await client.put(
        url(cycle, "/agreement-set/weights"), json=body, headers={**headers, "If-Match": etag}
    )


async def test_r4_2_work_agreements_weigh_equally_by_default(client, cycle, manager):
    await _two_work(client, cycle, manager)
    agreements = (await the_set(client, cycle, manager))["agreements"]
    assert [a["effectiveWeight"] for a in agreements] == [50.0, 50.0]
    assert [a["weight"] for a in agreements] == [None, None]


@pytest.mark.parametrize(
    ("percents", "code"),
    [((60, 30), "sum_not_100"), ((70, 40), "sum_not_100"), ((100, 0), "not_positive")],
)
async def test_r4_2_custom_weights_are_positive_and_add_up_to_100(
    client, cycle, manager, percents, code
):
    ids = await _two_work(client, cycle, manager)
    before = await the_set(client, cycle, manager)
    body = {
        "weighting": "custom",
        "weights": [{"agreementId": i, "percent": p} for i, p in zip(ids, percents, strict=True)],
    }
    response = await put_weights(client, cycle, manager, body)
    assert response.status_code == 400, response.text
    assert response.json()["rule"] == "R4.2"
    assert code in [p["code"] for p in response.json()["invalidParams"]]
    assert await the_set(client, cycle, manager) == before  # nothing stored


async def test_r4_2_custom_weights_make_new_versions_and_need_every_work_agreement(
    client, cycle, manager, employee
):
    ids = await _two_work(client, cycle, manager)
    missing = await put_weights(
        client,
        cycle,
        manager,
        {"weighting": "custom", "weights": [{"agreementId": ids[0], "percent": 100}]},
    )
    assert missing.status_code == 400 and missing.json()["invalidParams"][0]["code"] == "incomplete"
    body = {
        "weighting": "custom",
        "weights": [{"agreementId": ids[0], "percent": 70}, {"agreementId": ids[1], "percent": 30}],
    }
    assert (await put_weights(client, cycle, manager, body, etag='"stale"')).status_code == 412
    no_etag = await client.put(url(cycle, "/agreement-set/weights"), json=body, headers=manager)
    assert no_etag.status_code == 428
    done = await put_weights(client, cycle, manager, body)
    assert done.status_code == 200, done.text
    assert done.json()["weighting"] == "custom"
    assert [a["effectiveWeight"] for a in done.json()["agreements"]] == [70.0, 30.0]
    history = await client.get(url(cycle, f"/agreements/{ids[0]}/versions"), headers=employee)
    assert [v["change"] for v in history.json()["items"]] == ["created", "reweighted"]
    # A new work agreement under custom weights blocks approval until the weights are set.
    await compose(client, cycle, manager)
    await add(client, cycle, manager, {**WORK, "description": "Nota C"})
    state = await the_set(client, cycle, manager)
    assert [b["rule"] for b in state["blockers"]] == ["R4.2"]
    talk = state["currentTalk"]["talkId"]
    refused = await approve(client, talk, manager, state["version"])
    assert refused.status_code == 422 and refused.json()["rule"] == "R4.2"
    equal = await put_weights(client, cycle, manager, {"weighting": "equal"})
    assert [a["effectiveWeight"] for a in equal.json()["agreements"]] == [33.33] * 3
    with_weights = await put_weights(client, cycle, manager, {**body, "weighting": "equal"})
    assert with_weights.status_code == 400 and with_weights.json()["rule"] == "R4.2"


# --- approval and disagreement (R4.6, R4.7) -----------------------------------------------------


async def test_r4_6_an_approval_is_bound_to_its_version_and_a_change_voids_it(
    client, cycle, manager, employee
):
    planning = talk_of(cycle, "planning")["id"]
    agreed = await agree(client, cycle["id"], planning, manager, employee)
    work = agreed["agreements"][0]
    etag = (await client.get(url(cycle, f"/agreements/{work['id']}"), headers=manager)).headers[
        "ETag"
    ]
    changed = await client.put(
        url(cycle, f"/agreements/{work['id']}"),
        json={**WORK, "measure": "Vastgesteld door de raad", "change": "refined"},
        headers={**manager, "If-Match": etag},
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    after = await the_set(client, cycle, employee)
    assert after["version"] == agreed["version"] + 1
    assert after["currentTalk"]["outcome"] == "open"
    assert [a["void"] for a in after["currentTalk"]["approvals"]] == [True, True]
    refused = await hold(client, planning, manager)
    assert refused.status_code == 422 and refused.json()["rule"] == "R4.6"
    old = await approve(client, planning, employee, agreed["version"])
    assert old.status_code == 409 and old.json()["code"] == "set-version-changed"
    for headers in (manager, employee):
        assert (await approve(client, planning, headers, after["version"])).status_code == 201
    again = await approve(client, planning, employee, after["version"])
    assert again.status_code == 409
    assert (await hold(client, planning, manager)).status_code == 201
    final = await the_set(client, cycle, employee)
    assert final["ratedVersion"] == after["version"]
    assert final["agreedTalks"] == [
        {
            "talkId": planning,
            "kind": "planning",
            "status": "held",
            "setVersion": after["version"],
            "outcome": "approved",
        }
    ]


async def test_r4_6_an_approval_for_someone_else_is_refused(client, cycle, manager, employee, hr):
    await compose(client, cycle, manager)
    await add(client, cycle, manager)
    planning = talk_of(cycle, "planning")["id"]
    for_manager = await approve(client, planning, employee, 2, party="manager")
    assert for_manager.status_code == 403 and for_manager.json()["rule"] == "R4.6"
    for_employee = await approve(client, planning, manager, 2, party="employee")
    assert for_employee.status_code == 403 and for_employee.json()["rule"] == "R4.6"
    assert (await approve(client, planning, hr, 2)).status_code == 403
    listed = await client.get(f"/v1/talks/{planning}/approvals", headers=employee)
    assert listed.json()["items"] == []
    own = await approve(client, planning, employee, 2, party="employee")
    assert own.status_code == 201 and own.json()["party"] == "employee"


async def test_r4_6_the_planning_talk_is_held_only_with_an_agreed_set(client, cycle, manager):
    planning = talk_of(cycle, "planning")["id"]
    refused = await hold(client, planning, manager)
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("R4.6", "agreements-not-agreed")
    blocked = await the_set(client, cycle, manager)
    assert [b["rule"] for b in blocked["blockers"]] == ["R3.2", "R4.1"]
    assert "approve" not in blocked["actions"]
    empty = await approve(client, planning, manager, 0)
    assert empty.status_code == 422 and empty.json()["rule"] == "R3.2"


async def test_r4_7_the_manager_decides_and_the_employees_view_stays(
    client, cycle, manager, employee
):
    planning = talk_of(cycle, "planning")["id"]
    await compose(client, cycle, manager)
    await add(client, cycle, manager)
    view = await client.post(
        f"/v1/talks/{planning}/contributions",
        json={"kind": "view", "text": "Deze norm is te hoog."},
        headers=employee,
    )
    assert view.status_code == 201
    not_hers = await client.post(
        f"/v1/talks/{planning}/manager-decisions",
        json={"setVersion": 2, "reason": "Ik beslis zelf"},
        headers=employee,
    )
    assert not_hers.status_code == 403 and not_hers.json()["rule"] == "R4.7"
    no_reason = await client.post(
        f"/v1/talks/{planning}/manager-decisions", json={"setVersion": 2}, headers=manager
    )
    assert no_reason.status_code == 400
    decided = await client.post(
        f"/v1/talks/{planning}/manager-decisions",
        json={
            "setVersion": 2,
            "reason": "De norm geldt voor het hele team.",
            "employeeView": "Te hoog",
        },
        headers=manager,
    )
    assert decided.status_code == 201, decided.text
    body = decided.json()
    assert body["rule"] == "R4.7" and body["employeeView"] == "Te hoog"
    assert [v["text"] for v in body["employeeViews"]] == ["Deze norm is te hoog."]
    state = await the_set(client, cycle, employee)
    assert state["currentTalk"]["outcome"] == "decided"
    assert state["currentTalk"]["decision"]["employeeViews"][0]["author"] == EMPLOYEE
    assert (await hold(client, planning, manager)).status_code == 201
    assert (await the_set(client, cycle, manager))["agreedTalks"][0]["outcome"] == "decided"


# --- topics and views (R4.4, R5.3) -----------------------------------------------------------


async def test_r4_4_both_bring_in_topics_and_views_and_both_see_them(
    client, cycle, manager, employee, hr
):
    planning = talk_of(cycle, "planning")["id"]
    contributions = f"/v1/talks/{planning}/contributions"
    mine = await client.post(
        contributions, json={"kind": "topic", "text": "Thuiswerken"}, headers=employee
    )
    assert mine.status_code == 201
    assert (mine.json()["party"], mine.json()["author"]) == ("employee", EMPLOYEE)
    theirs = await client.post(
        contributions, json={"kind": "view", "text": "Prima"}, headers=manager
    )
    assert (theirs.json()["party"], theirs.json()["author"]) == ("manager", MANAGER)
    refused = await client.post(contributions, json={"kind": "topic", "text": "x"}, headers=hr)
    assert refused.status_code == 403 and refused.json()["rule"] == "R4.4"
    for headers in (employee, manager, hr):
        listed = await client.get(contributions, headers=headers)
        assert [c["text"] for c in listed.json()["items"]] == ["Thuiswerken", "Prima"]
    unknown = await client.post(
        contributions,
        json={"kind": "view", "text": "x", "agreementId": cycle["id"]},
        headers=employee,
    )
    assert unknown.status_code == 400
    await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    late = await client.post(
        contributions, json={"kind": "topic", "text": "Te laat"}, headers=employee
    )
    assert late.status_code == 409


# --- the progress talk (Article 5) -----------------------------------------------------------


async def test_r5_2_changes_in_the_progress_talk_are_new_versions_with_their_history(
    client, cycle, manager, employee
):
    planning, progress = talk_of(cycle, "planning")["id"], talk_of(cycle, "progress")["id"]
    agreed = await agree(client, cycle["id"], planning, manager, employee)
    assert (await hold(client, planning, manager)).status_code == 201
    work = agreed["agreements"][0]["id"]
    get = await client.get(url(cycle, f"/agreements/{work}"), headers=manager)
    changed = await client.put(
        url(cycle, f"/agreements/{work}"),
        json={**WORK, "dueDate": "2027-09-30", "change": "adjusted", "reason": "Vertraging"},
        headers={**manager, "If-Match": get.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["talkId"], changed.json()["change"]) == (progress, "adjusted")
    ended = await client.post(
        url(cycle, f"/agreements/{work}/endings"),
        json={"reason": "Opdracht vervallen"},
        headers={**manager, "If-Match": changed.headers["ETag"]},
    )
    assert ended.status_code == 201 and ended.json()["status"] == "ended"
    stale = await client.put(
        url(cycle, f"/agreements/{work}"),
        json={**WORK, "change": "adjusted"},
        headers={**manager, "If-Match": changed.headers["ETag"]},
    )
    assert stale.status_code == 412
    history = (
        await client.get(url(cycle, f"/agreements/{work}/versions"), headers=employee)
    ).json()
    assert [(v["version"], v["change"], v["talkId"]) for v in history["items"]] == [
        (1, "created", planning),
        (2, "adjusted", progress),
        (3, "ended", progress),
    ]
    assert (
        history["items"][1]["dueDate"] == "2027-09-30"
        and history["items"][1]["changedBy"] == MANAGER
    )
    assert history["items"][0]["dueDate"] == WORK["dueDate"]  # nothing overwritten
    # The set as it stood when the planning talk agreed on it.
    then = await the_set(client, cycle, employee, version=agreed["version"])
    assert then["asOfVersion"] == agreed["version"]
    assert [a["version"] for a in then["agreements"]] == [1]
    # A new work agreement in the progress talk, then both approve and the talk is held.
    await add(client, cycle, manager, {**WORK, "description": "Nieuwe nota"})
    now = await the_set(client, cycle, manager)
    assert now["currentTalk"]["talkId"] == progress
    for headers in (manager, employee):
        assert (await approve(client, progress, headers, now["version"])).status_code == 201
    assert (await hold(client, progress, manager)).status_code == 201
    final = await the_set(client, cycle, employee)
    assert [t["kind"] for t in final["agreedTalks"]] == ["planning", "progress"]
    assert final["ratedVersion"] == now["version"]
    assert final["currentTalk"] is None and final["actions"] == []
    closed = await add(client, cycle, manager)
    assert closed.status_code == 409 and closed.json()["rule"] == "R5.2"


async def test_r5_4_the_manager_decides_in_the_progress_talk(client, cycle, manager, employee):
    planning, progress = talk_of(cycle, "planning")["id"], talk_of(cycle, "progress")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    version = (await the_set(client, cycle, manager))["version"]
    early = await approve(client, talk_of(cycle, "appraisal")["id"], manager, version)
    assert early.status_code == 409 and early.json()["code"] == "not-an-agreement-talk"
    alone = await client.post(
        f"/v1/talks/{progress}/manager-decisions",
        json={"setVersion": version, "reason": "Ongewijzigd voortzetten"},
        headers=manager,
    )
    # R5.4: only when they disagree, and the employee's view is on record first.
    assert alone.status_code == 422, alone.text
    assert (alone.json()["rule"], alone.json()["code"]) == ("R5.4", "disagreement-not-on-record")
    decided = await client.post(
        f"/v1/talks/{progress}/manager-decisions",
        json={
            "setVersion": version,
            "reason": "Ongewijzigd voortzetten",
            "employeeView": "Wil de norm verlagen",
        },
        headers=manager,
    )
    assert decided.status_code == 201 and decided.json()["rule"] == "R5.4"
    refused = await client.post(
        f"/v1/talks/{progress}/contributions", json={"kind": "topic", "text": "x"}, headers={}
    )
    assert refused.status_code == 401


async def test_r5_2_a_progress_talk_waits_for_the_planning_talk(client, cycle, manager, employee):
    await compose(client, cycle, manager)
    await add(client, cycle, manager)
    progress = talk_of(cycle, "progress")["id"]
    response = await approve(client, progress, manager, 2)
    assert response.status_code == 409 and response.json()["code"] == "not-the-agreement-talk"
    held = await hold(client, progress, manager)
    assert held.status_code == 422 and held.json()["rule"] == "R5.2"


# --- storage ---------------------------------------------------------------------------------


async def test_r5_2_versions_are_append_only_in_the_database(client, cycle, manager, session):
    assert (await add(client, cycle, manager)).status_code == 201
    audited = await session.scalar(
        select(func.count()).where(AuditEvent.resource_type == "agreement-version")
    )
    assert audited == 1
    for statement in (
        "UPDATE agreement_version SET description = 'x'",
        "DELETE FROM agreement_version",
        "TRUNCATE talk_contribution",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement))
    assert await session.scalar(select(func.count()).select_from(AgreementVersion)) == 1


async def test_reading_the_set_takes_a_constant_number_of_statements(
    client, cycle, manager, engine
):
    await compose(client, cycle, manager)
    await add(client, cycle, manager)
    with count_statements(engine) as one:
        await the_set(client, cycle, manager)
    for n in range(8):
        await add(client, cycle, manager, {**WORK, "description": f"Nota {n}"})
    with count_statements(engine) as many:
        state = await the_set(client, cycle, manager)
    assert len(state["agreements"]) == 9
    # The test clock, then the set with everything it is made of in one statement (issue 14).
    assert many.count == one.count == 2


async def test_t2_1_a_bridging_cycle_carries_the_probation_agreements_over(
    client, org, manager, auth
):
    hris = auth(client="hris", scopes=["people:write"])
    body = {
        **NEWCOMER,
        "entryDate": "2026-02-01",
        "managerFrom": "2026-02-01",
        "probation": True,
        "probationDecisionDate": "2027-02-01",
    }
    assert (await client.put("/v1/employees/300007", json=body, headers=hris)).status_code == 201
    probation, bridging = await cycles_of(client, manager, "300007")
    assert (probation["kind"], bridging["kind"]) == ("probation", "bridging")
    await compose(client, probation, manager)
    assert (
        await add(client, probation, manager, {**WORK, "dueDate": "2027-01-15"})
    ).status_code == 201
    carried = await the_set(client, bridging, manager)
    assert carried["carriedOverFrom"] == probation["id"] and carried["cycleId"] == bridging["id"]
    assert [a["description"] for a in carried["agreements"]] == [WORK["description"]]
    assert carried["currentTalk"] is None and carried["actions"] == []
    competency_set = await client.get(url(bridging, "/competency-set"), headers=manager)
    assert competency_set.status_code == 200 and competency_set.json()["cycleId"] == probation["id"]
    refused = await add(client, bridging, manager)
    assert refused.status_code == 409, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("T2.1", "agreements-carried-over")
    # An extra progress talk in the bridging cycle: held without agreeing (nothing to agree).
    extra = await client.post(
        url(bridging, "/talks"),
        json={"kind": "progress", "dueDate": "2027-06-01", "reason": "Tussentijds"},
        headers=manager,
    )
    assert extra.status_code == 201 and "mark-held" in extra.json()["actions"]
    # Art. 5.2: the carried-over set is now agreed on (and adjusted) in that talk.
    approval = await approve(client, extra.json()["id"], manager, 2)
    assert approval.status_code == 201, approval.text


async def test_t2_1_r5_2_a_progress_talk_in_a_bridging_cycle_adjusts_the_carried_agreements(
    client, org, manager, auth, hr
):
    # Art. 5.2: "Zo nodig worden de afspraken nader ingevuld, aangevuld dan wel bijgesteld."
    hris = auth(client="hris", scopes=["people:write"])
    body = {
        **NEWCOMER,
        "entryDate": "2026-02-01",
        "managerFrom": "2026-02-01",
        "probation": True,
        "probationDecisionDate": "2027-02-01",
    }
    assert (await client.put("/v1/employees/300007", json=body, headers=hris)).status_code == 201
    newcomer = auth(role="employee", sub="300007")
    listed = await cycles_of(client, manager, "300007")
    probation, bridging = [(await client.get(url(c), headers=manager)).json() for c in listed]
    await compose(client, probation, manager)
    work = (await add(client, probation, manager, {**WORK, "dueDate": "2027-01-15"})).json()
    planning = talk_of(probation, "planning")["id"]
    version = (await the_set(client, probation, manager))["version"]
    for who in (manager, newcomer):
        assert (await approve(client, planning, who, version)).status_code == 201
    assert (await hold(client, planning, manager, "2026-03-01")).status_code == 201
    # Without a progress talk of its own the bridging cycle changes nothing (T2.1).
    change = {**WORK, "dueDate": "2027-09-30", "change": "adjusted", "reason": "Nieuwe taak"}
    agreement_url = url(bridging, f"/agreements/{work['id']}")
    refused = await client.put(agreement_url, json=change, headers={**manager, "If-Match": "*"})
    assert (refused.status_code, refused.json()["code"]) == (409, "agreements-carried-over")
    await client.put("/v1/clock", json={"today": "2027-03-01"}, headers=hr)
    extra = await client.post(
        url(bridging, "/talks"),
        json={"kind": "progress", "dueDate": "2027-06-01", "reason": "Afspraken bijstellen"},
        headers=manager,
    )
    assert extra.status_code == 201, extra.text
    talk = extra.json()["id"]
    # Adjusted with a due date inside the bridging cycle, not before it (R4.5).
    early = {**change, "dueDate": "2027-01-15"}
    outside = await client.put(agreement_url, json=early, headers={**manager, "If-Match": "*"})
    assert outside.status_code == 400 and outside.json()["rule"] == "R4.5"
    adjusted = await client.put(agreement_url, json=change, headers={**manager, "If-Match": "*"})
    assert adjusted.status_code == 200, adjusted.text
    assert (adjusted.json()["talkId"], adjusted.json()["version"]) == (talk, 2)
    supplemented = await add(
        client, bridging, manager, {**WORK, "description": "Inwerken nieuwe collega"}
    )
    assert supplemented.status_code == 201, supplemented.text
    # The competency set stays as carried over.
    assert (await compose(client, bridging, manager, **{"If-Match": "*"})).status_code == 409
    carried = await the_set(client, bridging, manager)
    assert carried["carriedOverFrom"] == probation["id"]
    assert carried["currentTalk"]["talkId"] == talk
    assert [a["dueDate"] for a in carried["agreements"]] == ["2027-09-30", "2027-06-30"]
    # Both approve in the bridging cycle's progress talk (R5.2), and it is held.
    for who in (manager, newcomer):
        approved = await approve(client, talk, who, carried["version"])
        assert approved.status_code == 201, approved.text
    assert (await hold(client, talk, manager, "2027-03-01")).status_code == 201
    # The bridging cycle's appraisal rates the adjusted set.
    appraisal_talk = talk_of(bridging, "appraisal")["id"]
    draft = (await client.get(f"/v1/talks/{appraisal_talk}/appraisal", headers=manager)).json()
    assert draft["ratedSetVersion"] == carried["version"]
    assert [i["title"] for i in draft["items"] if i["item"] == "work"] == [
        WORK["description"],
        "Inwerken nieuwe collega",
    ]


# --- what the review found -----------------------------------------------------------------


async def test_r4_5_r4_6_a_replanned_cycle_voids_approvals_and_blocks_dates_outside_it(
    client, cycle, manager, employee
):
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)  # work due 2027-06-30
    decision = await client.post(
        f"/v1/employees/{EMPLOYEE}/cycle-decisions",
        json={"fromYear": 2027, "reason": "Nieuwe functie-eisen (R2.2)"},
        headers=manager,
    )
    assert decision.status_code == 201, decision.text
    cut = (await client.get(url(cycle), headers=manager)).json()
    assert cut["endDate"] == "2026-12-31"
    state = await the_set(client, cycle, manager)
    assert state["currentTalk"]["outcome"] == "open"  # the re-plan voided both approvals
    assert [b["rule"] for b in state["blockers"]] == ["R4.5"]
    refused = await approve(client, planning, manager, state["version"])
    assert refused.status_code == 422 and refused.json()["rule"] == "R4.5"
    assert (await hold(client, planning, manager)).status_code == 422


async def test_r7_a_hardship_decision_lets_agreements_be_written_after_the_cycle(
    client, cycle, manager, employee, hr
):
    await client.put("/v1/clock", json={"today": "2028-01-05"}, headers=hr)
    state = await the_set(client, cycle, manager)
    assert "add-agreement" not in state["actions"]
    assert (await add(client, cycle, manager)).status_code == 422
    hardship = await client.post(
        "/v1/hardship-decisions",
        json={
            "reference": "B&W 2028/3",
            "reason": "Langdurig ziek: de afspraken worden alsnog vastgelegd.",
            "rule": "R4.1",
            "cycleId": cycle["id"],
        },
        headers=hr,
    )
    assert hardship.status_code == 201, hardship.text
    for_a_talk = await client.post(
        "/v1/hardship-decisions",
        json={
            "reference": "B&W 2028/4",
            "reason": "Alleen voor het planningsgesprek.",
            "rule": "R4.1",
            "cycleId": cycle["id"],
            "talkId": talk_of(cycle, "planning")["id"],
        },
        headers=hr,
    )
    assert for_a_talk.status_code == 400
    assert for_a_talk.json()["invalidParams"][0]["name"] == "talkId"
    state = await the_set(client, cycle, manager)
    assert "add-agreement" in state["actions"]  # the actions know the decision
    assert (await add(client, cycle, manager)).status_code == 201
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    assert (await hold(client, planning, manager, day="2028-01-04")).status_code == 201


async def test_r5_2_nothing_changes_once_the_appraisal_is_held(
    client, cycle, manager, employee, hr
):
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    appraisal = talk_of(cycle, "appraisal")["id"]
    await share(client, appraisal, manager)  # R6.3: a week ahead
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    assert (await hold(client, appraisal, manager, day="2026-12-06")).status_code == 201
    state = await the_set(client, cycle, manager)
    assert state["currentTalk"] is None and state["actions"] == []
    refused = await add(client, cycle, manager)
    assert refused.status_code == 409 and refused.json()["code"] == "no-agreement-talk"
    late = await approve(client, talk_of(cycle, "progress")["id"], employee, state["version"])
    assert late.status_code == 409 and late.json()["code"] == "agreements-final"


async def test_r6_3_views_on_an_appraisal_talk_wait_for_the_shared_draft(
    client, cycle, manager, employee
):
    planning = talk_of(cycle, "planning")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    appraisal = talk_of(cycle, "appraisal")["id"]
    view = {"kind": "view", "text": "Over het concept"}
    url = f"/v1/talks/{appraisal}/contributions"
    early = await client.post(url, json=view, headers=employee)
    assert early.status_code == 409, early.text
    assert (early.json()["rule"], early.json()["code"]) == ("R6.3", "draft-not-shared")
    await share(client, appraisal, manager)
    added = await client.post(url, json=view, headers=employee)
    assert added.status_code == 201 and added.json()["party"] == "employee"
    # The views on the draft are the employee's: the manager's view is the draft itself.
    managers = await client.post(url, json={"kind": "view", "text": "Mijn kijk"}, headers=manager)
    assert managers.status_code == 403 and managers.json()["rule"] == "R6.3"
    listed = await client.get(url, headers=manager)
    assert [c["text"] for c in listed.json()["items"]] == ["Over het concept"]


async def test_r4_6_the_approvals_a_held_talk_was_agreed_with_stay_valid(
    client, cycle, manager, employee
):
    planning = talk_of(cycle, "planning")["id"]
    agreed = await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    assert (await add(client, cycle, manager, {**WORK, "description": "Later"})).status_code == 201
    listed = (await client.get(f"/v1/talks/{planning}/approvals", headers=employee)).json()
    assert [(a["setVersion"], a["void"]) for a in listed["items"]] == [
        (agreed["version"], False),
        (agreed["version"], False),
    ]
    # The history as it stood then knows nothing of what came after.
    then = await the_set(client, cycle, employee, version=1)
    assert then["agreedTalks"] == [] and then["ratedVersion"] is None
    assert then["agreements"] == [] and then["competencySetRevision"] == 1
    later = await the_set(client, cycle, employee, version=agreed["version"] + 1)
    assert later["ratedVersion"] == agreed["version"]
    future = await client.get(url(cycle, "/agreement-set?version=99"), headers=employee)
    assert future.status_code == 400


async def test_invalid_fields_of_an_agreement_are_named_as_sent(client, cycle, manager):
    response = await add(client, cycle, manager, {**WORK, "dueDate": "soon", "description": ""})
    assert response.status_code == 400, response.text
    names = sorted(p["name"] for p in response.json()["invalidParams"])
    assert names == ["description", "dueDate"]
    unknown = await add(client, cycle, manager, {"kind": "wish", "description": "x"})
    assert unknown.status_code == 400 and unknown.json()["invalidParams"][0]["name"] == "kind"


async def test_a_retried_agreement_with_an_idempotency_key_is_recorded_once(client, cycle, manager):
    keyed = {**manager, "Idempotency-Key": "agreement-1"}
    first = await add(client, cycle, keyed)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = await add(client, cycle, keyed)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and again.headers["ETag"] == first.headers["ETag"]
    state = await the_set(client, cycle, manager)
    assert len(state["agreements"]) == 1 and state["version"] == 1
    other = await add(client, cycle, keyed, {**WORK, "description": "Iets anders"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency-key-reused"


async def test_r5_3_both_bring_in_topics_for_the_progress_talk(
    client, cycle, manager, employee, hr
):
    planning, progress = talk_of(cycle, "planning")["id"], talk_of(cycle, "progress")["id"]
    await agree(client, cycle["id"], planning, manager, employee)
    await hold(client, planning, manager)
    url = f"/v1/talks/{progress}/contributions"
    for headers, party in ((employee, "employee"), (manager, "manager")):
        added = await client.post(url, json={"kind": "topic", "text": party}, headers=headers)
        assert added.status_code == 201 and added.json()["party"] == party
    refused = await client.post(url, json={"kind": "topic", "text": "x"}, headers=hr)
    assert refused.status_code == 403 and refused.json()["rule"] == "R5.3"
    listed = (await client.get(url, headers=employee)).json()["items"]
    assert [c["text"] for c in listed] == ["employee", "manager"]
