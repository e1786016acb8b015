"""Manager history as a pure function: periods never overlap, whatever is synchronised."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from app.people.rules import ManagerPlan, Period, manager_cycle, plan_manager_change

D = date


def apply(history: list[Period], plan: ManagerPlan, manager, since) -> list[tuple]:
    """The history after the plan, as (manager, start, end) tuples."""
    rows = {p.id: p for p in history if p.id not in plan.delete}
    for key, end in plan.end:
        rows[key] = Period(key, rows[key].manager, rows[key].start, end)
    if plan.reopen is not None:
        p = rows[plan.reopen]
        rows[p.id] = Period(p.id, p.manager, p.start, None)
    if plan.open_from is not None:
        rows["new"] = Period("new", manager, plan.open_from, None)
    return sorted((p.manager, p.start, p.end) for p in rows.values())


def no_overlap(rows: list[tuple]) -> bool:
    ordered = sorted(rows, key=lambda r: r[1])
    return all(a[2] is not None and a[2] <= b[1] for a, b in pairwise(ordered))


A_SINCE_2020 = [Period(1, "A", D(2020, 1, 1), None)]
A_THEN_B = [Period(1, "A", D(2020, 1, 1), D(2024, 1, 1)), Period(2, "B", D(2024, 1, 1), None)]
A_ENDING_2027 = [Period(1, "A", D(2020, 1, 1), D(2027, 1, 1))]
B_PLANNED_2027 = [
    Period(1, "A", D(2020, 1, 1), D(2027, 3, 1)),
    Period(2, "B", D(2027, 3, 1), None),
]


@pytest.mark.parametrize(
    ("history", "manager", "since", "expected"),
    [
        # unchanged: nothing planned
        (A_SINCE_2020, "A", D(2026, 11, 29), [("A", D(2020, 1, 1), None)]),
        # a new manager from a date: the old one is cut there
        (
            A_SINCE_2020,
            "B",
            D(2027, 1, 1),
            [("A", D(2020, 1, 1), D(2027, 1, 1)), ("B", D(2027, 1, 1), None)],
        ),
        # a correction back in time: what started later is replaced, what ran before is cut
        (
            A_THEN_B,
            "C",
            D(2022, 1, 1),
            [("A", D(2020, 1, 1), D(2022, 1, 1)), ("C", D(2022, 1, 1), None)],
        ),
        # no manager any more
        (A_SINCE_2020, None, D(2027, 1, 1), [("A", D(2020, 1, 1), D(2027, 1, 1))]),
        # removing a planned manager deletes the plan, not a one-day assignment
        (B_PLANNED_2027, None, D(2027, 3, 1), [("A", D(2020, 1, 1), D(2027, 3, 1))]),
        # the same manager again after a planned end: the assignment simply continues
        (A_ENDING_2027, "A", D(2026, 11, 29), [("A", D(2020, 1, 1), None)]),
        # another manager from today while A was to end in 2027: no overlap
        (
            A_ENDING_2027,
            "B",
            D(2026, 11, 29),
            [("A", D(2020, 1, 1), D(2026, 11, 29)), ("B", D(2026, 11, 29), None)],
        ),
        # the first manager
        ([], "A", D(2026, 1, 1), [("A", D(2026, 1, 1), None)]),
        ([], None, D(2026, 1, 1), []),
    ],
)
def test_manager_history_never_overlaps(history, manager, since, expected):
    plan = plan_manager_change(history, manager, since)
    result = apply(history, plan, manager, since)
    assert result == sorted(expected)
    assert no_overlap(result)


def test_an_unchanged_manager_plans_nothing():
    assert plan_manager_change(A_SINCE_2020, "A", D(2026, 11, 29)).changes == 0
    assert plan_manager_change([], None, D(2026, 11, 29)).changes == 0


def test_manager_cycles_through_any_current_or_later_assignment():
    edges = {"B": ["A"], "A": ["C", "B"]}  # A is managed by C now and by B later
    assert manager_cycle("B", "A", lambda node: edges.get(node, []))
    assert not manager_cycle("D", "A", lambda node: edges.get(node, []))
