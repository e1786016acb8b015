"""From stored rows to response bodies."""

from __future__ import annotations

from typing import Any

from app.agreements import rules
from app.agreements.approvals import SetView
from app.agreements.competencies import CompetencySetView
from app.agreements.schemas import (
    AgreedTalk,
    AgreementOut,
    AgreementSetOut,
    ApprovalOut,
    Blocker,
    CompetencyMember,
    CompetencySetOut,
    ContributionOut,
    CurrentTalk,
    DecisionOut,
    SetAgreementOut,
)
from app.agreements.service import work_weights
from app.models.agreements import (
    AgreementApproval,
    AgreementDecision,
    AgreementVersion,
    TalkContribution,
)


def competency_set_out(view: CompetencySetView) -> CompetencySetOut:
    r = view.revision
    members = []
    for m in r.members:
        definition, behaviours, tips = view.texts.get(m["code"], (None, [], []))
        members.append(
            CompetencyMember(**m, definition=definition, behaviours=behaviours, tips=tips)
        )
    return CompetencySetOut(
        cycle_id=r.cycle_id,
        revision=r.revision,
        set_version=r.set_version,
        talk_id=r.talk_id,
        guide_version=r.guide_version_id,
        competency_profile=r.profile_code,
        function_scale=r.function_scale,
        level=r.level,
        chosen=r.chosen,
        members=members,
        knowledge_level=r.knowledge_level,
        composed_by=r.composed_by,
        composed_at=r.composed_at,
    )


def agreement_out(
    v: AgreementVersion, number: int, cls: type[AgreementOut] = AgreementOut, **extra: Any
) -> AgreementOut:
    """An agreement at version ``v``, as ``cls`` (a subclass with ``extra`` fields: built at
    once rather than dumped and validated twice)."""
    return cls(
        id=v.agreement_id,
        cycle_id=v.cycle_id,
        number=number,
        kind=v.kind,
        version=v.version,
        status=v.status,
        description=v.description,
        measure=v.measure,
        due_date=v.due_date,
        main_task=v.main_task,
        weight=v.weight,
        subject=v.subject,
        competency_code=v.competency_code,
        method=v.method,
        method_detail=v.method_detail,
        career_type=v.career_type,
        change=v.change,
        reason=v.reason,
        talk_id=v.talk_id,
        set_version=v.set_version,
        changed_by=v.changed_by,
        changed_at=v.changed_at,
        **extra,
    )


def approval_out(a: AgreementApproval, valid_version: int | None) -> ApprovalOut:
    return ApprovalOut(
        id=a.id,
        talk_id=a.talk_id,
        set_version=a.set_version,
        party=a.party,
        approved_by=a.approved_by,
        approved_at=a.approved_at,
        void=a.set_version != valid_version,
    )


def contribution_out(c: TalkContribution) -> ContributionOut:
    return ContributionOut.model_validate(c)


def decision_out(
    d: AgreementDecision, views: list[TalkContribution], current_version: int
) -> DecisionOut:
    return DecisionOut(
        id=d.id,
        talk_id=d.talk_id,
        set_version=d.set_version,
        rule=d.rule,
        reason=d.reason,
        employee_view=d.employee_view,
        employee_views=[contribution_out(c) for c in views],
        decided_by=d.decided_by,
        decided_at=d.decided_at,
        void=d.set_version != current_version,
    )


def set_out(view: SetView) -> AgreementSetOut:
    context = view.context
    version = context.version
    weighting = view.weighting
    weights = rules.effective_weights(weighting, work_weights(view.agreements))
    agreements = [
        agreement_out(
            a.version,
            a.number,
            SetAgreementOut,
            effective_weight=weights.get(a.version.agreement_id),
        )
        for a in view.agreements
    ]
    current = None
    talk = context.talk
    if talk is not None and view.as_of is None:
        decision = next((d for d in reversed(view.decisions) if d.talk_id == talk.id), None)
        current = CurrentTalk(
            talk_id=talk.id,
            kind=talk.kind,
            status=talk.status,
            outcome=view.outcome(talk.id, version),
            approvals=[approval_out(a, version) for a in view.approvals if a.talk_id == talk.id],
            decision=decision_out(decision, view.employee_views.get(talk.id, []), version)
            if decision
            else None,
        )
    agreed = [
        AgreedTalk(talk_id=t.id, kind=t.kind, status=t.status, set_version=v, outcome=outcome)
        for t, v, outcome in view.agreed_talks()
    ]
    return AgreementSetOut(
        cycle_id=context.row.cycle.id,
        version=version,
        as_of_version=view.as_of,
        carried_over_from=context.carried_from,
        weighting=weighting,
        competency_set_revision=view.revision,
        agreements=agreements,
        current_talk=current,
        blockers=[Blocker(rule=b.rule, code=b.code, detail=b.detail) for b in view.blockers],
        agreed_talks=agreed,
        rated_version=max((a.set_version for a in agreed), default=None),
        actions=view.actions,
    )
