"""Two writers racing on one agreement, in real concurrent transactions (committed, on a
scratch database): one wins, the other gets 412, and the history holds exactly the winner's
version beside the first one: nothing lost, nothing mixed."""

from __future__ import annotations

import asyncio

from app.agreements import approvals
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


async def test_approving_while_the_talk_is_marked_held_never_deadlocks(
    scratch_database_url, monkeypatch
):
    """The employee approves while the manager records the talk as held. The approval holds
    the set's lock and then inserts rows that reference the talk and the cycle; the holding
    locks the cycle and the talk, then waits for the set. Those locks are FOR NO KEY UPDATE,
    which a foreign key's KEY SHARE does not wait for: no deadlock, no 500."""
    settings = get_settings()
    await _migrate(scratch_database_url, settings)
    app = create_app(settings)
    try:
        async with app.state.sessionmaker.begin() as session:
            await freeze_clock(session)
            await seed_org(session)
        manager = {
            "Authorization": "Bearer "
            + mint_local_token(settings, subject="100002", roles=["manager"])
        }
        employee = {
            "Authorization": "Bearer "
            + mint_local_token(settings, subject="100001", roles=["employee"])
        }
        async with make_client(app) as client:
            cycles = await client.get("/v1/cycles?employee=100001", headers=manager)
            cycle = next(c for c in cycles.json()["items"] if c["startDate"] == "2026-01-01")
            detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()
            planning = next(t for t in detail["talks"] if t["kind"] == "planning")["id"]
            base = f"/v1/cycles/{cycle['id']}"
            composed = await client.put(
                f"{base}/competency-set", json={"chosen": [], "crucial": []}, headers=manager
            )
            assert composed.status_code == 200
            assert (
                await client.post(f"{base}/agreements", json=WORK, headers=manager)
            ).status_code == 201
            approval = {"setVersion": 2}
            first = await client.post(
                f"/v1/talks/{planning}/approvals", json=approval, headers=manager
            )
            assert first.status_code == 201

            # Widen the window: the approval waits inside the set's lock, before its insert.
            ready = approvals._ready

            async def slow_ready(*args, **kwargs):
                await asyncio.sleep(0.4)
                return await ready(*args, **kwargs)

            monkeypatch.setattr(approvals, "_ready", slow_ready)

            async def hold():
                await asyncio.sleep(0.1)  # after the approval took the set's lock
                return await client.post(
                    f"/v1/talks/{planning}/completions",
                    json={"heldOn": "2026-11-20"},
                    headers=manager,
                )

            approved, held = await asyncio.gather(
                client.post(f"/v1/talks/{planning}/approvals", json=approval, headers=employee),
                hold(),
            )
            assert approved.status_code == 201, approved.text
            # The holding waited for the approval and then found the set agreed.
            assert held.status_code == 201, held.text
    finally:
        await app.state.engine.dispose()
