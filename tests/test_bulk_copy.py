"""``app.bulk.insert_all`` sends large batches with COPY (issue 20): the same rows, JSON as
JSON, triggers fired, as the INSERT … SELECT FROM unnest it uses for small ones."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app import bulk
from app.models import AuditEvent, DomainEvent
from app.models.cycles import Cycle, Talk


async def test_t2_1_an_opening_written_with_copy_stores_what_an_insert_stores(
    client, org, hr, session, monkeypatch
):
    monkeypatch.setattr(bulk, "COPY_FROM", 1)
    opened = await client.post("/v1/period-openings", json={"period": "2028-2029"}, headers=hr)
    assert opened.status_code == 201, opened.text
    assert opened.json()["cyclesCreated"] == 7
    cycles = (
        await session.scalars(select(Cycle).where(Cycle.start_date >= date(2028, 1, 1)))
    ).all()
    assert len(cycles) == 7
    # The talk trigger ran on the copied talks: every new cycle knows its next due date.
    assert all(c.next_due_date is not None for c in cycles)
    talks = await session.scalar(
        select(func.count()).select_from(Talk).where(Talk.cycle_id.in_([c.id for c in cycles]))
    )
    assert talks >= 7
    created = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.resource_type == "cycle",
                AuditEvent.action == "create",
                AuditEvent.resource_id.in_([str(c.id) for c in cycles]),
            )
        )
    ).all()
    assert len(created) == 7 and all(isinstance(e.after, dict) for e in created)
    assert all(e.after["talks"] and e.actor_id for e in created)
    events = (
        await session.scalars(
            select(DomainEvent).where(DomainEvent.subject.in_([str(c.id) for c in cycles]))
        )
    ).all()
    assert len(events) == 7 and all(isinstance(e.data, dict) for e in events)
    assert {e.data["startDate"] for e in events} == {"2028-01-01"}
