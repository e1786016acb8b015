"""People as the API shows them."""

from __future__ import annotations

from datetime import date

from app.people.schemas import EmployeeOut, EmployeeRef, FunctionProfileRef, OrgUnitRef
from app.people.service import EmployeeView


def employee_out(row: EmployeeView, today: date) -> EmployeeOut:
    """An employee row (``queries.EMPLOYEE_COLUMNS``) as the API shows it."""
    return EmployeeOut(
        personnel_number=row.personnel_number,
        name=row.name,
        email=row.email,
        org_unit=OrgUnitRef(key=row.unit_key, name=row.unit_name),
        function_profile=FunctionProfileRef(
            code=row.profile_code,
            title=row.profile_title,
            function_group=row.function_group,
            scale=row.profile_scale,
        ),
        salary_scale=row.salary_scale,
        in_function_scale=row.in_function_scale,
        function_scale_date=row.function_scale_date,
        entry_date=row.entry_date,
        probation=row.probation,
        probation_decision_date=row.probation_decision_date,
        leaving_date=row.leaving_date,
        active=row.leaving_date is None or row.leaving_date > today,
        manager=None
        if row.manager_number is None
        else EmployeeRef(personnel_number=row.manager_number, name=row.manager_name),
    )
