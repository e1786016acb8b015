"""The appraisal of a talk as ``GET /talks/{id}/appraisal`` reads it, in one statement: the talk
and its cycle with the caller's relation, the cycle whose agreements are rated (a bridging
cycle's are its probation cycle's, T2.1) with its talks and everything its agreements are made
of, and the appraisal with its ratings, signatures and the employee's open suggestions of
informants."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased

from app.agreements.data import data_columns
from app.agreements.queries import CARRIED_FROM
from app.cycles.queries import CALLER, CYCLE_COLUMNS, with_employee
from app.models.appraisals import (
    Appraisal,
    AppraisalRating,
    AppraisalSignature,
    InformantSuggestion,
)
from app.models.cycles import Cycle, Talk
from app.statements import row_of, rows_of
from app.states import SuggestionStatus

_base = (
    with_employee(
        select(
            Talk.__table__.table_valued().label("talk"),
            Talk.id.label("talk_id"),
            Talk.cycle_id.label("own_cycle"),
            *CYCLE_COLUMNS,
            *CALLER,
            CARRIED_FROM.label("carried_from"),
            func.coalesce(CARRIED_FROM, Cycle.id).label("source"),
        )
        .select_from(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
    )
    .where(Talk.id == bindparam("talk_id"))
    .cte("base")
)


def _of_appraisal(model, *, order):
    """The whole rows of ``model`` (ratings, signatures) of the talk's appraisal, in ``order``."""
    of_talk = (
        select(Appraisal.id)
        .where(Appraisal.talk_id == _base.c.talk_id)
        .correlate_except(Appraisal)
        .scalar_subquery()
    )
    return rows_of(model, where=lambda r: r.appraisal_id == of_talk, order=order)


def _linked() -> list:
    """Bezwaar en beroep (R6.12): the talk of the appraisal this one supersedes, and of the one
    superseding it."""
    mine = aliased(Appraisal)
    other = aliased(Appraisal)
    own = select(mine.id).where(mine.talk_id == _base.c.talk_id).scalar_subquery()
    supersedes = select(mine.supersedes_id).where(mine.talk_id == _base.c.talk_id)
    return [
        select(other.talk_id)
        .where(other.id == supersedes.scalar_subquery())
        .scalar_subquery()
        .label("supersedes_talk"),
        select(other.talk_id)
        .where(other.supersedes_id == own)
        .scalar_subquery()
        .label("superseded_by_talk"),
    ]


APPRAISAL_BUNDLE = select(
    _base,
    rows_of(
        Talk,
        # T2.1: the rated cycle's talks, and a bridging cycle's own (Art. 5.2 adjustments).
        where=lambda t: t.cycle_id.in_([_base.c.source, _base.c.own_cycle]),
        order=lambda t: (t.due_date,),
    ).label("talks"),
    *data_columns(_base.c.source),
    row_of(Appraisal, where=lambda a: a.talk_id == _base.c.talk_id).label("appraisal"),
    _of_appraisal(AppraisalRating, order=lambda r: (r.item, r.ref)).label("ratings"),
    _of_appraisal(AppraisalSignature, order=lambda s: (s.signed_at,)).label("signatures"),
    select(func.count())
    .where(
        and_(
            InformantSuggestion.talk_id == _base.c.talk_id,
            InformantSuggestion.status == SuggestionStatus.open,
        )
    )
    .scalar_subquery()
    .label("open_suggestions"),
    *_linked(),
)
"""Parameters: talk_id, viewer, today."""
