"""Read-only reference data: the competency guide, profiles, rating scale (any actor)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response

from app.api.deps import CurrentActor, Session, Today
from app.api.etag import NOT_MODIFIED, IfNoneMatch, KeptBodies, cached_body, cached_json, json_body
from app.api.pagination import Pagination
from app.api.routing import ApiRouter
from app.config import API_PREFIX
from app.pagination import page_meta
from app.reference import service
from app.reference.document import Cluster
from app.reference.schemas import (
    AdoptionIn,
    CompetencyOut,
    CompetencyPage,
    CompetencyProfileOut,
    CompetencyProfilePage,
    GuideVersionList,
    GuideVersionOut,
    PreparationTipOut,
    PreparationTipsOut,
    RatingScaleOut,
    RatingValueOut,
)

router = ApiRouter(prefix=API_PREFIX, tags=["reference"])

GuideVersionParam = Annotated[
    str | None,
    Query(
        alias="guideVersion",
        max_length=60,
        description="A guide version id (default: the version in force today).",
    ),
]
FunctionScaleParam = Annotated[
    int | None,
    Query(
        alias="functionScale",
        description="Function scale (OIK) 3–18: each competency then carries only the level "
        "that scale requires (R3.4).",
        json_schema_extra={"minimum": 3, "maximum": 18},
    ),
]
# No pattern: any code that does not exist is a 404, whatever it looks like.
CodeParam = Annotated[str, Path(description="The code, e.g. `samenwerken`.")]
# Rendered pages of competencies, by the key of their (immutable) content.
_PAGES = KeptBodies(size=256)
REFERENCE_RESPONSES = {
    **NOT_MODIFIED,
    404: {
        "description": "No such code, no such guide version (`guideVersion`), or no guide in "
        "force today (`no-guide-in-force`)."
    },
}


@router.get(
    "/competencies",
    summary="The competencies of the guide",
    operation_id="listCompetencies",
    response_model=CompetencyPage,
    responses=REFERENCE_RESPONSES,
)
async def list_competencies(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
    cluster: Annotated[Cluster | None, Query(description="core, connect, choose or learn")] = None,
    function_scale: FunctionScaleParam = None,
) -> Response:
    found = await service.list_competencies(
        session,
        actor=actor,
        today=today,
        page=page,
        version=guide_version,
        cluster=cluster,
        function_scale=function_scale,
    )
    body = _PAGES.get(found.key)
    if body is None:  # a guide version never changes (R3.5): its pages are made once
        page_out = CompetencyPage(
            items=[CompetencyOut.of(found.version, view) for view in found.views],
            meta=page_meta(page, found.total),
        )
        body = _PAGES.put(found.key, json_body(page_out))
    return cached_body(body, request)


@router.get(
    "/competencies/{code}",
    summary="One competency",
    operation_id="getCompetency",
    response_model=CompetencyOut,
    responses=REFERENCE_RESPONSES,
)
async def get_competency(
    session: Session,
    actor: CurrentActor,
    today: Today,
    code: CodeParam,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
    function_scale: FunctionScaleParam = None,
) -> Response:
    version, view = await service.get_competency(
        session,
        actor=actor,
        today=today,
        code=code,
        version=guide_version,
        function_scale=function_scale,
    )
    return cached_json(CompetencyOut.of(version, view), request)


@router.get(
    "/competency-profiles",
    summary="The competency profiles of the function groups",
    operation_id="listCompetencyProfiles",
    response_model=CompetencyProfilePage,
    responses=REFERENCE_RESPONSES,
)
async def list_competency_profiles(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
) -> Response:
    version, views, total = await service.list_profiles(
        session, actor=actor, today=today, page=page, version=guide_version
    )
    body = CompetencyProfilePage(
        items=[CompetencyProfileOut.of(version, view) for view in views],
        meta=page_meta(page, total),
    )
    return cached_json(body, request)


@router.get(
    "/competency-profiles/{code}",
    summary="One competency profile",
    operation_id="getCompetencyProfile",
    response_model=CompetencyProfileOut,
    responses=REFERENCE_RESPONSES,
)
async def get_competency_profile(
    session: Session,
    actor: CurrentActor,
    today: Today,
    code: CodeParam,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
) -> Response:
    version, view = await service.get_profile(
        session, actor=actor, today=today, code=code, version=guide_version
    )
    return cached_json(CompetencyProfileOut.of(version, view), request)


@router.get(
    "/rating-scale",
    summary="The five-point rating scale (R6.5)",
    operation_id="getRatingScale",
    response_model=RatingScaleOut,
    responses=REFERENCE_RESPONSES,
)
async def get_rating_scale(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
) -> Response:
    version, values = await service.get_rating_scale(
        session, actor=actor, today=today, version=guide_version
    )
    body = RatingScaleOut(
        guide_version=version, values=[RatingValueOut.model_validate(v) for v in values]
    )
    return cached_json(body, request)


@router.get(
    "/preparation-tips",
    summary="Tips for preparing the talk",
    operation_id="getPreparationTips",
    response_model=PreparationTipsOut,
    responses=REFERENCE_RESPONSES,
)
async def get_preparation_tips(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    _if_none_match: IfNoneMatch = None,
    guide_version: GuideVersionParam = None,
) -> Response:
    version, tips = await service.list_preparation_tips(
        session, actor=actor, today=today, version=guide_version
    )
    body = PreparationTipsOut(
        guide_version=version,
        tips=[PreparationTipOut(number=t.position, text=t.text) for t in tips],
    )
    return cached_json(body, request)


@router.get(
    "/guide-versions",
    summary="The versions of the competency guide (R3.5)",
    operation_id="listGuideVersions",
    response_model=GuideVersionList,
    responses=REFERENCE_RESPONSES,
)
async def list_guide_versions(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    _if_none_match: IfNoneMatch = None,
) -> Response:
    rows, in_force = await service.list_guide_versions(session, actor=actor, today=today)
    body = GuideVersionList(
        items=[
            GuideVersionOut.of(row, adoption, in_force=row.id == in_force) for row, adoption in rows
        ]
    )
    return cached_json(body, request)


@router.post(
    "/guide-versions/{versionId}/adoption",
    summary="Record the adoption of a draft guide version (HR, R3.5)",
    operation_id="adoptGuideVersion",
    status_code=201,
    responses={
        404: {"description": "No such guide version."},
        409: {"description": "The version is already adopted (`guide-version-adopted`)."},
    },
)
async def adopt_guide_version(
    session: Session,
    actor: CurrentActor,
    today: Today,
    version_id: Annotated[str, Path(alias="versionId", max_length=60)],
    body: AdoptionIn,
) -> GuideVersionOut:
    """R3.5: the College adopts the guide after the works council has consented. A version
    loaded without that record is a draft: it can be read by its id but is never in force.
    Recording the decision (once; it cannot be changed) puts it in force from its effective
    date. HR only."""
    version, adoption, in_force = await service.adopt_guide(
        session,
        version=version_id,
        college_decision_date=body.college_decision_date,
        college_decision_reference=body.college_decision_reference,
        works_council_consent_date=body.works_council_consent_date,
        actor=actor,
        today=today,
    )
    return GuideVersionOut.of(version, adoption, in_force=in_force)
