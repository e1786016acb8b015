"""A running service for the scripts that test it from outside (`make contract`, `make tour`):
a throwaway database (the embedded PostgreSQL, or TEST_DATABASE_URL's server), the demo
organisation loaded, `goedgesprek serve` on a free port with the test clock on."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def database(data_dir: Path) -> Iterator[str]:
    """A throwaway database: on TEST_DATABASE_URL's server, or the embedded PostgreSQL."""
    import asyncpg

    from app.db import async_url, embedded_postgres

    external = os.environ.get("TEST_DATABASE_URL")
    with contextlib.ExitStack() as stack:
        if external:
            server = external
        else:
            server = stack.enter_context(
                embedded_postgres(data_dir / "postgres", database="contract", throwaway=True)
            )
        plain = "postgresql://" + async_url(server).split("://", 1)[1]
        name = f"goedgesprek_contract_{uuid.uuid4().hex[:8]}"

        async def admin(sql: str) -> None:
            connection = await asyncpg.connect(plain)
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
        base, _, query = server.partition("?")
        try:
            yield base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
        finally:
            asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class Service:
    base: str
    """The API's address, e.g. http://127.0.0.1:PORT/v1."""
    env: dict[str, str]
    """The environment the service runs in (for commands that act on its database)."""
    bin_dir: Path
    tokens: dict[str, str]
    """HR_TOKEN, MANAGER_TOKEN, EMPLOYEE_TOKEN from the demo."""


@contextlib.contextmanager
def running_service() -> Iterator[Service]:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp, database(Path(tmp)) as url:
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "GOEDGESPREK_AUTH_MODE": "local",
            "GOEDGESPREK_DATA_DIR": tmp,
            "GOEDGESPREK_TEST_CLOCK": "true",
            "GOEDGESPREK_RATE_LIMITS": "false",  # thousands of requests a minute, on purpose
            "GOEDGESPREK_PORT": str(port),
            "GOEDGESPREK_LOG_LEVEL": "WARNING",
            "GOEDGESPREK_WORKERS": "1",
        }
        env.pop("TEST_DATABASE_URL", None)
        demo = subprocess.run(
            [bin_dir / "goedgesprek", "demo", "--print-env"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        tokens = dict(
            line.removeprefix("export ").split("=", 1)
            for line in demo.stdout.splitlines()
            if line.startswith("export ")
        )
        server = subprocess.Popen([bin_dir / "goedgesprek", "serve"], env=env)
        try:
            base = f"http://127.0.0.1:{port}/v1"
            for _ in range(150):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{base}/health/ready", timeout=1)
                    break
                time.sleep(0.2)
            yield Service(base, env, bin_dir, tokens)
        finally:
            server.terminate()
            server.wait(timeout=30)
