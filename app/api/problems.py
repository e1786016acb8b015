"""Exception handlers: every 4xx/5xx leaves as ``application/problem+json``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.routing import allowed_methods
from app.errors import (
    PROBLEM_MEDIA_TYPE,
    DomainError,
    body_for,
    invalid_params,
    problem_body,
)

log = logging.getLogger(__name__)

_CODES = {
    404: ("not-found", "No resource exists at this path."),
    405: ("method-not-allowed", "This method is not allowed on this resource."),
}


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        body, status_code=body["status"], headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
    return problem_response(body_for(exc, instance=request.url.path), exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (detail.get("ctx") or {}).get("error", "invalid JSON")
        return problem_response(
            problem_body(
                status=400,
                code="malformed-json",
                title="Malformed JSON",
                detail=f"The request body is not valid JSON: {reason}.",
                instance=request.url.path,
            )
        )
    params = invalid_params(errors, exc.body)
    names = ", ".join(sorted({p["name"] for p in params}))
    return problem_response(
        problem_body(
            status=400,
            code="invalid-input",
            title="Invalid input",
            detail=f"{len(params)} invalid parameter(s): {names}.",
            invalid_params=params,
            instance=request.url.path,
        )
    )


# FastAPI's words when a body cannot be decoded at all (e.g. it is not UTF-8).
_BODY_PARSE_ERROR = "There was an error parsing the body"


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.detail == _BODY_PARSE_ERROR:
        return problem_response(
            problem_body(
                status=400,
                code="malformed-json",
                title="Malformed JSON",
                detail="The request body is not valid JSON in UTF-8.",
                instance=request.url.path,
            )
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Every method of the path, not only those of the route Starlette tried first.
        allowed = allowed_methods(request.app.state.methods_by_path, request.url.path)
        headers["Allow"] = allowed or headers.get("Allow", "")
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=headers)
    code, detail = _CODES.get(exc.status_code, ("http-error", str(exc.detail)))
    return problem_response(
        problem_body(status=exc.status_code, code=code, detail=detail, instance=request.url.path),
        headers,
    )


async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
    """A constraint of the database refused the write: almost always a concurrent change of
    the same record. Nothing was stored; the request may be retried."""
    log.warning("integrity error", exc_info=exc)
    return problem_response(
        problem_body(
            status=409,
            code="conflict",
            title="Conflict",
            detail="The change conflicts with another change of the same data; nothing was "
            "stored. Retry the request.",
            instance=request.url.path,
        )
    )


async def _stale_data(request: Request, exc: StaleDataError) -> JSONResponse:
    """A versioned row changed between reading and writing it (a concurrent writer won)."""
    log.info("stale write refused", exc_info=exc)
    return problem_response(
        problem_body(
            status=412,
            code="etag-mismatch",
            title="Precondition failed",
            detail="The resource changed while you were changing it: GET it again and retry.",
            instance=request.url.path,
        )
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
