"""Notices: the inbox of open tasks, the reminders and the notices the regulation requires,
the mails that carry them, and each person's preference.

* ``remind`` (the worker, hourly, and when it starts): a reminder per task at the offsets of
  its due date, once each (a unique key), in the service's today (Europe/Amsterdam, the test
  clock where it is on); the last offset also to the manager of whoever must act. It also tells
  ``talk.overdue`` once per talk whose due date has passed.
* ``from_events`` (the worker, after publishing): the notices R6.3 requires (the shared draft
  and the invitation) and the finalised appraisal, from the event feed; they cannot be muted.
* ``send_pending``: the unsent mails, over SMTP, or captured when no SMTP host is configured.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Uuid, bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth import Actor, Role
from app.authz import active_on, managed_by
from app.config import Settings
from app.errors import Forbidden
from app.events.catalogue import PREFIX
from app.events.outbox import emit_rows, event_row
from app.messages import msg
from app.models.events import DomainEvent
from app.models.notices import NoticeCursor, Notification, NotificationPreference
from app.models.people import Employee, ManagerAssignment, OrgUnit
from app.notices import mail
from app.notices.rules import Task, parse_offsets, reminder_due
from app.notices.tasks import open_tasks
from app.pagination import PageParams

log = logging.getLogger(__name__)
CHUNK = 1000
_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('goedgesprek.notices.remind'))")


# --- the inbox ----------------------------------------------------------------------------------


def require_person(actor: Actor) -> None:
    if actor.kind != "person":
        raise Forbidden(msg("forbidden.inbox-for-persons"))


async def _employee_id(session: AsyncSession, number: str):
    return await session.scalar(select(Employee.id).where(Employee.personnel_number == number))


async def inbox(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    scope: str,
    org_unit: str | None,
    page: PageParams,
) -> tuple[list[Task], int]:
    """``mine``: what the caller must do. ``team``: the overdue tasks about the people the
    caller manages (whoever must act). ``organisation`` (HR): every overdue task, or those of
    one org unit and the units below it."""
    require_person(actor)
    me = actor.subject
    if scope == "mine":
        own = await _employee_id(session, me)
        about = Employee.personnel_number == me
        if own is not None:
            about = or_(about, managed_by(own, today))
        found = [t for t in await open_tasks(session, today=today, employees=about, informant=me)]
        found = [t for t in found if t.actor == me]
    elif scope == "team":
        if not actor.has_role(Role.manager) and not actor.has_role(Role.hr):
            raise Forbidden(msg("forbidden.team-tasks"))
        own = await _employee_id(session, me)
        if own is None:
            return [], 0
        found = await open_tasks(session, today=today, employees=managed_by(own, today))
        found = [t for t in found if t.overdue(today)]
    else:
        if not actor.has_role(Role.hr):
            raise Forbidden(msg("forbidden.organisation-tasks"))
        about = None
        if org_unit is not None:
            units = select(OrgUnit.id).where(OrgUnit.key == org_unit).cte("units", recursive=True)
            units = units.union_all(select(OrgUnit.id).where(OrgUnit.parent_id == units.c.id))
            about = Employee.org_unit_id.in_(select(units.c.id))
        found = [
            t for t in await open_tasks(session, today=today, employees=about) if t.overdue(today)
        ]
    found.sort(key=lambda t: (t.due or date.max, t.org_unit, t.employee, t.kind, t.actor))
    return found[page.offset : page.offset + page.page_size], len(found)


# --- preferences and the caller's notifications -------------------------------------------------


async def reminders_on(session: AsyncSession, number: str) -> bool:
    found = await session.scalar(
        select(NotificationPreference.reminders).where(
            NotificationPreference.personnel_number == number
        )
    )
    return True if found is None else found


async def set_reminders(session: AsyncSession, *, actor: Actor, reminders: bool) -> bool:
    require_person(actor)
    statement = pg_insert(NotificationPreference).values(
        personnel_number=actor.subject, reminders=reminders
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["personnel_number"],
            set_={"reminders": reminders, "updated_at": func.now()},
        )
    )
    return reminders


async def my_notifications(
    session: AsyncSession, *, actor: Actor, page: PageParams
) -> tuple[list[Notification], int]:
    require_person(actor)
    mine = Notification.recipient == actor.subject
    total = await session.scalar(select(func.count()).where(mine)) or 0
    rows = await session.scalars(
        select(Notification)
        .where(mine)
        .order_by(Notification.created_at.desc(), Notification.id)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return list(rows), total


# --- making notifications -----------------------------------------------------------------------


async def _people(session: AsyncSession, numbers: set[str], today: date) -> dict[str, Any]:
    """Name, e-mail and today's manager of each of these people."""
    if not numbers:
        return {}
    manager = (
        select(ManagerAssignment.manager_id)
        .where(ManagerAssignment.employee_id == Employee.id, active_on(ManagerAssignment, today))
        .limit(1)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Employee.personnel_number, Employee.name, Employee.email, manager.label("m")).where(
            Employee.personnel_number.in_(numbers)
        )
    )
    people = {r.personnel_number: r for r in rows}
    managers = {r.m for r in people.values() if r.m is not None}
    numbers_of = (
        dict(
            (
                await session.execute(
                    select(Employee.id, Employee.personnel_number).where(Employee.id.in_(managers))
                )
            ).all()
        )
        if managers
        else {}
    )
    return {
        n: {"name": r.name, "email": r.email, "manager": numbers_of.get(r.m)}
        for n, r in people.items()
    }


async def _insert(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Each notification once: a key made before is left alone."""
    made = 0
    for start in range(0, len(rows), CHUNK):
        result = await session.execute(
            pg_insert(Notification)
            .values(rows[start : start + CHUNK])
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(Notification.id)
        )
        made += len(result.all())
    return made


async def remind(session: AsyncSession, *, today: date, settings: Settings) -> int:
    """One reminder run (see the module); returns the notifications made."""
    await session.execute(_LOCK)  # one run at a time, whichever worker
    offsets = parse_offsets(settings.reminder_offsets)
    tasks = await open_tasks(session, today=today)
    await _tell_overdue(session, tasks, today)
    due = [(t, o) for t in tasks if (o := reminder_due(t, today, offsets)) is not None]
    people = await _people(session, {t.actor for t, _ in due}, today)
    managers = {p["manager"] for p in people.values() if p["manager"]}
    people.update(await _people(session, managers - set(people), today))
    muted = set(
        await session.scalars(
            select(NotificationPreference.personnel_number).where(
                NotificationPreference.reminders.is_(False),
                NotificationPreference.personnel_number.in_({t.actor for t, _ in due} | managers),
            )
        )
    )
    rows = []
    for task, offset in due:
        link = settings.frontend_base_url.rstrip("/") + task.link
        key = f"reminder:{task.key}:{task.due}:{offset.days}"
        person = people.get(task.actor)
        if person is not None and task.actor not in muted:
            rows.append(
                _reminder_row(key, task.actor, person, mail.reminder(task, today, link), task)
            )
        boss = person and person["manager"]
        if offset.escalate and boss and boss not in muted and boss in people:
            escalation = mail.reminder(task, today, link, escalated_to=people[boss]["name"])
            rows.append(_reminder_row(f"escalation:{key}", boss, people[boss], escalation, task))
    return await _insert(session, rows)


def _row(
    key: str,
    number: str,
    person: dict,
    message: mail.Mail,
    *,
    kind: str,
    required: bool,
    rule: str | None,
    due_date: date | None,
    link: str,
) -> dict:
    return {
        "key": key,
        "recipient": number,
        "email": person["email"],
        "kind": kind,
        "required": required,
        "subject": message.subject,
        "body": message.body,
        "rule": rule,
        "due_date": due_date,
        "link": link,
    }


def _reminder_row(key: str, number: str, person: dict, message: mail.Mail, task: Task) -> dict:
    return _row(
        key,
        number,
        person,
        message,
        kind="reminder",
        required=False,
        rule=task.rule,
        due_date=task.due,
        link=task.link,
    )


async def _tell_overdue(session: AsyncSession, tasks: list[Task], today: date) -> None:
    """``talk.overdue``, once per talk whose due date has passed while it is open."""
    late = {t.talk_id: t for t in tasks if t.kind == "hold-talk" and t.overdue(today)}
    if not late:
        return
    told = set(
        await session.scalars(
            select(DomainEvent.subject).where(
                DomainEvent.type == PREFIX + "talk.overdue", DomainEvent.subject.in_(list(late))
            )
        )
    )
    await emit_rows(
        session,
        [
            event_row(
                "talk.overdue",
                talk_id,
                {
                    "talkId": talk_id,
                    "cycleId": t.cycle_id,
                    "url": f"/v1/talks/{talk_id}",
                    "personnelNumber": t.employee,
                    "kind": t.talk_kind,
                    "dueDate": t.due,
                    "rule": t.rule,
                },
            )
            for talk_id, t in late.items()
            if talk_id not in told
        ],
    )


async def from_events(session: AsyncSession, *, settings: Settings) -> int:
    """The required notices of the events published since the last call."""
    # The one row (made by migration 0018), locked: one reader of the feed at a time.
    cursor = await session.scalar(select(NoticeCursor).with_for_update())
    types = [PREFIX + "appraisal.draft-shared", PREFIX + "appraisal.finalised"]
    # The top first, and only events up to it: a publisher committing between the two reads
    # would otherwise move the cursor past events this call never read.
    top = await session.scalar(select(func.max(DomainEvent.sequence))) or 0
    events = list(
        await session.scalars(
            select(DomainEvent)
            .where(
                DomainEvent.sequence > cursor.last_sequence,
                DomainEvent.sequence <= top,
                DomainEvent.type.in_(types),
            )
            .order_by(DomainEvent.sequence)
            .limit(CHUNK)
        )
    )
    if not events:
        cursor.last_sequence = top
        return 0
    numbers = {e.data.get("personnelNumber") for e in events} - {None}
    people = await _people(session, numbers, date.today())
    rows = []
    for event in events:
        number = event.data.get("personnelNumber")
        person = people.get(number)
        if person is None:
            continue
        link = settings.frontend_base_url.rstrip("/") + f"/talks/{event.subject}"
        if event.type.endswith("draft-shared"):
            message = mail.draft_shared(
                person["name"], date.fromisoformat(event.data["talkFrom"]), link
            )
            kind, rule, due = "draft-shared", "R6.3", date.fromisoformat(event.data["talkFrom"])
        else:
            message = mail.finalised(
                person["name"], date.fromisoformat(event.data["finalisedOn"]), link
            )
            kind, rule, due = "appraisal-finalised", "R6.12", None
        rows.append(
            _row(
                f"{kind}:{event.id}",
                number,
                person,
                message,
                kind=kind,
                required=True,  # the regulation's notices: never muted
                rule=rule,
                due_date=due,
                link=f"/talks/{event.subject}",
            )
        )
    cursor.last_sequence = events[-1].sequence if len(events) == CHUNK else top
    return await _insert(session, rows)


# --- sending ------------------------------------------------------------------------------------

_CLAIM = text(
    """
    SELECT id, recipient, email, subject, body FROM notification
    WHERE sent_at IS NULL AND attempts < :tries AND NOT (id = ANY (:tried))
    ORDER BY attempts, created_at LIMIT :batch FOR UPDATE SKIP LOCKED
    """
).bindparams(bindparam("tried", type_=ARRAY(Uuid())))
TRIES = 10


async def send_pending(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *, batch: int = 100
) -> int:
    """Send (or capture) what is unsent, batch by batch; returns the number sent. A batch stays
    locked while it is sent, so two workers never send one mail twice. Each mail's outcome is
    its own: one refused recipient leaves the others sent, and it goes to the back of the queue
    (tried up to ten times)."""
    handled, tried = 0, []
    while True:
        async with sessionmaker.begin() as session:
            rows = (
                await session.execute(_CLAIM, {"batch": batch, "tries": TRIES, "tried": tried})
            ).all()
            if not rows:
                return handled
            tried += [r.id for r in rows]  # once a run: a refused mail waits for the next
            outcomes = await _deliver(settings, rows)
            now = datetime.now(UTC)
            table = Notification.__table__
            for (transport, error), ids in _grouped(rows, outcomes).items():
                done = error is None
                await session.execute(
                    update(table)
                    .where(table.c.id.in_(ids))
                    .values(
                        sent_at=now if done else None,
                        transport=transport if done else None,
                        attempts=table.c.attempts + 1,
                        last_error=error,
                    )
                )
                handled += len(ids) if done else 0
            if all(error is not None for _, error in outcomes):
                return handled  # the server is not taking mail now: the next run tries again


async def _deliver(settings: Settings, rows: list[Any]) -> list[tuple[str, str | None]]:
    """(transport, error) per row: captured without an SMTP host, ``none`` without an
    address, else what the SMTP server said."""
    if not settings.smtp_host:
        return [("capture" if r.email else "none", None) for r in rows]
    sendable = [r for r in rows if r.email]
    said: dict[Any, str | None] = {}
    if sendable:
        messages = [mail.message(settings, r.email, mail.Mail(r.subject, r.body)) for r in sendable]
        try:
            for row, error in zip(sendable, await mail.send(settings, messages), strict=True):
                said[row.id] = error
        except OSError as exc:  # no connection: smtplib's errors are OSErrors
            log.warning("mail not sent: %s", exc)
            said = dict.fromkeys((r.id for r in sendable), f"{type(exc).__name__}: {exc}"[:500])
    return [("smtp", said[r.id]) if r.email else ("none", None) for r in rows]


def _grouped(rows: list[Any], outcomes: list[tuple[str, str | None]]) -> dict:
    grouped: dict[tuple[str, str | None], list[Any]] = {}
    for row, outcome in zip(rows, outcomes, strict=True):
        grouped.setdefault(outcome, []).append(row.id)
    return grouped
