"""Domain errors and their rendering as RFC 9457 ``application/problem+json``.

Services raise :class:`DomainError` subclasses; nothing below a router raises HTTPException.
Every problem carries ``type``, ``title``, ``status``, ``detail`` and a stable ``code``; a
violated rule of the regulation is named in ``rule`` (e.g. ``R6.3``); input errors list every
invalid field in ``invalidParams``.

``title`` and ``detail`` are messages of the catalogue (``app/messages/``), rendered in the
language the caller prefers (English unless ``Accept-Language`` prefers Dutch); ``error.detail``
is the English sentence (the log, the command line, the tests). Nothing else changes with the
language: ``code``, ``rule``, ``type``, ``status`` and ``invalidParams`` (whose ``reason`` texts
stay English).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.messages import DEFAULT_LANGUAGE, Message, joined, msg

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://goedgesprek.maastricht.nl/problems/"


def _message(value: object) -> Message:
    if not isinstance(value, Message):
        raise TypeError(
            f"a problem's detail is a message of the catalogue (app/messages/), not {value!r}"
        )
    return value


class DomainError(Exception):
    status: int = 400
    code: str = "bad-request"
    title: Message = msg("title.bad-request")

    def __init__(
        self,
        message: Message,
        *,
        rule: str | None = None,
        code: str | None = None,
        invalid_params: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = _message(message)
        super().__init__(self.detail)
        self.rule = rule
        if code:
            self.code = code
        self.invalid_params = invalid_params
        self.headers = headers or {}

    @property
    def detail(self) -> str:
        """The English sentence (the log and the command line read it)."""
        return self.message.render(DEFAULT_LANGUAGE)


class InvalidInput(DomainError):
    status, code, title = 400, "invalid-input", msg("title.invalid-input")


class NotAuthenticated(DomainError):
    status, code, title = 401, "not-authenticated", msg("title.not-authenticated")
    reason: str | None = None
    """Why a token was refused, for the log only (it may quote the token)."""


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", msg("title.forbidden")


class NotFound(DomainError):
    status, code, title = 404, "not-found", msg("title.not-found")


class Conflict(DomainError):
    status, code, title = 409, "conflict", msg("title.conflict")


class RuleViolation(DomainError):
    """A rule of the regulation forbids the request; ``rule`` names it."""

    status, code, title = 422, "rule-violation", msg("title.rule-violation")


class PreconditionFailed(DomainError):
    status, code, title = 412, "precondition-failed", msg("title.precondition-failed")


class PreconditionRequired(DomainError):
    status, code, title = 428, "precondition-required", msg("title.precondition-required")


class PayloadTooLarge(DomainError):
    status, code, title = 413, "payload-too-large", msg("title.payload-too-large")


class UnsupportedMediaType(DomainError):
    status, code, title = 415, "unsupported-media-type", msg("title.unsupported-media-type")


class NotAcceptable(DomainError):
    status, code, title = 406, "not-acceptable", msg("title.not-acceptable")


class TooManyRequests(DomainError):
    status, code, title = 429, "too-many-requests", msg("title.too-many-requests")


class ServiceUnavailable(DomainError):
    status, code, title = 503, "service-unavailable", msg("title.service-unavailable")


def problem_body(
    *,
    status: int,
    code: str,
    title: Message,
    detail: Message,
    language: str = DEFAULT_LANGUAGE,
    rule: str | None = None,
    invalid_params: list[dict[str, Any]] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    """The problem's JSON: ``title`` and ``detail`` in ``language``, the rest as it is."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title.render(language),
        "status": status,
        "detail": _message(detail).render(language),
        "code": code,
    }
    if instance:
        body["instance"] = instance
    if rule:
        body["rule"] = rule
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def body_for(
    error: DomainError, instance: str | None = None, language: str = DEFAULT_LANGUAGE
) -> dict[str, Any]:
    return problem_body(
        status=error.status,
        code=error.code,
        title=error.title,
        detail=error.message,
        language=language,
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
    return InvalidInput(
        invalid_count(p["name"] for p in problems),
        invalid_params=problems,
        rule=rule_of(problems),
    )


def invalid_count(names: Iterable[str], count: int | None = None) -> Message:
    """The 400's detail: how many parameters are invalid (``count``, or one per name), and
    which."""
    listed = list(names)
    return msg("invalid-input", count=len(listed) if count is None else count, names=joined(listed))


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
    (if a rule of the regulation), a stable code, the message for the problem's ``detail``, and
    the fields at fault. The one result type of the rules' checks; input validation returns a
    list of ``param`` entries instead (every bad field at once)."""

    rule: str | None
    code: str
    message: Message
    params: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        _message(self.message)

    @property
    def detail(self) -> str:
        """The English sentence (e.g. a blocker shown in a view, a parameter's reason)."""
        return self.message.render(DEFAULT_LANGUAGE)

    def error(self, kind: type[DomainError] | None = None) -> DomainError:
        """As the error the service raises: a RuleViolation (422) by default."""
        return (kind or RuleViolation)(
            self.message, rule=self.rule, code=self.code, invalid_params=list(self.params) or None
        )
