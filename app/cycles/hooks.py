"""What higher packages check and do when a talk is scheduled or held (app/hooks.py)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.cycles.service import CycleRow
from app.hooks import Hook
from app.models.cycles import Talk
from app.states import Relation


class TalkStep(Protocol):
    """Refuses the step (raises a DomainError) or takes part in it, in its transaction, with
    the talk locked. ``day`` is the talk's date; ``field`` the request field that carries it."""

    async def __call__(
        self,
        session: AsyncSession,
        *,
        row: CycleRow,
        relation: Relation,
        talk: Talk,
        day: date,
        field: str,
        today: date,
    ) -> None: ...


scheduling_talk: Hook[TalkStep] = Hook(
    "scheduling a talk (R6.3: an appraisal talk a week after the shared draft)",
    expects=("app.appraisals",),
)
holding_talk: Hook[TalkStep] = Hook(
    "recording a talk as held (R4.6, R5.2: the agreed set; R6.3: the shared draft)",
    expects=("app.agreements", "app.appraisals"),
)
