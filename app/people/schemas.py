from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from app.pagination import PageMeta
from app.schemas import EMAIL_PATTERN, KEY_PATTERN, NOT_BLANK, ApiInput, ApiModel, IsoDate

Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=NOT_BLANK),
]


class OrgUnitIn(ApiInput):
    name: Name
    parent_key: Key | None = Field(default=None, description="The parent unit (e.g. the sector).")
    manager_personnel_number: Key | None = Field(default=None, description="The unit's manager.")


class OrgUnitOut(ApiModel):
    key: str
    name: str
    parent_key: str | None
    manager_personnel_number: str | None


class OrgUnitPage(ApiModel):
    items: list[OrgUnitOut]
    meta: PageMeta


class FunctionProfileIn(ApiInput):
    title: Name
    function_group: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,60}$")] = Field(
        description="The competency profile of the function group, e.g. `beleidsmedewerker`."
    )
    scale: int = Field(
        description="Function scale (OIK) 3–18 (R3.4).",
        json_schema_extra={"minimum": 3, "maximum": 18},
    )
    purpose: Annotated[str, StringConstraints(max_length=4000)] | None = None
    main_tasks: Annotated[
        list[Annotated[str, StringConstraints(max_length=1000)]],
        Field(default_factory=list, max_length=50),
    ] = Field(
        description="The main tasks (hoofdtaken): a work agreement names the one it comes from "
        "(R4.1 a)."
    )
    knowledge_level: (
        Annotated[str, StringConstraints(max_length=4000, pattern=NOT_BLANK)] | None
    ) = Field(
        default=None,
        description="The knowledge level the function asks (education level, required "
        "knowledge): the knowledge-level item of the appraisal is rated against it (Art. "
        "4.1 b). Without it the item has no text of its own.",
    )
    version_date: IsoDate | None = None


class FunctionProfileOut(ApiModel):
    code: str
    title: str
    function_group: str
    scale: int
    competency_level: int = Field(description="The guide's level for this scale (R3.4).")
    purpose: str | None
    main_tasks: list[str]
    knowledge_level: str | None = Field(description="Art. 4.1 b: what the function asks.")
    version_date: date | None


class FunctionProfilePage(ApiModel):
    items: list[FunctionProfileOut]
    meta: PageMeta


class EmployeeIn(ApiInput):
    name: Name
    email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)] | None = Field(
        default=None, description="Work e-mail address."
    )
    org_unit_key: Key
    function_profile_code: Key
    salary_scale: int = Field(
        description="The personal salary scale, 1–18.",
        json_schema_extra={"minimum": 1, "maximum": 18},
    )
    in_function_scale: bool = Field(
        description="Placed in the function scale; false while in the entry scale (R2.4)."
    )
    function_scale_date: IsoDate | None = Field(
        default=None, description="When the employee was placed in the function scale (R2.4)."
    )
    entry_date: IsoDate
    probation: bool = Field(default=False, description="Probationary appointment (R2.3).")
    probation_decision_date: IsoDate | None = Field(
        default=None, description="Decision date on a permanent appointment (R6.2)."
    )
    leaving_date: IsoDate | None = None
    manager_personnel_number: Key | None = Field(
        default=None, description="The direct manager (direct-leidinggevende)."
    )
    manager_from: IsoDate | None = Field(
        default=None, description="Since when the manager is the manager (default: today)."
    )


class EmployeeRef(ApiModel):
    personnel_number: str
    name: str


class OrgUnitRef(ApiModel):
    key: str
    name: str


class FunctionProfileRef(ApiModel):
    code: str
    title: str
    function_group: str
    scale: int


class EmployeeOut(ApiModel):
    personnel_number: str
    name: str
    email: str | None
    org_unit: OrgUnitRef
    function_profile: FunctionProfileRef
    salary_scale: int
    in_function_scale: bool
    function_scale_date: date | None
    entry_date: date
    probation: bool
    probation_decision_date: date | None
    leaving_date: date | None
    active: bool = Field(description="False from the leaving date on.")
    manager: EmployeeRef | None = Field(description="The manager today.")


class EmployeePage(ApiModel):
    items: list[EmployeeOut]
    meta: PageMeta


class DelegationIn(ApiInput):
    """T1.g: the management team's decision that a coordinator conducts someone's talks."""

    coordinator_personnel_number: Key
    employee_personnel_number: Key
    decision_reference: Name = Field(description="Reference of the management team's decision.")
    decided_by: Name | None = Field(
        default=None,
        description="Required (T1.g): who decided it, e.g. the management team of a sector.",
    )
    motivation: Annotated[str, StringConstraints(max_length=2000, pattern=NOT_BLANK)] | None = (
        Field(default=None, description="Required (T1.g): why a coordinator conducts the talks.")
    )
    valid_from: IsoDate
    valid_to: IsoDate | None = Field(default=None, description="End of the delegation (exclusive).")


class DelegationEndIn(ApiInput):
    valid_to: IsoDate = Field(description="The day the delegation ends (exclusive).")


class DelegationOut(ApiModel):
    id: uuid.UUID
    coordinator_personnel_number: str
    employee_personnel_number: str
    decision_reference: str
    decided_by: str | None = Field(description="Null for a delegation recorded before it was.")
    motivation: str | None
    valid_from: date
    valid_to: date | None
    recorded_by: str


class DelegationPage(ApiModel):
    items: list[DelegationOut]
    meta: PageMeta


class EmployeeImportRow(EmployeeIn):
    personnel_number: Key


class EmployeeImportIn(ApiInput):
    employees: Annotated[list[EmployeeImportRow], Field(min_length=1, max_length=10_000)]


class EmployeeImportOut(ApiModel):
    received: int
    created: int
    updated: int
    unchanged: int = Field(
        description="Rows whose employee fields equal what was stored (their manager may "
        "still have changed: see managerChanges)."
    )
    manager_changes: int = Field(
        description="Manager assignments opened, ended, continued or removed."
    )
