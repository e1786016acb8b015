"""Calendar arithmetic of the regulation: calendar months and the org-wide periods (T2.1).

All dates are calendar dates in Europe/Amsterdam; "a month" is a calendar month, clamped at the
month's end (31 January + 1 month = 28/29 February); "two weeks" is 14 days.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

DAY = timedelta(days=1)
# The years the service plans in: far enough either way, and clear of date's limits (1–9999).
MIN_YEAR, MAX_YEAR = 1900, 2200


def add_months(day: date, months: int) -> date:
    """``day`` plus (or minus) calendar months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_remaining_at_least(start: date, end: date, months: int) -> bool:
    """Do at least ``months`` calendar months fit in [start, end] (end inclusive)?
    1 July – 31 December holds exactly six months; 2 July – 31 December does not."""
    return add_months(start, months) <= end + DAY


@dataclass(frozen=True)
class Period:
    """An org-wide period: 1 January of the epoch year and every ``length`` years after (T2.1)."""

    start: date
    end: date

    @property
    def id(self) -> str:
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class PeriodGrid:
    epoch_year: int = 2014
    length_years: int = 2

    def containing(self, day: date) -> Period:
        offset = (day.year - self.epoch_year) // self.length_years  # floor: years before epoch too
        first = self.epoch_year + offset * self.length_years
        return Period(date(first, 1, 1), date(first + self.length_years - 1, 12, 31))

    def after(self, period: Period) -> Period:
        return self.containing(period.end + DAY)

    def parse(self, value: str) -> Period | None:
        """A period id ("2016-2017", or "2016" for one-year periods) or None when it is not one."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
        if match is None or not MIN_YEAR <= int(match[1]) <= MAX_YEAR:
            return None
        period = self.containing(date(int(match[1]), 1, 1))
        return period if period.id == value else None
