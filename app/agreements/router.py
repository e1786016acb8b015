"""The competency set, the agreements and their history (nested under the cycle), and the
talk actions on them: approvals, the manager's decisions, topics and views."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Request, Response

from app.agreements import approvals, competencies, service, views
from app.agreements.schemas import (
    AgreementChangeIn,
    AgreementIn,
    AgreementKind,
    AgreementOut,
    AgreementPage,
    AgreementSetOut,
    ApprovalIn,
    ApprovalOut,
    ApprovalPage,
    CompetencySetIn,
    CompetencySetOut,
    ContributionIn,
    ContributionOut,
    ContributionPage,
    DecisionIn,
    DecisionOut,
    EndingIn,
    WeightsIn,
)
from app.api.deps import CurrentActor, Session, Today
from app.api.etag import (
    NOT_MODIFIED,
    PERSONAL,
    PRECONDITIONS,
    IfMatch,
    IfNoneMatch,
    cached_json,
    etag_of,
    require_if_match,
    tagged,
)
from app.api.idempotency import REPLAY_HEADER, IdempotencyKeyHeader, run_once
from app.api.pagination import Pagination
from app.api.params import RULE, AgreementId, CycleId, TalkId
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.pagination import page_meta

router = ApiRouter(prefix=API_PREFIX, tags=["agreements"])

CONFLICT = {409: {"description": "The talk or cycle is closed, or the set has changed."}}


# --- the competency set (Article 3) ----------------------------------------------------------


@router.get(
    "/cycles/{cycleId}/competency-set",
    summary="The employee's competency set for the cycle, with behaviours and tips at their level",
    operation_id="getCompetencySet",
    response_model=CompetencySetOut,
    responses=NOT_MODIFIED,
)
async def get_competency_set(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    view = await competencies.get_competency_set(
        session, actor=actor, today=today, cycle_id=cycle_id
    )
    return cached_json(views.competency_set_out(view), request, cache_control=PERSONAL)


@router.put(
    "/cycles/{cycleId}/competency-set",
    summary="Compose the competency set: the profile's competencies plus the chosen ones, the "
    "crucial ones marked (manager, R3.2–R3.4, R6.7)",
    description="If-Match is required once the set has been composed.",
    operation_id="putCompetencySet",
    response_model=CompetencySetOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def put_competency_set(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    body: CompetencySetIn,
    _if_match: IfMatch = None,
) -> Response:
    def precondition(seen: competencies.CompetencySetView | None) -> None:
        if seen is not None:
            require_if_match(request, etag_of(views.competency_set_out(seen)))

    view, _ = await competencies.compose(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        chosen=body.chosen,
        crucial=body.crucial,
        precondition=precondition,
    )
    return tagged(views.competency_set_out(view))


# --- the agreement set -----------------------------------------------------------------------


@router.get(
    "/cycles/{cycleId}/agreement-set",
    summary="The agreement set: agreements, weights, approvals, what blocks approval, the "
    "caller's actions",
    operation_id="getAgreementSet",
    response_model=AgreementSetOut,
    responses=NOT_MODIFIED,
)
async def get_agreement_set(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    version: Annotated[
        int | None,
        Query(ge=0, le=1_000_000, description="The set as it stood at this version (R5.2)."),
    ] = None,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    view = await approvals.get_set(
        session, actor=actor, today=today, cycle_id=cycle_id, as_of=version
    )
    return cached_json(views.set_out(view), request, cache_control=PERSONAL)


@router.put(
    "/cycles/{cycleId}/agreement-set/weights",
    summary="Weigh the work agreements: equally, or percentages adding up to 100 (manager, R4.2)",
    description="If-Match: the ETag of the agreement set.",
    operation_id="putAgreementWeights",
    response_model=AgreementSetOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def put_weights(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    body: WeightsIn,
    _if_match: IfMatch = None,
) -> Response:
    async def precondition(context) -> None:  # the set as this caller saw it, in the lock
        require_if_match(
            request, etag_of(views.set_out(await approvals.set_view(session, context, today)))
        )

    context = await service.set_weights(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        weighting=body.weighting,
        weights=[(w.agreement_id, w.percent) for w in body.weights],
        precondition=precondition,
    )
    return tagged(views.set_out(await approvals.set_view(session, context, today)))


# --- agreements ------------------------------------------------------------------------------


@router.get(
    "/cycles/{cycleId}/agreements",
    summary="The agreements of the cycle as they stand, in the order they were made",
    operation_id="listAgreements",
)
async def list_agreements(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    cycle_id: CycleId,
    kind: AgreementKind | None = None,
    status: Literal["active", "ended"] | None = None,
) -> AgreementPage:
    rows, total = await service.list_agreements(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        page=page,
        kind=kind.value if kind else None,
        status=status,
    )
    return AgreementPage(
        items=[views.agreement_out(v, n) for v, n in rows], meta=page_meta(page, total)
    )


@router.post(
    "/cycles/{cycleId}/agreements",
    summary="Record a work, development or career agreement or a condition (manager, R4.1, "
    "R4.3, R4.5)",
    description="Send an `Idempotency-Key` to make a retry safe: it replays the first "
    "response instead of recording the agreement twice.",
    operation_id="createAgreement",
    status_code=201,
    response_model=AgreementOut,
    responses={**CONFLICT, **RULE},
)
async def create_agreement(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    body: AgreementIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    async def work() -> tuple[int, dict]:
        version, number = await service.create_agreement(
            session, actor=actor, today=today, cycle_id=cycle_id, body=body
        )
        return 201, views.agreement_out(version, number).model_dump(mode="json")

    status_code, stored, replayed = await run_once(
        session,
        actor=actor,
        key=idempotency_key,
        scope=f"POST {request.url.path}",
        request=body,
        work=work,
    )
    response = tagged(AgreementOut.model_validate(stored), status_code=status_code)
    if replayed:
        response.headers[REPLAY_HEADER] = "true"
    return response


@router.get(
    "/cycles/{cycleId}/agreements/{agreementId}",
    summary="An agreement as it stands, with its ETag for changes",
    operation_id="getAgreement",
    response_model=AgreementOut,
    responses=NOT_MODIFIED,
)
async def get_agreement(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    agreement_id: AgreementId,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    version, number = await service.get_agreement(
        session, actor=actor, today=today, cycle_id=cycle_id, agreement_id=agreement_id
    )
    return cached_json(views.agreement_out(version, number), request, cache_control=PERSONAL)


@router.put(
    "/cycles/{cycleId}/agreements/{agreementId}",
    summary="Refine, supplement or adjust an agreement: a new version (manager, R5.2)",
    operation_id="putAgreement",
    response_model=AgreementOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def put_agreement(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    agreement_id: AgreementId,
    body: AgreementChangeIn,
    _if_match: IfMatch = None,
) -> Response:
    version, number = await service.change_agreement(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        agreement_id=agreement_id,
        body=body,
        precondition=lambda v, n: require_if_match(request, etag_of(views.agreement_out(v, n))),
    )
    return tagged(views.agreement_out(version, number))


@router.post(
    "/cycles/{cycleId}/agreements/{agreementId}/endings",
    summary="End an agreement that no longer applies; it stays on record (manager, R5.2)",
    description="If-Match: the ETag of the agreement.",
    operation_id="createAgreementEnding",
    status_code=201,
    response_model=AgreementOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def end_agreement(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    agreement_id: AgreementId,
    body: EndingIn,
    _if_match: IfMatch = None,
) -> Response:
    version, number = await service.end_agreement(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        agreement_id=agreement_id,
        reason=body.reason,
        precondition=lambda v, n: require_if_match(request, etag_of(views.agreement_out(v, n))),
    )
    return tagged(views.agreement_out(version, number), status_code=201)


@router.get(
    "/cycles/{cycleId}/agreements/{agreementId}/versions",
    summary="Every version of an agreement: who changed it, when and in which talk (R5.2)",
    operation_id="listAgreementVersions",
)
async def list_versions(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    cycle_id: CycleId,
    agreement_id: AgreementId,
) -> AgreementPage:
    rows, number, total = await service.list_versions(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        agreement_id=agreement_id,
        page=page,
    )
    return AgreementPage(
        items=[views.agreement_out(v, number) for v in rows], meta=page_meta(page, total)
    )


# --- talk actions ----------------------------------------------------------------------------


@router.get(
    "/talks/{talkId}/approvals",
    summary="Approvals of the agreement set given in a talk, each bound to its version",
    operation_id="listTalkApprovals",
)
async def list_approvals(
    session: Session, actor: CurrentActor, today: Today, page: Pagination, talk_id: TalkId
) -> ApprovalPage:
    rows, total, version = await approvals.list_approvals(
        session, actor=actor, today=today, talk_id=talk_id, page=page
    )
    return ApprovalPage(
        items=[views.approval_out(a, version) for a in rows], meta=page_meta(page, total)
    )


@router.post(
    "/talks/{talkId}/approvals",
    summary="Approve the agreement set at the version read (manager or employee, R4.6, R5.2)",
    operation_id="createTalkApproval",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def approve(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: ApprovalIn
) -> ApprovalOut:
    approval, _ = await approvals.approve(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        set_version=body.set_version,
        party=body.party.value if body.party else None,
    )
    return views.approval_out(approval, approval.set_version)


@router.post(
    "/talks/{talkId}/manager-decisions",
    summary="Decide on the agreement set when manager and employee disagree (manager, R4.7, R5.4)",
    operation_id="createTalkManagerDecision",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def decide(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: DecisionIn
) -> DecisionOut:
    decision, employee_views = await approvals.decide(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        set_version=body.set_version,
        reason=body.reason,
        employee_view=body.employee_view,
    )
    return views.decision_out(decision, employee_views, decision.set_version)


@router.get(
    "/talks/{talkId}/contributions",
    summary="Topics and views brought in for a talk by the manager and the employee",
    operation_id="listTalkContributions",
)
async def list_contributions(
    session: Session, actor: CurrentActor, today: Today, page: Pagination, talk_id: TalkId
) -> ContributionPage:
    rows, total = await approvals.list_contributions(
        session, actor=actor, today=today, talk_id=talk_id, page=page
    )
    return ContributionPage(
        items=[views.contribution_out(c) for c in rows], meta=page_meta(page, total)
    )


@router.post(
    "/talks/{talkId}/contributions",
    summary="Bring in a topic or a view before or during a talk (manager or employee, R4.4, R5.3)",
    operation_id="createTalkContribution",
    status_code=201,
    responses=CONFLICT,
)
async def contribute(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: ContributionIn
) -> ContributionOut:
    contribution = await approvals.contribute(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        kind=body.kind,
        text=body.text,
        agreement_id=body.agreement_id,
    )
    return views.contribution_out(contribution)
