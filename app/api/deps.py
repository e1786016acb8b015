"""Dependencies shared by the routers: the request's session and its actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor, missing_token

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    bearerFormat="JWT",
    description="A JWT from the identity provider (or `goedgesprek token` in local mode).",
)


def get_session(request: Request) -> AsyncSession:
    return request.state.session


async def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise missing_token()
    verifier = request.app.state.token_verifier
    if verifier.fetches_keys:  # the JWKS client uses blocking HTTP: keep it off the event loop
        actor = await run_in_threadpool(verifier.verify, credentials.credentials)
    else:
        actor = verifier.verify(credentials.credentials)
    request.state.actor = actor
    session = getattr(request.state, "session", None)
    if session is not None:
        session.info["actor"] = actor
    return actor


Session = Annotated[AsyncSession, Depends(get_session)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
