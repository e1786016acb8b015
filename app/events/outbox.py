"""Writing domain events: in the transaction of the change they report (the outbox).

``emit`` adds the event to the session, so it is written with the session's next flush and
commits or rolls back with the change: an event exists if and only if its change committed.
``emit_rows`` writes many at once for the bulk paths (a period's opening, an import).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Text, Uuid, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from app import bulk
from app.config import API_PREFIX
from app.events.catalogue import BY_TYPE, PREFIX
from app.ids import new_id
from app.models.events import DomainEvent


def _plain(value: Any) -> Any:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def url(path: str) -> str:
    """A resource's URL relative to the API's host: ``/v1/cycles/…``."""
    return API_PREFIX + path


def event_row(name: str, subject: Any, data: dict[str, Any]) -> dict[str, Any]:
    """One outbox row for the catalogue's ``name`` (``appraisal.finalised``)."""
    type_ = PREFIX + name
    if type_ not in BY_TYPE:  # a programming error: every type is in the catalogue (docs)
        raise ValueError(f"event type {type_} is not in the catalogue")
    # Dates and ids stay as they are here: they become text when written (``add``, or JSON
    # encoded by ``emit_rows``), not once per event built (issue 20: an opening builds 200,000).
    return {
        "id": new_id(),
        "type": type_,
        "subject": str(subject),
        "data": {key: value for key, value in data.items() if value is not None},
    }


def emit(session: Any, name: str, subject: Any, **data: Any) -> None:
    """Record one event with the change in ``session`` (sync or async): written with the
    session's next flush, in the same statement as the other events of that flush."""
    add(session, [event_row(name, subject, data)])


def add(session: Any, rows: list[dict[str, Any]]) -> None:
    """Record ``event_row``s with the session's next flush."""
    sync_session = getattr(session, "sync_session", session)
    sync_session.add_all(
        [
            DomainEvent(**{**row, "data": {k: _plain(v) for k, v in row["data"].items()}})
            for row in rows
        ]
    )


_ROWS = (
    func.unnest(
        bindparam("ids", type_=ARRAY(Uuid())),
        bindparam("types", type_=ARRAY(Text())),
        bindparam("subjects", type_=ARRAY(Text())),
        bindparam("data", type_=ARRAY(Text())),
    )
    .table_valued("id", "type", "subject", "data")
    .render_derived(name="e", with_types=False)
)
_INSERT = insert(DomainEvent.__table__).from_select(
    ["id", "type", "subject", "data"],
    select(_ROWS.c.id, _ROWS.c.type, _ROWS.c.subject, cast(_ROWS.c.data, JSONB)),
)


async def emit_rows(session: Any, rows: list[dict[str, Any]]) -> None:
    """Many events (``event_row``) in one INSERT … SELECT FROM unnest: one statement however
    many rows (an executemany would run one per row, and wake the worker once per row); from
    ``app.bulk.COPY_FROM`` rows on with COPY (``app.bulk.insert_all``)."""
    if len(rows) >= bulk.COPY_FROM:
        await bulk.insert_all(session, DomainEvent.__table__, rows, json=("data",))
    elif rows:
        await session.execute(
            _INSERT,
            {
                "ids": [r["id"] for r in rows],
                "types": [r["type"] for r in rows],
                "subjects": [r["subject"] for r in rows],
                "data": [bulk.json_text(r["data"]) for r in rows],
            },
        )
