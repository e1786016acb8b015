"""W3C trace context (issue 19). Always: a request that carries ``traceparent`` has its trace
id on every log line of the request, one without gets a new one (app/api/middleware.py).
With ``GOEDGESPREK_TRACE_EXPORT=console`` the service also traces with OpenTelemetry: a span
per request (the route template's), continuing the caller's trace, written to stderr; a platform
that wants OTLP installs ``opentelemetry-exporter-otlp`` and adds its processor here.

Off by default because it is not free: ``benchmarks/tracing.py`` measured a cheap request at
1.85× its time with the instrumentation, for spans nobody receives."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from fastapi import FastAPI

from app.config import API_PREFIX, API_VERSION, Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def install(app: FastAPI, settings: Settings) -> TracerProvider | None:
    if settings.trace_export == "off":
        return None
    # The SDK and the instrumentation only when tracing is on (docs/design.md, "Memory").
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    provider = TracerProvider(
        resource=Resource.create({"service.name": "goedgesprek", "service.version": API_VERSION})
    )
    provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter(out=sys.stderr)))
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        # One span per request: not one per ASGI message.
        exclude_spans=["receive", "send"],
        excluded_urls=f"/metrics,{API_PREFIX}/health",
    )
    return provider
