"""The reports: the caller's scope (``scope``), the SQL aggregates (``queries``), the totals
(sums of the unit rows) and the small-group suppression (``rules.suppressed``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.config import SchedulingConfig
from app.cycles.schedule import period_grid
from app.cycles.service import parse_period
from app.errors import InvalidInput, param
from app.messages import msg
from app.models.reference import Competency
from app.pagination import PageParams, fetch_page
from app.reports import queries, rules
from app.reports.queries import Range
from app.reports.schemas import (
    AppraisalCoverageRow,
    CareerRow,
    CompetencyRow,
    CoverageReport,
    CoverageRow,
    DevelopmentReport,
    GroupOutcomeRow,
    KnowledgeRow,
    MissingRow,
    OutcomesReport,
    OverdueRow,
    RolloutReport,
    RolloutRow,
    Suppressible,
    UnitOutcomeRow,
)
from app.reports.scope import Scope, resolve

S = TypeVar("S", bound=Suppressible)


def report_range(
    config: SchedulingConfig,
    today: date,
    *,
    period: str | None,
    start: date | None,
    end: date | None,
) -> Range:
    """A period of the grid (T2.1), or a date range ``from``–``to``; by default the period
    that contains today."""
    if period is not None and (start is not None or end is not None):
        raise InvalidInput(
            msg("invalid-input.period-and-range"),
            invalid_params=[
                param("period", "not_allowed", "not together with from/to", location="query")
            ],
        )
    if start is not None or end is not None:
        problems = [
            param(name, "incomplete_range", "a date range needs both from and to", location="query")
            for name, value in (("from", start), ("to", end))
            if value is None
        ]
        if start and end and end < start:
            problems.append(param("to", "before_from", "is before from", location="query"))
        if problems:
            raise InvalidInput(msg("invalid-input.date-range"), invalid_params=problems)
        assert start is not None and end is not None
        return Range(start, end)
    found = parse_period(config, period, today, location="query") if period else None
    found = found or period_grid(config).containing(today)
    return Range(found.start, found.end)


def _sum(rows: list[Any], fields: list[str]) -> dict[str, int]:
    return {name: sum(getattr(r, name) or 0 for r in rows) for name in fields}


def _guard(model: type[S], scope: Scope, values: dict[str, Any]) -> S:
    """The row as the caller may see it: withheld over fewer than 5 people, except for HR
    and the people's own manager (issue 8: privacy)."""
    people, own = values.pop("people"), values.pop("own_people", 0)
    hidden = rules.suppressed(people, privileged=scope.privileged, own_people=own)
    if hidden:
        figures = int | float | Decimal
        values = {k: None if isinstance(v, figures) else v for k, v in values.items()}
        return model.model_validate({**values, "people": None, "suppressed": True})
    return model.model_validate({**values, "people": people, "suppressed": False})


async def coverage(
    session: AsyncSession, *, actor: Actor, today: date, period: Range, org_unit: str | None
) -> CoverageReport:
    scope = await resolve(session, actor, today, org_unit)
    rows = await queries.coverage(session, scope, period, today)
    counts = ["on_time", "late", "overdue", "not_yet_due", "total", "people"]
    talks = [CoverageRow.model_validate(r._asdict()) for r in rows]
    totals = [
        CoverageRow(
            org_unit=None,
            org_unit_name=None,
            kind=kind,
            **_sum([r for r in rows if r.kind == kind], counts),
        )
        for kind in ("planning", "progress", "appraisal")
    ]
    appraisal_rows = await queries.appraisal_coverage(session, scope, period, today)
    fields = [
        f
        for f in AppraisalCoverageRow.model_fields
        if f not in ("org_unit", "org_unit_name", "suppressed")
    ]
    return CoverageReport(
        start=period.start,
        end=period.end,
        as_of=today,
        org_unit=org_unit,
        talks=talks,
        talk_totals=totals,
        appraisals=[_guard(AppraisalCoverageRow, scope, r._asdict()) for r in appraisal_rows],
        appraisal_totals=_guard(
            AppraisalCoverageRow,
            scope,
            {
                "org_unit": None,
                "org_unit_name": None,
                **_sum(appraisal_rows, [*fields, "own_people"]),
            },
        ),
    )


async def overdue(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    period: Range,
    org_unit: str | None,
    kind: str,
    page: PageParams | None,
) -> tuple[list[OverdueRow], int]:
    """The people behind an overdue figure (HR, managers on their own units); all of them
    when ``page`` is None (the CSV and XLSX exports)."""
    scope = await resolve(session, actor, today, org_unit, names=True)
    if kind in queries.FOLLOW_UP_KINDS and not scope.privileged:
        # Who has objections (or waits for the finalisation) is about a person, like the
        # withheld appraisal figures: a manager is shown only their own people.
        scope = replace(scope, headed=())
    query = queries.overdue_people(scope, period, today, kind)
    if page is None:
        rows = list((await session.execute(query)).all())
        return [OverdueRow.model_validate(r._asdict()) for r in rows], len(rows)
    rows, total = await fetch_page(session, query, page)
    return [OverdueRow.model_validate(_without_total(r)) for r in rows], total


def _without_total(row: Any) -> dict[str, Any]:
    values = row._asdict()
    values.pop("total", None)
    return values


async def rollout(
    session: AsyncSession, *, actor: Actor, today: date, by: date, org_unit: str | None
) -> RolloutReport:
    scope = await resolve(session, actor, today, org_unit)
    rows = await queries.rollout(session, scope, by)
    units = [RolloutRow(**r._asdict(), percent_held=_percent(r.held, r.employees)) for r in rows]
    total = _sum(rows, ["employees", "held", "not_held"])
    return RolloutReport(
        by=by,
        org_unit=org_unit,
        units=units,
        totals=RolloutRow(
            org_unit=None,
            org_unit_name=None,
            **total,
            percent_held=_percent(total["held"], total["employees"]),
        ),
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


async def rollout_missing(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    by: date,
    org_unit: str | None,
    page: PageParams | None,
) -> tuple[list[MissingRow], int]:
    scope = await resolve(session, actor, today, org_unit, names=True)
    query = queries.rollout_missing(scope, by)
    if page is None:
        rows = list((await session.execute(query)).all())
        return [MissingRow.model_validate(r._asdict()) for r in rows], len(rows)
    rows, total = await fetch_page(session, query, page)
    return [MissingRow.model_validate(_without_total(r)) for r in rows], total


def _outcome_values(row: Any) -> dict[str, Any]:
    values = row._asdict()
    finalised = values["finalised"]
    values["objection_rate"] = round(values["objected"] / finalised, 3) if finalised else None
    values["median_days_to_finalise"] = _float(values.pop("median_days"))
    values["mean_days_to_finalise"] = _float(values.pop("mean_days"), 1)
    values["max_days_to_finalise"] = values.pop("max_days")
    return values


def _float(value: Any, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


async def outcomes(
    session: AsyncSession, *, actor: Actor, today: date, period: Range, org_unit: str | None
) -> OutcomesReport:
    scope = await resolve(session, actor, today, org_unit)
    by_unit = await queries.outcomes_by_unit(session, scope, period)
    by_group = await queries.outcomes_by_function_group(session, scope, period)
    counted = ["finalised", "objected", "met_fully", "partly_met", "explained", "rewards"]
    counted += [f"rating_{n}" for n in range(1, 6)]
    total = _sum(by_unit, [*counted, "people", "own_people"])
    finalised = total["finalised"]
    totals = _guard(
        UnitOutcomeRow,
        scope,
        {
            "org_unit": None,
            "org_unit_name": None,
            **total,
            "objection_rate": round(total["objected"] / finalised, 3) if finalised else None,
            # The spread of the days needs the people, not the unit rows: left to the units.
            "median_days_to_finalise": None,
            "mean_days_to_finalise": _weighted_mean(by_unit),
            "max_days_to_finalise": max((r.max_days for r in by_unit), default=None),
        },
    )
    return OutcomesReport(
        start=period.start,
        end=period.end,
        as_of=today,
        org_unit=org_unit,
        by_unit=[_guard(UnitOutcomeRow, scope, _outcome_values(r)) for r in by_unit],
        totals=totals,
        by_function_group=[_guard(GroupOutcomeRow, scope, r._asdict()) for r in by_group],
    )


def _weighted_mean(rows: list[Any]) -> float | None:
    finalised = sum(r.finalised for r in rows)
    if not finalised:
        return None
    return round(sum(float(r.mean_days) * r.finalised for r in rows) / finalised, 1)


async def development(
    session: AsyncSession, *, actor: Actor, today: date, period: Range, org_unit: str | None
) -> DevelopmentReport:
    scope = await resolve(session, actor, today, org_unit)
    rows = await queries.development(session, scope, period)
    competencies = sorted(
        (r for r in rows if r.kind == "development" and r.subject == "competency"),
        key=lambda r: (-r.agreements, r.competency),  # most frequent first
    )
    names = await _competency_names(session, [r.competency for r in competencies])
    knowledge = next(
        (r for r in rows if r.kind == "development" and r.subject == "knowledge"), None
    )

    def figures(row: Any, *names: str) -> dict[str, Any]:
        values = row._asdict()
        return {name: values[name] for name in ("people", "own_people", *names)}

    empty = {"people": 0, "own_people": 0, "agreements": 0, "rated": 0, "mean_score": None}
    known = figures(knowledge, "agreements", "rated", "mean_score") if knowledge else empty
    return DevelopmentReport(
        start=period.start,
        end=period.end,
        as_of=today,
        org_unit=org_unit,
        competencies=[
            _guard(
                CompetencyRow,
                scope,
                {
                    **figures(r, "competency", "agreements", "rated"),
                    "competency_name": names.get(r.competency),
                    "mean_score": _float(r.mean_score),
                },
            )
            for r in competencies
        ],
        knowledge=_guard(KnowledgeRow, scope, {**known, "mean_score": _float(known["mean_score"])}),
        career=[
            _guard(CareerRow, scope, figures(r, "career_type", "agreements", "active"))
            for r in sorted((r for r in rows if r.kind == "career"), key=lambda r: r.career_type)
        ],
    )


async def _competency_names(session: AsyncSession, codes: list[str]) -> dict[str, str]:
    """The competencies' names, from the newest guide version that has them (the last one
    written into the dict wins)."""
    rows = await session.execute(  # also with no codes: the same statements every time
        select(Competency.code, Competency.name)
        .where(Competency.code.in_(codes))
        .order_by(Competency.guide_version_id)
    )
    return {code: name for code, name in rows}
