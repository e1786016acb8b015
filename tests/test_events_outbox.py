"""The outbox (issue 17): every change someone outside cares about writes its event in the
change's own transaction, thin (ids, URL, state, dates), never free text or ratings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from app.events.catalogue import CATALOGUE, TYPES
from app.events.outbox import event_row
from app.models.events import DomainEvent
from tests.appraisals import agreed_and_held, appraisal_url, complete_ratings, read, sign, step
from tests.cycles import talk_of
from tests.org import EMPLOYEE, NEWCOMER

PREFIX = "nl.goedgesprek."


async def mark(session) -> int:
    """The outbox's last position: the tests look at what came after it."""
    return await session.scalar(select(func.coalesce(func.max(DomainEvent.position), 0)))


async def events_of(
    session, *types: str, subject: str | None = None, since: int = 0
) -> list[DomainEvent]:
    query = select(DomainEvent).where(DomainEvent.position > since).order_by(DomainEvent.position)
    if types:
        query = query.where(DomainEvent.type.in_([PREFIX + t for t in types]))
    if subject is not None:
        query = query.where(DomainEvent.subject == subject)
    return list(await session.scalars(query))


async def count(session) -> int:
    return await session.scalar(select(func.count()).select_from(DomainEvent))


def test_the_catalogue_is_reverse_dns_and_every_type_has_a_meaning():
    assert len(TYPES) == len(set(TYPES)) == len(CATALOGUE)
    for event in CATALOGUE:
        assert event.type.startswith(PREFIX) and event.meaning.endswith(".")
    with pytest.raises(ValueError, match="not in the catalogue"):
        event_row("appraisal.vanished", "x", {})


async def test_an_employee_sync_emits_synced_and_a_leaving_date_emits_left(
    client, org, session, hr
):
    since = await mark(session)
    created = await client.put("/v1/employees/300001", json=NEWCOMER, headers=hr)
    assert created.status_code == 201, created.text
    [synced] = await events_of(session, "employee.synced", subject="300001")
    assert synced.data == {
        "personnelNumber": "300001",
        "url": "/v1/employees/300001",
        "change": "created",
    }
    # Unchanged: nothing is written, so nothing is told.
    before = await count(session)
    assert (await client.put("/v1/employees/300001", json=NEWCOMER, headers=hr)).status_code == 200
    assert await count(session) == before
    leaving = {**NEWCOMER, "leavingDate": "2027-03-31"}
    assert (await client.put("/v1/employees/300001", json=leaving, headers=hr)).status_code == 200
    [left] = await events_of(session, "employee.left", subject="300001")
    assert left.data["leavingDate"] == "2027-03-31"
    assert [e.data["change"] for e in await events_of(session, "employee.synced", since=since)] == [
        "created",
        "updated",
    ]


async def test_an_import_emits_one_synced_per_employee_in_one_statement(client, org, session, hr):
    rows = [{**NEWCOMER, "personnelNumber": f"30010{i}"} for i in range(3)]
    since = await mark(session)
    done = await client.post("/v1/employee-imports", json={"employees": rows}, headers=hr)
    assert done.status_code == 201, done.text
    synced = await events_of(session, "employee.synced", since=since)
    assert sorted(e.subject for e in synced) == ["300100", "300101", "300102"]
    assert {e.data["change"] for e in synced} == {"created"}
    # The new employees' cycles were planned: their events are in the outbox too.
    created = await events_of(session, "cycle.created", since=since)
    assert {e.data["personnelNumber"] for e in created} >= {e.subject for e in synced}


async def test_opening_a_period_emits_it_and_every_cycle_it_plans(client, org, session, hr):
    since = await mark(session)
    opened = await client.post("/v1/period-openings", json={"period": "2028-2029"}, headers=hr)
    assert opened.status_code == 201, opened.text
    [period] = await events_of(session, "period.opened")
    assert period.data["period"] == "2028-2029" and period.data["cyclesCreated"] > 0
    created = await events_of(session, "cycle.created", since=since)
    assert len(created) == period.data["cyclesCreated"]
    first = created[0].data
    assert first["url"] == f"/v1/cycles/{first['cycleId']}" and first["state"] == "active"
    assert {"personnelNumber", "kind", "startDate", "endDate", "rule"} <= set(first)


async def test_a_talk_scheduled_and_held_and_a_set_agreed_are_told(
    client, org, session, manager, employee
):
    cycle = await agreed_and_held(client, manager, employee)
    planning = talk_of(cycle, "planning")["id"]
    [approved] = await events_of(session, "agreement-set.approved")
    assert approved.subject == planning
    assert approved.data["url"] == f"/v1/cycles/{cycle['id']}/agreement-set"
    [held] = await events_of(session, "talk.held", subject=planning)
    assert held.data["heldOn"] == "2026-11-20" and held.data["personnelNumber"] == EMPLOYEE
    progress = talk_of(cycle, "progress")["id"]
    appointment = {"startsAt": "2027-05-12T10:00:00+02:00", "location": "Kamer 2"}
    scheduled = await client.put(
        f"/v1/talks/{progress}/appointment",
        json=appointment,
        headers={**manager, "If-Match": "*"},
    )
    assert scheduled.status_code == 200, scheduled.text
    [event] = await events_of(session, "talk.scheduled", subject=progress)
    assert event.data["startsAt"] == "2027-05-12T08:00:00+00:00"
    assert "location" not in event.data  # where the talk is held is not for other systems


async def test_r4_7_a_manager_decision_on_the_set_is_told(client, org, session, manager, employee):
    from tests.cycles import current_cycle

    cycle = await current_cycle(client, manager)
    base = f"/v1/cycles/{cycle['id']}"
    await client.put(f"{base}/competency-set", json={"chosen": [], "crucial": []}, headers=manager)
    work = {
        "kind": "work",
        "description": "D",
        "measure": "M",
        "dueDate": "2027-06-30",
        "mainTask": "Ontwikkelt beleid",
    }
    assert (await client.post(f"{base}/agreements", json=work, headers=manager)).status_code == 201
    version = (await client.get(f"{base}/agreement-set", headers=manager)).json()["version"]
    planning = talk_of(cycle, "planning")["id"]
    decided = await client.post(
        f"/v1/talks/{planning}/manager-decisions",
        json={"setVersion": version, "reason": "Zo", "employeeView": "Niet zo"},
        headers=manager,
    )
    assert decided.status_code == 201, decided.text
    [event] = await events_of(session, "agreement-set.decided", subject=planning)
    assert event.data["rule"] == "R4.7" and event.data["setVersion"] == version
    assert "Zo" not in json.dumps(event.data) and "Niet zo" not in json.dumps(event.data)


async def test_r6_3_r6_11_r6_12_the_appraisal_procedure_is_told_step_by_step(
    client, org, session, manager, employee, hr
):
    cycle = await agreed_and_held(client, manager, employee)
    talk = talk_of(cycle, "appraisal")["id"]
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft, score=4)
    body["final"]["motivation"] = "Heel secuur gewerkt aan de dossiers"
    assert (
        await client.put(appraisal_url(cycle, "ratings"), json=body, headers=manager)
    ).status_code == 200
    assert (await step(client, cycle, "draft-shares", manager)).status_code == 201
    [shared] = await events_of(session, "appraisal.draft-shared", subject=talk)
    assert shared.data["sharedOn"] == "2026-11-29" and shared.data["talkFrom"] == "2026-12-06"
    assert shared.data["state"] == "shared"
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    assert (await events_of(session, "appraisal.talk-held", subject=talk))[0].data["heldOn"] == (
        "2026-12-06"
    )
    assert (await sign(client, cycle, manager)).status_code == 201
    objected = await step(client, cycle, "objections", employee, {"text": "Te streng beoordeeld"})
    assert objected.status_code == 201, objected.text
    hearing = await step(client, cycle, "objection-hearings", manager, {"heldOn": "2026-12-06"})
    assert hearing.status_code == 201, hearing.text
    final = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {"response": "explained", "explanation": "De normen gelden voor iedereen."},
    )
    assert final.status_code == 201, final.text
    reward = await step(client, cycle, "rewards", manager, {"description": "Eenmalige uitkering"})
    assert reward.status_code == 201, reward.text
    told = [e.type.removeprefix(PREFIX) for e in await events_of(session, subject=talk)]
    assert told == [
        "appraisal.draft-shared",
        "appraisal.talk-held",
        "talk.held",
        "appraisal.signed",
        "appraisal.objection-lodged",
        "appraisal.hearing-held",
        "appraisal.finalised",
        "appraisal.reward-recorded",
    ]
    # Thin: no motivation, objection, explanation, reward or score reaches an event.
    everything = json.dumps([e.data for e in await events_of(session)])
    for secret in (
        "Heel secuur",
        "Te streng",
        "De normen gelden",
        "Eenmalige uitkering",
        "finalRating",
        "score",
    ):
        assert secret not in everything


async def test_a_change_that_is_rolled_back_emits_nothing(client, org, session, connection, hr):
    before = await count(session)
    # Refused after the service has started writing (an unknown org unit): the request's
    # transaction rolls back, with whatever it added to the outbox.
    bad = await client.put(
        "/v1/employees/300002", json={**NEWCOMER, "orgUnitKey": "nowhere"}, headers=hr
    )
    assert bad.status_code == 400
    assert await count(session) == before
    # And a change made in a transaction that is rolled back leaves no event either.
    savepoint = await connection.begin_nested()
    assert (await client.put("/v1/employees/300003", json=NEWCOMER, headers=hr)).status_code == 201
    assert len(await events_of(session, "employee.synced", subject="300003")) == 1
    await savepoint.rollback()
    assert await count(session) == before


async def test_no_event_of_the_demo_carries_what_its_appraisals_say(session):
    """The demo's appraisals at every stage: none of their free text (motivations,
    objections, explanations, rewards, agreements, views, informants' answers) nor a rating
    reaches the body of an event."""
    from datetime import date

    from app.demo import load_demo
    from tests.org import freeze_clock

    today = date(2026, 11, 29)
    await freeze_clock(session, today)
    since = await mark(session)
    await load_demo(session, today=today)
    await session.flush()
    told = await events_of(session, since=since)
    types = {e.type.removeprefix(PREFIX) for e in told}
    assert {"appraisal.finalised", "appraisal.signed", "appraisal.draft-shared"} <= types
    bodies = json.dumps([e.data for e in told], ensure_ascii=False)
    content = await session.execute(
        text(
            """
            SELECT motivation FROM appraisal_rating WHERE motivation IS NOT NULL
            UNION SELECT objections FROM appraisal WHERE objections IS NOT NULL
            UNION SELECT response_text FROM appraisal WHERE response_text IS NOT NULL
            UNION SELECT reward FROM appraisal WHERE reward IS NOT NULL
            UNION SELECT description FROM agreement_version
            UNION SELECT text FROM talk_contribution
            UNION SELECT answer FROM informant_request WHERE answer IS NOT NULL
            UNION SELECT question FROM informant_request
            """
        )
    )
    texts = [t for (t,) in content if len(t) >= 8]
    assert len(texts) >= 10  # the demo has plenty to leak
    leaked = [t for t in texts if t in bodies]
    assert leaked == []
    assert not any(key in bodies for key in ('"score"', '"finalRating"', '"motivation"'))


def test_every_event_type_and_every_event_setting_is_documented():
    from pathlib import Path

    from app.config import Settings

    root = Path(__file__).resolve().parent.parent
    events = (root / "docs" / "events.md").read_text()
    for event in CATALOGUE:
        assert f"`{event.name}`" in events, event.name
    readme = (root / "README.md").read_text()
    for name in Settings.model_fields:
        if name.startswith(("events_", "webhook_", "smtp_", "reminder_", "worker_in_api")):
            assert f"GOEDGESPREK_{name.upper()}" in readme, name


async def test_r6_11_signing_again_in_agreement_tells_nothing_new(
    client, org, session, manager, employee, hr
):
    """An employee who signed "as seen" and later "agree" signs twice; a second event would
    tell that they agreed after all, so only the first is told."""
    cycle = await agreed_and_held(client, manager, employee)
    talk = talk_of(cycle, "appraisal")["id"]
    draft = (await read(client, cycle, manager)).json()
    assert (
        await client.put(
            appraisal_url(cycle, "ratings"), json=complete_ratings(draft), headers=manager
        )
    ).status_code == 200
    assert (await step(client, cycle, "draft-shares", manager)).status_code == 201
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    assert (await sign(client, cycle, employee, kind="seen")).status_code == 201
    assert (await sign(client, cycle, employee, kind="agree")).status_code == 201
    signed = await events_of(session, "appraisal.signed", subject=talk)
    assert [e.data["party"] for e in signed] == ["employee"]
