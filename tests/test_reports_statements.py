"""Issue 8: each report issues a bounded number of statements, whatever the organisation's
size: the figures are aggregates in SQL, never a loop over people."""

from __future__ import annotations

from datetime import date

from app.demo import load_demo
from tests.org import TODAY, freeze_clock, seed_org
from tests.sql_counter import count_statements

PATHS = (
    "coverage",
    "overdue?kind=planning",
    "overdue?kind=hearing",
    "rollout?by=2026-06-01",
    "rollout/missing?by=2026-06-01",
    "outcomes",
    "development",
)


async def _counts(client, engine, headers: dict) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        with count_statements(engine) as log:
            response = await client.get(f"/v1/reports/{path}", headers=headers)
        assert response.status_code == 200, response.text
        counts[path] = log.count
    return counts


async def test_every_report_takes_the_same_few_statements_for_7_or_36_people(
    client, session, engine, auth
):
    await freeze_clock(session, TODAY)
    await seed_org(session)
    await session.flush()
    hr = auth(role="hr", sub="100003")
    small = await _counts(client, engine, hr)
    # The demo organisation on top: 29 more people, talks held, appraisals in every state.
    await load_demo(session, today=date(2026, 11, 29))
    await session.flush()
    large = await _counts(client, engine, hr)
    assert large == small
    assert max(large.values()) <= 6, large
    coverage = (await client.get("/v1/reports/coverage", headers=hr)).json()
    assert sum(t["total"] for t in coverage["talkTotals"]) > 60  # the demo's talks are counted
