"""A database of its own with committed data, and a real HTTP receiver on 127.0.0.1: for what
only committed transactions show (the event feed's order, webhook deliveries, the worker)."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from app.worker import Runtime, make_runtime, publish_all
from tests.conftest import make_client, organisation_database


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A webhook receiver: answers each POST with the next planned (status, headers, delay),
    then 200; keeps what it received."""

    server: ThreadingHTTPServer
    planned: queue.Queue = field(default_factory=queue.Queue)
    received: list[Received] = field(default_factory=list)
    arrived: int = 0
    """Requests that reached the receiver, answered yet or not."""

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks"

    def plan(self, status: int, headers: dict[str, str] | None = None, delay: float = 0) -> None:
        self.planned.put((status, headers or {}, delay))

    def wait_arrived(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.arrived < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.arrived >= count, f"{self.arrived} of {count} arrived"

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.received) >= count, f"received {len(self.received)} of {count}"
        return self.received


def start_receiver() -> Receiver:
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = holder["r"]
            receiver.arrived += 1
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            try:
                status, headers, delay = receiver.planned.get_nowait()
            except queue.Empty:
                status, headers, delay = 200, {}, 0
            if delay:
                time.sleep(delay)
            receiver.received.append(
                Received({k.lower(): v for k, v in self.headers.items()}, body)
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    holder["r"] = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return holder["r"]


@dataclass
class Committed:
    url: str
    settings: Settings
    app: object
    client: httpx.AsyncClient
    runtime: Runtime
    token: object

    def headers(self, **kwargs) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**kwargs)}"}


@pytest.fixture(scope="module")
async def committed(database_url, settings, token) -> AsyncIterator[Committed]:
    """The test organisation in a database of its own, where every request commits."""
    async with organisation_database(database_url, settings, "goedgesprek_events") as (
        url,
        _name,
        _admin,
    ):
        ours = settings.model_copy(
            update={
                "database_url": url,
                "webhook_retry_base_seconds": 0.05,
                "webhook_lease_seconds": 2.0,
                "webhook_timeout_seconds": 5.0,
            }
        )
        app = create_app(ours)
        runtime = make_runtime(ours, url)
        try:
            await publish_all(runtime)  # the seeding's events: published before any subscription
            async with make_client(app) as client:
                yield Committed(url, ours, app, client, runtime, token)
        finally:
            await runtime.close()
            await app.state.read_pool.close()
            await app.state.engine.dispose()
