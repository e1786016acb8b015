"""The statements that read employees, built once at import with bound parameters, so that
SQLAlchemy compiles each once and PostgreSQL keeps it prepared. The caller's relation comes
with the record (``app.authz.relation_column``): a read with its authorisation is one
statement, a page with its total one statement too."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, func, or_, select, union_all
from sqlalchemy.orm import aliased

from app.authz import TODAY, VISIBLE_EMPLOYEE_IDS, active_on, relation_column
from app.models.people import (
    CoordinatorDelegation,
    Employee,
    FunctionProfile,
    ManagerAssignment,
    OrgUnit,
)
from app.tallies import tallied_total

_manager = aliased(Employee, name="manager")
_current = aliased(ManagerAssignment, name="current_assignment")


EMPLOYEE_COLUMNS = (
    Employee.id,
    Employee.personnel_number,
    Employee.name,
    Employee.email,
    OrgUnit.key.label("unit_key"),
    OrgUnit.name.label("unit_name"),
    FunctionProfile.code.label("profile_code"),
    FunctionProfile.title.label("profile_title"),
    FunctionProfile.function_group,
    FunctionProfile.scale.label("profile_scale"),
    Employee.salary_scale,
    Employee.in_function_scale,
    Employee.function_scale_date,
    Employee.entry_date,
    Employee.probation,
    Employee.probation_decision_date,
    Employee.leaving_date,
    _manager.personnel_number.label("manager_number"),
    _manager.name.label("manager_name"),
)
"""One employee as the API shows it: the record, unit, function profile, manager today."""

_EMPLOYEES = (
    select(*EMPLOYEE_COLUMNS)
    .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
    .join(FunctionProfile, FunctionProfile.id == Employee.function_profile_id)
    .outerjoin(_current, and_(_current.employee_id == Employee.id, active_on(_current, TODAY)))
    .outerjoin(_manager, _manager.id == _current.manager_id)
)

EMPLOYEE_FOR_EVERYONE = _EMPLOYEES.where(Employee.personnel_number == bindparam("number"))
"""For a caller who sees everyone (HR, a client with a people scope): no relation to work out.
Parameters: number, today."""

EMPLOYEE_BY_NUMBER = _EMPLOYEES.add_columns(
    relation_column(Employee.id, Employee.personnel_number).label("relation")
).where(Employee.personnel_number == bindparam("number"))
"""Parameters: number, viewer, today. The caller's synced relation in ``relation``."""

# Employees whom the person :manager manages today, directly or by delegation (T1.g).
_MANAGER_ID = (
    select(Employee.id).where(Employee.personnel_number == bindparam("manager")).scalar_subquery()
)
_MANAGED_BY_MANAGER = union_all(
    select(ManagerAssignment.employee_id).where(
        ManagerAssignment.manager_id == _MANAGER_ID, active_on(ManagerAssignment, TODAY)
    ),
    select(CoordinatorDelegation.employee_id).where(
        CoordinatorDelegation.coordinator_id == _MANAGER_ID, active_on(CoordinatorDelegation, TODAY)
    ),
)


def _filters(
    *, everyone: bool, org_unit: bool, function_group: bool, active: bool | None, manager: bool
) -> list:
    where = []
    if not everyone:
        where.append(Employee.id.in_(VISIBLE_EMPLOYEE_IDS))
    if org_unit:
        where.append(
            Employee.org_unit_id.in_(select(OrgUnit.id).where(OrgUnit.key == bindparam("unit")))
        )
    if function_group:
        where.append(
            Employee.function_profile_id.in_(
                select(FunctionProfile.id).where(
                    FunctionProfile.function_group == bindparam("function_group")
                )
            )
        )
    if active is not None:
        is_active = or_(Employee.leaving_date.is_(None), Employee.leaving_date > TODAY)
        where.append(is_active if active else ~is_active)
    if manager:
        where += [Employee.id.in_(_MANAGED_BY_MANAGER), Employee.id != _MANAGER_ID]
    return where


@lru_cache(maxsize=64)
def employee_page(
    *, everyone: bool, org_unit: bool, function_group: bool, active: bool | None, manager: bool
) -> tuple[Select, Select]:
    """The page statement (with the total over all pages as ``total``, counted on the
    employee table alone, or the tally's when unfiltered for someone who sees everyone) and
    the count alone, for a page past the end. One pair per combination of filters, built on
    first use. Parameters: viewer, today, limit, offset, and
    unit, function_group, manager as the filters are present."""
    where = _filters(
        everyone=everyone,
        org_unit=org_unit,
        function_group=function_group,
        active=active,
        manager=manager,
    )
    if not where:
        # Everyone, unfiltered: the tally, not a count (docs/design.md, "Scale: reads").
        count = tallied_total("employee")
    else:
        # Not correlated with the page's own employee table: a count over all pages.
        count = select(func.count()).select_from(Employee).where(*where).correlate(None)
    page = (
        _EMPLOYEES.add_columns(count.scalar_subquery().label("total"))
        .where(*where)
        .order_by(Employee.personnel_number)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return page, count
