"""Test fixtures: a real PostgreSQL (embedded, or TEST_DATABASE_URL), migrated by Alembic.

The run starts one embedded server (unless TEST_DATABASE_URL names one); each process, one per
pytest-xdist worker, makes its own throwaway database on it.

Each test runs inside one outer transaction that is rolled back afterwards; the app's commits
become savepoint releases (``join_transaction_mode="create_savepoint"``), so tests see real SQL
and constraints and still leave nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from app.auth import SYSTEM_ACTOR, mint_local_token
from app.config import AuthMode, Settings, get_settings
from app.db import READ_ONLY, async_url, create_engine, create_sessionmaker, embedded_postgres
from app.main import create_app
from app.migrate import upgrade
from app.reference.service import ensure_bundled_guides
from tests.org import EMPLOYEE, HR_SUB, MANAGER, freeze_clock, seed_org

# The ``live`` fixture: an app on a database of its own, behind a wire that counts round trips.
pytest_plugins = ["tests.live", "tests.committed"]

ROOT = Path(__file__).resolve().parent.parent
TEST_PG_DIR = ROOT / ".data" / "test-postgres"


def pytest_configure(config: pytest.Config) -> None:
    # SIGTERM (e.g. from a CI timeout) becomes KeyboardInterrupt, so pytest cleans up and the
    # embedded PostgreSQL is stopped, never left running.
    def _interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)
    if os.environ.get("TEST_DATABASE_URL") or hasattr(config, "workerinput"):
        return
    # One embedded server for the run, started before pytest-xdist starts its workers (they
    # inherit TEST_DATABASE_URL); every worker makes its own throwaway database on it.
    server = contextlib.ExitStack()
    config.add_cleanup(server.close)
    url = server.enter_context(
        embedded_postgres(TEST_PG_DIR, database="goedgesprek_test", throwaway=True)
    )
    os.environ["TEST_DATABASE_URL"] = url
    config.add_cleanup(lambda: os.environ.pop("TEST_DATABASE_URL", None))


def _plain_dsn(url: str) -> str:
    return "postgresql://" + async_url(url).split("://", 1)[1]


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    external = os.environ["TEST_DATABASE_URL"]  # the embedded server's, unless given
    # A throwaway database per process (per xdist worker) on that server, dropped afterwards.
    name = f"goedgesprek_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_plain_dsn(external))
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = async_url(external).partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
    try:
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("data"),
        auth_mode=AuthMode.local,
        test_clock=True,  # tests run on a fixed day (tests/org.py freeze_clock)
        # The suite is one address and a few people making thousands of requests a minute;
        # tests/test_rate_limits.py sets the limits it tests.
        rate_limit_failed_auth_per_address="100000/minute",
        rate_limit_failed_auth_per_subject="100000/minute",
        rate_limit_person="100000/minute",
        rate_limit_client="100000/minute",
        # No job worker inside the apps of the tests (tests/test_worker.py runs real ones);
        # webhook receivers of the tests listen on 127.0.0.1.
        worker_in_api=False,
        webhook_allow_private=True,
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url, settings)
    await upgrade(engine)  # the schema is made by the migrations, never by create_all
    async with create_sessionmaker(engine).begin() as session:  # as `goedgesprek migrate` does
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture(scope="session")
def app_factory(settings: Settings) -> Callable[..., object]:
    def make(**overrides: object):
        return create_app(settings.model_copy(update=overrides))

    return make


@pytest.fixture
async def dead_app(settings):
    """The app with its database on a port where nothing listens (refused at once)."""
    from app.outage import OUTAGE

    dead = "postgresql+asyncpg://postgres@127.0.0.1:9/goedgesprek"
    app = create_app(settings.model_copy(update={"database_url": dead}))
    try:
        yield app
    finally:
        await app.state.read_pool.close()
        await app.state.reports_pool.close()
        await app.state.engine.dispose()
        await app.state.reports_engine.dispose()
        OUTAGE.succeeded()


@pytest.fixture(scope="session")
def session_app(app_factory: Callable[..., object]):
    return app_factory()


@contextlib.asynccontextmanager
async def organisation_database(
    database_url: str, settings: Settings, prefix: str
) -> AsyncIterator[tuple[str, str, asyncpg.Connection]]:
    """A database of its own on the test server, migrated, with the bundled guide and the
    organisation of tests/org.py committed (the clock frozen); dropped afterwards. Yields its
    URL, its name and an admin connection to the server."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_plain_dsn(database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = database_url.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
    engine = create_engine(url, settings)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine).begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
            await freeze_clock(session)
            await seed_org(session)
        await engine.dispose()
        yield url, name, admin
    finally:
        await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@contextlib.asynccontextmanager
async def module_transaction(
    engine: AsyncEngine,
) -> AsyncIterator[tuple[AsyncConnection, async_sessionmaker[AsyncSession]]]:
    """An outer transaction for state a whole module shares (built once, rolled back at the
    end), with a sessionmaker whose commits are savepoint releases inside it."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        try:
            yield (
                conn,
                async_sessionmaker(
                    bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
                ),
            )
        finally:
            await outer.rollback()


@contextlib.asynccontextmanager
async def savepoint(conn: AsyncConnection) -> AsyncIterator[AsyncConnection]:
    """One test inside a module's shared state: what it writes is rolled back after it."""
    nested = await conn.begin_nested()
    try:
        yield conn
    finally:
        await nested.rollback()


def bind_sessions(app, sessionmaker: async_sessionmaker[AsyncSession]) -> tuple:
    """Run the app's requests on ``sessionmaker`` (the test's rolled-back transaction): its
    writes as they are, its reads in sessions marked read-only, so that a GET that writes is
    refused in the tests as in production. Returns what was there, for ``restore_sessions``."""
    original = (
        app.state.sessionmaker,
        app.state.read_sessionmaker,
        app.state.reports_sessionmaker,
    )
    app.state.sessionmaker = sessionmaker
    app.state.read_sessionmaker = async_sessionmaker(
        **{**sessionmaker.kw, "info": {READ_ONLY: True}}
    )
    app.state.reports_sessionmaker = app.state.read_sessionmaker
    return original


def restore_sessions(app, original: tuple) -> None:
    (
        app.state.sessionmaker,
        app.state.read_sessionmaker,
        app.state.reports_sessionmaker,
    ) = original


@pytest.fixture
def app(session_app, sessionmaker):
    """The app, its requests running inside the test's rolled-back transaction."""
    original = bind_sessions(session_app, sessionmaker)
    yield session_app
    restore_sessions(session_app, original)


def make_client(app) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as client:
        yield client


@pytest.fixture(scope="session")
def token(settings: Settings) -> Callable[..., str]:
    """``token(role="hr", sub="100001")`` or ``token(client="hris", scopes=["audit:read"])``."""

    def mint(
        role: str | list[str] = "employee",
        sub: str = "100001",
        client: str | None = None,
        scopes: list[str] | None = None,
        ttl: int | None = None,
    ) -> str:
        if client is not None:
            return mint_local_token(
                settings, subject=client, client_scopes=scopes or [], ttl_minutes=ttl
            )
        roles = [role] if isinstance(role, str) else role
        return mint_local_token(settings, subject=sub, roles=roles, ttl_minutes=ttl)

    return mint


@pytest.fixture(scope="session")
def auth(token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def headers(**kwargs: object) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(**kwargs)}"}

    return headers


@pytest.fixture(scope="session")
def probe_session_app(app_factory: Callable[..., object]):
    from tests.probe import probe_router

    app = app_factory()
    app.include_router(probe_router)
    return app


@pytest.fixture
async def probe_client(probe_session_app, sessionmaker, connection):
    """A client of an app with the test-only probe routes, on the rolled-back transaction."""
    from sqlalchemy import text

    from tests.probe import PROBE_TABLE_SQL

    await connection.execute(text(PROBE_TABLE_SQL))
    original = bind_sessions(probe_session_app, sessionmaker)
    async with make_client(probe_session_app) as client:
        yield client
    restore_sessions(probe_session_app, original)


@pytest.fixture
async def scratch_database_url(database_url, monkeypatch, tmp_path):
    """A fresh database on the test server, for the command line (which really commits)."""
    name = f"goedgesprek_cli_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_plain_dsn(database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = database_url.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GOEDGESPREK_AUTH_MODE", "local")
    monkeypatch.setenv("GOEDGESPREK_TEST_CLOCK", "true")
    monkeypatch.setenv("GOEDGESPREK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        yield url
    finally:
        get_settings.cache_clear()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


# --- the seeded organisation (tests/org.py) and its people, for the API tests ------------------


@pytest.fixture
async def org(session):
    """The organisation of tests/org.py on the test's transaction, with the clock frozen."""
    await freeze_clock(session)
    await seed_org(session)
    await session.flush()


@pytest.fixture
def hr(auth):
    return auth(role="hr", sub=HR_SUB)


@pytest.fixture
def manager(auth):
    return auth(role="manager", sub=MANAGER)


@pytest.fixture
def employee(auth):
    return auth(role="employee", sub=EMPLOYEE)
