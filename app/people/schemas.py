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
    """An org unit (organisatieonderdeel: a sector, a team) as the HR information system
    sends it, under its own key in the path."""

    name: Name
    """The unit's name, as people read it (1–200 characters, trimmed)."""
    parent_key: Key | None = Field(
        default=None,
        description="The key of the unit this one belongs to (e.g. the sector of a team); "
        "null for a top unit. It must exist, and a unit cannot be below itself.",
    )
    manager_personnel_number: Key | None = Field(
        default=None,
        description="The personnel number of the manager who heads the unit: they see the "
        "reports of the unit and of every unit below it. Each employee's own manager is set "
        "on the employee (`managerPersonnelNumber`).",
    )


class OrgUnitImportRow(OrgUnitIn):
    """One org unit of an import: the unit with its key."""

    key: Key
    """The unit's key in the HR information system: the key it is created or updated under."""


class OrgUnitImportIn(ApiInput):
    """A batch of org units from the HR information system, stored all or nothing."""

    org_units: Annotated[list[OrgUnitImportRow], Field(min_length=1, max_length=10_000)]
    """The units, 1–10,000, in any order (a parent may come after its units); each key once.
    A parent must be stored already or be in the batch. An invalid row is named by its index
    (`orgUnits.17.parentKey`) and nothing is stored."""


class OrgUnitImportOut(ApiModel):
    """What an import of org units did, counted in rows."""

    received: int
    """The rows received."""
    created: int
    """Rows for units the service did not know: created."""
    updated: int
    """Rows that changed a stored unit (its name, parent or manager)."""
    unchanged: int
    """Rows equal to what was stored: nothing written."""


class OrgUnitOut(ApiModel):
    """An org unit of the organisation, as synchronised from the HR information system."""

    key: str
    """The unit's key in the HR information system (also its id in URLs and filters)."""
    name: str
    """The unit's name."""
    parent_key: str | None
    """The key of the unit it belongs to; null for a top unit."""
    manager_personnel_number: str | None
    """The personnel number of the manager who heads the unit; null when none is set."""


class OrgUnitPage(ApiModel):
    """A page of org units."""

    items: list[OrgUnitOut]
    """The org units on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class FunctionProfileIn(ApiInput):
    """A function profile (functieprofiel: the job description with its main tasks and scale)
    as the HR information system sends it, under its own code in the path."""

    title: Name
    """The function's title, e.g. `Beleidsmedewerker D` (1–200 characters, trimmed)."""
    function_group: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,60}$")] = Field(
        description="The code of the competency profile (competentieprofiel) of the "
        "function's group in the competency guide, e.g. `beleidsmedewerker`: it decides the "
        "employee's competencies (R3.2). An unknown code is refused."
    )
    scale: int = Field(
        description="The function scale (functieklasseschaal, OIK), 3–18: it decides the "
        "level at which the competencies are described (R3.4: 3–7 level 1, 8–10 level 2, "
        "11–18 level 3).",
        json_schema_extra={"minimum": 3, "maximum": 18},
    )
    purpose: Annotated[str, StringConstraints(max_length=4000)] | None = None
    """The purpose of the function (doel van de functie), as the profile words it; at most
    4,000 characters."""
    main_tasks: Annotated[
        list[Annotated[str, StringConstraints(max_length=1000)]],
        Field(default_factory=list, max_length=50),
    ] = Field(
        description="The main tasks (hoofdtaken) of the function, each at most 1,000 "
        "characters. A work agreement names the main task it comes from, word for word, and "
        "must name one when the profile has any (R4.1 a)."
    )
    knowledge_level: (
        Annotated[str, StringConstraints(max_length=4000, pattern=NOT_BLANK)] | None
    ) = Field(
        default=None,
        description="The knowledge level (kennisniveau) the function asks (education level, "
        "required knowledge): the knowledge-level item of the appraisal is rated against it "
        "(Art. 4.1 b). Without it that item has no text of its own.",
    )
    version_date: IsoDate | None = None
    """The date of this version of the function profile in the HR information system
    (YYYY-MM-DD); kept for reference only."""


class FunctionProfileOut(ApiModel):
    """A function profile (functieprofiel): the job description that decides an employee's
    competency profile, competency level and main tasks."""

    code: str
    """The profile's code in the HR information system, e.g. `P22` (also its id in URLs)."""
    title: str
    """The function's title."""
    function_group: str
    """The code of the competency profile of the function's group in the competency guide,
    e.g. `beleidsmedewerker` (R3.2)."""
    scale: int
    """The function scale (OIK), 3–18 (R3.4)."""
    competency_level: int = Field(
        description="The level, 1–3, at which the competency guide describes the competencies "
        "for this scale (R3.4: scales 3–7 level 1, 8–10 level 2, 11–18 level 3)."
    )
    purpose: str | None
    """The purpose of the function; null when the HR information system sent none."""
    main_tasks: list[str]
    """The main tasks (hoofdtaken): a work agreement names the one it comes from (R4.1 a)."""
    knowledge_level: str | None = Field(
        description="The knowledge level the function asks (education level, required "
        "knowledge), against which the knowledge level is rated (Art. 4.1 b); null when the "
        "profile has none."
    )
    version_date: date | None
    """The date of this version of the profile in the HR information system (YYYY-MM-DD);
    null when unknown."""


class FunctionProfilePage(ApiModel):
    """A page of function profiles."""

    items: list[FunctionProfileOut]
    """The function profiles on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class EmployeeIn(ApiInput):
    """An employee (medewerker) as the HR information system sends it: the facts the cycles
    are planned from (Article 2). An unchanged record writes nothing."""

    name: Name
    """The employee's name as people read it (1–200 characters, trimmed)."""
    email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)] | None = Field(
        default=None,
        description="The work e-mail address, where reminders and notices go; without it they "
        "are only listed in the person's notifications.",
    )
    org_unit_key: Key
    """The key of the employee's org unit; it must exist."""
    function_profile_code: Key
    """The code of the employee's function profile; it must exist. A cycle keeps the profile
    it started with (R3.5)."""
    salary_scale: int = Field(
        description="The employee's personal salary scale (salarisschaal), 1–18; may differ "
        "from the function scale of the function profile.",
        json_schema_extra={"minimum": 1, "maximum": 18},
    )
    in_function_scale: bool = Field(
        description="True once the employee is placed in the function scale "
        "(functieklasseschaal); false while in the entry scale (aanloopschaal), when cycles "
        "last one year (R2.4)."
    )
    function_scale_date: IsoDate | None = Field(
        default=None,
        description="The day the employee was placed in the function scale (YYYY-MM-DD): the "
        "entry-scale cycle ends the day before and the next cycle joins the org-wide rhythm "
        "(R2.4). Only with `inFunctionScale` true, and not before `entryDate`; null with "
        "`inFunctionScale` true means placed from the entry date.",
    )
    entry_date: IsoDate
    """The day the employee entered service (YYYY-MM-DD): the first cycle starts on it and its
    planning talk is due a month later (R2.7)."""
    probation: bool = Field(
        default=False,
        description="A probationary appointment (aanstelling bij wijze van proef): a one-year "
        "cycle with a planning talk and two appraisal talks (R2.3, R6.2).",
    )
    probation_decision_date: IsoDate | None = Field(
        default=None,
        description="The day of the decision on a permanent appointment (YYYY-MM-DD), after "
        "`entryDate`; required with `probation`. The second probation appraisal is due a "
        "month before it (R6.2).",
    )
    leaving_date: IsoDate | None = None
    """The day the employee leaves (YYYY-MM-DD), not before `entryDate`; null while staying.
    From that day the employee is inactive; the running cycle ends on it and its talks due
    later are cancelled (R2.1)."""
    manager_personnel_number: Key | None = Field(
        default=None,
        description="The personnel number of the employee's manager (direct-leidinggevende), "
        "who conducts the talks; not the employee themself, and not someone they manage. "
        "Null: no manager from `managerFrom` on.",
    )
    manager_from: IsoDate | None = Field(
        default=None,
        description="From which day (YYYY-MM-DD) the manager is the employee's manager; "
        "default today, not before `entryDate`. The manager history before that day is kept, "
        "from that day on it is replaced.",
    )


class EmployeeRef(ApiModel):
    """An employee named in another record: personnel number and name."""

    personnel_number: str
    """The employee's personnel number (the HR system's key, and their id in URLs)."""
    name: str
    """The employee's name."""


class OrgUnitRef(ApiModel):
    """An org unit named in another record: key and name."""

    key: str
    """The unit's key."""
    name: str
    """The unit's name."""


class FunctionProfileRef(ApiModel):
    """A function profile named in another record."""

    code: str
    """The profile's code, e.g. `P22`."""
    title: str
    """The function's title."""
    function_group: str
    """The code of the competency profile of its function group (R3.2)."""
    scale: int
    """The function scale (OIK), 3–18 (R3.4)."""


class EmployeeOut(ApiModel):
    """An employee (medewerker) as the service knows them from the HR information system."""

    personnel_number: str
    """The personnel number: the HR system's key for the person, and their id in URLs."""
    name: str
    """The employee's name."""
    email: str | None
    """The work e-mail address; null when unknown."""
    org_unit: OrgUnitRef
    """The employee's org unit."""
    function_profile: FunctionProfileRef
    """The employee's function profile now (a cycle keeps the one it started with, R3.5)."""
    salary_scale: int
    """The personal salary scale, 1–18."""
    in_function_scale: bool
    """Placed in the function scale; false while in the entry scale (R2.4)."""
    function_scale_date: date | None
    """The day of the placement in the function scale (R2.4); null when not placed or when
    placed from entry."""
    entry_date: date
    """The day the employee entered service (R2.7)."""
    probation: bool
    """A probationary appointment (R2.3)."""
    probation_decision_date: date | None
    """The day of the decision on a permanent appointment (R6.2); null without probation."""
    leaving_date: date | None
    """The day the employee leaves (R2.1); null while staying."""
    active: bool = Field(
        description="In service today: false from the leaving date on (leavers are never deleted)."
    )
    manager: EmployeeRef | None = Field(
        description="The employee's manager today (direct-leidinggevende); null when none."
    )


class EmployeePage(ApiModel):
    """A page of employees."""

    items: list[EmployeeOut]
    """The employees on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class DelegationIn(ApiInput):
    """A coordinator delegation (T1.g): the management team's decision that a coordinator
    conducts an employee's talks instead of the manager, for a period. Recorded by HR."""

    coordinator_personnel_number: Key
    """The personnel number of the coordinator (coördinator) who conducts the talks."""
    employee_personnel_number: Key
    """The personnel number of the employee whose talks they conduct."""
    decision_reference: Name = Field(description="The reference of the management team's decision.")
    decided_by: Name | None = Field(
        default=None,
        description="Who decided it, e.g. the management team of a sector; required (T1.g).",
    )
    motivation: Annotated[str, StringConstraints(max_length=2000, pattern=NOT_BLANK)] | None = (
        Field(
            default=None,
            description="Why a coordinator conducts the talks (e.g. the manager's span of "
            "control); required (T1.g), at most 2,000 characters.",
        )
    )
    valid_from: IsoDate
    """The first day of the delegation (YYYY-MM-DD)."""
    valid_to: IsoDate | None = Field(
        default=None,
        description="The day the delegation ends (YYYY-MM-DD, exclusive: the last day it "
        "applies is the day before); null while open-ended.",
    )


class DelegationEndIn(ApiInput):
    """The end of a coordinator delegation (T1.g), recorded by HR."""

    valid_to: IsoDate = Field(
        description="The day the delegation ends (YYYY-MM-DD, exclusive: from this day on the "
        "coordinator no longer conducts the talks)."
    )


class DelegationOut(ApiModel):
    """A coordinator delegation (T1.g): while it runs, the coordinator acts as the employee's
    manager for the talks."""

    id: uuid.UUID
    """The delegation's id."""
    coordinator_personnel_number: str
    """The personnel number of the coordinator."""
    employee_personnel_number: str
    """The personnel number of the employee."""
    decision_reference: str
    """The reference of the management team's decision."""
    decided_by: str | None = Field(
        description="Who decided it; null for a delegation recorded before this was asked."
    )
    motivation: str | None
    """Why a coordinator conducts the talks; null for a delegation recorded before this was
    asked."""
    valid_from: date
    """The first day of the delegation."""
    valid_to: date | None
    """The day it ends (exclusive); null while open-ended."""
    recorded_by: str
    """The personnel number of the HR officer who recorded it."""


class DelegationPage(ApiModel):
    """A page of coordinator delegations."""

    items: list[DelegationOut]
    """The delegations on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class EmployeeImportRow(EmployeeIn):
    """One employee of an import: the employee record with its personnel number."""

    personnel_number: Key
    """The employee's personnel number: the key the record is created or updated under."""


class EmployeeImportIn(ApiInput):
    """A batch of employees from the HR information system, stored all or nothing."""

    employees: Annotated[list[EmployeeImportRow], Field(min_length=1, max_length=10_000)]
    """The employees, 1–10,000; each personnel number once. An invalid row is named by its
    index (`employees.17.salaryScale`) and nothing is stored."""


class EmployeeImportOut(ApiModel):
    """What an import did, counted in rows."""

    received: int
    """The rows received."""
    created: int
    """Rows for employees the service did not know: created."""
    updated: int
    """Rows that changed a stored employee."""
    unchanged: int = Field(
        description="Rows whose employee fields equal what was stored (their manager may "
        "still have changed: see managerChanges)."
    )
    manager_changes: int = Field(
        description="Manager assignments opened, ended, continued or removed."
    )
