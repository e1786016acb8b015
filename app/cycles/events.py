"""The cycles' domain events (docs/events.md): periods, cycles and talks. Thin: ids, the URL,
states and dates."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.events.outbox import event_row, url


def cycle(
    name: str,
    cycle_id: uuid.UUID,
    *,
    number: str | None,
    kind: str,
    state: str,
    start_date: date | None = None,
    end_date: date | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return event_row(
        name,
        cycle_id,
        {
            "cycleId": cycle_id,
            "url": url(f"/cycles/{cycle_id}"),
            "personnelNumber": number,
            "kind": kind,
            "state": state,
            "startDate": start_date,
            "endDate": end_date,
            **extra,
        },
    )


def talk(name: str, talk: Any, *, number: str, **extra: Any) -> dict[str, Any]:
    return event_row(
        name,
        talk.id,
        {
            "talkId": talk.id,
            "cycleId": talk.cycle_id,
            "url": url(f"/talks/{talk.id}"),
            "personnelNumber": number,
            "kind": talk.kind,
            "status": talk.status,
            "dueDate": talk.due_date,
            **extra,
        },
    )


def period_opened(period_id: str, start: date, end: date, created: int) -> dict[str, Any]:
    return event_row(
        "period.opened",
        period_id,
        {
            "period": period_id,
            "url": url("/periods"),
            "startDate": start,
            "endDate": end,
            "cyclesCreated": created,
        },
    )
