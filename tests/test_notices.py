"""Notices (issue 17): the inbox for each role, reminders that walk with the test clock (each
once, escalated at the last offset, muted on request), the notices R6.3 requires over a real
SMTP server (aiosmtpd), and no appraisal content in any mail."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, text

from app.models.notices import Notification
from app.notices import service
from app.notices.rules import DEFAULT_OFFSETS, Offset, parse_offsets, reminder_due
from app.worker import notices_from_events, publish_all
from tests.appraisals import agreed_and_held, appraisal_url, complete_ratings, read, sign, step
from tests.cycles import talk_of
from tests.org import EMPLOYEE, HR_SUB, MANAGER

COLLEAGUE = "100004"


async def tasks(client, headers, **params) -> list[dict]:
    response = await client.get("/v1/me/tasks", params={"pageSize": 100, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def kinds(items: list[dict]) -> set[tuple[str, str | None]]:
    return {(t["kind"], t["talkKind"]) for t in items}


async def test_r6_3_the_manager_is_to_share_the_draft_and_the_employee_sees_no_trace_of_it(
    client, org, manager, employee
):
    cycle = await agreed_and_held(client, manager, employee)
    appraisal = talk_of(cycle, "appraisal")
    mine = await tasks(client, manager)
    share = next(t for t in mine if t["kind"] == "share-draft")
    assert share["rule"] == "R6.3" and share["actor"] == MANAGER
    assert share["due"] == (date.fromisoformat(appraisal["dueDate"]) - timedelta(7)).isoformat()
    assert share["url"] == f"/v1/talks/{appraisal['id']}"
    assert share["link"].endswith(f"/talks/{appraisal['id']}")
    assert ("hold-talk", "progress") in kinds(mine) and ("hold-talk", "appraisal") in kinds(mine)
    # The employee's inbox holds only what the employee must do: nothing of the draft.
    theirs = await tasks(client, employee)
    assert all(t["actor"] == EMPLOYEE for t in theirs)
    assert not any(t["talkKind"] == "appraisal" for t in theirs)


async def test_r4_6_both_are_to_approve_the_agreements_until_they_have(
    client, org, manager, employee
):
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
    for headers in (manager, employee):
        approve = [t for t in await tasks(client, headers) if t["kind"] == "approve-agreements"]
        assert [(t["talkKind"], t["rule"]) for t in approve] == [("planning", "R4.6")]
    version = (await client.get(f"{base}/agreement-set", headers=manager)).json()["version"]
    planning = talk_of(cycle, "planning")["id"]
    done = await client.post(
        f"/v1/talks/{planning}/approvals", json={"setVersion": version}, headers=employee
    )
    assert done.status_code == 201, done.text
    assert not [t for t in await tasks(client, employee) if t["kind"] == "approve-agreements"]
    assert [t for t in await tasks(client, manager) if t["kind"] == "approve-agreements"]


async def test_r6_11_r6_12_after_the_talk_both_sign_then_the_hearing_is_due(
    client, org, manager, employee, hr
):
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
    signs = [t for t in await tasks(client, employee) if t["kind"] == "sign"]
    assert [(s["due"], s["rule"]) for s in signs] == [("2026-12-20", "R6.11")]
    assert any(t["kind"] == "sign" for t in await tasks(client, manager))
    await sign(client, cycle, manager)
    assert (await sign(client, cycle, employee, kind="seen")).status_code == 201
    window = [t for t in await tasks(client, employee) if t["kind"] == "consider-objection"]
    assert [(w["due"], w["rule"]) for w in window] == [("2026-12-20", "R6.11")]
    objected = await step(client, cycle, "objections", employee, {"text": "Te streng"})
    assert objected.status_code == 201, objected.text
    hearing = [t for t in await tasks(client, manager) if t["kind"] == "hold-hearing"]
    assert [(h["due"], h["rule"]) for h in hearing] == [("2026-12-20", "R6.12")]
    assert not any(t["kind"] == "sign" for t in await tasks(client, employee))


async def test_r6_10_an_informant_is_asked_to_answer(client, org, manager, employee, auth):
    cycle = await agreed_and_held(client, manager, employee)
    asked = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {
            "informant": {
                "personnelNumber": COLLEAGUE,
                "relationship": "colleague",
                "relationshipNote": "Werkt in hetzelfde team",
            },
            "question": "Hoe gaat het?",
        },
    )
    assert asked.status_code == 201, asked.text
    colleague = auth(role="employee", sub=COLLEAGUE)
    [ask] = [t for t in await tasks(client, colleague) if t["kind"] == "answer-informant-request"]
    assert (ask["role"], ask["rule"], ask["personnelNumber"]) == ("informant", "R6.10", EMPLOYEE)
    assert "Hoe gaat het" not in str(ask)  # the question stays in the E-module


async def test_the_team_and_the_organisation_see_what_is_overdue(
    client, org, manager, employee, hr
):
    await client.put("/v1/clock", json={"today": "2027-09-01"}, headers=hr)
    team = await tasks(client, manager, scope="team")
    assert team and all(t["overdue"] for t in team)
    assert {t["personnelNumber"] for t in team} <= {EMPLOYEE, COLLEAGUE}
    everyone = await tasks(client, hr, scope="organisation")
    assert {t["personnelNumber"] for t in team} <= {t["personnelNumber"] for t in everyone}
    team_a = await tasks(client, hr, scope="organisation", orgUnit="team-a")
    assert team_a and {t["orgUnit"] for t in team_a} == {"team-a"}
    paged = await client.get(
        "/v1/me/tasks", params={"scope": "organisation", "pageSize": 1}, headers=hr
    )
    assert paged.json()["meta"]["totalItems"] == len(everyone) and len(paged.json()["items"]) == 1
    for who, scope in ((employee, "team"), (employee, "organisation"), (manager, "organisation")):
        refused = await client.get("/v1/me/tasks", params={"scope": scope}, headers=who)
        assert refused.status_code == 403


# --- reminders --------------------------------------------------------------------------------


def test_reminders_fall_at_the_offsets_and_a_missed_run_sends_only_the_latest():
    from app.notices.rules import Task

    task = Task(
        "hold-talk",
        MANAGER,
        "manager",
        EMPLOYEE,
        "Mo",
        "team-a",
        date(2027, 5, 31),
        "R4.1",
        "t",
        "planning",
        "c",
        "/talks/t",
    )
    assert reminder_due(task, date(2027, 5, 16), DEFAULT_OFFSETS) is None
    assert reminder_due(task, date(2027, 5, 17), DEFAULT_OFFSETS) == Offset(-14)
    assert reminder_due(task, date(2027, 5, 23), DEFAULT_OFFSETS) == Offset(-14)
    # Missed by more than a week (a first run, a long outage): not sent any more.
    assert reminder_due(task, date(2027, 5, 27), DEFAULT_OFFSETS) is None
    assert reminder_due(task, date(2027, 6, 20), DEFAULT_OFFSETS) is None
    assert reminder_due(task, date(2027, 5, 28), DEFAULT_OFFSETS) == Offset(-3)
    assert reminder_due(task, date(2027, 6, 7), DEFAULT_OFFSETS) == Offset(7, escalate=True)
    assert parse_offsets("+7!, -14,0") == (Offset(-14), Offset(0), Offset(7, escalate=True))


async def notices_of(session, number: str) -> list[Notification]:
    return list(
        await session.scalars(
            select(Notification)
            .where(Notification.recipient == number)
            .order_by(Notification.created_at, Notification.key)
        )
    )


async def test_reminders_walk_with_the_clock_once_each_and_escalate_at_the_end(
    session, org, settings
):
    planning_due = date(2026, 5, 31)  # R4.1: 100001's planning talk of cycle 2026–2027
    # Two weeks before: the manager is reminded, once however often the run goes.
    first = planning_due - timedelta(14)
    made = await service.remind(session, today=first, settings=settings)
    assert made > 0
    again = await service.remind(session, today=first, settings=settings)
    assert again == 0
    reminders = [n for n in await notices_of(session, MANAGER) if "planningsgesprek" in n.subject]
    assert reminders and reminders[0].rule and reminders[0].due_date == planning_due
    assert "Herinnering" in reminders[0].subject
    assert "verloopt over 14 dagen, op 31 mei 2026" in reminders[0].body
    # A week after: once more, and the manager's manager (900001) hears of it.
    late = planning_due + timedelta(7)
    await service.remind(session, today=late, settings=settings)
    escalations = [n for n in await notices_of(session, "900001") if n.key.startswith("escal")]
    assert any("Achterstand" in n.subject for n in escalations)
    assert all(n.required is False for n in escalations)


async def test_a_person_who_mutes_reminders_gets_none(session, org, settings, client, manager):
    muted = await client.put(
        "/v1/me/notification-preferences", json={"reminders": False}, headers=manager
    )
    assert muted.status_code == 200 and muted.json() == {"reminders": False}
    assert (await client.get("/v1/me/notification-preferences", headers=manager)).json() == {
        "reminders": False
    }
    for wrong in (0, "false", None):
        refused = await client.put(
            "/v1/me/notification-preferences", json={"reminders": wrong}, headers=manager
        )
        assert refused.status_code == 400
        assert refused.json()["invalidParams"][0]["name"] == "reminders"
    await service.remind(session, today=date(2026, 5, 17), settings=settings)
    assert not [n for n in await notices_of(session, MANAGER) if n.kind == "reminder"]


async def test_overdue_talks_are_told_once_as_events(session, org, settings):
    count = (
        select(func.count())
        .select_from(text("domain_event"))
        .where(text("type = 'nl.goedgesprek.talk.overdue'"))
    )
    before = await session.scalar(count)
    await service.remind(session, today=date(2027, 9, 1), settings=settings)
    told = await session.scalar(count) - before
    assert told > 0
    await service.remind(session, today=date(2027, 9, 2), settings=settings)
    assert await session.scalar(count) - before == told


# --- the required notices, over SMTP ------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, _server, _session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=email_policy))
        )
        return "250 OK"


@pytest.fixture
def smtp():
    import socket

    with socket.socket() as probe:  # a free port (aiosmtpd's controller wants one named)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


async def test_r6_3_a_shared_draft_mails_the_employee_over_smtp_without_its_content(
    committed, smtp
):
    inbox, port = smtp
    client = committed.client
    manager = committed.headers(role="manager", sub=MANAGER)
    employee = committed.headers(role="employee", sub=EMPLOYEE)
    async with committed.runtime.sessionmaker.begin() as session:
        await session.execute(
            text("UPDATE employee SET email = 'mo@maastricht.example' WHERE personnel_number = :n"),
            {"n": EMPLOYEE},
        )
    cycle = await agreed_and_held(client, manager, employee)
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft)
    body["final"]["motivation"] = "Uitzonderlijk nauwkeurig in de dossiers"
    assert (
        await client.put(appraisal_url(cycle, "ratings"), json=body, headers=manager)
    ).status_code == 200
    assert (await step(client, cycle, "draft-shares", manager)).status_code == 201
    # The worker's steps: publish, make the required notice, send it.
    await publish_all(committed.runtime)
    assert await notices_from_events(committed.runtime) >= 1
    smtp_settings = committed.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    sent = await service.send_pending(committed.runtime.sessionmaker, smtp_settings)
    assert sent >= 1
    for _ in range(50):
        if inbox.messages:
            break
        await asyncio.sleep(0.05)
    [message] = [m for t, m in inbox.messages if "mo@maastricht.example" in t]
    assert "conceptbeoordeling" in message["Subject"] and message["Content-Language"] == "nl"
    text_body = message.get_content()
    assert "R6.3" in text_body and "6 december 2026" in text_body
    assert f"/talks/{talk_of(cycle, 'appraisal')['id']}" in text_body
    assert "Uitzonderlijk nauwkeurig" not in text_body and "Behaald" not in text_body
    # The employee finds it in their notifications too, as a required notice.
    mine = await client.get("/v1/me/notifications", headers=employee)
    [notice] = [n for n in mine.json()["items"] if n["kind"] == "draft-shared"]
    assert notice["required"] and notice["transport"] == "smtp" and notice["rule"] == "R6.3"


async def test_without_smtp_the_mails_are_captured_and_readable(committed):
    async with committed.runtime.sessionmaker.begin() as session:
        await service.remind(session, today=date(2026, 5, 17), settings=committed.settings)
    handled = await service.send_pending(committed.runtime.sessionmaker, committed.settings)
    assert handled >= 1
    manager = committed.headers(role="manager", sub=MANAGER)
    mine = (await committed.client.get("/v1/me/notifications", headers=manager)).json()
    assert mine["items"] and {n["transport"] for n in mine["items"]} <= {"capture", "none"}
    # Someone else's notifications are not in anyone's list but their own.
    hr = committed.headers(role="hr", sub=HR_SUB)
    theirs = (await committed.client.get("/v1/me/notifications", headers=hr)).json()["items"]
    assert not {n["id"] for n in theirs} & {n["id"] for n in mine["items"]}


async def test_reminders_follow_the_test_clock_when_it_is_moved(committed):
    """Moving the clock queues a reminder run (a job in the same transaction); the run reads
    the service's today from the test clock."""
    from app.worker import remind_now

    hr = committed.headers(role="hr", sub=HR_SUB)
    moved = await committed.client.put("/v1/clock", json={"today": "2026-05-28"}, headers=hr)
    assert moved.status_code == 200, moved.text
    async with committed.runtime.sessionmaker() as session:
        queued = await session.scalar(
            text(
                "SELECT count(*) FROM procrastinate_jobs "
                "WHERE task_name = 'remind' AND status = 'todo'"
            )
        )
    assert queued >= 1
    await remind_now(committed.runtime)
    async with committed.runtime.sessionmaker() as session:
        keys = list(
            await session.scalars(
                select(Notification.key).where(
                    Notification.recipient == MANAGER, Notification.due_date == date(2026, 5, 31)
                )
            )
        )
    assert any(key.endswith(":-3") for key in keys)  # three days before 31 May


async def test_no_reminder_of_the_demo_carries_what_its_appraisals_say(session, settings):
    from app.demo import load_demo
    from tests.org import freeze_clock

    today = date(2026, 11, 29)
    await freeze_clock(session, today)
    await load_demo(session, today=today)
    await session.flush()
    assert await service.remind(session, today=today, settings=settings) > 0
    bodies = " ".join(n.subject + n.body for n in await session.scalars(select(Notification)))
    content = await session.execute(
        text(
            "SELECT motivation FROM appraisal_rating WHERE motivation IS NOT NULL "
            "UNION SELECT objections FROM appraisal WHERE objections IS NOT NULL "
            "UNION SELECT description FROM agreement_version "
            "UNION SELECT question FROM informant_request"
        )
    )
    texts = [t for (t,) in content if len(t) >= 8]
    assert texts and not [t for t in texts if t in bodies]


async def test_r2_5_the_manager_is_to_answer_a_request_for_an_extra_talk(
    client, org, manager, employee
):
    from app.clock.today import real_today
    from tests.cycles import current_cycle

    cycle = await current_cycle(client, employee)
    asked = await client.post(
        f"/v1/cycles/{cycle['id']}/talk-requests",
        json={"kind": "progress", "reason": "Werkdruk"},
        headers=employee,
    )
    assert asked.status_code == 201, asked.text
    [task] = [t for t in await tasks(client, manager) if t["kind"] == "answer-talk-request"]
    assert (task["rule"], task["personnelNumber"]) == ("R2.5", EMPLOYEE)
    assert task["due"] == (real_today() + timedelta(14)).isoformat()
    assert "Werkdruk" not in str(task)


async def test_one_refused_recipient_leaves_the_other_mails_sent(committed, smtp):
    inbox, port = smtp

    async def refuse_bad(_server, _session, envelope, address, _options):
        if address.startswith("bad@"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    inbox.handle_RCPT = refuse_bad
    rows = [
        {
            "key": f"test:{who}",
            "recipient": "100001",
            "email": f"{who}@maastricht.example",
            "kind": "reminder",
            "required": False,
            "subject": "Herinnering",
            "body": "Goedendag",
            "link": "/talks/x",
        }
        for who in ("good", "bad", "fine")
    ]
    async with committed.runtime.sessionmaker.begin() as session:
        await session.execute(text("UPDATE notification SET sent_at = now()"))
        await session.execute(Notification.__table__.insert(), rows)
    settings = committed.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    assert await service.send_pending(committed.runtime.sessionmaker, settings) == 2
    async with committed.runtime.sessionmaker() as session:
        states = {
            n.email.split("@")[0]: (n.sent_at is not None, n.attempts, n.last_error)
            for n in await session.scalars(
                select(Notification).where(Notification.key.like("test:%"))
            )
        }
    assert states["good"][:2] == (True, 1) and states["fine"][:2] == (True, 1)
    assert states["bad"][:2] == (False, 1) and "550" in states["bad"][2]
    assert sorted(to[0] for to, _ in inbox.messages) == [
        "fine@maastricht.example",
        "good@maastricht.example",
    ]
