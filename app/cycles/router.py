"""Cycles, talks and the decisions that shape them: thin handlers over the services."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query, Request, Response

from app.api.deps import BULK, CurrentActor, Scheduling, Session, Today
from app.api.etag import (
    NOT_MODIFIED,
    PERSONAL,
    PRECONDITIONS,
    IfMatch,
    IfNoneMatch,
    cached_json,
    etag_of,
    require_if_match,
)
from app.api.pagination import Pagination
from app.api.params import RULE, CycleId, KeyQuery, PersonnelNumber, RequestId, TalkId
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.cycles import service, talks, views
from app.cycles.schemas import (
    AppointmentIn,
    AttendeeIn,
    AttendeeOut,
    CycleDecisionIn,
    CycleDecisionOut,
    CycleDecisionPage,
    CycleDetail,
    CyclePage,
    CycleStatus,
    ExtraTalkIn,
    HardshipIn,
    HardshipOut,
    HardshipPage,
    PeriodOpeningIn,
    PeriodOpeningOut,
    PeriodOut,
    PeriodPage,
    TalkHeldIn,
    TalkOut,
    TalkRequestAnswerIn,
    TalkRequestIn,
    TalkRequestOut,
)
from app.pagination import page_meta
from app.schemas import KEY_PATTERN, IsoDate

router = ApiRouter(prefix=API_PREFIX, tags=["cycles"])

CONFLICT = {409: {"description": "The cycle or talk is closed, or this was done already."}}


@router.get(
    "/cycles",
    summary="Cycles the caller may see, the overdue ones first",
    operation_id="listCycles",
)
async def list_cycles(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    page: Pagination,
    employee: KeyQuery = None,
    org_unit: Annotated[
        str | None,
        Query(alias="orgUnit", pattern=KEY_PATTERN, description="This unit and all below it."),
    ] = None,
    period: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{4}(-[0-9]{4})?$", description="Overlapping this period."),
    ] = None,
    status: Annotated[
        CycleStatus | None,
        Query(description="Without it, every cycle but the superseded ones."),
    ] = None,
    overdue: Annotated[
        bool | None, Query(description="Cycles with a talk past its due date, or without.")
    ] = None,
    due_before: Annotated[
        IsoDate | None,
        Query(alias="dueBefore", description="Cycles with a talk to hold due before this day."),
    ] = None,
) -> CyclePage:
    filters = service.CycleFilters(
        employee=employee,
        org_unit=org_unit,
        period=period,
        status=status.value if status else None,
        overdue=overdue,
        due_before=due_before,
    )
    rows, total = await service.list_cycles(
        session, actor=actor, today=today, config=config, page=page, filters=filters
    )
    return CyclePage(items=[views.cycle_out(r) for r in rows], meta=page_meta(page, total))


@router.get(
    "/cycles/{cycleId}",
    summary="A cycle with its talks, due dates, requests and the caller's actions",
    operation_id="getCycle",
    response_model=CycleDetail,
    responses=NOT_MODIFIED,
)
async def get_cycle(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    cycle_id: CycleId,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    view = await service.get_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    return cached_json(views.cycle_detail(view, today), request, cache_control=PERSONAL)


@router.post(
    "/cycles/{cycleId}/talks",
    summary="Add an extra talk (R2.5) or an early appraisal (R6.1) (manager)",
    operation_id="createTalk",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def create_talk(
    session: Session, actor: CurrentActor, today: Today, cycle_id: CycleId, body: ExtraTalkIn
) -> TalkOut:
    view = await talks.add_talk(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        kind=body.kind.value,
        due_date=body.due_date,
        reason=body.reason,
        early=body.early,
    )
    return views.talk_out(view, today)


@router.post(
    "/cycles/{cycleId}/talk-requests",
    summary="Ask for an extra talk (the employee, R2.5)",
    operation_id="createTalkRequest",
    status_code=201,
    responses=CONFLICT,
)
async def create_talk_request(
    session: Session, actor: CurrentActor, today: Today, cycle_id: CycleId, body: TalkRequestIn
) -> TalkRequestOut:
    request = await talks.request_talk(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        kind=body.kind.value,
        reason=body.reason,
    )
    return views.request_out(request)


@router.post(
    "/talk-requests/{requestId}/answers",
    summary="Answer a request for an extra talk: schedule it or decline (manager, R2.5)",
    operation_id="createTalkRequestAnswer",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def answer_talk_request(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request_id: RequestId,
    body: TalkRequestAnswerIn,
) -> TalkRequestOut:
    request = await talks.answer_talk_request(
        session,
        actor=actor,
        today=today,
        request_id=request_id,
        decision=body.decision,
        due_date=body.due_date,
        reason=body.reason,
    )
    return views.request_out(request)


@router.get(
    "/talks/{talkId}",
    summary="A talk, with its ETag for updates",
    operation_id="getTalk",
    response_model=TalkOut,
    responses=NOT_MODIFIED,
)
async def get_talk(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    talk_id: TalkId,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    view = await talks.get_talk(session, actor=actor, today=today, talk_id=talk_id)
    return cached_json(views.talk_out(view, today), request, cache_control=PERSONAL)


@router.put(
    "/talks/{talkId}/appointment",
    summary="Schedule or reschedule a talk: date and time, place or video link (manager, R2.6)",
    operation_id="putTalkAppointment",
    response_model=TalkOut,
    responses={**PRECONDITIONS, **CONFLICT, **RULE},
)
async def put_appointment(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    talk_id: TalkId,
    body: AppointmentIn,
    _if_match: IfMatch = None,
) -> Response:
    view = await talks.schedule_talk(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        location=body.location,
        video_url=str(body.video_url) if body.video_url else None,
        precondition=lambda seen: require_if_match(request, etag_of(views.talk_out(seen, today))),
    )
    return cached_json(views.talk_out(view, today), request, cache_control=PERSONAL)


@router.post(
    "/talks/{talkId}/completions",
    summary="Record that a talk was held, and who else attended (manager)",
    operation_id="createTalkCompletion",
    status_code=201,
    responses={**CONFLICT, **RULE},
)
async def complete_talk(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: TalkHeldIn
) -> TalkOut:
    view = await talks.record_held(
        session,
        actor=actor,
        today=today,
        talk_id=talk_id,
        held_on=body.held_on,
        attendee_ids=body.attendee_ids,
    )
    return views.talk_out(view, today)


@router.post(
    "/talks/{talkId}/attendees",
    summary="Propose another attendee (manager or employee, R2.8)",
    operation_id="createTalkAttendee",
    status_code=201,
    responses=CONFLICT,
)
async def propose_attendee(
    session: Session, actor: CurrentActor, today: Today, talk_id: TalkId, body: AttendeeIn
) -> AttendeeOut:
    attendee, _ = await talks.propose_attendee(
        session, actor=actor, today=today, talk_id=talk_id, name=body.name, role=body.role
    )
    return views.attendee_out(attendee)


@router.post(
    "/talks/{talkId}/attendees/{attendeeId}/consents",
    summary="Consent to a proposed attendee (the other party, R2.8)",
    operation_id="createTalkAttendeeConsent",
    status_code=201,
    responses=CONFLICT,
)
async def consent_attendee(
    session: Session,
    actor: CurrentActor,
    today: Today,
    talk_id: TalkId,
    attendee_id: Annotated[uuid.UUID, Path(alias="attendeeId")],
) -> AttendeeOut:
    attendee, _ = await talks.consent_attendee(
        session, actor=actor, today=today, talk_id=talk_id, attendee_id=attendee_id
    )
    return views.attendee_out(attendee)


@router.get(
    "/employees/{personnelNumber}/cycle-decisions",
    summary="One-year cycle decisions for an employee (R2.2)",
    operation_id="listCycleDecisions",
)
async def list_cycle_decisions(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    personnel_number: PersonnelNumber,
) -> CycleDecisionPage:
    rows, employee, total = await service.list_cycle_decisions(
        session, actor=actor, today=today, personnel_number=personnel_number, page=page
    )
    return CycleDecisionPage(
        items=[views.decision_out(d, employee) for d in rows], meta=page_meta(page, total)
    )


@router.post(
    "/employees/{personnelNumber}/cycle-decisions",
    summary="Decide on one-year cycles from a year on, or back to periods (manager, R2.2)",
    operation_id="createCycleDecision",
    status_code=201,
)
async def create_cycle_decision(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    personnel_number: PersonnelNumber,
    body: CycleDecisionIn,
) -> CycleDecisionOut:
    decision, employee = await service.record_cycle_decision(
        session,
        actor=actor,
        today=today,
        config=config,
        personnel_number=personnel_number,
        from_year=body.from_year,
        one_year=body.one_year,
        reason=body.reason,
    )
    return views.decision_out(decision, employee)


@router.get(
    "/hardship-decisions",
    summary="Hardship decisions of the Board (HR, R7)",
    operation_id="listHardshipDecisions",
)
async def list_hardship_decisions(
    session: Session,
    actor: CurrentActor,
    page: Pagination,
    employee: KeyQuery = None,
    cycle_id: Annotated[uuid.UUID | None, Query(alias="cycleId")] = None,
) -> HardshipPage:
    rows, total = await service.list_hardship(
        session, actor=actor, page=page, employee=employee, cycle_id=cycle_id
    )
    return HardshipPage(
        items=[views.hardship_out(d, e) for d, e in rows], meta=page_meta(page, total)
    )


@router.post(
    "/hardship-decisions",
    summary="Record a hardship decision of the Board that sets a rule aside (HR, R7)",
    operation_id="createHardshipDecision",
    status_code=201,
)
async def create_hardship_decision(
    session: Session, actor: CurrentActor, today: Today, body: HardshipIn
) -> HardshipOut:
    decision, employee = await service.record_hardship(
        session,
        actor=actor,
        today=today,
        reference=body.reference,
        reason=body.reason,
        rule=body.rule,
        cycle_id=body.cycle_id,
        talk_id=body.talk_id,
    )
    return views.hardship_out(decision, employee)


@router.get("/periods", summary="The org-wide periods (T2.1)", operation_id="listPeriods")
async def list_periods(
    session: Session, _actor: CurrentActor, today: Today, config: Scheduling, page: Pagination
) -> PeriodPage:
    periods = await service.list_periods(session, config=config, today=today)
    items = [
        PeriodOut(
            id=p.id,
            start_date=p.start,
            end_date=p.end,
            current=p.contains(today),
            opened_at=opening.opened_at if opening else None,
            opened_by=opening.opened_by if opening else None,
        )
        for p, opening in periods
    ]
    return PeriodPage(
        items=items[page.offset : page.offset + page.page_size], meta=page_meta(page, len(items))
    )


@router.post(
    "/period-openings",
    summary="Open an org-wide period: every active employee gets its cycles (HR, T2.1)",
    operation_id="createPeriodOpening",
    status_code=201,
    dependencies=[BULK],  # its memory is given back after the response (app.memory)
)
async def open_period(
    session: Session, actor: CurrentActor, today: Today, config: Scheduling, body: PeriodOpeningIn
) -> PeriodOpeningOut:
    opening = await service.open_period(
        session, actor=actor, today=today, config=config, period_id=body.period
    )
    return PeriodOpeningOut(
        id=opening.id,
        period=opening.period_id,
        start_date=opening.start_date,
        end_date=opening.end_date,
        cycles_created=opening.cycles_created,
        opened_by=opening.opened_by,
        opened_at=opening.opened_at,
    )
