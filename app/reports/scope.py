"""Who sees which reports on whom (issue 8, privacy): HR the whole organisation; a manager the
units they head (and every unit below) and the people they manage; a service client with scope
``reports:read`` the figures of the whole organisation, never the people behind them; an
employee no reports at all."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor, Role
from app.authz import managed_by, viewer_for
from app.cycles.service import unit_and_below, units_below
from app.errors import Forbidden, InvalidInput, param
from app.messages import msg
from app.models.people import Employee, OrgUnit

REPORTS_READ = "reports:read"


@dataclass(frozen=True)
class Scope:
    """The people a report may count, and whether the caller sees small groups and names."""

    actor: Actor
    privileged: bool  # HR: nothing suppressed
    names: bool  # may see the people behind a figure (drill-downs)
    manager_id: uuid.UUID | None  # a manager: their own people are never suppressed for them
    headed: tuple[uuid.UUID, ...] = ()  # units the manager heads, with every unit below
    unit: tuple[uuid.UUID, ...] | None = None  # the orgUnit asked for, with the units below
    today: date = date.min

    def people(self) -> ColumnElement[bool]:
        """A WHERE clause on Employee: whom the report counts."""
        allowed: ColumnElement[bool] = true()
        if self.manager_id is not None and not self.privileged:
            allowed = or_(
                Employee.org_unit_id.in_(self.headed) if self.headed else false(),
                managed_by(self.manager_id, self.today),
            )
        if self.unit is not None:
            return and_(allowed, Employee.org_unit_id.in_(self.unit))
        return allowed

    def own(self) -> ColumnElement[bool]:
        """A WHERE clause on Employee: the caller's own people (not suppressed for them)."""
        if self.manager_id is None:
            return false()
        return managed_by(self.manager_id, self.today)


async def resolve(
    session: AsyncSession, actor: Actor, today: date, org_unit: str | None, *, names: bool = False
) -> Scope:
    """The caller's scope for a report on ``org_unit`` (a key; None: all they may see); 403
    for employees, and for service clients when the report names people."""
    # No JIT and custom plans: set on the reports' connections (``app.db``; a SET LOCAL here
    # would end with its own statement in the autocommit of a read-only request).
    unit = None
    if org_unit is not None:
        unit = tuple(await session.scalars(unit_and_below(org_unit)))
        if not unit:
            raise InvalidInput(
                msg("invalid-input.unknown-org-unit"),
                invalid_params=[
                    param("orgUnit", "unknown", "no org unit with this key", location="query")
                ],
            )
    if actor.has_role(Role.hr):
        return Scope(actor, privileged=True, names=True, manager_id=None, unit=unit, today=today)
    if actor.has_scope(REPORTS_READ):
        if names:
            raise Forbidden(
                msg("names-not-for-clients"),
                code="names-not-for-clients",
            )
        return Scope(actor, privileged=False, names=False, manager_id=None, unit=unit, today=today)
    if actor.has_role(Role.manager):
        viewer = await viewer_for(session, actor, today)
        if viewer.employee_id is not None and viewer.active:
            # The units they head, with every unit below them.
            headed = list(
                await session.scalars(units_below(OrgUnit.manager_id == viewer.employee_id))
            )
            return Scope(
                actor,
                privileged=False,
                names=True,
                manager_id=viewer.employee_id,
                headed=tuple(headed),
                unit=unit,
                today=today,
            )
    raise Forbidden(
        msg("reports-not-for-employees", scope=REPORTS_READ),
        code="reports-not-for-employees",
    )
