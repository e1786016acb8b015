"""One transaction per request, committed before the response is sent.

FastAPI runs the exit code of a ``yield`` dependency after the response has gone out, too late
to tell the client that a commit failed. So the route class itself opens the session, runs the
endpoint, and commits before it hands the response back (Polar's AutoCommitAPIRoute). A failing
commit raises, and the client gets a problem response instead of a 2xx.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.errors import UnsupportedMediaType


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


class ApiRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()
        takes_body = self.body_field is not None

        async def transactional_handler(request: Request) -> Response:
            if takes_body and not _is_json(request.headers.get("content-type", "")):
                raise UnsupportedMediaType(
                    "The request body must be JSON: send Content-Type: application/json."
                )
            if takes_body:
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
