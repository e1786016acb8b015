"""The demo organisation: every employee in the right cycle with the right due dates, over
the API (today frozen on 29 November 2026)."""

from __future__ import annotations

from datetime import date

from app.demo import PEOPLE, load_demo
from tests.org import freeze_clock

TODAY = date(2026, 11, 29)
REGULAR = [("regular", "2026-01-01", "2027-12-31")]
# Hand-computed from RULES.md "The scheduling model" for the people who are not regular.
SPECIAL = {
    # R2.3/T2.1: entry 1 March 2026 on probation, decision 1 March 2027.
    "E0004": [
        ("probation", "2026-03-01", "2027-02-28"),
        ("bridging", "2027-03-01", "2027-12-31"),
    ],
    # R2.4: entry scale since 1 September 2025: one-year cycles from the entry date.
    "E0005": [
        ("entry-scale", "2026-09-01", "2027-08-31"),
        ("entry-scale", "2027-09-01", "2028-08-31"),
    ],
    "E0021": [
        ("entry-scale", "2026-08-01", "2027-07-31"),
        ("entry-scale", "2027-08-01", "2028-07-31"),
    ],
    # R2.2: the manager decided on one-year cycles from 2026 (the demo's activity).
    "E0008": [("one-year", "2026-01-01", "2026-12-31"), ("one-year", "2027-01-01", "2027-12-31")],
    # Left on 30 June 2026, before the demo was loaded: no cycle.
    "E0010": [],
    # R2.4: to be placed in the function scale on 1 January 2027: the entry-scale cycle ends
    # the day before (with its appraisal, R6.1); a joining cycle to the end of the period.
    "E0024": [("entry-scale", "2026-04-01", "2026-12-31"), ("joining", "2027-01-01", "2027-12-31")],
}
DUE = {  # (kind, sequence) → due date, for the first cycle listed
    "E0001": {("planning", 1): "2026-05-31", ("progress", 1): "2027-07-01"},
    "E0004": {
        ("planning", 1): "2026-04-01",
        ("appraisal", 1): "2026-08-01",  # entry + 5 months (R6.2)
        ("appraisal", 2): "2027-02-01",  # decision − 1 month (R6.2)
    },
    "E0005": {("planning", 1): "2026-10-01", ("appraisal", 1): "2027-08-31"},
    "E0008": {("planning", 1): "2026-05-31", ("progress", 1): "2026-09-30"},
    "E0024": {("planning", 1): "2026-05-01", ("appraisal", 1): "2026-12-31"},  # R6.1
}


async def test_every_demo_employee_is_in_the_right_cycle(client, session, auth):
    await freeze_clock(session, TODAY)
    await load_demo(session, today=TODAY)
    await session.flush()
    hr = auth(role="hr", sub="H0001")
    response = await client.get("/v1/cycles?pageSize=100", headers=hr)
    assert response.status_code == 200
    found: dict[str, list] = {}
    for c in response.json()["items"]:
        if c["status"] != "superseded":
            found.setdefault(c["employee"]["personnelNumber"], []).append(c)
    for number, *_ in PEOPLE:
        cycles = sorted(found.get(number, []), key=lambda c: c["startDate"])
        expected = SPECIAL.get(number, REGULAR)
        assert [(c["kind"], c["startDate"], c["endDate"]) for c in cycles] == expected, number
        if number in DUE:
            detail = (await client.get(f"/v1/cycles/{cycles[0]['id']}", headers=hr)).json()
            due = {(t["kind"], t["sequence"]): t["dueDate"] for t in detail["talks"]}
            for key, day in DUE[number].items():
                assert due[key] == day, (number, key)


async def test_the_demo_has_talks_at_different_stages(client, session, auth):
    await freeze_clock(session, TODAY)
    await load_demo(session, today=TODAY)
    await session.flush()
    manager = auth(role="manager", sub="T0001")
    items = (await client.get("/v1/cycles?pageSize=100", headers=manager)).json()["items"]
    by_number = {c["employee"]["personnelNumber"]: c for c in items}
    e1 = (await client.get(f"/v1/cycles/{by_number['E0001']['id']}", headers=manager)).json()
    assert {t["kind"]: t["status"] for t in e1["talks"]}["planning"] == "held"
    e2 = (await client.get(f"/v1/cycles/{by_number['E0002']['id']}", headers=manager)).json()
    assert {t["kind"]: t["status"] for t in e2["talks"]}["progress"] == "scheduled"
    e3 = (await client.get(f"/v1/cycles/{by_number['E0003']['id']}", headers=manager)).json()
    assert [r["status"] for r in e3["talkRequests"]] == ["open"]
    assert "answer-talk-request" in e3["actions"]


async def test_in_the_demo_a_manager_and_an_employee_prepare_approve_hold_and_adjust(
    client, session, auth
):
    """Done-when of the agreements issue, through the API on the demo organisation."""
    await freeze_clock(session, TODAY)
    await load_demo(session, today=TODAY)
    await session.flush()
    manager, eva = auth(role="manager", sub="T0001"), auth(role="employee", sub="E0001")
    emre = auth(role="employee", sub="E0002")
    items = (await client.get("/v1/cycles?pageSize=100", headers=manager)).json()["items"]
    by_number = {c["employee"]["personnelNumber"]: c["id"] for c in items}

    # E0001: planning agreed and held; the progress talk has one adjusted agreement.
    base = f"/v1/cycles/{by_number['E0001']}"
    state = (await client.get(f"{base}/agreement-set", headers=eva)).json()
    assert [t["kind"] for t in state["agreedTalks"]] == ["planning"]
    assert state["currentTalk"]["kind"] == "progress" and state["currentTalk"]["outcome"] == "open"
    kinds = [a["kind"] for a in state["agreements"]]
    assert kinds == ["work", "work", "development", "career", "condition"]
    assert [a["effectiveWeight"] for a in state["agreements"][:2]] == [60.0, 40.0]
    first = state["agreements"][0]
    history = (await client.get(f"{base}/agreements/{first['id']}/versions", headers=eva)).json()
    assert [v["change"] for v in history["items"]] == ["created", "reweighted", "supplemented"]
    crucial = (await client.get(f"{base}/competency-set", headers=eva)).json()["members"]
    assert [m["code"] for m in crucial if m["crucial"]] == ["integriteit"]
    # Both approve the adjusted set in the progress talk, and the manager records it held.
    progress = state["currentTalk"]["talkId"]
    for headers in (manager, eva):
        approved = await client.post(
            f"/v1/talks/{progress}/approvals",
            json={"setVersion": state["version"]},
            headers=headers,
        )
        assert approved.status_code == 201, approved.text
    held = await client.post(
        f"/v1/talks/{progress}/completions", json={"heldOn": TODAY.isoformat()}, headers=manager
    )
    assert held.status_code == 201, held.text
    after = (await client.get(f"{base}/agreement-set", headers=eva)).json()
    assert after["ratedVersion"] == state["version"]

    # E0002: the manager approved; the employee approves too and the planning talk is held.
    base = f"/v1/cycles/{by_number['E0002']}"
    waiting = (await client.get(f"{base}/agreement-set", headers=emre)).json()
    assert waiting["currentTalk"]["outcome"] == "approved-by-manager"
    assert waiting["actions"] == ["approve", "add-contribution"]
    planning = waiting["currentTalk"]["talkId"]
    done = await client.post(
        f"/v1/talks/{planning}/approvals", json={"setVersion": waiting["version"]}, headers=emre
    )
    assert done.status_code == 201, done.text
    held = await client.post(
        f"/v1/talks/{planning}/completions", json={"heldOn": TODAY.isoformat()}, headers=manager
    )
    assert held.status_code == 201, held.text

    # E0019: decided by the manager, the employee's view beside it.
    decided = (
        await client.get(f"/v1/cycles/{by_number['E0019']}/agreement-set", headers=manager)
    ).json()
    assert decided["agreedTalks"][0]["outcome"] == "decided"


async def test_the_demo_has_appraisals_in_every_state_and_a_probation_through_both(
    client, session, auth
):
    await freeze_clock(session, TODAY)
    await load_demo(session, today=TODAY)
    await session.flush()
    hr = auth(role="hr", sub="H0001")
    outcomes = (await client.get("/v1/appraisal-outcomes?pageSize=100", headers=hr)).json()
    by_number: dict[str, list] = {}
    for o in outcomes["items"]:
        by_number.setdefault(o["employee"]["personnelNumber"], []).append(o)
    states = {number: [o["state"] for o in items] for number, items in by_number.items()}
    assert states == {
        "E0019": ["draft"],
        "E0022": ["shared"],
        "E0011": ["held"],
        "E0012": ["objected"],
        "E0013": ["heard"],
        "E0016": ["finalised"],
        "E0004": ["finalised", "finalised"],
        # For the reports: other ratings, an objection answered with an explanation.
        **{n: ["finalised"] for n in ("E0007", "E0017", "E0018", "E0020", "E0023")},
        # Issue 18: objections met in part (R6.12); a formal objection partly upheld, with
        # the superseding draft (R6.12, bezwaar en beroep).
        "E0009": ["finalised"],
        "E0015": ["finalised", "draft"],
    }
    ratings = {n: by_number[n][0]["finalRating"] for n in ("E0007", "E0018", "E0023")}
    assert ratings == {"E0007": 3, "E0018": 5, "E0023": 2}
    assert [(o["probation"], o["finalRating"]) for o in by_number["E0004"]] == [(True, 4)] * 2
    assert by_number["E0016"][0]["reward"] is True
    # The draft stays invisible to its employee (R6.3); the shared one is visible.
    for number, status in (("E0019", 404), ("E0022", 200)):
        talk = by_number[number][0]["talkId"]
        employee = auth(role="employee", sub=number)
        seen = await client.get(f"/v1/talks/{talk}/appraisal", headers=employee)
        assert seen.status_code == status, (number, seen.text)
    assert by_number["E0015"][1]["supersedes"] == by_number["E0015"][0]["appraisalId"]
    partly = await client.get(f"/v1/talks/{by_number['E0009'][0]['talkId']}/appraisal", headers=hr)
    assert partly.json()["response"] == "partly-met"
    heard = by_number["E0013"][0]["talkId"]
    detail = (await client.get(f"/v1/talks/{heard}/appraisal", headers=hr)).json()
    assert detail["nextActor"] == "manager" and detail["hearingOn"] is not None


async def test_the_demo_gives_non_trivial_reports(client, session, auth):
    """Issue 8: the demo organisation's reports have something to show in every table."""
    await freeze_clock(session, TODAY)
    await load_demo(session, today=TODAY)
    await session.flush()
    hr = auth(role="hr", sub="H0001")

    async def report(path: str) -> dict:
        response = await client.get(f"/v1/reports/{path}", headers=hr)
        assert response.status_code == 200, response.text
        return response.json()

    coverage = await report("coverage")
    planning = next(t for t in coverage["talkTotals"] if t["kind"] == "planning")
    assert planning["onTime"] > 0 and planning["late"] > 0 and planning["overdue"] > 0
    # Two appraisal talks, one person: E0004 (probation, R6.2), E0005 (one-year cycles, R2.4).
    jeugd = next(
        t for t in coverage["talks"] if (t["orgUnit"], t["kind"]) == ("jeugd", "appraisal")
    )
    assert (jeugd["total"], jeugd["people"]) == (11, 9)
    totals = coverage["appraisalTotals"]
    assert totals["finalised"] >= 8 and totals["inObjection"] == 2
    overdue = await report("overdue?kind=planning")
    assert overdue["meta"]["totalItems"] == planning["overdue"]
    outcomes = await report("outcomes")
    spread = [outcomes["totals"][f"rating{n}"] for n in range(1, 6)]
    assert spread[1] >= 1 and spread[2] >= 3 and spread[3] >= 3 and spread[4] >= 1, spread
    assert outcomes["totals"]["explained"] == 1 and outcomes["totals"]["rewards"] >= 3
    assert outcomes["totals"]["partlyMet"] == 1
    assert len(outcomes["byFunctionGroup"]) >= 4
    development = await report("development")
    first = development["competencies"][0]
    assert (first["competency"], first["agreements"]) == ("integriteit", 3)
    assert development["knowledge"]["agreements"] == 1 and development["career"]
