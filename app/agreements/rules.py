"""Rules of Articles 4 and 5 (and R3.2, R4.2) as pure functions: no I/O, no clock.

* Which talk the agreements are being made or adjusted in (R4.1, R5.1, R5.2).
* R4.5 — a work agreement is specific, measurable and time-bound (inside the cycle); a
  development agreement is on a competency of the set or on the knowledge level (R4.1 b).
* R4.2 — weights: equal by default, or percentages per work agreement that add up to 100.
* R4.6, R4.7, R5.2, R5.4 — what the set needs before it can be approved or decided, and when a
  planning or progress talk counts as agreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.cycles.rules import AGREEMENT_TALK_KINDS
from app.errors import Refusal, param
from app.messages import joined, msg
from app.states import MANAGING, OPEN_TALK, CycleStatus, Relation, TalkStatus


def agreement_talk(talks: Iterable[Any]) -> Any | None:
    """The talk in which the agreements are now made (the planning talk, R4.1) or adjusted (a
    progress talk, R5.2): the first planning or progress talk that is neither held nor
    cancelled, the planning talk before any progress talk. None: nothing can change now, also
    once the cycle's appraisals are held (none left open)."""
    talks = list(talks)
    appraisals = [t for t in talks if t.kind == "appraisal"]
    if any(t.status == TalkStatus.held for t in appraisals) and not any(
        t.status in OPEN_TALK for t in appraisals
    ):
        return None  # appraised: what was agreed is what is rated (R6.4)
    candidates = [t for t in talks if t.kind in AGREEMENT_TALK_KINDS and t.status in OPEN_TALK]
    candidates.sort(key=lambda t: (t.kind != "planning", t.due_date, t.sequence))
    return candidates[0] if candidates else None


def open_for_changes(*, status: str, today: date, cycle_end: date) -> bool:
    """Agreements are made for the cycle, within it (R4.1): not once it is over."""
    return status in (CycleStatus.open, CycleStatus.upcoming) and today <= cycle_end


def rule_for(talk_kind: str, *, decided: bool = False) -> str:
    """The rule that governs agreeing on the set in this kind of talk."""
    if talk_kind == "progress":
        return "R5.4" if decided else "R5.2"
    return "R4.7" if decided else "R4.6"


@dataclass(frozen=True)
class WorkContext:
    cycle_start: date
    cycle_end: date
    main_tasks: Sequence[str]
    set_codes: Sequence[str] | None  # None: no competency set composed yet


def content_problems(kind: str, content: Any, ctx: WorkContext) -> list[dict[str, Any]]:
    """Every problem with an agreement's content, each naming its field and rule."""
    problems: list[dict[str, Any]] = []
    if kind in ("work", "development"):
        due = content.due_date
        if due is None:
            # R4.5: time-bound.
            problems.append(
                param("dueDate", "missing", "an agreement is time-bound (R4.5)", rule="R4.5")
            )
        elif not ctx.cycle_start <= due <= ctx.cycle_end:
            # R4.5 (interpretation): the due date lies inside the cycle.
            problems.append(
                param(
                    "dueDate",
                    "outside_cycle",
                    f"must lie within the cycle ({ctx.cycle_start.isoformat()} – "
                    f"{ctx.cycle_end.isoformat()}) (R4.5)",
                    rule="R4.5",
                )
            )
    if kind == "work":
        if not content.measure:
            # R4.5: measurable.
            problems.append(
                param(
                    "measure",
                    "missing",
                    "a work agreement says how its result is measured (R4.5)",
                    rule="R4.5",
                )
            )
        if content.main_task is None and ctx.main_tasks:
            # R4.1 a: "op basis van de hoofdtaken uit het functieprofiel": name the one.
            problems.append(
                param(
                    "mainTask",
                    "missing",
                    "the cycle's function profile has main tasks: name the one this work "
                    "agreement comes from (R4.1)",
                    rule="R4.1",
                )
            )
        elif content.main_task is not None and content.main_task not in ctx.main_tasks:
            # R4.1 a: based on the main tasks of the function profile.
            problems.append(
                param(
                    "mainTask",
                    "not_a_main_task",
                    "must be one of the main tasks of the cycle's function profile (R4.1)",
                    rule="R4.1",
                )
            )
    if kind == "development":
        if content.subject == "competency":
            if not content.competency_code:
                problems.append(
                    param(
                        "competencyCode",
                        "missing",
                        "a development agreement on a competency names it (R4.1)",
                        rule="R4.1",
                    )
                )
            elif ctx.set_codes is None or content.competency_code not in ctx.set_codes:
                # R4.1 b: development of a competency of the employee's set.
                problems.append(
                    param(
                        "competencyCode",
                        "not_in_competency_set",
                        "must be a competency of the employee's set for this cycle (R4.1, R3.2)",
                        rule="R4.1",
                    )
                )
        elif content.competency_code is not None:
            problems.append(
                param(
                    "competencyCode",
                    "not_allowed",
                    "a development agreement on the knowledge level names no competency",
                )
            )
    return problems


@dataclass(frozen=True)
class WorkWeight:
    agreement_id: Any
    number: int
    weight: int | None


def weight_problems(
    weights: Sequence[tuple[Any, int]], work: Sequence[WorkWeight]
) -> list[dict[str, Any]]:
    """R4.2: custom weights name every active work agreement once, each a positive
    percentage, and add up to 100."""
    problems: list[dict[str, Any]] = []
    known = {w.agreement_id: w for w in work}
    seen: set[Any] = set()
    for i, (agreement_id, percent) in enumerate(weights):
        if agreement_id not in known:
            problems.append(
                param(
                    f"weights.{i}.agreementId",
                    "not_a_work_agreement",
                    "not an active work agreement of this cycle",
                    rule="R4.2",
                )
            )
        elif agreement_id in seen:
            problems.append(
                param(f"weights.{i}.agreementId", "duplicate", "weighted twice", rule="R4.2")
            )
        seen.add(agreement_id)
        if percent <= 0:
            problems.append(
                param(
                    f"weights.{i}.percent",
                    "not_positive",
                    "a weight is a positive percentage (R4.2)",
                    rule="R4.2",
                )
            )
    missing = [w.number for w in work if w.agreement_id not in seen]
    if missing:
        problems.append(
            param(
                "weights",
                "incomplete",
                "every active work agreement needs a weight; missing: "
                + ", ".join(f"#{n}" for n in missing)
                + " (R4.2)",
                rule="R4.2",
            )
        )
    total = sum(p for _, p in weights)
    if weights and total != 100:
        problems.append(
            param(
                "weights",
                "sum_not_100",
                f"the weights add up to {total}, not 100 (R4.2)",
                rule="R4.2",
            )
        )
    return problems


def effective_weights(weighting: str, work: Sequence[WorkWeight]) -> dict[Any, float | None]:
    """R4.2: every work agreement weighs equally unless the manager set weights."""
    if weighting == "equal":
        share = round(100 / len(work), 2) if work else None
        return {w.agreement_id: share for w in work}
    return {w.agreement_id: (float(w.weight) if w.weight is not None else None) for w in work}


def approval_blockers(
    *,
    has_competency_set: bool,
    weighting: str,
    work: Sequence[WorkWeight],
    outside_cycle: Sequence[int] = (),
) -> list[Refusal]:
    """What keeps the set from being approved, decided or held (R4.6): it needs the employee's
    competency set (R3.2), at least one work agreement (R4.1 a), with custom weights, weights
    that cover every work agreement and add up to 100 (R4.2), and due dates inside the cycle
    (R4.5; a re-planned cycle can leave one outside)."""
    blockers: list[Refusal] = []
    if not has_competency_set:
        blockers.append(Refusal("R3.2", "competency-set-missing", msg("competency-set-missing")))
    if not work:
        blockers.append(Refusal("R4.1", "no-work-agreement", msg("no-work-agreement")))
    if (
        weighting == "custom"
        and work  # without work agreements R4.1 says it all
        and (any(w.weight is None for w in work) or sum(w.weight or 0 for w in work) != 100)
    ):
        blockers.append(
            Refusal(
                "R4.2",
                "weights-incomplete",
                msg("weights-incomplete"),
            )
        )
    if outside_cycle:
        blockers.append(
            Refusal(
                "R4.5",
                "due-date-outside-cycle",
                msg(
                    "due-date-outside-cycle",
                    agreements=joined(f"#{n}" for n in outside_cycle),
                ),
            )
        )
    return blockers


def agreement_outcome(
    *, approvals: Iterable[Any], decisions: Iterable[Any], set_version: int
) -> str:
    """How the set stands at ``set_version`` in one talk: ``decided`` (by the manager, R4.7,
    R5.4), ``approved`` (by both, R4.6), ``approved-by-manager``, ``approved-by-employee`` or
    ``open``. Approvals of another version do not count: a change voids them."""
    if any(d.set_version == set_version for d in decisions):
        return "decided"
    parties = {a.party for a in approvals if a.set_version == set_version}
    if parties == {"manager", "employee"}:
        return "approved"
    if parties:
        return f"approved-by-{parties.pop()}"
    return "open"


def agreed(outcome: str) -> bool:
    """R4.6, R4.7: the talk can be held once the set is approved by both or decided."""
    return outcome in ("approved", "decided")


def set_actions(
    *,
    relation: str,
    writable: bool,
    outcome: str,
    blockers: Sequence[Refusal],
) -> list[str]:
    """What the caller may do with the agreement set now; after the cycle's end
    (``writable`` false) the set can still be agreed, not changed."""
    actions: list[str] = []
    ready = not blockers and outcome != "decided"
    if relation in MANAGING and writable:  # after the cycle: only agreeing is left (R4.1)
        actions += ["compose-competency-set", "add-agreement", "set-weights"]
    if relation in MANAGING:
        if ready and outcome not in ("approved", "approved-by-manager"):
            actions.append("approve")
        if ready and outcome != "approved":
            actions.append("decide")
    if relation == Relation.self and ready and outcome not in ("approved", "approved-by-employee"):
        actions.append("approve")
    if relation in MANAGING or relation == Relation.self:
        actions.append("add-contribution")
    return actions
