"""The archive copy of a finalised appraisal (R6.12): everything the personnel file keeps,
gathered once into plain data that ``app.appraisals.pdf`` renders without any I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.appraisals import rules
from app.appraisals.rules import State
from app.appraisals.service import AppraisalView, read_appraisal
from app.audit.trail import record_read
from app.auth import Actor
from app.errors import Conflict
from app.messages import msg, term
from app.models.appraisals import AppealDecision, Appraisal, InformantRequest
from app.models.cycles import Cycle
from app.models.people import Employee, FunctionProfile, OrgUnit
from app.models.reference import GuideVersion

KNOWLEDGE = "Kennisniveau van het functieprofiel"


@dataclass(frozen=True)
class ArchiveItem:
    """One appraised item: a work agreement, a competency, the knowledge level, or a
    development or career agreement (evaluated, never scored)."""

    kind: str
    title: str
    score: int | None
    label: str | None
    motivation: str | None
    weight: float | None = None
    crucial: bool = False
    criterion: str | None = None
    """Work: the main task it comes from (R4.1 a); the knowledge level: the profile's knowledge
    level it was rated against (Art. 4.1 b)."""
    concerns: str | None = None
    """A development agreement: the competency's name, or the knowledge level (Art. 6.4 b)."""


@dataclass(frozen=True)
class ArchiveAgreement:
    """A condition (R4.3): on the record, without a rating or evaluation of its own."""

    kind: str  # development | condition
    description: str
    concerns: str | None  # the competency's name, or the knowledge level


@dataclass(frozen=True)
class ArchiveDecision:
    """Bezwaar en beroep (R6.12): the outcome of a formal objection or appeal."""

    procedure: str  # objection | appeal
    outcome: str  # upheld | partly-upheld | rejected | withdrawn
    decided_on: date
    reference: str
    finalised_on: date | None = None
    """For the decision a superseding appraisal came from: when the original was finalised."""


@dataclass(frozen=True)
class ArchiveInformant:
    informant: str
    external: bool
    question: str
    answer: str | None
    received_on: date | None
    on_behalf: bool
    relationship: str | None = None
    """Art. 1.k: the working relationship (issue 18); null for a request made before."""
    relationship_note: str | None = None


@dataclass(frozen=True)
class ArchiveSignature:
    party: str  # manager | employee
    kind: str  # signed | agree | seen
    signed_by: str
    signed_on: date
    content_version: int
    void: bool


@dataclass(frozen=True)
class ArchiveData:
    appraisal_id: uuid.UUID
    employee_name: str
    personnel_number: str
    org_unit: str
    function_code: str
    function_title: str
    function_scale: int
    salary_scale: int
    cycle_kind: str
    cycle_start: date
    cycle_end: date
    guide_version: str | None
    guide_title: str | None
    talk_held_on: date | None
    shared_on: date | None
    content_version: int
    items: tuple[ArchiveItem, ...]
    other_agreements: tuple[ArchiveAgreement, ...]
    work_part: float | None
    competency_part: float | None
    work_share_percent: int
    final_computed: int | None
    final_rating: int
    final_label: str
    final_motivation: str | None
    override: bool
    override_motivation: str | None
    informants: tuple[ArchiveInformant, ...]
    signatures: tuple[ArchiveSignature, ...]
    objections: str | None
    objections_on: date | None
    hearing_on: date | None
    response: str | None  # met-fully | partly-met | explained
    response_text: str | None
    finalised_on: date
    finalised_by: str
    reward: str | None
    appeal_reference: str | None
    generated_on: date
    hearing_declined: bool = False
    appeal_decisions: tuple[ArchiveDecision, ...] = ()
    """R6.12: the decisions on formal objections and appeals against this appraisal."""
    supersedes: ArchiveDecision | None = None
    """R6.12: the decision that opened this (superseding) appraisal."""
    """R6.12: the hearing was offered and declined (issue 18)."""


async def archive_copy(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> ArchiveData:
    """R6.12: the finalised appraisal as kept in the personnel file, for whoever may read the
    appraisal (the employee, the manager or coordinator, a former manager, HR; 404/403 as for
    reading it). 409 ``appraisal-not-finalised`` before finalisation. The read is audited."""
    view = await read_appraisal(session, actor=actor, today=today, talk_id=talk_id)
    appraisal = view.appraisal
    if appraisal is None or view.state is not State.finalised:
        # R6.12: only what is finalised is final; a draft or a contested appraisal is no record.
        raise Conflict(
            msg("appraisal-not-finalised", state=term("appraisal-state", view.state)),
            code="appraisal-not-finalised",
            rule="R6.12",
        )
    context = (
        await session.execute(
            select(
                Employee.salary_scale,
                OrgUnit.name,
                FunctionProfile.code,
                FunctionProfile.title,
                FunctionProfile.scale,
                GuideVersion.id,
                GuideVersion.title,
                _decided(appraisal.id, talk_id),
            )
            .select_from(Cycle)
            .join(Employee, Employee.id == Cycle.employee_id)
            .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
            # R3.5: the function profile the cycle started with, as the appraisal rates it.
            .join(FunctionProfile, FunctionProfile.id == Cycle.function_profile_id)
            .outerjoin(GuideVersion, GuideVersion.id == Cycle.guide_version_id)
            .where(Cycle.id == view.row.cycle.id)
        )
    ).one()
    requests = (
        await session.execute(
            select(InformantRequest, Employee.name)
            .outerjoin(Employee, Employee.id == InformantRequest.informant_id)
            .where(InformantRequest.talk_id == talk_id)
            .order_by(InformantRequest.requested_at, InformantRequest.id)
        )
    ).all()
    names = await _names(
        session, {s.signed_by for s in view.signatures} | {appraisal.finalised_by or ""}
    )
    await record_read(
        session,
        resource_type="appraisal-archive-copy",
        resource_id=str(appraisal.id),
        after={"state": appraisal.state, "relation": view.relation.value},
        actor=actor,
    )
    data = _data(view, context[:-1], requests, names, today)
    mine, superseding = _decisions(context[-1] or [], appraisal.id)
    return replace(data, appeal_decisions=mine, supersedes=superseding)


def _decided(appraisal_id: uuid.UUID, talk_id: uuid.UUID):
    """R6.12: the decisions on objections and appeals against this appraisal, and the one
    that opened it (a superseding appraisal), as one JSON array column."""
    decision, original = aliased(AppealDecision), aliased(Appraisal)
    fields = func.json_build_object(
        "appraisal",
        decision.appraisal_id,
        "procedure",
        decision.procedure,
        "outcome",
        decision.outcome,
        "decided_on",
        decision.decided_on,
        "reference",
        decision.reference,
        "finalised_on",
        original.finalised_on,
    )
    return (
        select(func.json_agg(aggregate_order_by(fields, decision.decided_on, decision.recorded_at)))
        .select_from(decision)
        .join(original, original.id == decision.appraisal_id)
        .where(or_(decision.appraisal_id == appraisal_id, decision.superseding_talk_id == talk_id))
        .scalar_subquery()
        .label("decisions")
    )


def _decisions(
    found: list[dict], appraisal_id: uuid.UUID
) -> tuple[tuple[ArchiveDecision, ...], ArchiveDecision | None]:
    def of(d: dict) -> ArchiveDecision:
        finalised_on = date.fromisoformat(d["finalised_on"]) if d["finalised_on"] else None
        decided = date.fromisoformat(d["decided_on"])
        return ArchiveDecision(d["procedure"], d["outcome"], decided, d["reference"], finalised_on)

    mine = tuple(of(d) for d in found if d["appraisal"] == str(appraisal_id))
    opened = next((of(d) for d in found if d["appraisal"] != str(appraisal_id)), None)
    return mine, opened


async def _names(session: AsyncSession, subjects: set[str]) -> dict[str, str]:
    """Who signed and who finalised, by name: the subjects of persons are personnel numbers."""
    subjects.discard("")
    if not subjects:
        return {}
    rows = await session.execute(
        select(Employee.personnel_number, Employee.name).where(
            Employee.personnel_number.in_(sorted(subjects))
        )
    )
    return {number: f"{name} ({number})" for number, name in rows}


def _part(value) -> float | None:
    return float(value) if value is not None else None


def _data(view: AppraisalView, context, requests, names: dict[str, str], today: date):
    appraisal = view.appraisal
    assert appraisal is not None and appraisal.finalised_on is not None
    salary_scale, unit, code, title, scale, guide, guide_title = context
    items = []
    competency_names = {i.ref: i.title for i in view.subject.items if i.item == "competency"}
    for item in view.subject.items:
        rating = view.ratings.get((item.item, item.ref))
        score = rating.score if rating else None
        items.append(
            ArchiveItem(
                kind=item.item,
                title=item.title,
                score=score,
                label=rules.SCALE.get(score) if score else None,
                motivation=rating.motivation if rating else None,
                weight=item.effective_weight,
                crucial=item.crucial,
                criterion=item.criterion,
                concerns=None
                if item.concerns is None
                else KNOWLEDGE
                if item.concerns == "knowledge"
                else competency_names.get(item.concerns, item.concerns),
            )
        )
    others = tuple(
        ArchiveAgreement(kind=a.item, description=a.title, concerns=None)
        for a in view.subject.others
    )
    scores = view.scores()
    final_rating = appraisal.final_rating
    assert final_rating is not None  # finalised_complete
    return ArchiveData(
        appraisal_id=appraisal.id,
        employee_name=view.row.name,
        personnel_number=view.row.personnel_number,
        org_unit=unit,
        function_code=code,
        function_title=title,
        function_scale=scale,
        salary_scale=salary_scale,
        cycle_kind=view.row.cycle.kind,
        cycle_start=view.row.cycle.start_date,
        cycle_end=view.row.cycle.end_date,
        guide_version=guide,
        guide_title=guide_title,
        talk_held_on=view.talk.held_on,
        shared_on=appraisal.shared_on,
        content_version=appraisal.content_version,
        items=tuple(items),
        other_agreements=others,
        work_part=_part(scores.part_a),
        competency_part=_part(scores.part_b),
        work_share_percent=round(view.work_share() * 100),
        final_computed=appraisal.final_computed,
        final_rating=final_rating,
        final_label=rules.SCALE[final_rating],
        final_motivation=appraisal.final_motivation,
        override=appraisal.final_override,
        override_motivation=appraisal.override_motivation,
        informants=tuple(
            ArchiveInformant(
                informant=name or request.external_name or "",
                external=request.informant_id is None,
                question=request.question,
                answer=request.answer,
                received_on=request.received_on,
                on_behalf=request.recorded_on_behalf,
                relationship=request.relationship,
                relationship_note=request.relationship_note,
            )
            for request, name in requests
        ),
        signatures=tuple(
            ArchiveSignature(
                party=s.party,
                kind=s.kind,
                signed_by=names.get(s.signed_by, s.signed_by),
                signed_on=s.signed_on,
                content_version=s.content_version,
                void=s.content_version != appraisal.content_version,
            )
            for s in view.signatures
        ),
        objections=appraisal.objections,
        objections_on=appraisal.objections_on,
        hearing_on=appraisal.hearing_on,
        hearing_declined=appraisal.hearing_declined,
        response=appraisal.response,
        response_text=appraisal.response_text,
        finalised_on=appraisal.finalised_on,
        finalised_by=names.get(appraisal.finalised_by or "", appraisal.finalised_by or ""),
        reward=appraisal.reward,
        appeal_reference=appraisal.appeal_reference,
        generated_on=today,
    )
