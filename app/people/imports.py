"""Bulk import of employees: everything is validated first, then stored all at once, or nothing.

Built for the HR information system's nightly sync of up to 10,000 employees: a constant number
of queries to look things up, only new and changed rows written (an unchanged re-import writes
nothing), audit events and manager assignments in bulk.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import String, Uuid, any_, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.authz import require_people_writer
from app.bulk import insert_all, unnest_select
from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.errors import InvalidInput, param, rule_of, unknown
from app.events.outbox import emit_rows
from app.ids import new_id
from app.messages import msg
from app.models.audit import AuditEvent
from app.models.people import Employee, FunctionProfile, ManagerAssignment, OrgUnit
from app.people import events, rules, service
from app.people.hooks import replan_cycles
from app.people.schemas import EmployeeImportOut, EmployeeImportRow

STORED_FIELDS = (
    "name",
    "email",
    "org_unit_id",
    "function_profile_id",
    "salary_scale",
    "in_function_scale",
    "function_scale_date",
    "entry_date",
    "probation",
    "probation_decision_date",
    "leaving_date",
)


_stored = attrgetter(*STORED_FIELDS)
"""A stored employee's STORED_FIELDS, as a tuple (in C: most rows of a sync are unchanged)."""


@dataclass
class ImportSummary:
    received: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    manager_changes: int = 0


@dataclass(frozen=True)
class Lookups:
    """What the rows name, as stored: org unit and profile ids by key, the managers already
    known, and every employee's managers of today or later (``service.manager_graph``)."""

    units: dict[str, uuid.UUID]
    profiles: dict[str, uuid.UUID]
    known_managers: dict[str, uuid.UUID]
    """The managers the rows name outside the batch, by personnel number: their ids."""
    graph: dict[str, list[str]]


def any_text(values: list[str]):
    """``= ANY(:values)``: one array parameter where an IN list binds one per value."""
    return any_(bindparam(None, values, type_=ARRAY(String)))


def import_problems(rows: Sequence[EmployeeImportRow], found: Lookups) -> list[dict[str, Any]]:
    """Every problem of every row (``employees.<index>.<field>``), pure: duplicates in the
    batch, scales and dates (R2.3, R2.4, R6.2), unknown units, profiles and managers, an
    employee as their own manager, and cycles of managers with the batch applied."""
    batch_managers = {r.personnel_number: r.manager_personnel_number for r in rows}
    # A row states the manager from its date on: with the managers of today or later.
    proposed = {
        number: [
            *found.graph.get(number, []),
            *([batch_managers[number]] if batch_managers.get(number) else []),
        ]
        if number in batch_managers
        else found.graph.get(number, [])
        for number in set(found.graph) | set(batch_managers)
    }
    problems: list[dict[str, Any]] = []
    first_index: dict[str, int] = {}
    for index, row in enumerate(rows):
        prefix = f"employees.{index}."
        if row.personnel_number in first_index:
            problems.append(
                param(
                    prefix + "personnelNumber",
                    "duplicate_in_batch",
                    f"also in row {first_index[row.personnel_number]}",
                )
            )
        first_index.setdefault(row.personnel_number, index)
        problems += _row_problems(row, prefix, found)
        manager = row.manager_personnel_number
        if manager is None:
            continue
        if manager == row.personnel_number:
            problems.append(
                param(
                    prefix + "managerPersonnelNumber",
                    "own_manager",
                    "an employee cannot manage themself",
                )
            )
        elif manager not in found.known_managers and manager not in batch_managers:
            problems.append(unknown(prefix + "managerPersonnelNumber", "employee", manager))
        elif rules.manager_cycle(row.personnel_number, manager, proposed.get):
            problems.append(
                param(
                    prefix + "managerPersonnelNumber",
                    "manager_cycle",
                    "would make a cycle of managers (A manages B manages A)",
                )
            )
    return problems


def _row_problems(row: EmployeeImportRow, prefix: str, found: Lookups) -> list[dict[str, Any]]:
    problems = rules.check_scale(row.salary_scale, prefix + "salaryScale", 1, 18)
    problems += rules.check_employee_dates(
        entry_date=row.entry_date,
        leaving_date=row.leaving_date,
        probation=row.probation,
        probation_decision_date=row.probation_decision_date,
        in_function_scale=row.in_function_scale,
        function_scale_date=row.function_scale_date,
        manager_from=row.manager_from,
        prefix=prefix,
    )
    if row.org_unit_key not in found.units:
        problems.append(unknown(prefix + "orgUnitKey", "org unit", row.org_unit_key))
    if row.function_profile_code not in found.profiles:
        problems.append(
            unknown(prefix + "functionProfileCode", "function profile", row.function_profile_code)
        )
    return problems


@dataclass
class ImportPlan:
    """What the import writes: employee rows to upsert, their audit events, and the employees
    whose cycles are re-planned."""

    summary: ImportSummary
    writes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    replan: list[uuid.UUID] = field(default_factory=list)
    domain_events: list[dict[str, Any]] = field(default_factory=list)
    """The outbox's rows (docs/events.md): employee.synced and employee.left."""


def plan_import(
    rows: Sequence[EmployeeImportRow],
    *,
    found: Lookups,
    existing: dict[str, Any],
    who: dict[str, Any],
    request_id: str | None,
) -> ImportPlan:
    """Pure: new rows are created, changed rows updated (re-planned when a field the scheduling
    engine looks at changed), unchanged rows left alone and counted."""
    plan = ImportPlan(ImportSummary(received=len(rows)))
    for row in rows:
        # In STORED_FIELDS' order: most rows of a sync are unchanged, found by comparing this
        # tuple with the stored one, before any dict is built.
        new = (
            row.name,
            str(row.email) if row.email else None,
            found.units[row.org_unit_key],
            found.profiles[row.function_profile_code],
            row.salary_scale,
            row.in_function_scale,
            row.function_scale_date,
            row.entry_date,
            row.probation,
            row.probation_decision_date,
            row.leaving_date,
        )
        number = row.personnel_number
        old = existing.get(number)
        if old is not None and _stored(old) == new:
            plan.summary.unchanged += 1
            continue
        values = dict(zip(STORED_FIELDS, new, strict=True))
        if old is None:
            employee_id, before, action = new_id(), None, "create"
            plan.replan.append(employee_id)
            plan.summary.created.append(number)
            after = {"personnel_number": number, **values}
        else:
            employee_id, action = old.id, "update"
            before = dict(zip(STORED_FIELDS, _stored(old), strict=True))
            plan.summary.updated.append(number)
            if any(before[name] != values[name] for name in rules.SCHEDULING_FIELDS):
                plan.replan.append(employee_id)
            after = values
        plan.writes.append({"id": employee_id, "personnel_number": number, **values})
        plan.domain_events += events.of_change(
            number,
            created=old is None,
            leaving_before=None if old is None else old.leaving_date,
            leaving_after=values["leaving_date"],
        )
        plan.events.append(
            {
                **who,
                "action": action,
                "resource_type": "employee",
                "resource_id": str(employee_id),
                # Dates and ids as they are: the bulk insert's JSON encoder writes them as text.
                "before": before,
                "after": after,
                "request_id": request_id,
            }
        )
    return plan


async def import_employees(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    rows: Sequence[EmployeeImportRow],
    config: SchedulingConfig = DEFAULT_CONFIG,
) -> ImportSummary:
    """Validate every row, then upsert them all. Raises InvalidInput listing every bad row and
    field (``employees.<index>.<field>``); then nothing is stored. New employees get their first
    cycle; a change of what the scheduling engine looks at re-plans the open ones."""
    require_people_writer(actor)
    await service.lock_people_sync(session)
    found = await _look_up(session, rows, today)
    problems = import_problems(rows, found)
    if problems:
        rows_at_fault = len({p["name"].split(".")[1] for p in problems})
        raise InvalidInput(
            msg("invalid-input.import", count=len(problems), rows=rows_at_fault),
            invalid_params=problems,
            rule=rule_of(problems),
        )
    # Plain rows of the table, not ORM objects or ORM-loaded rows: 10,000 of them are
    # compared, most unchanged.
    table = Employee.__table__
    existing = {
        row.personnel_number: row
        for row in await session.execute(
            select(table.c.personnel_number, table.c.id, *table.c[STORED_FIELDS]).where(
                table.c.personnel_number == any_text([row.personnel_number for row in rows])
            )
        )
    }
    who = {"actor_type": actor.kind, "actor_id": actor.subject, "on_behalf_of": actor.on_behalf_of}
    plan = plan_import(
        rows,
        found=found,
        existing=existing,
        who=who,
        request_id=session.info.get("request_id"),
    )
    if plan.writes:
        # One INSERT … SELECT FROM unnest … ON CONFLICT for every new and changed row.
        names, rows_of = unnest_select(Employee.__table__, plan.writes)
        statement = pg_insert(Employee).from_select(names, rows_of)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[Employee.personnel_number],
                set_={
                    **{name: statement.excluded[name] for name in STORED_FIELDS},
                    "updated_at": func.now(),
                },
            )
        )
    # Every personnel number the rows name, with its id: stored, just created, or a manager
    # outside the batch.
    ids = {number: row.id for number, row in existing.items()}
    ids.update((row["personnel_number"], row["id"]) for row in plan.writes)
    ids.update(found.known_managers)
    plan.summary.manager_changes, managed = await _sync_managers(
        session, rows=rows, ids=ids, today=today, events=plan.events, who=who
    )
    await insert_all(session, AuditEvent.__table__, plan.events, json=("before", "after"))
    written = {row["personnel_number"] for row in plan.writes}
    # A new manager alone is a change of the employee too.
    plan.domain_events += [events.synced(n, created=False) for n in sorted(managed - written)]
    await emit_rows(session, plan.domain_events)
    await replan_cycles(session, actor=actor, today=today, config=config, employee_ids=plan.replan)
    session.expire_all()
    return plan.summary


async def _look_up(
    session: AsyncSession, rows: Sequence[EmployeeImportRow], today: date
) -> Lookups:
    """Everything the rows name, in a constant number of statements."""
    numbers = {row.personnel_number for row in rows}
    # Table columns, not ORM attributes: plain rows, without the ORM's loading per row.
    units, profiles, people = OrgUnit.__table__, FunctionProfile.__table__, Employee.__table__
    unit_ids = await session.execute(
        select(units.c.key, units.c.id).where(units.c.key.in_({r.org_unit_key for r in rows}))
    )
    profile_ids = await session.execute(
        select(profiles.c.code, profiles.c.id).where(
            profiles.c.code.in_({r.function_profile_code for r in rows})
        )
    )
    managers = {r.manager_personnel_number for r in rows if r.manager_personnel_number}
    known = await session.execute(
        select(people.c.personnel_number, people.c.id).where(
            people.c.personnel_number == any_text(sorted(managers - numbers))
        )
    )
    return Lookups(
        units=dict(unit_ids.all()),
        profiles=dict(profile_ids.all()),
        known_managers=dict(known.all()),
        # Only the part of the graph the batch can reach: not the whole organisation's.
        graph=await service.manager_graph_above(session, today, sorted(numbers | managers)),
    )


def _assignment(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "employee_id": str(row.employee_id),
        "manager_id": str(row.manager_id),
        "valid_from": row.valid_from.isoformat(),
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
    }


async def _sync_managers(
    session: AsyncSession,
    *,
    rows: Sequence[EmployeeImportRow],
    ids: dict[str, uuid.UUID],
    today: date,
    events: list[dict[str, Any]],
    who: dict[str, Any],
) -> tuple[int, set[str]]:
    """Apply each row's manager from its ``managerFrom`` (default today), history kept and
    never overlapping (rules.plan_manager_change), in a constant number of statements.
    ``ids``: the id of every personnel number the rows name, managers included."""
    table = ManagerAssignment.__table__
    history: dict[uuid.UUID, list[Any]] = {}
    for a in await session.execute(
        select(table).where(
            table.c.employee_id
            == any_(bindparam(None, [ids[r.personnel_number] for r in rows], type_=ARRAY(Uuid)))
        )
    ):
        history.setdefault(a.employee_id, []).append(a)
    deletes, ends, reopens, opens = [], [], [], []
    changed: set[str] = set()
    request_id = session.info.get("request_id")

    def event(action: str, before: dict | None, after: dict | None, key: str) -> None:
        events.append(
            {
                **who,
                "action": action,
                "resource_type": "manager-assignment",
                "resource_id": key,
                "before": before,
                "after": after,
                "request_id": request_id,
            }
        )

    for row in rows:
        employee_id = ids[row.personnel_number]
        manager_id = ids.get(row.manager_personnel_number) if row.manager_personnel_number else None
        periods = history.get(employee_id)
        since = row.manager_from or today
        if (
            periods is not None
            and len(periods) == 1
            and periods[0].manager_id == manager_id
            and periods[0].valid_to is None
            and periods[0].valid_from <= since
        ):
            continue  # already true: the one open assignment, to this manager (the common case)
        if periods is None:
            # No history (a new employee): the manager, if any, from the row's date on.
            plan = rules.ManagerPlan(open_from=since if manager_id else None)
            by_id = {}
        else:
            by_id = {p.id: p for p in periods}
            plan = rules.plan_manager_change(
                [rules.Period(p.id, p.manager_id, p.valid_from, p.valid_to) for p in periods],
                manager_id,
                since,
            )
        if plan.delete or plan.end or plan.reopen is not None or plan.open_from is not None:
            changed.add(row.personnel_number)
        for key in plan.delete:
            deletes.append(key)
            event("delete", _assignment(by_id[key]), None, str(key))
        for key, until in plan.end:
            ends.append({"assignment_id": key, "until": until})
            before = _assignment(by_id[key])
            event("update", before, {**before, "valid_to": until.isoformat()}, str(key))
        if plan.reopen is not None:
            reopens.append(plan.reopen)
            before = _assignment(by_id[plan.reopen])
            event("update", before, {**before, "valid_to": None}, str(plan.reopen))
        if plan.open_from is not None:
            new = {
                "id": new_id(),
                "employee_id": employee_id,
                "manager_id": manager_id,
                "valid_from": plan.open_from,
                "valid_to": None,
            }
            opens.append(new)
            after = {k: str(v) if v is not None else None for k, v in new.items()}
            event("create", None, after, str(new["id"]))
    # In this order: the open assignment to replace may be deleted or ended first.
    if deletes:
        await session.execute(delete(table).where(table.c.id.in_(deletes)))
    if ends:
        await session.execute(
            update(table)
            .where(table.c.id == bindparam("assignment_id"))
            .values(valid_to=bindparam("until")),
            ends,
        )
    if reopens:
        await session.execute(update(table).where(table.c.id.in_(reopens)).values(valid_to=None))
    await insert_all(session, table, opens)
    return len(deletes) + len(ends) + len(reopens) + len(opens), changed


def summary_out(summary: ImportSummary) -> EmployeeImportOut:
    """The response of ``POST /v1/employee-imports``: what the import did, counted."""
    return EmployeeImportOut(
        received=summary.received,
        created=len(summary.created),
        updated=len(summary.updated),
        unchanged=summary.unchanged,
        manager_changes=summary.manager_changes,
    )
