"""Two writers racing on one talk, in real concurrent transactions (committed, on a scratch
database): one wins, the other gets 412 and nothing is lost or mixed."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from app.auth import mint_local_token
from app.cli import _migrate
from app.config import get_settings
from app.main import create_app
from app.models import Cycle, Employee, Talk
from tests.conftest import make_client
from tests.org import freeze_clock, seed_org


async def test_two_reschedules_racing_one_gets_412(scratch_database_url):
    settings = get_settings()
    await _migrate(scratch_database_url, settings)
    app = create_app(settings)
    try:
        async with app.state.sessionmaker.begin() as session:
            await freeze_clock(session)
            await seed_org(session)
        async with app.state.sessionmaker() as session:
            talk_id = await session.scalar(
                select(Talk.id)
                .join(Cycle, Cycle.id == Talk.cycle_id)
                .join(Employee, Employee.id == Cycle.employee_id)
                .where(Employee.personnel_number == "100001", Talk.kind == "progress")
                .order_by(Cycle.start_date)
                .limit(1)
            )
        token = mint_local_token(settings, subject="100002", roles=["manager"])
        headers = {"Authorization": f"Bearer {token}"}
        async with make_client(app) as client:
            etag = (await client.get(f"/v1/talks/{talk_id}", headers=headers)).headers["ETag"]

            def put(place: str):
                return client.put(
                    f"/v1/talks/{talk_id}/appointment",
                    json={"startsAt": "2026-12-10T10:00:00+01:00", "location": place},
                    headers={**headers, "If-Match": etag},
                )

            first, second = await asyncio.gather(put("Room A"), put("Room B"))
            assert sorted([first.status_code, second.status_code]) == [200, 412]
            winner = first if first.status_code == 200 else second
            stored = (await client.get(f"/v1/talks/{talk_id}", headers=headers)).json()
            assert stored["location"] == winner.json()["location"]
    finally:
        await app.state.engine.dispose()
