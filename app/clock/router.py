"""The test clock: read by everyone, moved by HR outside production mode."""

from __future__ import annotations

from fastapi import Request

from app.api.deps import CurrentActor, Session
from app.api.routing import ApiRouter
from app.clock import service
from app.clock.schemas import ClockAdvanceIn, ClockIn, ClockOut
from app.config import API_PREFIX

router = ApiRouter(prefix=API_PREFIX, tags=["clock"])


def _production(request: Request) -> bool:
    return request.app.state.settings.production


def _out(state: service.ClockState) -> ClockOut:
    return ClockOut(
        today=state.today,
        real_today=state.real_today,
        offset_days=state.offset_days,
        adjustable=state.adjustable,
    )


@router.get("/clock", summary="Today as the service sees it", operation_id="getClock")
async def get_clock(session: Session, _actor: CurrentActor, request: Request) -> ClockOut:
    return _out(await service.read_clock(session, production=_production(request)))


@router.put(
    "/clock",
    summary="Set today (HR, outside production mode)",
    operation_id="putClock",
    description="Every deadline and overdue flag follows the new date, in every worker.",
)
async def put_clock(
    session: Session, actor: CurrentActor, request: Request, body: ClockIn
) -> ClockOut:
    state = await service.set_clock(
        session, actor=actor, production=_production(request), today=body.today
    )
    return _out(state)


@router.post(
    "/clock/advances",
    summary="Move today forward by some days (HR, outside production mode)",
    operation_id="createClockAdvance",
    status_code=201,
)
async def advance_clock(
    session: Session, actor: CurrentActor, request: Request, body: ClockAdvanceIn
) -> ClockOut:
    state = await service.advance_clock(
        session, actor=actor, production=_production(request), days=body.days
    )
    return _out(state)


@router.delete(
    "/clock",
    summary="Back to the real date (HR, outside production mode)",
    operation_id="deleteClock",
)
async def delete_clock(session: Session, actor: CurrentActor, request: Request) -> ClockOut:
    return _out(await service.reset_clock(session, actor=actor, production=_production(request)))
