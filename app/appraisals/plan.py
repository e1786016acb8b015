"""The personal development plan (POP) of a cycle (issue 18, toelichting Art. 4): the
development and career agreements "vervangen samen het persoonlijk ontwikkelingsplan (POP)" of
art. 17:4 AGM. The plan is the cycle's development agreements, career agreements and
conditions as last agreed (a bridging cycle: the probation cycle's, T2.1), with the evaluations
of the cycle's latest appraisal once it is shared. For the appraisal's readers: the employee,
their manager (or coordinator), a former manager and HR; every read is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements.context import READERS
from app.appraisals.rules import State
from app.appraisals.service import last_agreed, load_agreements
from app.audit.trail import record_read
from app.auth import Actor
from app.cycles.service import load_cycle
from app.errors import Forbidden
from app.messages import msg
from app.models.appraisals import Appraisal, AppraisalRating
from app.models.cycles import Talk
from app.models.people import FunctionProfile
from app.states import AgreementStatus


@dataclass(frozen=True)
class PlanAgreement:
    agreement_id: uuid.UUID
    number: int
    kind: str  # development | career | condition
    description: str
    due_date: date | None = None
    concerns: str | None = None  # development: a competency code, or "knowledge"
    concerns_name: str | None = None  # the competency's name, or the knowledge level
    method: str | None = None
    method_detail: str | None = None
    career_type: str | None = None
    evaluation: str | None = None


@dataclass(frozen=True)
class PlanAppraisal:
    talk_id: uuid.UUID
    state: str
    held_on: date | None
    finalised_on: date | None


@dataclass(frozen=True)
class Plan:
    cycle_id: uuid.UUID
    employee_name: str
    personnel_number: str
    function_title: str
    cycle_kind: str
    cycle_start: date
    cycle_end: date
    carried_over_from: uuid.UUID | None
    set_version: int | None
    development: tuple[PlanAgreement, ...]
    career: tuple[PlanAgreement, ...]
    conditions: tuple[PlanAgreement, ...]
    appraisal: PlanAppraisal | None
    generated_on: date


KNOWLEDGE = "Kennisniveau van het functieprofiel"
_SHOWN = ("development", "career", "condition")


async def personal_development_plan(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID
) -> Plan:
    """The plan as the caller may read it: 404 when the cycle is not theirs to see, 403 for a
    service client. The read is audited with the reader."""
    row, relation = await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    if relation not in READERS:
        raise Forbidden(
            msg("plan-not-shared"),
            code="plan-not-shared",
        )
    carried, talks, data = await load_agreements(session, row)
    version = last_agreed(row, relation, today, talks, data, carried)
    appraisal = await _latest_shared_appraisal(session, row.cycle.id)
    evaluations = await _evaluations(session, appraisal)
    agreements = [] if version is None else data.agreements_as_of(version)
    revision = data.revision_as_of(version) if version is not None else None
    names = {m["code"]: m["name"] for m in (revision.members if revision else [])}
    shown = [
        _agreement(a.version, a.number, names, evaluations)
        for a in agreements
        if a.version.kind in _SHOWN and a.version.status == AgreementStatus.active
    ]
    title = await session.scalar(
        select(FunctionProfile.title).where(FunctionProfile.id == row.cycle.function_profile_id)
    )
    await record_read(
        session,
        resource_type="personal-development-plan",
        resource_id=str(row.cycle.id),
        after={"relation": relation.value},
        actor=actor,
    )
    return Plan(
        cycle_id=row.cycle.id,
        employee_name=row.name,
        personnel_number=row.personnel_number,
        function_title=title or row.function_profile_code,
        cycle_kind=row.cycle.kind,
        cycle_start=row.cycle.start_date,
        cycle_end=row.cycle.end_date,
        carried_over_from=carried,
        set_version=version,
        development=tuple(a for a in shown if a.kind == "development"),
        career=tuple(a for a in shown if a.kind == "career"),
        conditions=tuple(a for a in shown if a.kind == "condition"),
        appraisal=appraisal,
        generated_on=today,
    )


def _agreement(
    v: Any, number: int, names: dict[str, str], evaluations: dict[str, str | None]
) -> PlanAgreement:
    concerns = (v.competency_code or v.subject) if v.kind == "development" else None
    return PlanAgreement(
        agreement_id=v.agreement_id,
        number=number,
        kind=v.kind,
        description=v.description,
        due_date=v.due_date,
        concerns=concerns,
        concerns_name=KNOWLEDGE if concerns == "knowledge" else names.get(concerns or "", concerns),
        method=v.method,
        method_detail=v.method_detail,
        career_type=v.career_type,
        evaluation=evaluations.get(str(v.agreement_id)),
    )


async def _latest_shared_appraisal(
    session: AsyncSession, cycle_id: uuid.UUID
) -> PlanAppraisal | None:
    """The cycle's latest appraisal the employee can read (shared or later, R6.3): its
    evaluations are the plan's. A draft is the manager's work in progress and stays out."""
    row = (
        await session.execute(
            select(Appraisal.talk_id, Appraisal.state, Appraisal.finalised_on, Talk.held_on)
            .join(Talk, Talk.id == Appraisal.talk_id)
            .where(Appraisal.cycle_id == cycle_id, Appraisal.state != State.draft.value)
            .order_by(Talk.due_date.desc(), Talk.sequence.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return PlanAppraisal(row.talk_id, row.state, row.held_on, row.finalised_on)


async def _evaluations(
    session: AsyncSession, appraisal: PlanAppraisal | None
) -> dict[str, str | None]:
    """Agreement id → the evaluation of a development or career agreement (Art. 6.4 b)."""
    if appraisal is None:
        return {}
    rows = await session.execute(
        select(AppraisalRating.ref, AppraisalRating.motivation)
        .join(Appraisal, Appraisal.id == AppraisalRating.appraisal_id)
        .where(
            Appraisal.talk_id == appraisal.talk_id,
            AppraisalRating.item.in_(("development", "career")),
        )
    )
    return {ref: motivation for ref, motivation in rows}
