"""Loading and reading the competency guide (R3.1, R3.4, R3.5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app import audit
from app.api.pagination import PageParams
from app.auth import Actor
from app.errors import Conflict, NotFound
from app.models.reference import (
    Competency,
    CompetencyLevel,
    CompetencyProfile,
    CompetencyProfileItem,
    GuideVersion,
    LevelBand,
    PreparationTip,
    RatingValue,
)
from app.reference.document import BUNDLED_GUIDES, Cluster, GuideDocument, read_document
from app.reference.rules import level_for_scale


@dataclass(frozen=True)
class LoadResult:
    version: str
    created: bool


async def load_guide(session: AsyncSession, *, document: GuideDocument, actor: Actor) -> LoadResult:
    """Store one version of the guide. Loading the same document again changes nothing; a
    different document under a version id already loaded is refused (R3.5: versions are
    immutable, a changed guide is a new version). Raises Conflict."""
    existing = await session.get(
        GuideVersion, document.version, options=[undefer(GuideVersion.document)]
    )
    content_hash = document.content_hash()
    if existing is not None:
        # Compared as documents under today's schema, not by the stored hash, so that a change
        # of the schema or of the hash does not make the same file "another document".
        try:
            same = GuideDocument.model_validate(existing.document).content_hash() == content_hash
        except ValueError:
            same = False
        if same:
            return LoadResult(document.version, created=False)
        raise Conflict(
            f"Guide version {document.version} is already loaded with other content; "
            "a changed guide needs a new version id.",
            rule="R3.5",
            code="guide-version-exists",
        )
    clash = await session.scalar(
        select(GuideVersion.id).where(GuideVersion.effective_date == document.effective_date)
    )
    if clash is not None:
        raise Conflict(
            f"Guide version {clash} already takes effect on {document.effective_date}.",
            rule="R3.5",
            code="guide-effective-date-taken",
        )
    version = document.version
    session.add(
        GuideVersion(
            id=version,
            title=document.title,
            effective_date=document.effective_date,
            source=document.source,
            content_hash=content_hash,
            document=document.model_dump(mode="json", by_alias=True),
            loaded_by=actor.subject,
        )
    )
    await session.flush()
    rows = {
        LevelBand: [
            {"guide_version_id": version, **band.model_dump()} for band in document.level_bands
        ],
        Competency: [
            {
                "guide_version_id": version,
                "code": c.code,
                "name": c.name,
                "cluster": c.cluster.value,
                "definition": c.definition,
                "developability": c.developability,
                "position": position,
            }
            for position, c in enumerate(document.competencies, start=1)
        ],
        CompetencyProfile: [
            {
                "guide_version_id": version,
                "code": p.code,
                "name": p.name,
                "steering": p.steering,
                "free_choices": p.free_choices,
                "position": position,
            }
            for position, p in enumerate(document.profiles, start=1)
        ],
        PreparationTip: [
            {"guide_version_id": version, "position": position, "text": text}
            for position, text in enumerate(document.preparation_tips, start=1)
        ],
        RatingValue: [
            {"guide_version_id": version, **value.model_dump()} for value in document.rating_scale
        ],
    }
    rows[CompetencyLevel] = [
        {
            "guide_version_id": version,
            "competency_code": c.code,
            "level": lvl.level,
            "behaviours": lvl.behaviours,
            "tips": lvl.tips,
        }
        for c in document.competencies
        for lvl in c.levels
    ]
    rows[CompetencyProfileItem] = [
        {
            "guide_version_id": version,
            "profile_code": p.code,
            "position": position,
            "competency_code": code,
        }
        for p in document.profiles
        for position, code in enumerate(p.specific_competencies, start=1)
    ]
    for model, values in rows.items():  # in dependency order: dicts keep insertion order
        if values:
            await session.execute(insert(model), values)
    audit.record(
        session,
        actor=actor,
        action="create",
        resource_type="guide-version",
        resource_id=version,
        after={
            "title": document.title,
            "effectiveDate": document.effective_date.isoformat(),
            "contentHash": content_hash,
            "competencies": len(document.competencies),
            "profiles": len(document.profiles),
        },
    )
    return LoadResult(version, created=True)


async def ensure_bundled_guides(session: AsyncSession, *, actor: Actor) -> list[LoadResult]:
    """Load the guide versions shipped with the service (idempotent)."""
    return [
        await load_guide(session, document=read_document(path), actor=actor)
        for path in BUNDLED_GUIDES
    ]


async def resolve_version(session: AsyncSession, *, version: str | None, today: date) -> str:
    """The requested guide version, or the one in force today (latest effective date)."""
    if version is not None:
        exists = await session.scalar(select(GuideVersion.id).where(GuideVersion.id == version))
        if exists is None:
            raise NotFound(
                f"There is no guide version {version!r}.", code="guide-version-not-found"
            )
        return version
    current = await session.scalar(
        select(GuideVersion.id)
        .where(GuideVersion.effective_date <= today)
        .order_by(GuideVersion.effective_date.desc())
        .limit(1)
    )
    if current is None:
        raise NotFound(f"No guide version is in force on {today}.", code="no-guide-in-force")
    return current


async def list_guide_versions(
    session: AsyncSession, *, actor: Actor, today: date
) -> tuple[Sequence[GuideVersion], str | None]:
    rows = (await session.scalars(select(GuideVersion).order_by(GuideVersion.effective_date))).all()
    in_force = [row.id for row in rows if row.effective_date <= today]
    return rows, (in_force[-1] if in_force else None)


async def _bands(session: AsyncSession, version: str) -> list[LevelBand]:
    rows = await session.scalars(
        select(LevelBand).where(LevelBand.guide_version_id == version).order_by(LevelBand.level)
    )
    return list(rows)


async def _level_filter(
    session: AsyncSession, version: str, function_scale: int | None
) -> tuple[list[LevelBand], int | None]:
    bands = await _bands(session, version)
    if function_scale is None:
        return bands, None
    return bands, level_for_scale(function_scale, bands)  # R3.4


@dataclass(frozen=True)
class CompetencyView:
    competency: Competency
    levels: list[tuple[CompetencyLevel, LevelBand]]


async def list_competencies(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    page: PageParams,
    version: str | None = None,
    cluster: Cluster | None = None,
    function_scale: int | None = None,
    code: str | None = None,
) -> tuple[str, list[CompetencyView], int]:
    """Competencies of a guide version in the guide's order; with ``function_scale`` each one
    carries only the level that scale requires (R3.4). Any authenticated actor may read."""
    version = await resolve_version(session, version=version, today=today)
    bands, level = await _level_filter(session, version, function_scale)
    query = select(Competency).where(Competency.guide_version_id == version)
    if cluster is not None:
        query = query.where(Competency.cluster == cluster.value)
    if code is not None:
        query = query.where(Competency.code == code)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    competencies = (
        await session.scalars(
            query.order_by(Competency.position).limit(page.page_size).offset(page.offset)
        )
    ).all()
    level_query = select(CompetencyLevel).where(
        CompetencyLevel.guide_version_id == version,
        CompetencyLevel.competency_code.in_([c.code for c in competencies]),
    )
    if level is not None:
        level_query = level_query.where(CompetencyLevel.level == level)
    by_band = {band.level: band for band in bands}
    levels: dict[str, list[tuple[CompetencyLevel, LevelBand]]] = {}
    for row in (await session.scalars(level_query.order_by(CompetencyLevel.level))).all():
        levels.setdefault(row.competency_code, []).append((row, by_band[row.level]))
    views = [CompetencyView(c, levels.get(c.code, [])) for c in competencies]
    return version, views, total


async def get_competency(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    code: str,
    version: str | None = None,
    function_scale: int | None = None,
) -> tuple[str, CompetencyView]:
    version, views, _ = await list_competencies(
        session,
        actor=actor,
        today=today,
        page=PageParams(page=1, page_size=1),
        version=version,
        function_scale=function_scale,
        code=code,
    )
    if not views:
        raise NotFound(
            f"Guide version {version} has no competency {code!r}.", code="competency-not-found"
        )
    return version, views[0]


@dataclass(frozen=True)
class ProfileView:
    profile: CompetencyProfile
    competencies: list[tuple[Competency, bool]]  # (competency, is core)


async def list_profiles(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    page: PageParams,
    version: str | None = None,
    code: str | None = None,
) -> tuple[str, list[ProfileView], int]:
    """Competency profiles with their competencies resolved: the core ones, then the
    function-specific ones in printed order (R3.2)."""
    version = await resolve_version(session, version=version, today=today)
    query = select(CompetencyProfile).where(CompetencyProfile.guide_version_id == version)
    if code is not None:
        query = query.where(CompetencyProfile.code == code)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    profiles = (
        await session.scalars(
            query.order_by(CompetencyProfile.position).limit(page.page_size).offset(page.offset)
        )
    ).all()
    core = (
        await session.scalars(
            select(Competency)
            .where(Competency.guide_version_id == version, Competency.cluster == Cluster.core.value)
            .order_by(Competency.position)
        )
    ).all()
    items = (
        await session.execute(
            select(CompetencyProfileItem.profile_code, Competency)
            .join(
                Competency,
                (Competency.guide_version_id == CompetencyProfileItem.guide_version_id)
                & (Competency.code == CompetencyProfileItem.competency_code),
            )
            .where(
                CompetencyProfileItem.guide_version_id == version,
                CompetencyProfileItem.profile_code.in_([p.code for p in profiles]),
            )
            .order_by(CompetencyProfileItem.profile_code, CompetencyProfileItem.position)
        )
    ).all()
    specific: dict[str, list[Competency]] = {}
    for profile_code, competency in items:
        specific.setdefault(profile_code, []).append(competency)
    views = [
        ProfileView(p, [(c, True) for c in core] + [(c, False) for c in specific.get(p.code, [])])
        for p in profiles
    ]
    return version, views, total


async def get_profile(
    session: AsyncSession, *, actor: Actor, today: date, code: str, version: str | None = None
) -> tuple[str, ProfileView]:
    version, views, _ = await list_profiles(
        session,
        actor=actor,
        today=today,
        page=PageParams(page=1, page_size=1),
        version=version,
        code=code,
    )
    if not views:
        raise NotFound(
            f"Guide version {version} has no competency profile {code!r}.",
            code="competency-profile-not-found",
        )
    return version, views[0]


async def get_rating_scale(
    session: AsyncSession, *, actor: Actor, today: date, version: str | None = None
) -> tuple[str, Sequence[RatingValue]]:
    """The five-point rating scale (R6.5)."""
    version = await resolve_version(session, version=version, today=today)
    rows = await session.scalars(
        select(RatingValue)
        .where(RatingValue.guide_version_id == version)
        .order_by(RatingValue.score)
    )
    return version, rows.all()


async def list_preparation_tips(
    session: AsyncSession, *, actor: Actor, today: date, version: str | None = None
) -> tuple[str, Sequence[PreparationTip]]:
    version = await resolve_version(session, version=version, today=today)
    rows = await session.scalars(
        select(PreparationTip)
        .where(PreparationTip.guide_version_id == version)
        .order_by(PreparationTip.position)
    )
    return version, rows.all()
