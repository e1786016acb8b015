"""One transaction per request, committed before the response is sent.

FastAPI runs the exit code of a ``yield`` dependency after the response has gone out, too late
to tell the client that a commit failed. So the route class itself opens the session, runs the
endpoint, and commits before it hands the response back (Polar's AutoCommitAPIRoute). A failing
commit raises, and the client gets a problem response instead of a 2xx.

Before the endpoint it also settles, in this order: who is asking (401 first, so nothing about
the request is judged for an anonymous caller), the media type of a body (415), NUL characters
in query and path parameters (400; PostgreSQL cannot store them), and the body itself (413).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.api.deps import authenticate, current_actor
from app.errors import InvalidInput, UnsupportedMediaType

NUL_REASON = "must not contain a NUL character (\\u0000)"


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
        raise InvalidInput(f"{len(bad)} invalid parameter(s): NUL character.", invalid_params=bad)


class ApiRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None
        needs_actor = _uses(self.dependant, current_actor)

        async def transactional_handler(request: Request) -> Response:
            if needs_actor:
                await authenticate(request)
            reject_nul_parameters(request)
            if takes_body:
                if not _is_json(request.headers.get("content-type", "")):
                    raise UnsupportedMediaType(
                        "The request body must be JSON: send Content-Type: application/json."
                    )
                # Read (and cache) the body here, where the body limit's PayloadTooLarge can
                # surface as a 413; FastAPI would turn any error while reading it into a 400.
                await request.body()
            async with request.app.state.sessionmaker() as session:
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

        return transactional_handler
