"""Running the statements built once at import (``app/*/queries.py``).

Statements are module constants with bound parameters (``bindparam``), never built per call.
Each is compiled once, here, for PostgreSQL (``$1 …`` placeholders), and asyncpg keeps it
prepared on every connection. How a statement runs depends on the request:

* in a request that only reads (a session marked read-only, outside the tests' transaction):
  on a connection of the read pool (``app.db.ReadPool``, asyncpg's own) taken for this
  statement alone: no Session, no Connection object, no result objects. This is what makes a
  read cost about what a bare asyncpg endpoint costs (see docs/design.md, "Performance");
* in a read-only session that holds a connection already (the tests' transaction, or an ORM
  read before): on that connection, still straight to asyncpg;
* in a transaction (writes, audited reads): on the session's connection through SQLAlchemy
  (as SQL, not as a statement object), so that it is part of the transaction.

Every way gives rows with attribute access by the statement's column labels (``row.name``),
and fires the engine's ``before_cursor_execute`` listeners, so statement counting sees them
all. A whole row selected as a column (``array_agg(talk)``) comes as a plain record:
``item``/``items`` give it attribute access too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, Executable, exc, func, inspect, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import aliased

from app.db import READ_ONLY, READ_POOL, ReadPool, WriteInReadOnlyRequest


class Row(asyncpg.Record):
    """A result row of asyncpg with attribute access, as SQLAlchemy's rows have it."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Item(dict):
    """A record nested in a row (a whole row selected as a column), with attribute access:
    what the views read of an ORM object, they read of this."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def item(record: Mapping[str, Any] | None) -> Item | None:
    return None if record is None else Item(record.items())


def items(records: Sequence[Mapping[str, Any]] | None) -> list[Item]:
    return [Item(record.items()) for record in records or ()]


Rows = Sequence[Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per placeholder $n: the parameter's name, whether the caller must give it (else it is
    # a literal of the statement, such as 'self' in a CASE), the literal's value, and the
    # type's bind processor if it has one.
    args: tuple[tuple[str, bool, Any, Callable[[Any], Any] | None], ...]
    # Result columns whose type converts the driver's value (e.g. JSON); usually none.
    results: tuple[tuple[str, Callable[[Any], Any]], ...]

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name, required, literal, process in self.args:
            value = params[name] if required else params.get(name, literal)
            values.append(process(value) if process is not None and value is not None else value)
        return values


_compiled: dict[int, tuple[Executable, _Compiled]] = {}


def _compile(statement: Executable, dialect: Dialect) -> _Compiled:
    found = _compiled.get(id(statement))
    if found is not None and found[0] is statement:
        return found[1]
    compiled = statement.compile(dialect=dialect)
    if "POSTCOMPILE" in compiled.string:
        raise ValueError("IN (list) cannot be prepared once: compare with = ANY(:array)")
    args = []
    for key in compiled.positiontup or ():
        bind = compiled.binds[key]
        process = bind.type.bind_processor(dialect)
        args.append((bind.key, bind.required, bind.effective_value, process))
    columns = getattr(statement, "selected_columns", None)  # none for an INSERT
    names = list(columns.keys()) if columns is not None else []
    if len(set(names)) != len(names):
        raise ValueError(f"result columns need distinct labels: {names}")
    results = tuple(
        (name, process)
        for name, column in zip(names, columns if columns is not None else [], strict=True)
        if (process := column.type.result_processor(dialect, None)) is not None
    )
    entry = _Compiled(compiled.string, tuple(args), results)
    _compiled[id(statement)] = (statement, entry)
    return entry


def rows_of(
    model: Any,
    *,
    where: Callable[[Any], ColumnElement[bool]],
    order: Callable[[Any], Sequence[Any]] = lambda _: (),
) -> ColumnElement:
    """A scalar subquery: the whole rows of ``model`` that ``where`` picks, as one array in
    ``order`` (asyncpg decodes each into a record: see ``items``). The table is read under an
    alias of its own: a bare ``talk`` could otherwise name a column ``talk`` of an enclosing
    query instead of the table's rows."""
    alias = aliased(model)
    rows = inspect(alias).selectable.table_valued()
    aggregate = func.array_agg(aggregate_order_by(rows, *order(alias)) if order(alias) else rows)
    return select(aggregate).where(where(alias)).scalar_subquery()


def row_of(model: Any, *, where: Callable[[Any], ColumnElement[bool]]) -> ColumnElement:
    """A scalar subquery: the one whole row of ``model`` that ``where`` picks (or NULL)."""
    alias = aliased(model)
    return select(inspect(alias).selectable.table_valued()).where(where(alias)).scalar_subquery()


class ConnectionLost(exc.DBAPIError):
    """The pooled connection was found dropped; it has been discarded from the pool."""


async def fetch_all(session: AsyncSession, statement: Executable, **params: Any) -> Rows:
    return await _run(session, statement, params)


async def fetch_one(session: AsyncSession, statement: Executable, **params: Any) -> Any | None:
    rows = await _run(session, statement, params)
    return rows[0] if rows else None


async def execute(session: AsyncSession, statement: Executable, **params: Any) -> None:
    """A write built once (an INSERT, say), in the request's transaction."""
    if session.info.get(READ_ONLY):
        raise WriteInReadOnlyRequest("a read-only request tried to write (statement)")
    compiled = _compile(statement, session.bind.dialect)
    await _in_transaction(session, compiled, compiled.arguments(params))


async def _in_transaction(session: AsyncSession, compiled: _Compiled, args: list) -> Any:
    """Through SQLAlchemy's connection, which begins the transaction, but as the SQL compiled
    here: SQLAlchemy would work out the statement's cache key anew on every execution, which
    for the larger reads costs more than running them."""
    if session.new or session.dirty or session.deleted:
        await session.flush()  # what Session.execute would do first (autoflush)
    connection = await session.connection()
    return await connection.exec_driver_sql(compiled.sql, tuple(args))


async def _run(session: AsyncSession, statement: Executable, params: Mapping[str, Any]) -> Rows:
    bind = session.bind
    compiled = _compile(statement, bind.dialect)
    args = compiled.arguments(params)
    if not session.info.get(READ_ONLY):
        rows = (await _in_transaction(session, compiled, args)).all()
        return _converted(compiled, rows) if compiled.results else rows
    read_pool = session.info.get(READ_POOL)
    if read_pool is not None and not session.in_transaction():
        rows = await _on_read_pool(read_pool, bind, compiled, args)
    else:
        connection = await session.connection()
        sync = connection.sync_connection
        if sync.dispatch.before_cursor_execute:
            sync.dispatch.before_cursor_execute(sync, None, compiled.sql, args, None, False)
        driver = (await connection.get_raw_connection()).driver_connection
        rows = await driver.fetch(compiled.sql, *args, record_class=Row)
    return _converted(compiled, rows) if compiled.results else rows


async def _on_read_pool(
    read_pool: ReadPool, engine: AsyncEngine, compiled: _Compiled, args: list
) -> Rows:
    sync_engine = engine.sync_engine
    if sync_engine.dispatch.before_cursor_execute:
        sync_engine.dispatch.before_cursor_execute(None, None, compiled.sql, args, None, False)
    connection = None
    try:
        async with read_pool.acquire() as connection:
            return await connection.fetch(compiled.sql, *args, record_class=Row)
    except _LOST as error:
        lost: Exception | None = error
    except asyncpg.InterfaceError as error:  # "connection is closed", or a misuse: tell apart
        if connection is not None and not connection.is_closed():
            raise
        lost = error
    # The pool has let the connection go; the request may try once more.
    raise ConnectionLost(compiled.sql, args, lost, connection_invalidated=True) from lost


# What a dropped connection raises (not a statement timeout, not a bad statement).
_LOST = (
    OSError,
    asyncpg.PostgresConnectionError,  # class 08, ConnectionDoesNotExistError among them
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
)


def _converted(compiled: _Compiled, rows: Sequence[Any]) -> Rows:
    """Rows whose columns the statement's types convert (JSON, say), as ``Item``s."""
    converted = []
    for row in rows:
        values = Item(row._mapping.items() if hasattr(row, "_mapping") else row.items())
        for name, process in compiled.results:
            values[name] = process(values[name])
        converted.append(values)
    return converted
