"""The pull feed (issue 17): GET /v1/events in sequence order, contiguous, resumable after any
event, filtered by type, and never missing an event whose transaction committed late."""

from __future__ import annotations

from sqlalchemy import text

from app.events.outbox import event_row
from app.events.publish import publish_once
from app.models.events import DomainEvent
from tests.org import HR_SUB, NEWCOMER

CONSUMER = {"client": "hris-events", "scopes": ["events:read"]}


async def feed(committed, **params) -> dict:
    response = await committed.client.get(
        "/v1/events", params=params, headers=committed.headers(**CONSUMER)
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_feed_is_in_order_contiguous_and_resumable(committed):
    everything = await feed(committed, limit=1000)
    sequences = [int(e["sequence"]) for e in everything["items"]]
    assert sequences == list(range(1, len(sequences) + 1))  # contiguous from 1
    assert everything["lastSequence"] == sequences[-1]
    # Page by page with `after`, following `next`, gives the same events.
    seen, url = [], "/v1/events?after=0&limit=7"
    while True:
        page = await committed.client.get(url, headers=committed.headers(**CONSUMER))
        items = page.json()["items"]
        if not items:
            break
        seen += [e["id"] for e in items]
        url = page.json()["next"]
    assert seen == [e["id"] for e in everything["items"]]
    # A new change shows up after the last sequence seen, and only it.
    hr = committed.headers(role="hr", sub=HR_SUB)
    assert (
        await committed.client.put("/v1/employees/500001", json=NEWCOMER, headers=hr)
    ).status_code == 201
    fresh = await feed(committed, after=everything["lastSequence"])
    assert fresh["items"][0]["type"] == "nl.goedgesprek.employee.synced"
    assert int(fresh["items"][0]["sequence"]) == everything["lastSequence"] + 1


async def test_the_feed_filters_on_types(committed):
    only = await feed(committed, type="nl.goedgesprek.cycle.created", limit=1000)
    assert only["items"] and {e["type"] for e in only["items"]} == {"nl.goedgesprek.cycle.created"}
    both = await feed(
        committed,
        type=["nl.goedgesprek.cycle.created", "nl.goedgesprek.employee.synced"],
        limit=1000,
    )
    assert {e["type"] for e in both["items"]} == {
        "nl.goedgesprek.cycle.created",
        "nl.goedgesprek.employee.synced",
    }
    assert "type=nl.goedgesprek.cycle.created" in both["next"]


async def test_an_unknown_type_or_a_bad_cursor_is_refused_naming_the_parameter(committed):
    headers = committed.headers(**CONSUMER)
    unknown = await committed.client.get("/v1/events?type=nl.goedgesprek.nope", headers=headers)
    assert unknown.status_code == 400
    [problem] = unknown.json()["invalidParams"]
    assert (problem["name"], problem["in"], problem["code"]) == (
        "type",
        "query",
        "unknown_event_type",
    )
    negative = await committed.client.get("/v1/events?after=-1", headers=headers)
    assert negative.status_code == 400
    assert negative.json()["invalidParams"][0]["name"] == "after"


async def test_an_event_that_commits_late_is_never_skipped(committed):
    """Transaction A writes first and commits last: its event is numbered when it commits,
    after B's, so a consumer that has read B's number reads A's next and misses nothing."""
    engine = committed.runtime.engine
    table = DomainEvent.__table__
    async with engine.connect() as a, engine.connect() as b:
        await a.begin()
        await a.execute(table.insert(), [event_row("period.opened", "A", {"period": "A"})])
        await b.begin()
        await b.execute(table.insert(), [event_row("period.opened", "B", {"period": "B"})])
        await b.commit()
        async with committed.runtime.sessionmaker.begin() as session:
            first = await publish_once(session)
        assert first.events == 1  # B; A has not committed
        read = await feed(committed, type="nl.goedgesprek.period.opened", limit=1000)
        seen = read["lastSequence"]
        assert [e["subject"] for e in read["items"]][-1] == "B"
        await a.commit()
    fresh = await feed(committed, after=seen)
    assert [e["subject"] for e in fresh["items"]] == ["A"]
    assert int(fresh["items"][0]["sequence"]) == seen + 1


async def test_two_publishers_at_once_give_each_event_one_number(committed):
    """The advisory lock: a second publisher leaves the work to the first."""
    engine = committed.runtime.engine
    async with engine.begin() as conn:
        await conn.execute(
            DomainEvent.__table__.insert(),
            [event_row("period.opened", f"P{i}", {"period": f"P{i}"}) for i in range(5)],
        )
    maker = committed.runtime.sessionmaker
    async with maker.begin() as first, maker.begin() as second:
        one = await publish_once(first)
        other = await publish_once(second)
        assert one.held and not other.held and other.events == 0
    async with maker() as session:
        duplicates = await session.scalar(
            text(
                "SELECT count(*) - count(DISTINCT sequence) FROM domain_event "
                "WHERE sequence IS NOT NULL"
            )
        )
    assert duplicates == 0
