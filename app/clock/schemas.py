"""The test clock over the API."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.schemas import ApiInput, ApiModel, IsoDate


class ClockOut(ApiModel):
    today: date = Field(description="Today as every rule of the service sees it.")
    real_today: date
    offset_days: int
    adjustable: bool = Field(
        description="Whether the test clock is on (GOEDGESPREK_TEST_CLOCK); never in production."
    )


class ClockIn(ApiInput):
    today: IsoDate


class ClockAdvanceIn(ApiInput):
    days: int = Field(ge=1, le=3660)
