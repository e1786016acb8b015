"""Alembic, driven from code: the only way the schema is made (in tests too)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

# alembic.ini and migrations/ live beside the app package in a checkout; an installed package
# (the container image) finds them where GOEDGESPREK_HOME says.
ROOT = Path(os.environ.get("GOEDGESPREK_HOME") or Path(__file__).resolve().parent.parent)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


# One lock for every process that migrates: replicas and workers starting together apply the
# migrations (and load the bundled guide) one after the other; the later ones find nothing to do.
_LOCK_KEY = "hashtext('goedgesprek.migrate')"


@asynccontextmanager
async def migration_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """A PostgreSQL session-level advisory lock, held on a connection of its own for as long as
    the block runs (released when it ends, or when the process dies)."""
    async with engine.connect() as conn:
        await conn.execute(text(f"SELECT pg_advisory_lock({_LOCK_KEY})"))
        await conn.commit()
        try:
            yield
        finally:
            await conn.execute(text(f"SELECT pg_advisory_unlock({_LOCK_KEY})"))
            await conn.commit()
