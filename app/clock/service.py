"""Setting, advancing and resetting the test clock (after Stripe's test clocks).

The offset in days is stored in one database row, so every worker and replica agrees on
today. Unless the service runs with the test clock on (``GOEDGESPREK_TEST_CLOCK=true``, refused
in production mode) every change is refused (403 ``test-clock-off``) and the offset is never
read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.trail import record
from app.auth import Actor
from app.authz import require_hr
from app.clock.today import clock_offset, real_today
from app.errors import Forbidden, InvalidInput, param
from app.messages import msg
from app.models.infrastructure import ClockSetting

MAX_OFFSET_DAYS = 36_600  # a century either way


@dataclass(frozen=True)
class ClockState:
    today: date
    real_today: date
    offset_days: int
    adjustable: bool


async def read_clock(session: AsyncSession, *, test_clock: bool) -> ClockState:
    real = real_today()
    offset = await clock_offset(session) if test_clock else 0
    return ClockState(real + timedelta(days=offset), real, offset, test_clock)


_REMIND = text("SELECT goedgesprek_wake('remind')")
"""The worker's reminder run, queued with the clock's move: reminders follow the new today at
once (when this commits) instead of at the next hourly run."""


def _writable(actor: Actor, test_clock: bool) -> None:
    if actor.kind != "system":  # the command line (`goedgesprek clock`) acts as the system
        require_hr(actor)
    if not test_clock:
        raise Forbidden(
            msg("test-clock-off"),
            code="test-clock-off",
        )


async def _store(session: AsyncSession, actor: Actor, offset: int, field: str) -> None:
    if abs(offset) > MAX_OFFSET_DAYS:
        raise InvalidInput(
            msg("invalid-input.clock-too-far", field=field),
            invalid_params=[param(field, "out_of_range", "at most 100 years from the real date")],
        )
    setting = await session.scalar(select(ClockSetting).with_for_update())
    if setting is None:
        # The first setting: an upsert, so that two first writers do not collide on id 1.
        await session.execute(
            pg_insert(ClockSetting)
            .values(id=1, offset_days=offset, set_by=actor.subject)
            .on_conflict_do_update(
                index_elements=[ClockSetting.id],
                set_={"offset_days": offset, "set_by": actor.subject},
            )
        )
        record(
            session,
            action="create",
            resource_type="clock",
            resource_id="1",
            after={"offset_days": offset, "set_by": actor.subject},
        )
    else:
        setting.offset_days, setting.set_by = offset, actor.subject
    await session.flush()
    await session.execute(_REMIND)


async def set_clock(
    session: AsyncSession, *, actor: Actor, test_clock: bool, today: date
) -> ClockState:
    """HR sets today (with the test clock on); every time-dependent rule follows it."""
    _writable(actor, test_clock)
    await _store(session, actor, (today - real_today()).days, "today")
    return await read_clock(session, test_clock=test_clock)


async def advance_clock(
    session: AsyncSession, *, actor: Actor, test_clock: bool, days: int
) -> ClockState:
    _writable(actor, test_clock)
    if not 1 <= days <= 3660:
        raise InvalidInput(
            msg("invalid-input.out-of-range", field="days"),
            invalid_params=[param("days", "out_of_range", "must be 1–3660")],
        )
    # Read under the row lock, so that two advances at once both count.
    offset = await session.scalar(select(ClockSetting.offset_days).with_for_update()) or 0
    await _store(session, actor, offset + days, "days")
    return await read_clock(session, test_clock=test_clock)


async def reset_clock(session: AsyncSession, *, actor: Actor, test_clock: bool) -> ClockState:
    _writable(actor, test_clock)
    setting = await session.scalar(select(ClockSetting).with_for_update())
    if setting is not None:
        await session.delete(setting)
        await session.flush()
        await session.execute(_REMIND)
    return await read_clock(session, test_clock=test_clock)
