"""Bezwaar en beroep (Art. 6.12, toelichting; issue 18): the outcome of a formal objection (to
the College) or appeal (to the court) against a finalised appraisal, recorded once per
procedure by HR. Upheld in whole or in part, it opens a superseding appraisal: a new appraisal
talk in the same cycle (origin ``appeal``), whose draft is prefilled from the finalised
appraisal and goes through the same procedure (R6.3–R6.12). The original stays immutable; the
two are linked both ways (``supersedes``, ``supersededBy``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appraisals.rules import State
from app.appraisals.service import load_for_change, read_appraisal
from app.auth import Actor
from app.authz import require_hr
from app.cycles.talks import new_talk
from app.errors import Conflict, Forbidden, invalid, param
from app.messages import msg, term
from app.models.appraisals import AppealDecision, Appraisal, AppraisalRating
from app.models.cycles import Cycle, Talk
from app.states import CycleState, Relation

UPHELD = frozenset({"upheld", "partly-upheld"})
# Choice (RULES.md is silent): the superseding appraisal talk is due four weeks after the
# decision, the term R6.12 gives the manager to respond after the hearing.
SUPERSEDING_TERM = timedelta(days=28)
PROCEDURES = {"objection": "bezwaar", "appeal": "beroep"}


@dataclass
class Recorded:
    decision: AppealDecision
    superseding: Appraisal | None


async def record_decision(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    procedure: str,
    outcome: str,
    decided_on: date,
    reference: str,
) -> Recorded:
    """R6.12: HR records the outcome of a formal objection or appeal against the finalised
    appraisal of ``talk_id``; upheld in whole or part, a superseding appraisal is opened."""
    require_hr(actor, rule="R6.12")
    view = await load_for_change(session, actor=actor, today=today, talk_id=talk_id)
    if view.relation is not Relation.hr:
        raise Forbidden(  # R6.12: as HR, never on an appraisal of their own or their team's
            msg("appeal-not-as-hr"),
            rule="R6.12",
            code="appeal-not-as-hr",
        )
    original = view.appraisal
    if original is None or original.state != State.finalised:
        raise Conflict(  # R6.12: a formal objection is against the finalised appraisal
            msg("appraisal-not-finalised.appeal"),
            rule="R6.12",
            code="appraisal-not-finalised",
        )
    _check_dates(decided_on, finalised_on=original.finalised_on, today=today)
    decided = await session.scalar(
        select(AppealDecision.id).where(
            AppealDecision.appraisal_id == original.id, AppealDecision.procedure == procedure
        )
    )
    if decided is not None:
        raise Conflict(
            msg("appeal-decided", procedure=term("procedure", procedure)),
            rule="R6.12",
            code="appeal-decided",
        )
    superseding = None
    if outcome in UPHELD:
        superseding = await _supersede(
            session, view, original, procedure=procedure, decided_on=decided_on, ref=reference
        )
    decision = AppealDecision(
        appraisal_id=original.id,
        procedure=procedure,
        outcome=outcome,
        decided_on=decided_on,
        reference=reference,
        superseding_talk_id=superseding.talk_id if superseding else None,
        recorded_by=actor.subject,
    )
    session.add(decision)
    await session.flush()
    await session.refresh(decision)
    return Recorded(decision, superseding)


def _check_dates(decided_on: date, *, finalised_on: date | None, today: date) -> None:
    problems = []
    if decided_on > today:
        problems.append(
            param("decidedOn", "in_future", "a decision is recorded once taken", rule="R6.12")
        )
    if finalised_on is not None and decided_on < finalised_on:
        problems.append(
            param(
                "decidedOn",
                "before_finalisation",
                f"the appraisal was finalised on {finalised_on}: a decision on an objection "
                "against it comes after",
                rule="R6.12",
            )
        )
    if problems:
        raise invalid(problems)


async def _supersede(
    session: AsyncSession,
    view,
    original: Appraisal,
    *,
    procedure: str,
    decided_on: date,
    ref: str,
) -> Appraisal:
    """A new appraisal talk in the cycle and a draft prefilled from ``original``."""
    taken = await session.scalar(select(Appraisal.id).where(Appraisal.supersedes_id == original.id))
    if taken is not None:
        raise Conflict(
            msg("appraisal-superseded"),
            rule="R6.12",
            code="appraisal-superseded",
        )
    talk = await new_talk(
        session,
        view.row,
        kind="appraisal",
        due_date=decided_on + SUPERSEDING_TERM,
        reason=f"{PROCEDURES[procedure].capitalize()} gegrond ({ref}): nieuwe beoordeling",
        origin="appeal",
        rule="R6.12",
    )
    cycle = await session.get_one(Cycle, view.row.cycle.id)
    if cycle.state == CycleState.completed:  # its new talk is still to be held
        cycle.state = CycleState.active
    copy = Appraisal(
        talk_id=talk.id,
        cycle_id=original.cycle_id,
        state=State.draft.value,
        rated_set_version=original.rated_set_version,
        content_version=0,
        final_computed=original.final_computed,
        work_share_percent=original.work_share_percent,
        final_rating=original.final_rating,
        final_motivation=original.final_motivation,
        final_override=original.final_override,
        override_motivation=original.override_motivation,
        supersedes_id=original.id,
    )
    session.add(copy)
    await session.flush()
    ratings = await session.scalars(
        select(AppraisalRating).where(AppraisalRating.appraisal_id == original.id)
    )
    # Through the ORM, so that the prefilled ratings are audited like any other.
    session.add_all(
        [
            AppraisalRating(
                appraisal_id=copy.id, item=r.item, ref=r.ref, score=r.score, motivation=r.motivation
            )
            for r in ratings
        ]
    )
    await session.flush()
    return copy


async def list_decisions(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> list[AppealDecision]:
    """The decisions on objections and appeals against the appraisal of ``talk_id``, for
    whoever may read that appraisal (R6.12)."""
    view = await read_appraisal(session, actor=actor, today=today, talk_id=talk_id)
    if view.appraisal is None:
        return []
    found = await session.scalars(
        select(AppealDecision)
        .where(AppealDecision.appraisal_id == view.appraisal.id)
        .order_by(AppealDecision.decided_on, AppealDecision.recorded_at)
    )
    return list(found)


async def superseding_talk(session: AsyncSession, appraisal_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(
        select(Talk.id)
        .join(Appraisal, Appraisal.talk_id == Talk.id)
        .where(Appraisal.supersedes_id == appraisal_id)
    )
