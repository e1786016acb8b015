"""Outcomes for the HR information system (pay, rewards, probation decisions): the final
rating, the reward, whether it is a probation appraisal, the finalisation date. Never the
motivations, the informants' input or the objections (property-level authorisation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.audit.trail import record_read
from app.auth import Actor, Role
from app.cycles.service import unit_and_below
from app.errors import Forbidden
from app.messages import msg
from app.models.appraisals import Appraisal
from app.models.cycles import Cycle, Talk
from app.models.people import Employee, OrgUnit
from app.pagination import PageParams, fetch_page

OUTCOMES_READ = "outcomes:read"


@dataclass(frozen=True)
class OutcomeFilters:
    state: str | None = None
    finalised_since: date | None = None
    final_rating: int | None = None
    org_unit: str | None = None


def require_outcome_reader(actor: Actor) -> None:
    if actor.has_role(Role.hr) or actor.has_scope(OUTCOMES_READ):
        return
    raise Forbidden(msg("forbidden.outcomes"))


async def list_outcomes(session, *, actor: Actor, page: PageParams, filters: OutcomeFilters):
    """Appraisals with their outcome, the latest finalised first; a final rating only once
    finalised (a draft's rating is nobody's outcome). R6.12: a superseded appraisal names the
    finalised one that supersedes it (``superseded_by``), a superseding one what it supersedes."""
    require_outcome_reader(actor)
    later = aliased(Appraisal)
    superseded_by = (
        select(later.id)
        .where(later.supersedes_id == Appraisal.id, later.state == "finalised")
        .correlate(Appraisal)
        .scalar_subquery()
    )
    query = (
        select(
            Appraisal.id,
            Appraisal.talk_id,
            Appraisal.cycle_id,
            Appraisal.state,
            Appraisal.final_rating,
            Appraisal.reward,
            Appraisal.finalised_on,
            Appraisal.appeal_reference,
            Appraisal.supersedes_id,
            superseded_by.label("superseded_by"),
            Talk.origin,
            Talk.sequence,
            Cycle.kind.label("cycle_kind"),
            Employee.personnel_number,
            Employee.name,
            OrgUnit.key.label("org_unit"),
        )
        .join(Talk, Talk.id == Appraisal.talk_id)
        .join(Cycle, Cycle.id == Appraisal.cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
    )
    if filters.state is not None:
        query = query.where(Appraisal.state == filters.state)
    if filters.finalised_since is not None:
        query = query.where(Appraisal.finalised_on >= filters.finalised_since)
    if filters.final_rating is not None:
        query = query.where(
            Appraisal.state == "finalised", Appraisal.final_rating == filters.final_rating
        )
    if filters.org_unit is not None:
        units = list(await session.scalars(unit_and_below(filters.org_unit)))
        query = query.where(Employee.org_unit_id.in_(units))
    rows, total = await fetch_page(
        session, query.order_by(Appraisal.finalised_on.desc().nulls_last(), Appraisal.id), page
    )
    # Final ratings and rewards are appraisal content: the read is audited with its reader.
    await record_read(
        session,
        resource_type="appraisal-outcomes",
        resource_id="list",
        after={"count": len(rows), "page": page.page},
        actor=actor,
    )
    return rows, total
