"""Dependencies shared by the routers: the request's session and its actor."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor, missing_token
from app.config import SchedulingConfig
from app.errors import InvalidInput, NotAuthenticated
from app.messages import msg

ON_BEHALF_OF_HEADER = "X-On-Behalf-Of"
_ON_BEHALF_OF = re.compile(r"^[A-Za-z0-9._:@-]{1,200}$")


async def get_session(request: Request) -> AsyncSession:
    return request.state.session


def _on_behalf_of(request: Request, actor: Actor) -> Actor:
    """A service client may name the person it acts for; it is recorded in the audit trail
    only and never widens what the client may do."""
    value = request.headers.get(ON_BEHALF_OF_HEADER)
    if value is None:
        return actor
    problem = None
    if not actor.is_client:
        problem = ("not_allowed", "only service clients may act on behalf of someone")
        detail = msg("invalid-input.on-behalf-of-not-allowed", header=ON_BEHALF_OF_HEADER)
    elif not _ON_BEHALF_OF.match(value):
        problem = ("pattern_mismatch", "1 to 200 characters of A-Z a-z 0-9 . _ : @ -")
        detail = msg("invalid-input.on-behalf-of-pattern", header=ON_BEHALF_OF_HEADER)
    if problem:
        raise InvalidInput(
            detail,
            invalid_params=[
                {
                    "name": ON_BEHALF_OF_HEADER,
                    "in": "header",
                    "code": problem[0],
                    "reason": problem[1],
                }
            ],
        )
    return replace(actor, on_behalf_of=value)


async def authenticate(request: Request) -> Actor:
    """Resolve the bearer token of ``request`` to its Actor (401 when missing or bad)."""
    cached = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise missing_token()
    token = token.strip()
    limits = request.app.state.rate_limits
    address = request.client.host if request.client else "?"
    limits.check_failures(address, token)  # 429 while this address or subject keeps failing
    verifier = request.app.state.token_verifier
    try:
        if verifier.fetches_keys:  # the JWKS client uses blocking HTTP: off the event loop
            actor = await run_in_threadpool(verifier.verify, token)
        else:
            actor = verifier.verify(token)
    except NotAuthenticated as exc:
        limits.failed(address, token, exc.reason or exc.detail)
        raise
    limits.request(actor)  # 429 for a person or client over their rate
    actor = _on_behalf_of(request, actor)
    request.state.actor = actor
    return actor


class _BearerActor(HTTPBearer):
    """The caller (``authenticate``), as one dependency that also declares the bearer scheme
    in the OpenAPI document: FastAPI's cost is per dependency, and this runs on every request."""

    async def __call__(self, request: Request) -> Actor:  # type: ignore[override]
        actor = await authenticate(request)
        session = getattr(request.state, "session", None)
        if session is not None:
            session.info["actor"] = actor
        return actor


current_actor = _BearerActor(
    auto_error=False,
    scheme_name="bearerAuth",
    bearerFormat="JWT",
    description="A JWT from the identity provider (or `goedgesprek token` in local mode).",
)


async def audited_read() -> None:
    """Marks a GET route whose read is audited (appraisal content): it runs in a transaction,
    so that its audit event is written with the read, where other GETs run without one."""


AUDITED_READ = Depends(audited_read)
WRITING_READ = AUDITED_READ
"""A GET that writes what it must before it reads (the event feed publishes what is ready):
it runs in a transaction, as an audited read does."""


async def bulk_request() -> None:
    """Marks a route that handles a bulk of rows (an employee import, a period's opening):
    after its response has gone out, the memory it took is given back (``app.memory``)."""


BULK = Depends(bulk_request)


async def scheduling_config(request: Request) -> SchedulingConfig:
    return request.app.state.scheduling


async def service_today(request: Request) -> date:
    """The service's today: ``app.state.today(session)``, which ``create_app`` sets from
    ``app.clock.today`` (the real date, or the test clock outside production mode)."""
    return await request.app.state.today(request.state.session)


Session = Annotated[AsyncSession, Depends(get_session)]
Today = Annotated[date, Depends(service_today)]
Scheduling = Annotated[SchedulingConfig, Depends(scheduling_config)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
