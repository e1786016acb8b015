"""An app on a database of its own with committed data, as production runs it: the app's own
engine and pools (no test transaction around it), every round trip counted on the wire
(``tests/round_trips.py``), the wire able to go down and come back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from app.main import create_app
from tests.appraisals import agreed_and_held, share
from tests.conftest import make_client, organisation_database
from tests.cycles import talk_of
from tests.org import EMPLOYEE, HR_SUB, MANAGER
from tests.round_trips import RoundTrips


@dataclass
class Live:
    client: httpx.AsyncClient
    wire: RoundTrips
    app: object
    cycle: dict
    headers: dict[str, dict[str, str]]
    database: str
    admin: asyncpg.Connection

    async def get(self, url: str, who: str) -> tuple[httpx.Response, int]:
        """The response and the round trips it took."""
        before = self.wire.count
        response = await self.client.get(url, headers=self.headers[who])
        return response, self.wire.count - before


@pytest.fixture(scope="module")
async def live(database_url, settings, token) -> AsyncIterator[Live]:
    async with organisation_database(database_url, settings, "goedgesprek_reads") as (
        url,
        name,
        admin,
    ):
        wire = RoundTrips(url)
        app = None
        try:
            app = create_app(settings.model_copy(update={"database_url": await wire.start()}))
            headers = {
                "hr": {"Authorization": f"Bearer {token(role='hr', sub=HR_SUB)}"},
                "manager": {"Authorization": f"Bearer {token(role='manager', sub=MANAGER)}"},
                "employee": {"Authorization": f"Bearer {token(role='employee', sub=EMPLOYEE)}"},
            }
            async with make_client(app) as client:
                cycle = await agreed_and_held(client, headers["manager"], headers["employee"])
                await share(client, talk_of(cycle, "appraisal")["id"], headers["manager"])
                yield Live(client, wire, app, cycle, headers, name, admin)
        finally:
            if app is not None:
                await app.state.read_pool.close()
                await app.state.engine.dispose()
            await wire.close()
