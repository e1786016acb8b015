"""The test clock over the API."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.schemas import ApiInput, ApiModel, IsoDate


class ClockOut(ApiModel):
    """The service's today: the real date in Europe/Amsterdam, moved by the test clock where
    it is on (never in production)."""

    today: date = Field(description="Today as every rule of the service sees it.")
    real_today: date
    """The real date in Europe/Amsterdam (YYYY-MM-DD)."""
    offset_days: int
    """How many days `today` is from `realToday` (negative: in the past); 0 without the test
    clock."""
    adjustable: bool = Field(
        description="Whether the test clock is on (GOEDGESPREK_TEST_CLOCK); never in production."
    )


class ClockIn(ApiInput):
    """Set the test clock: the date the service takes for today."""

    today: IsoDate
    """The new today (YYYY-MM-DD), at most 100 years from the real date."""


class ClockAdvanceIn(ApiInput):
    """Move the test clock forward."""

    days: int = Field(ge=1, le=3660, description="How many days, 1–3660.")
