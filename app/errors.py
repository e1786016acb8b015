"""Domain errors and their rendering as RFC 9457 ``application/problem+json``.

Services raise :class:`DomainError` subclasses; nothing below a router raises HTTPException.
Every problem carries ``type``, ``title``, ``status``, ``detail`` and a stable ``code``; a
violated rule of the regulation is named in ``rule`` (e.g. ``R6.3``); input errors list every
invalid field in ``invalidParams``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://goedgesprek.maastricht.nl/problems/"


class DomainError(Exception):
    status: int = 400
    code: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        rule: str | None = None,
        code: str | None = None,
        invalid_params: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        if code:
            self.code = code
        self.invalid_params = invalid_params
        self.headers = headers or {}


class InvalidInput(DomainError):
    status, code, title = 400, "invalid-input", "Invalid input"


class NotAuthenticated(DomainError):
    status, code, title = 401, "not-authenticated", "Not authenticated"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(DomainError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class RuleViolation(DomainError):
    """A rule of the regulation forbids the request; ``rule`` names it."""

    status, code, title = 422, "rule-violation", "Rule of the regulation violated"


class PreconditionFailed(DomainError):
    status, code, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(DomainError):
    status, code, title = 428, "precondition-required", "Precondition required"


class PayloadTooLarge(DomainError):
    status, code, title = 413, "payload-too-large", "Request body too large"


class UnsupportedMediaType(DomainError):
    status, code, title = 415, "unsupported-media-type", "Unsupported media type"


class NotAcceptable(DomainError):
    status, code, title = 406, "not-acceptable", "Not acceptable"


class ServiceUnavailable(DomainError):
    status, code, title = 503, "service-unavailable", "Service unavailable"


def problem_body(
    *,
    status: int,
    code: str,
    detail: str,
    title: str | None = None,
    rule: str | None = None,
    invalid_params: list[dict[str, Any]] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    if rule:
        body["rule"] = rule
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def body_for(error: DomainError, instance: str | None = None) -> dict[str, Any]:
    return problem_body(
        status=error.status,
        code=error.code,
        title=error.title,
        detail=error.detail,
        rule=error.rule,
        invalid_params=error.invalid_params,
        instance=instance,
    )
