"""Exception handlers: every 4xx/5xx leaves as ``application/problem+json``, its ``title`` and
``detail`` in the language the request prefers (``app/api/language.py``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.language import language_headers, preferred_language
from app.api.routing import allowed_methods
from app.errors import (
    PROBLEM_MEDIA_TYPE,
    DomainError,
    body_for,
    invalid_count,
    invalid_params,
    problem_body,
)
from app.messages import Message, msg

log = logging.getLogger(__name__)

_CODES = {
    404: ("not-found", msg("title.not-found"), msg("not-found.path")),
    405: ("method-not-allowed", msg("title.method-not-allowed"), msg("method-not-allowed")),
}


def request_language(request: Request) -> str:
    return preferred_language(request.headers.get("accept-language"))


def problem_response(
    body: dict[str, Any], language: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    headers = dict(headers or {})
    language_headers(language, headers)
    return JSONResponse(
        body, status_code=body["status"], headers=headers, media_type=PROBLEM_MEDIA_TYPE
    )


def _problem(
    request: Request,
    status: int,
    code: str,
    title: Message,
    detail: Message,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    language = request_language(request)
    body = problem_body(
        status=status,
        code=code,
        title=title,
        detail=detail,
        language=language,
        instance=request.url.path,
        **extra,
    )
    return problem_response(body, language, headers)


async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
    language = request_language(request)
    return problem_response(body_for(exc, request.url.path, language), language, exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (detail.get("ctx") or {}).get("error", "invalid JSON")
        return _problem(
            request,
            400,
            "malformed-json",
            msg("title.malformed-json"),
            msg("malformed-json", reason=reason),
        )
    params = invalid_params(errors, exc.body)
    return _problem(
        request,
        400,
        "invalid-input",
        msg("title.invalid-input"),
        invalid_count(sorted({p["name"] for p in params}), count=len(params)),
        invalid_params=params,
    )


# FastAPI's words when a body cannot be decoded at all (e.g. it is not UTF-8).
_BODY_PARSE_ERROR = "There was an error parsing the body"


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 400 and exc.detail == _BODY_PARSE_ERROR:
        return _problem(
            request,
            400,
            "malformed-json",
            msg("title.malformed-json"),
            msg("malformed-json.encoding"),
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Every method of the path, not only those of the route Starlette tried first.
        allowed = allowed_methods(request.app.state.methods_by_path, request.url.path)
        headers["Allow"] = allowed or headers.get("Allow", "")
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=headers)
    code, title, detail = _CODES.get(
        exc.status_code,
        ("http-error", msg("title.http-error"), msg("http-error", detail=str(exc.detail))),
    )
    return _problem(request, exc.status_code, code, title, detail, headers)


async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
    """A constraint of the database refused the write: almost always a concurrent change of
    the same record. Nothing was stored; the request may be retried."""
    log.warning("integrity error", exc_info=exc)
    return _problem(
        request, 409, "conflict", msg("title.conflict"), msg("conflict.concurrent-change")
    )


async def _stale_data(request: Request, exc: StaleDataError) -> JSONResponse:
    """A versioned row changed between reading and writing it (a concurrent writer won)."""
    log.info("stale write refused", exc_info=exc)
    return _problem(
        request,
        412,
        "etag-mismatch",
        msg("title.precondition-failed"),
        msg("etag-mismatch.concurrent-write"),
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
