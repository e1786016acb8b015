"""The goedgesprek command line."""

from __future__ import annotations

import pytest

from app.auth import TokenVerifier
from app.cli import main, parser
from app.config import get_settings


@pytest.fixture
def local_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GOEDGESPREK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GOEDGESPREK_AUTH_MODE", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_token_for_a_person_verifies(local_env, capsys):
    assert main(["token", "--sub", "123456", "--role", "manager", "--role", "employee"]) == 0
    token = capsys.readouterr().out.strip()
    actor = TokenVerifier(get_settings()).verify(token)
    assert actor.kind == "person" and actor.subject == "123456"
    assert {r.value for r in actor.roles} == {"manager", "employee"}


def test_token_for_a_service_client_verifies(local_env, capsys):
    assert main(["token", "--client", "hris", "--scope", "people:write outcomes:read"]) == 0
    actor = TokenVerifier(get_settings()).verify(capsys.readouterr().out.strip())
    assert actor.kind == "client" and actor.scopes == {"people:write", "outcomes:read"}


def test_token_needs_exactly_one_of_sub_and_client(local_env, capsys):
    assert main(["token"]) == 2
    assert main(["token", "--sub", "1", "--client", "x"]) == 2


def test_token_refused_in_production_mode(local_env, monkeypatch):
    monkeypatch.setenv("GOEDGESPREK_AUTH_MODE", "jwks")
    get_settings.cache_clear()
    assert main(["token", "--sub", "1"]) == 2


def test_serve_refuses_to_start_in_production_mode_without_keys(local_env, monkeypatch, capsys):
    monkeypatch.setenv("GOEDGESPREK_AUTH_MODE", "jwks")
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused@127.0.0.1:9/x")
    get_settings.cache_clear()
    assert main(["serve"]) == 2
    assert "refusing to start" in capsys.readouterr().err


def test_commands_exist():
    commands = parser()._subparsers._group_actions[0].choices
    assert {"serve", "migrate", "token"} <= set(commands)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    from pathlib import Path

    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_serve_runs_the_configured_number_of_workers(scratch_database_url, tmp_path):
    """GOEDGESPREK_WORKERS=2: two worker processes answer on one port, each with the database
    and the auth mode the command settled on; SIGTERM stops them all."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    port = _free_port()
    env = {**os.environ, "GOEDGESPREK_WORKERS": "2", "GOEDGESPREK_PORT": str(port)}
    command = Path(sys.executable).parent / "goedgesprek"
    server = subprocess.Popen(
        [str(command), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline, ready = time.monotonic() + 60, None
        while time.monotonic() < deadline and ready is None:
            try:
                url = f"http://127.0.0.1:{port}/v1/health/ready"
                with urllib.request.urlopen(url, timeout=2) as response:
                    ready = response.status
            except OSError:
                assert server.poll() is None, "serve exited"
                time.sleep(0.3)
        assert ready == 200
        workers = [  # spawned workers (not multiprocessing's resource tracker)
            c
            for c in _children(server.pid)
            if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()
        ]
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    assert code == 0


# --- startup refusals (issue 16): one line, a non-zero exit ----------------------------------


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"GOEDGESPREK_AUTH_MODE": "local"}, "production mode refuses local tokens"),
        (
            {
                "GOEDGESPREK_AUTH_MODE": "jwks",
                "GOEDGESPREK_JWKS_URL": "https://idp.example/jwks",
                "GOEDGESPREK_JWT_ISSUER": "https://idp.example",
                "GOEDGESPREK_TEST_CLOCK": "true",
            },
            "production mode refuses the test clock",
        ),
    ],
    ids=["local tokens", "the test clock"],
)
def test_production_refuses_to_start_with_development_shortcuts(
    local_env, monkeypatch, capsys, env, says
):
    monkeypatch.setenv("GOEDGESPREK_ENVIRONMENT", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused@127.0.0.1:9/x")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert says in err and "refusing to start" in err
    assert len(err.strip().splitlines()) == 1


def test_production_refuses_the_demo(local_env, monkeypatch, capsys):
    monkeypatch.setenv("GOEDGESPREK_ENVIRONMENT", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused@127.0.0.1:9/x")
    get_settings.cache_clear()
    assert main(["demo"]) == 2
    err = capsys.readouterr().err
    assert "production mode refuses the demo" in err and len(err.strip().splitlines()) == 1


def test_the_app_refuses_production_with_local_tokens(app_factory):
    from app.config import ConfigurationError

    with pytest.raises(ConfigurationError, match="refuses local tokens"):
        app_factory(environment="production", test_clock=False)
    with pytest.raises(ConfigurationError, match="refuses the test clock"):
        app_factory(
            environment="production",
            auth_mode="jwks",
            jwks_url="https://idp.example/jwks",
            jwt_issuer="https://idp.example",
        )


def test_the_test_clock_is_off_unless_asked_for(tmp_path):
    from app.config import Settings

    assert Settings(data_dir=tmp_path).test_clock_on is False
    assert Settings(data_dir=tmp_path, test_clock=True).test_clock_on is True
    # Never read in production, even where the start-up check was not run.
    assert (
        Settings(data_dir=tmp_path, test_clock=True, environment="production").test_clock_on
        is False
    )


# --- issue 19: one-line errors, --version, --host/--port, the banner after the bind ----------


def test_version_prints_the_api_version(capsys):
    from app.config import API_VERSION

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"goedgesprek {API_VERSION}"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["clock", "set", "2027-13-01"], "'2027-13-01' is not a date: use YYYY-MM-DD"),
        (["serve", "--port", "http"], "'http' is not a port number"),
        (["serve", "--port", "70000"], "'70000' is not a port number"),
    ],
)
def test_bad_input_is_one_line_not_a_traceback(argv, says, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_serve_on_a_busy_port_says_so_before_any_banner(scratch_database_url, tmp_path):
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = Path(sys.executable).parent / "goedgesprek"
        done = subprocess.run(
            [str(command), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=os.environ,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "goedgesprek API on" not in done.stderr  # no banner for a service that never ran
    assert "Traceback" not in done.stderr


def test_demo_print_env_prints_only_export_lines(scratch_database_url, capsys, monkeypatch):
    import shlex

    monkeypatch.setenv("GOEDGESPREK_TEST_CLOCK", "true")
    get_settings.cache_clear()
    try:
        assert main(["demo", "--print-env"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.startswith("export ") for line in out)
    names = {shlex.split(line.removeprefix("export "))[0].split("=")[0] for line in out}
    assert names == {"HR_TOKEN", "MANAGER_TOKEN", "EMPLOYEE_TOKEN", "API"}


def test_two_migrations_at_once_take_turns(scratch_database_url):
    """Replicas starting together (issue 19): two `goedgesprek migrate` on a fresh database both
    succeed; one applies the migrations and loads the guide, the other waits and finds it done."""
    import asyncio
    import os
    import subprocess
    import sys
    from pathlib import Path

    import asyncpg

    command = str(Path(sys.executable).parent / "goedgesprek")
    runs = [
        subprocess.Popen(
            [command, "migrate"], env=os.environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=180), run.stderr.read().decode()) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    loaded = [err for _, err in results if "loaded competency guide version 2014" in err]
    assert len(loaded) == 1, results

    async def state():
        plain = "postgresql://" + scratch_database_url.split("://", 1)[1]
        connection = await asyncpg.connect(plain)
        try:
            return (
                await connection.fetchval("SELECT version_num FROM alembic_version"),
                await connection.fetchval("SELECT count(*) FROM guide_version"),
            )
        finally:
            await connection.close()

    from app.migrate import head_revision

    assert asyncio.run(state()) == (head_revision(), 1)
