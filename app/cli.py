"""The ``goedgesprek`` command: serve, worker, migrate, guide load, import, demo, clock,
token."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.config import (
    API_PREFIX,
    API_VERSION,
    AuthMode,
    ConfigurationError,
    Settings,
    get_settings,
)

if TYPE_CHECKING:
    from app.reference.document import GuideDocument


@contextmanager
def database_url(settings: Settings) -> Iterator[str]:
    """DATABASE_URL when set; otherwise an embedded PostgreSQL in the data directory."""
    if settings.database_url:
        yield settings.database_url
        return
    from app.db import embedded_postgres

    with embedded_postgres(settings.postgres_dir) as url:
        yield url


async def _migrate(url: str, settings: Settings) -> None:
    """Apply the migrations, then load the reference data shipped with the service."""
    from app.auth import SYSTEM_ACTOR
    from app.db import create_engine, create_sessionmaker
    from app.migrate import migration_lock, upgrade
    from app.reference.service import ensure_bundled_guides

    engine = create_engine(url, settings)
    try:
        # Several replicas starting at once: one migrates, the others wait and find it done.
        async with migration_lock(engine):
            await upgrade(engine)
            async with create_sessionmaker(engine).begin() as session:
                session.info["actor"] = SYSTEM_ACTOR
                for result in await ensure_bundled_guides(session, actor=SYSTEM_ACTOR):
                    if result.created:
                        print(f"loaded competency guide version {result.version}", file=sys.stderr)
    finally:
        await engine.dispose()


async def _load_guide(url: str, settings: Settings, document: GuideDocument) -> str:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_engine, create_sessionmaker
    from app.reference.service import load_guide

    engine = create_engine(url, settings)
    try:
        async with create_sessionmaker(engine).begin() as session:
            session.info["actor"] = SYSTEM_ACTOR
            result = await load_guide(session, document=document, actor=SYSTEM_ACTOR)
    finally:
        await engine.dispose()
    draft = (
        "" if result.adopted else "; a draft, not in force until its adoption is recorded (R3.5)"
    )
    if result.created:
        return f"loaded competency guide version {result.version}{draft}"
    if result.adopted_now:
        return f"competency guide version {result.version} is already loaded; adoption recorded"
    return f"competency guide version {result.version} is already loaded; nothing changed{draft}"


def cmd_guide_load(settings: Settings, args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from app.errors import DomainError
    from app.reference.document import read_document

    try:
        document = read_document(Path(args.file))  # validated before anything is written
        with database_url(settings) as url:
            asyncio.run(_migrate(url, settings))
            print(asyncio.run(_load_guide(url, settings, document)))
    except (OSError, UnicodeDecodeError, ValidationError, DomainError, SQLAlchemyError) as exc:
        print(f"goedgesprek guide load: {args.file}: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from app.logs import configure_logging

    configure_logging(settings.log_level)
    with database_url(settings) as url:
        asyncio.run(_migrate(url, settings))
    print("migrations applied (alembic head)")
    return 0


def _banner(settings: Settings) -> str:
    base = f"http://{settings.host}:{settings.port}{API_PREFIX}"
    lines = [
        f"goedgesprek API on {base}",
        f"  docs:    {base}/docs",
        f"  OpenAPI: {base}/openapi.json",
    ]
    if settings.auth_mode is AuthMode.local:
        lines += [
            "  token:   .venv/bin/goedgesprek token --sub 100001 --role hr",
            f'           curl -H "Authorization: Bearer $TOKEN" {base}/me',
        ]
    lines.append("Stop with Ctrl-C.")
    return "\n".join(lines)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from app.logs import configure_logging, logging_config
    from app.main import create_app

    settings.check_startup()
    configure_logging(settings.log_level)
    # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal; these
    # handlers turn it into SystemExit, so the `finally` that stops PostgreSQL always runs.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    if args.host or args.port:
        settings = settings.model_copy(
            update={k: v for k, v in (("host", args.host), ("port", args.port)) if v}
        )
    with database_url(settings) as url:
        if not args.skip_migrations:
            asyncio.run(_migrate(url, settings))
        options = {
            "host": settings.host,
            "port": settings.port,
            "log_config": logging_config(settings.log_level),
            "access_log": False,
            "proxy_headers": True,
            "server_header": False,
        }
        workers = settings.worker_count
        if workers > 1:
            # Several worker processes (spawned: each builds its own app and connection pool
            # from the environment). They must see the database this process resolved and the
            # auth mode it settled on, which depends on whether DATABASE_URL was given.
            os.environ["GOEDGESPREK_DATABASE_URL"] = url
            os.environ["GOEDGESPREK_AUTH_MODE"] = str(settings.auth_mode)
            os.environ["GOEDGESPREK_DATA_DIR"] = str(settings.data_dir.resolve())
            config = uvicorn.Config("app.main:create_app", factory=True, workers=workers, **options)
        else:
            app = create_app(settings.model_copy(update={"database_url": url}))
            config = uvicorn.Config(app, **options)
        socket = _bind(config)  # the banner comes once the port is ours
        print(_banner(settings), file=sys.stderr, flush=True)
        if workers > 1:
            # The supervisor stops its workers on SIGINT/SIGTERM and returns here.
            Multiprocess(config, sockets=[socket]).run()
        else:
            # uvicorn turns SIGINT and SIGTERM into a graceful shutdown and returns here;
            # leaving the `with` block then stops the embedded PostgreSQL.
            uvicorn.Server(config).run(sockets=[socket])
    return 0


def _bind(config) -> Any:
    """The listening socket, or a one-line error naming the address (uvicorn logs and exits)."""
    try:
        return config.bind_socket()
    except SystemExit:
        raise ConfigurationError(
            f"cannot listen on {config.host}:{config.port} (in use, or not an address of this "
            "machine): choose another with --host/--port or GOEDGESPREK_HOST/GOEDGESPREK_PORT"
        ) from None


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """The job worker (events, webhooks, reminders): as many as you like, on any machine."""
    from app.logs import configure_logging
    from app.worker import run_forever

    settings.check_startup()
    configure_logging(settings.log_level)
    with database_url(settings) as url:
        if not args.skip_migrations:
            asyncio.run(_migrate(url, settings))
        print("goedgesprek worker: waiting for jobs (Ctrl-C stops it)", file=sys.stderr, flush=True)
        # procrastinate stops gracefully on SIGINT/SIGTERM: running jobs finish first.
        asyncio.run(run_forever(settings, url, concurrency=args.concurrency))
    return 0


def cmd_token(settings: Settings, args: argparse.Namespace) -> int:
    from app.auth import mint_local_token

    if settings.auth_mode is not AuthMode.local:
        print("tokens can only be minted in local auth mode", file=sys.stderr)
        return 2
    if bool(args.sub) == bool(args.client):
        print("give either --sub with --role, or --client with --scope", file=sys.stderr)
        return 2
    if args.sub:
        token = mint_local_token(
            settings, subject=args.sub, roles=args.role or ["employee"], ttl_minutes=args.ttl
        )
    else:
        scopes = [s for chunk in args.scope or [] for s in chunk.split()]
        token = mint_local_token(
            settings, subject=args.client, client_scopes=scopes, ttl_minutes=args.ttl
        )
    print(token)
    return 0


async def _in_transaction(url: str, settings: Settings, work):
    """Run ``work(session, today)`` in one transaction: committed when it returns, else rolled
    back. ``today`` is the service's today (the test clock outside production mode)."""
    from app.clock.today import service_today
    from app.db import create_engine, create_sessionmaker

    engine = create_engine(url, settings)
    try:
        async with create_sessionmaker(engine).begin() as session:
            today = await service_today(session, test_clock=settings.test_clock_on)
            return await work(session, today)
    finally:
        await engine.dispose()


def _print_problems(prefix: str, exc: Exception) -> None:
    print(f"{prefix}: {exc}", file=sys.stderr)
    for param in getattr(exc, "invalid_params", None) or []:
        print(f"  {param['name']}: {param['reason']} ({param['code']})", file=sys.stderr)


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    import app.cycles  # noqa: F401  (registers the re-planning a new employee needs)
    from app.errors import DomainError
    from app.people import csv_import

    path = Path(args.file)
    if not path.is_file():
        print(f"goedgesprek import: {path}: no such file", file=sys.stderr)
        return 1
    import csv

    from sqlalchemy.exc import SQLAlchemyError

    try:
        with database_url(settings) as url:
            asyncio.run(_migrate(url, settings))
            summary = asyncio.run(
                _in_transaction(
                    url,
                    settings,
                    lambda session, today: csv_import.run(
                        session,
                        kind=args.kind,
                        path=path,
                        today=today,
                        config=settings.scheduling(),
                    ),
                )
            )
    except DomainError as exc:
        _print_problems(f"goedgesprek import {args.kind}: {path}", exc)
        return 1
    except (OSError, UnicodeDecodeError, csv.Error, SQLAlchemyError) as exc:
        print(f"goedgesprek import {args.kind}: {path}: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


def cmd_open_period(settings: Settings, args: argparse.Namespace) -> int:
    """T2.1 from the command line, as HR ``--hr``: open a period, or continue the opening a
    killed process left running (issue 20). Each chunk commits as it goes."""
    from app.auth import Actor, Role
    from app.clock.today import service_today
    from app.cycles import service
    from app.db import create_engine, create_sessionmaker

    actor = Actor(kind="person", subject=args.hr, roles=frozenset({Role.hr}))

    async def run(url: str):
        engine = create_engine(url, settings)
        try:
            async with create_sessionmaker(engine)() as session:
                session.info["actor"] = actor
                today = await service_today(session, test_clock=settings.test_clock_on)
                opening = await service.open_period(
                    session,
                    actor=actor,
                    today=today,
                    config=settings.scheduling(),
                    period_id=args.period,
                    chunk_size=args.chunk,
                )
                await session.commit()
                return opening
        finally:
            await engine.dispose()

    with database_url(settings) as url:
        asyncio.run(_migrate(url, settings))
        opening = asyncio.run(run(url))
    print(f"period {opening.period_id} opened: {opening.cycles_created} cycles created")
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from app.auth import mint_local_token
    from app.demo import TOKENS, load_demo

    if settings.production:
        raise ConfigurationError(
            "production mode refuses the demo: it would load 30 fictional employees into the "
            "real database"
        )

    with database_url(settings) as url:
        asyncio.run(_migrate(url, settings))
        created = asyncio.run(
            _in_transaction(
                url,
                settings,
                lambda session, today: load_demo(
                    session, today=today, config=settings.scheduling()
                ),
            )
        )
    made = ", ".join(f"{count} {what}" for what, count in created.items() if count)
    summary = f"demo organisation loaded ({made or 'it was there already; nothing changed'})"
    base = f"http://{settings.host}:{settings.port}{API_PREFIX}"
    # --print-env: only `export` lines on stdout, for `eval "$(goedgesprek demo --print-env)"`.
    print(summary, file=sys.stderr if args.print_env else sys.stdout)
    if settings.auth_mode is not AuthMode.local:
        print(
            "tokens: use your identity provider (personnel numbers H0001, T0001, E0001)",
            file=sys.stderr,
        )
        return 0
    for label, number, role in TOKENS:
        token = mint_local_token(settings, subject=number, roles=[role])
        line = f"export {label.upper()}_TOKEN={shlex.quote(token)}"
        print(line if args.print_env else f"\n# {label} ({number})\n{line}")
    if args.print_env:
        print(f"export API={shlex.quote(base)}")
    else:
        print(f'\ncurl -H "Authorization: Bearer $MANAGER_TOKEN" {base}/employees')
    return 0


def cmd_clock(settings: Settings, args: argparse.Namespace) -> int:
    """The test clock: show it, set today, advance it or reset it (GOEDGESPREK_TEST_CLOCK)."""

    from app.auth import SYSTEM_ACTOR
    from app.clock import service

    async def work(session, _today):
        session.info["actor"] = SYSTEM_ACTOR
        test_clock = settings.test_clock_on
        if args.clock_command == "set":
            return await service.set_clock(
                session,
                actor=SYSTEM_ACTOR,
                test_clock=test_clock,
                today=args.date,
            )
        if args.clock_command == "advance":
            return await service.advance_clock(
                session, actor=SYSTEM_ACTOR, test_clock=test_clock, days=args.days
            )
        if args.clock_command == "reset":
            return await service.reset_clock(session, actor=SYSTEM_ACTOR, test_clock=test_clock)
        return await service.read_clock(session, test_clock=test_clock)

    with database_url(settings) as url:
        asyncio.run(_migrate(url, settings))
        state = asyncio.run(_in_transaction(url, settings, work))
    off = "" if state.adjustable else ", the test clock is off"
    print(
        f"today {state.today.isoformat()} (real date {state.real_today.isoformat()}, "
        f"offset {state.offset_days:+d} days{off})"
    )
    return 0


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2027-05-31"
        ) from None


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1–65535)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="goedgesprek", description=__doc__)
    root.add_argument("--version", action="version", version=f"goedgesprek {API_VERSION}")
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply migrations and serve the API")
    serve.add_argument("--skip-migrations", action="store_true")
    serve.add_argument("--host", help="the address to listen on (default GOEDGESPREK_HOST)")
    serve.add_argument(
        "--port", type=_port, help="the port to listen on (default GOEDGESPREK_PORT, 8000)"
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the job worker (events, webhooks, reminders)")
    worker.add_argument("--skip-migrations", action="store_true")
    worker.add_argument(
        "--concurrency", type=int, default=4, help="jobs at once in this worker (default 4)"
    )
    worker.set_defaults(func=cmd_worker)

    migrate = sub.add_parser("migrate", help="apply the Alembic migrations up to head")
    migrate.set_defaults(func=cmd_migrate)

    guide = sub.add_parser("guide", help="the competency guide (reference data)")
    guide_sub = guide.add_subparsers(dest="guide_command", required=True)
    load = guide_sub.add_parser("load", help="validate and load a guide version (JSON file)")
    load.add_argument("file", help="a guide document, like app/reference/data/guide-2014.json")
    load.set_defaults(func=cmd_guide_load)

    importer = sub.add_parser("import", help="import a CSV file (HR staff), all or nothing")
    importer.add_argument("kind", choices=["employees", "org-units", "function-profiles"])
    importer.add_argument("file", help="CSV with a header row naming the API's fields")
    importer.set_defaults(func=cmd_import)

    opening = sub.add_parser(
        "open-period",
        help="open an org-wide period (T2.1), or continue an interrupted opening",
    )
    opening.add_argument("period", help="e.g. 2026-2027")
    opening.add_argument("--hr", required=True, help="personnel number of the HR officer")
    opening.add_argument(
        "--chunk", type=int, default=2000, help="employees a committed chunk (default 2000)"
    )
    opening.set_defaults(func=cmd_open_period)

    demo = sub.add_parser("demo", help="load a fictional organisation and print tokens")
    demo.add_argument(
        "--print-env",
        action="store_true",
        help='print only `export` lines (tokens and API), for eval "$(goedgesprek demo '
        '--print-env)"',
    )
    demo.set_defaults(func=cmd_demo)

    clock = sub.add_parser(
        "clock", help="the test clock (with GOEDGESPREK_TEST_CLOCK=true; never in production)"
    )
    clock_sub = clock.add_subparsers(dest="clock_command", required=True)
    clock_sub.add_parser("show", help="print today as the service sees it")
    set_clock = clock_sub.add_parser("set", help="set today, e.g. 2027-05-31")
    set_clock.add_argument("date", type=_iso_date, help="YYYY-MM-DD")
    advance = clock_sub.add_parser("advance", help="move today forward")
    advance.add_argument("days", type=int, help="number of days (1–3660)")
    clock_sub.add_parser("reset", help="back to the real date")
    clock.set_defaults(func=cmd_clock)

    token = sub.add_parser("token", help="mint a local-mode bearer token")
    token.add_argument("--sub", help="personnel number of a person")
    token.add_argument(
        "--role", action="append", choices=["employee", "manager", "hr"], help="repeatable"
    )
    token.add_argument("--client", help="client id of a service client")
    token.add_argument("--scope", action="append", help="space-separated scopes; repeatable")
    token.add_argument("--ttl", type=int, default=None, help="minutes (default 480)")
    token.set_defaults(func=cmd_token)
    return root


def main(argv: list[str] | None = None) -> int:
    from app.errors import DomainError

    args = parser().parse_args(argv)
    try:
        return args.func(get_settings(), args)
    except ConfigurationError as exc:
        print(f"goedgesprek: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:  # e.g. the bundled guide differs from the one in the database
        rule = f" ({exc.rule})" if exc.rule else ""
        print(f"goedgesprek {args.command}: {exc.detail}{rule}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
