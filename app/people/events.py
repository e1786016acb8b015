"""The people's domain events (docs/events.md): an employee synced, a leaving date recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.events.outbox import event_row, url


def synced(number: str, *, created: bool) -> dict[str, Any]:
    return event_row(
        "employee.synced",
        number,
        {
            "personnelNumber": number,
            "url": url(f"/employees/{number}"),
            "change": "created" if created else "updated",
        },
    )


def left(number: str, leaving_date: date) -> dict[str, Any]:
    return event_row(
        "employee.left",
        number,
        {
            "personnelNumber": number,
            "url": url(f"/employees/{number}"),
            "leavingDate": leaving_date,
        },
    )


def of_change(
    number: str, *, created: bool, leaving_before: date | None, leaving_after: date | None
) -> list[dict[str, Any]]:
    """The events of one employee's sync: synced, and left when the leaving date is new."""
    found = [synced(number, created=created)]
    if leaving_after is not None and leaving_after != leaving_before:
        found.append(left(number, leaving_after))
    return found
