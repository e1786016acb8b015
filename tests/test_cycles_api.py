"""Cycles and talks over HTTP: materialisation, re-planning, scheduling and the rules of
Article 2 (R2.1, R2.2, R2.5, R2.6, R2.8), R6.1 and R7, with the test clock frozen on TODAY."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Cycle, Talk
from tests.agreements import agree
from tests.appraisals import share
from tests.cycles import current_cycle, cycles_of, talk_of
from tests.org import EMPLOYEE, HR_SUB, MANAGER, NEWCOMER, TODAY


@pytest.fixture
def hris(auth):
    return auth(client="hris", scopes=["people:write"])


async def etag_of_talk(client, headers, talk_id: str) -> str:
    response = await client.get(f"/v1/talks/{talk_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.headers["ETag"]


# --- materialisation -----------------------------------------------------------------------


async def test_t2_1_every_synced_employee_is_in_todays_regular_cycle(client, org, hr):
    # tests/org.py: everyone entered on 1 January 2020; today is 29 November 2026.
    cycle = await current_cycle(client, hr)
    assert (cycle["kind"], cycle["startDate"], cycle["endDate"]) == (
        "regular",
        "2026-01-01",
        "2027-12-31",
    )
    assert cycle["rule"] == "T2.1" and cycle["status"] == "open"
    assert cycle["guideVersion"] == "2014" and cycle["functionProfileCode"] == "P22"  # R3.5
    due = {(t["kind"], t["dueDate"], t["dueRule"]) for t in cycle["talks"]}
    assert due == {
        ("planning", "2026-05-31", "R4.1"),
        ("progress", "2027-07-01", "R5.1"),
        ("appraisal", "2027-12-31", "R6.1"),
    }
    planning = talk_of(cycle, "planning")
    assert planning["overdue"] is True and planning["status"] == "open"  # late: flagged
    assert cycle["overdue"] is True and cycle["nextDueDate"] == "2026-05-31"


async def test_r2_7_a_new_entrant_gets_their_first_cycle_from_the_sync(client, org, hris, hr):
    response = await client.put("/v1/employees/300001", json=NEWCOMER, headers=hris)
    assert response.status_code == 201, response.text
    (cycle,) = await cycles_of(client, hr, "300001")
    # 1 December 2026: fewer than 6 months left of 2026-2027? No: 13 months → to 2027-12-31.
    assert (cycle["kind"], cycle["rule"], cycle["startDate"], cycle["endDate"]) == (
        "joining",
        "R2.7",
        "2026-12-01",
        "2027-12-31",
    )
    assert cycle["status"] == "upcoming"
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    assert talk_of(detail, "planning")["dueDate"] == "2027-01-01"  # entry + 1 month (R2.7)


async def test_r2_3_t2_1_probation_cycle_and_bridging_cycle_from_the_sync(client, org, hris, hr):
    body = {**NEWCOMER, "probation": True, "probationDecisionDate": "2027-12-01"}
    assert (await client.put("/v1/employees/300002", json=body, headers=hris)).status_code == 201
    cycles = await cycles_of(client, hr, "300002")
    # The probation ends 30 November 2027: one month of the period left, fewer than 3, so no
    # bridging cycle (T2.1); the next cycle starts at once and, by the 6-month rule, runs to
    # the end of the next period.
    assert [(c["kind"], c["startDate"], c["endDate"]) for c in cycles] == [
        ("probation", "2026-12-01", "2027-11-30"),
        ("joining", "2027-12-01", "2029-12-31"),
    ]
    probation = (await client.get(f"/v1/cycles/{cycles[0]['id']}", headers=hr)).json()
    assert [(t["kind"], t["dueDate"], t["dueRule"]) for t in probation["talks"]] == [
        ("planning", "2027-01-01", "R2.7"),
        ("appraisal", "2027-05-01", "R6.2"),
        ("appraisal", "2027-11-01", "R6.2"),
    ]


async def test_t2_1_opening_a_period_creates_cycles_once(client, org, hr, session):
    first = await client.post("/v1/period-openings", json={"period": "2028-2029"}, headers=hr)
    assert first.status_code == 201, first.text
    assert first.json()["cyclesCreated"] == 7  # the seven employees of tests/org.py
    again = await client.post("/v1/period-openings", json={"period": "2028-2029"}, headers=hr)
    assert again.status_code == 201 and again.json()["cyclesCreated"] == 0
    count = await session.scalar(
        select(func.count()).select_from(Cycle).where(Cycle.start_date == date(2028, 1, 1))
    )
    assert count == 7
    periods = (await client.get("/v1/periods", headers=hr)).json()["items"]
    opened = {p["id"]: p["openedBy"] for p in periods}
    assert opened["2028-2029"] == HR_SUB and opened["2026-2027"] is None
    assert [p["id"] for p in periods if p["current"]] == ["2026-2027"]


async def test_t2_1_opening_leaves_out_leavers_and_refuses_a_non_period(client, org, hris, hr):
    leaver = {**NEWCOMER, "entryDate": "2020-01-01", "leavingDate": "2026-11-01"}
    leaver["managerFrom"] = "2020-01-01"
    await client.put("/v1/employees/300003", json=leaver, headers=hris)
    opened = await client.post("/v1/period-openings", json={"period": "2028-2029"}, headers=hr)
    assert opened.json()["cyclesCreated"] == 7
    assert [c["startDate"] for c in await cycles_of(client, hr, "300003")] == []
    bad = await client.post("/v1/period-openings", json={"period": "2027-2028"}, headers=hr)
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["rule"] == "T2.1"


async def test_r2_4_placement_ends_the_entry_scale_cycle_and_starts_a_joining_one(
    client, org, hris, hr
):
    body = {**NEWCOMER, "entryDate": "2026-03-01", "managerFrom": "2026-03-01"}
    body["inFunctionScale"] = False
    await client.put("/v1/employees/300004", json=body, headers=hris)
    before = await cycles_of(client, hr, "300004")
    # Today's cycle and the next one within today's period (R2.4: one-year cycles).
    assert [(c["kind"], c["startDate"], c["endDate"]) for c in before] == [
        ("entry-scale", "2026-03-01", "2027-02-28"),
        ("entry-scale", "2027-03-01", "2028-02-29"),
    ]
    placed = {**body, "inFunctionScale": True, "functionScaleDate": "2026-12-15"}
    assert (await client.put("/v1/employees/300004", json=placed, headers=hris)).status_code == 200
    cycles = await cycles_of(client, hr, "300004")
    assert [
        (c["kind"], c["rule"], c["startDate"], c["endDate"], c["endReason"], c["status"])
        for c in cycles
    ] == [
        ("entry-scale", "R2.4", "2026-03-01", "2026-12-14", "placement", "open"),
        ("joining", "R2.4", "2026-12-15", "2027-12-31", None, "upcoming"),
    ]
    # The replaced plan is kept, and listed when asked for.
    replaced = await cycles_of(client, hr, "300004", status="superseded")
    assert [(c["kind"], c["startDate"]) for c in replaced] == [("entry-scale", "2027-03-01")]
    cut = (await client.get(f"/v1/cycles/{cycles[0]['id']}", headers=hr)).json()
    talks = {t["kind"]: (t["status"], t["dueDate"], t["dueRule"]) for t in cut["talks"]}
    # Planning due 2026-04-01 and progress due 2026-11-29 stay; R6.1 (Art. 6.1: "Vóór het
    # einde van de cyclus … een beoordelingsgesprek"): the appraisal moves to the last day.
    assert talks["planning"][0] == "open"
    assert talks["appraisal"] == ("open", "2026-12-14", "R6.1")


async def test_r6_1_a_cycle_cut_by_placement_ends_with_an_appraisal_on_its_last_day(
    client, org, hris, hr, manager
):
    # Before the planning talk is due there is nothing to appraise: no appraisal.
    body = {**NEWCOMER, "entryDate": "2026-11-01", "managerFrom": "2026-11-01"}
    body["inFunctionScale"] = False
    await client.put("/v1/employees/300006", json=body, headers=hris)
    early = {**body, "inFunctionScale": True, "functionScaleDate": "2026-11-20"}
    assert (await client.put("/v1/employees/300006", json=early, headers=hris)).status_code == 200
    first = (await cycles_of(client, hr, "300006"))[0]
    assert (first["endDate"], first["endReason"]) == ("2026-11-19", "placement")
    detail = (await client.get(f"/v1/cycles/{first['id']}", headers=hr)).json()
    assert {t["kind"]: t["status"] for t in detail["talks"]} == {
        "planning": "cancelled",
        "progress": "cancelled",
        "appraisal": "cancelled",
    }
    # Placed later, after the planning talk: the cycle's agreements are appraised, due on its
    # last day (the talks cancelled before come back).
    later = {**body, "inFunctionScale": True, "functionScaleDate": "2027-06-01"}
    assert (await client.put("/v1/employees/300006", json=later, headers=hris)).status_code == 200
    detail = (await client.get(f"/v1/cycles/{first['id']}", headers=hr)).json()
    appraisal = next(t for t in detail["talks"] if t["kind"] == "appraisal")
    assert (appraisal["status"], appraisal["dueDate"]) == ("open", "2027-05-31")
    assert detail["endDate"] == "2027-05-31"


async def test_leaving_ends_the_open_cycle_and_cancels_the_talks_after_it(
    client, org, hris, hr, manager, auth
):
    body = {**NEWCOMER, "entryDate": "2020-01-01", "managerFrom": "2020-01-01"}
    await client.put("/v1/employees/300005", json=body, headers=hris)
    cycles = await cycles_of(client, hr, "300005")
    assert [c["startDate"] for c in cycles] == ["2026-01-01"]
    extra = await client.post(
        f"/v1/cycles/{cycles[0]['id']}/talks",
        json={"kind": "progress", "dueDate": "2027-02-01", "reason": "Interim check"},
        headers=manager,
    )
    assert extra.status_code == 201
    await client.put(
        "/v1/employees/300005", json={**body, "leavingDate": "2026-12-31"}, headers=hris
    )
    (cycle,) = await cycles_of(client, hr, "300005")
    assert (cycle["endDate"], cycle["endReason"], cycle["status"]) == (
        "2026-12-31",
        "leaving",
        "open",
    )
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    by_kind = {t["kind"]: t for t in detail["talks"]}
    # Due after the leaving date: cancelled. Due before it: still to hold, and late.
    assert by_kind["progress"]["status"] == by_kind["appraisal"]["status"] == "cancelled"
    assert by_kind["appraisal"]["cancelledReason"] == "the employee left"
    assert by_kind["planning"]["status"] == "open" and by_kind["planning"]["overdue"] is True
    # The set was agreed before leaving (R4.6) ...
    leaver = auth(role="employee", sub="300005")
    await agree(client, cycle["id"], by_kind["planning"]["id"], manager, leaver, due="2026-12-15")
    # Once the leaving date has passed the cycle is ended; nobody is chased for it any more,
    # but a talk held before leaving can still be recorded.
    await client.put("/v1/clock", json={"today": "2027-01-05"}, headers=hr)
    again = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
    assert again["status"] == "ended" and again["overdue"] is False
    planning = next(t for t in again["talks"] if t["kind"] == "planning")
    assert planning["overdue"] is False and planning["actions"] == ["mark-held"]
    overdue = await client.get("/v1/cycles?overdue=true&employee=300005", headers=hr)
    assert overdue.json()["items"] == []
    held = await client.post(
        f"/v1/talks/{planning['id']}/completions", json={"heldOn": "2026-12-20"}, headers=manager
    )
    assert held.status_code == 201, held.text
    # Taking the leaving date back reopens what leaving cancelled.
    undone = await client.put("/v1/employees/300005", json=body, headers=hris)
    assert undone.status_code == 200, undone.text
    back = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    assert back["endReason"] is None and back["endDate"] == "2027-12-31"
    assert sorted((t["kind"], t["origin"], t["status"]) for t in back["talks"]) == [
        ("appraisal", "cycle", "open"),
        ("planning", "cycle", "held"),
        ("progress", "cycle", "open"),
        ("progress", "extra", "open"),  # cancelled by the leaving date, and back
    ]


async def test_r3_5_a_cycle_keeps_the_function_profile_it_started_with(client, org, hris, hr):
    body = {**NEWCOMER, "entryDate": "2020-01-01", "managerFrom": "2020-01-01"}
    await client.put("/v1/employees/300006", json=body, headers=hris)
    await client.put(
        "/v1/employees/300006", json={**body, "functionProfileCode": "P-TM"}, headers=hris
    )
    cycle = await current_cycle(client, hr, "300006")
    assert cycle["functionProfileCode"] == "P22"


# --- the list ------------------------------------------------------------------------------


async def test_cycles_filters(client, org, hr):
    everyone = (await client.get("/v1/cycles?pageSize=100", headers=hr)).json()
    assert everyone["meta"]["totalItems"] == 7
    team_a = (await client.get("/v1/cycles?orgUnit=team-a", headers=hr)).json()
    assert {c["employee"]["personnelNumber"] for c in team_a["items"]} == {
        "100001",
        "100002",
        "100004",
    }
    # The municipality includes every unit below it.
    whole = (await client.get("/v1/cycles?orgUnit=gemeente", headers=hr)).json()
    assert whole["meta"]["totalItems"] == 7
    overdue = (await client.get("/v1/cycles?overdue=true", headers=hr)).json()
    assert overdue["meta"]["totalItems"] == 7  # every planning talk was due on 31 May 2026
    assert (await client.get("/v1/cycles?overdue=false", headers=hr)).json()["items"] == []
    due = await client.get("/v1/cycles?dueBefore=2026-05-31", headers=hr)
    assert due.json()["meta"]["totalItems"] == 0
    assert (await client.get("/v1/cycles?period=2026-2027", headers=hr)).json()["meta"][
        "totalItems"
    ] == 7
    assert (await client.get("/v1/cycles?period=2024-2025", headers=hr)).json()["items"] == []
    assert (await client.get("/v1/cycles?status=upcoming", headers=hr)).json()["items"] == []
    bad = await client.get("/v1/cycles?period=2025-2026", headers=hr)
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["rule"] == "T2.1"


async def test_cycles_list_issues_a_constant_number_of_statements(client, org, hr, engine):
    from tests.sql_counter import count_statements

    counts = []
    for size in (1, 100):
        with count_statements(engine) as log:
            response = await client.get(f"/v1/cycles?pageSize={size}&overdue=true", headers=hr)
        assert response.status_code == 200
        counts.append(log.count)
    # The test clock, then the page with its total in one statement (issue 14).
    assert counts == [2, 2]


async def test_who_sees_which_cycles(client, org, auth):
    def numbers(response):
        return {c["employee"]["personnelNumber"] for c in response.json()["items"]}

    mine = await client.get("/v1/cycles", headers=auth(role="employee", sub=EMPLOYEE))
    assert numbers(mine) == {EMPLOYEE}
    team = await client.get("/v1/cycles", headers=auth(role="manager", sub=MANAGER))
    assert numbers(team) == {MANAGER, "100001", "100004"}
    people_client = await client.get(
        "/v1/cycles", headers=auth(client="hris", scopes=["people:write"])
    )
    assert numbers(people_client) == set()
    reporting = await client.get("/v1/cycles", headers=auth(client="bi", scopes=["cycles:read"]))
    assert len(numbers(reporting)) == 7


async def test_a_former_manager_reads_the_cycle_they_led_but_cannot_act(
    client, org, hris, auth, hr
):
    # 100001 moves to Manager Max (200002) from 1 December 2026.
    body = {
        "name": "Medewerker Mo",
        "orgUnitKey": "team-b",
        "functionProfileCode": "P22",
        "salaryScale": 10,
        "inFunctionScale": True,
        "entryDate": "2020-01-01",
        "managerPersonnelNumber": "200002",
        "managerFrom": "2026-11-01",
    }
    assert (await client.put("/v1/employees/100001", json=body, headers=hris)).status_code == 200
    cycle = await current_cycle(client, hr)
    former = auth(role="manager", sub=MANAGER)
    seen = await client.get(f"/v1/cycles/{cycle['id']}", headers=former)
    assert seen.status_code == 200 and seen.json()["actions"] == []
    talk = talk_of(cycle, "planning")
    refused = await client.post(
        f"/v1/talks/{talk['id']}/completions", json={"heldOn": "2026-11-20"}, headers=former
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "R2.6"
    new = auth(role="manager", sub="200002")
    actions = (await client.get(f"/v1/talks/{talk['id']}", headers=new)).json()["actions"]
    assert "schedule" in actions
    # The planning talk is marked held only once its agreement set is agreed (R4.6).
    assert "mark-held" not in actions
    await agree(client, cycle["id"], talk["id"], new, auth(role="employee", sub=EMPLOYEE))
    actions = (await client.get(f"/v1/talks/{talk['id']}", headers=new)).json()["actions"]
    assert "mark-held" in actions


# --- scheduling (R2.6), R2.1, R7 -----------------------------------------------------------


APPOINTMENT = {"startsAt": "2026-12-10T10:00:00+01:00", "location": "Mosae Forum 2.14"}


async def test_r2_6_the_manager_schedules_with_if_match(client, org, manager, employee, session):
    cycle = await current_cycle(client, manager)
    talk = talk_of(cycle, "progress")
    assert "schedule" in talk["actions"]
    url = f"/v1/talks/{talk['id']}/appointment"
    missing = await client.put(url, json=APPOINTMENT, headers=manager)
    assert missing.status_code == 428
    etag = await etag_of_talk(client, manager, talk["id"])
    done = await client.put(url, json=APPOINTMENT, headers={**manager, "If-Match": etag})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "scheduled" and body["location"] == "Mosae Forum 2.14"
    assert "reschedule" in body["actions"]
    stale = await client.put(
        url, json={**APPOINTMENT, "location": "Elsewhere"}, headers={**manager, "If-Match": etag}
    )
    assert stale.status_code == 412
    video = {"startsAt": "2026-12-11T09:00:00+01:00", "videoUrl": "https://meet.example/abc"}
    moved = await client.put(url, json=video, headers={**manager, "If-Match": done.headers["ETag"]})
    assert moved.status_code == 200 and moved.json()["videoUrl"] == "https://meet.example/abc"
    events = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.resource_type == "talk", AuditEvent.resource_id == talk["id"])
    )
    assert events == 2
    seen = (await client.get(f"/v1/talks/{talk['id']}", headers=employee)).json()
    assert seen["startsAt"] is not None and seen["actions"] == ["propose-attendee"]


async def test_r2_6_only_the_manager_schedules(client, org, employee, hr, auth):
    cycle = await current_cycle(client, hr)
    talk = talk_of(cycle, "progress")
    url = f"/v1/talks/{talk['id']}/appointment"
    headers = {"If-Match": "*"}
    own = await client.put(url, json=APPOINTMENT, headers={**employee, **headers})
    assert own.status_code == 403 and own.json()["rule"] == "R2.6"
    by_hr = await client.put(url, json=APPOINTMENT, headers={**hr, **headers})
    assert by_hr.status_code == 403 and by_hr.json()["rule"] == "R2.6"
    other = auth(role="manager", sub="200002")
    assert (
        await client.put(url, json=APPOINTMENT, headers={**other, **headers})
    ).status_code == 404


async def test_r2_6_a_video_link_must_be_https(client, org, manager):
    talk = talk_of(await current_cycle(client, manager), "progress")
    response = await client.put(
        f"/v1/talks/{talk['id']}/appointment",
        json={"startsAt": "2026-12-10T10:00:00+01:00", "videoUrl": "http://meet.example/x"},
        headers={**manager, "If-Match": "*"},
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "not_https"


async def test_cycle_decisions_are_seen_like_cycles(client, org, auth):
    url = f"/v1/employees/{EMPLOYEE}/cycle-decisions"
    people = auth(client="hris", scopes=["people:write"])
    assert (await client.get(url, headers=people)).status_code == 404
    cycles = auth(client="bi", scopes=["cycles:read"])
    assert (await client.get(url, headers=cycles)).status_code == 200
    mine = auth(role="employee", sub=EMPLOYEE)
    assert (await client.get(url, headers=mine)).status_code == 200


async def test_cycles_are_personal_data_and_never_stored(client, org, manager):
    cycle = await current_cycle(client, manager)
    response = await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)
    assert response.headers["Cache-Control"] == "no-store" and response.headers["ETag"]
    again = await client.get(
        f"/v1/cycles/{cycle['id']}", headers={**manager, "If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


async def test_r2_6_an_appointment_needs_a_place_or_a_link(client, org, manager):
    talk = talk_of(await current_cycle(client, manager), "progress")
    response = await client.put(
        f"/v1/talks/{talk['id']}/appointment",
        json={"startsAt": "2026-12-10T10:00:00+01:00"},
        headers={**manager, "If-Match": "*"},
    )
    assert response.status_code == 400 and response.json()["rule"] == "R2.6"
    assert response.json()["invalidParams"][0]["name"] == "location"


async def test_r2_1_r7_a_talk_before_its_cycle_needs_a_hardship_decision(
    client, org, manager, hr, session
):
    cycle = await current_cycle(client, manager)
    talk = talk_of(cycle, "planning")
    url = f"/v1/talks/{talk['id']}/appointment"
    early = {"startsAt": "2025-12-15T10:00:00+01:00", "location": "Room 1"}
    refused = await client.put(url, json=early, headers={**manager, "If-Match": "*"})
    assert refused.status_code == 422 and refused.json()["rule"] == "R2.1"
    assert await session.scalar(select(Talk.status).where(Talk.id == talk["id"])) == "open"
    decision = await client.post(
        "/v1/hardship-decisions",
        json={
            "reference": "B&W 2026/17",
            "reason": "Held early because of a long leave.",
            "rule": "R2.1",
            "cycleId": cycle["id"],
        },
        headers=hr,
    )
    assert decision.status_code == 201, decision.text
    allowed = await client.put(url, json=early, headers={**manager, "If-Match": "*"})
    assert allowed.status_code == 200, allowed.text
    listed = (await client.get(f"/v1/hardship-decisions?cycleId={cycle['id']}", headers=hr)).json()
    assert [d["reference"] for d in listed["items"]] == ["B&W 2026/17"]
    audited = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.resource_type == "hardship-decision")
    )
    assert audited == 1


async def test_r7_only_hr_records_hardship_decisions_for_known_rules(client, org, manager, hr):
    cycle = await current_cycle(client, hr)
    body = {"reference": "B&W 1", "reason": "x", "rule": "R2.1", "cycleId": cycle["id"]}
    by_manager = await client.post("/v1/hardship-decisions", json=body, headers=manager)
    assert by_manager.status_code == 403 and by_manager.json()["rule"] == "R7"
    unknown = await client.post("/v1/hardship-decisions", json={**body, "rule": "R4.2"}, headers=hr)
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["code"] == "not_bypassable"


async def test_scheduling_for_someone_who_has_left_is_refused(client, org, hris, manager, hr):
    body = {**NEWCOMER, "entryDate": "2020-01-01", "managerFrom": "2020-01-01"}
    await client.put("/v1/employees/300007", json=body, headers=hris)
    cycle = await current_cycle(client, hr, "300007")
    talk = talk_of(cycle, "progress")
    await client.put(
        "/v1/employees/300007", json={**body, "leavingDate": "2026-11-15"}, headers=hris
    )
    response = await client.put(
        f"/v1/talks/{talk['id']}/appointment",
        json=APPOINTMENT,
        headers={**manager, "If-Match": "*"},
    )
    assert response.status_code == 422 and response.json()["code"] == "employee-inactive"
    assert response.json()["rule"] == "R2.1"


# --- holding, attendees (R2.8) -------------------------------------------------------------


async def test_r2_8_attendees_need_both_consents(client, org, manager, employee, session):
    current = await current_cycle(client, manager)
    talk = talk_of(current, "planning")
    proposed = await client.post(
        f"/v1/talks/{talk['id']}/attendees",
        json={"name": "Hans HR", "role": "HR adviser"},
        headers=manager,
    )
    assert proposed.status_code == 201, proposed.text
    attendee = proposed.json()
    assert attendee["admitted"] is False and attendee["managerConsent"]["by"] == MANAGER
    await agree(client, current["id"], talk["id"], manager, employee)
    held = {"heldOn": "2026-11-20", "attendeeIds": [attendee["id"]]}
    refused = await client.post(f"/v1/talks/{talk['id']}/completions", json=held, headers=manager)
    assert refused.status_code == 422 and refused.json()["rule"] == "R2.8"
    assert await session.scalar(select(Talk.status).where(Talk.id == talk["id"])) == "open"
    twice = await client.post(
        f"/v1/talks/{talk['id']}/attendees/{attendee['id']}/consents", headers=manager
    )
    assert twice.status_code == 409
    seen = (await client.get(f"/v1/talks/{talk['id']}", headers=employee)).json()
    assert "consent-to-attendee" in seen["actions"]
    consent = await client.post(
        f"/v1/talks/{talk['id']}/attendees/{attendee['id']}/consents", headers=employee
    )
    assert consent.status_code == 201 and consent.json()["admitted"] is True
    done = await client.post(f"/v1/talks/{talk['id']}/completions", json=held, headers=manager)
    assert done.status_code == 201, done.text
    assert done.json()["status"] == "held" and done.json()["overdue"] is False


async def test_r2_8_others_cannot_propose_attendees(client, org, hr):
    talk = talk_of(await current_cycle(client, hr), "planning")
    response = await client.post(
        f"/v1/talks/{talk['id']}/attendees", json={"name": "X", "role": "Y"}, headers=hr
    )
    assert response.status_code == 403 and response.json()["rule"] == "R2.8"


async def test_holding_a_talk_late_is_allowed_and_future_dates_are_not(
    client, org, manager, employee
):
    cycle = await current_cycle(client, manager)
    talk = talk_of(cycle, "planning")  # due 31 May 2026: late
    await agree(client, cycle["id"], talk["id"], manager, employee)
    url = f"/v1/talks/{talk['id']}/completions"
    future = await client.post(url, json={"heldOn": "2026-12-01"}, headers=manager)
    assert future.status_code == 400 and future.json()["invalidParams"][0]["name"] == "heldOn"
    before = await client.post(url, json={"heldOn": "2025-12-01"}, headers=manager)
    assert before.status_code == 422 and before.json()["rule"] == "R2.1"
    late = await client.post(url, json={"heldOn": "2026-11-28"}, headers=manager)
    assert late.status_code == 201 and late.json()["heldOn"] == "2026-11-28"
    again = await client.post(url, json={"heldOn": "2026-11-28"}, headers=manager)
    assert again.status_code == 409
    after = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
    assert after["nextDueDate"] == "2027-07-01"  # the progress talk is next
    assert after["overdue"] is False


async def test_a_cycle_is_completed_when_every_talk_is_held(client, org, manager, employee, hr):
    cycle = await current_cycle(client, manager)
    for talk in cycle["talks"]:
        held_on = "2026-11-20"
        if talk["kind"] in ("planning", "progress"):  # R4.6, R5.2: agreed first
            await agree(client, cycle["id"], talk["id"], manager, employee)
        else:  # R6.3: the draft shared a week ahead
            await share(client, talk["id"], manager)
            await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
            held_on = "2026-12-06"
        response = await client.post(
            f"/v1/talks/{talk['id']}/completions", json={"heldOn": held_on}, headers=manager
        )
        assert response.status_code == 201, response.text
    after = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
    assert after["status"] == "completed" and after["nextDueDate"] is None
    assert after["actions"] == []


# --- extra talks (R2.5), early appraisals (R6.1), requests -------------------------------


async def test_r2_5_the_manager_adds_an_extra_talk_with_a_reason(client, org, manager):
    cycle = await current_cycle(client, manager)
    url = f"/v1/cycles/{cycle['id']}/talks"
    body = {"kind": "progress", "dueDate": "2027-02-01", "reason": "Interim promotion"}
    added = await client.post(url, json=body, headers=manager)
    assert added.status_code == 201, added.text
    talk = added.json()
    assert (talk["origin"], talk["sequence"], talk["dueRule"]) == ("extra", 2, "R2.5")
    outside = await client.post(url, json={**body, "dueDate": "2028-02-01"}, headers=manager)
    assert outside.status_code == 400 and outside.json()["rule"] == "R2.5"
    no_reason = await client.post(url, json={**body, "reason": " "}, headers=manager)
    assert no_reason.status_code == 400


async def test_r6_1_an_early_appraisal_is_an_appraisal_before_the_end(client, org, manager):
    cycle = await current_cycle(client, manager)
    url = f"/v1/cycles/{cycle['id']}/talks"
    body = {"kind": "appraisal", "dueDate": "2027-03-01", "reason": "Promotion", "early": True}
    added = await client.post(url, json=body, headers=manager)
    assert added.status_code == 201 and added.json()["origin"] == "early"
    assert added.json()["dueRule"] == "R6.1"
    not_appraisal = await client.post(url, json={**body, "kind": "progress"}, headers=manager)
    assert not_appraisal.status_code == 400 and not_appraisal.json()["rule"] == "R6.1"
    at_end = await client.post(url, json={**body, "dueDate": "2027-12-31"}, headers=manager)
    assert at_end.status_code == 400 and at_end.json()["rule"] == "R6.1"


async def test_r2_5_an_employees_request_must_be_answered(client, org, manager, employee):
    cycle = await current_cycle(client, employee)
    assert "request-talk" in cycle["actions"]
    made = await client.post(
        f"/v1/cycles/{cycle['id']}/talk-requests",
        json={"kind": "progress", "reason": "My tasks changed"},
        headers=employee,
    )
    assert made.status_code == 201 and made.json()["status"] == "open"
    request_id = made.json()["id"]
    by_manager = await client.post(
        f"/v1/cycles/{cycle['id']}/talk-requests",
        json={"kind": "progress", "reason": "x"},
        headers=manager,
    )
    assert by_manager.status_code == 403 and by_manager.json()["rule"] == "R2.5"
    answer_url = f"/v1/talk-requests/{request_id}/answers"
    self_answer = await client.post(
        answer_url, json={"decision": "decline", "reason": "no"}, headers=employee
    )
    assert self_answer.status_code == 403 and self_answer.json()["rule"] == "R2.5"
    no_reason = await client.post(answer_url, json={"decision": "decline"}, headers=manager)
    assert no_reason.status_code == 400 and no_reason.json()["rule"] == "R2.5"
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
    assert "answer-talk-request" in detail["actions"]
    scheduled = await client.post(
        answer_url, json={"decision": "schedule", "dueDate": "2027-01-15"}, headers=manager
    )
    assert scheduled.status_code == 201, scheduled.text
    assert scheduled.json()["status"] == "scheduled" and scheduled.json()["talkId"]
    twice = await client.post(
        answer_url, json={"decision": "decline", "reason": "no"}, headers=manager
    )
    assert twice.status_code == 409
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=employee)).json()
    requested = [t for t in detail["talks"] if t["origin"] == "requested"]
    assert [(t["kind"], t["dueDate"], t["reason"]) for t in requested] == [
        ("progress", "2027-01-15", "My tasks changed")
    ]


# --- R2.2 one-year decisions ---------------------------------------------------------------


async def test_r2_2_a_one_year_decision_replans_the_open_cycle(client, org, manager, hr):
    url = f"/v1/employees/{EMPLOYEE}/cycle-decisions"
    by_hr = await client.post(url, json={"fromYear": 2027, "reason": "x"}, headers=hr)
    assert by_hr.status_code == 403 and by_hr.json()["rule"] == "R2.2"
    past = await client.post(url, json={"fromYear": 2025, "reason": "x"}, headers=manager)
    assert past.status_code == 400 and past.json()["invalidParams"][0]["rule"] == "R2.2"
    made = await client.post(
        url, json={"fromYear": 2026, "reason": "Under-performance"}, headers=manager
    )
    assert made.status_code == 201, made.text
    assert made.json()["decidedBy"] == MANAGER and made.json()["oneYear"] is True
    cycles = await cycles_of(client, hr, EMPLOYEE)
    assert [(c["kind"], c["startDate"], c["endDate"]) for c in cycles] == [
        ("one-year", "2026-01-01", "2026-12-31"),
        ("one-year", "2027-01-01", "2027-12-31"),
    ]
    current = (await client.get(f"/v1/cycles/{cycles[0]['id']}", headers=hr)).json()
    assert {(t["kind"], t["dueDate"]) for t in current["talks"] if t["status"] == "open"} == {
        ("planning", "2026-05-31"),
        ("progress", "2026-09-30"),
        ("appraisal", "2026-12-31"),
    }
    listed = await client.get(url, headers=hr)
    assert [d["fromYear"] for d in listed.json()["items"]] == [2026]


# --- the test clock ------------------------------------------------------------------------


async def test_the_test_clock_moves_every_deadline(client, org, hr, employee):
    clock = (await client.get("/v1/clock", headers=employee)).json()
    assert clock["today"] == TODAY.isoformat() and clock["adjustable"] is True
    assert (
        await client.put("/v1/clock", json={"today": "2027-08-01"}, headers=employee)
    ).status_code == 403
    moved = await client.put("/v1/clock", json={"today": "2027-08-01"}, headers=hr)
    assert moved.status_code == 200 and moved.json()["today"] == "2027-08-01"
    cycle = await cycles_of(client, hr, EMPLOYEE)
    detail = (await client.get(f"/v1/cycles/{cycle[0]['id']}", headers=hr)).json()
    assert talk_of(detail, "progress")["overdue"] is True  # due 1 July 2027
    advanced = await client.post("/v1/clock/advances", json={"days": 14}, headers=hr)
    assert advanced.status_code == 201 and advanced.json()["today"] == "2027-08-15"
    reset = await client.delete("/v1/clock", headers=hr)
    assert reset.json()["offsetDays"] == 0 and reset.json()["today"] == reset.json()["realToday"]


async def test_the_clock_is_shared_by_every_worker(app_factory, sessionmaker, org, auth):
    from tests.conftest import bind_sessions, make_client

    workers = []
    for _ in range(2):
        worker = app_factory()
        bind_sessions(worker, sessionmaker)
        workers.append(worker)
    hr = auth(role="hr", sub=HR_SUB)
    async with make_client(workers[0]) as first, make_client(workers[1]) as second:
        await first.put("/v1/clock", json={"today": "2030-02-03"}, headers=hr)
        assert (await second.get("/v1/clock", headers=hr)).json()["today"] == "2030-02-03"


@pytest.mark.parametrize(
    "settings_update", [{"test_clock": False}], ids=["without GOEDGESPREK_TEST_CLOCK"]
)
async def test_without_the_test_clock_the_clock_is_fixed(
    app_factory, sessionmaker, org, auth, settings_update
):
    from tests.conftest import bind_sessions, make_client

    fixed = app_factory(**settings_update)
    bind_sessions(fixed, sessionmaker)
    hr = auth(role="hr", sub=HR_SUB)
    async with make_client(fixed) as client:
        refused = await client.put("/v1/clock", json={"today": "2030-02-03"}, headers=hr)
        assert refused.status_code == 403 and refused.json()["code"] == "test-clock-off"
        assert "GOEDGESPREK_TEST_CLOCK" in refused.json()["detail"]
        clock = (await client.get("/v1/clock", headers=hr)).json()
        # The frozen offset in the database is ignored: the real date.
        assert clock["offsetDays"] == 0 and clock["adjustable"] is False
        assert clock["today"] == clock["realToday"]


# --- bounds and edge cases ---------------------------------------------------------------


async def test_t2_1_only_the_current_or_next_period_can_be_opened(client, org, hr):
    far = await client.post("/v1/period-openings", json={"period": "2030-2031"}, headers=hr)
    assert far.status_code == 400 and far.json()["rule"] == "T2.1"
    assert far.json()["invalidParams"][0]["code"] == "too_far_ahead"
    for period in ("0000-0001", "9998-9999"):
        bad = await client.post("/v1/period-openings", json={"period": period}, headers=hr)
        assert bad.status_code == 400, period
    listed = await client.get("/v1/cycles?period=0001", headers=hr)
    assert listed.status_code == 400


async def test_dates_far_from_now_are_a_400_not_a_crash(client, org, hris, manager):
    body = {**NEWCOMER, "entryDate": "9999-06-01", "managerFrom": "9999-06-01"}
    response = await client.put("/v1/employees/300008", json=body, headers=hris)
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} >= {"entryDate"}
    talk = talk_of(await current_cycle(client, manager), "progress")
    late = await client.put(
        f"/v1/talks/{talk['id']}/appointment",
        json={"startsAt": "9999-12-31T23:30:00-05:00", "location": "Room"},
        headers={**manager, "If-Match": "*"},
    )
    assert late.status_code == 400 and late.json()["invalidParams"][0]["name"] == "startsAt"


async def test_a_future_manager_does_not_see_the_cycles_yet(client, org, hris, auth, hr):
    body = {
        "name": "Medewerker Mo",
        "orgUnitKey": "team-a",
        "functionProfileCode": "P22",
        "salaryScale": 10,
        "inFunctionScale": True,
        "entryDate": "2020-01-01",
        "managerPersonnelNumber": "200002",
        "managerFrom": "2027-06-01",
    }
    assert (await client.put("/v1/employees/100001", json=body, headers=hris)).status_code == 200
    cycle = await current_cycle(client, hr)
    future = auth(role="manager", sub="200002")
    assert (await client.get(f"/v1/cycles/{cycle['id']}", headers=future)).status_code == 404
    listed = await client.get("/v1/cycles", headers=future)
    assert EMPLOYEE not in {c["employee"]["personnelNumber"] for c in listed.json()["items"]}


async def test_r2_2_a_decision_never_cuts_the_running_cycle_into_the_past(client, org, manager, hr):
    # Today is 29 November 2026 and the running cycle is 2026–2027: a decision from 2027 on is
    # fine, but on 1 March 2027 "from 2027" would end it on 31 December 2026, in the past.
    await client.put("/v1/clock", json={"today": "2027-03-01"}, headers=hr)
    url = f"/v1/employees/{EMPLOYEE}/cycle-decisions"
    refused = await client.post(url, json={"fromYear": 2027, "reason": "x"}, headers=manager)
    assert refused.status_code == 400 and refused.json()["rule"] == "R2.2"
    allowed = await client.post(url, json={"fromYear": 2028, "reason": "x"}, headers=manager)
    assert allowed.status_code == 201
    cycles = await cycles_of(client, hr, EMPLOYEE)
    assert [(c["kind"], c["startDate"], c["endDate"]) for c in cycles] == [
        ("regular", "2026-01-01", "2027-12-31")
    ]


async def test_r2_5_an_open_request_keeps_the_cycle_open(client, org, manager, employee):
    cycle = await current_cycle(client, employee)
    await client.post(
        f"/v1/cycles/{cycle['id']}/talk-requests",
        json={"kind": "appraisal", "reason": "Promotion"},
        headers=employee,
    )
    for talk in cycle["talks"]:
        await client.post(
            f"/v1/talks/{talk['id']}/completions", json={"heldOn": "2026-11-20"}, headers=manager
        )
    after = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
    assert after["status"] == "open" and "answer-talk-request" in after["actions"]


async def test_r3_5_a_new_cycle_starts_with_the_adopted_guide_not_a_draft(
    client, org, hris, hr, session
):
    from app.auth import SYSTEM_ACTOR
    from app.reference.service import load_guide
    from tests.guides import synthetic_guide

    # A draft that would take effect before the newcomer's first cycle starts.
    draft = synthetic_guide(version="draft-2026", effective=date(2026, 6, 1), adopted=False)
    await load_guide(session, document=draft, actor=SYSTEM_ACTOR)
    await session.flush()
    response = await client.put("/v1/employees/300001", json=NEWCOMER, headers=hris)
    assert response.status_code == 201, response.text
    (cycle,) = await cycles_of(client, hr, "300001")
    assert cycle["guideVersion"] == "2014"
