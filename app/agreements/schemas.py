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
    """Which side of the talk: `manager` (the employee's manager, or the coordinator a
    delegation names, T1.g) or `employee`."""

    manager = "manager"
    employee = "employee"


class AgreementKind(StrEnum):
    """The kind of agreement (afspraak) made in the planning talk (R4.1, R4.3): `work` (a
    work agreement, werkafspraak: a result to deliver, rated and weighted), `development` (a
    development agreement, ontwikkelafspraak: on a competency or the knowledge level),
    `career` (a career agreement, loopbaanafspraak: career and life phase, never counted in
    the rating) or `condition` (randvoorwaarde: what is needed to achieve the agreements)."""

    work = "work"
    development = "development"
    career = "career"
    condition = "condition"


class Change(StrEnum):
    """What a version of an agreement did: `created`; `refined`, `supplemented` or `adjusted`
    (a change in a progress talk: nader ingevuld, aangevuld, bijgesteld, R5.2); `reweighted`
    (its custom weight changed, R4.2); `ended` (it no longer applies, R5.2)."""

    created = "created"
    refined = "refined"
    supplemented = "supplemented"
    adjusted = "adjusted"
    reweighted = "reweighted"
    ended = "ended"


class EditChange(StrEnum):
    """How an agreement changes in a progress talk (Art. 5.2: "nader ingevuld, aangevuld dan
    wel bijgesteld"): `refined` (worked out in more detail), `supplemented` (added to) or
    `adjusted` (changed)."""

    refined = "refined"
    supplemented = "supplemented"
    adjusted = "adjusted"


class Method(StrEnum):
    """How a development agreement is worked on: `training`, `coaching`, `assignment` (a work
    assignment) or `other`; `methodDetail` says more."""

    training = "training"
    coaching = "coaching"
    assignment = "assignment"
    other = "other"


class CareerType(StrEnum):
    """What a career agreement is about (T4.1: career development and life phase):
    `career-step` (loopbaanstap), `mobility` (mobiliteit), `approaching-retirement` (naderend
    pensioen), `work-care-balance` (balans werk en zorg: combining work and care) or
    `other`."""

    career_step = "career-step"
    mobility = "mobility"
    approaching_retirement = "approaching-retirement"
    work_care_balance = "work-care-balance"
    other = "other"


class Subject(StrEnum):
    """What a development agreement develops (R4.1 b): a `competency` of the employee's
    competency set, or the `knowledge` level the function profile asks."""

    competency = "competency"
    knowledge = "knowledge"


# --- the competency set (Article 3) ----------------------------------------------------------


class CompetencySetIn(ApiInput):
    """The manager's composition of the employee's competency set for the cycle (R3.2–R3.4,
    R6.7): the profile's competencies are taken as they are, this says what is added and which
    are crucial."""

    chosen: Annotated[list[Code], Field(max_length=6)] = Field(
        default_factory=list,
        description="Codes of competencies from the guide added to the profile: at most two "
        "(R3.2), none for a steering profile (T3.2). For Vakspecialist the first four are its "
        "four function-specific ones and at most two more follow (R3.3).",
    )
    crucial: Annotated[list[Code], Field(max_length=9)] = Field(
        default_factory=list,
        description="Codes of the competencies of the set that are crucial for the function: "
        "one rated onvoldoende allows the final rating onvoldoende (R6.7). Each must be in "
        "the set.",
    )


class LevelText(ApiModel):
    level: int
    behaviours: list[str]
    tips: list[str]


class CompetencyMember(ApiModel):
    """One competency of the employee's competency set, with its texts at the level the
    function requires."""

    code: str
    """The competency's code in the guide, e.g. `samenwerken`."""
    name: str
    """The competency's name as printed in the guide."""
    cluster: Cluster
    """Core competency, or the capability cluster it serves."""
    level: int = Field(
        description="The level, 1–3, the function scale requires (R3.4: scales 3–7 level 1, "
        "8–10 level 2, 11–18 level 3)."
    )
    source: str = Field(
        description="Why it is in the set: `core` (a core competency, R3.2), `profile` "
        "(function-specific, from the competency profile), `pick` (one of Vakspecialist's four "
        "function-specific picks, R3.3) or `chosen` (an addition, R3.2)."
    )
    crucial: bool = Field(
        description="Crucial for the function: rated onvoldoende, it allows the final rating "
        "onvoldoende (R6.7)."
    )
    definition: str | None = None
    """The competency's definition in the guide; null when the guide text is not available."""
    behaviours: list[str] = Field(
        default_factory=list,
        description="The characteristic behaviour (kenmerkend werkgedrag) at the member's level.",
    )
    tips: list[str] = Field(
        default_factory=list,
        description="The guide's tips to develop the competency at the member's level.",
    )


class CompetencySetOut(ApiModel):
    """The employee's competency set for a cycle (Article 3): the three core competencies, the
    function-specific ones of the competency profile and the manager's additions, each at the
    level the function scale requires (R3.2–R3.4)."""

    cycle_id: uuid.UUID
    """The cycle the set belongs to (for a bridging cycle: the probation cycle, T2.1)."""
    revision: int
    """The composition's number, 1, 2, …: a recomposition is a new revision, the earlier ones
    stay."""
    set_version: int = Field(
        description="The version of the agreement set this revision made: the competency set "
        "is part of what is approved (R4.6)."
    )
    talk_id: uuid.UUID
    """The planning or progress talk it was composed in."""
    guide_version: str = Field(
        description="The version of the competency guide it was composed from: the cycle's "
        "(R3.5), e.g. `2014`."
    )
    competency_profile: str
    """The code of the competency profile (of the function group of the cycle's function
    profile), e.g. `beleidsmedewerker`."""
    function_scale: int
    """The function scale (OIK) of the cycle's function profile when the set was composed."""
    level: int
    """The level, 1–3, that scale requires (R3.4)."""
    chosen: list[str]
    """The codes the manager chose, as sent (`chosen` of the composition)."""
    members: list[CompetencyMember]
    """The competencies of the set (three to nine, T3.2)."""
    knowledge_level: str | None = Field(
        description="Art. 4.1 b: the knowledge level of the cycle's function profile (education "
        "level, required knowledge) when the set was composed: what the knowledge-level item "
        "is rated against. Null when the profile has none."
    )
    composed_by: str
    """The personnel number of the manager (or coordinator) who composed it."""
    composed_at: datetime
    """When it was composed (RFC 3339 date and time, UTC)."""


# --- agreements ------------------------------------------------------------------------------


class _Content(ApiInput):
    description: Text = Field(
        description="What is agreed (1–4,000 characters): the result (work), what is developed "
        "(development), the agreement (career) or the condition."
    )


class WorkAgreementIn(_Content):
    """A work agreement (werkafspraak): a result to deliver, based on a main task of the
    function profile (R4.1 a), SMART (R4.5), weighted in the rating (R4.2)."""

    kind: Literal["work"]
    """`work`."""
    measure: Annotated[str, StringConstraints(max_length=4000, strip_whitespace=True)] | None = (
        Field(
            default=None,
            description="How the result is measured (at most 4,000 characters); required (R4.5).",
        )
    )
    due_date: IsoDate | None = Field(
        default=None,
        description="By when (YYYY-MM-DD); required, within the cycle, both ends included (R4.5).",
    )
    main_task: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None,
        description="The main task of the cycle's function profile it comes from: one of its "
        "`mainTasks`, word for word, required when it has any (R4.1 a).",
    )


class DevelopmentAgreementIn(_Content):
    """A development agreement (ontwikkelafspraak): the development of a competency of the set
    or of the knowledge level within the function (R4.1 b). Evaluated in the appraisal, never
    scored itself (R6.4)."""

    kind: Literal["development"]
    """`development`."""
    subject: Subject = Field(
        description="What is developed: a competency of the set, or the knowledge level."
    )
    competency_code: Code | None = None
    """The code of the competency, one of the employee's composed competency set; required
    with `subject` competency, absent with knowledge (R4.1)."""
    method: Method
    """How it is worked on."""
    method_detail: Annotated[str, StringConstraints(max_length=4000)] | None = None
    """More about the method, e.g. the course (at most 4,000 characters)."""
    due_date: IsoDate | None = Field(
        default=None,
        description="By when (YYYY-MM-DD); required, within the cycle (R4.5).",
    )


class CareerAgreementIn(_Content):
    """A career agreement (loopbaanafspraak) on career development and life phase (R4.1 c,
    T4.1): evaluated in the appraisal, never weighted or counted in the rating (R6.4)."""

    kind: Literal["career"]
    """`career`."""
    career_type: CareerType
    """What the agreement is about."""


class ConditionIn(_Content):
    """A condition (randvoorwaarde): what the employee needs to achieve the agreements (R4.3);
    approved with the set, never weighted or rated."""

    kind: Literal["condition"]
    """`condition`."""


AgreementContent = WorkAgreementIn | DevelopmentAgreementIn | CareerAgreementIn | ConditionIn
"""An agreement's content, of one of the kinds (the services' input type)."""
AgreementIn = Annotated[AgreementContent, Field(discriminator="kind")]


class _ChangeFields(ApiInput):
    change: EditChange = Field(
        default=EditChange.adjusted,
        description="How the agreement changes (R5.2); `adjusted` by default.",
    )
    reason: Annotated[str, StringConstraints(max_length=4000)] | None = None
    """Why it changes (at most 4,000 characters); optional."""


class WorkAgreementChange(WorkAgreementIn, _ChangeFields):
    """A new version of a work agreement (R5.2): its whole content again, with how and why it
    changes. The same content again makes no version."""


class DevelopmentAgreementChange(DevelopmentAgreementIn, _ChangeFields):
    """A new version of a development agreement (R5.2): its whole content again, with how and
    why it changes. The same content again makes no version."""


class CareerAgreementChange(CareerAgreementIn, _ChangeFields):
    """A new version of a career agreement (R5.2): its whole content again, with how and why it
    changes. The same content again makes no version."""


class ConditionChange(ConditionIn, _ChangeFields):
    """A new version of a condition (R5.2): its whole content again, with how and why it
    changes. The same content again makes no version."""


AgreementChange = (
    WorkAgreementChange | DevelopmentAgreementChange | CareerAgreementChange | ConditionChange
)
"""A change of an agreement: its new content, the kind of change and why (R5.2)."""
AgreementChangeIn = Annotated[AgreementChange, Field(discriminator="kind")]


class EndingIn(ApiInput):
    """The end of an agreement that no longer applies (R5.2): a last version, kept on record."""

    reason: Text
    """Why it ends (1–4,000 characters)."""


class AgreementOut(ApiModel):
    """An agreement (afspraak) at one version: as it stands now, or as it was (history). Every
    change is a new version with who made it, when and in which talk (R5.2). Only the fields
    of its `kind` are filled; the others are null."""

    id: uuid.UUID
    """The agreement's id, the same over its versions."""
    cycle_id: uuid.UUID
    """The cycle it was made for."""
    number: int
    """Its number in the cycle, 1, 2, … in the order the agreements were made."""
    kind: AgreementKind
    """The kind of agreement."""
    version: int
    """The agreement's own version, 1, 2, …."""
    status: Literal["active", "ended"]
    """`active` while it applies; `ended` once ended (R5.2)."""
    description: str
    """What is agreed: the result, what is developed, the career agreement or the condition."""
    measure: str | None = None
    """Work: how the result is measured (R4.5)."""
    due_date: date | None = None
    """Work and development: by when (YYYY-MM-DD), within the cycle (R4.5)."""
    main_task: str | None = None
    """Work: the function profile's main task it comes from (R4.1 a); null when none."""
    weight: int | None = Field(
        default=None,
        description="Work: the custom weight in percent set by the manager (R4.2); null with "
        "equal weights, and until the manager sets one.",
    )
    subject: Subject | None = None
    """Development: a competency, or the knowledge level."""
    competency_code: str | None = None
    """Development on a competency: its code."""
    method: Method | None = None
    """Development: how it is worked on."""
    method_detail: str | None = None
    """Development: more about the method."""
    career_type: CareerType | None = None
    """Career: what it is about (T4.1)."""
    change: Change
    """What this version did."""
    reason: str | None = None
    """Why it changed or ended; null when none was given."""
    talk_id: uuid.UUID
    """The planning or progress talk this version was made in."""
    set_version: int
    """The agreement set's version this version made (R4.6)."""
    changed_by: str
    """The personnel number of the manager (or coordinator) who made this version."""
    changed_at: datetime
    """When this version was made (RFC 3339 date and time, UTC)."""


class SetAgreementOut(AgreementOut):
    """An agreement as part of the agreement set, with the weight it counts with."""

    effective_weight: float | None = Field(
        default=None,
        description="The weight an active work agreement counts with in the rating, in "
        "percent: the custom weight, or an equal share rounded to two decimals (three work "
        "agreements: 33.33) (R4.2). Null for other kinds and ended agreements.",
    )


class AgreementPage(ApiModel):
    """A page of agreements."""

    items: list[AgreementOut]
    """The agreements on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class WeightIn(ApiInput):
    """The custom weight of one work agreement (R4.2)."""

    agreement_id: uuid.UUID
    """The id of an active work agreement of the cycle."""
    percent: int = Field(
        ge=-1000,
        le=1000,
        description="Its weight in whole percent: positive, and all weights add up to 100 (R4.2).",
    )


class WeightsIn(ApiInput):
    """How the work agreements weigh in the rating (R4.2): equally, or by the manager's custom
    weights after consulting the employee."""

    weighting: Literal["equal", "custom"]
    """`equal` (the default of the regulation: every work agreement weighs the same) or
    `custom` (the weights in `weights`)."""
    weights: Annotated[list[WeightIn], Field(max_length=100)] = Field(
        default_factory=list,
        description="With `custom`: every active work agreement exactly once, the percentages "
        "adding up to 100; with `equal`: none.",
    )


# --- approvals, decisions, the set -------------------------------------------------------------


class ApprovalIn(ApiInput):
    """An approval of the agreement set at the version the caller read (R4.6, R5.2)."""

    set_version: WholeNumber = Field(
        ge=0,
        description="The version of the agreement set approved: its `version` as read. A JSON "
        "integer; another version than the current one is refused (409).",
    )
    party: Party | None = Field(
        default=None,
        description="Who approves; optional, and when given it must be the caller's own side "
        "(R4.6).",
    )


class ApprovalOut(ApiModel):
    """An approval of the agreement set, given in a planning or progress talk (R4.6, R5.2)."""

    id: uuid.UUID
    """The approval's id."""
    talk_id: uuid.UUID
    """The talk it was given in."""
    set_version: int
    """The version of the agreement set approved."""
    party: Party
    """Who approved: the manager's side or the employee."""
    approved_by: str
    """The personnel number of who approved."""
    approved_at: datetime
    """When (RFC 3339 date and time, UTC)."""
    void: bool = Field(
        description="No longer counts: the set changed after it while the talk was open (R4.6). "
        "The approvals a held talk was agreed with stay valid."
    )


class ApprovalPage(ApiModel):
    """A page of approvals."""

    items: list[ApprovalOut]
    """The approvals on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class DecisionIn(ApiInput):
    """The manager's decision on the agreement set when manager and employee disagree (R4.7 in
    a planning talk, R5.4 in a progress talk)."""

    set_version: WholeNumber = Field(
        ge=0, description="The version of the agreement set decided on: its current version."
    )
    reason: Text
    """Why the manager decides (1–4,000 characters)."""
    employee_view: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None,
        description="The employee's view as the manager recorded it in the talk; required "
        "unless the employee brought in a view on the talk themselves (R4.7, R5.4).",
    )


class ContributionOut(ApiModel):
    """A topic or view brought in for a talk by the manager or the employee (R4.4, R5.3; on an
    appraisal talk: the employee's view on the draft, R6.3)."""

    id: uuid.UUID
    """The contribution's id."""
    talk_id: uuid.UUID
    """The talk it is for."""
    kind: Literal["topic", "view"]
    """`topic`: something to discuss; `view`: an opinion on the agreements (or the draft)."""
    text: str
    """What was brought in."""
    agreement_id: uuid.UUID | None
    """The agreement it is about; null when it is about the talk in general."""
    party: Party
    """Who brought it in: the manager's side or the employee."""
    author: str
    """The personnel number of who brought it in."""
    created_at: datetime
    """When (RFC 3339 date and time, UTC)."""


class DecisionOut(ApiModel):
    """The manager's decision on the agreement set (R4.7, R5.4), with the employee's views
    beside it."""

    id: uuid.UUID
    """The decision's id."""
    talk_id: uuid.UUID
    """The talk it was made in."""
    set_version: int
    """The version of the agreement set decided on."""
    rule: str
    """`R4.7` (a planning talk) or `R5.4` (a progress talk)."""
    reason: str
    """Why the manager decided."""
    employee_view: str | None
    """The employee's view as the manager recorded it; null when not given."""
    employee_views: list[ContributionOut] = Field(
        description="The views the employee brought in for this talk themselves (R4.4)."
    )
    decided_by: str
    """The personnel number of the manager (or coordinator) who decided."""
    decided_at: datetime
    """When (RFC 3339 date and time, UTC)."""
    void: bool
    """The set changed after the decision: it no longer decides the current version."""


class ContributionIn(ApiInput):
    """A topic or view for a talk, brought in by the manager or the employee as themselves
    (R4.4, R5.3, R6.3)."""

    kind: Literal["topic", "view"]
    """`topic`: something to discuss; `view`: an opinion on the agreements (or the draft)."""
    text: Text
    """What is brought in (1–4,000 characters)."""
    agreement_id: uuid.UUID | None = Field(
        default=None, description="The agreement a view is about; optional."
    )


class ContributionPage(ApiModel):
    """A page of topics and views."""

    items: list[ContributionOut]
    """The contributions on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class Blocker(ApiModel):
    """Something that keeps the agreement set from being approved, decided or agreed in a
    held talk."""

    rule: str
    """The rule that blocks: `R3.2`, `R4.1`, `R4.2` or `R4.5`."""
    code: str
    """Stable code: `competency-set-missing` (R3.2), `no-work-agreement` (R4.1),
    `weights-incomplete` (R4.2) or `due-date-outside-cycle` (R4.5)."""
    detail: str
    """What blocks, in English, for people (e.g. which agreements are due outside the
    cycle)."""


class AgreedTalk(ApiModel):
    """A held planning or progress talk in which the set was agreed, and at which version."""

    talk_id: uuid.UUID
    """The talk's id."""
    kind: str
    """The kind of talk: `planning` or `progress`."""
    status: str
    """The talk's status: `held`."""
    set_version: int
    """The highest version of the set agreed in it."""
    outcome: Literal["approved", "decided"]
    """`approved` (by both, R4.6, R5.2) or `decided` (by the manager, R4.7, R5.4)."""


class CurrentTalk(ApiModel):
    """The planning or progress talk in which the set is being agreed now."""

    talk_id: uuid.UUID
    """The talk's id: approve and decide there."""
    kind: str
    """The kind of talk: `planning` or `progress`."""
    status: str
    """The talk's status: `open` or `scheduled`."""
    outcome: str = Field(
        description="How the set stands in this talk at its current version: `open` (nobody "
        "approved yet), `approved-by-manager`, `approved-by-employee`, `approved` (both, R4.6) "
        "or `decided` (by the manager, R4.7/R5.4)."
    )
    approvals: list[ApprovalOut]
    """The approvals given in this talk, void ones included."""
    decision: DecisionOut | None
    """The manager's latest decision in this talk; null when none."""


class AgreementSetOut(ApiModel):
    """The agreement set of a cycle: all its agreements, their weights and the competency set,
    and where agreeing on it stands (R4.1–R4.7, R5.2). It is approved as a whole."""

    cycle_id: uuid.UUID
    """The cycle asked for."""
    version: int = Field(
        description="The set's version: 0 before anything, one up with every change "
        "(competency set, agreement made, changed or ended, weights) and every re-plan of the "
        "cycle; approvals and decisions name it (R4.6)."
    )
    as_of_version: int | None = Field(
        default=None,
        description="With `?version=N` (the set as it stood at version N): N; null for the set "
        "as it stands now.",
    )
    carried_over_from: uuid.UUID | None = Field(
        default=None,
        description="A bridging cycle carries over the agreements of the probation cycle it "
        "follows (T2.1): that cycle's id; null otherwise.",
    )
    weighting: Literal["equal", "custom"]
    """How the work agreements weigh: `equal`, or `custom` weights (R4.2)."""
    competency_set_revision: int | None
    """The competency set's revision in the set; null before it is composed."""
    agreements: list[SetAgreementOut]
    """Every agreement as it stands (ended ones too), by `number`."""
    current_talk: CurrentTalk | None = Field(
        description="The planning or progress talk in which the set is made or adjusted now; "
        "null when no such talk is open, once the cycle's appraisal talks are held, and for an "
        "earlier version."
    )
    blockers: list[Blocker] = Field(
        description="What keeps the set from being approved, decided or held; empty when "
        "nothing does."
    )
    agreed_talks: list[AgreedTalk] = Field(
        description="The held planning and progress talks in which the set was agreed, each "
        "with the version agreed."
    )
    rated_version: int | None = Field(
        description="The highest version agreed in a held talk: what the appraisal rates; "
        "null while nothing is agreed."
    )
    actions: list[str]
    """What the caller may do now: `compose-competency-set`, `add-agreement`, `set-weights`,
    `approve`, `decide`, `add-contribution`. What is not listed is refused."""
