"""The demo's appraisals (Article 6), one in every state of the procedure, and a probation
employee through both appraisals (R2.3, R6.2). Each starts from a planning talk agreed and
held; the steps are dated in the past, so that the R6.3 week and the R6.11 window lie behind:

* E0019 — draft (rated, not shared: invisible to the employee);
* E0022 — shared today: the talk follows in a week;
* E0011 — held: the manager signed, the employee not yet;
* E0012 — objections submitted; the hearing is due;
* E0013 — the hearing held; the manager must respond and finalise;
* E0016 — finalised in agreement, with an extra reward (R6.9);
* E0004 — probation: both appraisals finalised;
* E0009 — objections met in part: changed, and what was not explained (R6.12);
* E0015 — finalised, then a formal objection partly upheld: a superseding appraisal is drafted
  (bezwaar en beroep, R6.12);
* E0024 — to be placed in the function scale on 1 January 2027: the entry-scale cycle cut short
  ends with its appraisal, due on its last day (R6.1); its planning talk is agreed and held.

Development agreements are evaluated in words in the appraisal (Art. 6.4 b) and show in the
personal development plan (T4.1) with their evaluations.

And, for the reports (issue 8), more finalised appraisals with other ratings, one after
objections answered with an explanation, and development agreements (a competency, the
knowledge level): E0007, E0015, E0017, E0018, E0020, E0023.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import approvals, competencies, service
from app.agreements.context import read_context
from app.agreements.schemas import AgreementIn
from app.appraisals import appeals, procedure
from app.appraisals import service as appraisals
from app.appraisals.schemas import RatingsIn
from app.auth import Actor, Role
from app.cycles import talks
from app.demo.agreements import current_cycle, main_task_of
from app.models.appraisals import AppealDecision, Appraisal
from app.models.cycles import Cycle, Talk
from app.models.people import Employee

_AGREEMENT = TypeAdapter(AgreementIn)


def _as(session: AsyncSession, number: str, role: Role) -> Actor:
    actor = Actor(kind="person", subject=number, roles=frozenset({role}))
    session.info["actor"] = actor
    return actor


async def _talks(session: AsyncSession, cycle: Cycle, kind: str) -> list[Talk]:
    query = select(Talk).where(Talk.cycle_id == cycle.id, Talk.kind == kind)
    return list(await session.scalars(query.order_by(Talk.sequence)))


DEVELOPMENT = {  # what some of them develop (R4.1): a competency of the set, or the knowledge
    "E0007": {"subject": "competency", "competencyCode": "integriteit"},
    "E0017": {"subject": "competency", "competencyCode": "integriteit"},
    "E0018": {"subject": "knowledge"},
    "E0023": {"subject": "competency", "competencyCode": "integriteit"},
}


async def _agreed(session: AsyncSession, manager: str, number: str, cycle: Cycle, held_on: date):
    """The planning talk agreed by both (the competency set, one work agreement, and for some
    a development agreement) and held."""
    boss = _as(session, manager, Role.manager)
    today = held_on
    await competencies.compose(
        session,
        actor=boss,
        today=today,
        cycle_id=cycle.id,
        chosen=[],
        crucial=["integriteit"],
        precondition=lambda _seen: None,
    )
    await service.create_agreement(
        session,
        actor=boss,
        today=today,
        cycle_id=cycle.id,
        body=_AGREEMENT.validate_python(
            {
                "kind": "work",
                "description": "De vaste werkzaamheden volgens planning uitgevoerd",
                "measure": "Maandrapportage zonder achterstanden",
                "dueDate": (cycle.end_date - timedelta(days=30)).isoformat(),
                **await main_task_of(session, cycle),
            }
        ),
    )
    if number in DEVELOPMENT:
        await service.create_agreement(
            session,
            actor=boss,
            today=today,
            cycle_id=cycle.id,
            body=_AGREEMENT.validate_python(
                {
                    "kind": "development",
                    "description": "Een training volgen en het geleerde toepassen",
                    "method": "training",
                    "dueDate": (cycle.end_date - timedelta(days=60)).isoformat(),
                    **DEVELOPMENT[number],
                }
            ),
        )
    (planning,) = await _talks(session, cycle, "planning")
    context = await read_context(session, actor=boss, today=today, cycle_id=cycle.id)
    version = context.version
    for actor in (boss, _as(session, number, Role.employee)):
        session.info["actor"] = actor
        await approvals.approve(
            session, actor=actor, today=today, talk_id=planning.id, set_version=version, party=None
        )
    session.info["actor"] = boss
    await talks.record_held(
        session, actor=boss, today=today, talk_id=planning.id, held_on=held_on, attendee_ids=[]
    )


async def _manager_signs(session: AsyncSession, boss: Actor, talk: Talk, day: date) -> int:
    """The manager signs the appraisal at its current content version (R6.11)."""
    version = await session.scalar(
        select(Appraisal.content_version).where(Appraisal.talk_id == talk.id)
    )
    await procedure.sign(
        session,
        actor=boss,
        today=day,
        talk_id=talk.id,
        party=None,
        kind=None,
        content_version=version,
    )
    return version


async def _rate(session: AsyncSession, manager: str, talk: Talk, day: date, score: int) -> None:
    boss = _as(session, manager, Role.manager)
    view = await appraisals.get_appraisal(session, actor=boss, today=day, talk_id=talk.id)
    body: dict = {"work": [], "competencies": [], "development": [], "career": []}
    for item in view.subject.items:
        rated = {"score": score, "motivation": "Zo besproken en onderbouwd in het gesprek."}
        if item.item == "work":
            body["work"].append({"agreementId": item.ref, **rated})
        elif item.item == "competency":
            body["competencies"].append({"code": item.ref, **rated})
        elif item.item == "knowledge":
            body["knowledge"] = rated
        elif item.item == "development":  # Art. 6.4 b: evaluated in words, not scored
            body["development"].append(
                {
                    "agreementId": item.ref,
                    "evaluation": "Training gevolgd; het geleerde zien we terug in het werk.",
                }
            )
    body["final"] = {"motivation": "Het beeld van de hele cyclus, met de informanten besproken."}
    await appraisals.put_ratings(
        session,
        actor=boss,
        today=day,
        talk_id=talk.id,
        body=RatingsIn.model_validate(body),
        precondition=lambda _seen: None,
    )


async def _through(
    session: AsyncSession,
    manager: str,
    number: str,
    talk: Talk,
    *,
    shared: date,
    until: str,
    score: int = 4,
) -> None:
    """The appraisal of ``talk`` through the procedure, up to the stage ``until``."""
    await _rate(session, manager, talk, shared, score)
    if until == "draft":
        return
    boss = _as(session, manager, Role.manager)
    await appraisals.share_draft(session, actor=boss, today=shared, talk_id=talk.id)
    if until == "shared":
        return
    held = shared + timedelta(days=7)  # R6.3
    await talks.record_held(
        session, actor=boss, today=held, talk_id=talk.id, held_on=held, attendee_ids=[]
    )
    version = await _manager_signs(session, boss, talk, held)
    if until == "held":
        return
    employee = _as(session, number, Role.employee)
    agree = until == "finalised"
    await procedure.sign(
        session,
        actor=employee,
        today=held,
        talk_id=talk.id,
        party=None,
        kind="agree" if agree else "seen",
        content_version=version,
    )
    if agree:
        boss = _as(session, manager, Role.manager)
        await procedure.finalise(
            session, actor=boss, today=held, talk_id=talk.id, response=None, explanation=None
        )
        if score >= 4:
            await procedure.record_reward(
                session,
                actor=boss,
                today=held,
                talk_id=talk.id,
                description="Eenmalige uitkering (Regeling Flexibel Belonen)",
            )
        return
    objected = held + timedelta(days=5)
    await procedure.object_to(
        session,
        actor=employee,
        today=objected,
        talk_id=talk.id,
        text="Mijn inzet voor het project is niet meegewogen.",
    )
    if until == "objected":
        return
    boss = _as(session, manager, Role.manager)
    hearing = objected + timedelta(days=10)
    await procedure.record_hearing(
        session, actor=boss, today=hearing, talk_id=talk.id, held_on=hearing
    )
    if until == "partly-met":  # R6.12: changed, with a written explanation of the rest
        await _rate(session, manager, talk, hearing, min(score + 1, 5))
        boss = _as(session, manager, Role.manager)
        await _manager_signs(session, boss, talk, hearing)  # the changed appraisal (R6.11)
        await procedure.finalise(
            session,
            actor=boss,
            today=hearing,
            talk_id=talk.id,
            response="partly-met",
            explanation="De projectinzet telt nu mee; de werkafspraken zelf blijven zoals ze "
            "zijn beoordeeld.",
        )
    if until == "explained":  # R6.12: unchanged, with a written explanation
        await procedure.finalise(
            session,
            actor=boss,
            today=hearing,
            talk_id=talk.id,
            response="explained",
            explanation="De inzet voor het project is meegewogen in de werkafspraak.",
        )


STAGES = [  # number, manager, stage, days before today the draft was shared, score
    ("E0019", "T0001", "draft", 0, 4),
    ("E0022", "T0001", "shared", 0, 4),
    ("E0011", "T0003", "held", 10, 4),
    ("E0012", "T0003", "objected", 25, 4),
    ("E0013", "T0003", "heard", 40, 4),
    ("E0016", "T0003", "finalised", 30, 4),
    # For the reports: the rating distribution, an explained objection, development.
    ("E0007", "T0002", "finalised", 50, 3),
    ("E0015", "T0002", "finalised", 45, 3),
    ("E0018", "T0002", "finalised", 40, 5),
    ("E0023", "T0002", "explained", 60, 2),
    ("E0017", "T0003", "finalised", 35, 3),
    ("E0020", "T0001", "finalised", 55, 4),
    # Issue 18: objections met in part (R6.12).
    ("E0009", "T0002", "partly-met", 65, 3),
]


async def appraisal_activity(session: AsyncSession, *, today: date) -> int:
    """The appraisals of the module's docstring (once); returns the steps taken."""
    steps = 0
    for number, manager, stage, days, score in STAGES:
        cycle = await current_cycle(session, number, today)
        shared = today - timedelta(days=days)
        if cycle is None or shared - timedelta(days=30) < cycle.start_date:
            continue
        (appraisal,) = (await _talks(session, cycle, "appraisal"))[:1]
        if await session.scalar(select(Appraisal.id).where(Appraisal.talk_id == appraisal.id)):
            continue
        planning = (await _talks(session, cycle, "planning"))[0]
        if planning.status != "held":
            await _agreed(session, manager, number, cycle, shared - timedelta(days=30))
        await _through(session, manager, number, appraisal, shared=shared, until=stage, score=score)
        steps += 1
    steps += await _probation(session, today=today)
    steps += await _appeal(session, today=today)
    steps += await _placement(session, today=today)
    return steps


async def _appeal(session: AsyncSession, *, today: date) -> int:
    """E0015: a formal objection against the finalised appraisal, partly upheld five days ago:
    the superseding appraisal is drafted, prefilled from the finalised one (R6.12)."""
    cycle = await current_cycle(session, "E0015", today)
    if cycle is None:
        return 0
    (talk,) = (await _talks(session, cycle, "appraisal"))[:1]
    original = await session.scalar(select(Appraisal).where(Appraisal.talk_id == talk.id))
    decided_on = today - timedelta(days=5)
    if (
        original is None
        or original.state != "finalised"
        or original.finalised_on is None
        or decided_on < original.finalised_on
        or await session.scalar(
            select(AppealDecision.id).where(AppealDecision.appraisal_id == original.id)
        )
    ):
        return 0
    hr = _as(session, "H0001", Role.hr)
    await appeals.record_decision(
        session,
        actor=hr,
        today=decided_on,
        talk_id=talk.id,
        procedure="objection",
        outcome="partly-upheld",
        decided_on=decided_on,
        reference="BZ-2026-041",
    )
    return 1


async def _placement(session: AsyncSession, *, today: date) -> int:
    """E0024: the entry-scale cycle cut short by the placement (R2.4) keeps its appraisal, due
    on its last day (R6.1): its planning talk is agreed and held, so there is something to
    appraise."""
    cycle = await session.scalar(
        select(Cycle)
        .join(Employee, Employee.id == Cycle.employee_id)
        .where(
            Employee.personnel_number == "E0024",
            Cycle.kind == "entry-scale",
            Cycle.end_reason == "placement",
            Cycle.state != "superseded",
        )
    )
    held_on = cycle.start_date + timedelta(days=20) if cycle is not None else None
    if cycle is None or held_on is None or today <= held_on:
        return 0
    planning = (await _talks(session, cycle, "planning"))[0]
    if planning.status == "held":
        return 0
    await _agreed(session, "T0002", "E0024", cycle, held_on)
    return 1


async def _probation(session: AsyncSession, *, today: date) -> int:
    """E0004: on probation (R2.3); both appraisals finalised (R6.2)."""
    cycle = await current_cycle(session, "E0004", today)
    if cycle is None or cycle.kind != "probation":  # after the probation year: nothing to show
        return 0
    first, second = await _talks(session, cycle, "appraisal")
    start = cycle.start_date
    if today < start + timedelta(days=150) or await session.scalar(
        select(Appraisal.id).where(Appraisal.talk_id == first.id)
    ):
        return 0
    await _agreed(session, "T0001", "E0004", cycle, start + timedelta(days=20))
    await _through(
        session, "T0001", "E0004", first, shared=start + timedelta(days=120), until="finalised"
    )
    await _through(
        session, "T0001", "E0004", second, shared=today - timedelta(days=8), until="finalised"
    )
    return 1
