"""Today's date for the rules: a calendar date in Europe/Amsterdam, read only here (the
API's ``Today`` dependency gets it through ``app.state.today``, set by ``create_app``).

With the test clock on (``GOEDGESPREK_TEST_CLOCK=true``, never in production mode) HR may move
the service's notion of today (after Stripe's test clocks): the offset in days is stored in the
database, so every worker and replica agrees on it. Otherwise the offset is never read and
today is the real date.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.infrastructure import ClockSetting

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


_real_today: tuple[float, date] = (0.0, date.min)
"""The date in Amsterdam and the moment (epoch seconds) its next midnight begins."""


def real_today() -> date:
    """The real date in Europe/Amsterdam; worked out once a day, not on every request."""
    global _real_today
    until, today = _real_today
    if time.time() < until:
        return today
    now = datetime.now(AMSTERDAM)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), AMSTERDAM)
    _real_today = (midnight.timestamp(), now.date())
    return now.date()


async def clock_offset(session: AsyncSession) -> int:
    return await session.scalar(select(ClockSetting.offset_days)) or 0


async def service_today(session: AsyncSession, *, test_clock: bool) -> date:
    """The one clock of every time-dependent rule: the real date, plus the test clock's offset
    when the test clock is on (``GOEDGESPREK_TEST_CLOCK``; never in production mode)."""
    if not test_clock:
        return real_today()
    return real_today() + timedelta(days=await clock_offset(session))
