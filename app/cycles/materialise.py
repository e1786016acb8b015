"""From the engine's plans to stored cycles and talks, and keeping them in step with the people.

Cycles are stored when HR opens a period (every active employee's planned cycles that overlap
it), when an employee arrives through the sync (their current cycle, and those of the periods
already opened), and re-planned whenever a sync or an R2.2 decision changes what the engine
plans. Stored cycles are matched to plans by their start date:

* a plan with the same start updates the stored cycle (end date, kind, end reason) and its
  required talks (due dates of talks not yet held; talks no longer required are cancelled,
  never deleted; a talk already held keeps everything);
* a stored active cycle without a plan is superseded (its records stay);
* completed cycles are history and never change.

Writes are bulk Core statements (``app.bulk``: unnest, or COPY for large batches) with one
audit event per change, a handful of statements per call; an opening calls ``open_period`` once
per chunk of employees in id order (``after``, ``limit``; ``app.cycles.service.open_period``).
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.bulk import insert_all
from app.config import SchedulingConfig
from app.cycles import events
from app.cycles.schedule import CycleDecision as PlannedDecision
from app.cycles.schedule import (
    CyclePlan,
    EndReason,
    Situation,
    TalkKind,
    TalkPlan,
    period_grid,
    plan_cycles,
)
from app.events.outbox import emit_rows
from app.ids import new_id
from app.models.agreements import AgreementSet
from app.models.audit import AuditEvent
from app.models.auditing import plain
from app.models.cycles import Cycle, CycleDecision, OpeningJob, PeriodOpening, Talk
from app.models.people import Employee
from app.models.reference import GuideAdoption, GuideVersion
from app.states import CycleState, TalkStatus

LEFT = "the employee left"
NOT_REQUIRED = "no longer required by the cycle's plan"
SUPERSEDED = "the cycle was replaced by a new plan"


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    superseded: int = 0
    cycles: list[dict[str, Any]] = field(default_factory=list)
    talks: list[dict[str, Any]] = field(default_factory=list)
    cycle_updates: list[dict[str, Any]] = field(default_factory=list)
    talk_updates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[uuid.UUID, str] = field(default_factory=dict)
    """Personnel numbers by employee id, for the domain events."""
    last_id: uuid.UUID | None = None
    """The last employee planned, in id order (the keyset of a chunked opening)."""


def any_ids(ids: list[uuid.UUID]):
    """``= ANY(:ids)`` with one array parameter: tens of thousands of ids stay one parameter
    (an IN list would pass each as its own, and asyncpg allows at most 32,767)."""
    return any_(bindparam(None, ids, type_=ARRAY(Uuid)))


def active_on(day: date) -> ColumnElement[bool]:
    return or_(Employee.leaving_date.is_(None), Employee.leaving_date > day)


async def latest_opened_end(session: AsyncSession) -> date | None:
    """The end of the last period opened, or being opened: an employee who arrives while an
    opening runs in chunks gets that period's cycles from the sync (the opening's later chunks
    then find them stored)."""
    return await session.scalar(
        select(
            func.greatest(
                select(func.max(PeriodOpening.end_date)).scalar_subquery(),
                select(func.max(OpeningJob.end_date))
                .where(OpeningJob.state == "running")
                .scalar_subquery(),
            )
        )
    )


async def _situations(
    session: AsyncSession, where: ColumnElement[bool], limit: int | None = None
) -> list[tuple[Any, Situation]]:
    employees = (
        await session.execute(
            select(
                Employee.id,
                Employee.personnel_number,
                Employee.function_profile_id,
                Employee.entry_date,
                Employee.probation,
                Employee.probation_decision_date,
                Employee.in_function_scale,
                Employee.function_scale_date,
                Employee.leaving_date,
            )
            .where(where)
            .order_by(Employee.id)
            .limit(limit)
        )
    ).all()
    decisions: dict[uuid.UUID, list[PlannedDecision]] = {}
    ids = [e.id for e in employees]
    if ids:
        rows = await session.execute(
            select(CycleDecision.employee_id, CycleDecision.from_year, CycleDecision.one_year)
            .where(CycleDecision.employee_id == any_ids(ids))
            .order_by(CycleDecision.decided_at, CycleDecision.id)
        )
        for row in rows:
            decisions.setdefault(row.employee_id, []).append(
                PlannedDecision(row.from_year, row.one_year)
            )
    return [
        (
            e,
            Situation(
                entry_date=e.entry_date,
                probation=e.probation,
                probation_decision_date=e.probation_decision_date,
                in_function_scale=e.in_function_scale,
                function_scale_date=e.function_scale_date,
                leaving_date=e.leaving_date,
                decisions=tuple(decisions.get(e.id, ())),
            ),
        )
        for e in employees
    ]


async def _guide_versions(session: AsyncSession) -> list[tuple[date, str]]:
    """The adopted guide versions by effective date: a draft is never in force (R3.5)."""
    rows = await session.execute(
        select(GuideVersion.effective_date, GuideVersion.id)
        .join(GuideAdoption)
        .order_by(GuideVersion.effective_date)
    )
    return [(r.effective_date, r.id) for r in rows]


def _guide_for(versions: Sequence[tuple[date, str]], day: date) -> str | None:
    """R3.5: the guide version in force when the cycle starts (the first one before any)."""
    chosen = versions[0][1] if versions else None
    for effective, version in versions:
        if effective <= day:
            chosen = version
    return chosen


async def sync_employees(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    employee_ids: Iterable[uuid.UUID],
) -> Changes:
    """Re-plan these employees' cycles after a change (sync, R2.2 decision) and store their
    current cycle, and those of the opened periods, where they are missing."""
    ids = list(employee_ids)
    if not ids:
        return Changes()
    opened_end = await latest_opened_end(session)

    def window(s: Situation) -> tuple[date, date]:
        # From today (or the entry date) to the end of today's period, or of the last period
        # HR opened: every employee always has the cycle they are in and the ones that follow
        # within the period.
        start = max(s.entry_date, today)
        return start, max(period_grid(config).containing(start).end, opened_end or start)

    return await _materialise(
        session,
        actor=actor,
        config=config,
        where=Employee.id == any_ids(ids),
        window=window,
        today=today,
    )


async def open_period(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    start: date,
    end: date,
    after: uuid.UUID | None = None,
    limit: int | None = None,
) -> Changes:
    """T2.1: every employee active in the period (and today) gets the cycles planned for it;
    with ``after`` and ``limit``, only the next ``limit`` of them in id order after ``after``
    (one chunk of a resumable opening; ``Changes.last_id`` is where the next one starts)."""

    def window(s: Situation) -> tuple[date, date]:
        return max(start, s.entry_date), end

    where = and_(Employee.entry_date <= end, active_on(start), active_on(today))
    if after is not None:
        where = and_(where, Employee.id > after)
    return await _materialise(
        session,
        actor=actor,
        config=config,
        where=where,
        window=window,
        today=today,
        stored_from=start,
        limit=limit,
    )


async def _materialise(
    session: AsyncSession,
    *,
    actor: Actor,
    config: SchedulingConfig,
    where: ColumnElement[bool],
    window,
    today: date,
    stored_from: date | None = None,
    limit: int | None = None,
) -> Changes:
    """``stored_from``: only stored cycles that end on or after it are re-planned (an opening
    needs no look at cycles that ended before its period)."""
    people = await _situations(session, where, limit)
    if not people:
        return Changes()
    ids = [e.id for e, _ in people]
    # Plain rows, not ORM objects: the bulk writes below would leave those stale in the session.
    table = Cycle.__table__
    query = select(table).where(table.c.employee_id == any_ids(ids))
    existing: set[tuple[uuid.UUID, date]] | None = None
    if stored_from is not None:
        query = query.where(table.c.end_date >= stored_from)
        # Every stored start all the same: a cycle is never created twice (unique key).
        existing = set(
            (
                await session.execute(
                    select(table.c.employee_id, table.c.start_date).where(
                        table.c.employee_id == any_ids(ids)
                    )
                )
            ).all()
        )
    # Locked (in id order, as every talk writer locks its cycle first): no talk changes under
    # the re-planning, and the next-due trigger never works from a stale snapshot.
    stored = await session.execute(query.order_by(table.c.id).with_for_update(key_share=True))
    stored_cycles: dict[uuid.UUID, dict[date, Any]] = {}
    for cycle in stored:
        stored_cycles.setdefault(cycle.employee_id, {})[cycle.start_date] = cycle
    talks: dict[uuid.UUID, list[Any]] = {}
    cycle_ids = [c.id for by_start in stored_cycles.values() for c in by_start.values()]
    if cycle_ids:
        for talk in await session.execute(
            select(Talk.__table__).where(Talk.__table__.c.cycle_id == any_ids(cycle_ids))
        ):
            talks.setdefault(talk.cycle_id, []).append(talk)
    versions = await _guide_versions(session)
    changes = Changes(numbers={e.id: e.personnel_number for e, _ in people}, last_id=ids[-1])
    # Plain computation on tens of thousands of small objects, without an await: the cyclic
    # garbage collector only slows it down (it ran for seconds in the 10,000-employee opening).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _plan_all(changes, people, stored_cycles, talks, versions, window, config, existing)
    finally:
        if collecting:
            gc.enable()
    await _write(session, actor, changes)
    return changes


def _plan_all(changes, people, stored_cycles, talks, versions, window, config, existing) -> None:
    for employee, situation in people:
        start, end = window(situation)
        mine = stored_cycles.get(employee.id, {})
        starts = [c.start_date for c in mine.values()]
        horizon = max([end, *starts])
        since = min([start, *starts])
        plans = {
            p.start_date: p
            for p in plan_cycles(situation, until=horizon, config=config, since=since)
        }
        for cycle in mine.values():
            plan = plans.get(cycle.start_date)
            if cycle.state == CycleState.completed and (plan is None or _same_shape(cycle, plan)):
                continue  # history; reopened only when a correction changes its shape
            if plan is None:
                if cycle.state == CycleState.active:
                    _supersede(changes, cycle, talks.get(cycle.id, []))
            else:
                _update(changes, cycle, plan, talks.get(cycle.id, []))
        for plan in plans.values():
            overlaps = plan.start_date <= end and plan.end_date >= start
            known = (
                plan.start_date in mine
                if existing is None
                else (employee.id, plan.start_date) in existing
            )
            if overlaps and not known:
                _create(changes, employee, plan, _guide_for(versions, plan.start_date))


def _talk_row(cycle_id: uuid.UUID, plan: TalkPlan) -> dict[str, Any]:
    return {
        "id": new_id(),
        "cycle_id": cycle_id,
        "kind": plan.kind.value,
        "sequence": plan.sequence,
        "origin": "cycle",
        "reason": None,
        "due_date": plan.due_date,
        "window_start": plan.window_start,
        "due_rule": plan.rule,
        "status": TalkStatus.open,
    }


def _create(changes: Changes, employee: Any, plan: CyclePlan, guide: str | None) -> None:
    row = {
        "id": new_id(),
        "employee_id": employee.id,
        "kind": plan.kind.value,
        "rule": plan.rule,
        "start_date": plan.start_date,
        "end_date": plan.end_date,
        "end_reason": plan.end_reason.value if plan.end_reason else None,
        "state": CycleState.active,
        "guide_version_id": guide,
        "function_profile_id": employee.function_profile_id,
    }
    talk_rows = [_talk_row(row["id"], t) for t in plan.talks]
    # Set here so that the talk trigger finds nothing to change on a new cycle.
    row["next_due_date"] = min(
        (t["due_date"] for t in talk_rows if t["status"] == TalkStatus.open), default=None
    )
    changes.cycles.append(row)
    changes.talks.extend(talk_rows)
    changes.created += 1
    # Dates and ids are turned into text when the events are written (``app.bulk.insert_all``).
    after = {**row, "talks": [{k: v for k, v in t.items() if k != "cycle_id"} for t in talk_rows]}
    changes.events.append(_event("create", "cycle", row["id"], None, after))


def _cancel(changes: Changes, talk: Any, reason: str) -> None:
    if talk.status in (TalkStatus.held, TalkStatus.cancelled):
        return
    changes.talk_updates.append(
        {
            "talk_id": talk.id,
            "due_date": talk.due_date,
            "window_start": talk.window_start,
            "due_rule": talk.due_rule,
            "status": TalkStatus.cancelled,
            "cancelled_reason": reason,
        }
    )
    changes.events.append(
        _event(
            "update",
            "talk",
            talk.id,
            {"status": talk.status},
            {"status": TalkStatus.cancelled, "cancelledReason": reason},
        )
    )


def _supersede(changes: Changes, cycle: Any, talks: list[Any]) -> None:
    changes.cycle_updates.append(
        {
            "cycle_id": cycle.id,
            "employee_id": cycle.employee_id,  # for the event (not written)
            "kind": cycle.kind,
            "rule": cycle.rule,
            "end_date": cycle.end_date,
            "end_reason": cycle.end_reason,
            "state": CycleState.superseded,
        }
    )
    changes.events.append(
        _event(
            "update", "cycle", cycle.id, {"state": cycle.state}, {"state": CycleState.superseded}
        )
    )
    changes.superseded += 1
    for talk in talks:
        _cancel(changes, talk, SUPERSEDED)


def _shape(plan: CyclePlan) -> dict[str, Any]:
    return {
        "kind": plan.kind.value,
        "rule": plan.rule,
        "end_date": plan.end_date,
        "end_reason": plan.end_reason.value if plan.end_reason else None,
    }


def _same_shape(cycle: Any, plan: CyclePlan) -> bool:
    return all(getattr(cycle, k) == v for k, v in _shape(plan).items())


def _update(changes: Changes, cycle: Any, plan: CyclePlan, talks: list[Any]) -> None:
    end_reason = plan.end_reason.value if plan.end_reason else None
    same = (cycle.kind, cycle.rule, cycle.end_date, cycle.end_reason, cycle.state) == (
        plan.kind.value,
        plan.rule,
        plan.end_date,
        end_reason,
        CycleState.active,
    )
    if not same:
        wanted = {**_shape(plan), "state": CycleState.active}
        current = {k: getattr(cycle, k) for k in wanted}
        changes.cycle_updates.append(
            {"cycle_id": cycle.id, "employee_id": cycle.employee_id, **wanted}
        )
        changes.events.append(
            _event(
                "update",
                "cycle",
                cycle.id,
                {k: plain(v) for k, v in current.items()},
                {k: plain(v) for k, v in wanted.items()},
            )
        )
        changes.updated += 1
    required = {(t.kind.value, t.sequence): t for t in plan.talks}
    left = plan.end_reason is EndReason.leaving
    for talk in talks:
        key = (talk.kind, talk.sequence)
        talk_plan = required.pop(key, None) if talk.origin == "cycle" else None
        if left and talk.due_date > plan.end_date:
            # Due after the leaving date: no longer held. Talks due before it stay open, so
            # that one held before leaving can still be recorded (late, never refused).
            _cancel(changes, talk, LEFT)
        elif talk.origin == "cycle" and talk_plan is None:
            _cancel(changes, talk, NOT_REQUIRED)
        elif talk_plan is not None and talk.status != TalkStatus.held:
            _replan(changes, talk, talk_plan)
        elif talk.origin != "cycle" and talk.cancelled_reason == LEFT:
            # An extra talk cancelled by a leaving date that was taken back or moved later.
            _replan(
                changes,
                talk,
                TalkPlan(TalkKind(talk.kind), talk.due_date, talk.due_rule, talk.sequence),
                keep_window=True,
            )
    for talk_plan in required.values():
        row = _talk_row(cycle.id, talk_plan)
        changes.talks.append(row)
        changes.events.append(
            _event("create", "talk", row["id"], None, {k: plain(v) for k, v in row.items()})
        )


def _replan(changes: Changes, talk: Any, plan: TalkPlan, *, keep_window: bool = False) -> None:
    reopen = talk.status == TalkStatus.cancelled and talk.cancelled_reason in (
        NOT_REQUIRED,
        SUPERSEDED,
        LEFT,
    )
    status = TalkStatus.open if reopen else talk.status
    window_start = talk.window_start if keep_window else plan.window_start
    reason = None if reopen else talk.cancelled_reason
    # Compared as tuples first: an opening re-plans every stored talk, nearly all unchanged.
    if (talk.due_date, talk.window_start, talk.due_rule, talk.status, talk.cancelled_reason) == (
        plan.due_date,
        window_start,
        plan.rule,
        status,
        reason,
    ):
        return
    wanted = {
        "due_date": plan.due_date,
        "window_start": window_start,
        "due_rule": plan.rule,
        "status": status,
        "cancelled_reason": reason,
    }
    current = {k: getattr(talk, k) for k in wanted}
    changes.talk_updates.append({"talk_id": talk.id, **wanted})
    changes.events.append(
        _event(
            "update",
            "talk",
            talk.id,
            {k: plain(v) for k, v in current.items()},
            {k: plain(v) for k, v in wanted.items()},
        )
    )


def _event(
    action: str, kind: str, key: uuid.UUID, before: dict | None, after: dict | None
) -> dict[str, Any]:
    return {
        "action": action,
        "resource_type": kind,
        "resource_id": str(key),
        "before": before,
        "after": after,
    }


def _unnest_update(key: str, rows: list[dict[str, Any]], columns: dict[str, Any]):
    """One UPDATE … FROM unnest(arrays) for all rows: one statement (and one firing of the
    statement-level triggers) where an executemany would run one statement per row."""
    names = [key, *columns]
    types = {key: Uuid(), **columns}
    return (
        func.unnest(*[bindparam(None, [r[n] for r in rows], type_=ARRAY(types[n])) for n in names])
        .table_valued(*names)
        .render_derived(name="v", with_types=False)
    )


def _domain_events(changes: Changes) -> list[dict[str, Any]]:
    """cycle.created, cycle.changed and cycle.ended (superseded) of a re-planning."""
    found = [
        events.cycle(
            "cycle.created",
            row["id"],
            number=changes.numbers.get(row["employee_id"]),
            kind=row["kind"],
            state=row["state"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            rule=row["rule"],
        )
        for row in changes.cycles
    ]
    for update_ in changes.cycle_updates:
        ended = update_["state"] == CycleState.superseded
        found.append(
            events.cycle(
                "cycle.ended" if ended else "cycle.changed",
                update_["cycle_id"],
                number=changes.numbers.get(update_.get("employee_id")),
                kind=update_["kind"],
                state=update_["state"],
                end_date=update_["end_date"],
                endReason=update_["end_reason"],
            )
        )
    return found


async def _write(session: AsyncSession, actor: Actor, changes: Changes) -> None:
    await emit_rows(session, _domain_events(changes))
    if changes.cycles:
        await insert_all(session, Cycle.__table__, changes.cycles)
    if changes.cycle_updates:
        table = Cycle.__table__
        v = _unnest_update(
            "cycle_id",
            changes.cycle_updates,
            {
                "kind": String(),
                "rule": String(),
                "end_date": Date(),
                "end_reason": String(),
                "state": String(),
            },
        )
        await session.execute(
            update(table)
            .where(table.c.id == v.c.cycle_id)
            .values(
                kind=v.c.kind,
                rule=v.c.rule,
                end_date=v.c.end_date,
                end_reason=v.c.end_reason,
                state=v.c.state,
                updated_at=func.now(),
            )
        )
        # R4.6: a re-planned cycle (new end, kind or state) is a change to what was agreed
        # for it: approvals given before no longer count (held talks keep theirs).
        sets = AgreementSet.__table__
        await session.execute(
            update(sets)
            .where(sets.c.cycle_id == any_ids([u["cycle_id"] for u in changes.cycle_updates]))
            .values(version=sets.c.version + 1, updated_at=func.now())
        )
    if changes.talks:
        await insert_all(session, Talk.__table__, changes.talks, same={"cancelled_reason": None})
    if changes.talk_updates:
        table = Talk.__table__
        v = _unnest_update(
            "talk_id",
            changes.talk_updates,
            {
                "due_date": Date(),
                "window_start": Date(),
                "due_rule": String(),
                "status": String(),
                "cancelled_reason": Text(),
            },
        )
        await session.execute(
            update(table)
            .where(table.c.id == v.c.talk_id)
            .values(
                due_date=v.c.due_date,
                window_start=v.c.window_start,
                due_rule=v.c.due_rule,
                status=v.c.status,
                cancelled_reason=v.c.cancelled_reason,
                version=table.c.version + 1,
                updated_at=func.now(),
            )
        )
    if changes.events:
        who = {
            "actor_type": actor.kind,
            "actor_id": actor.subject,
            "on_behalf_of": actor.on_behalf_of,
            "request_id": session.info.get("request_id"),
        }
        await insert_all(
            session, AuditEvent.__table__, changes.events, json=("before", "after"), same=who
        )
