"""The outermost ASGI layer: request id, API-Version and security headers, body limit, access log,
and the last-resort 500.

It is pure ASGI (no BaseHTTPMiddleware) so that it sees every response, including Starlette's own
404/405 and the 500 it renders itself, and adds almost nothing to the cost of a request.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import API_VERSION
from app.errors import PROBLEM_MEDIA_TYPE, PayloadTooLarge, problem_body
from app.logs import request_id_var

log = logging.getLogger("goedgesprek.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
STATIC_PREFIX = b"/v1/docs/static/"

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"referrer-policy", b"no-referrer"),
)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        method: str = scope["method"]
        if method == "HEAD":
            # HEAD is GET without the body (RFC 9110 § 9.3.2), for every GET route.
            scope = {**scope, "method": "GET"}
        headers = dict(scope["headers"])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else str(uuid.uuid4())
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder: dict[str, Any] = {"status": None}
        path: str = scope["path"]
        static = path.encode().startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                raw.append((b"api-version", API_VERSION.encode()))
                raw.append((b"x-request-id", request_id.encode()))
                raw.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if b"cache-control" not in present:
                    cache = b"public, max-age=3600" if static else b"no-store"
                    raw.append((b"cache-control", cache))
                if b"content-security-policy" not in present:
                    raw.append((b"content-security-policy", API_CSP.encode()))
                message["headers"] = raw
            elif message["type"] == "http.response.body" and method == "HEAD":
                message = {**message, "body": b""}
            await send(message)

        try:
            declared = headers.get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
                await self._send_problem(send_with_headers, 413, path)
                return
            await self.app(scope, self._limited(receive), send_with_headers)
        except Exception:
            log.exception("unhandled error", extra={"method": method, "path": path})
            if status_holder["status"] is None:
                await self._send_problem(send_with_headers, 500, path)
        finally:
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": path,
                    "status": status_holder["status"],
                    "durationMs": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)

    def _limited(self, receive: Receive) -> Receive:
        """Count the bytes of a body sent without (or with a false) Content-Length."""
        seen = 0
        limit = self.max_body_bytes

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
            return message

        return limited_receive

    async def _send_problem(self, send: Send, status: int, path: str) -> None:
        if status == 413:
            body = problem_body(
                status=413,
                code="payload-too-large",
                title="Request body too large",
                detail=f"The request body is larger than {self.max_body_bytes} bytes.",
                instance=path,
            )
        else:
            body = problem_body(
                status=500,
                code="internal-error",
                title="Internal server error",
                detail="An unexpected error occurred; it has been logged with the request id.",
                instance=path,
            )
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
