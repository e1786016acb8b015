"""Loading and reading the competency guide (R3.1, R3.4, R3.5)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, exists, func, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app import audit
from app.auth import Actor
from app.authz import require_hr
from app.errors import Conflict, NotFound, invalid, param
from app.messages import msg
from app.models.reference import (
    Competency,
    CompetencyLevel,
    CompetencyProfile,
    CompetencyProfileItem,
    GuideAdoption,
    GuideVersion,
    LevelBand,
    PreparationTip,
    RatingValue,
)
from app.pagination import PageParams
from app.reference.document import (
    BUNDLED_GUIDES,
    Adoption,
    Cluster,
    GuideDocument,
    read_document,
)
from app.reference.rules import level_for_scale
from app.statements import Item, fetch_one

# R3.5: only a version the College adopted (after the works council consented) is in force.
_ADOPTED = exists().where(GuideAdoption.guide_version_id == GuideVersion.id)


@dataclass(frozen=True)
class LoadResult:
    version: str
    created: bool
    adopted: bool = True
    adopted_now: bool = False


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
            before = await session.get(GuideAdoption, document.version) is not None
            adopted = await _adopt_from_document(session, document=document, actor=actor)
            return LoadResult(
                document.version, created=False, adopted=adopted, adopted_now=adopted and not before
            )
        raise Conflict(
            msg("guide-version-exists", version=document.version),
            rule="R3.5",
            code="guide-version-exists",
        )
    clash = await session.scalar(
        select(GuideVersion.id).where(GuideVersion.effective_date == document.effective_date)
    )
    if clash is not None:
        raise Conflict(
            msg("guide-effective-date-taken", version=clash, date=document.effective_date),
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
            document=document.model_dump(mode="json", by_alias=True, exclude={"adoption"}),
            loaded_by=actor.subject,
        )
    )
    await session.flush()
    rows = _rows(document)
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
    adopted = await _adopt_from_document(session, document=document, actor=actor)
    return LoadResult(version, created=True, adopted=adopted)


def _rows(document: GuideDocument) -> dict[type, list[dict[str, Any]]]:
    """The rows of a guide version, by table, in the order they are inserted."""
    version = document.version
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
    return rows


async def _adopt_from_document(
    session: AsyncSession, *, document: GuideDocument, actor: Actor
) -> bool:
    """Record the adoption a document carries, unless one is recorded. True when the version
    is adopted afterwards."""
    recorded = await session.get(GuideAdoption, document.version)
    if recorded is not None:
        return True
    if document.adoption is None:
        return False
    await _record_adoption(
        session, version=document.version, adoption=document.adoption, actor=actor
    )
    return True


async def _record_adoption(
    session: AsyncSession, *, version: str, adoption: Adoption, actor: Actor
) -> GuideAdoption:
    row = GuideAdoption(
        guide_version_id=version,
        college_decision_date=adoption.college_decision_date,
        college_decision_reference=adoption.college_decision_reference,
        works_council_consent_date=adoption.works_council_consent_date,
        recorded_by=actor.subject,
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        resource_type="guide-adoption",
        resource_id=version,
        after=adoption.model_dump(mode="json", by_alias=True),
    )
    return row


async def adopt_guide(
    session: AsyncSession,
    *,
    version: str,
    college_decision_date: date,
    college_decision_reference: str,
    works_council_consent_date: date,
    actor: Actor,
    today: date,
) -> tuple[GuideVersion, GuideAdoption, bool]:
    """R3.5: record that the College adopted a draft version after the works council's
    consent; from then it is in force from its effective date (the third value: whether it
    is today). Raises NotFound, Conflict,
    InvalidInput, Forbidden."""
    require_hr(actor, rule="R3.5")
    row = await session.get(GuideVersion, version, with_for_update=True)
    if row is None:
        raise NotFound(
            msg("guide-version-not-found", version=version), code="guide-version-not-found"
        )
    if await session.get(GuideAdoption, version) is not None:
        raise Conflict(
            msg("guide-version-adopted", version=version),
            rule="R3.5",
            code="guide-version-adopted",
        )
    problems = []
    if college_decision_date > today:  # R3.5: a decision is recorded once it is taken
        problems.append(
            param(
                "collegeDecisionDate",
                "after_today",
                f"a College decision is recorded once it is taken; today is {today}",
                rule="R3.5",
            )
        )
    if works_council_consent_date > college_decision_date:  # R3.5: consent comes first
        problems.append(
            param(
                "worksCouncilConsentDate",
                "after_decision",
                "the College adopts the guide after the works council has consented",
                rule="R3.5",
            )
        )
    if problems:
        raise invalid(problems)
    adoption = Adoption(
        college_decision_date=college_decision_date,
        college_decision_reference=college_decision_reference,
        works_council_consent_date=works_council_consent_date,
    )
    recorded = await _record_adoption(session, version=version, adoption=adoption, actor=actor)
    in_force = await session.scalar(_IN_FORCE.with_only_columns(GuideVersion.id), {"today": today})
    return row, recorded, in_force == version


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
                msg("guide-version-not-found", version=version), code="guide-version-not-found"
            )
        return version
    current = await session.scalar(
        select(GuideVersion.id)
        .where(GuideVersion.effective_date <= today, _ADOPTED)
        .order_by(GuideVersion.effective_date.desc())
        .limit(1)
    )
    if current is None:
        raise NotFound(msg("no-guide-in-force", date=today), code="no-guide-in-force")
    return current


async def list_guide_versions(
    session: AsyncSession, *, actor: Actor, today: date
) -> tuple[list[tuple[GuideVersion, GuideAdoption | None]], str | None]:
    """Every version with its adoption, if any, and the id of the one in force today: the
    adopted version with the latest effective date on or before today (R3.5)."""
    rows = [
        (version, adoption)
        for version, adoption in await session.execute(
            select(GuideVersion, GuideAdoption)
            .outerjoin(GuideAdoption)
            .order_by(GuideVersion.effective_date)
        )
    ]
    in_force = [v.id for v, adopted in rows if adopted is not None and v.effective_date <= today]
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
    competency: Any
    levels: list[tuple[Any, Any]]
    """(level, band) pairs: the level's behaviours and tips, its band of function scales."""


@dataclass(frozen=True)
class _GuideContent:
    key: tuple[str, str]
    """The version and its content hash: what identifies this content for ever."""
    bands: list[Item]
    competencies: list[CompetencyView]


@dataclass(frozen=True)
class CompetencyList:
    version: str
    views: list[CompetencyView]
    total: int
    key: tuple
    """Identifies this selection of an immutable guide version (the same key, the same
    content, in any process and at any time): a representation may be kept under it."""


# A guide version never changes once loaded (R3.5: triggers refuse UPDATE and DELETE), so its
# competencies are read once per process and kept, keyed by the version and its content hash
# (a test may load another document under the same id in a transaction it rolls back).
# Which version is in force today is asked on every request.
_GUIDE_CONTENT: OrderedDict[tuple[str, str], _GuideContent] = OrderedDict()
_GUIDE_CONTENT_KEPT = 8

_IN_FORCE = (
    select(GuideVersion.id, GuideVersion.content_hash)
    .where(GuideVersion.effective_date <= bindparam("today", type_=Date), _ADOPTED)
    .order_by(GuideVersion.effective_date.desc())
    .limit(1)
)
_BY_ID = select(GuideVersion.id, GuideVersion.content_hash).where(
    GuideVersion.id == bindparam("version")
)


async def _guide_content(
    session: AsyncSession, *, version: str | None, today: date
) -> tuple[str, _GuideContent]:
    """The requested guide version (or the one in force today) and its competencies: one
    statement, and the first time per version three more."""
    if version is not None:
        row = await fetch_one(session, _BY_ID, version=version)
        if row is None:
            raise NotFound(
                msg("guide-version-not-found", version=version), code="guide-version-not-found"
            )
    else:
        row = await fetch_one(session, _IN_FORCE, today=today)
        if row is None:
            raise NotFound(msg("no-guide-in-force", date=today), code="no-guide-in-force")
    key = (row.id, row.content_hash)
    content = _GUIDE_CONTENT.get(key)
    if content is None:
        content = await _load_content(session, key)
        _GUIDE_CONTENT[key] = content
        while len(_GUIDE_CONTENT) > _GUIDE_CONTENT_KEPT:
            _GUIDE_CONTENT.popitem(last=False)
    return row.id, content


async def _load_content(session: AsyncSession, key: tuple[str, str]) -> _GuideContent:
    version = key[0]
    bands = [_plain(band) for band in await _bands(session, version)]
    by_level = {band.level: band for band in bands}
    levels: dict[str, list[tuple[Item, Item]]] = {}
    for row in await session.scalars(
        select(CompetencyLevel)
        .where(CompetencyLevel.guide_version_id == version)
        .order_by(CompetencyLevel.competency_code, CompetencyLevel.level)
    ):
        levels.setdefault(row.competency_code, []).append((_plain(row), by_level[row.level]))
    competencies = [
        CompetencyView(_plain(c), levels.get(c.code, []))
        for c in await session.scalars(
            select(Competency)
            .where(Competency.guide_version_id == version)
            .order_by(Competency.position)
        )
    ]
    return _GuideContent(key, bands, competencies)


def _plain(obj: Any) -> Item:
    """The loaded columns of an ORM object, detached from any session."""
    return Item((attr.key, getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs)


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
) -> CompetencyList:
    """Competencies of a guide version in the guide's order; with ``function_scale`` each one
    carries only the level that scale requires (R3.4). Any authenticated actor may read."""
    version, content = await _guide_content(session, version=version, today=today)
    level = None if function_scale is None else level_for_scale(function_scale, content.bands)
    selected = [
        view
        for view in content.competencies
        if (cluster is None or view.competency.cluster == cluster.value)
        and (code is None or view.competency.code == code)
    ]
    views = [
        CompetencyView(
            view.competency,
            [(row, band) for row, band in view.levels if level is None or row.level == level],
        )
        for view in selected[page.offset : page.offset + page.page_size]
    ]
    key = (*content.key, cluster, level, code, page.offset, page.page_size)
    return CompetencyList(version, views, len(selected), key)


async def get_competency(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    code: str,
    version: str | None = None,
    function_scale: int | None = None,
) -> tuple[str, CompetencyView]:
    found = await list_competencies(
        session,
        actor=actor,
        today=today,
        page=PageParams(page=1, page_size=1),
        version=version,
        function_scale=function_scale,
        code=code,
    )
    if not found.views:
        raise NotFound(
            msg("competency-not-found", version=found.version, code=code),
            code="competency-not-found",
        )
    return found.version, found.views[0]


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
            msg("competency-profile-not-found", version=version, code=code),
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
