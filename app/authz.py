"""The one place that answers "may this actor see, or act on, this employee's records?".

Every later resource (cycles, talks, agreements, ratings) asks here. The answers come from the
relations synced from the HR information system, not from the token's role claims, except for
HR (role ``hr``) and service clients (scopes):

* an employee sees their own records;
* a manager sees the employees they manage today (current manager assignment) and those a
  coordinator delegation names them for today (T1.g); former managers keep read access to the
  cycles they led (a manager assignment overlapping the cycle), and only read access;
* HR sees everyone;
* a service client sees what its scopes allow (``people:read`` or ``people:write``;
  ``cycles:read`` for cycles and talks);
* nobody acts as manager on their own records.

Denials of reading are 404, never 403: the existence of someone else's record does not leak.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    and_,
    bindparam,
    case,
    exists,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.auth import Actor, Role
from app.errors import Forbidden, NotFound
from app.messages import Message, msg, term
from app.models.cycles import Cycle
from app.models.people import CoordinatorDelegation, Employee, ManagerAssignment
from app.states import MANAGING, Relation

PEOPLE_READ = "people:read"
PEOPLE_WRITE = "people:write"
CYCLES_READ = "cycles:read"


@dataclass(frozen=True)
class Viewer:
    """An actor with their employee id, when they are an employee known to the service.
    A person who has left (leaving date reached) keeps seeing only their own record."""

    actor: Actor
    employee_id: uuid.UUID | None
    active: bool = True


def sees_everyone(actor: Actor) -> bool:
    """HR and service clients with a people scope see every employee."""
    return actor.has_role(Role.hr) or any(actor.has_scope(s) for s in (PEOPLE_READ, PEOPLE_WRITE))


# --- the caller's relation in SQL, in the statement that fetches the record -----------------
#
# Statements built once at import take the caller as two bound parameters: ``viewer`` (the
# personnel number of a person; NULL for a service client) and ``today``. The relations that
# come from the synced data (self, manager, coordinator, former manager) are computed in the
# same statement as the record, so reading one record with its authorisation is one round
# trip; HR and client scopes come from the token and are settled in Python
# (``relation_from``). Nothing is cached: a manager change synced from the HR system counts
# from the next request on.

VIEWER = bindparam("viewer", type_=String)
TODAY = bindparam("today", type_=Date)


def viewer_params(actor: Actor, today: date) -> dict[str, Any]:
    """The bound parameters of the caller for the statements below."""
    return {"viewer": actor.subject if actor.kind == "person" else None, "today": today}


_viewer = aliased(Employee, name="viewer")
# The caller's employee id while they have not left (a leaver keeps seeing only themself).
_ACTIVE_VIEWER_ID = (
    select(_viewer.id)
    .where(
        _viewer.personnel_number == VIEWER,
        or_(_viewer.leaving_date.is_(None), _viewer.leaving_date > TODAY),
    )
    .scalar_subquery()
)


def active_on(model: type[ManagerAssignment] | type[CoordinatorDelegation], today: Any):
    """Valid on ``today`` (a date, or the bound parameter ``TODAY``): from ``valid_from`` on,
    until (not including) ``valid_to``."""
    return and_(model.valid_from <= today, or_(model.valid_to.is_(None), model.valid_to > today))


def relation_column(employee_id: Any, personnel_number: Any) -> ColumnElement[str | None]:
    """'self', 'manager' or 'coordinator' (today, T1.g), or NULL: how the caller relates to
    the employee through the synced data, the most specific first (an HR officer who manages
    someone acts as their manager, and on their own record as an employee)."""
    direct = exists().where(
        ManagerAssignment.employee_id == employee_id,
        ManagerAssignment.manager_id == _ACTIVE_VIEWER_ID,
        active_on(ManagerAssignment, TODAY),
    )
    delegated = exists().where(
        CoordinatorDelegation.employee_id == employee_id,
        CoordinatorDelegation.coordinator_id == _ACTIVE_VIEWER_ID,
        active_on(CoordinatorDelegation, TODAY),
    )
    return case(
        (personnel_number == VIEWER, "self"),
        (direct, "manager"),
        (delegated, "coordinator"),
        else_=None,
    )


def led_column(cycle: Any) -> ColumnElement[bool]:
    """The caller, not yet left, led the cycle's employee during the cycle for at least one
    day, as manager or delegated coordinator (read access as former manager, for the cycles
    they led only). ``cycle`` is the Cycle entity or an alias of it."""
    direct = exists().where(
        ManagerAssignment.employee_id == cycle.employee_id,
        ManagerAssignment.manager_id == _ACTIVE_VIEWER_ID,
        ManagerAssignment.valid_from <= cycle.end_date,
        ManagerAssignment.valid_from <= TODAY,  # led, not yet to lead
        or_(ManagerAssignment.valid_to.is_(None), ManagerAssignment.valid_to > cycle.start_date),
    )
    delegated = exists().where(
        CoordinatorDelegation.employee_id == cycle.employee_id,
        CoordinatorDelegation.coordinator_id == _ACTIVE_VIEWER_ID,
        CoordinatorDelegation.valid_from <= cycle.end_date,
        CoordinatorDelegation.valid_from <= TODAY,
        or_(
            CoordinatorDelegation.valid_to.is_(None),
            CoordinatorDelegation.valid_to > cycle.start_date,
        ),
    )
    return and_(cycle.employee_id != _ACTIVE_VIEWER_ID, or_(direct, delegated))


# The employees a person sees: themself, and (while not left) whom they manage today,
# directly or by delegation. As one IN (…) of a union, so the planner starts from the few
# ids rather than testing every employee.
VISIBLE_EMPLOYEE_IDS = union_all(
    select(_viewer.id).where(_viewer.personnel_number == VIEWER),
    select(ManagerAssignment.employee_id).where(
        ManagerAssignment.manager_id == _ACTIVE_VIEWER_ID, active_on(ManagerAssignment, TODAY)
    ),
    select(CoordinatorDelegation.employee_id).where(
        CoordinatorDelegation.coordinator_id == _ACTIVE_VIEWER_ID,
        active_on(CoordinatorDelegation, TODAY),
    ),
)


_led = aliased(Cycle, name="led_cycle")
_seen = aliased(Cycle, name="seen_cycle")


def _led_by(model: type[ManagerAssignment] | type[CoordinatorDelegation], who: Any):
    """Ids of the cycles the caller led as ``model`` (manager or delegated coordinator) for at
    least one day (as ``led_column`` says of one cycle)."""
    return (
        select(_led.id)
        .join(model, model.employee_id == _led.employee_id)
        .where(
            who == _ACTIVE_VIEWER_ID,
            _led.employee_id != _ACTIVE_VIEWER_ID,
            model.valid_from <= _led.end_date,
            model.valid_from <= TODAY,
            or_(model.valid_to.is_(None), model.valid_to > _led.start_date),
        )
    )


# The cycles a person sees: those of the employees they see, and those they led (read-only).
# One IN (…) of a union, so the planner starts from the caller's few relations.
VISIBLE_CYCLE_IDS = union_all(
    select(_seen.id).where(_seen.employee_id.in_(VISIBLE_EMPLOYEE_IDS)),
    _led_by(ManagerAssignment, ManagerAssignment.manager_id),
    _led_by(CoordinatorDelegation, CoordinatorDelegation.coordinator_id),
)


EMPLOYEE_RELATION = select(
    Employee.id, relation_column(Employee.id, Employee.personnel_number).label("relation")
).where(Employee.personnel_number == bindparam("number"))
"""An employee's id and the caller's synced relation to them. Parameters: number, viewer,
today."""


def relation_from(actor: Actor, synced: str | None) -> Relation | None:
    """The caller's relation to an employee from the SQL column (``relation_column``) and
    the token: the synced relation first, then HR, then a client's people scope."""
    if synced is not None:
        return Relation(synced)
    if actor.has_role(Role.hr):
        return Relation.hr
    if any(actor.has_scope(s) for s in (PEOPLE_READ, PEOPLE_WRITE)):
        return Relation.client
    return None


def cycle_relation_of(actor: Actor, row: Any, what: str) -> Relation:
    """The caller's relation to the cycle of a row read with ``relation_column`` and
    ``led_column`` (as ``relation``, ``led``); 404 naming ``what`` when there is no row or it
    is not theirs to see."""
    relation = None if row is None else cycle_relation_from(actor, row.relation, row.led)
    if relation is None:
        raise not_found(what)
    return relation


def cycle_relation_from(actor: Actor, synced: str | None, led: bool) -> Relation | None:
    """The caller's relation to a cycle: as to its employee, except that clients need
    ``cycles:read``; else former manager when they led it (``led_column``)."""
    relation = relation_from(actor, synced)
    if relation is Relation.client and not actor.has_scope(CYCLES_READ):
        relation = None
    if relation is None and actor.is_client and actor.has_scope(CYCLES_READ):
        relation = Relation.client
    if relation is None and led:
        relation = Relation.former_manager
    return relation


async def viewer_for(session: AsyncSession, actor: Actor, today: date) -> Viewer:
    if actor.kind != "person":
        return Viewer(actor=actor, employee_id=None)
    row = (
        await session.execute(
            select(Employee.id, Employee.leaving_date).where(
                Employee.personnel_number == actor.subject
            )
        )
    ).one_or_none()
    if row is None:
        return Viewer(actor=actor, employee_id=None)
    active = row.leaving_date is None or row.leaving_date > today
    return Viewer(actor=actor, employee_id=row.id, active=active)


def managed_by(manager_id: uuid.UUID, today: date) -> ColumnElement[bool]:
    """Employees whom ``manager_id`` manages today, directly or by coordinator delegation."""
    direct = exists().where(
        ManagerAssignment.employee_id == Employee.id,
        ManagerAssignment.manager_id == manager_id,
        active_on(ManagerAssignment, today),
    )
    delegated = exists().where(
        CoordinatorDelegation.employee_id == Employee.id,
        CoordinatorDelegation.coordinator_id == manager_id,
        active_on(CoordinatorDelegation, today),
    )
    return and_(Employee.id != manager_id, or_(direct, delegated))


def not_found(what: str) -> NotFound:
    """The one answer for "does not exist" and "not yours to see": they must be identical."""
    return NotFound(
        msg("not-found.thing", thing=term("thing", what)),
        code=f"{what.replace(' ', '-')}-not-found",
    )


def require_people_writer(actor: Actor) -> None:
    """Synchronising people is for the HR information system (scope people:write), HR, and
    the command line run by HR staff (`goedgesprek import`, the system actor)."""
    if actor.has_scope(PEOPLE_WRITE) or actor.has_role(Role.hr) or actor.kind == "system":
        return
    raise Forbidden(msg("forbidden.people-writer"))


def require_hr(actor: Actor, *, rule: str | None = None) -> None:
    if not actor.has_role(Role.hr):
        raise Forbidden(msg("forbidden.hr-only"), rule=rule)


def sees_all_cycles(actor: Actor) -> bool:
    """HR and service clients with ``cycles:read`` see every cycle."""
    return actor.has_role(Role.hr) or actor.has_scope(CYCLES_READ)


def require_managing(relation: Relation, *, rule: str, what: Message) -> None:
    """Only the employee's manager today (or the delegated coordinator, T1.g) does this."""
    if relation is Relation.self:
        raise Forbidden(msg("own-records"), code="own-records", rule=rule)
    if relation not in MANAGING:
        raise Forbidden(msg("forbidden.not-managing", act=what), rule=rule)
