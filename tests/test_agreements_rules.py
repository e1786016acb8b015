"""Pure rules of the agreement set (R3.2, R4.1, R4.2, R4.5–R4.7, R5.2, R5.4): no database."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

import pytest

from app.agreements.rules import (
    WorkContext,
    WorkWeight,
    agreed,
    agreement_outcome,
    agreement_talk,
    approval_blockers,
    content_problems,
    effective_weights,
    rule_for,
    set_actions,
    weight_problems,
)
from app.errors import Refusal
from app.messages import msg

START, END = date(2026, 1, 1), date(2027, 12, 31)
CTX = WorkContext(START, END, main_tasks=("advise", "report"), set_codes=("SAM", "KLA", "INT"))
NO_SET = WorkContext(START, END, main_tasks=("advise",), set_codes=None)
NO_TASKS = WorkContext(START, END, main_tasks=(), set_codes=("SAM", "KLA", "INT"))


def talk(kind, status, due, sequence=1):
    return NS(kind=kind, status=status, due_date=due, sequence=sequence)


def summary(problems):
    """(name, code, rule) of each problem; rule None when the problem names none."""
    return [(p["name"], p["code"], p.get("rule")) for p in problems]


# --- agreement_talk (R4.1, R5.2) ---------------------------------------------------------

PLAN_OPEN = talk("planning", "open", date(2026, 5, 31))
PLAN_SCHEDULED = talk("planning", "scheduled", date(2027, 6, 1))
PLAN_HELD = talk("planning", "held", date(2026, 5, 31))
PLAN_CANCELLED = talk("planning", "cancelled", date(2026, 5, 31))
PROG_A = talk("progress", "scheduled", date(2026, 12, 1), sequence=2)
PROG_B = talk("progress", "open", date(2026, 12, 1), sequence=1)
PROG_LATE = talk("progress", "open", date(2027, 3, 1), sequence=0)
PROG_CANCELLED = talk("progress", "cancelled", date(2026, 6, 1))
PROG_HELD = talk("progress", "held", date(2026, 6, 1))
APPRAISAL = talk("appraisal", "open", date(2026, 2, 1))


@pytest.mark.parametrize(
    ("talks", "expected"),
    [
        pytest.param([PROG_B, PLAN_OPEN], PLAN_OPEN, id="open-planning-first"),
        pytest.param([PROG_A, PLAN_SCHEDULED], PLAN_SCHEDULED, id="scheduled-planning-first"),
        pytest.param([PLAN_HELD, PROG_LATE, PROG_A], PROG_A, id="earliest-due-progress"),
        pytest.param([PLAN_CANCELLED, PROG_A, PROG_B], PROG_B, id="same-due-lowest-sequence"),
        pytest.param([PROG_CANCELLED, PROG_HELD, PROG_LATE], PROG_LATE, id="held-cancelled-skip"),
        pytest.param([APPRAISAL, PROG_LATE], PROG_LATE, id="appraisal-ignored"),
        pytest.param([APPRAISAL, PLAN_HELD, PROG_HELD, PROG_CANCELLED], None, id="none-open"),
        pytest.param([], None, id="no-talks"),
    ],
)
def test_r5_2_r4_1_agreement_talk(talks, expected):
    assert agreement_talk(talks) is expected


@pytest.mark.parametrize(
    ("kind", "decided", "rule"),
    [
        ("planning", False, "R4.6"),
        ("planning", True, "R4.7"),
        ("progress", False, "R5.2"),
        ("progress", True, "R5.4"),
    ],
)
def test_r4_6_r4_7_r5_2_r5_4_rule_for(kind, decided, rule):
    assert rule_for(kind, decided=decided) == rule


# --- content_problems (R4.5, R4.1) -------------------------------------------------------


def work(measure="count of reports", due=date(2026, 6, 1), main_task="advise"):
    return NS(measure=measure, due_date=due, main_task=main_task)


def development(subject="competency", code="SAM", due=date(2026, 6, 1)):
    return NS(subject=subject, competency_code=code, due_date=due)


DUE_MISSING = ("dueDate", "missing", "R4.5")
OUTSIDE = ("dueDate", "outside_cycle", "R4.5")
NO_MEASURE = ("measure", "missing", "R4.5")
NOT_MAIN = ("mainTask", "not_a_main_task", "R4.1")
NO_MAIN = ("mainTask", "missing", "R4.1")
NOT_IN_SET = ("competencyCode", "not_in_competency_set", "R4.1")
NO_CODE = ("competencyCode", "missing", "R4.1")
DEV = "development"


@pytest.mark.parametrize(
    ("kind", "content", "ctx", "expected"),
    [
        pytest.param("work", work(), CTX, [], id="work-valid"),
        pytest.param("work", work(main_task=None), CTX, [NO_MAIN], id="work-no-main-task"),
        pytest.param("work", work(main_task=None), NO_TASKS, [], id="profile-without-tasks"),
        pytest.param("work", work(main_task="cook"), NO_TASKS, [NOT_MAIN], id="no-tasks-named"),
        pytest.param("work", work(measure=""), CTX, [NO_MEASURE], id="measure-empty"),
        pytest.param("work", work(measure=None), CTX, [NO_MEASURE], id="measure-none"),
        pytest.param("work", work(due=None), CTX, [DUE_MISSING], id="due-missing"),
        pytest.param("work", work(due=date(2025, 12, 31)), CTX, [OUTSIDE], id="due-before"),
        pytest.param("work", work(due=date(2028, 1, 1)), CTX, [OUTSIDE], id="due-after"),
        pytest.param("work", work(due=START), CTX, [], id="due-on-start"),
        pytest.param("work", work(due=END), CTX, [], id="due-on-end"),
        pytest.param("work", work(main_task="report"), CTX, [], id="main-task-ok"),
        pytest.param("work", work(main_task="cook"), CTX, [NOT_MAIN], id="main-task-unknown"),
        pytest.param(
            "work",
            work(measure="", due=None, main_task="cook"),
            CTX,
            [DUE_MISSING, NO_MEASURE, NOT_MAIN],
            id="work-all-at-once",
        ),
        pytest.param(DEV, development(), CTX, [], id="dev-valid"),
        pytest.param(DEV, development("knowledge", None), CTX, [], id="knowledge"),
        pytest.param(DEV, development(due=date(2028, 1, 1)), CTX, [OUTSIDE], id="dev-late"),
        pytest.param(DEV, development(due=None), CTX, [DUE_MISSING], id="dev-no-due"),
        pytest.param(DEV, development(code="XYZ"), CTX, [NOT_IN_SET], id="dev-outside-set"),
        pytest.param(DEV, development(code="SAM"), NO_SET, [NOT_IN_SET], id="dev-no-set"),
        pytest.param(DEV, development(code=None), CTX, [NO_CODE], id="dev-no-code"),
        pytest.param(DEV, development(code=""), CTX, [NO_CODE], id="dev-empty-code"),
        pytest.param(
            DEV,
            development("knowledge", "SAM"),
            CTX,
            [("competencyCode", "not_allowed", None)],
            id="knowledge-with-code",
        ),
        pytest.param("career", NS(due_date=None), CTX, [], id="career-no-due"),
        pytest.param("career", NS(due_date=date(2030, 1, 1)), CTX, [], id="career-late"),
        pytest.param("condition", NS(due_date=None), CTX, [], id="condition-no-due"),
        pytest.param("condition", NS(due_date=date(2000, 1, 1)), CTX, [], id="condition-early"),
    ],
)
def test_r4_5_r4_1_content_problems(kind, content, ctx, expected):
    assert summary(content_problems(kind, content, ctx)) == expected


def test_r4_5_r4_1_content_problem_params_exactly():
    [problem] = content_problems("work", work(due=date(2028, 1, 1)), CTX)
    assert problem == {
        "name": "dueDate",
        "in": "body",
        "code": "outside_cycle",
        "reason": "must lie within the cycle (2026-01-01 – 2027-12-31) (R4.5)",
        "rule": "R4.5",
    }
    [problem] = content_problems("development", development("knowledge", "SAM"), CTX)
    assert "rule" not in problem  # not_allowed names no rule


# --- weight_problems, effective_weights (R4.2) -------------------------------------------

A, B, C = WorkWeight("a", 1, 60), WorkWeight("b", 2, 40), WorkWeight("c", 3, None)
SUM = ("weights", "sum_not_100", "R4.2")


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        pytest.param([("a", 60), ("b", 40)], [], id="valid-60-40"),
        pytest.param([("a", 50), ("b", 40)], [SUM], id="sum-90"),
        pytest.param([("a", 70), ("b", 40)], [SUM], id="sum-110"),
        pytest.param(
            [("a", 0), ("b", 100)], [("weights.0.percent", "not_positive", "R4.2")], id="zero"
        ),
        pytest.param(
            [("a", 110), ("b", -10)],
            [("weights.1.percent", "not_positive", "R4.2")],
            id="negative",
        ),
        pytest.param(
            [("a", 60), ("b", 30), ("x", 10)],
            [("weights.2.agreementId", "not_a_work_agreement", "R4.2")],
            id="unknown-id",
        ),
        pytest.param(
            [("a", 60), ("b", 20), ("b", 20)],
            [("weights.2.agreementId", "duplicate", "R4.2")],
            id="duplicate",
        ),
        pytest.param([("a", 100)], [("weights", "incomplete", "R4.2")], id="missing-b"),
        pytest.param([], [("weights", "incomplete", "R4.2")], id="none-no-sum-check"),
        pytest.param(
            [("a", -5), ("x", 50), ("a", 10)],
            [
                ("weights.0.percent", "not_positive", "R4.2"),
                ("weights.1.agreementId", "not_a_work_agreement", "R4.2"),
                ("weights.2.agreementId", "duplicate", "R4.2"),
                ("weights", "incomplete", "R4.2"),
                SUM,
            ],
            id="all-at-once",
        ),
    ],
)
def test_r4_2_weight_problems(weights, expected):
    assert summary(weight_problems(weights, [A, B])) == expected


def test_r4_2_weight_reasons_list_missing_numbers_and_total():
    incomplete, total = weight_problems([("b", 90)], [A, B, C])
    assert incomplete["code"] == "incomplete"
    assert incomplete["reason"] == (
        "every active work agreement needs a weight; missing: #1, #3 (R4.2)"
    )
    assert total["reason"] == "the weights add up to 90, not 100 (R4.2)"


@pytest.mark.parametrize(
    ("weighting", "work", "expected"),
    [
        pytest.param("equal", [A, B, C], {"a": 33.33, "b": 33.33, "c": 33.33}, id="equal-3"),
        pytest.param("equal", [A, B], {"a": 50.0, "b": 50.0}, id="equal-2"),
        pytest.param("equal", [], {}, id="equal-none"),
        pytest.param("custom", [A, B, C], {"a": 60.0, "b": 40.0, "c": None}, id="custom"),
    ],
)
def test_r4_2_effective_weights(weighting, work, expected):
    assert effective_weights(weighting, work) == expected


# --- approval_blockers (R3.2, R4.1, R4.2) ------------------------------------------------


@pytest.mark.parametrize(
    ("has_set", "weighting", "work", "rules"),
    [
        pytest.param(True, "custom", [A, B], [], id="all-fine-custom"),
        pytest.param(True, "equal", [A, B], [], id="all-fine-equal"),
        pytest.param(False, "equal", [A, B], ["R3.2"], id="no-competency-set"),
        pytest.param(True, "equal", [], ["R4.1"], id="no-work-agreements"),
        pytest.param(True, "custom", [A, B, C], ["R4.2"], id="custom-weight-missing"),
        pytest.param(True, "custom", [A], ["R4.2"], id="custom-sum-60"),
        pytest.param(True, "custom", [], ["R4.1"], id="custom-without-work"),
        pytest.param(True, "equal", [A], [], id="equal-ignores-sum"),
        pytest.param(True, "equal", [A, C], [], id="equal-ignores-missing"),
        pytest.param(False, "custom", [A, C], ["R3.2", "R4.2"], id="several"),
    ],
)
def test_r3_2_r4_1_r4_2_approval_blockers(has_set, weighting, work, rules):
    blockers = approval_blockers(has_competency_set=has_set, weighting=weighting, work=work)
    assert [b.rule for b in blockers] == rules


def test_r3_2_r4_1_r4_2_blocker_codes():
    blockers = approval_blockers(has_competency_set=False, weighting="custom", work=[C])
    assert [(b.rule, b.code) for b in blockers] == [
        ("R3.2", "competency-set-missing"),
        ("R4.2", "weights-incomplete"),
    ]
    blockers = approval_blockers(has_competency_set=True, weighting="equal", work=[])
    assert [(b.rule, b.code) for b in blockers] == [("R4.1", "no-work-agreement")]


# --- agreement_outcome, agreed (R4.6, R4.7) ----------------------------------------------


def approval(party, version):
    return NS(party=party, set_version=version)


def decision(version):
    return NS(set_version=version)


@pytest.mark.parametrize(
    ("approvals", "decisions", "outcome", "is_agreed"),
    [
        pytest.param([approval("manager", 3), approval("employee", 3)], [], "approved", True),
        pytest.param([approval("manager", 3)], [], "approved-by-manager", False),
        pytest.param([approval("employee", 3)], [], "approved-by-employee", False),
        pytest.param(
            [approval("manager", 2), approval("employee", 2)], [], "open", False, id="void"
        ),
        pytest.param(
            [approval("manager", 2), approval("employee", 3)],
            [],
            "approved-by-employee",
            False,
            id="manager-void",
        ),
        pytest.param([], [], "open", False, id="nothing"),
        pytest.param([approval("employee", 3)], [decision(3)], "decided", True, id="decided"),
        pytest.param([], [decision(2)], "open", False, id="old-decision"),
        pytest.param(
            [approval("manager", 3)],
            [decision(2)],
            "approved-by-manager",
            False,
            id="old-decision-one-approval",
        ),
    ],
)
def test_r4_6_r4_7_agreement_outcome_and_agreed(approvals, decisions, outcome, is_agreed):
    result = agreement_outcome(approvals=approvals, decisions=decisions, set_version=3)
    assert result == outcome
    assert agreed(result) is is_agreed


# --- set_actions (R4.6, R4.7) ------------------------------------------------------------

BLOCKED = [Refusal("R3.2", "competency-set-missing", msg("competency-set-missing"))]
EDIT = ["compose-competency-set", "add-agreement", "set-weights"]


@pytest.mark.parametrize(
    ("relation", "writable", "outcome", "blockers", "expected"),
    [
        # After the cycle's end (R4.1) the set can still be agreed, not changed.
        pytest.param(
            "manager",
            False,
            "open",
            [],
            ["approve", "decide", "add-contribution"],
            id="not-writable",
        ),
        pytest.param(
            "self", False, "open", [], ["approve", "add-contribution"], id="not-writable-self"
        ),
        pytest.param("hr", False, "open", [], [], id="not-writable-hr"),
        pytest.param("manager", True, "open", BLOCKED, [*EDIT, "add-contribution"], id="blocked"),
        pytest.param("manager", True, "open", [], [*EDIT, "approve", "decide", "add-contribution"]),
        pytest.param(
            "coordinator", True, "open", [], [*EDIT, "approve", "decide", "add-contribution"]
        ),
        pytest.param(
            "manager",
            True,
            "approved-by-employee",
            [],
            [*EDIT, "approve", "decide", "add-contribution"],
        ),
        pytest.param(
            "manager", True, "approved-by-manager", [], [*EDIT, "decide", "add-contribution"]
        ),
        pytest.param("manager", True, "approved", [], [*EDIT, "add-contribution"]),
        pytest.param("manager", True, "decided", [], [*EDIT, "add-contribution"]),
        pytest.param("self", True, "open", [], ["approve", "add-contribution"]),
        pytest.param("self", True, "approved-by-manager", [], ["approve", "add-contribution"]),
        pytest.param("self", True, "approved-by-employee", [], ["add-contribution"]),
        pytest.param("self", True, "approved", [], ["add-contribution"]),
        pytest.param("self", True, "open", BLOCKED, ["add-contribution"], id="self-blocked"),
        pytest.param("hr", True, "open", [], []),
        pytest.param("former-manager", True, "open", [], []),
    ],
)
def test_r4_6_r4_7_set_actions(relation, writable, outcome, blockers, expected):
    actions = set_actions(relation=relation, writable=writable, outcome=outcome, blockers=blockers)
    assert actions == expected
