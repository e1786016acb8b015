"""The states as data (app/states.py): the database keeps every state column to its enum."""

from __future__ import annotations

import re

import pytest

from app.appraisals.rules import State
from app.models import AgreementVersion, Appraisal, Cycle, InformantSuggestion, Talk, TalkRequest
from app.states import (
    AgreementStatus,
    CycleState,
    CycleStatus,
    RequestStatus,
    SuggestionStatus,
    TalkStatus,
)


def _allowed(model, column: str) -> set[str]:
    (check,) = [
        c
        for c in model.__table__.constraints
        if str(getattr(c, "sqltext", "")).startswith(f"{column} IN (")
    ]
    return set(re.findall(r"'([^']*)'", str(check.sqltext)))


@pytest.mark.parametrize(
    ("model", "column", "states"),
    [
        (Cycle, "state", CycleState),
        (Talk, "status", TalkStatus),
        (TalkRequest, "status", RequestStatus),
        (InformantSuggestion, "status", SuggestionStatus),
        (AgreementVersion, "status", AgreementStatus),
        (Appraisal, "state", State),
    ],
)
def test_each_state_column_allows_exactly_its_enum(model, column, states):
    assert _allowed(model, column) == {s.value for s in states}


def test_a_cycle_status_is_its_stored_state_or_where_today_falls():
    stored_and_shown = {s.value for s in CycleState} & {s.value for s in CycleStatus}
    assert stored_and_shown == {"completed", "superseded"}  # "active" is shown by the date


async def test_the_migrated_database_refuses_a_status_outside_the_enum(session, org):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match="ck_talk_status"):
        async with session.begin_nested():
            await session.execute(text("UPDATE talk SET status = 'postponed'"))
