"""Manager history as a pure function: periods never overlap, whatever is synchronised; the
employee import's validation and plan, without a database."""

from __future__ import annotations

import uuid
from datetime import date
from itertools import pairwise
from types import SimpleNamespace

import pytest

from app.people.imports import STORED_FIELDS, Lookups, import_problems, plan_import
from app.people.rules import ManagerPlan, Period, manager_cycle, plan_manager_change
from app.people.schemas import EmployeeImportRow

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


# --- the employee import, validation and planning without a database --------------------------


def _import_row(number: str, manager: str | None = None, **extra):
    return EmployeeImportRow.model_validate(
        {
            "personnelNumber": number,
            "name": f"Medewerker {number}",
            "orgUnitKey": "team-a",
            "functionProfileCode": "P22",
            "salaryScale": 10,
            "inFunctionScale": True,
            "entryDate": "2020-01-01",
            "managerPersonnelNumber": manager,
            "managerFrom": "2020-01-01" if manager else None,
            **extra,
        }
    )


def _lookups(graph=None):
    return Lookups(
        units={"team-a": uuid.uuid4()},
        profiles={"P22": uuid.uuid4()},
        known_managers={"M1": uuid.uuid4()},
        graph=graph or {},
    )


def test_import_problems_name_every_bad_row_and_field_without_a_database():
    rows = [
        _import_row("A1", "M1"),
        _import_row("A1", "A1"),  # a duplicate, and their own manager
        _import_row("A2", "X9", orgUnitKey="nowhere"),  # an unknown manager and unit
        _import_row("A3", "A4"),  # A3 and A4 manage each other: a cycle in the batch
        _import_row("A4", "A3"),
        _import_row("A5", salaryScale=19),
    ]
    problems = {(p["name"], p["code"]) for p in import_problems(rows, _lookups())}
    assert problems == {
        ("employees.1.personnelNumber", "duplicate_in_batch"),
        ("employees.1.managerPersonnelNumber", "own_manager"),
        ("employees.2.orgUnitKey", "unknown_org_unit"),
        ("employees.2.managerPersonnelNumber", "unknown_employee"),
        ("employees.3.managerPersonnelNumber", "manager_cycle"),
        ("employees.4.managerPersonnelNumber", "manager_cycle"),
        ("employees.5.salaryScale", "scale_out_of_range"),
    }
    assert import_problems([_import_row("A1", "M1")], _lookups()) == []


def _stored_values(row, found) -> dict:
    """The STORED_FIELDS of ``row`` as the database would hold them after importing it."""
    values = {
        "name": row.name,
        "email": None,
        "org_unit_id": found.units["team-a"],
        "function_profile_id": found.profiles["P22"],
        "salary_scale": row.salary_scale,
        "in_function_scale": row.in_function_scale,
        "function_scale_date": None,
        "entry_date": row.entry_date,
        "probation": False,
        "probation_decision_date": None,
        "leaving_date": None,
    }
    assert set(values) == set(STORED_FIELDS)
    return values


def test_the_import_plan_creates_updates_and_leaves_unchanged_rows_alone():
    found = _lookups()
    same, changed, moved = _import_row("B1"), _import_row("B2"), _import_row("B3")

    def stored(row, **override):
        return SimpleNamespace(id=uuid.uuid4(), **{**_stored_values(row, found), **override})

    existing = {
        "B1": stored(same),
        "B2": stored(changed, name="Oude naam"),  # not a scheduling field: no re-planning
        "B3": stored(moved, entry_date=date(2019, 1, 1)),  # a scheduling field: re-planned
    }
    plan = plan_import(
        [same, changed, moved, _import_row("B4")],
        found=found,
        existing=existing,
        who={"actor_type": "client", "actor_id": "hris", "on_behalf_of": None},
        request_id=None,
    )
    summary = plan.summary
    assert (summary.received, summary.unchanged) == (4, 1)
    assert (summary.created, summary.updated) == (["B4"], ["B2", "B3"])
    assert [w["personnel_number"] for w in plan.writes] == ["B2", "B3", "B4"]
    assert [e["action"] for e in plan.events] == ["update", "update", "create"]
    assert plan.events[0]["before"]["name"] == "Oude naam"
    assert plan.events[2]["before"] is None
    assert plan.replan[0] == existing["B3"].id and len(plan.replan) == 2


def test_the_import_plan_sees_a_change_in_each_stored_field_alone():
    """Unchanged rows are found by one tuple comparison in STORED_FIELDS' order: a change in
    any single field is still an update, with that field's stored value in ``before``."""
    found = _lookups()
    row = _import_row("C1")
    values = _stored_values(row, found)
    who = {"actor_type": "client", "actor_id": "hris", "on_behalf_of": None}
    stored = SimpleNamespace(id=uuid.uuid4(), **values)
    same = plan_import([row], found=found, existing={"C1": stored}, who=who, request_id=None)
    assert same.summary.unchanged == 1 and same.writes == []
    for name in STORED_FIELDS:
        other = SimpleNamespace(id=stored.id, **{**values, name: f"other {name}"})
        plan = plan_import([row], found=found, existing={"C1": other}, who=who, request_id=None)
        assert plan.summary.updated == ["C1"], name
        assert plan.events[0]["before"][name] == f"other {name}"
        assert plan.events[0]["before"].keys() == set(STORED_FIELDS)
