"""Requests that only read run without a transaction (issue 14): in autocommit, without BEGIN
and COMMIT, and such a session refuses to write, so a GET that writes cannot slip its write
past the transaction it would need. Audited reads are marked and keep their transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.api.deps import audited_read
from app.api.routing import ApiRoute, _uses
from app.auth import SYSTEM_ACTOR
from app.db import READ_ONLY, WriteInReadOnlyRequest
from app.models.audit import AuditEvent
from app.models.infrastructure import ClockSetting
from app.models.reference import GuideVersion
from tests.probe import Probe


def _read_only(sessionmaker):
    return async_sessionmaker(**{**sessionmaker.kw, "info": {READ_ONLY: True}})


async def test_a_read_only_session_reads(sessionmaker):
    async with _read_only(sessionmaker)() as session:
        assert await session.scalar(select(GuideVersion.id).limit(1)) == "2014"


async def test_a_read_only_session_refuses_to_flush_a_change(sessionmaker):
    async with _read_only(sessionmaker)() as session:
        session.info["actor"] = SYSTEM_ACTOR
        session.add(ClockSetting(id=1, offset_days=3, set_by="test"))
        with pytest.raises(WriteInReadOnlyRequest):
            await session.flush()


async def test_a_read_only_session_refuses_a_write_statement(sessionmaker):
    async with _read_only(sessionmaker)() as session:
        with pytest.raises(WriteInReadOnlyRequest):
            await session.execute(
                insert(AuditEvent).values(
                    actor_type="system",
                    actor_id="x",
                    action="read",
                    resource_type="t",
                    resource_id="1",
                )
            )


async def test_a_get_that_writes_fails_instead_of_writing(probe_client, auth, connection):
    response = await probe_client.get("/v1/probes/writing-get", headers=auth())
    assert response.status_code == 500
    assert await connection.scalar(select(Probe.id).where(Probe.name == "sneaky")) is None


def test_the_audited_reads_are_the_marked_gets(session_app):
    """The GETs that write their audit event (or publish events) run in a transaction; every
    other GET does not."""

    def routes(candidates):
        for route in candidates:
            inner = getattr(route, "original_router", None)
            yield from routes(inner.routes) if inner is not None else [route]

    marked = {
        route.path
        for route in routes(session_app.routes)
        if isinstance(route, ApiRoute) and _uses(route.dependant, audited_read)
    }
    assert marked == {
        "/v1/talks/{talkId}/appraisal",
        "/v1/talks/{talkId}/appraisal/archive-copy",
        "/v1/cycles/{cycleId}/personal-development-plan",  # T4.1 (issue 18)
        "/v1/appraisal-outcomes",
        "/v1/talks/{talkId}/informant-requests",
        "/v1/audit-events",
        "/v1/events",  # publishes what is ready before it reads (issue 17)
    }
