"""Alembic environment: runs on a connection handed over by app.migrate, or on DATABASE_URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import get_settings
from app.db import async_url
from app.models import Base

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """The job queue's tables are procrastinate's (made from its schema.sql by migration 0017),
    not the models': autogenerate leaves them alone."""
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_url(url: str) -> None:
    engine = create_async_engine(async_url(url))
    async with engine.begin() as conn:
        await conn.run_sync(run_on)
    await engine.dispose()


def main() -> None:
    if context.is_offline_mode():
        context.configure(url="postgresql://", target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = get_settings().database_url
    if not url:
        raise SystemExit("set DATABASE_URL, or use `goedgesprek migrate` (embedded database)")
    asyncio.run(run_with_url(url))


main()
