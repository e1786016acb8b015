"""What OpenTelemetry tracing costs a request (issue 19): the same app with and without the
instrumentation (GOEDGESPREK_TRACE_EXPORT=console, its spans sent to a null exporter so that
writing them is not what is measured), the same requests in-process, medians of five rounds.
It decided that tracing is off by default (docs/design.md, "Operations").

    .venv/bin/python benchmarks/tracing.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch_db import database

from app.api import tracing
from app.cli import _migrate
from app.config import Settings
from app.main import create_app

ROUNDS, PER_ROUND = 5, 600


async def per_request(app, path: str) -> float:
    """Median microseconds per request over ``ROUNDS`` rounds."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(100):
            await client.get(path)
        rounds = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            for _ in range(PER_ROUND):
                await client.get(path)
            rounds.append((time.perf_counter() - started) / PER_ROUND * 1e6)
    return statistics.median(rounds)


async def measure(url: str) -> None:
    from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

    class Null(SpanExporter):
        def __init__(self, **_options) -> None:
            pass

        def export(self, spans):
            return SpanExportResult.SUCCESS

    settings = Settings(database_url=url, auth_mode="local", data_dir=".data/bench-tracing")
    await _migrate(url, settings)
    plain = create_app(settings)
    tracing.ConsoleSpanExporter = Null  # the spans are made and dropped, not written
    traced = create_app(settings.model_copy(update={"trace_export": "console"}))
    path = "/v1/me"  # a 401: the path every request takes before its own work
    figures = []
    for _ in range(2):  # alternate, against drift on a shared machine
        figures.append(("without", await per_request(plain, path)))
        figures.append(("with", await per_request(traced, path)))
    without = statistics.median(v for k, v in figures if k == "without")
    with_tracing = statistics.median(v for k, v in figures if k == "with")
    print(f"GET {path} in-process, median µs per request")
    print(f"  without tracing: {without:7.0f}")
    print(f"  with tracing:    {with_tracing:7.0f}  ({with_tracing / without:.2f}×)")
    traced.state.tracer_provider.shutdown()


def main() -> None:
    with database("bench-tracing") as url:
        asyncio.run(measure(url))


if __name__ == "__main__":
    main()
