"""Telling a database that cannot be reached from any other failure, and saying so once.

When PostgreSQL is down, restarting, failing over or out of connections, every request fails
the same way; the client should hear 503 ``database-unavailable`` with ``Retry-After`` (not a
500), and the log should hold one warning line per request and one traceback per outage, not
one per request. The pools reconnect by themselves when the database is back: no restart.
"""

from __future__ import annotations

import logging

import asyncpg
from sqlalchemy import exc

log = logging.getLogger("app.database")

_UNREACHABLE = (
    OSError,  # refused, reset, unreachable, name not resolved
    TimeoutError,  # connect timeout
    exc.TimeoutError,  # no pooled connection came free in time
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,  # 57P03: starting up, shutting down
    asyncpg.ConnectionDoesNotExistError,  # the connection was closed under the query
)
_SQLSTATES = ("08", "57P")  # connection exceptions; admin/crash shutdown, cannot connect now


def database_unreachable(error: BaseException) -> bool:
    """Whether ``error`` means the database could not be reached or dropped the connection
    (as opposed to a query the database refused)."""
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        if sqlstate.startswith(_SQLSTATES):
            return True
        error = error.orig.__cause__ or error.orig
    if isinstance(error, asyncpg.PostgresError):
        return (getattr(error, "sqlstate", None) or "").startswith(_SQLSTATES)
    return isinstance(error, _UNREACHABLE)


class Outage:
    """One process's view of the database: up, or down since the first failure seen. The first
    failure of an outage is logged with its traceback, the others in one line each; the first
    success after it says the database is back."""

    def __init__(self) -> None:
        self.down = False

    def failed(self, error: BaseException, *, path: str) -> None:
        if self.down:
            log.warning(
                "database unavailable: %s: %s", type(error).__name__, error, extra={"path": path}
            )
            return
        self.down = True
        log.error("database unavailable: requests answer 503", exc_info=error)

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            log.warning("database reachable again")


OUTAGE = Outage()
