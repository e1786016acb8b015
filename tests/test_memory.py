"""Memory (issue 20; docs/design.md, "Scale", "Memory"): a bulk route gives its memory back
after its response, the trim is a no-op without glibc, and the API does not load at start-up
what only some routes or the worker need. The figures themselves are benchmarks/scale.py's."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from app import main, me, memory
from app.api import routing
from app.api.deps import bulk_request
from tests.org import seed_org


@pytest.fixture
async def org(session):
    await seed_org(session)
    await session.flush()


@pytest.fixture
def released(monkeypatch) -> list[object]:
    calls: list[object] = []
    monkeypatch.setattr(routing, "release", calls.append)
    return calls


def test_the_bulk_routes_are_the_imports_and_the_opening():
    routers = [me.router] + [r for name, r in vars(main).items() if name.endswith("_router")]
    bulk = {
        route.operation_id
        for router in routers
        for route in router.routes
        if isinstance(route, routing.ApiRoute) and routing._uses(route.dependant, bulk_request)
    }
    assert bulk == {"createEmployeeImport", "createOrgUnitImport", "createPeriodOpening"}


async def test_an_import_gives_its_memory_back_after_the_response(client, org, auth, app, released):
    row = {
        "personnelNumber": "400001",
        "name": "Medewerker 400001",
        "orgUnitKey": "team-a",
        "functionProfileCode": "P22",
        "salaryScale": 9,
        "inFunctionScale": True,
        "entryDate": "2024-02-01",
        "managerPersonnelNumber": "100002",
    }
    hris = auth(client="hris", scopes=["people:write"])
    done = await client.post("/v1/employee-imports", json={"employees": [row]}, headers=hris)
    assert done.status_code == 201, done.text
    assert released == [app.state.engine]
    # Any other request leaves the allocator alone.
    assert (await client.get("/v1/health")).status_code == 200
    assert released == [app.state.engine]


class _Engine:
    cleared = 0

    def clear_compiled_cache(self) -> None:
        self.cleared += 1


def test_without_glibc_the_trim_is_a_no_op(monkeypatch):
    def no_libc(*_args, **_kwargs):
        raise OSError("no such library")

    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(memory.ctypes, "CDLL", no_libc)
    try:
        assert memory.trim_heap() is False
        engine = _Engine()
        memory.release(engine)  # no error: the cache is still dropped
        assert engine.cleared == 1
    finally:
        memory._malloc_trim.cache_clear()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_on_glibc_the_heap_is_trimmed():
    memory._malloc_trim.cache_clear()
    assert memory.trim_heap() is True


# Loaded by the routes that use them (PDF, XLSX), by the worker or when tracing is on.
LAZY = ("fpdf", "fontTools", "openpyxl", "procrastinate", "httpx", "opentelemetry.sdk")


def test_a_fresh_api_does_not_load_what_only_some_routes_need(settings):
    script = (
        "import sys\n"
        "from app.config import Settings\n"
        "from app.main import create_app\n"
        f"create_app(Settings.model_validate({settings.model_dump(mode='json')!r}))\n"
        f"print(sorted(m for m in {LAZY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
