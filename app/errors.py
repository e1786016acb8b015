"""Domain errors and their rendering as RFC 9457 ``application/problem+json``.

Services raise :class:`DomainError` subclasses; nothing below a router raises HTTPException.
Every problem carries ``type``, ``title``, ``status``, ``detail`` and a stable ``code``; a
violated rule of the regulation is named in ``rule`` (e.g. ``R6.3``); input errors list every
invalid field in ``invalidParams``.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    reason: str | None = None
    """Why a token was refused, for the log only (it may quote the token)."""


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


class TooManyRequests(DomainError):
    status, code, title = 429, "too-many-requests", "Too many requests"


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


# --- invalid parameters: one entry of ``invalidParams`` each, and the 400 that lists them ------


def param(
    name: str, code: str, reason: str, location: str = "body", rule: str | None = None
) -> dict[str, Any]:
    found = {"name": name, "in": location, "code": code, "reason": reason}
    if rule:
        found["rule"] = rule
    return found


def unknown(name: str, what: str, value: str) -> dict[str, Any]:
    return param(name, f"unknown_{what.replace(' ', '_')}", f"there is no {what} {value!r}")


def invalid(problems: list[dict[str, Any]]) -> InvalidInput:
    """One 400 listing every problem, naming the rule when they all come from one."""
    names = ", ".join(p["name"] for p in problems)
    return InvalidInput(
        f"{len(problems)} invalid parameter(s): {names}.",
        invalid_params=problems,
        rule=rule_of(problems),
    )


def rule_of(problems: list[dict[str, Any]]) -> str | None:
    """The rule of the regulation behind the problems, when they all come from one."""
    rules = {p["rule"] for p in problems if "rule" in p}
    return rules.pop() if len(rules) == 1 else None


def _name(loc: tuple[Any, ...]) -> tuple[str, str]:
    location = str(loc[0]) if loc else "body"
    rest = [str(part) for part in loc[1:]]
    return (".".join(rest) if rest else location), location


def _untagged(loc: tuple[Any, ...], body: Any) -> tuple[Any, ...]:
    """A body that is one of several kinds (a union told apart by ``kind``, e.g. the kinds of
    agreement) gets Pydantic's locations with the kind inside (``body.work.dueDate``); the
    field is named as the client sent it (``dueDate``), like the service's own errors."""
    if len(loc) > 2 and loc[0] == "body" and isinstance(body, dict) and loc[1] == body.get("kind"):
        return (loc[0], *loc[2:])
    return loc


def invalid_params(errors: list[dict[str, Any]], body: Any = None) -> list[dict[str, Any]]:
    """Pydantic's validation errors as ``invalidParams`` entries (the request's, or a file's
    rows')."""
    params = []
    for error in errors:
        loc = _untagged(tuple(error.get("loc", ())), body)
        if error.get("type") in ("union_tag_invalid", "union_tag_not_found"):
            # The discriminator itself is the field at fault (e.g. an unknown `kind`).
            loc = (*loc, str((error.get("ctx") or {}).get("discriminator", "kind")).strip("'"))
        name, location = _name(loc)
        code = error.get("type", "invalid")
        reason = "unknown field" if code == "extra_forbidden" else error.get("msg", "invalid")
        params.append({"name": name, "in": location, "code": code, "reason": reason})
    return params


@dataclass(frozen=True)
class Refusal:
    """What a pure rule check returns when it refuses (``None`` when it allows): the rule's id
    (if a rule of the regulation), a stable code, the sentence for the problem's ``detail``, and
    the fields at fault. The one result type of the rules' checks; input validation returns a
    list of ``param`` entries instead (every bad field at once)."""

    rule: str | None
    code: str
    detail: str
    params: tuple[dict[str, Any], ...] = ()

    def error(self, kind: type[DomainError] | None = None) -> DomainError:
        """As the error the service raises: a RuleViolation (422) by default."""
        return (kind or RuleViolation)(
            self.detail, rule=self.rule, code=self.code, invalid_params=list(self.params) or None
        )
