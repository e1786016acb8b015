"""Cycles: reading them (lists and detail with their talks), periods, R2.2 decisions and R7
hardship decisions. Talk operations are in ``app.cycles.talks``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.agreements.outcomes import agreed_talk_ids
from app.api.pagination import PageParams
from app.auth import Actor
from app.authz import (
    Relation,
    cycle_relation,
    cycles_relation,
    not_found,
    require_hr,
    require_managing,
    require_visible,
    viewer_for,
    visible_cycles,
)
from app.cycles import materialise, rules
from app.cycles.calendar import Period
from app.cycles.schedule import SchedulingConfig
from app.errors import InvalidInput, NotFound
from app.models.cycles import (
    Cycle,
    CycleDecision,
    HardshipDecision,
    PeriodOpening,
    Talk,
    TalkAttendee,
    TalkRequest,
)
from app.models.people import Employee, FunctionProfile, OrgUnit
from app.people.rules import param
from app.people.service import lock_people_sync


def status_expression(today: date) -> ColumnElement[str]:
    """The cycle's status in SQL; mirrors ``rules.cycle_status``."""
    return case(
        (Cycle.state.in_(("superseded", "completed")), Cycle.state),
        (and_(Cycle.end_reason.is_not(None), Cycle.end_date < today), literal("ended")),
        (Cycle.start_date > today, literal("upcoming")),
        else_=literal("open"),
    )


def parse_period(config: SchedulingConfig, value: str, today: date, *, location: str) -> Period:
    """A period id of the grid (T2.1), or a 400 naming the field."""
    period = config.grid.parse(value)
    if period is None:
        raise InvalidInput(
            "period is not an org-wide period.",
            rule="T2.1",
            invalid_params=[
                param(
                    "period",
                    "unknown_period",
                    f"not a period of the grid (e.g. {config.grid.containing(today).id})",
                    location=location,
                    rule="T2.1",
                )
            ],
        )
    return period


def overdue_expression(today: date) -> ColumnElement[bool]:
    """A talk to hold is past its due date; not for someone who has left (their cycle ended
    on the leaving date: nobody is chased for it)."""
    left = and_(Cycle.end_reason == "leaving", Cycle.end_date < today)
    return and_(Cycle.state == "active", Cycle.next_due_date < today, ~func.coalesce(left, False))


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


def _cycle_query(today: date):
    return (
        select(
            Cycle,
            Employee.personnel_number,
            Employee.name,
            OrgUnit.key,
            FunctionProfile.code,
            status_expression(today).label("status"),
            func.coalesce(overdue_expression(today), False).label("overdue"),
        )
        .join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
        .join(FunctionProfile, FunctionProfile.id == Cycle.function_profile_id)
        .execution_options(populate_existing=True)  # next_due_date is kept by a trigger
    )


def _row(result) -> CycleRow:
    return CycleRow(*result)


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
    """The cycles the caller may see, filtered; overdue first (by next due date)."""
    viewer = await viewer_for(session, actor, today)
    where = [visible_cycles(viewer, today)]
    if filters.employee is not None:
        where.append(Employee.personnel_number == filters.employee)
    if filters.org_unit is not None:
        # Fetched first: the planner cannot estimate a recursive CTE inline (it guesses
        # hundreds of units) and then joins every cycle before filtering.
        units = list(await session.scalars(unit_and_below(filters.org_unit)))
        where.append(Employee.org_unit_id.in_(units))
    if filters.period is not None:
        period = parse_period(config, filters.period, today, location="query")
        where += [Cycle.start_date <= period.end, Cycle.end_date >= period.start]
    if filters.status is not None:
        where.append(status_expression(today) == filters.status)
    else:
        where.append(Cycle.state != "superseded")  # replaced plans only when asked for
    if filters.overdue is not None:
        overdue = overdue_expression(today)
        where.append(overdue if filters.overdue else ~func.coalesce(overdue, False))
    if filters.due_before is not None:
        where += [
            Cycle.state == "active",
            Cycle.next_due_date < filters.due_before,
            ~func.coalesce(and_(Cycle.end_reason == "leaving", Cycle.end_date < today), False),
        ]
    order = (Cycle.next_due_date.asc().nulls_last(), Cycle.start_date, Cycle.id)
    if filters.org_unit is not None or filters.employee is not None:
        # A selective filter: the total and the page in one statement (count over the window),
        # and the details joined only for the page's rows.
        matching = (
            select(
                Cycle.id,
                Cycle.next_due_date,
                Cycle.start_date,
                func.count().over().label("total"),
            )
            .join(Employee, Employee.id == Cycle.employee_id)
            .where(*where)
            .order_by(*order)
            .offset(page.offset)
            .limit(page.page_size)
            .subquery("matching")
        )
        result = (
            await session.execute(
                _cycle_query(today)
                .add_columns(matching.c.total)
                .join(matching, matching.c.id == Cycle.id)
                .order_by(
                    matching.c.next_due_date.asc().nulls_last(),
                    matching.c.start_date,
                    matching.c.id,
                )
            )
        ).all()
        if result or page.page == 1:
            return [_row(r[:-1]) for r in result], result[0].total if result else 0
    base = select(Cycle.id).join(Employee, Employee.id == Cycle.employee_id).where(*where)
    total = await session.scalar(select(func.count()).select_from(base.subquery()))
    rows = await session.execute(
        _cycle_query(today).where(*where).order_by(*order).offset(page.offset).limit(page.page_size)
    )
    return [_row(r) for r in rows], total or 0


async def load_cycle(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID, lock: bool = False
) -> tuple[CycleRow, Relation]:
    """The cycle and the caller's relation to it; 404 when it is not theirs to see."""
    viewer = await viewer_for(session, actor, today)
    query = _cycle_query(today).where(Cycle.id == cycle_id)
    if lock:
        query = query.with_for_update(of=Cycle, key_share=True)
    result = (await session.execute(query)).one_or_none()
    if result is None:
        raise not_found("cycle")
    row = _row(result)
    relation = await cycle_relation(session, viewer, row.cycle, today)
    return row, relation


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
    row, relation = await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    return await cycle_view(session, row, relation)


async def cycle_view(session: AsyncSession, row: CycleRow, relation: Relation) -> CycleView:
    cycle_id = row.cycle.id
    talks = list(
        (
            await session.execute(
                select(Talk)
                .where(Talk.cycle_id == cycle_id)
                .order_by(Talk.due_date, Talk.kind, Talk.sequence)
                .execution_options(populate_existing=True)
            )
        ).scalars()
    )
    attendees: dict[uuid.UUID, list[TalkAttendee]] = {}
    if talks:
        for a in (
            await session.execute(
                select(TalkAttendee)
                .where(TalkAttendee.talk_id.in_([t.id for t in talks]))
                .order_by(TalkAttendee.created_at, TalkAttendee.id)
            )
        ).scalars():
            attendees.setdefault(a.talk_id, []).append(a)
    requests = list(
        (
            await session.execute(
                select(TalkRequest)
                .where(TalkRequest.cycle_id == cycle_id)
                .order_by(TalkRequest.requested_at, TalkRequest.id)
            )
        ).scalars()
    )
    hardship = list(
        (
            await session.execute(
                select(HardshipDecision)
                .where(HardshipDecision.cycle_id == cycle_id)
                .order_by(HardshipDecision.recorded_at, HardshipDecision.id)
            )
        ).scalars()
    )
    agreed = await agreed_talk_ids(session, cycle_id) if talks else set()
    view = CycleView(row, relation, talks, attendees, requests, hardship, agreed=agreed)
    view.actions = rules.cycle_actions(
        relation=relation.value,
        status=row.status,
        open_requests=sum(r.status == "open" for r in requests),
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
        raise InvalidInput(f"{len(problems)} invalid field(s).", invalid_params=problems)
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


async def _employee(session: AsyncSession, personnel_number: str) -> Employee:
    employee = await session.scalar(
        select(Employee).where(Employee.personnel_number == personnel_number)
    )
    if employee is None:
        raise not_found("employee")
    return employee


async def earliest_decision_year(session: AsyncSession, employee_id: uuid.UUID, today: date) -> int:
    """R2.2 looks ahead: a decision never cuts the running cycle back into the past, so it
    applies from this year only when the running cycle started in it, else from next year."""
    running_start = await session.scalar(
        select(Cycle.start_date)
        .where(
            Cycle.employee_id == employee_id,
            Cycle.state == "active",
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
    viewer = await viewer_for(session, actor, today)
    employee = await _employee(session, personnel_number)
    relation = await require_visible(session, viewer, employee.id, today, what="employee")
    require_managing(relation, rule="R2.2", what="decides on one-year cycles")
    earliest = await earliest_decision_year(session, employee.id, today)
    if not earliest <= from_year <= min(today.year + 10, 2200):
        raise InvalidInput(
            "fromYear is out of range.",
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
    viewer = await viewer_for(session, actor, today)
    employee = await _employee(session, personnel_number)
    if await cycles_relation(session, viewer, employee.id, today) is None:
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
    grid = config.grid
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


async def open_period(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    period_id: str,
) -> PeriodOpening:
    """T2.1: HR opens an org-wide period; every active employee gets the cycles planned for it
    that are not stored yet, in this one transaction. Opening it again creates nothing new."""
    require_hr(actor, rule="T2.1")
    period = parse_period(config, period_id, today, location="body")
    latest = config.grid.after(config.grid.containing(today))
    if period.start > latest.start:
        # T2.1: a period is opened when it starts or shortly before (the next one at most);
        # an opening decides how far every later sync plans ahead.
        raise InvalidInput(
            "period is too far ahead.",
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
    await lock_people_sync(session)  # openings and people syncs plan cycles one at a time
    changes = await materialise.open_period(
        session, actor=actor, today=today, config=config, start=period.start, end=period.end
    )
    if changes.created:
        # Thousands of new rows: fresh statistics keep the overdue lists on their indexes.
        await session.execute(text("ANALYZE cycle, talk"))
    opening = PeriodOpening(
        period_id=period.id,
        start_date=period.start,
        end_date=period.end,
        cycles_created=changes.created,
        opened_by=actor.subject,
    )
    session.add(opening)
    await session.flush()
    await session.refresh(opening, ["opened_at"])
    return opening
