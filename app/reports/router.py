"""Management information (issue 8): reports in JSON, CSV or XLSX by content negotiation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import CurrentActor, Scheduling, Session, Today
from app.api.negotiation import JSON, negotiate
from app.api.pagination import Pagination
from app.api.routing import ApiRouter, ReportsRoute
from app.auth import Actor
from app.config import API_PREFIX, SchedulingConfig
from app.errors import InvalidInput, param
from app.messages import msg
from app.pagination import page_meta
from app.reports import formats, service
from app.reports.queries import OVERDUE_KINDS, Range
from app.reports.schemas import (
    CoverageReport,
    DevelopmentReport,
    MissingPage,
    MissingRow,
    OutcomesReport,
    OverduePage,
    OverdueRow,
    RolloutReport,
)
from app.reports.tables import Table, rows_table, tables_of
from app.schemas import KEY_PATTERN, ApiModel, IsoDate

router = ApiRouter(prefix=f"{API_PREFIX}/reports", tags=["reports"], route_class=ReportsRoute)

FORMATS = {
    200: {
        "description": "JSON, or CSV (`Accept: text/csv`) or an Excel workbook "
        f"(`Accept: {formats.XLSX}`).",
        "content": {
            formats.CSV: {"schema": {"type": "string"}},
            formats.XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    },
    406: {"description": "The Accept header allows neither JSON, CSV nor XLSX."},
}

OrgUnit = Annotated[
    str | None,
    Query(
        alias="orgUnit",
        pattern=KEY_PATTERN,
        max_length=100,
        description="An org unit's key: the report covers it and every unit below it.",
    ),
]
Period = Annotated[
    str | None,
    Query(
        max_length=9, description="An org-wide period, e.g. `2026-2027`; default: today's period."
    ),
]
From = Annotated[IsoDate | None, Query(alias="from", description="With `to`: a date range.")]
To = Annotated[IsoDate | None, Query(alias="to", description="The last day of the date range.")]
Separator = Annotated[
    Literal["semicolon", "comma"],
    Query(
        description="CSV only: `semicolon` (with a decimal comma, as Dutch Excel expects) or "
        "`comma` (with a decimal point)."
    ),
]
TableName = Annotated[
    str | None,
    Query(max_length=40, description="CSV only: which table of the report (default the first)."),
]


def _range(config, today: date, period: str | None, start: date | None, end: date | None):
    return service.report_range(config, today, period=period, start=start, end=end)


@dataclass(frozen=True)
class PeriodicParams:
    """What a report over a period asks: the unit, the period or range, the CSV options."""

    org_unit: str | None
    period: str | None
    start: date | None
    end: date | None
    separator: str
    table: str | None


async def periodic_params(
    org_unit: OrgUnit = None,
    period: Period = None,
    start: From = None,
    end: To = None,
    separator: Separator = "semicolon",
    table: TableName = None,
) -> PeriodicParams:
    return PeriodicParams(org_unit, period, start, end, separator, table)


Periodic = Annotated[PeriodicParams, Depends(periodic_params)]


async def _periodic(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    today: date,
    config: SchedulingConfig,
    params: PeriodicParams,
    *,
    build: Callable[..., Awaitable[ApiModel]],
    name: str,
) -> Response:
    """A report over a period: built by ``build`` for the caller, in the negotiated format."""
    span = _range(config, today, params.period, params.start, params.end)
    report = await build(session, actor=actor, today=today, period=span, org_unit=params.org_unit)
    return _respond(
        request,
        report,
        tables_of(report),
        name=_name(name, span, params.org_unit),
        separator=params.separator,
        table=params.table,
    )


def _respond(
    request: Request,
    model: ApiModel,
    tables: list[Table],
    *,
    name: str,
    separator: str,
    table: str | None,
) -> Response:
    media = negotiate(request.headers.get("accept"), formats.OFFERED)
    headers = {"Cache-Control": "private, no-store", "Vary": "Accept"}
    if media == JSON:
        return Response(model.model_dump_json(by_alias=True), media_type=JSON, headers=headers)
    if media == formats.CSV:
        chosen = tables[0] if table is None else next((t for t in tables if t.sheet == table), None)
        if chosen is None:
            raise InvalidInput(
                msg("invalid-input.unknown-table"),
                invalid_params=[
                    param(
                        "table",
                        "unknown",
                        "one of " + ", ".join(t.sheet for t in tables),
                        location="query",
                    )
                ],
            )
        body = formats.to_csv(chosen, ";" if separator == "semicolon" else ",")
        filename = f"{name}-{chosen.sheet}.csv"
        media_type = "text/csv; charset=utf-8"
    else:
        body = formats.to_xlsx(tables, title=name, about=_about(model))
        filename, media_type = f"{name}.xlsx", formats.XLSX
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=media_type, headers=headers)


def _about(model: ApiModel) -> list[tuple[str, Any]]:
    """The report's header (its dates, org unit, kind) as (JSON name, value) pairs."""
    return [
        (info.alias or name, getattr(model, name))
        for name, info in type(model).model_fields.items()
        if isinstance(getattr(model, name), date | str) or getattr(model, name) is None
    ]


def _name(report: str, scope: Range | date, org_unit: str | None) -> str:
    days = f"{scope.start}-{scope.end}" if isinstance(scope, Range) else str(scope)
    return "-".join(part for part in (report, org_unit or "alle-eenheden", days) if part)


@router.get(
    "/coverage",
    summary="Coverage and timeliness of the talks, per org unit and kind; the appraisals' "
    "draft sharing (R6.3) and follow-up (R6.11, R6.12) (HR, managers, scope reports:read)",
    operation_id="getCoverageReport",
    response_model=CoverageReport,
    responses=FORMATS,
)
async def coverage(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    request: Request,
    params: Periodic,
) -> Response:
    return await _periodic(
        request, session, actor, today, config, params, build=service.coverage, name="dekking"
    )


@router.get(
    "/overdue",
    summary="The people behind an overdue figure: a talk not held past its due date, or an "
    "appraisal past an R6.11/R6.12 deadline (HR, managers on their own units)",
    operation_id="listOverduePeople",
    response_model=OverduePage,
    responses=FORMATS,
)
async def overdue(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    request: Request,
    page: Pagination,
    kind: Annotated[
        Literal[OVERDUE_KINDS],  # type: ignore[valid-type]
        Query(
            description="planning, progress, appraisal (talks), finalisation (R6.11), hearing "
            "or response (R6.12)."
        ),
    ],
    org_unit: OrgUnit = None,
    period: Period = None,
    start: From = None,
    end: To = None,
    separator: Separator = "semicolon",
) -> Response:
    span = _range(config, today, period, start, end)
    media = negotiate(request.headers.get("accept"), formats.OFFERED)
    rows, total = await service.overdue(
        session,
        actor=actor,
        today=today,
        period=span,
        org_unit=org_unit,
        kind=kind,
        page=page if media == JSON else None,  # the exports hold everyone
    )
    model = OverduePage(kind=kind, as_of=today, items=rows, meta=page_meta(page, total))
    name = _name(f"achterstallig-{kind}", span, org_unit)
    tables = [rows_table(OverdueRow, rows)]
    return _respond(request, model, tables, name=name, separator=separator, table=None)


By = Annotated[
    IsoDate | None,
    Query(description="The day of the check; default today (the memo: 1 June 2014)."),
]


@router.get(
    "/rollout",
    summary="The roll-out check: who had the planning talk of their running cycle by a day "
    "(HR, managers, scope reports:read)",
    operation_id="getRolloutReport",
    response_model=RolloutReport,
    responses=FORMATS,
)
async def rollout(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    org_unit: OrgUnit = None,
    by: By = None,
    separator: Separator = "semicolon",
) -> Response:
    day = by or today
    report = await service.rollout(session, actor=actor, today=today, by=day, org_unit=org_unit)
    name = _name("uitrol", day, org_unit)
    return _respond(request, report, tables_of(report), name=name, separator=separator, table=None)


@router.get(
    "/rollout/missing",
    summary="The people in service on the day without a planning talk held by then (HR, "
    "managers on their own units)",
    operation_id="listRolloutMissing",
    response_model=MissingPage,
    responses=FORMATS,
)
async def rollout_missing(
    session: Session,
    actor: CurrentActor,
    today: Today,
    request: Request,
    page: Pagination,
    org_unit: OrgUnit = None,
    by: By = None,
    separator: Separator = "semicolon",
) -> Response:
    day = by or today
    media = negotiate(request.headers.get("accept"), formats.OFFERED)
    rows, total = await service.rollout_missing(
        session,
        actor=actor,
        today=today,
        by=day,
        org_unit=org_unit,
        page=page if media == JSON else None,
    )
    model = MissingPage(by=day, items=rows, meta=page_meta(page, total))
    name = _name("uitrol-ontbrekend", day, org_unit)
    tables = [rows_table(MissingRow, rows)]
    return _respond(request, model, tables, name=name, separator=separator, table=None)


@router.get(
    "/outcomes",
    summary="Final-rating distribution per org unit and function group, objections and how "
    "they ended, rewards, days to finalisation (HR, managers, scope reports:read)",
    operation_id="getOutcomesReport",
    response_model=OutcomesReport,
    responses=FORMATS,
)
async def outcomes(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    request: Request,
    params: Periodic,
) -> Response:
    return await _periodic(
        request, session, actor, today, config, params, build=service.outcomes, name="uitkomsten"
    )


@router.get(
    "/development",
    summary="Development and careers: competencies in development agreements and how they "
    "were rated, the knowledge level, career and life-phase agreements by type",
    operation_id="getDevelopmentReport",
    response_model=DevelopmentReport,
    responses=FORMATS,
)
async def development(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    request: Request,
    params: Periodic,
) -> Response:
    return await _periodic(
        request,
        session,
        actor,
        today,
        config,
        params,
        build=service.development,
        name="ontwikkeling",
    )
