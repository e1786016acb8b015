"""The test clock: read by everyone, moved by HR with the test clock on (GOEDGESPREK_TEST_CLOCK)."""

from __future__ import annotations

from fastapi import Request

from app.api.deps import CurrentActor, Session
from app.api.routing import ApiRouter
from app.clock import service
from app.clock.schemas import ClockAdvanceIn, ClockIn, ClockOut
from app.config import API_PREFIX

router = ApiRouter(prefix=API_PREFIX, tags=["clock"])


def _test_clock(request: Request) -> bool:
    return request.app.state.settings.test_clock_on


def _out(state: service.ClockState) -> ClockOut:
    return ClockOut(
        today=state.today,
        real_today=state.real_today,
        offset_days=state.offset_days,
        adjustable=state.adjustable,
    )


@router.get("/clock", summary="Today as the service sees it", operation_id="getClock")
async def get_clock(session: Session, _actor: CurrentActor, request: Request) -> ClockOut:
    return _out(await service.read_clock(session, test_clock=_test_clock(request)))


@router.put(
    "/clock",
    summary="Set today (HR, with the test clock on (GOEDGESPREK_TEST_CLOCK))",
    operation_id="putClock",
    description="Every deadline and overdue flag follows the new date, in every worker.",
)
async def put_clock(
    session: Session, actor: CurrentActor, request: Request, body: ClockIn
) -> ClockOut:
    state = await service.set_clock(
        session, actor=actor, test_clock=_test_clock(request), today=body.today
    )
    return _out(state)


@router.post(
    "/clock/advances",
    summary="Move today forward by some days (HR, with the test clock on (GOEDGESPREK_TEST_CLOCK))",
    operation_id="createClockAdvance",
    status_code=201,
)
async def advance_clock(
    session: Session, actor: CurrentActor, request: Request, body: ClockAdvanceIn
) -> ClockOut:
    state = await service.advance_clock(
        session, actor=actor, test_clock=_test_clock(request), days=body.days
    )
    return _out(state)


@router.delete(
    "/clock",
    summary="Back to the real date (HR, with the test clock on (GOEDGESPREK_TEST_CLOCK))",
    operation_id="deleteClock",
)
async def delete_clock(session: Session, actor: CurrentActor, request: Request) -> ClockOut:
    return _out(await service.reset_clock(session, actor=actor, test_clock=_test_clock(request)))
