"""The ASGI layers around the app, outermost first:

1. :class:`ResponseHeadersMiddleware` — request id, API-Version and security headers on every
   response, HEAD as GET without a body, the access log line.
2. :class:`ProblemCORSMiddleware` — CORS for the configured origins only (when there are any).
3. :class:`ErrorBoundaryMiddleware` — the body limit (413) and the last-resort 500, rendered as
   problem+json *inside* CORS, so a browser can read them too.

They are pure ASGI (no BaseHTTPMiddleware): they see every response, including Starlette's own
404/405, and add almost nothing to the cost of a request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
import uuid
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.language import language_headers, preferred_language
from app.config import API_VERSION
from app.errors import PROBLEM_MEDIA_TYPE, PayloadTooLarge, problem_body
from app.logs import request_id_var, trace_id_var
from app.messages import Message as Sentence
from app.messages import joined, msg, term

log = logging.getLogger("goedgesprek.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
STATIC_PREFIX = "/v1/docs/static/"

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", API_CSP),
)


_OWN_PROBLEMS = {
    413: ("payload-too-large", msg("title.payload-too-large")),
    500: ("internal-error", msg("title.internal-error")),
}


def _problem_message(status: int, scope: Scope, detail: Sentence) -> tuple[Message, Message]:
    """The 413 or 500 this layer answers itself, in the language the request prefers."""
    language = preferred_language(_header(scope, b"accept-language").decode("latin-1"))
    code, title = _OWN_PROBLEMS[status]
    body = problem_body(
        status=status,
        code=code,
        title=title,
        detail=detail,
        language=language,
        instance=scope["path"],
    )
    payload = json.dumps(body).encode()
    headers = {"Content-Type": PROBLEM_MEDIA_TYPE, "Content-Length": str(len(payload))}
    language_headers(language, headers)
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    return start, {"type": "http.response.body", "body": payload}


INTERNAL_ERROR = msg("internal-error")


def _header(scope: Scope, name: bytes) -> bytes:
    """A request header's value (ASGI names are lower case), or b"" when it is not there."""
    for key, value in scope["headers"]:
        if key == name:
            return value
    return b""


class ResponseHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        method: str = scope["method"]
        if method == "HEAD":
            # HEAD is GET without the body (RFC 9110 § 9.3.2), for every GET route.
            scope = {**scope, "method": "GET"}
        incoming = _header(scope, b"x-request-id").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else str(uuid.uuid4())
        token = request_id_var.set(request_id)
        # W3C trace context (issue 19): the caller's trace, or a new one, for the log lines.
        parent = _TRACEPARENT.match(_header(scope, b"traceparent").decode("latin-1"))
        trace_token = trace_id_var.set(parent.group(1) if parent else secrets.token_hex(16))
        scope.setdefault("state", {})["request_id"] = request_id
        path: str = scope["path"]
        started = time.perf_counter()
        sent: dict[str, Any] = {"status": None}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                raw.append((b"api-version", API_VERSION.encode()))
                raw.append((b"x-request-id", request_id.encode()))
                raw.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if b"cache-control" not in present:
                    cacheable = path.startswith(STATIC_PREFIX) and status < 400
                    raw.append(
                        (b"cache-control", b"public, max-age=3600" if cacheable else b"no-store")
                    )
                message = {**message, "headers": raw}
            elif message["type"] == "http.response.body" and method == "HEAD":
                message = {**message, "body": b""}
            await send(message)
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]  # only once it has really gone out

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Only reached when a layer outside the error boundary fails (e.g. CORS).
            log.exception("unhandled error", extra={"method": method, "path": path})
            if sent["status"] is None:
                for message in _problem_message(500, scope, INTERNAL_ERROR):
                    await send_with_headers(message)
        finally:
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": path,
                    "status": sent["status"],
                    "durationMs": round((time.perf_counter() - started) * 1000, 2),
                    **_who(scope),
                },
            )
            metrics = getattr(getattr(scope.get("app"), "state", None), "metrics", None)
            if metrics is not None:
                metrics.observe(scope, sent["status"], started)
            request_id_var.reset(token)
            trace_id_var.reset(trace_token)


_TRACEPARENT = re.compile(
    r"^[0-9a-f]{2}-((?!0{32})[0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$"
)


def _who(scope: Scope) -> dict[str, str]:
    """Issue 19: who asked, for the request log, without personal data: the actor's kind, a
    hash of a person's personnel number (the same person, the same hash; not the number), and a
    service client's id (not personal)."""
    actor = (scope.get("state") or {}).get("actor")
    if actor is None:
        return {}
    who = {"actorKind": actor.kind}
    if actor.kind == "client":
        who["clientId"] = actor.subject
    else:
        digest = hashlib.blake2b(actor.subject.encode(), digest_size=8, key=_LOG_KEY).hexdigest()
        who["subjectHash"] = digest
    return who


# A per-process key: a subject hash links one person's requests within a process's log, and
# cannot be reversed by hashing every personnel number.
_LOG_KEY = secrets.token_bytes(16)


class ErrorBoundaryMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, large_bodies: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Bulk resources (e.g. 10,000 employees at once) may take more than the default.
        self.large_bodies = large_bodies or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = self.large_bodies.get(path, self.max_body_bytes)
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            detail = msg("payload-too-large", limit=limit)
            for message in _problem_message(413, scope, detail):
                await send(message)
            return

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            await send(message)
            if message["type"] == "http.response.start":
                started = True

        try:
            await self.app(scope, self._limited(receive, limit), tracking_send)
        except Exception:
            log.exception("unhandled error", extra={"method": scope["method"], "path": path})
            if not started:
                for message in _problem_message(500, scope, INTERNAL_ERROR):
                    await send(message)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        """Count the bytes of a body sent without (or with a false) Content-Length."""
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge(msg("payload-too-large", limit=limit))
            return message

        return limited_receive


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as problem+json."""

    def preflight_response(self, request_headers: Any) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        language = preferred_language(request_headers.get("accept-language"))
        body = problem_body(
            status=400,
            code="cors-refused",
            title=msg("title.cors-refused"),
            detail=_cors_refusal(response.body.decode()),
            language=language,
        )
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in {"content-type", "content-length"}
        }
        language_headers(language, headers)
        return Response(
            json.dumps(body), status_code=400, headers=headers, media_type=PROBLEM_MEDIA_TYPE
        )


_CORS_REFUSED = "Disallowed CORS "


def _cors_refusal(text: str) -> Sentence:
    """Starlette's "Disallowed CORS origin, method" as a message: what was not allowed."""
    refused = text.removeprefix(_CORS_REFUSED).split(", ")
    return msg("cors-refused", refused=joined(term("cors", r) for r in refused))
