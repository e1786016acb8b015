"""People and organisation: the HR information system's sync (PUT by external key) and reads."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import BULK, CurrentActor, Scheduling, Session, Today
from app.api.idempotency import REPLAY_HEADER, IdempotencyKeyHeader, run_once
from app.api.pagination import Pagination
from app.api.params import KeyQuery, PersonnelNumber
from app.api.routing import ApiRouter
from app.auth import Actor
from app.config import API_PREFIX
from app.models.people import CoordinatorDelegation, FunctionProfile
from app.models.reference import LevelBand
from app.pagination import page_meta
from app.people import imports, service, unit_imports
from app.people.schemas import (
    KEY_PATTERN,
    DelegationEndIn,
    DelegationIn,
    DelegationOut,
    DelegationPage,
    EmployeeImportIn,
    EmployeeImportOut,
    EmployeeIn,
    EmployeeOut,
    EmployeePage,
    FunctionProfileIn,
    FunctionProfileOut,
    FunctionProfilePage,
    OrgUnitImportIn,
    OrgUnitImportOut,
    OrgUnitIn,
    OrgUnitOut,
    OrgUnitPage,
)
from app.people.views import employee_out
from app.reference.rules import level_for_scale

router = ApiRouter(prefix=API_PREFIX, tags=["people"])

KeyPath = Annotated[str, Path(pattern=KEY_PATTERN, description="The HR system's key.")]


def upserted(model: type) -> dict[int | str, dict[str, object]]:
    """A PUT that creates answers 201 with the same body as the 200 of an update."""
    return {201: {"model": model, "description": "Created (200: updated, or unchanged)."}}


def _profile_out(profile: FunctionProfile, bands: list[LevelBand]) -> FunctionProfileOut:
    return FunctionProfileOut(
        code=profile.code,
        title=profile.title,
        function_group=profile.function_group,
        scale=profile.scale,
        competency_level=level_for_scale(profile.scale, bands, field="scale"),
        purpose=profile.purpose,
        main_tasks=profile.main_tasks,
        knowledge_level=profile.knowledge_level,
        version_date=profile.version_date,
    )


def _delegation_out(
    delegation: CoordinatorDelegation, coordinator: str, employee: str
) -> DelegationOut:
    return DelegationOut(
        id=delegation.id,
        coordinator_personnel_number=coordinator,
        employee_personnel_number=employee,
        decision_reference=delegation.decision_reference,
        decided_by=delegation.decided_by,
        motivation=delegation.motivation,
        valid_from=delegation.valid_from,
        valid_to=delegation.valid_to,
        recorded_by=delegation.recorded_by,
    )


@router.put(
    "/org-units/{key}",
    summary="Create or update an org unit (HR information system)",
    operation_id="putOrgUnit",
    responses=upserted(OrgUnitOut),
)
async def put_org_unit(
    session: Session, actor: CurrentActor, key: KeyPath, body: OrgUnitIn, response: Response
) -> OrgUnitOut:
    unit, created = await service.upsert_org_unit(session, actor=actor, key=key, data=body)
    response.status_code = 201 if created else 200
    return OrgUnitOut(
        key=unit.key,
        name=unit.name,
        parent_key=body.parent_key,
        manager_personnel_number=body.manager_personnel_number,
    )


IMPORT_ROUTE: dict[str, Any] = {
    "status_code": 201,
    "dependencies": [BULK],  # its memory is given back after the response (app.memory)
    "responses": {
        409: {"description": "A request with this Idempotency-Key is still running."},
        422: {"description": "This Idempotency-Key was used with another body."},
    },
}
"""What the imports' routes share: 201, a bulk route, the Idempotency-Key's answers."""


async def _once(
    session: AsyncSession,
    actor: Actor,
    request: Request,
    body: Any,
    key: str | None,
    work: Callable[[], Awaitable[tuple[int, dict]]],
) -> JSONResponse:
    """An import done once per Idempotency-Key: a retry gets the stored answer, marked."""
    status_code, stored, replayed = await run_once(
        session, actor=actor, key=key, scope=f"POST {request.url.path}", request=body, work=work
    )
    headers = {REPLAY_HEADER: "true"} if replayed else None
    return JSONResponse(stored, status_code=status_code, headers=headers)


@router.post(
    "/org-unit-imports",
    summary="Import up to 10,000 org units at once, all or nothing (HR information system)",
    operation_id="createOrgUnitImport",
    response_model=OrgUnitImportOut,
    **IMPORT_ROUTE,
)
async def create_org_unit_import(
    session: Session,
    actor: CurrentActor,
    request: Request,
    body: OrgUnitImportIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    async def work() -> tuple[int, dict]:
        summary = await unit_imports.import_org_units(session, actor=actor, rows=body.org_units)
        return 201, summary.model_dump(mode="json", by_alias=True)

    return await _once(session, actor, request, body, idempotency_key, work)


@router.get("/org-units", summary="The org units", operation_id="listOrgUnits")
async def list_org_units(session: Session, actor: CurrentActor, page: Pagination) -> OrgUnitPage:
    rows, total = await service.list_org_units(session, actor=actor, page=page)
    return OrgUnitPage(
        items=[
            OrgUnitOut(key=u.key, name=u.name, parent_key=parent, manager_personnel_number=manager)
            for u, parent, manager in rows
        ],
        meta=page_meta(page, total),
    )


@router.put(
    "/function-profiles/{code}",
    summary="Create or update a function profile (HR information system)",
    operation_id="putFunctionProfile",
    responses=upserted(FunctionProfileOut),
)
async def put_function_profile(
    session: Session,
    actor: CurrentActor,
    today: Today,
    code: KeyPath,
    body: FunctionProfileIn,
    response: Response,
) -> FunctionProfileOut:
    profile, created, bands = await service.upsert_function_profile(
        session, actor=actor, today=today, code=code, data=body
    )
    response.status_code = 201 if created else 200
    return _profile_out(profile, bands)


@router.get(
    "/function-profiles",
    summary="The function profiles",
    operation_id="listFunctionProfiles",
    responses={404: {"description": "No guide in force today (`no-guide-in-force`)."}},
)
async def list_function_profiles(
    session: Session, actor: CurrentActor, today: Today, page: Pagination
) -> FunctionProfilePage:
    profiles, bands, total = await service.list_function_profiles(
        session, actor=actor, today=today, page=page
    )
    return FunctionProfilePage(
        items=[_profile_out(p, bands) for p in profiles], meta=page_meta(page, total)
    )


@router.put(
    "/employees/{personnelNumber}",
    summary="Create or update an employee (HR information system)",
    operation_id="putEmployee",
    responses=upserted(EmployeeOut),
)
async def put_employee(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    personnel_number: Annotated[
        str, Path(alias="personnelNumber", pattern=KEY_PATTERN, description="Personnel number.")
    ],
    body: EmployeeIn,
    response: Response,
) -> EmployeeOut:
    _, created = await service.upsert_employee(
        session,
        actor=actor,
        today=today,
        personnel_number=personnel_number,
        data=body,
        config=config,
    )
    response.status_code = 201 if created else 200
    view = await service.get_employee(
        session, actor=actor, today=today, personnel_number=personnel_number
    )
    return employee_out(view, today)


@router.get(
    "/employees",
    summary="Employees the caller may see (others are left out)",
    operation_id="listEmployees",
)
async def list_employees(
    session: Session,
    actor: CurrentActor,
    today: Today,
    page: Pagination,
    org_unit: Annotated[KeyQuery, Query(alias="orgUnit", description="Org unit key.")] = None,
    manager: Annotated[
        KeyQuery, Query(description="Personnel number of a manager: their reports today.")
    ] = None,
    active: Annotated[bool | None, Query(description="Only active (or only left) people.")] = None,
    function_group: Annotated[
        str | None, Query(alias="functionGroup", pattern=r"^[a-z0-9-]{1,60}$")
    ] = None,
) -> EmployeePage:
    views, total = await service.list_employees(
        session,
        actor=actor,
        today=today,
        page=page,
        org_unit=org_unit,
        manager=manager,
        active=active,
        function_group=function_group,
    )
    return EmployeePage(items=[employee_out(v, today) for v in views], meta=page_meta(page, total))


@router.get("/employees/{personnelNumber}", summary="One employee", operation_id="getEmployee")
async def get_employee(
    session: Session,
    actor: CurrentActor,
    today: Today,
    personnel_number: PersonnelNumber,
) -> EmployeeOut:
    view = await service.get_employee(
        session, actor=actor, today=today, personnel_number=personnel_number
    )
    return employee_out(view, today)


@router.post(
    "/coordinator-delegations",
    summary="Record a coordinator delegation (HR, T1.g)",
    operation_id="createCoordinatorDelegation",
    status_code=201,
)
async def create_delegation(
    session: Session, actor: CurrentActor, body: DelegationIn
) -> DelegationOut:
    delegation = await service.record_delegation(
        session,
        actor=actor,
        coordinator=body.coordinator_personnel_number,
        employee=body.employee_personnel_number,
        decision_reference=body.decision_reference,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        decided_by=body.decided_by,
        motivation=body.motivation,
    )
    return _delegation_out(
        delegation, body.coordinator_personnel_number, body.employee_personnel_number
    )


@router.post(
    "/coordinator-delegations/{delegationId}/endings",
    summary="End a coordinator delegation, or end it earlier (HR, T1.g)",
    operation_id="endCoordinatorDelegation",
    status_code=201,
)
async def end_delegation(
    session: Session,
    actor: CurrentActor,
    delegation_id: Annotated[uuid.UUID, Path(alias="delegationId")],
    body: DelegationEndIn,
) -> DelegationOut:
    delegation, coordinator, employee = await service.end_delegation(
        session, actor=actor, delegation_id=delegation_id, valid_to=body.valid_to
    )
    return _delegation_out(delegation, coordinator, employee)


@router.get(
    "/coordinator-delegations",
    summary="Coordinator delegations (HR)",
    operation_id="listCoordinatorDelegations",
)
async def list_delegations(
    session: Session, actor: CurrentActor, page: Pagination
) -> DelegationPage:
    rows, total = await service.list_delegations(session, actor=actor, page=page)
    return DelegationPage(
        items=[_delegation_out(d, coordinator, employee) for d, coordinator, employee in rows],
        meta=page_meta(page, total),
    )


@router.post(
    "/employee-imports",
    summary="Import up to 10,000 employees at once, all or nothing (HR information system)",
    operation_id="createEmployeeImport",
    response_model=EmployeeImportOut,
    **IMPORT_ROUTE,
)
async def create_employee_import(
    session: Session,
    actor: CurrentActor,
    today: Today,
    config: Scheduling,
    request: Request,
    body: EmployeeImportIn,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    async def work() -> tuple[int, dict]:
        summary = await imports.import_employees(
            session, actor=actor, today=today, rows=body.employees, config=config
        )
        return 201, imports.summary_out(summary).model_dump(mode="json", by_alias=True)

    return await _once(session, actor, request, body, idempotency_key, work)
