"""Rules for the people the HR information system sends: pure functions, no I/O.

Each check returns the invalid parameters it finds, so that a request (or a batch) is answered
with every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any


def param(name: str, code: str, reason: str, location: str = "body") -> dict[str, Any]:
    return {"name": name, "in": location, "code": code, "reason": reason}


def manager_cycle(
    employee: str, manager: str | None, current_manager: Callable[[str], str | None]
) -> bool:
    """Would ``manager`` as the manager of ``employee`` make a cycle (A→B→A, or longer)?"""
    seen = {employee}
    node = manager
    while node is not None:
        if node in seen:
            return True
        seen.add(node)
        node = current_manager(node)
    return False


def check_employee_dates(
    *,
    entry_date: date,
    leaving_date: date | None,
    probation: bool,
    probation_decision_date: date | None,
    in_function_scale: bool,
    function_scale_date: date | None,
    prefix: str = "",
) -> list[dict[str, Any]]:
    problems = []
    if leaving_date is not None and leaving_date < entry_date:
        problems.append(
            param(f"{prefix}leavingDate", "leaving_before_entry", "is before the entry date")
        )
    if probation and probation_decision_date is None:
        # R2.3/R6.2: the second probation appraisal is due one month before this decision.
        problems.append(
            param(
                f"{prefix}probationDecisionDate",
                "probation_without_decision_date",
                "a probationary appointment needs the decision date (R2.3, R6.2)",
            )
        )
    if not in_function_scale and function_scale_date is not None:
        # R2.4: the placement date exists only once the employee is in the function scale.
        problems.append(
            param(
                f"{prefix}functionScaleDate",
                "not_in_function_scale",
                "given while inFunctionScale is false (R2.4)",
            )
        )
    return problems


def check_scale(value: int, name: str, low: int, high: int, rule: str | None = None) -> list[dict]:
    if low <= value <= high:
        return []
    suffix = f" ({rule})" if rule else ""
    return [param(name, "scale_out_of_range", f"must be {low}–{high}{suffix}")]


def unknown(name: str, what: str, value: str) -> dict[str, Any]:
    return param(name, f"unknown_{what.replace(' ', '_')}", f"there is no {what} {value!r}")


def org_unit_cycle(unit: str, parent: str | None, parents: Mapping[str, str | None]) -> bool:
    """Would ``parent`` as the parent of ``unit`` make the unit its own ancestor?"""
    return manager_cycle(unit, parent, lambda key: parents.get(key))
