"""Two writers racing on one agreement, in real concurrent transactions (committed, on a
scratch database): one wins, the other gets 412, and the history holds exactly the winner's
version beside the first one: nothing lost, nothing mixed."""

from __future__ import annotations

import asyncio

from app.auth import mint_local_token
from app.cli import _migrate
from app.config import get_settings
from app.main import create_app
from tests.agreements import WORK
from tests.conftest import make_client
from tests.org import freeze_clock, seed_org


async def test_two_changes_racing_on_one_agreement_one_gets_412(scratch_database_url):
    settings = get_settings()
    await _migrate(scratch_database_url, settings)
    app = create_app(settings)
    try:
        async with app.state.sessionmaker.begin() as session:
            await freeze_clock(session)
            await seed_org(session)
        # The manager and the delegated coordinator are both managing; here: the manager twice.
        token = mint_local_token(settings, subject="100002", roles=["manager"])
        headers = {"Authorization": f"Bearer {token}"}
        async with make_client(app) as client:
            cycles = await client.get("/v1/cycles?employee=100001", headers=headers)
            cycle = next(c for c in cycles.json()["items"] if c["startDate"] == "2026-01-01")
            base = f"/v1/cycles/{cycle['id']}/agreements"
            created = await client.post(base, json=WORK, headers=headers)
            assert created.status_code == 201, created.text
            agreement, etag = created.json()["id"], created.headers["ETag"]

            def put(measure: str):
                return client.put(
                    f"{base}/{agreement}",
                    json={**WORK, "measure": measure, "change": "refined"},
                    headers={**headers, "If-Match": etag},
                )

            first, second = await asyncio.gather(put("Door de raad"), put("Door het college"))
            assert sorted([first.status_code, second.status_code]) == [200, 412]
            winner = first if first.status_code == 200 else second
            history = await client.get(f"{base}/{agreement}/versions", headers=headers)
            versions = history.json()["items"]
            assert [v["version"] for v in versions] == [1, 2]
            assert versions[0]["measure"] == WORK["measure"]
            assert versions[1]["measure"] == winner.json()["measure"]
            state = await client.get(f"/v1/cycles/{cycle['id']}/agreement-set", headers=headers)
            assert state.json()["version"] == 2  # created, then the one change that won
    finally:
        await app.state.engine.dispose()
