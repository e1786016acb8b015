"""A test-only resource, so the foundation's plumbing can be exercised before real resources.

``probe_router`` has a POST with a JSON body (validation, media types, body limit, audit, commit)
and a GET that fails unexpectedly (500). ``Probe`` is an audited model on its own metadata; its
table is made by the tests that need it, never by the app's migrations.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import Integer, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.api.deps import CurrentActor, Session
from app.api.routing import ApiRoute
from app.audit import Auditable
from app.errors import Conflict
from app.messages import msg
from app.schemas import ApiInput, ApiModel

PROBE_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS probe (id uuid PRIMARY KEY, name varchar(10) NOT NULL, "
    "weight integer NOT NULL)"
)
COUNTER_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS probe_counter "
    "(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL)"
)


class ProbeBase(DeclarativeBase):
    pass


class Probe(Auditable, ProbeBase):
    __tablename__ = "probe"
    __audit_type__ = "probe"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(10))
    weight: Mapped[int] = mapped_column(Integer)


class ProbeCounter(Auditable, ProbeBase):
    """Audited, with an id that only the database knows (an identity column)."""

    __tablename__ = "probe_counter"
    __audit_type__ = "probe-counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String)


class ProbeIn(ApiInput):
    name: Annotated[str, Field(min_length=1, max_length=10)]
    weight: Annotated[int, Field(ge=1, le=100)]
    due_date: date
    note: str | None = None


class ProbeOut(ApiModel):
    id: uuid.UUID
    name: str
    weight: int


probe_router = APIRouter(prefix="/v1/probes", route_class=ApiRoute)


@probe_router.post("", status_code=201)
async def create_probe(body: ProbeIn, session: Session, actor: CurrentActor) -> ProbeOut:
    probe = Probe(name=body.name, weight=body.weight)
    session.add(probe)
    await session.flush()
    return ProbeOut.model_validate(probe)


@probe_router.post("/with-failing-commit", status_code=201)
async def create_probe_failing_at_commit(session: Session, actor: CurrentActor) -> ProbeOut:
    """Writes a row that a deferred constraint trigger rejects only at COMMIT."""
    probe = Probe(name="doomed", weight=1)
    session.add(probe)
    await session.flush()
    await session.execute(text("INSERT INTO commit_trap (id) VALUES (1)"))
    return ProbeOut.model_validate(probe)


@probe_router.post("/answered-with-409", status_code=201)
async def write_then_answer_409(session: Session, actor: CurrentActor) -> JSONResponse:
    """Writes, then *returns* (not raises) an error response: the write must not persist."""
    session.add(Probe(name="unwanted", weight=1))
    await session.flush()
    return JSONResponse({"status": 409}, status_code=409)


@probe_router.post("/raising-409", status_code=201)
async def write_then_raise_409(session: Session, actor: CurrentActor) -> ProbeOut:
    session.add(Probe(name="unwanted", weight=1))
    await session.flush()
    raise Conflict(msg("conflict.concurrent-change"))


@probe_router.get("/boom")
async def boom() -> ProbeOut:
    raise RuntimeError("secret internal detail")


@probe_router.get("/writing-get")
async def writing_get(session: Session, actor: CurrentActor) -> ProbeOut:
    """A GET that writes without being marked an audited read: refused (a programming error)."""
    probe = Probe(name="sneaky", weight=1)
    session.add(probe)
    await session.flush()
    return ProbeOut.model_validate(probe)
