"""The real date is worked out once per day in Amsterdam, not on every request (issue 14)."""

from __future__ import annotations

import time
from datetime import date, datetime

from app.clock import today as clock


def test_the_date_is_kept_until_the_next_midnight_in_amsterdam(monkeypatch):
    monkeypatch.setattr(clock, "_real_today", (time.time() + 60, date(2000, 1, 1)))
    assert clock.real_today() == date(2000, 1, 1)  # still before the midnight it was kept for
    monkeypatch.setattr(clock, "_real_today", (time.time() - 1, date(2000, 1, 1)))
    today = datetime.now(clock.AMSTERDAM).date()
    assert clock.real_today() == today  # past it: worked out again
    until, kept = clock._real_today
    assert kept == today
    next_midnight = datetime.fromtimestamp(until, clock.AMSTERDAM)
    assert next_midnight.date() == date.fromordinal(today.toordinal() + 1)
    assert (next_midnight.hour, next_midnight.minute) == (0, 0)
