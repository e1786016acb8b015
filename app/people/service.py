"""People and organisation: upserts from the HR information system, and reads (R2.3, R2.4,
R3.4, T1.g). Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, String, and_, bindparam, func, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth import Actor
from app.authz import (
    not_found,
    relation_from,
    require_hr,
    require_people_writer,
    sees_everyone,
    viewer_params,
)
from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.errors import NotFound, invalid, param, unknown
from app.events import outbox
from app.messages import msg
from app.models.people import (
    CoordinatorDelegation,
    Employee,
    FunctionProfile,
    ManagerAssignment,
    OrgUnit,
)
from app.models.reference import CompetencyProfile, LevelBand
from app.pagination import PageParams
from app.people import events, queries, rules
from app.people.hooks import replan_cycles
from app.people.schemas import EmployeeIn, FunctionProfileIn, OrgUnitIn
from app.reference.service import resolve_version
from app.statements import fetch_all, fetch_one

PEOPLE_SYNC_LOCK = 0x6767_7379_6E63  # "ggsync": one lock for every writer of people


def _assign(obj: object, values: dict) -> None:
    """Set only what differs, so an unchanged record writes nothing (and audits nothing)."""
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


# --- org units ----------------------------------------------------------------------------------


async def upsert_org_unit(
    session: AsyncSession, *, actor: Actor, key: str, data: OrgUnitIn
) -> tuple[OrgUnit, bool]:
    """Create or update an org unit by its key. Raises InvalidInput for an unknown parent or
    manager and for a parent that would make the unit its own ancestor."""
    require_people_writer(actor)
    unit = await session.scalar(select(OrgUnit).where(OrgUnit.key == key))
    problems = []
    parent_id = manager_id = None
    if data.parent_key is not None:
        parent_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.key == data.parent_key))
        if parent_id is None:
            problems.append(unknown("parentKey", "org unit", data.parent_key))
        else:
            # Only the new parent's chain of ancestors can close a cycle (issue 20: reading
            # every unit made each PUT cost more as the organisation grew).
            parents = await _ancestors(session, parent_id)
            if rules.org_unit_cycle(key, data.parent_key, parents):
                problems.append(
                    param("parentKey", "org_unit_cycle", "would make the unit its own ancestor")
                )
    if data.manager_personnel_number is not None:
        manager_id = await session.scalar(
            select(Employee.id).where(Employee.personnel_number == data.manager_personnel_number)
        )
        if manager_id is None:
            problems.append(
                unknown("managerPersonnelNumber", "employee", data.manager_personnel_number)
            )
    if problems:
        raise invalid(problems)
    values = {"name": data.name, "parent_id": parent_id, "manager_id": manager_id}
    created = unit is None
    if created:
        unit = OrgUnit(key=key, **values)
        session.add(unit)
    else:
        _assign(unit, values)
    await session.flush()
    return unit, created


async def _ancestors(session: AsyncSession, unit_id: Any) -> dict[str, str | None]:
    """Unit key → its parent's key, for ``unit_id`` and every unit above it: one recursive
    query along the parent index, as deep as the tree."""
    parent = aliased(OrgUnit)
    start = (
        select(OrgUnit.id, OrgUnit.key, OrgUnit.parent_id)
        .where(OrgUnit.id == unit_id)
        .cte("chain", recursive=True)
    )
    chain = start.union(
        select(OrgUnit.id, OrgUnit.key, OrgUnit.parent_id).join(
            start, OrgUnit.id == start.c.parent_id
        )
    )
    rows = await session.execute(
        select(chain.c.key, parent.key).outerjoin(parent, parent.id == chain.c.parent_id)
    )
    return dict(rows.all())


async def list_org_units(
    session: AsyncSession, *, actor: Actor, page: PageParams
) -> tuple[list[tuple[OrgUnit, str | None, str | None]], int]:
    """Org units with their parent's key and manager's personnel number (any actor)."""
    parent = aliased(OrgUnit)
    total = await session.scalar(select(func.count()).select_from(OrgUnit)) or 0
    rows = await session.execute(
        select(OrgUnit, parent.key, Employee.personnel_number)
        .outerjoin(parent, parent.id == OrgUnit.parent_id)
        .outerjoin(Employee, Employee.id == OrgUnit.manager_id)
        .order_by(OrgUnit.key)
        .limit(page.page_size)
        .offset(page.offset)
    )
    return [tuple(row) for row in rows.all()], total


# --- function profiles --------------------------------------------------------------------------


async def _bands(session: AsyncSession, version: str) -> list[LevelBand]:
    return list(
        await session.scalars(
            select(LevelBand).where(LevelBand.guide_version_id == version).order_by(LevelBand.level)
        )
    )


async def upsert_function_profile(
    session: AsyncSession, *, actor: Actor, today: date, code: str, data: FunctionProfileIn
) -> tuple[FunctionProfile, bool, list[LevelBand]]:
    """Create or update a function profile by its code. Raises InvalidInput for a scale outside
    3–18 (R3.4) and for a function group that is not a competency profile of the guide."""
    require_people_writer(actor)
    version = await resolve_version(session, version=None, today=today)
    problems = rules.check_scale(data.scale, "scale", 3, 18, "R3.4")
    group = await session.scalar(
        select(CompetencyProfile.code).where(
            CompetencyProfile.guide_version_id == version,
            CompetencyProfile.code == data.function_group,
        )
    )
    if group is None:
        problems.append(unknown("functionGroup", "competency profile", data.function_group))
    if problems:
        error = invalid(problems)
        if any(p["name"] == "scale" for p in problems):
            error.rule = "R3.4"
        raise error
    profile = await session.scalar(select(FunctionProfile).where(FunctionProfile.code == code))
    values = data.model_dump(by_alias=False)
    created = profile is None
    if created:
        profile = FunctionProfile(code=code, **values)
        session.add(profile)
    else:
        _assign(profile, values)
    await session.flush()
    return profile, created, await _bands(session, version)


async def list_function_profiles(
    session: AsyncSession, *, actor: Actor, today: date, page: PageParams
) -> tuple[list[FunctionProfile], list[LevelBand], int]:
    query = select(FunctionProfile)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await session.scalars(
        query.order_by(FunctionProfile.code).limit(page.page_size).offset(page.offset)
    )
    version = await resolve_version(session, version=None, today=today)
    return list(rows), await _bands(session, version), total


# --- employees ----------------------------------------------------------------------------------


async def _current_manager_of(
    session: AsyncSession, employee_id: uuid.UUID
) -> ManagerAssignment | None:
    return await session.scalar(
        select(ManagerAssignment).where(
            ManagerAssignment.employee_id == employee_id, ManagerAssignment.valid_to.is_(None)
        )
    )


async def manager_graph(session: AsyncSession, today: date) -> dict[str, list[str]]:
    """Personnel number → the managers they have today or will have later (for cycles)."""
    manager = aliased(Employee)
    rows = await session.execute(
        select(Employee.personnel_number, manager.personnel_number)
        .join(ManagerAssignment, ManagerAssignment.employee_id == Employee.id)
        .join(manager, manager.id == ManagerAssignment.manager_id)
        .where(or_(ManagerAssignment.valid_to.is_(None), ManagerAssignment.valid_to > today))
    )
    graph: dict[str, list[str]] = {}
    for number, manager_number in rows.all():
        graph.setdefault(number, []).append(manager_number)
    return graph


async def manager_graph_above(
    session: AsyncSession, today: date, numbers: list[str]
) -> dict[str, list[str]]:
    """``manager_graph`` reduced to what ``numbers`` reach going up (their managers of today or
    later, theirs, …): a batch's cycle check needs no more, however large the organisation.
    Written so that every step is an index lookup (lateral subqueries, scalar subqueries for
    the numbers) whatever the statistics say right after a bulk load: joins planned on stale
    estimates scanned the whole employee and assignment tables (1.3 s at 200,000)."""
    # A recursive query's estimates are far off (millions of rows): PostgreSQL would JIT-compile
    # it, 0.2–0.3 s per sync request. For the rest of this (bulk) transaction too.
    await session.execute(text("SET LOCAL jit = off"))
    rows = await session.execute(
        text(
            """
            WITH RECURSIVE edge(employee_id, manager_id) AS (
                SELECT a.employee_id, a.manager_id
                FROM employee e
                CROSS JOIN LATERAL (
                    SELECT a.employee_id, a.manager_id FROM manager_assignment a
                    WHERE a.employee_id = e.id AND (a.valid_to IS NULL OR a.valid_to > :today)
                    OFFSET 0
                ) a
                WHERE e.personnel_number = ANY(:numbers)
                UNION
                SELECT a.employee_id, a.manager_id
                FROM edge
                CROSS JOIN LATERAL (
                    SELECT a.employee_id, a.manager_id FROM manager_assignment a
                    WHERE a.employee_id = edge.manager_id
                      AND (a.valid_to IS NULL OR a.valid_to > :today)
                    OFFSET 0
                ) a
            )
            SELECT (SELECT personnel_number FROM employee WHERE id = edge.employee_id),
                   (SELECT personnel_number FROM employee WHERE id = edge.manager_id)
            FROM edge
            """
        ).bindparams(bindparam("numbers", type_=ARRAY(String)), bindparam("today", type_=Date())),
        {"numbers": numbers, "today": today},
    )
    graph: dict[str, list[str]] = {}
    for number, manager_number in rows.all():
        graph.setdefault(number, []).append(manager_number)
    return graph


async def upsert_employee(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    personnel_number: str,
    data: EmployeeIn,
    config: SchedulingConfig = DEFAULT_CONFIG,
) -> tuple[Employee, bool]:
    """Create or update an employee by personnel number, with their manager (history kept).

    Raises InvalidInput naming every bad field: unknown org unit, function profile or manager;
    the employee as their own manager; a manager cycle; a leaving date before the entry date;
    a probation without decision date (R2.3, R6.2); a placement date while in the entry scale
    (R2.4). An unchanged record writes nothing. A new employee gets their first cycle; a
    change the scheduling engine looks at (placement, probation, leaving …) re-plans the open
    ones."""
    require_people_writer(actor)
    await lock_people_sync(session)
    problems = rules.check_scale(data.salary_scale, "salaryScale", 1, 18)
    problems += rules.check_employee_dates(
        entry_date=data.entry_date,
        leaving_date=data.leaving_date,
        probation=data.probation,
        probation_decision_date=data.probation_decision_date,
        in_function_scale=data.in_function_scale,
        function_scale_date=data.function_scale_date,
        manager_from=data.manager_from,
    )
    unit_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.key == data.org_unit_key))
    if unit_id is None:
        problems.append(unknown("orgUnitKey", "org unit", data.org_unit_key))
    profile_id = await session.scalar(
        select(FunctionProfile.id).where(FunctionProfile.code == data.function_profile_code)
    )
    if profile_id is None:
        problems.append(
            unknown("functionProfileCode", "function profile", data.function_profile_code)
        )
    manager_id = None
    if data.manager_personnel_number is not None:
        if data.manager_personnel_number == personnel_number:
            problems.append(
                param("managerPersonnelNumber", "own_manager", "an employee cannot manage themself")
            )
        else:
            manager_id = await session.scalar(
                select(Employee.id).where(
                    Employee.personnel_number == data.manager_personnel_number
                )
            )
            if manager_id is None:
                problems.append(
                    unknown("managerPersonnelNumber", "employee", data.manager_personnel_number)
                )
            else:
                graph = await manager_graph(session, min(today, data.manager_from or today))
                if rules.manager_cycle(personnel_number, data.manager_personnel_number, graph.get):
                    problems.append(
                        param(
                            "managerPersonnelNumber",
                            "manager_cycle",
                            "would make a cycle of managers (A manages B manages A)",
                        )
                    )
    if problems:
        raise invalid(problems)

    employee = await session.scalar(
        select(Employee).where(Employee.personnel_number == personnel_number)
    )
    values = data.model_dump(
        by_alias=False,
        exclude={
            "org_unit_key",
            "function_profile_code",
            "manager_personnel_number",
            "manager_from",
        },
    )
    values.update(
        org_unit_id=unit_id,
        function_profile_id=profile_id,
        email=str(data.email) if data.email else None,
    )
    created = employee is None
    leaving_before = None if created else employee.leaving_date
    if created:
        employee = Employee(personnel_number=personnel_number, **values)
        session.add(employee)
        replan = True
    else:
        replan = any(getattr(employee, f) != values[f] for f in rules.SCHEDULING_FIELDS)
        _assign(employee, values)
    changed = created or session.is_modified(employee)
    await session.flush()
    changed |= await _set_manager(session, employee, manager_id, data.manager_from or today)
    if changed:
        outbox.add(
            session,
            events.of_change(
                personnel_number,
                created=created,
                leaving_before=leaving_before,
                leaving_after=employee.leaving_date,
            ),
        )
    if replan:
        await replan_cycles(
            session, actor=actor, today=today, config=config, employee_ids=[employee.id]
        )
    return employee, created


async def lock_people_sync(session: AsyncSession) -> None:
    """Serialise the writers of people (PUTs, imports): a concurrent sync waits instead of
    failing on a unique key or writing manager history from a stale read."""
    await session.execute(select(func.pg_advisory_xact_lock(PEOPLE_SYNC_LOCK)))


async def _set_manager(
    session: AsyncSession, employee: Employee, manager_id: uuid.UUID | None, since: date
) -> bool:
    """From ``since`` on the manager is ``manager_id``: the history is cut there, never
    overlapping (rules.plan_manager_change). True when anything changed."""
    rows = {
        row.id: row
        for row in await session.scalars(
            select(ManagerAssignment).where(ManagerAssignment.employee_id == employee.id)
        )
    }
    history = [rules.Period(r.id, r.manager_id, r.valid_from, r.valid_to) for r in rows.values()]
    plan = rules.plan_manager_change(history, manager_id, since)
    for key in plan.delete:
        await session.delete(rows[key])
    await session.flush()  # first: the open assignment may be one of these
    for key, end in plan.end:
        rows[key].valid_to = end
    await session.flush()
    if plan.reopen is not None:
        rows[plan.reopen].valid_to = None
        await session.flush()
    if plan.open_from is not None:
        session.add(
            ManagerAssignment(
                employee_id=employee.id, manager_id=manager_id, valid_from=plan.open_from
            )
        )
        await session.flush()
    return bool(plan.delete or plan.end or plan.reopen is not None or plan.open_from is not None)


EmployeeView = Mapping[str, Any]
"""One employee as the API shows it: ``queries.EMPLOYEE_COLUMNS`` (and ``relation``)."""


async def list_employees(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    page: PageParams,
    org_unit: str | None = None,
    manager: str | None = None,
    active: bool | None = None,
    function_group: str | None = None,
) -> tuple[Sequence[EmployeeView], int]:
    """Employees the actor may see (others are filtered out silently), by personnel number:
    the page and its total in one statement (a second only for a page past the end)."""
    statement, count = queries.employee_page(
        everyone=sees_everyone(actor),
        org_unit=org_unit is not None,
        function_group=function_group is not None,
        active=active,
        manager=manager is not None,
    )
    params = {
        **viewer_params(actor, today),
        "unit": org_unit,
        "function_group": function_group,
        "manager": manager,
    }
    rows = await fetch_all(session, statement, limit=page.page_size, offset=page.offset, **params)
    if rows:
        return rows, rows[0].total
    if page.page == 1:
        return [], 0
    total = await session.scalar(count, params)
    return [], total or 0


async def get_employee(
    session: AsyncSession, *, actor: Actor, today: date, personnel_number: str
) -> EmployeeView:
    """One employee; 404 when unknown or not visible to the actor (never 403). One
    statement: the record with the caller's relation to it (none to work out for a caller who
    sees everyone)."""
    if sees_everyone(actor):
        row = await fetch_one(
            session, queries.EMPLOYEE_FOR_EVERYONE, number=personnel_number, today=today
        )
    else:
        row = await fetch_one(
            session,
            queries.EMPLOYEE_BY_NUMBER,
            number=personnel_number,
            **viewer_params(actor, today),
        )
        if row is not None and relation_from(actor, row.relation) is None:
            row = None
    if row is None:
        raise not_found("employee")
    return row


async def own_record(session: AsyncSession, *, actor: Actor, today: date) -> EmployeeView | None:
    """The caller's own employee record, when the caller is a person the service knows."""
    if actor.kind != "person":
        return None
    return await fetch_one(
        session, queries.EMPLOYEE_BY_NUMBER, number=actor.subject, **viewer_params(actor, today)
    )


# --- coordinator delegations (T1.g) -------------------------------------------------------------


async def record_delegation(
    session: AsyncSession,
    *,
    actor: Actor,
    coordinator: str,
    employee: str,
    decision_reference: str,
    valid_from: date,
    valid_to: date | None,
    decided_by: str | None,
    motivation: str | None,
) -> CoordinatorDelegation:
    """T1.g: only HR records that a coordinator conducts the talks of a named employee: who
    decided it and why; never twice for the same two people over the same days, and never a
    coordinator whom the employee manages."""
    require_hr(actor, rule="T1.g")
    ids = dict(
        (
            await session.execute(
                select(Employee.personnel_number, Employee.id).where(
                    Employee.personnel_number.in_([coordinator, employee])
                )
            )
        ).all()
    )
    problems = []
    if coordinator == employee:
        problems.append(
            param(
                "coordinatorPersonnelNumber", "own_coordinator", "the coordinator is the employee"
            )
        )
    for name, value in (
        ("coordinatorPersonnelNumber", coordinator),
        ("employeePersonnelNumber", employee),
    ):
        if value not in ids:
            problems.append(unknown(name, "employee", value))
    if valid_to is not None and valid_to <= valid_from:
        problems.append(param("validTo", "period", "must be after validFrom"))
    for name, value in (("decidedBy", decided_by), ("motivation", motivation)):
        if not (value or "").strip():  # T1.g: the decision is on record, with its reason
            problems.append(param(name, "missing", "who decided it and why (T1.g)", rule="T1.g"))
    if not problems:
        problems += await _delegation_conflicts(
            session, ids[coordinator], ids[employee], valid_from, valid_to
        )
    if problems:
        raise invalid(problems)
    delegation = CoordinatorDelegation(
        coordinator_id=ids[coordinator],
        employee_id=ids[employee],
        decided_by=decided_by.strip(),
        motivation=motivation.strip(),
        decision_reference=decision_reference,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=actor.subject,
    )
    session.add(delegation)
    await session.flush()
    return delegation


def _overlapping(model: Any, valid_from: date, valid_to: date | None):
    """Periods [from, to) that overlap [valid_from, valid_to)."""
    ends_after = or_(model.valid_to.is_(None), model.valid_to > valid_from)
    if valid_to is None:
        return ends_after
    return and_(ends_after, model.valid_from < valid_to)


async def _delegation_conflicts(
    session: AsyncSession,
    coordinator_id: uuid.UUID,
    employee_id: uuid.UUID,
    valid_from: date,
    valid_to: date | None,
) -> list[dict[str, Any]]:
    problems = []
    twice = await session.scalar(
        select(CoordinatorDelegation.id).where(
            CoordinatorDelegation.coordinator_id == coordinator_id,
            CoordinatorDelegation.employee_id == employee_id,
            _overlapping(CoordinatorDelegation, valid_from, valid_to),
        )
    )
    if twice is not None:  # T1.g: one delegation at a time for the same two people
        problems.append(
            param(
                "validFrom",
                "overlaps",
                f"this coordinator has a delegation for this employee over these days already "
                f"({twice}): end that one first (T1.g)",
                rule="T1.g",
            )
        )
    managed = await session.scalar(
        select(ManagerAssignment.id).where(
            ManagerAssignment.employee_id == coordinator_id,
            ManagerAssignment.manager_id == employee_id,
            _overlapping(ManagerAssignment, valid_from, valid_to),
        )
    )
    if managed is not None:  # T1.g: the coordinator leads the talks; not their own manager's
        problems.append(
            param(
                "coordinatorPersonnelNumber",
                "managed_by_the_employee",
                "the employee manages the coordinator over these days (T1.g)",
                rule="T1.g",
            )
        )
    return problems


async def end_delegation(
    session: AsyncSession, *, actor: Actor, delegation_id: uuid.UUID, valid_to: date
) -> tuple[CoordinatorDelegation, str, str]:
    """T1.g: HR ends a delegation (or ends it earlier): from ``valid_to`` on it counts no more.
    Returns it with the coordinator's and the employee's personnel numbers."""
    require_hr(actor, rule="T1.g")
    delegation = await session.scalar(
        select(CoordinatorDelegation)
        .where(CoordinatorDelegation.id == delegation_id)
        .with_for_update()
    )
    if delegation is None:
        raise NotFound(msg("not-found.coordinator-delegation", id=delegation_id))
    problems = []
    if valid_to <= delegation.valid_from:
        problems.append(param("validTo", "period", "must be after the delegation's validFrom"))
    elif delegation.valid_to is not None and valid_to > delegation.valid_to:
        problems.append(
            param(
                "validTo",
                "later_than_the_end",
                f"the delegation ends on {delegation.valid_to.isoformat()} already; a longer "
                "one is a new decision (T1.g)",
                rule="T1.g",
            )
        )
    if problems:
        raise invalid(problems)
    delegation.valid_to = valid_to
    await session.flush()
    numbers = dict(
        (
            await session.execute(
                select(Employee.id, Employee.personnel_number).where(
                    Employee.id.in_([delegation.coordinator_id, delegation.employee_id])
                )
            )
        ).all()
    )
    return delegation, numbers[delegation.coordinator_id], numbers[delegation.employee_id]


async def list_delegations(
    session: AsyncSession, *, actor: Actor, page: PageParams
) -> tuple[Sequence[tuple[CoordinatorDelegation, str, str]], int]:
    require_hr(actor)
    coordinator = aliased(Employee)
    employee = aliased(Employee)
    total = await session.scalar(select(func.count()).select_from(CoordinatorDelegation)) or 0
    rows = await session.execute(
        select(CoordinatorDelegation, coordinator.personnel_number, employee.personnel_number)
        .join(coordinator, coordinator.id == CoordinatorDelegation.coordinator_id)
        .join(employee, employee.id == CoordinatorDelegation.employee_id)
        .order_by(CoordinatorDelegation.valid_from, CoordinatorDelegation.id)
        .limit(page.page_size)
        .offset(page.offset)
    )
    return [tuple(row) for row in rows.all()], total
