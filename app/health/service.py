from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import ServiceUnavailable
from app.messages import msg

RETRY_AFTER_SECONDS = "10"


async def check_ready(session: AsyncSession, *, head: str | None) -> str:
    """The database answers and its schema is at the migrations' head; else 503."""
    try:
        current = await session.scalar(text("SELECT version_num FROM alembic_version"))
    except (SQLAlchemyError, OSError) as exc:
        raise ServiceUnavailable(
            msg("database-unavailable.not-ready"),
            code="database-unavailable",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        ) from exc
    if current != head:
        raise ServiceUnavailable(
            msg("migrations-pending", current=current, head=head),
            code="migrations-pending",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    return current
