"""Set-based writing of many rows (issue 20): one ``INSERT … SELECT FROM unnest(arrays)`` with
one array parameter per column, encoded by asyncpg, however many rows. An executemany sends
one statement per row, and a multi-VALUES statement spends its time binding one parameter per
value in Python (and stops at asyncpg's 32,767 parameters)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Table, Text, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession


def json_text(value: Any) -> str:
    """A JSON column's value as text: dates and datetimes in ISO 8601, ids and enums as their
    string, anything else orjson cannot encode (a Decimal) by ``str``. orjson encodes those in C,
    where ``json.dumps(default=str)`` called back into Python for each (issue 20)."""
    return orjson.dumps(value, default=str).decode()


def unnest_select(table: Table, rows: list[dict[str, Any]], json: tuple[str, ...] = ()):
    """``SELECT … FROM unnest(:a, :b, …)`` of ``rows`` (dicts with the same keys, columns of
    ``table``); ``json`` columns travel as text and are cast to jsonb."""
    names = list(rows[0])
    arrays = []
    for name in names:
        if name in json:
            values = [None if r[name] is None else json_text(r[name]) for r in rows]
            arrays.append(bindparam(None, values, type_=ARRAY(Text())))
        else:
            arrays.append(bindparam(None, [r[name] for r in rows], type_=ARRAY(table.c[name].type)))

    v = func.unnest(*arrays).table_valued(*names).render_derived(name="v", with_types=False)
    return names, select(*[cast(v.c[n], JSONB) if n in json else v.c[n] for n in names])


def insert_rows(table: Table, rows: list[dict[str, Any]], json: tuple[str, ...] = ()):
    """The ``INSERT INTO table (…) SELECT FROM unnest(…)`` of ``rows`` (see ``unnest_select``):
    a statement to execute, or to extend (``ON CONFLICT``) with ``sqlalchemy.dialects.postgresql
    .insert``'s ``from_select`` where wanted."""
    names, query = unnest_select(table, rows, json)
    return insert(table).from_select(names, query)


COPY_FROM = 1_000
"""From this many rows on, ``insert_all`` sends them with COPY (binary) instead."""


async def insert_all(
    session: AsyncSession,
    table: Table,
    rows: list[dict[str, Any]],
    json: tuple[str, ...] = (),
    same: dict[str, Any] | None = None,
) -> None:
    """Insert ``rows`` in one statement (nothing when there are none); from ``COPY_FROM`` rows
    on with ``COPY … FROM STDIN (FORMAT binary)`` on the session's connection (asyncpg's
    ``copy_records_to_table``): no statement to parse, no arrays to unpack, the rows streamed
    in the binary format. Triggers fire as for an INSERT (statement triggers with their
    transition tables too); SQLAlchemy's statement events do not see it. ``same``: columns
    with one value for every row (who did it), added here rather than copied into each dict."""
    if not rows:
        return
    same = same or {}
    if len(rows) < COPY_FROM:
        await session.execute(insert_rows(table, [{**r, **same} for r in rows], json))
        return
    names = list(rows[0])
    if json:
        # Column by column, the JSON columns turned into text.
        columns = [
            [None if r[n] is None else json_text(r[n]) for r in rows]
            if n in json
            else [r[n] for r in rows]
            for n in names
        ]
        records = list(zip(*columns, strict=True))
    else:
        pick = itemgetter(*names)
        # itemgetter of one name gives the value, of several a tuple.
        records = [(pick(r),) for r in rows] if len(names) == 1 else [pick(r) for r in rows]
    if same:
        names += list(same)
        constant = tuple(same.values())
        records = [record + constant for record in records]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(
        table.name, records=records, columns=names, schema_name=table.schema
    )
