"""The appraisal's domain events (docs/events.md): shared, held, signed, objected to, heard,
finalised, rewarded. Thin: ids, the URL, the state and dates; never a rating, a motivation, an
objection or a reward's description (the consumer reads those with its own token, audited)."""

from __future__ import annotations

from typing import Any

from app.events.outbox import emit, url


def emit_appraisal(session: Any, name: str, view: Any, **extra: Any) -> None:
    talk = view.talk
    emit(
        session,
        name,
        talk.id,
        talkId=talk.id,
        cycleId=talk.cycle_id,
        url=url(f"/talks/{talk.id}/appraisal"),
        personnelNumber=view.row.personnel_number,
        state=view.appraisal.state if view.appraisal is not None else None,
        **extra,
    )
