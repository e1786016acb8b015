"""The demo's agreements (Articles 3–5), at different stages:

* E0001 — planning talk held with a complete set approved by both (custom weights 60/40, a
  development, a career agreement, a condition, topics and views); the progress talk is being
  prepared: one agreement adjusted (its second version), nothing approved yet.
* E0002 — planning talk prepared, approved by the manager, waiting for the employee.
* E0019 — they disagreed: the manager decided (R4.7), the employee's view on record; held.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import approvals, competencies, service
from app.agreements.context import read_context
from app.agreements.schemas import AgreementChangeIn, AgreementIn
from app.auth import Actor, Role
from app.cycles import talks
from app.models.cycles import Cycle, Talk
from app.models.people import Employee, FunctionProfile
from app.states import CycleState

_AGREEMENT = TypeAdapter(AgreementIn)
# A main task of the guide's sample function profile P22 (R4.1 a).
MAIN_TASK = (
    "opstellen en nader onderbouwen van beleidsstukken c.q. rapportages vanuit het "
    "specialisme op het werkterrein;"
)
_CHANGE = TypeAdapter(AgreementChangeIn)


def _person(number: str, role: Role) -> Actor:
    return Actor(kind="person", subject=number, roles=frozenset({role}))


async def current_cycle(session: AsyncSession, number: str, today: date) -> Cycle | None:
    """The employee's cycle running today."""
    return await session.scalar(
        select(Cycle)
        .join(Employee, Employee.id == Cycle.employee_id)
        .where(
            Employee.personnel_number == number,
            Cycle.state == CycleState.active,
            Cycle.start_date <= today,
            Cycle.end_date >= today,
        )
    )


async def _talk(session: AsyncSession, cycle: Cycle, kind: str) -> Talk:
    return await session.scalar(
        select(Talk).where(Talk.cycle_id == cycle.id, Talk.kind == kind).order_by(Talk.sequence)
    )


def _as(session: AsyncSession, actor: Actor) -> Actor:
    session.info["actor"] = actor
    return actor


async def main_task_of(session: AsyncSession, cycle: Cycle) -> dict[str, str]:
    """R4.1 a: a work agreement names the main task of the cycle's function profile it comes
    from, when the profile has main tasks: here the first."""
    tasks = await session.scalar(
        select(FunctionProfile.main_tasks).where(FunctionProfile.id == cycle.function_profile_id)
    )
    return {"mainTask": tasks[0]} if tasks else {}


async def _prepare(
    session: AsyncSession,
    manager: Actor,
    cycle: Cycle,
    today: date,
    items: list[dict[str, Any]],
    chosen: tuple[str, ...] = ("analyseren",),
) -> list[Any]:
    _as(session, manager)
    await competencies.compose(
        session,
        actor=manager,
        today=today,
        cycle_id=cycle.id,
        chosen=list(chosen),
        crucial=["integriteit"],
        precondition=lambda _seen: None,
    )
    made = []
    task = await main_task_of(session, cycle)
    for item in items:
        version, _ = await service.create_agreement(
            session,
            actor=manager,
            today=today,
            cycle_id=cycle.id,
            body=_AGREEMENT.validate_python({**task, **item} if item["kind"] == "work" else item),
        )
        made.append(version)
    return made


async def _version(session: AsyncSession, cycle: Cycle) -> int:
    context = await read_context(
        session, actor=_person("H0001", Role.hr), today=cycle.start_date, cycle_id=cycle.id
    )
    return context.version


async def agreement_activity(session: AsyncSession, *, today: date) -> int:
    """Agreements at different stages (see the module's docstring); returns the steps taken."""
    steps = 0
    manager = _person("T0001", Role.manager)
    cycle = await current_cycle(session, "E0001", today)
    if cycle is not None and today > cycle.start_date + timedelta(days=60):
        due = cycle.end_date - timedelta(days=60)
        work, _work2, *_ = await _prepare(
            session,
            manager,
            cycle,
            today,
            [
                {
                    "kind": "work",
                    "description": "Jeugdbeleidsplan 2027 opgesteld",
                    "measure": "Door het college vastgesteld",
                    "dueDate": due.isoformat(),
                    "mainTask": MAIN_TASK,
                },
                {
                    "kind": "work",
                    "description": "Evaluatie jeugdhulp uitgevoerd",
                    "measure": "Rapport besproken in de raadscommissie",
                    "dueDate": due.isoformat(),
                },
                {
                    "kind": "development",
                    "description": "Sterker in het analyseren van cijfers",
                    "subject": "competency",
                    "competencyCode": "analyseren",
                    "method": "training",
                    "methodDetail": "Cursus data-analyse voor beleid",
                    "dueDate": (cycle.start_date + timedelta(days=300)).isoformat(),
                },
                {
                    "kind": "career",
                    "description": "Verkennen van een rol als projectleider",
                    "careerType": "career-step",
                },
                {"kind": "condition", "description": "Toegang tot de cijfers van het CBS"},
            ],
        )
        others = await service.current_agreements(session, cycle.id)
        work_ids = [a.version.agreement_id for a in others if a.version.kind == "work"]
        await service.set_weights(
            session,
            actor=manager,
            today=today,
            cycle_id=cycle.id,
            weighting="custom",
            weights=list(zip(work_ids, (60, 40), strict=True)),
            precondition=_no_check,
        )
        planning = await _talk(session, cycle, "planning")
        employee = _as(session, _person("E0001", Role.employee))
        await approvals.contribute(
            session,
            actor=employee,
            today=today,
            talk_id=planning.id,
            kind="topic",
            text="Ik wil graag meer met data werken.",
            agreement_id=None,
        )
        version = await _version(session, cycle)
        for actor in (manager, employee):
            _as(session, actor)
            await approvals.approve(
                session,
                actor=actor,
                today=today,
                talk_id=planning.id,
                set_version=version,
                party=None,
            )
        _as(session, manager)
        await talks.record_held(
            session,
            actor=manager,
            today=today,
            talk_id=planning.id,
            held_on=min(today, cycle.start_date + timedelta(days=45)),
            attendee_ids=[],
        )
        # The progress talk is being prepared: the first work agreement is adjusted.
        change = {
            "kind": "work",
            "description": "Jeugdbeleidsplan 2027 opgesteld, inclusief preventie",
            "measure": "Door het college vastgesteld",
            "dueDate": due.isoformat(),
            "mainTask": MAIN_TASK,
            "change": "supplemented",
            "reason": "Preventie is toegevoegd aan de opdracht.",
        }
        await service.change_agreement(
            session,
            actor=manager,
            today=today,
            cycle_id=cycle.id,
            agreement_id=work.agreement_id,
            body=_CHANGE.validate_python(change),
            precondition=lambda _v, _n: None,
        )
        steps += 1
    steps += await _waiting_for_employee(session, manager, today)
    steps += await _decided(session, manager, today)
    return steps


async def _no_check(_context: Any) -> None:
    return None


async def _waiting_for_employee(session: AsyncSession, manager: Actor, today: date) -> int:
    cycle = await current_cycle(session, "E0002", today)
    if cycle is None:
        return 0
    await _prepare(
        session,
        manager,
        cycle,
        today,
        [
            {
                "kind": "work",
                "description": "Adviezen over de aanbesteding jeugdzorg",
                "measure": "Binnen vier weken na de vraag geleverd",
                "dueDate": (cycle.end_date - timedelta(days=30)).isoformat(),
            }
        ],
        chosen=(),
    )
    planning = await _talk(session, cycle, "planning")
    _as(session, manager)
    await approvals.approve(
        session,
        actor=manager,
        today=today,
        talk_id=planning.id,
        set_version=await _version(session, cycle),
        party="manager",
    )
    return 1


async def _decided(session: AsyncSession, manager: Actor, today: date) -> int:
    cycle = await current_cycle(session, "E0019", today)
    if cycle is None or today <= cycle.start_date + timedelta(days=60):
        return 0
    await _prepare(
        session,
        manager,
        cycle,
        today,
        [
            {
                "kind": "work",
                "description": "Twintig dossiers per maand afgehandeld",
                "measure": "Maandrapportage van het zaaksysteem",
                "dueDate": (cycle.end_date - timedelta(days=30)).isoformat(),
            }
        ],
    )
    planning = await _talk(session, cycle, "planning")
    employee = _as(session, _person("E0019", Role.employee))
    await approvals.contribute(
        session,
        actor=employee,
        today=today,
        talk_id=planning.id,
        kind="view",
        text="Twintig dossiers per maand is niet haalbaar naast de wachtlijst.",
        agreement_id=None,
    )
    _as(session, manager)
    await approvals.decide(
        session,
        actor=manager,
        today=today,
        talk_id=planning.id,
        set_version=await _version(session, cycle),
        reason="De norm geldt voor het hele team; de wachtlijst wordt apart aangepakt.",
        employee_view=None,
    )
    await talks.record_held(
        session,
        actor=manager,
        today=today,
        talk_id=planning.id,
        held_on=min(today, cycle.start_date + timedelta(days=50)),
        attendee_ids=[],
    )
    return 1
