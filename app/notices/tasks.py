"""The open tasks, read from the database: for one person (the inbox), for the people under a
manager or an org unit, or for everyone (the reminder run). A handful of statements whatever
the number of tasks; what is due when comes from the pure rules."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.appraisals.rules import Facts, State
from app.authz import active_on
from app.clock.today import AMSTERDAM
from app.models.agreements import AgreementApproval, AgreementDecision, AgreementSet
from app.models.appraisals import (
    Appraisal,
    AppraisalSignature,
    InformantRequest,
    InformantSuggestion,
)
from app.models.cycles import Cycle, Talk, TalkRequest
from app.models.people import CoordinatorDelegation, Employee, ManagerAssignment, OrgUnit
from app.notices.rules import TALK_REQUEST_ANSWER_DAYS, Task, appraisal_steps
from app.states import CycleState, RequestStatus, SuggestionStatus, TalkStatus

Manager = aliased(Employee, name="manager")
Coordinator = aliased(Employee, name="coordinator")
AFTER_TALK = (State.held.value, State.objected.value, State.heard.value)


def _manager_of(today: date):
    """The personnel number of who manages the employee today: the delegated coordinator
    (T1.g) where there is one, else the manager."""
    coordinator = (
        select(Coordinator.personnel_number)
        .join(CoordinatorDelegation, CoordinatorDelegation.coordinator_id == Coordinator.id)
        .where(
            CoordinatorDelegation.employee_id == Employee.id,
            active_on(CoordinatorDelegation, today),
        )
        .limit(1)
        .scalar_subquery()
    )
    manager = (
        select(Manager.personnel_number)
        .join(ManagerAssignment, ManagerAssignment.manager_id == Manager.id)
        .where(ManagerAssignment.employee_id == Employee.id, active_on(ManagerAssignment, today))
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(coordinator, manager)


def _whose(today: date) -> tuple:
    """The columns every task needs about whose it is: cycle, employee, unit and manager."""
    return (
        Cycle.id.label("cycle_id"),
        Employee.personnel_number,
        Employee.name,
        OrgUnit.key.label("unit"),
        _manager_of(today).label("manager"),
    )


def _of_cycle(query: Any, cycle_id: Any) -> Any:
    """``query`` joined to the cycle ``cycle_id`` names, its employee and their unit."""
    return (
        query.join(Cycle, Cycle.id == cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
    )


def _active(today: date):
    return or_(Employee.leaving_date.is_(None), Employee.leaving_date > today)


async def open_tasks(
    session: AsyncSession, *, today: date, employees: Any = None, informant: str | None = None
) -> list[Task]:
    """Every open task about ``employees`` (a condition on Employee; None: everyone), and the
    informant requests addressed to ``informant``."""
    tasks = await _talk_tasks(session, today, employees)
    tasks += await _answers(session, today, employees, informant)
    return tasks


async def _talk_tasks(session: AsyncSession, today: date, employees: Any) -> list[Task]:
    query = (
        _of_cycle(
            select(
                Talk.id,
                Talk.kind,
                Talk.status,
                Talk.due_date,
                Talk.due_rule,
                Talk.starts_at,
                Talk.held_on,
                *_whose(today),
                Appraisal.id.label("appraisal_id"),
                Appraisal.state,
                Appraisal.content_version,
                Appraisal.shared_on,
                Appraisal.window_from,
                Appraisal.objections_on,
                Appraisal.hearing_on,
                AgreementSet.version.label("set_version"),
            ),
            Talk.cycle_id,
        )
        .outerjoin(Appraisal, Appraisal.talk_id == Talk.id)
        .outerjoin(AgreementSet, AgreementSet.cycle_id == Cycle.id)
        .where(
            Cycle.state == CycleState.active,
            _active(today),
            or_(
                Talk.status.in_([TalkStatus.open, TalkStatus.scheduled]),
                and_(Talk.kind == "appraisal", Appraisal.state.in_(AFTER_TALK)),
            ),
        )
    )
    if employees is not None:
        query = query.where(employees)
    rows = (await session.execute(query)).all()
    signatures = await _signatures(session, [r.appraisal_id for r in rows if r.appraisal_id])
    approvals = await _approvals(session, rows)
    tasks: list[Task] = []
    for row in rows:
        tasks += _of_talk(row, signatures, approvals, today)
    return _first_agreement_talk_only(tasks, rows)


def _first_agreement_talk_only(tasks: list[Task], rows: list[Any]) -> list[Task]:
    """The set is approved in the cycle's next agreement talk (planning, then progress):
    asking it for a later one as well would ask the same twice."""
    next_talk: dict[str, tuple[date, str]] = {}
    for row in rows:
        if row.kind in ("planning", "progress") and row.status != TalkStatus.held:
            key = (row.due_date, str(row.id))
            cycle = str(row.cycle_id)
            if cycle not in next_talk or key < next_talk[cycle]:
                next_talk[cycle] = key
    return [
        t
        for t in tasks
        if t.kind != "approve-agreements" or next_talk.get(t.cycle_id, (None, None))[1] == t.talk_id
    ]


def _task(row: Any, kind: str, role: str, due: date | None, rule: str) -> Task | None:
    actor = row.personnel_number if role == "employee" else row.manager
    if actor is None:
        return None
    return Task(
        kind=kind,
        actor=actor,
        role=role,
        employee=row.personnel_number,
        employee_name=row.name,
        org_unit=row.unit,
        due=due,
        rule=rule,
        talk_id=str(row.id),
        talk_kind=row.kind,
        cycle_id=str(row.cycle_id),
        link=f"/talks/{row.id}",
    )


def _of_talk(row: Any, signatures: dict, approvals: dict, today: date) -> list[Task]:
    found: list[Task | None] = []
    talk_day = row.starts_at.astimezone(AMSTERDAM).date() if row.starts_at else row.due_date
    if row.kind == "appraisal" and row.state in (*AFTER_TALK, State.draft.value, None):
        manager_signed, employee_signature = signatures.get(
            (row.appraisal_id, row.content_version), (False, None)
        )
        facts = Facts(
            shared_on=row.shared_on,
            held_on=row.held_on,
            manager_signed=manager_signed,
            employee_signature=employee_signature,
            objections_on=row.objections_on,
            hearing_on=row.hearing_on,
            window_from=row.window_from,
        )
        state = State(row.state or State.draft.value)
        for kind, role, due, rule in appraisal_steps(state, facts, talk_day=talk_day, today=today):
            found.append(_task(row, kind, role, due, rule))
    if row.status in (TalkStatus.open, TalkStatus.scheduled):
        # R2.6: the manager takes the initiative for every talk.
        found.append(_task(row, "hold-talk", "manager", row.due_date, row.due_rule))
        rule = {"planning": "R4.6", "progress": "R5.2"}.get(row.kind)
        if rule and row.set_version:
            given, decided = approvals.get((row.id, row.set_version), (set(), False))
            for role in ("employee", "manager"):
                if not decided and role not in given:
                    found.append(_task(row, "approve-agreements", role, row.due_date, rule))
    return [t for t in found if t is not None]


async def _signatures(session: AsyncSession, ids: list[uuid.UUID]) -> dict:
    """(appraisal, content version) → (the manager signed, the employee's kind)."""
    if not ids:
        return {}
    found: dict[tuple[uuid.UUID, int], tuple[bool, str | None]] = {}
    rows = await session.execute(
        select(
            AppraisalSignature.appraisal_id,
            AppraisalSignature.content_version,
            AppraisalSignature.party,
            AppraisalSignature.kind,
        )
        .where(AppraisalSignature.appraisal_id.in_(ids))
        .order_by(AppraisalSignature.signed_at)
    )
    for appraisal_id, version, party, kind in rows:
        manager, employee = found.get((appraisal_id, version), (False, None))
        if party == "manager":
            manager = True
        else:
            employee = kind
        found[(appraisal_id, version)] = (manager, employee)
    return found


async def _approvals(session: AsyncSession, rows: list[Any]) -> dict:
    """(talk, set version) → (the parties that approved it, whether the manager decided)."""
    talks = [r.id for r in rows if r.kind in ("planning", "progress") and r.set_version]
    if not talks:
        return {}
    found: dict[tuple[uuid.UUID, int], tuple[set[str], bool]] = {}
    for talk_id, version, party in await session.execute(
        select(
            AgreementApproval.talk_id, AgreementApproval.set_version, AgreementApproval.party
        ).where(AgreementApproval.talk_id.in_(talks))
    ):
        found.setdefault((talk_id, version), (set(), False))[0].add(party)
    for talk_id, version in await session.execute(
        select(AgreementDecision.talk_id, AgreementDecision.set_version).where(
            AgreementDecision.talk_id.in_(talks)
        )
    ):
        parties = found.get((talk_id, version), (set(), False))[0]
        found[(talk_id, version)] = (parties, True)
    return found


async def _answers(
    session: AsyncSession, today: date, employees: Any, informant: str | None
) -> list[Task]:
    """Informant requests (R6.10), suggestions (R6.10) and talk requests (R2.5) unanswered."""
    base = _of_cycle(
        select(Talk.id, Talk.kind, Talk.due_date, Talk.starts_at, *_whose(today)), Talk.cycle_id
    ).where(Cycle.state == CycleState.active, _active(today))
    tasks: list[Task | None] = []
    open_suggestion = exists().where(
        InformantSuggestion.talk_id == Talk.id,
        InformantSuggestion.status == SuggestionStatus.open,
    )
    query = base.where(open_suggestion, Talk.status.in_([TalkStatus.open, TalkStatus.scheduled]))
    if employees is not None:
        query = query.where(employees)
    for row in await session.execute(query):
        tasks.append(_task(row, "answer-suggestion", "manager", row.due_date, "R6.10"))
    Informant = aliased(Employee, name="informant")
    query = (
        base.add_columns(Informant.personnel_number.label("informant"))
        .join(InformantRequest, InformantRequest.talk_id == Talk.id)
        .join(Informant, Informant.id == InformantRequest.informant_id)
        .where(
            InformantRequest.answer.is_(None),
            Talk.status.in_([TalkStatus.open, TalkStatus.scheduled]),
        )
    )
    if informant is not None or employees is not None:
        query = query.where(
            or_(
                Informant.personnel_number == informant,
                employees if employees is not None else False,
            )
        )
    for row in await session.execute(query):
        # The informant acts, whether or not the employee has a manager today.
        tasks.append(
            Task(
                kind="answer-informant-request",
                actor=row.informant,
                role="informant",
                employee=row.personnel_number,
                employee_name=row.name,
                org_unit=row.unit,
                due=row.due_date,
                rule="R6.10",
                talk_id=str(row.id),
                talk_kind=row.kind,
                cycle_id=str(row.cycle_id),
                link=f"/talks/{row.id}",
            )
        )
    request = _of_cycle(
        select(
            TalkRequest.id.label("request_id"),
            TalkRequest.kind,
            TalkRequest.requested_at,
            *_whose(today),
        ),
        TalkRequest.cycle_id,
    ).where(TalkRequest.status == RequestStatus.open, Cycle.state == CycleState.active)
    if employees is not None:
        request = request.where(employees)
    for row in await session.execute(request):
        if row.manager is not None:
            tasks.append(
                Task(
                    kind="answer-talk-request",
                    actor=row.manager,
                    role="manager",
                    employee=row.personnel_number,
                    employee_name=row.name,
                    org_unit=row.unit,
                    due=row.requested_at.astimezone(AMSTERDAM).date()
                    + timedelta(TALK_REQUEST_ANSWER_DAYS),
                    rule="R2.5",
                    ref=str(row.request_id),
                    talk_id=None,
                    talk_kind=row.kind,
                    cycle_id=str(row.cycle_id),
                    link=f"/cycles/{row.cycle_id}",
                )
            )
    return [t for t in tasks if t is not None]
