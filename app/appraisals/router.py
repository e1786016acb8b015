"""The appraisal of an appraisal talk: read it, rate it, share the draft (Article 6)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import AUDITED_READ, CurrentActor, Session, Today
from app.api.etag import (
    NOT_MODIFIED,
    PERSONAL,
    PRECONDITIONS,
    IfMatch,
    IfNoneMatch,
    OptionalIfMatch,
    cached_json,
    check_if_match,
    etag_of,
    require_if_match,
    tagged,
)
from app.api.negotiation import JSON, negotiate
from app.api.pagination import Pagination
from app.api.params import RULE, CycleId, RequestId, TalkId
from app.api.routing import ApiRouter
from app.appraisals import (
    appeals,
    archive,
    informants,
    outcomes,
    plan,
    procedure,
    rules,
    service,
    views,
)
from app.appraisals.schemas import (
    AppealDecisionIn,
    AppealDecisionList,
    AppealDecisionOut,
    AppealIn,
    AppraisalOut,
    FinalisationIn,
    HearingIn,
    InformantRequestIn,
    InformantRequestOut,
    InformantRequestPage,
    InformantResponseIn,
    InformantSuggestionAnswerIn,
    InformantSuggestionIn,
    InformantSuggestionOut,
    InformantSuggestionPage,
    ObjectionsIn,
    OutcomeOut,
    OutcomePage,
    PersonalDevelopmentPlanOut,
    RatingsIn,
    RewardIn,
    SignatureIn,
)
from app.config import API_PREFIX
from app.pagination import page_meta
from app.people.schemas import EmployeeRef
from app.schemas import KEY_PATTERN, IsoDate

router = ApiRouter(prefix=API_PREFIX, tags=["appraisals"])
CONFLICT = {409: {"description": "Not possible in the appraisal's state; `rule` names why."}}


@router.get(
    "/talks/{talkId}/appraisal",
    summary="The appraisal: ratings, part scores, the final rating, state, deadlines, actions",
    description="The employee sees it once the draft is shared (R6.3). Every read is audited.",
    operation_id="getAppraisal",
    dependencies=[AUDITED_READ],
    response_model=AppraisalOut,
    responses={**NOT_MODIFIED, **CONFLICT},
)
async def get_appraisal(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    talk_id: TalkId,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    view = await service.get_appraisal(session, actor=actor, today=today, talk_id=talk_id)
    return cached_json(views.appraisal_out(view, today), request, cache_control=PERSONAL)


@router.get(
    "/talks/{talkId}/appraisal/archive-copy",
    summary="The finalised appraisal as a PDF for the personnel file (R6.12)",
    description="For whoever may read the appraisal; 409 `appraisal-not-finalised` before it "
    "is finalised. Every download is audited.",
    operation_id="getAppraisalArchiveCopy",
    dependencies=[AUDITED_READ],
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The archive copy (A4, PDF), as an attachment.",
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="beoordeling-<personnelNumber>-'
                    '<finalisedOn>.pdf"',
                    "schema": {"type": "string"},
                }
            },
        },
        **CONFLICT,
    },
)
async def get_archive_copy(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId
) -> Response:
    from app.appraisals import pdf  # fpdf2 and its fonts: loaded with the first PDF (Memory)

    data = await archive.archive_copy(session, actor=actor, today=today, talk_id=talk_id)
    content = await run_in_threadpool(pdf.render, data)  # CPU-bound: off the event loop
    filename = f"beoordeling-{data.personnel_number}-{data.finalised_on.isoformat()}.pdf"
    return Response(
        content=content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


PDF = "application/pdf"


@router.get(
    "/cycles/{cycleId}/personal-development-plan",
    summary="The personal development plan (POP): development and career agreements, conditions "
    "and their evaluations (toelichting Art. 4)",
    description='The development and career agreements "vervangen samen het persoonlijk '
    'ontwikkelingsplan (POP)" of art. 17:4 AGM. The agreements as last agreed, with the '
    "evaluations of the cycle's latest appraisal once it is shared (R6.3). For the employee, "
    "their manager (or coordinator), a former manager and HR; JSON, or a PDF with "
    "`Accept: application/pdf`. Every read is audited.",
    operation_id="getPersonalDevelopmentPlan",
    dependencies=[AUDITED_READ],
    response_model=PersonalDevelopmentPlanOut,
    responses={
        200: {
            "description": "JSON, or the plan as a PDF (`Accept: application/pdf`).",
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        },
        406: {"description": "The Accept header allows neither JSON nor PDF."},
    },
)
async def get_personal_development_plan(
    session: Session, actor: CurrentActor, today: Today, request: Request, cycle_id: CycleId
) -> Response:
    media = negotiate(request.headers.get("accept"), (JSON, PDF))
    found = await plan.personal_development_plan(
        session, actor=actor, today=today, cycle_id=cycle_id
    )
    headers = {"Cache-Control": "private, no-store", "Vary": "Accept"}
    if media == JSON:
        body = PersonalDevelopmentPlanOut.of(found).model_dump_json(by_alias=True)
        return Response(body, media_type=JSON, headers=headers)
    from app.appraisals import plan_pdf  # fpdf2: loaded with the first PDF (Memory)

    content = await run_in_threadpool(plan_pdf.render, found)  # CPU-bound: off the event loop
    filename = f"pop-{found.personnel_number}-{found.cycle_start.isoformat()}.pdf"
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(content, media_type=PDF, headers=headers)


@router.put(
    "/talks/{talkId}/ratings",
    summary="Draft the ratings with their motivations; the final rating is computed (manager, "
    "R6.4–R6.8)",
    description="The whole draft each time. If-Match (the appraisal's ETag) once it exists.",
    operation_id="putAppraisalRatings",
    response_model=AppraisalOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def put_ratings(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    talk_id: TalkId,
    body: RatingsIn,
    _if_match: IfMatch = None,
) -> Response:
    def precondition(seen: service.AppraisalView) -> None:
        if seen.appraisal is not None:
            require_if_match(request, etag_of(views.appraisal_out(seen, today)))

    view = await service.put_ratings(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        body=body,
        precondition=precondition,
    )
    return tagged(views.appraisal_out(view, today))


@router.post(
    "/talks/{talkId}/draft-shares",
    summary="Share the complete draft with the employee, at least 7 days before the talk "
    "(manager, R6.3, R6.8)",
    operation_id="createAppraisalDraftShare",
    status_code=201,
    response_model=AppraisalOut,
    responses={**CONFLICT, **RULE, 412: PRECONDITIONS[412]},
)
async def share_draft(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    talk_id: TalkId,
    _if_match: OptionalIfMatch = None,
) -> Response:
    def precondition(seen: service.AppraisalView) -> None:
        check_if_match(request, etag_of(views.appraisal_out(seen, today)))

    view = await service.share_draft(
        session, actor=actor, today=today, talk_id=talk_id, precondition=precondition
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


def _step(path: str, summary: str, operation_id: str):
    return router.post(
        f"/talks/{{talkId}}/{path}",
        summary=summary,
        operation_id=operation_id,
        status_code=201,
        response_model=AppraisalOut,
        responses={**CONFLICT, **RULE},
    )


@_step(
    "signatures",
    "Sign the appraisal at the content version read: the manager, or the employee (agree or "
    "seen) (R6.11)",
    "createAppraisalSignature",
)
async def sign(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: SignatureIn
) -> Response:
    _, view = await procedure.sign(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        party=body.party,
        kind=body.kind,
        content_version=body.content_version,
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


@_step(
    "objections",
    "Submit written objections within 14 days after the talk (employee, R6.11)",
    "createAppraisalObjection",
)
async def object_to(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: ObjectionsIn
) -> Response:
    view = await procedure.object_to(
        session, actor=actor, today=today, talk_id=talk_id, text=body.text
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


@_step(
    "objection-hearings",
    "Record the objection hearing, due within 14 days of the objections (manager, R6.12)",
    "createAppraisalObjectionHearing",
)
async def record_hearing(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: HearingIn
) -> Response:
    view = await procedure.record_hearing(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        held_on=body.held_on,
        declined=body.declined,
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


@_step(
    "finalisations",
    "Finalise the appraisal: after agreement at once, otherwise after the objection window or "
    "the hearing (manager, R6.11, R6.12)",
    "createAppraisalFinalisation",
)
async def finalise(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: FinalisationIn
) -> Response:
    view = await procedure.finalise(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        response=body.response,
        explanation=body.explanation,
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


@_step(
    "rewards",
    "Record an extra reward, only with a final rating goed or uitstekend (manager, R6.9)",
    "createAppraisalReward",
)
async def record_reward(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: RewardIn
) -> Response:
    view = await procedure.record_reward(
        session, actor=actor, today=today, talk_id=talk_id, description=body.description
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


@_step(
    "appeal-references",
    "Record the reference of a formal objection and appeal against the finalised appraisal "
    "(HR, R6.12)",
    "createAppraisalAppealReference",
)
async def record_appeal(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: AppealIn
) -> Response:
    view = await procedure.record_appeal(
        session, actor=actor, today=today, talk_id=talk_id, reference=body.reference
    )
    return tagged(views.appraisal_out(view, today), status_code=201)


def _decision_out(decision) -> AppealDecisionOut:
    return AppealDecisionOut.model_validate(decision, from_attributes=True)


@router.post(
    "/talks/{talkId}/appeal-decisions",
    summary="Record the outcome of a formal objection or appeal against the finalised "
    "appraisal; upheld (in part), a superseding appraisal is opened (HR, R6.12)",
    description="Bezwaar en beroep (Art. 6.12, toelichting). Once per procedure (`objection`, "
    "`appeal`). `upheld` or `partly-upheld` adds an appraisal talk to the cycle (origin "
    "`appeal`, due four weeks after the decision) whose draft is prefilled from the finalised "
    "appraisal and goes through the same procedure; the finalised appraisal stays as it was, "
    "and the two are linked (`supersedes`, `supersededBy`).",
    operation_id="createAppraisalAppealDecision",
    status_code=201,
    response_model=AppealDecisionOut,
    responses={**CONFLICT, **RULE},
)
async def record_appeal_decision(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: AppealDecisionIn
) -> AppealDecisionOut:
    recorded = await appeals.record_decision(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        procedure=body.procedure,
        outcome=body.outcome,
        decided_on=body.decided_on,
        reference=body.reference,
    )
    return _decision_out(recorded.decision)


@router.get(
    "/talks/{talkId}/appeal-decisions",
    summary="The outcomes of formal objections and appeals against the appraisal (R6.12)",
    description="For whoever may read the appraisal.",
    operation_id="listAppraisalAppealDecisions",
    response_model=AppealDecisionList,
    responses=CONFLICT,
)
async def list_appeal_decisions(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId
) -> AppealDecisionList:
    found = await appeals.list_decisions(session, actor=actor, today=today, talk_id=talk_id)
    return AppealDecisionList(items=[_decision_out(d) for d in found])


@router.get(
    "/appraisal-outcomes",
    summary="Appraisal outcomes for pay, rewards and probation decisions (HR, scope outcomes:read)",
    description="The final rating, the reward, whether it is a probation or early appraisal and "
    "the finalisation date; never motivations, informant input or objections.",
    operation_id="listAppraisalOutcomes",
    dependencies=[AUDITED_READ],
)
async def list_outcomes(
    session: Session,
    actor: CurrentActor,
    page: Pagination,
    state: rules.State | None = None,
    finalised_since: Annotated[IsoDate | None, Query(alias="finalisedSince")] = None,
    final_rating: Annotated[int | None, Query(alias="finalRating", ge=1, le=5)] = None,
    org_unit: Annotated[
        str | None,
        Query(alias="orgUnit", pattern=KEY_PATTERN, description="This unit and all below it."),
    ] = None,
) -> OutcomePage:
    rows, total = await outcomes.list_outcomes(
        session,
        actor=actor,
        page=page,
        filters=outcomes.OutcomeFilters(
            state=state.value if state else None,
            finalised_since=finalised_since,
            final_rating=final_rating,
            org_unit=org_unit,
        ),
    )
    items = [
        OutcomeOut(
            appraisal_id=r.id,
            talk_id=r.talk_id,
            cycle_id=r.cycle_id,
            employee=EmployeeRef(personnel_number=r.personnel_number, name=r.name),
            org_unit=r.org_unit,
            state=r.state,
            probation=r.cycle_kind == "probation",
            early=r.origin == "early",
            final_rating=r.final_rating if r.state == "finalised" else None,
            final_label=rules.SCALE.get(r.final_rating) if r.state == "finalised" else None,
            reward=r.reward is not None,
            finalised_on=r.finalised_on,
            appeal_reference=r.appeal_reference,
            supersedes=r.supersedes_id,
            superseded_by=r.superseded_by,
        )
        for r in rows
    ]
    return OutcomePage(items=items, meta=page_meta(page, total))


# --- R6.10 informants ---------------------------------------------------------------------


def _request_out(request, name: str | None) -> InformantRequestOut:
    return InformantRequestOut(
        id=request.id,
        talk_id=request.talk_id,
        informant=name or request.external_name or "",
        external=request.informant_id is None,
        relationship=request.relationship,
        relationship_note=request.relationship_note,
        question=request.question,
        requested_by=request.requested_by,
        answer=request.answer,
        received_on=request.received_on,
        recorded_on_behalf=request.recorded_on_behalf,
        suggestion_id=request.suggestion_id,
    )


def _informant(body) -> informants.Informant | None:
    if body is None:
        return None
    return informants.Informant(
        body.personnel_number,
        body.name,
        body.email,
        body.relationship,
        body.relationship_note,
    )


@router.post(
    "/talks/{talkId}/informant-requests",
    summary="Ask an informant for input: an employee, or an external person (manager, R6.10)",
    operation_id="createInformantRequest",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def request_input(
    session: Session,
    actor: CurrentActor,
    today: Today,
    talk_id: TalkId,
    body: InformantRequestIn,
) -> InformantRequestOut:
    request, name = await informants.request_input(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        informant=_informant(body.informant),
        question=body.question,
    )
    return _request_out(request, name)


@router.get(
    "/talks/{talkId}/informant-requests",
    summary="The informants asked and what each said (the employee: once the draft is shared, "
    "R6.10, R6.3)",
    operation_id="listTalkInformantRequests",
    dependencies=[AUDITED_READ],
    responses={409: {"description": "Nothing to appraise yet: the set was never agreed (R6.4)."}},
)
async def list_requests(
    session: Session, actor: CurrentActor, today: Today, page: Pagination, talk_id: TalkId
) -> InformantRequestPage:
    rows, total = await informants.list_requests(
        session, actor=actor, today=today, talk_id=talk_id, page=page
    )
    return InformantRequestPage(
        items=[_request_out(r, n) for r, n in rows], meta=page_meta(page, total)
    )


@router.get(
    "/informant-requests",
    summary="The requests for input addressed to the caller as an informant (R6.10)",
    operation_id="listMyInformantRequests",
)
async def my_requests(
    session: Session, actor: CurrentActor, today: Today, page: Pagination
) -> InformantRequestPage:
    rows, total = await informants.my_requests(session, actor=actor, today=today, page=page)
    return InformantRequestPage(
        items=[_request_out(r, n) for r, n in rows], meta=page_meta(page, total)
    )


@router.post(
    "/informant-requests/{requestId}/responses",
    summary="Answer a request for input, once: the informant, or the manager for an external "
    "informant (R6.10)",
    operation_id="createInformantResponse",
    status_code=201,
    responses=CONFLICT,
)
async def respond(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request_id: RequestId,
    body: InformantResponseIn,
) -> InformantRequestOut:
    request, name = await informants.respond(
        session,
        actor=actor,
        today=today,
        request_id=request_id,
        answer=body.answer,
        received_on=body.received_on,
    )
    return _request_out(request, name)


@router.post(
    "/talks/{talkId}/informant-suggestions",
    summary="Ask the manager to ask someone for input (employee, R6.10)",
    operation_id="createInformantSuggestion",
    status_code=201,
    responses=CONFLICT,
)
async def suggest(
    session: Session,
    actor: CurrentActor,
    today: Today,
    talk_id: TalkId,
    body: InformantSuggestionIn,
) -> InformantSuggestionOut:
    suggestion = await informants.suggest(
        session, actor=actor, today=today, talk_id=talk_id, name=body.name, reason=body.reason
    )
    return InformantSuggestionOut.model_validate(suggestion)


@router.get(
    "/talks/{talkId}/informant-suggestions",
    summary="The employee's suggestions of informants and the manager's answers (R6.10)",
    operation_id="listInformantSuggestions",
)
async def list_suggestions(
    session: Session, actor: CurrentActor, today: Today, page: Pagination, talk_id: TalkId
) -> InformantSuggestionPage:
    rows, total = await informants.list_suggestions(
        session, actor=actor, today=today, talk_id=talk_id, page=page
    )
    return InformantSuggestionPage(
        items=[
            InformantSuggestionOut.model_validate(r).model_copy(update={"request_id": request})
            for r, request in rows
        ],
        meta=page_meta(page, total),
    )


@router.post(
    "/informant-suggestions/{suggestionId}/answers",
    summary="Answer the employee's suggestion: ask the informant, or decline with a reason "
    "(manager, R6.10)",
    operation_id="createInformantSuggestionAnswer",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def answer_suggestion(
    session: Session,
    actor: CurrentActor,
    today: Today,
    suggestion_id: Annotated[uuid.UUID, Path(alias="suggestionId")],
    body: InformantSuggestionAnswerIn,
) -> InformantSuggestionOut:
    suggestion, request = await informants.answer_suggestion(
        session,
        actor=actor,
        today=today,
        suggestion_id=suggestion_id,
        decision=body.decision,
        reason=body.reason,
        informant=_informant(body.informant),
        question=body.question,
    )
    out = InformantSuggestionOut.model_validate(suggestion)
    return out.model_copy(update={"request_id": request.id if request else None})
