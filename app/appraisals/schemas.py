"""Request and response bodies of the appraisal (Article 6)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool, StringConstraints

from app.agreements.schemas import CareerType, Method
from app.appraisals.rules import State
from app.pagination import PageMeta
from app.people.schemas import EmployeeRef
from app.schemas import NOT_BLANK, ApiInput, ApiModel, IsoDate, WholeNumber, whole_number
from app.states import WorkingRelationship

Motivation = Annotated[str, StringConstraints(max_length=4000, strip_whitespace=True)]
Score = Annotated[
    int,
    Field(ge=1, le=5, description="1 onvoldoende … 5 uitstekend"),
    BeforeValidator(whole_number),
]


class WorkRatingIn(ApiInput):
    agreement_id: uuid.UUID
    score: Score | None = None
    motivation: Motivation | None = None


class CompetencyRatingIn(ApiInput):
    code: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    score: Score | None = None
    motivation: Motivation | None = None


class KnowledgeRatingIn(ApiInput):
    score: Score | None = None
    motivation: Motivation | None = None


class DevelopmentEvaluationIn(ApiInput):
    agreement_id: uuid.UUID
    evaluation: Motivation | None = Field(
        default=None,
        description="Art. 6.4 b: how the development agreement went; no rating (R6.5 does not "
        "list it). Needed before the draft is shared (R6.8).",
    )


class CareerEvaluationIn(ApiInput):
    agreement_id: uuid.UUID
    evaluation: Motivation | None = Field(default=None, description="No rating (R6.4).")


class FinalIn(ApiInput):
    motivation: Motivation | None = Field(default=None, description="R6.8")
    override: bool = Field(
        default=False,
        description="R6.7: onvoldoende instead of the computed rating; only when a crucial "
        "competency is rated onvoldoende.",
    )
    override_motivation: Motivation | None = None


class RatingsIn(ApiInput):
    """The whole draft: what is left out is not rated yet."""

    work: Annotated[list[WorkRatingIn], Field(max_length=100)] = Field(default_factory=list)
    competencies: Annotated[list[CompetencyRatingIn], Field(max_length=9)] = Field(
        default_factory=list
    )
    knowledge: KnowledgeRatingIn | None = None
    development: Annotated[list[DevelopmentEvaluationIn], Field(max_length=100)] = Field(
        default_factory=list
    )
    career: Annotated[list[CareerEvaluationIn], Field(max_length=100)] = Field(default_factory=list)
    final: FinalIn = Field(default_factory=FinalIn)


class RatedItem(ApiModel):
    item: Literal["work", "competency", "knowledge", "development", "career"] = Field(
        description="What is appraised: work, competency and knowledge are scored; development "
        "and career agreements are evaluated in words (`motivation`), never scored."
    )
    ref: str | None = Field(description="The agreement id or competency code.")
    title: str
    weight: float | None = Field(default=None, description="Work: the weight it counts with.")
    crucial: bool = False
    criterion: str | None = Field(
        default=None,
        description="What the item is rated against: for a work agreement the main task of the "
        "function profile it comes from (R4.1 a); for the knowledge level the function "
        "profile's knowledge level (Art. 4.1 b), as when the competency set was composed; null "
        "otherwise.",
    )
    concerns: str | None = Field(
        default=None,
        description="Development: the competency code it concerns, or `knowledge`; null otherwise.",
    )
    score: int | None = None
    label: str | None = Field(default=None, description="The score's label on the scale.")
    motivation: str | None = None


class Part(ApiModel):
    score: float | None = Field(description="The part's mean, unrounded.")
    items: int


class FinalOut(ApiModel):
    computed: int | None = Field(
        description="R6.6: share·work + (1 − share)·competencies, rounded half up."
    )
    work_share_percent: int | None = Field(
        description="R6.6: the work part's share in percent, as stored when the ratings were "
        "last stored: 50 (Art. 6.6, each part 50 %); null before that."
    )
    rating: int | None = Field(description="The final rating: the computed one or the override.")
    label: str | None
    motivation: str | None
    override: bool
    override_motivation: str | None
    missing: list[str] = Field(description="Parts without a rated item (R6.6).")


class DeadlineOut(ApiModel):
    name: str
    due: date
    rule: str
    actor: Literal["manager", "employee"]
    missed: bool
    met_on: date | None


class SignatureOut(ApiModel):
    party: Literal["manager", "employee"]
    kind: Literal["agree", "seen", "signed"]
    content_version: int
    signed_by: str
    signed_on: date
    void: bool = Field(description="The ratings changed after this signature (R6.11).")


class ObjectionsOut(ApiModel):
    text: str
    submitted_on: date


class AppraisalOut(ApiModel):
    id: uuid.UUID | None = Field(description="Null while nothing is drafted yet.")
    talk_id: uuid.UUID
    cycle_id: uuid.UUID
    state: State
    rated_set_version: int = Field(description="The version of the agreement set rated (R6.4).")
    content_version: int = Field(description="Raised by every change; signatures name it.")
    items: list[RatedItem]
    work_part: Part
    competency_part: Part
    final: FinalOut
    shared_on: date | None
    signatures: list[SignatureOut]
    objections: ObjectionsOut | None
    hearing_on: date | None
    hearing_declined: bool = Field(
        default=False, description="R6.12: the hearing was offered and declined on `hearingOn`."
    )
    response: Literal["met-fully", "partly-met", "explained"] | None
    response_text: str | None
    finalised_on: date | None
    reward: str | None
    appeal_reference: str | None
    supersedes: uuid.UUID | None = Field(
        default=None,
        description="R6.12, bezwaar en beroep: the talk of the finalised appraisal this one "
        "supersedes (a formal objection or appeal against it was upheld).",
    )
    superseded_by: uuid.UUID | None = Field(
        default=None,
        description="R6.12: the talk of the appraisal that supersedes this finalised one.",
    )
    deadlines: list[DeadlineOut]
    open_suggestions: int = Field(
        description="R6.10: the employee's suggestions to ask an informant that wait for the "
        "manager's answer; the appraisal is not finalised while there are any."
    )
    next_actor: Literal["manager", "employee"] | None
    actions: list[str]


class SignatureIn(ApiInput):
    content_version: WholeNumber = Field(ge=0, description="The version signed (R6.11).")
    party: Literal["manager", "employee"] | None = Field(
        default=None, description="Who signs: must be the caller's own part."
    )
    kind: Literal["agree", "seen"] | None = Field(
        default=None, description='The employee: "agree", or "seen" (signed without agreeing).'
    )


class ObjectionsIn(ApiInput):
    text: Annotated[
        str,
        StringConstraints(min_length=1, max_length=20000, strip_whitespace=True, pattern=NOT_BLANK),
    ]


class HearingIn(ApiInput):
    held_on: IsoDate = Field(
        description="The day of the hearing, or of the employee declining it (`declined`)."
    )
    declined: StrictBool = Field(
        default=False,
        description='R6.12, Art. 6.12: the employee is given the opportunity ("in de '
        'gelegenheid gesteld") to explain the objections orally and may decline it: recorded '
        "with the day they declined, from which the 28 days to finalise run as after a hearing.",
    )


class FinalisationIn(ApiInput):
    response: Literal["met-fully", "partly-met", "explained"] | None = Field(
        default=None,
        description="After an objection hearing (R6.12): the objections are met fully (the "
        "appraisal was changed), partly met (changed, with an explanation of what was not "
        "changed and why), or explained: why it is not changed.",
    )
    explanation: Motivation | None = None


class RewardIn(ApiInput):
    description: Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class AppealIn(ApiInput):
    reference: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class AppealDecisionIn(ApiInput):
    procedure: Literal["objection", "appeal"] = Field(
        description="`objection`: the formal objection to the College (bezwaar); `appeal`: the "
        "appeal to the court (beroep)."
    )
    outcome: Literal["upheld", "partly-upheld", "rejected", "withdrawn"] = Field(
        description="Upheld in whole or part opens a superseding appraisal (R6.12)."
    )
    decided_on: IsoDate = Field(description="Not in the future, not before the finalisation.")
    reference: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NOT_BLANK)]


class AppealDecisionOut(ApiModel):
    id: uuid.UUID
    appraisal_id: uuid.UUID = Field(description="The finalised appraisal it was against.")
    procedure: Literal["objection", "appeal"]
    outcome: Literal["upheld", "partly-upheld", "rejected", "withdrawn"]
    decided_on: date
    reference: str
    superseding_talk_id: uuid.UUID | None = Field(
        description="Upheld (in part): the new appraisal talk whose appraisal supersedes the "
        "finalised one; read it at `/v1/talks/{talkId}/appraisal`."
    )
    recorded_by: str
    recorded_at: datetime


class AppealDecisionList(ApiModel):
    items: list[AppealDecisionOut]


class OutcomeOut(ApiModel):
    """What the HR information system needs, and nothing more: no motivations, no informant
    input, no objections."""

    appraisal_id: uuid.UUID
    talk_id: uuid.UUID
    cycle_id: uuid.UUID
    employee: EmployeeRef
    org_unit: str
    state: State
    probation: bool = Field(description="An appraisal of a probation cycle (R2.3, R6.2).")
    early: bool = Field(description="An early appraisal for a legal-status reason (R6.1).")
    final_rating: int | None = Field(description="Only once finalised.")
    final_label: str | None
    reward: bool = Field(description="An extra reward was granted (R6.9).")
    finalised_on: date | None
    appeal_reference: str | None = Field(description="A formal objection and appeal (R6.12).")
    supersedes: uuid.UUID | None = Field(
        description="R6.12: the appraisal this one supersedes (an objection or appeal against "
        "it was upheld); its outcome is the one that counts once this one is finalised."
    )
    superseded_by: uuid.UUID | None = Field(
        description="R6.12: the finalised appraisal that supersedes this one: use its rating."
    )


class OutcomePage(ApiModel):
    items: list[OutcomeOut]
    meta: PageMeta


class InformantIn(ApiInput):
    personnel_number: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,32}$")] | None
    ) = Field(default=None, description="An employee of the organisation (answers themselves).")
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="An external informant: name and e-mail."
    )
    email: (
        Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | None
    ) = None
    relationship: WorkingRelationship | None = Field(
        default=None,
        description="Required (R6.10, Art. 1.k: an informant has a relevant working "
        "relationship with the employee): colleague, client, chain-partner, other-manager or "
        "external.",
    )
    relationship_note: (
        Annotated[str, StringConstraints(max_length=200, pattern=NOT_BLANK)] | None
    ) = Field(
        default=None,
        description="Required with it (R6.10): the relationship in a few words, e.g. "
        "'werkt in hetzelfde team'.",
    )


class InformantRequestIn(ApiInput):
    informant: InformantIn
    question: Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class InformantRequestOut(ApiModel):
    id: uuid.UUID
    talk_id: uuid.UUID
    informant: str = Field(description="Who: the employee's name, or the external name.")
    external: bool
    relationship: WorkingRelationship | None = Field(
        description="Art. 1.k: the informant's working relationship with the employee (null for "
        "a request made before it was recorded)."
    )
    relationship_note: str | None
    question: str
    requested_by: str
    answer: str | None
    received_on: date | None
    recorded_on_behalf: bool = Field(
        description="An external informant's input, recorded by the manager (R6.10)."
    )
    suggestion_id: uuid.UUID | None


class InformantRequestPage(ApiModel):
    items: list[InformantRequestOut]
    meta: PageMeta


class InformantResponseIn(ApiInput):
    answer: Annotated[str, StringConstraints(min_length=1, max_length=20000)]
    received_on: IsoDate | None = Field(
        default=None, description="External informants: when the manager received the input."
    )


class InformantSuggestionIn(ApiInput):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class InformantSuggestionOut(ApiModel):
    id: uuid.UUID
    talk_id: uuid.UUID
    name: str
    reason: str
    suggested_by: str
    status: Literal["open", "asked", "declined"]
    answer_reason: str | None
    request_id: uuid.UUID | None = None


class InformantSuggestionPage(ApiModel):
    items: list[InformantSuggestionOut]
    meta: PageMeta


class InformantSuggestionAnswerIn(ApiInput):
    decision: Literal["ask", "decline"]
    reason: Annotated[str, StringConstraints(max_length=4000)] | None = None
    informant: InformantIn | None = None
    question: Annotated[str, StringConstraints(max_length=4000)] | None = None


# --- the personal development plan (issue 18, toelichting Art. 4) ---------------------------


class PlanAgreementOut(ApiModel):
    agreement_id: uuid.UUID
    number: int = Field(description="The agreement's number in its cycle.")
    description: str
    evaluation: str | None = Field(
        description="The evaluation in the cycle's latest shared appraisal (Art. 6.4 b); null "
        "before it is shared, or when it did not evaluate this agreement."
    )


class PlanDevelopmentOut(PlanAgreementOut):
    concerns: str | None = Field(description="The competency code, or `knowledge`.")
    concerns_name: str | None = Field(
        description="The competency's name, or the knowledge level of the function profile."
    )
    method: Method | None
    method_detail: str | None
    due_date: date | None


class PlanCareerOut(PlanAgreementOut):
    career_type: CareerType | None


class PlanAppraisalOut(ApiModel):
    talk_id: uuid.UUID
    state: State
    held_on: date | None
    finalised_on: date | None


class PersonalDevelopmentPlanOut(ApiModel):
    """The personal development plan (POP, art. 17:4 AGM), made of the cycle's development
    and career agreements (toelichting Art. 4)."""

    cycle_id: uuid.UUID
    personnel_number: str
    employee_name: str
    function_title: str
    cycle_start: date
    cycle_end: date
    carried_over_from: uuid.UUID | None = Field(
        description="A bridging cycle: the probation cycle whose agreements it carries (T2.1)."
    )
    set_version: int | None = Field(
        description="The agreement set's version last agreed; null while nothing is agreed "
        "(the lists are then empty)."
    )
    development: list[PlanDevelopmentOut]
    career: list[PlanCareerOut]
    conditions: list[PlanAgreementOut] = Field(
        description="The conditions (R4.3); never evaluated."
    )
    appraisal: PlanAppraisalOut | None = Field(
        description="The appraisal whose evaluations are shown: the cycle's latest one that is "
        "shared or later; null before."
    )

    @classmethod
    def of(cls, plan: Any) -> PersonalDevelopmentPlanOut:
        def common(a: Any) -> dict[str, Any]:
            return {
                "agreement_id": a.agreement_id,
                "number": a.number,
                "description": a.description,
                "evaluation": a.evaluation,
            }

        return cls(
            cycle_id=plan.cycle_id,
            personnel_number=plan.personnel_number,
            employee_name=plan.employee_name,
            function_title=plan.function_title,
            cycle_start=plan.cycle_start,
            cycle_end=plan.cycle_end,
            carried_over_from=plan.carried_over_from,
            set_version=plan.set_version,
            development=[
                PlanDevelopmentOut(
                    **common(a),
                    concerns=a.concerns,
                    concerns_name=a.concerns_name,
                    method=a.method,
                    method_detail=a.method_detail,
                    due_date=a.due_date,
                )
                for a in plan.development
            ],
            career=[PlanCareerOut(**common(a), career_type=a.career_type) for a in plan.career],
            conditions=[PlanAgreementOut(**common(a)) for a in plan.conditions],
            appraisal=None
            if plan.appraisal is None
            else PlanAppraisalOut(
                talk_id=plan.appraisal.talk_id,
                state=plan.appraisal.state,
                held_on=plan.appraisal.held_on,
                finalised_on=plan.appraisal.finalised_on,
            ),
        )
