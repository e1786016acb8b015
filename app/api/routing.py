"""One transaction per request, committed before the response is sent.

FastAPI runs the exit code of a ``yield`` dependency after the response has gone out, too late
to tell the client that a commit failed. So the route class itself opens the session, runs the
endpoint, and commits before it hands the response back (Polar's AutoCommitAPIRoute). A failing
commit raises, and the client gets a problem response instead of a 2xx.

A route that only reads (GET, not marked ``AUDITED_READ``) gets a read-only session in
autocommit instead: no BEGIN and COMMIT round trips, and any attempt to write is refused.

Before the endpoint it also settles, in this order: who is asking (401 first, so nothing about
the request is judged for an anonymous caller), the media type of a body (415), NUL characters
in query and path parameters (400; PostgreSQL cannot store them), and the body itself (413).

A route marked ``BULK`` (an import, an opening) gives the memory it took back to the system
after its response has gone out (``app.memory``).

A connection found dropped (the database restarted, a proxy cut it) is discarded by the pool;
a read is then tried once more on a fresh connection, anything else answers 503 with
``Retry-After``: a write may have been cut before or after its commit, and only the client
can tell whether to repeat it. A database that cannot be reached at all (refused, reset, timed
out, no pooled connection free) answers 503 ``database-unavailable`` too (``app/outage.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIRouter
from sqlalchemy.exc import DBAPIError
from starlette._utils import get_route_path
from starlette.background import BackgroundTask
from starlette.routing import Match
from starlette.types import Scope

from app.api.deps import audited_read, authenticate, bulk_request, current_actor
from app.api.locations import location
from app.api.negotiation import JSON, best_match, negotiate
from app.errors import InvalidInput, ServiceUnavailable, UnsupportedMediaType
from app.memory import release
from app.messages import msg
from app.outage import OUTAGE, database_unreachable

NUL_REASON = "must not contain a NUL character (\\u0000)"
log = logging.getLogger(__name__)


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _uses(dependant: Dependant, call: Callable[..., object]) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def reject_nul_parameters(request: Request) -> None:
    bad = [
        {"name": name, "in": location, "code": "nul_character", "reason": NUL_REASON}
        for location, items in (
            ("query", request.query_params.multi_items()),
            ("path", request.path_params.items()),
        )
        for name, value in items
        if "\x00" in name or "\x00" in str(value)
    ]
    if bad:
        raise InvalidInput(msg("invalid-input.nul-character", count=len(bad)), invalid_params=bad)


def _dropped(error: DBAPIError) -> bool:
    return bool(getattr(error, "connection_invalidated", False))


def database_unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        msg("database-unavailable"),
        code="database-unavailable",
        headers={"Retry-After": "2"},
    )


def _offered(route: APIRoute) -> tuple[str, ...]:
    """The media types a route answers with: JSON, and those its success responses declare
    (CSV and XLSX for the reports); only the declared ones for a route that makes its own
    ``Response`` (the archive copy's PDF)."""
    declared = [
        media
        for status, spec in (route.responses or {}).items()
        if str(status).startswith("2")
        for media in (spec or {}).get("content", {})
    ]
    own = route.response_class is Response
    return tuple(declared) if own and declared else (JSON, *declared)


async def _answer(
    run_once: Callable[[Request], Awaitable[Response]], request: Request, *, read_only: bool
) -> Response:
    """The request's response; 503 when the database cannot be reached, after one more try
    for a read whose pooled connection was found dropped."""
    try:
        response = await run_once(request)
    except Exception as error:
        if not database_unreachable(error):
            raise
        OUTAGE.failed(error, path=request.url.path)
        if not (read_only and _dropped(error)):
            raise database_unavailable() from error
    else:
        OUTAGE.succeeded()
        return response
    try:
        response = await run_once(request)  # a read, once more on a fresh connection
    except Exception as error:
        if database_unreachable(error):
            raise database_unavailable() from error
        raise
    OUTAGE.succeeded()
    return response


class ApiRoute(APIRoute):
    # Served by the reports' sessions (``app.state.reports_sessionmaker``: a read replica, or
    # a pool of their own) when the route only reads (issue 20).
    reports = False

    def __init__(self, path: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(path, *args, **kwargs)
        # The literal start of the path, up to its first parameter: most routes are ruled out
        # by it without FastAPI's per-candidate bookkeeping and regular expression.
        self._literal_prefix = path.split("{", 1)[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not get_route_path(scope).startswith(self._literal_prefix):
            return Match.NONE, {}
        return super().matches(scope)

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None
        needs_actor = _uses(self.dependant, current_actor)
        offered = _offered(self)
        read_only = self.methods <= {"GET", "HEAD"} and not _uses(self.dependant, audited_read)
        bulk = _uses(self.dependant, bulk_request)
        operation_id = self.operation_id or ""
        reads = "reports_sessionmaker" if self.reports else "read_sessionmaker"

        async def run_once(request: Request) -> Response:
            state = request.app.state
            if read_only:
                session = getattr(state, reads)()
                session.info["request_id"] = request.state.request_id
                request.state.session = session
                try:
                    return await handler(request)
                finally:
                    # Autocommit: nothing to commit or roll back. A session that never took
                    # a connection (app.statements check theirs out themselves) holds
                    # nothing to release.
                    if session.in_transaction():
                        await session.close()
            async with state.sessionmaker() as session:
                session.info["request_id"] = request.state.request_id
                request.state.session = session
                try:
                    response = await handler(request)
                except BaseException:
                    await session.rollback()
                    raise
                if response.status_code < 400:
                    await session.commit()
                else:
                    await session.rollback()
                return response

        async def transactional_handler(request: Request) -> Response:
            if needs_actor:
                await authenticate(request)
            accept = request.headers.get("accept")
            if accept and accept != "*/*" and best_match(accept, offered) is None:
                negotiate(accept, offered)  # 406, naming what the route offers
            reject_nul_parameters(request)
            if takes_body:
                if not _is_json(request.headers.get("content-type", "")):
                    raise UnsupportedMediaType(msg("unsupported-media-type"))
                # Read (and cache) the body here, where the body limit's PayloadTooLarge can
                # surface as a 413; FastAPI would turn any error while reading it into a 400.
                await request.body()
            response = await _answer(run_once, request, read_only=read_only)
            if response.status_code == 201 and "location" not in response.headers:
                found = location(operation_id, request.path_params, getattr(response, "body", b""))
                if found is not None:
                    response.headers["Location"] = found
            if bulk:
                _release_after(response, request.app.state.engine)
            return response

        return transactional_handler


def _release_after(response: Response, engine: Any) -> None:
    """Give a bulk request's memory back once its response has been sent (``app.memory``),
    after any background task the response already has."""
    then = response.background

    async def run() -> None:
        if then is not None:
            await then()
        release(engine)

    response.background = BackgroundTask(run)


class ReportsRoute(ApiRoute):
    """A report's route: its reads go to GOEDGESPREK_REPORTS_DATABASE_URL (issue 20)."""

    reports = True


class ApiRouter(APIRouter):
    """An APIRouter of ``ApiRoute``s that rules itself out at once for a path none of its
    routes can match: FastAPI otherwise tries every route of every router in turn (about a
    microsecond each), which made the position of a router in the app part of its cost."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", ApiRoute)
        super().__init__(**kwargs)
        self._prefixes: tuple[int, tuple[str, ...]] = (-1, ())

    def _literal_prefixes(self) -> tuple[str, ...]:
        count, prefixes = self._prefixes
        if count != len(self.routes):
            prefixes = tuple({getattr(route, "path", "").split("{", 1)[0] for route in self.routes})
            self._prefixes = (len(self.routes), prefixes)
        return prefixes

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            path = get_route_path(scope)
            if not any(path.startswith(prefix) for prefix in self._literal_prefixes()):
                return Match.NONE, {}
        return super().matches(scope)


def methods_by_path(routers: Iterable[APIRouter]) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """Every path template of the routers with all its methods (and OPTIONS), for the Allow
    header of a 405 and of OPTIONS: FastAPI has a route per method, and Starlette names only
    the methods of the first route whose path matched."""
    methods: dict[str, set[str]] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                methods.setdefault(route.path, {"OPTIONS"}).update(route.methods)
                patterns[route.path] = route.path_regex
    return [(patterns[path], frozenset(found)) for path, found in methods.items()]


def allowed_methods(table: list[tuple[re.Pattern[str], frozenset[str]]], path: str) -> str:
    """The Allow header for ``path``: the methods of every template that matches it."""
    found: set[str] = set()
    for pattern, methods in table:
        if pattern.match(path):
            found |= methods
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    return ", ".join(m for m in order if m in found)
