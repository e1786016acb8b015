"""Request and response bodies of the competency set, the agreements, weights, approvals,
manager decisions and contributions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.cycles.schemas import Text
from app.pagination import PageMeta
from app.reference.document import Cluster
from app.schemas import ApiInput, ApiModel, IsoDate, WholeNumber

Code = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9-]+$")]


class Party(StrEnum):
    manager = "manager"
    employee = "employee"


class AgreementKind(StrEnum):
    work = "work"
    development = "development"
    career = "career"
    condition = "condition"


class Change(StrEnum):
    created = "created"
    refined = "refined"
    supplemented = "supplemented"
    adjusted = "adjusted"
    reweighted = "reweighted"
    ended = "ended"


class EditChange(StrEnum):
    """R5.2: how an agreement changes in a talk."""

    refined = "refined"
    supplemented = "supplemented"
    adjusted = "adjusted"


class Method(StrEnum):
    training = "training"
    coaching = "coaching"
    assignment = "assignment"
    other = "other"


class CareerType(StrEnum):
    """T4.1: career development and life phase."""

    career_step = "career-step"
    mobility = "mobility"
    approaching_retirement = "approaching-retirement"
    work_care_balance = "work-care-balance"
    other = "other"


class Subject(StrEnum):
    competency = "competency"
    knowledge = "knowledge"


# --- the competency set (Article 3) ----------------------------------------------------------


class CompetencySetIn(ApiInput):
    chosen: Annotated[list[Code], Field(max_length=6)] = Field(
        default_factory=list,
        description="The optional competencies added to the profile (R3.2, at most two); for "
        "Vakspecialist the first four are its function-specific ones (R3.3).",
    )
    crucial: Annotated[list[Code], Field(max_length=9)] = Field(
        default_factory=list,
        description="Competencies of the set that are crucial for the function (R6.7).",
    )


class LevelText(ApiModel):
    level: int
    behaviours: list[str]
    tips: list[str]


class CompetencyMember(ApiModel):
    code: str
    name: str
    cluster: Cluster
    level: int = Field(description="The level the function scale requires (R3.4).")
    source: str = Field(
        description="core, profile (function-specific), pick (Vakspecialist's four, R3.3) or "
        "chosen (an addition, R3.2)."
    )
    crucial: bool = Field(description="Crucial for the function (R6.7).")
    definition: str | None = None
    behaviours: list[str] = Field(default_factory=list, description="At the member's level.")
    tips: list[str] = Field(default_factory=list)


class CompetencySetOut(ApiModel):
    cycle_id: uuid.UUID
    revision: int
    set_version: int = Field(description="The agreement set's version this revision made.")
    talk_id: uuid.UUID
    guide_version: str = Field(description="The cycle's guide version (R3.5).")
    competency_profile: str
    function_scale: int
    level: int
    chosen: list[str]
    members: list[CompetencyMember]
    knowledge_level: str | None = Field(
        description="Art. 4.1 b: the knowledge level of the cycle's function profile (education "
        "level, required knowledge) when the set was composed: what the knowledge-level item "
        "is rated against. Null when the profile has none."
    )
    composed_by: str
    composed_at: datetime


# --- agreements ------------------------------------------------------------------------------


class _Content(ApiInput):
    description: Text = Field(
        description="The result (work), what is developed (development), the agreement "
        "(career) or the condition."
    )


class WorkAgreementIn(_Content):
    kind: Literal["work"]
    measure: Annotated[str, StringConstraints(max_length=4000, strip_whitespace=True)] | None = (
        Field(default=None, description="How the result is measured (R4.5, required).")
    )
    due_date: IsoDate | None = Field(default=None, description="Within the cycle (R4.5, required).")
    main_task: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None,
        description="The main task of the cycle's function profile it comes from: one of its "
        "`mainTasks`, required when it has any (R4.1 a).",
    )


class DevelopmentAgreementIn(_Content):
    kind: Literal["development"]
    subject: Subject = Field(description="A competency of the set, or the knowledge level.")
    competency_code: Code | None = None
    method: Method
    method_detail: Annotated[str, StringConstraints(max_length=4000)] | None = None
    due_date: IsoDate | None = Field(default=None, description="Within the cycle (R4.5, required).")


class CareerAgreementIn(_Content):
    kind: Literal["career"]
    career_type: CareerType


class ConditionIn(_Content):
    """R4.3: what the employee needs to achieve the agreements."""

    kind: Literal["condition"]


AgreementContent = WorkAgreementIn | DevelopmentAgreementIn | CareerAgreementIn | ConditionIn
"""An agreement's content, of one of the kinds (the services' input type)."""
AgreementIn = Annotated[AgreementContent, Field(discriminator="kind")]


class _ChangeFields(ApiInput):
    change: EditChange = Field(default=EditChange.adjusted, description="R5.2")
    reason: Annotated[str, StringConstraints(max_length=4000)] | None = None


class WorkAgreementChange(WorkAgreementIn, _ChangeFields):
    pass


class DevelopmentAgreementChange(DevelopmentAgreementIn, _ChangeFields):
    pass


class CareerAgreementChange(CareerAgreementIn, _ChangeFields):
    pass


class ConditionChange(ConditionIn, _ChangeFields):
    pass


AgreementChange = (
    WorkAgreementChange | DevelopmentAgreementChange | CareerAgreementChange | ConditionChange
)
"""A change of an agreement: its new content, the kind of change and why (R5.2)."""
AgreementChangeIn = Annotated[AgreementChange, Field(discriminator="kind")]


class EndingIn(ApiInput):
    reason: Text


class AgreementOut(ApiModel):
    id: uuid.UUID
    cycle_id: uuid.UUID
    number: int
    kind: AgreementKind
    version: int
    status: Literal["active", "ended"]
    description: str
    measure: str | None = None
    due_date: date | None = None
    main_task: str | None = None
    weight: int | None = Field(default=None, description="A custom weight in percent (R4.2).")
    subject: Subject | None = None
    competency_code: str | None = None
    method: Method | None = None
    method_detail: str | None = None
    career_type: CareerType | None = None
    change: Change
    reason: str | None = None
    talk_id: uuid.UUID
    set_version: int
    changed_by: str
    changed_at: datetime


class SetAgreementOut(AgreementOut):
    effective_weight: float | None = Field(
        default=None,
        description="The weight a work agreement counts with, in percent: equal shares unless "
        "the manager set weights (R4.2).",
    )


class AgreementPage(ApiModel):
    items: list[AgreementOut]
    meta: PageMeta


class WeightIn(ApiInput):
    agreement_id: uuid.UUID
    percent: int = Field(ge=-1000, le=1000, description="A positive percentage (R4.2).")


class WeightsIn(ApiInput):
    weighting: Literal["equal", "custom"]
    weights: Annotated[list[WeightIn], Field(max_length=100)] = Field(
        default_factory=list, description="Every active work agreement once (custom only)."
    )


# --- approvals, decisions, the set -------------------------------------------------------------


class ApprovalIn(ApiInput):
    set_version: WholeNumber = Field(ge=0, description="The version of the agreement set approved.")
    party: Party | None = Field(
        default=None, description="Who approves: must be the caller's own part (R4.6)."
    )


class ApprovalOut(ApiModel):
    id: uuid.UUID
    talk_id: uuid.UUID
    set_version: int
    party: Party
    approved_by: str
    approved_at: datetime
    void: bool = Field(description="The set changed after this approval (R4.6).")


class ApprovalPage(ApiModel):
    items: list[ApprovalOut]
    meta: PageMeta


class DecisionIn(ApiInput):
    set_version: WholeNumber = Field(ge=0, description="The version decided on.")
    reason: Text
    employee_view: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None,
        description="The employee's view as the manager recorded it in the talk; required "
        "unless the employee brought in a view on the talk themselves (R4.7, R5.4).",
    )


class ContributionOut(ApiModel):
    id: uuid.UUID
    talk_id: uuid.UUID
    kind: Literal["topic", "view"]
    text: str
    agreement_id: uuid.UUID | None
    party: Party
    author: str
    created_at: datetime


class DecisionOut(ApiModel):
    id: uuid.UUID
    talk_id: uuid.UUID
    set_version: int
    rule: str
    reason: str
    employee_view: str | None
    employee_views: list[ContributionOut] = Field(
        description="The views the employee brought in for this talk (R4.4)."
    )
    decided_by: str
    decided_at: datetime
    void: bool


class ContributionIn(ApiInput):
    kind: Literal["topic", "view"]
    text: Text
    agreement_id: uuid.UUID | None = Field(default=None, description="A view on one agreement.")


class ContributionPage(ApiModel):
    items: list[ContributionOut]
    meta: PageMeta


class Blocker(ApiModel):
    rule: str
    code: str
    detail: str


class AgreedTalk(ApiModel):
    talk_id: uuid.UUID
    kind: str
    status: str
    set_version: int
    outcome: Literal["approved", "decided"]


class CurrentTalk(ApiModel):
    talk_id: uuid.UUID
    kind: str
    status: str
    outcome: str = Field(
        description="open, approved-by-manager, approved-by-employee, approved (both, R4.6) "
        "or decided (by the manager, R4.7/R5.4), at the current version."
    )
    approvals: list[ApprovalOut]
    decision: DecisionOut | None


class AgreementSetOut(ApiModel):
    cycle_id: uuid.UUID
    version: int = Field(description="Increases with every change; approvals name it.")
    as_of_version: int | None = Field(
        default=None, description="Set when an earlier version was asked for (history)."
    )
    carried_over_from: uuid.UUID | None = Field(
        default=None,
        description="A bridging cycle carries over the agreements of the probation cycle it "
        "follows (T2.1): its id.",
    )
    weighting: Literal["equal", "custom"]
    competency_set_revision: int | None
    agreements: list[SetAgreementOut]
    current_talk: CurrentTalk | None = Field(
        description="The planning or progress talk in which the set is made or adjusted now; "
        "null when no such talk is open."
    )
    blockers: list[Blocker] = Field(description="What keeps the set from being approved.")
    agreed_talks: list[AgreedTalk] = Field(
        description="Talks held with the set approved or decided, and at which version."
    )
    rated_version: int | None = Field(
        description="The version agreed in the last held talk: what the appraisal rates."
    )
    actions: list[str]
