"""Cycles: reading them (lists and detail with their talks), periods, R2.2 decisions and R7
hardship decisions. Talk operations are in ``app.cycles.talks``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth import Actor
from app.authz import (
    EMPLOYEE_RELATION,
    cycle_relation_from,
    cycle_relation_of,
    not_found,
    relation_from,
    require_hr,
    require_managing,
    sees_all_cycles,
    viewer_params,
)
from app.config import SchedulingConfig
from app.cycles import events, materialise, queries, rules
from app.cycles.calendar import Period
from app.cycles.schedule import period_grid
from app.errors import InvalidInput, NotFound, param
from app.events import outbox
from app.messages import msg
from app.models.cycles import (
    Cycle,
    CycleDecision,
    HardshipDecision,
    OpeningJob,
    PeriodOpening,
    Talk,
    TalkAttendee,
    TalkRequest,
)
from app.models.people import Employee, OrgUnit
from app.pagination import PageParams
from app.people.service import lock_people_sync
from app.statements import Item, fetch_all, fetch_one, item, items
from app.states import CycleState, Relation, RequestStatus


def parse_period(config: SchedulingConfig, value: str, today: date, *, location: str) -> Period:
    """A period id of the grid (T2.1), or a 400 naming the field."""
    period = period_grid(config).parse(value)
    if period is None:
        raise InvalidInput(
            msg("invalid-input.unknown-period"),
            rule="T2.1",
            invalid_params=[
                param(
                    "period",
                    "unknown_period",
                    f"not a period of the grid (e.g. {period_grid(config).containing(today).id})",
                    location=location,
                    rule="T2.1",
                )
            ],
        )
    return period


@dataclass
class CycleRow:
    cycle: Cycle
    personnel_number: str
    name: str
    org_unit_key: str
    function_profile_code: str
    status: str
    overdue: bool


@dataclass
class CycleView:
    row: CycleRow
    relation: Relation
    talks: list[Talk]
    attendees: dict[uuid.UUID, list[TalkAttendee]]
    requests: list[TalkRequest]
    hardship: list[HardshipDecision]
    actions: list[str] = field(default_factory=list)
    agreed: set[uuid.UUID] = field(default_factory=set)
    """Planning and progress talks whose agreement set is agreed (R4.6, R5.2)."""


def cycle_row(row: Any) -> CycleRow:
    """A ``CycleRow`` from a row of ``queries.CYCLE_COLUMNS`` (the cycle a whole row)."""
    return CycleRow(
        item(row.cycle),
        row.personnel_number,
        row.name,
        row.org_unit_key,
        row.function_profile_code,
        row.status,
        row.overdue,
    )


def units_below(*where) -> Select:
    """The org units matching ``where`` and every unit below them (one recursive query)."""
    tree = select(OrgUnit.id).where(*where).cte("unit_tree", recursive=True)
    child = aliased(OrgUnit)
    tree = tree.union_all(select(child.id).where(child.parent_id == tree.c.id))
    return select(tree.c.id).distinct()


def unit_and_below(key: str) -> Select:
    """The org unit with this key and every unit below it."""
    return units_below(OrgUnit.key == key)


@dataclass(frozen=True)
class CycleFilters:
    employee: str | None = None
    org_unit: str | None = None
    period: str | None = None
    status: str | None = None
    overdue: bool | None = None
    due_before: date | None = None


async def list_cycles(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    page: PageParams,
    filters: CycleFilters,
) -> tuple[list[CycleRow], int]:
    """The cycles the caller may see, filtered; overdue first (by next due date). The page
    and its total in one statement (the org unit's subtree is looked up first)."""
    params = {**viewer_params(actor, today), "limit": page.page_size, "offset": page.offset}
    if filters.org_unit is not None:
        # Fetched first: the planner cannot estimate a recursive CTE inline (it guesses
        # hundreds of units) and then joins every cycle before filtering.
        params["units"] = list(await session.scalars(unit_and_below(filters.org_unit)))
    if filters.period is not None:
        period = parse_period(config, filters.period, today, location="query")
        params |= {"period_start": period.start, "period_end": period.end}
    params |= {
        "employee": filters.employee,
        "status": filters.status,
        "due_before": filters.due_before,
    }
    statement, count = queries.cycle_page(
        everyone=sees_all_cycles(actor),
        employee=filters.employee is not None,
        org_unit=filters.org_unit is not None,
        period=filters.period is not None,
        status=filters.status is not None,
        overdue=filters.overdue,
        due_before=filters.due_before is not None,
    )
    rows = await fetch_all(session, statement, **params)
    if rows:
        return [cycle_row(r) for r in rows], rows[0].total
    if page.page == 1:
        return [], 0
    return [], await session.scalar(count, params) or 0


async def load_cycle(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID, lock: bool = False
) -> tuple[CycleRow, Relation]:
    """The cycle and the caller's relation to it (one statement); 404 when it is not theirs
    to see."""
    statement = queries.CYCLE_BY_ID_LOCKED if lock else queries.CYCLE_BY_ID
    row = await fetch_one(session, statement, cycle_id=cycle_id, **viewer_params(actor, today))
    relation = cycle_relation_of(actor, row, "cycle")
    return cycle_row(row), relation


async def cycle_of(
    session: AsyncSession, query, what: str, actor: Actor, today: date, lock: bool
) -> tuple[CycleRow, Relation]:
    """The cycle a talk or request belongs to, and the caller's relation to it: 404 naming the
    talk or request when it does not exist or its cycle is not the caller's to see."""
    cycle_id = await session.scalar(query)
    if cycle_id is None:
        raise not_found(what)
    try:
        return await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id, lock=lock)
    except NotFound:
        raise not_found(what) from None


async def get_cycle(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID
) -> CycleView:
    """A cycle with its talks, attendees, requests and hardship decisions, and the caller's
    relation and actions: one statement (``queries.CYCLE_DETAIL``); 404 when it is not theirs
    to see."""
    row = await fetch_one(
        session, queries.CYCLE_DETAIL, cycle_id=cycle_id, **viewer_params(actor, today)
    )
    relation = cycle_relation_of(actor, row, "cycle")
    attendees: dict[uuid.UUID, list[Item]] = {}
    for attendee in items(row.attendees):
        attendees.setdefault(attendee.talk_id, []).append(attendee)
    requests = items(row.talk_requests)
    view = CycleView(
        cycle_row(row),
        relation,
        items(row.talks),
        attendees,
        requests,
        items(row.hardship),
        agreed=set(row.agreed or ()),
    )
    view.actions = rules.cycle_actions(
        relation=relation.value,
        status=row.status,
        open_requests=sum(r.status == RequestStatus.open for r in requests),
    )
    return view


async def bypassed(
    session: AsyncSession, *, rule: str, cycle_id: uuid.UUID, talk_id: uuid.UUID | None = None
) -> HardshipDecision | None:
    """R7: the hardship decision that sets ``rule`` aside for this cycle (or this talk), if
    any: the only way around a rule check."""
    query = select(HardshipDecision).where(
        HardshipDecision.rule == rule, HardshipDecision.cycle_id == cycle_id
    )
    if talk_id is not None:
        query = query.where(
            (HardshipDecision.talk_id.is_(None)) | (HardshipDecision.talk_id == talk_id)
        )
    else:
        query = query.where(HardshipDecision.talk_id.is_(None))
    return (await session.execute(query.limit(1))).scalar_one_or_none()


# --- R7 hardship decisions ------------------------------------------------------------------


async def record_hardship(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    reference: str,
    reason: str,
    rule: str,
    cycle_id: uuid.UUID,
    talk_id: uuid.UUID | None,
) -> tuple[HardshipDecision, Employee]:
    """R7: HR records a Board decision that sets one rule check aside for a cycle or a talk.
    Only the checks listed in ``rules.BYPASSABLE`` consult such decisions."""
    require_hr(actor, rule="R7")
    problems = []
    if rule not in rules.BYPASSABLE:
        allowed = ", ".join(f"{k} ({v})" for k, v in rules.BYPASSABLE.items())
        problems.append(
            param("rule", "not_bypassable", f"no check of this rule can be set aside; {allowed}")
        )
    if rule in rules.CYCLE_WIDE and talk_id is not None:
        problems.append(
            param("talkId", "not_allowed", f"a check of {rule} applies to the whole cycle")
        )
    cycle = await session.get(Cycle, cycle_id)
    if cycle is None:
        problems.append(param("cycleId", "unknown", "no such cycle"))
    elif talk_id is not None:
        talk_cycle = await session.scalar(select(Talk.cycle_id).where(Talk.id == talk_id))
        if talk_cycle != cycle_id:
            problems.append(param("talkId", "unknown", "no such talk in this cycle"))
    if problems:
        raise InvalidInput(
            msg("invalid-input.fields", count=len(problems)), invalid_params=problems
        )
    decision = HardshipDecision(
        reference=reference,
        reason=reason,
        rule=rule,
        employee_id=cycle.employee_id,
        cycle_id=cycle_id,
        talk_id=talk_id,
        recorded_by=actor.subject,
    )
    session.add(decision)
    await session.flush()
    await session.refresh(decision, ["recorded_at"])
    employee = await session.get_one(Employee, cycle.employee_id)
    return decision, employee


async def list_hardship(
    session: AsyncSession,
    *,
    actor: Actor,
    page: PageParams,
    employee: str | None,
    cycle_id: uuid.UUID | None,
) -> tuple[list[tuple[HardshipDecision, Employee]], int]:
    require_hr(actor, rule="R7")
    where = []
    if employee is not None:
        where.append(Employee.personnel_number == employee)
    if cycle_id is not None:
        where.append(HardshipDecision.cycle_id == cycle_id)
    query = (
        select(HardshipDecision, Employee)
        .join(Employee, Employee.id == HardshipDecision.employee_id)
        .where(*where)
    )
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(HardshipDecision.recorded_at.desc(), HardshipDecision.id)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return [(d, e) for d, e in rows], total or 0


# --- R2.2 one-year decisions -----------------------------------------------------------------


async def _employee(
    session: AsyncSession, actor: Actor, today: date, personnel_number: str
) -> tuple[Employee, str | None]:
    """The employee and the caller's synced relation to them (``authz.relation_column``);
    404 when there is no such employee."""
    row = await fetch_one(
        session, EMPLOYEE_RELATION, number=personnel_number, **viewer_params(actor, today)
    )
    if row is None:
        raise not_found("employee")
    return await session.get_one(Employee, row.id), row.relation


async def earliest_decision_year(session: AsyncSession, employee_id: uuid.UUID, today: date) -> int:
    """R2.2 looks ahead: a decision never cuts the running cycle back into the past, so it
    applies from this year only when the running cycle started in it, else from next year."""
    running_start = await session.scalar(
        select(Cycle.start_date)
        .where(
            Cycle.employee_id == employee_id,
            Cycle.state == CycleState.active,
            Cycle.start_date <= today,
            Cycle.end_date >= today,
        )
        .order_by(Cycle.start_date.desc())
        .limit(1)
    )
    if running_start is None or running_start.year == today.year:
        return max(today.year, 2000)
    return max(today.year + 1, 2000)


async def record_cycle_decision(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    personnel_number: str,
    from_year: int,
    one_year: bool,
    reason: str,
) -> tuple[CycleDecision, Employee]:
    """R2.2: the manager decides that the employee's cycles are calendar years from a year on
    (or, ``one_year=False``, follow the periods again). Only the manager (or the delegated
    coordinator) decides; not for past years; open cycles are re-planned at once."""
    employee, synced = await _employee(session, actor, today, personnel_number)
    relation = relation_from(actor, synced)
    if relation is None:
        raise not_found("employee")
    require_managing(relation, rule="R2.2", what=msg("act.decides-on-one-year-cycles"))
    earliest = await earliest_decision_year(session, employee.id, today)
    if not earliest <= from_year <= min(today.year + 10, 2200):
        raise InvalidInput(
            msg("invalid-input.out-of-range", field="fromYear"),
            rule="R2.2",
            invalid_params=[
                param(
                    "fromYear",
                    "out_of_range",
                    f"must be {earliest}–{min(today.year + 10, 2200)}: a decision applies from"
                    " a year on and never cuts the running cycle back into the past (R2.2)",
                    rule="R2.2",
                )
            ],
        )
    decision = CycleDecision(
        employee_id=employee.id,
        from_year=from_year,
        one_year=one_year,
        reason=reason,
        decided_by=actor.subject,
    )
    session.add(decision)
    await session.flush()
    await session.refresh(decision, ["decided_at"])
    await lock_people_sync(session)
    await materialise.sync_employees(
        session, actor=actor, today=today, config=config, employee_ids=[employee.id]
    )
    return decision, employee


async def list_cycle_decisions(
    session: AsyncSession, *, actor: Actor, today: date, personnel_number: str, page: PageParams
) -> tuple[list[CycleDecision], Employee, int]:
    employee, synced = await _employee(session, actor, today, personnel_number)
    if cycle_relation_from(actor, synced, led=False) is None:
        raise not_found("employee")
    where = CycleDecision.employee_id == employee.id
    total = await session.scalar(select(func.count()).where(where))
    rows = await session.execute(
        select(CycleDecision)
        .where(where)
        .order_by(CycleDecision.decided_at, CycleDecision.id)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return list(rows.scalars()), employee, total or 0


# --- periods -------------------------------------------------------------------------------


async def list_periods(
    session: AsyncSession, *, config: SchedulingConfig, today: date
) -> list[tuple[Period, PeriodOpening | None]]:
    """The org-wide periods from the epoch to the one after today's (T2.1), with their first
    opening."""
    grid = period_grid(config)
    periods, period = [], grid.containing(date(config.epoch_year, 1, 1))
    last = grid.after(grid.containing(today))
    while period.start <= last.start:
        periods.append(period)
        period = grid.after(period)
    first_openings = {}
    for opening in (
        await session.execute(select(PeriodOpening).order_by(PeriodOpening.opened_at.desc()))
    ).scalars():
        first_openings[opening.period_id] = opening
    return [(p, first_openings.get(p.id)) for p in periods]


OPENING_CHUNK = 2_000
"""Employees a chunk of an opening plans and commits (issue 20): memory stays that of one chunk."""


async def open_period(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    period_id: str,
    chunk_size: int = OPENING_CHUNK,
) -> PeriodOpening:
    """T2.1: HR opens an org-wide period; every active employee gets the cycles planned for it
    that are not stored yet. Opening it again creates nothing new.

    Written in chunks of ``chunk_size`` employees (in id order), each chunk its own committed
    transaction under the period's ``opening_job`` (issue 20; docs/design.md, "Scale: writes"):
    the one exception to "services never commit". A rerun — the same POST, or ``goedgesprek
    open-period`` — continues a job a killed process left running; two openers of one period at
    the same time take turns on its chunks (each under the people-sync lock, the job's row
    locked) and never plan an employee twice. The last step (the ``period_opening`` row, the
    period.opened event, the job done) is left to the caller's transaction."""
    require_hr(actor, rule="T2.1")
    period = parse_period(config, period_id, today, location="body")
    latest = period_grid(config).after(period_grid(config).containing(today))
    if period.start > latest.start:
        # T2.1: a period is opened when it starts or shortly before (the next one at most);
        # an opening decides how far every later sync plans ahead.
        raise InvalidInput(
            msg("invalid-input.period-too-far-ahead"),
            rule="T2.1",
            invalid_params=[
                param(
                    "period",
                    "too_far_ahead",
                    f"open the current or the next period (at most {latest.id})",
                    rule="T2.1",
                )
            ],
        )
    job_id = await _opening_job(session, actor=actor, period=period)
    while True:
        # Openings and people syncs plan cycles one at a time; the lock first, then the job.
        await lock_people_sync(session)
        job = (
            await session.execute(
                select(
                    OpeningJob.state,
                    OpeningJob.last_employee_id,
                    OpeningJob.cycles_created,
                    OpeningJob.opening_id,
                )
                .where(OpeningJob.id == job_id)
                .with_for_update()
            )
        ).one()
        if job.state == "done":  # another opener finished it meanwhile
            return await session.get_one(PeriodOpening, job.opening_id)
        changes = await materialise.open_period(
            session,
            actor=actor,
            today=today,
            config=config,
            start=period.start,
            end=period.end,
            after=job.last_employee_id,
            limit=chunk_size,
        )
        if changes.last_id is None:
            return await _finish_opening(session, actor, period, job_id, job.cycles_created)
        await session.execute(
            update(OpeningJob)
            .where(OpeningJob.id == job_id)
            .values(
                last_employee_id=changes.last_id,
                chunks_done=OpeningJob.chunks_done + 1,
                cycles_created=OpeningJob.cycles_created + changes.created,
                updated_at=func.now(),
            )
        )
        del changes
        await session.commit()


async def _opening_job(session: AsyncSession, *, actor: Actor, period: Period) -> uuid.UUID:
    """The running job of the period (a rerun continues it), or a new one; committed."""
    await lock_people_sync(session)
    job_id = await session.scalar(
        select(OpeningJob.id).where(
            OpeningJob.period_id == period.id, OpeningJob.state == "running"
        )
    )
    if job_id is None:
        job_id = uuid.uuid4()
        await session.execute(
            insert(OpeningJob).values(
                id=job_id,
                period_id=period.id,
                start_date=period.start,
                end_date=period.end,
                started_by=actor.subject,
            )
        )
    await session.commit()
    return job_id


async def _finish_opening(
    session: AsyncSession, actor: Actor, period: Period, job_id: uuid.UUID, created: int
) -> PeriodOpening:
    if created:
        # Thousands of new rows: fresh statistics keep the overdue lists on their indexes.
        await session.execute(text("ANALYZE cycle, talk"))
    opening = PeriodOpening(
        period_id=period.id,
        start_date=period.start,
        end_date=period.end,
        cycles_created=created,
        opened_by=actor.subject,
    )
    session.add(opening)
    outbox.add(session, [events.period_opened(period.id, period.start, period.end, created)])
    await session.flush()
    await session.execute(
        update(OpeningJob)
        .where(OpeningJob.id == job_id)
        .values(state="done", opening_id=opening.id, updated_at=func.now())
    )
    await session.refresh(opening, ["opened_at"])
    return opening
