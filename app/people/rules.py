"""Rules for the people the HR information system sends: pure functions, no I/O.

Each check returns the invalid parameters it finds, so that a request (or a batch) is answered
with every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.errors import param

# What the scheduling engine looks at: a change re-plans the employee's open cycles.
SCHEDULING_FIELDS = (
    "entry_date",
    "probation",
    "probation_decision_date",
    "in_function_scale",
    "function_scale_date",
    "leaving_date",
)


def manager_cycle(employee: str, manager: str | None, managers_of: Callable[[str], Any]) -> bool:
    """Would ``manager`` as a manager of ``employee`` make a cycle (A→B→A, or longer)?

    ``managers_of(x)`` gives x's manager, or a list of them: every manager x has today or will
    have later, so that a cycle is found even between assignments that start at other dates.
    """
    if manager is None:
        return False
    stack, seen = [manager], set()
    while stack:
        node = stack.pop()
        if node == employee:
            return True
        if node in seen:
            continue
        seen.add(node)
        found = managers_of(node)
        if found is None:
            continue
        stack.extend([found] if isinstance(found, str) else found)
    return False


def check_employee_dates(
    *,
    entry_date: date,
    leaving_date: date | None,
    probation: bool,
    probation_decision_date: date | None,
    in_function_scale: bool,
    function_scale_date: date | None,
    manager_from: date | None = None,
    prefix: str = "",
) -> list[dict[str, Any]]:
    problems = []
    for name, value in (
        ("entryDate", entry_date),
        ("leavingDate", leaving_date),
        ("probationDecisionDate", probation_decision_date),
        ("functionScaleDate", function_scale_date),
        ("managerFrom", manager_from),
    ):
        if value is not None and not 1900 <= value.year <= 2200:
            problems.append(param(f"{prefix}{name}", "out_of_range", "must lie in 1900–2200"))
    if problems:
        return problems
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
                rule="R6.2",
            )
        )
    if probation_decision_date is not None and probation_decision_date <= entry_date:
        # R6.2: the decision on a permanent appointment follows the probation.
        problems.append(
            param(
                f"{prefix}probationDecisionDate",
                "decision_before_entry",
                "must be after the entry date (R6.2)",
                rule="R6.2",
            )
        )
    if not in_function_scale and function_scale_date is not None:
        # R2.4: the placement date exists only once the employee is in the function scale.
        problems.append(
            param(
                f"{prefix}functionScaleDate",
                "not_in_function_scale",
                "given while inFunctionScale is false (R2.4)",
                rule="R2.4",
            )
        )
    if function_scale_date is not None and function_scale_date < entry_date:
        problems.append(
            param(
                f"{prefix}functionScaleDate",
                "placed_before_entry",
                "is before the entry date (R2.4)",
                rule="R2.4",
            )
        )
    if manager_from is not None and manager_from < entry_date:
        problems.append(
            param(f"{prefix}managerFrom", "manager_before_entry", "is before the entry date")
        )
    return problems


def check_scale(value: int, name: str, low: int, high: int, rule: str | None = None) -> list[dict]:
    if low <= value <= high:
        return []
    suffix = f" ({rule})" if rule else ""
    return [param(name, "scale_out_of_range", f"must be {low}–{high}{suffix}")]


def org_unit_cycle(unit: str, parent: str | None, parents: Mapping[str, str | None]) -> bool:
    """Would ``parent`` as the parent of ``unit`` make the unit its own ancestor?"""
    return manager_cycle(unit, parent, lambda key: parents.get(key))


@dataclass(frozen=True)
class Period:
    """One manager assignment: ``manager`` from ``start`` until ``end`` (exclusive, None: open)."""

    id: Any
    manager: Any
    start: date
    end: date | None


@dataclass(frozen=True)
class ManagerPlan:
    delete: tuple[Any, ...] = ()  # assignments that start on or after the change: superseded
    end: tuple[tuple[Any, date], ...] = ()  # (assignment, new end): cut at the change date
    reopen: Any = None  # an assignment of the same manager ending at the change: extend it
    open_from: date | None = None  # open a new assignment for the manager from this date

    @property
    def changes(self) -> int:
        return len(self.delete) + len(self.end) + (self.reopen is not None) + bool(self.open_from)


def plan_manager_change(history: list[Period], manager: Any, since: date) -> ManagerPlan:
    """The history after "from ``since`` on, the manager is ``manager``" (None: no manager).

    The history before ``since`` is kept (cut at ``since``); what starts on or after it is
    replaced. Periods never overlap afterwards, whatever the history was. An already true
    statement plans nothing.
    """
    later = [p for p in history if p.end is None or p.end > since]
    if manager is None and not later:
        return ManagerPlan()
    if (
        manager is not None
        and len(later) == 1
        and later[0].manager == manager
        and later[0].start <= since
        and later[0].end is None
    ):
        return ManagerPlan()
    delete = tuple(p.id for p in later if p.start >= since)
    end = tuple((p.id, since) for p in later if p.start < since)
    if manager is None:
        return ManagerPlan(delete=delete, end=end)
    # The same manager right up to the change (or beyond it): continue that assignment.
    joined = [
        p
        for p in history
        if p.manager == manager and p.start < since and (p.end is None or p.end >= since)
    ]
    if joined:
        keep = joined[0].id
        return ManagerPlan(delete=delete, end=tuple(e for e in end if e[0] != keep), reopen=keep)
    return ManagerPlan(delete=delete, end=end, open_from=since)
