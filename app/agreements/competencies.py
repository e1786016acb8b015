"""The employee's competency set for a cycle (Article 3): composed by the manager from the
cycle's guide version (R3.5) and function profile, each competency at the level of the
profile's scale (R3.4), with the ones crucial for the function marked (R6.7)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app.agreements.context import SetContext, bump, latest_revision, read_context, write_context
from app.auth import Actor
from app.errors import NotFound, RuleViolation, invalid, param
from app.messages import joined, msg
from app.models.agreements import Agreement, AgreementVersion, CompetencySetRevision
from app.models.people import FunctionProfile
from app.models.reference import Competency, CompetencyLevel, GuideVersion
from app.reference.document import GuideDocument
from app.reference.rules import compose_competency_set

# Guide versions never change once loaded (R3.5, enforced by triggers): parsed once per process.
_guides: dict[str, GuideDocument] = {}


async def guide_document(session: AsyncSession, version: str) -> GuideDocument:
    if version not in _guides:
        stored = await session.scalar(
            select(GuideVersion).options(undefer(GuideVersion.document)).filter_by(id=version)
        )
        _guides[version] = GuideDocument.model_validate(stored.document)
    return _guides[version]


@dataclass
class CompetencySetView:
    revision: CompetencySetRevision
    texts: dict[str, tuple[str, list[str], list[str]]]  # code → definition, behaviours, tips


async def _view(session: AsyncSession, revision: CompetencySetRevision) -> CompetencySetView:
    codes = [m["code"] for m in revision.members]
    rows = await session.execute(
        select(
            Competency.code, Competency.definition, CompetencyLevel.behaviours, CompetencyLevel.tips
        )
        .join(
            CompetencyLevel,
            (CompetencyLevel.guide_version_id == Competency.guide_version_id)
            & (CompetencyLevel.competency_code == Competency.code),
        )
        .where(
            Competency.guide_version_id == revision.guide_version_id,
            Competency.code.in_(codes),
            CompetencyLevel.level == revision.level,
        )
    )
    texts = {r.code: (r.definition, list(r.behaviours), list(r.tips)) for r in rows}
    return CompetencySetView(revision, texts)


async def get_competency_set(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID
) -> CompetencySetView:
    """The set with the behaviours and tips of each competency at the employee's level."""
    context = await read_context(session, actor=actor, today=today, cycle_id=cycle_id)
    revision = await latest_revision(session, context.cycle_id)  # T2.1: maybe carried over
    if revision is None:
        raise NotFound(
            msg("competency-set-not-found"),
            code="competency-set-not-found",
        )
    return await _view(session, revision)


def _crucial_problems(crucial: Sequence[str], members: Sequence[str]) -> list[dict]:
    problems = []
    for i, code in enumerate(crucial):
        if code not in members:
            problems.append(
                param(
                    f"crucial.{i}", "not_in_set", "not a competency of the set (R6.7)", rule="R6.7"
                )
            )
        elif code in crucial[:i]:
            problems.append(param(f"crucial.{i}", "duplicate", "marked twice"))
    return problems


async def compose(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    chosen: list[str],
    crucial: list[str],
    precondition: Callable[[CompetencySetView | None], None],
) -> tuple[CompetencySetView, bool]:
    """R3.2–R3.4: the manager composes (or recomposes) the employee's set from the cycle's
    guide version (R3.5) and function profile; returns the set and whether it changed.

    Raises 422 naming R3.2, T3.2, R3.3 or R3.5 for a composition the regulation does not
    allow, 400 (R6.7) for a crucial competency outside the set, and 422 (R4.1) when a
    development agreement is on a competency the new set drops."""
    context, talk = await write_context(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        what=msg("act.composes-competency-set"),
    )
    current = await latest_revision(session, cycle_id)
    precondition(await _view(session, current) if current else None)
    cycle = context.row.cycle
    if cycle.guide_version_id is None:
        raise RuleViolation(
            msg("cycle-without-guide"),
            rule="R3.5",
            code="cycle-without-guide",
        )
    guide = await guide_document(session, cycle.guide_version_id)
    function = await session.get_one(FunctionProfile, cycle.function_profile_id)
    profile = next((p for p in guide.profiles if p.code == function.function_group), None)
    if profile is None:
        raise RuleViolation(
            msg(
                "profile-not-in-guide-version.cycle",
                version=guide.version,
                group=function.function_group,
                function=function.code,
            ),
            rule="R3.5",
            code="profile-not-in-guide-version",
        )
    composed = compose_competency_set(profile, function.scale, chosen, guide=guide)
    problems = _crucial_problems(crucial, composed.codes)
    if problems:
        raise invalid(problems)
    if (
        current is not None
        and current.chosen == chosen
        and set(_crucial(current)) == set(crucial)
        and current.knowledge_level == function.knowledge_level
    ):
        return await _view(session, current), False
    await _keep_development_subjects(session, context, composed.codes)
    revision = CompetencySetRevision(
        cycle_id=cycle_id,
        revision=(current.revision + 1) if current else 1,
        set_version=bump(context),
        talk_id=talk.id,
        guide_version_id=guide.version,
        profile_code=profile.code,
        function_scale=function.scale,
        level=composed.level,
        chosen=chosen,
        members=[
            {
                "code": m.code,
                "name": m.name,
                "cluster": m.cluster.value,
                "level": m.level,
                "source": m.source,
                "crucial": m.code in crucial,
            }
            for m in composed.members
        ],
        composed_by=actor.subject,
        knowledge_level=function.knowledge_level,  # Art. 4.1 b: what knowledge is rated against
    )
    session.add(revision)
    await session.flush()
    await session.refresh(revision)
    return await _view(session, revision), True


def _crucial(revision: CompetencySetRevision) -> list[str]:
    return [m["code"] for m in revision.members if m["crucial"]]


async def _keep_development_subjects(
    session: AsyncSession, context: SetContext, codes: Sequence[str]
) -> None:
    """R4.1 b: development agreements stay on competencies of the set."""
    orphans = (
        await session.execute(
            select(Agreement.number, AgreementVersion.competency_code)
            .join(
                AgreementVersion,
                (AgreementVersion.agreement_id == Agreement.id)
                & (AgreementVersion.version == Agreement.current_version),
            )
            .where(
                Agreement.cycle_id == context.cycle_id,
                Agreement.kind == "development",
                ~Agreement.ended,
                AgreementVersion.subject == "competency",
                AgreementVersion.competency_code.not_in(codes),
            )
            .order_by(Agreement.number)
        )
    ).all()
    if orphans:
        listed = joined(f"#{n} ({code})" for n, code in orphans)
        raise RuleViolation(
            msg("development-agreement-outside-set", agreements=listed),
            rule="R4.1",
            code="development-agreement-outside-set",
        )
