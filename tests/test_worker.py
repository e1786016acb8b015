"""The worker (issue 17) as it runs: ``goedgesprek worker`` processes, woken by the database
through LISTEN/NOTIFY when a change commits, and one killed in the middle of a delivery, whose
work another finishes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from standardwebhooks.webhooks import Webhook

from app.models.events import WebhookDelivery
from tests.committed import start_receiver
from tests.org import HR_SUB, NEWCOMER

HOOKS = {"client": "hris-hooks", "scopes": ["webhooks:manage"]}
ROOT = Path(__file__).resolve().parent.parent


def start_worker(committed, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": committed.url,
        "GOEDGESPREK_AUTH_MODE": "local",
        "GOEDGESPREK_DATA_DIR": str(tmp_path),
        "GOEDGESPREK_WEBHOOK_ALLOW_PRIVATE": "true",
        "GOEDGESPREK_WEBHOOK_LEASE_SECONDS": "2",
        "GOEDGESPREK_WEBHOOK_TIMEOUT_SECONDS": "30",
        "GOEDGESPREK_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--skip-migrations"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
async def receiver(committed):
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    async with committed.runtime.sessionmaker.begin() as session:
        await session.execute(text("DELETE FROM webhook_subscription"))


async def subscribe(committed, receiver) -> dict:
    created = await committed.client.post(
        "/v1/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": ["nl.goedgesprek.employee.synced"]},
        headers=committed.headers(**HOOKS),
    )
    assert created.status_code == 201, created.text
    return created.json()


async def sync(committed, number: str) -> None:
    hr = committed.headers(role="hr", sub=HR_SUB)
    done = await committed.client.put(f"/v1/employees/{number}", json=NEWCOMER, headers=hr)
    assert done.status_code == 201, done.text


async def wait(condition, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_a_running_worker_delivers_a_committed_change_at_once(committed, receiver, tmp_path):
    subscription = await subscribe(committed, receiver)
    worker = start_worker(committed, tmp_path)
    try:
        await asyncio.sleep(1)  # the worker's start-up sweep has run
        await sync(committed, "600001")
        await wait(lambda: len(receiver.received) >= 1)
        event = Webhook(subscription["secret"]).verify(
            receiver.received[0].body, receiver.received[0].headers
        )
        assert event["subject"] == "600001"
    finally:
        stop(worker)
    assert worker.returncode == 0, worker.stderr.read().decode()[-2000:]


async def test_a_worker_killed_during_a_delivery_leaves_it_to_the_next(
    committed, receiver, tmp_path
):
    subscription = await subscribe(committed, receiver)
    receiver.plan(200, delay=10)  # the first POST hangs: the worker is killed meanwhile
    first = start_worker(committed, tmp_path)
    try:
        await sync(committed, "600002")
        await wait(lambda: receiver.arrived >= 1)
        first.kill()  # SIGKILL: no clean-up, its claim stays until the lease (2 s) runs out
        first.wait()
    finally:
        stop(first)
    second = start_worker(committed, tmp_path)
    try:
        await wait(lambda: receiver.arrived >= 2)  # sent again once the lease ran out
        async with committed.runtime.sessionmaker() as session:

            async def status():
                return await session.scalar(
                    select(WebhookDelivery.status).where(
                        WebhookDelivery.subscription_id == subscription["id"]
                    )
                )

            for _ in range(200):
                if await status() == "delivered":
                    break
                await asyncio.sleep(0.1)
                await session.rollback()
            assert await status() == "delivered"
    finally:
        stop(second)
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert len(ids) == 1  # the same event, delivered at least once
