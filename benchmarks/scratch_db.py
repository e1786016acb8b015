"""The benchmarks' throwaway database: the embedded server, or a scratch database on
DATABASE_URL's server (created and dropped here, never the database DATABASE_URL names)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.db import async_url, embedded_postgres

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def database(folder: str) -> Iterator[str]:
    """``folder``: the embedded server's data directory under .data/ (one per benchmark, so
    that two can run at the same time). With BENCH_KEEP_DATABASE set, a scratch database on
    DATABASE_URL's server is kept, and its name printed, for EXPLAIN afterwards."""
    if os.environ.get("DATABASE_URL"):
        import asyncpg

        server = "postgresql://" + async_url(os.environ["DATABASE_URL"]).split("://", 1)[1]
        name = f"bench_{uuid.uuid4().hex[:8]}"

        async def admin(sql: str) -> None:
            conn = await asyncpg.connect(server)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
        base, _, query = async_url(os.environ["DATABASE_URL"]).partition("?")
        try:
            yield base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
        finally:
            if os.environ.get("BENCH_KEEP_DATABASE"):  # to look into afterwards (EXPLAIN)
                print(f"kept the scratch database {name} (BENCH_KEEP_DATABASE)", flush=True)
            else:
                asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        return
    with embedded_postgres(ROOT / ".data" / folder, database="bench", throwaway=True) as url:
        yield url
