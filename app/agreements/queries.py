"""The agreement set as ``GET /cycles/{id}/agreement-set`` shows it, in one statement: the cycle
with the caller's relation (``app.cycles.queries``), the cycle whose agreements these are (a
bridging cycle's are its probation cycle's, T2.1), whether a hardship decision lets them change
after the cycle (R7, R4.1), that cycle's talks, and everything its agreements are made of
(``app.agreements.data``)."""

from __future__ import annotations

from sqlalchemy import bindparam, exists, func, literal, select
from sqlalchemy.orm import aliased

from app.agreements.data import data_columns
from app.cycles.queries import CALLER, CYCLE_COLUMNS, with_employee
from app.models.cycles import Cycle, HardshipDecision, Talk
from app.statements import rows_of
from app.states import CycleState

_probation = aliased(Cycle, name="probation_cycle")

# T2.1: a bridging cycle carries over the agreements of the probation cycle it follows.
CARRIED_FROM = (
    select(_probation.id)
    .where(
        Cycle.kind == "bridging",
        _probation.employee_id == Cycle.employee_id,
        _probation.kind == "probation",
        _probation.state != CycleState.superseded,
        _probation.end_date == Cycle.start_date - literal(1),  # the day before
    )
    .limit(1)
    .scalar_subquery()
)

# R7: a hardship decision for the cycle as a whole sets R4.1 aside (changes after the cycle).
_R4_1_SET_ASIDE = exists().where(
    HardshipDecision.rule == "R4.1",
    HardshipDecision.cycle_id == Cycle.id,
    HardshipDecision.talk_id.is_(None),
)

_base = (
    with_employee(
        select(
            *CYCLE_COLUMNS,
            *CALLER,
            CARRIED_FROM.label("carried_from"),
            func.coalesce(CARRIED_FROM, Cycle.id).label("source"),
            _R4_1_SET_ASIDE.label("r4_1_set_aside"),
        ).select_from(Cycle)
    )
    .where(Cycle.id == bindparam("cycle_id"))
    .cte("base")
)

SET_BUNDLE = select(
    _base,
    rows_of(
        Talk,
        # T2.1: a bridging cycle's talks and those of the probation cycle it carries over.
        where=lambda t: t.cycle_id.in_([_base.c.source, bindparam("cycle_id")]),
        order=lambda t: (t.due_date, t.kind, t.sequence),
    ).label("talks"),
    *data_columns(_base.c.source),
)
"""Parameters: cycle_id, viewer, today."""
