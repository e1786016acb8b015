"""Count the round trips between the service and PostgreSQL, as the network sees them.

A small TCP proxy in front of the test server: it passes every byte on and counts the server's
ReadyForQuery messages ('Z'), which end every exchange of the protocol, whatever sent it: a
query, a BEGIN or COMMIT, a prepare, a pool's ping. Statement counting (``sql_counter``) sees
only what SQLAlchemy's events see; this sees everything.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import async_url


class RoundTrips:
    def __init__(self, upstream_url: str) -> None:
        self.url = make_url(async_url(upstream_url))
        socket_dir = self.url.query.get("host")  # the embedded server: a unix socket only
        self._socket = str(next(Path(str(socket_dir)).glob(".s.PGSQL.*"))) if socket_dir else None
        self.count = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task] = set()

    async def _open_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._socket is not None:
            return await asyncio.open_unix_connection(self._socket)
        return await asyncio.open_connection(self.url.host or "127.0.0.1", self.url.port or 5432)

    async def start(self) -> str:
        """Start listening; returns the URL that reaches the database through the proxy."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port = self._port = self._server.sockets[0].getsockname()[1]
        proxied = self.url.set(host="127.0.0.1", port=port, query={"ssl": "disable"})
        return proxied.render_as_string(hide_password=False)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._pipes):
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*self._pipes, return_exceptions=True)

    async def go_down(self) -> None:
        """What a stopped database looks like: every connection cut, new ones refused."""
        await self.close()
        await self._server.wait_closed()

    async def come_back(self) -> None:
        """The database is back, on the same address."""
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self._port, reuse_address=True
        )

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await self._open_upstream()
        for task in (
            asyncio.create_task(self._pipe(reader, up_writer, count=False)),
            asyncio.create_task(self._pipe(up_reader, writer, count=True)),
        ):
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, count: bool
    ) -> None:
        buffer = b""
        try:
            while data := await reader.read(65536):
                if count:  # counted before it is passed on, so a client never outruns it
                    # Server messages: a type byte, a length that counts itself but not the type.
                    buffer += data
                    while len(buffer) >= 5:
                        length = int.from_bytes(buffer[1:5], "big")
                        if len(buffer) < 1 + length:
                            break
                        if buffer[0:1] == b"Z":
                            self.count += 1
                        buffer = buffer[1 + length :]
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
