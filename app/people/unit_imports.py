"""Bulk import of org units: everything is validated first, then stored all at once, or nothing.

The HR information system of a large organisation has thousands of units (about 10,000 for
200,000 employees): one ``PUT /v1/org-units/{key}`` each costs a request and a handful of round
trips per unit, most of them unchanged. ``POST /v1/org-unit-imports`` takes up to 10,000 at
once in a constant number of statements and writes only new and changed units (issue 20).
The rules are the PUT's: a parent must exist (stored, or in the batch), a manager must be a
known employee, and no unit may end up below itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.authz import require_people_writer
from app.bulk import insert_all, unnest_select
from app.errors import InvalidInput, param, rule_of, unknown
from app.ids import new_id
from app.messages import msg
from app.models.audit import AuditEvent
from app.models.people import Employee, OrgUnit
from app.people import rules, service
from app.people.imports import any_text
from app.people.schemas import OrgUnitImportOut, OrgUnitImportRow

COLUMNS = ("key", "name", "parent_id", "manager_id")
"""What a unit's row holds besides its id, as the audit trail records it."""


@dataclass(frozen=True)
class Stored:
    """What the rows name, as stored: the units by key (the batch's and every unit above
    their parents), their parents' keys, and the managers' employee ids."""

    units: dict[str, Any]
    parents: dict[str, str | None]
    managers: dict[str, uuid.UUID]


@dataclass
class UnitPlan:
    received: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    writes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def unit_import_problems(rows: Sequence[OrgUnitImportRow], stored: Stored) -> list[dict[str, Any]]:
    """Every problem of every row (``orgUnits.<index>.<field>``), pure: a key twice in the
    batch, an unknown parent or manager, a unit as its own parent, and a cycle of units with
    the whole batch applied (a unit below itself)."""
    batch = {row.key: row.parent_key for row in rows}
    proposed = {**stored.parents, **batch}
    problems: list[dict[str, Any]] = []
    first_index: dict[str, int] = {}
    for index, row in enumerate(rows):
        prefix = f"orgUnits.{index}."
        if row.key in first_index:
            problems.append(
                param(prefix + "key", "duplicate_in_batch", f"also in row {first_index[row.key]}")
            )
        first_index.setdefault(row.key, index)
        parent = row.parent_key
        if parent is not None and parent not in batch and parent not in stored.units:
            problems.append(unknown(prefix + "parentKey", "org unit", parent))
        elif rules.org_unit_cycle(row.key, parent, proposed):
            problems.append(
                param(
                    prefix + "parentKey", "org_unit_cycle", "would make the unit its own ancestor"
                )
            )
        manager = row.manager_personnel_number
        if manager is not None and manager not in stored.managers:
            problems.append(unknown(prefix + "managerPersonnelNumber", "employee", manager))
    return problems


def plan_units(rows: Sequence[OrgUnitImportRow], stored: Stored, who: dict[str, Any]) -> UnitPlan:
    """Pure: new units get an id and are created, changed ones updated, equal ones counted."""
    plan = UnitPlan(received=len(rows))
    ids = {key: unit.id for key, unit in stored.units.items()}
    for row in rows:
        ids.setdefault(row.key, new_id())
    for row in rows:
        values = {
            "key": row.key,
            "name": row.name,
            "parent_id": ids[row.parent_key] if row.parent_key is not None else None,
            "manager_id": stored.managers.get(row.manager_personnel_number)
            if row.manager_personnel_number is not None
            else None,
        }
        old = stored.units.get(row.key)
        before = None if old is None else {name: getattr(old, name) for name in COLUMNS}
        if before == values:
            plan.unchanged += 1
            continue
        if old is None:
            plan.created += 1
        else:
            plan.updated += 1
        plan.writes.append({"id": ids[row.key], **values})
        plan.events.append(
            {
                **who,
                "action": "create" if old is None else "update",
                "resource_type": OrgUnit.__audit_type__,
                "resource_id": str(ids[row.key]),
                "before": None if before is None else _plain(ids[row.key], before),
                "after": _plain(ids[row.key], values),
            }
        )
    return plan


def _plain(unit_id: uuid.UUID, values: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(unit_id), **{k: None if v is None else str(v) for k, v in values.items()}}


async def import_org_units(
    session: AsyncSession, *, actor: Actor, rows: Sequence[OrgUnitImportRow]
) -> OrgUnitImportOut:
    """Validate every row, then upsert them all in one statement. Raises InvalidInput listing
    every bad row and field (``orgUnits.<index>.<field>``); then nothing is stored."""
    require_people_writer(actor)
    await service.lock_people_sync(session)
    stored = await _look_up(session, rows)
    problems = unit_import_problems(rows, stored)
    if problems:
        raise InvalidInput(
            msg(
                "invalid-input.import",
                count=len(problems),
                rows=len({p["name"].split(".")[1] for p in problems}),
            ),
            invalid_params=problems,
            rule=rule_of(problems),
        )
    who = {
        "actor_type": actor.kind,
        "actor_id": actor.subject,
        "on_behalf_of": actor.on_behalf_of,
        "request_id": session.info.get("request_id"),
    }
    plan = plan_units(rows, stored, who)
    if plan.writes:
        # One INSERT … SELECT FROM unnest … ON CONFLICT: a parent's foreign key is checked at
        # the end of the statement, so the batch's order does not matter.
        names, rows_of = unnest_select(OrgUnit.__table__, plan.writes)
        statement = pg_insert(OrgUnit).from_select(names, rows_of)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[OrgUnit.key],
                set_={
                    "name": statement.excluded.name,
                    "parent_id": statement.excluded.parent_id,
                    "manager_id": statement.excluded.manager_id,
                    "updated_at": func.now(),
                },
            )
        )
    await insert_all(session, AuditEvent.__table__, plan.events, json=("before", "after"))
    session.expire_all()
    return OrgUnitImportOut(
        received=plan.received,
        created=plan.created,
        updated=plan.updated,
        unchanged=plan.unchanged,
    )


async def _look_up(session: AsyncSession, rows: Sequence[OrgUnitImportRow]) -> Stored:
    """The batch's units, their parents and every unit above those (one recursive query
    along the parent index), and the managers named: three statements."""
    named = {row.key for row in rows} | {row.parent_key for row in rows if row.parent_key}
    start = (
        select(OrgUnit.id, OrgUnit.key, OrgUnit.name, OrgUnit.parent_id, OrgUnit.manager_id)
        .where(OrgUnit.key == any_text(sorted(named)))
        .cte("chain", recursive=True)
    )
    chain = start.union(
        select(OrgUnit.id, OrgUnit.key, OrgUnit.name, OrgUnit.parent_id, OrgUnit.manager_id).join(
            start, OrgUnit.id == start.c.parent_id
        )
    )
    found = (await session.execute(select(chain))).all()
    keys = {unit.id: unit.key for unit in found}
    managers = {r.manager_personnel_number for r in rows if r.manager_personnel_number}
    manager_ids = await session.execute(
        select(Employee.personnel_number, Employee.id).where(
            Employee.personnel_number == any_text(sorted(managers))
        )
    )
    return Stored(
        units={unit.key: unit for unit in found},
        parents={unit.key: keys.get(unit.parent_id) for unit in found},
        managers=dict(manager_ids.all()),
    )
