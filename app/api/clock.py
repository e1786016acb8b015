"""Today's date for the rules: a calendar date in Europe/Amsterdam, read only here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    return datetime.now(AMSTERDAM).date()


Today = Annotated[date, Depends(today)]
