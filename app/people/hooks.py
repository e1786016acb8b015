"""What a higher package does when people change (app/hooks.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.config import SchedulingConfig
from app.hooks import Hook


class Replan(Protocol):
    async def __call__(
        self,
        session: AsyncSession,
        *,
        actor: Actor,
        today: date,
        config: SchedulingConfig,
        employee_ids: Iterable[uuid.UUID],
    ) -> object: ...


replan_cycles: Hook[Replan] = Hook(
    "re-plan the cycles of changed employees (T2.1, R2.2-R2.4, R2.7)", expects=("app.cycles",)
)
"""Called in the sync's transaction with the employees whose scheduling facts changed."""
