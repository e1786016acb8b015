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
    """The rating of one work agreement: how far its result was realised (R6.4 a, R6.5)."""

    agreement_id: uuid.UUID
    """The id of an active work agreement of the rated version of the agreement set (R6.4)."""
    score: Score | None = None
    """The score on the five-point scale (R6.5), a JSON integer: 1 onvoldoende, 2 enigszins
    onvoldoende, 3 normaal, 4 goed, 5 uitstekend; null: not rated yet."""
    motivation: Motivation | None = None
    """Why this score, concretely (at most 4,000 characters); needed before the draft is
    shared (R6.8)."""


class CompetencyRatingIn(ApiInput):
    """The rating of one competency of the employee's competency set (R6.4 b, R6.5)."""

    code: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    """The competency's code, one of the competency set rated, e.g. `samenwerken`."""
    score: Score | None = None
    """The score on the five-point scale (R6.5), a JSON integer: 1 onvoldoende … 5
    uitstekend; null: not rated yet."""
    motivation: Motivation | None = None
    """Why this score, concretely (at most 4,000 characters); needed before the draft is
    shared (R6.8)."""


class KnowledgeRatingIn(ApiInput):
    """The rating of the knowledge level (kennisniveau) against what the function profile asks
    (R6.4 b, R6.5, Art. 4.1 b)."""

    score: Score | None = None
    """The score on the five-point scale (R6.5), a JSON integer: 1 onvoldoende … 5
    uitstekend; null: not rated yet."""
    motivation: Motivation | None = None
    """Why this score, concretely (at most 4,000 characters); needed before the draft is
    shared (R6.8)."""


class DevelopmentEvaluationIn(ApiInput):
    """The evaluation in words of one development agreement (Art. 6.4 b); no score."""

    agreement_id: uuid.UUID
    """The id of an active development agreement of the rated version of the set."""
    evaluation: Motivation | None = Field(
        default=None,
        description="Art. 6.4 b: how the development agreement went (at most 4,000 "
        "characters); no rating (R6.5 does not list it). Needed before the draft is shared "
        "(R6.8).",
    )


class CareerEvaluationIn(ApiInput):
    """The evaluation in words of one career agreement: discussed, never counted in the rating
    (R6.4)."""

    agreement_id: uuid.UUID
    """The id of an active career agreement of the rated version of the set."""
    evaluation: Motivation | None = Field(
        default=None,
        description="How the career agreement went (at most 4,000 characters); no rating "
        "(R6.4). Needed before the draft is shared (R6.8).",
    )


class FinalIn(ApiInput):
    """The final rating's motivation, and the manager's override (R6.6–R6.8). The rating
    itself is computed."""

    motivation: Motivation | None = Field(
        default=None,
        description="Why this final rating, concretely (at most 4,000 characters); needed "
        "before the draft is shared (R6.8). Sent with every `PUT`: left out, it is removed.",
    )
    override: bool = Field(
        default=False,
        description="R6.7: the final rating onvoldoende (1) instead of the computed rating; "
        "only when a crucial competency is rated onvoldoende.",
    )
    override_motivation: Motivation | None = None
    """Why the override (at most 4,000 characters); required with `override` (R6.7)."""


class RatingsIn(ApiInput):
    """The whole draft appraisal (conceptbeoordeling), sent whole every time: what is left out
    is not rated (a stored rating is removed). The manager rates each work agreement, each
    competency and the knowledge level, and evaluates the development and career agreements
    (R6.4–R6.8)."""

    work: Annotated[list[WorkRatingIn], Field(max_length=100)] = Field(
        default_factory=list,
        description="The ratings of the work agreements (R6.4 a), each agreement at most once.",
    )
    competencies: Annotated[list[CompetencyRatingIn], Field(max_length=9)] = Field(
        default_factory=list,
        description="The ratings of the competencies of the set (R6.4 b), each at most once.",
    )
    knowledge: KnowledgeRatingIn | None = None
    """The rating of the knowledge level (R6.4 b); null or absent: not rated."""
    development: Annotated[list[DevelopmentEvaluationIn], Field(max_length=100)] = Field(
        default_factory=list,
        description="The evaluations of the development agreements (Art. 6.4 b), each at most "
        "once.",
    )
    career: Annotated[list[CareerEvaluationIn], Field(max_length=100)] = Field(
        default_factory=list,
        description="The evaluations of the career agreements (R6.4), each at most once.",
    )
    final: FinalIn = Field(
        default_factory=FinalIn,
        description="The final rating's motivation and the override (R6.6–R6.8).",
    )


class RatedItem(ApiModel):
    """One item of the appraisal: a work agreement, competency or the knowledge level with its
    score, or a development or career agreement with its evaluation."""

    item: Literal["work", "competency", "knowledge", "development", "career"] = Field(
        description="What is appraised: work, competency and knowledge are scored; development "
        "and career agreements are evaluated in words (`motivation`), never scored."
    )
    ref: str | None = Field(
        description="The agreement's id (work, development, career) or the competency's code; "
        "null for the knowledge level."
    )
    title: str
    """What is rated, as people read it: the agreement's description, the competency's name,
    or the knowledge level."""
    weight: float | None = Field(
        default=None,
        description="Work: the weight it counts with in part (a), in percent (the custom weight "
        "or the equal share, R4.2); null for other items.",
    )
    crucial: bool = False
    """Competency: marked crucial for the function (R6.7)."""
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
    """The score, 1–5 (R6.5); null when not rated yet, and always for development and career
    agreements."""
    label: str | None = Field(
        default=None,
        description="The score's Dutch label on the scale (`onvoldoende`, `enigszins "
        "onvoldoende`, `normaal`, `goed`, `uitstekend`); null without a score.",
    )
    motivation: str | None = None
    """The motivation of the score (R6.8), or the evaluation of a development or career
    agreement; null when not given yet."""


class Part(ApiModel):
    """One of the two parts of the final rating (R6.6): (a) the work agreements, (b) the
    competencies and the knowledge level."""

    score: float | None = Field(
        description="The part's mean, unrounded: (a) weighted by the work agreements' weights, "
        "(b) plain; null while no item of the part is rated."
    )
    items: int
    """How many items of the part are rated."""


class FinalOut(ApiModel):
    """The final rating (eindkwalificatie): computed from the two parts (R6.6), or the
    manager's override (R6.7), with its motivation (R6.8)."""

    computed: int | None = Field(
        description="R6.6: share·work + (1 − share)·competencies, rounded half up to a score "
        "1–5 (3.5 → 4); null while a part has no rated item (see `missing`)."
    )
    work_share_percent: int | None = Field(
        description="R6.6: the work part's share in percent, as stored when the ratings were "
        "last stored: 50 (Art. 6.6, each part 50 %); null before that."
    )
    rating: int | None = Field(
        description="The final rating, 1–5: the computed one, or 1 with the override; null "
        "while not computed."
    )
    label: str | None
    """The final rating's Dutch label (e.g. `goed`); null without a rating."""
    motivation: str | None
    """Why this final rating (R6.8); null when not given yet."""
    override: bool
    """The manager gave onvoldoende instead of the computed rating (R6.7)."""
    override_motivation: str | None
    """Why the override (R6.7); null without one."""
    missing: list[str] = Field(
        description="The parts without a rated item (R6.6): `work`, `competencies`; empty when "
        "the rating can be computed."
    )


class DeadlineOut(ApiModel):
    """A date of the appraisal procedure (Article 6): who must act by when, and whether they
    did. A missed deadline of the manager is flagged, never a reason to refuse."""

    name: str
    """`talk-not-before` (the earliest day of the talk, 7 days after sharing, R6.3),
    `objections-until` (the last day for objections, 14 days after the talk, R6.11),
    `hearing-by` (14 days after the objections, R6.12) or `finalise-by` (28 days after the
    hearing, R6.12)."""
    due: date
    """The date (YYYY-MM-DD, Europe/Amsterdam)."""
    rule: str
    """The rule that sets it: `R6.3`, `R6.11` or `R6.12`."""
    actor: Literal["manager", "employee"]
    """Who must act: the manager or the employee."""
    missed: bool
    """The date passed without the act, or the act came after it (`hearing-by`,
    `finalise-by`); never for the other two."""
    met_on: date | None
    """The day it was done (the talk held, the objections submitted, the hearing, the
    finalisation); null until then."""


class SignatureOut(ApiModel):
    """A signature of the appraisal (R6.11), at one content version."""

    party: Literal["manager", "employee"]
    """Who signed: the manager (or coordinator) or the employee."""
    kind: Literal["agree", "seen", "signed"]
    """`signed` (the manager), or the employee's `agree` (in agreement) or `seen` (signed as
    seen, voor gezien: without agreeing, R6.11)."""
    content_version: int
    """The version of the appraisal signed (`contentVersion`)."""
    signed_by: str
    """The personnel number of who signed."""
    signed_on: date
    """The day it was signed (YYYY-MM-DD)."""
    void: bool = Field(description="The ratings changed after this signature (R6.11).")


class ObjectionsOut(ApiModel):
    """The employee's written objections (bedenkingen) to the appraisal (R6.11)."""

    text: str
    """The objections as written."""
    submitted_on: date
    """The day they were submitted (YYYY-MM-DD): the hearing is due within 14 days (R6.12)."""


class AppraisalOut(ApiModel):
    """The appraisal (beoordeling) of an appraisal talk: the draft, the ratings and the final
    rating, the signatures, objections, hearing and finalisation (Article 6), with the
    procedure's deadlines and what the caller may do now. The employee sees it only once the
    draft is shared (R6.3)."""

    id: uuid.UUID | None = Field(description="Null while nothing is drafted yet.")
    talk_id: uuid.UUID
    """The appraisal talk it belongs to."""
    cycle_id: uuid.UUID
    """The cycle of that talk."""
    state: State
    """Where the procedure stands (`draft` also before anything is stored)."""
    rated_set_version: int = Field(
        description="The version of the agreement set rated: the highest version agreed in a "
        "held planning or progress talk (R6.4); fixed once the draft is shared."
    )
    content_version: int = Field(
        description="0 before the first ratings, then one up with every `PUT` of the ratings; "
        "signatures name it (R6.11)."
    )
    items: list[RatedItem]
    """What is appraised, in order: work agreements, competencies, the knowledge level,
    development and career agreements."""
    work_part: Part
    """Part (a): the work agreements (R6.6)."""
    competency_part: Part
    """Part (b): the competencies and the knowledge level (R6.6)."""
    final: FinalOut
    """The final rating."""
    shared_on: date | None
    """The day the draft was shared with the employee, or last changed while shared (R6.3);
    null before. The talk is held no earlier than 7 days later."""
    signatures: list[SignatureOut]
    """Every signature given (R6.11); only those of the current `contentVersion` count."""
    objections: ObjectionsOut | None
    """The employee's objections (R6.11); null when none."""
    hearing_on: date | None
    """The day of the objection hearing (bedenkingengesprek), or of the employee declining it
    (R6.12); null before."""
    hearing_declined: bool = Field(
        default=False, description="R6.12: the hearing was offered and declined on `hearingOn`."
    )
    response: Literal["met-fully", "partly-met", "explained"] | None
    """The manager's answer to the objections at finalisation (R6.12): `met-fully` (changed to
    meet them), `partly-met` (changed in part, the rest explained) or `explained` (unchanged,
    with an explanation); null otherwise."""
    response_text: str | None
    """The manager's written explanation with the answer; null when none."""
    finalised_on: date | None
    """The day the appraisal was finalised (vastgesteld, R6.11, R6.12); null before. From then
    on it does not change."""
    reward: str | None
    """The extra reward granted after a final rating goed or uitstekend (R6.9); null when
    none."""
    appeal_reference: str | None
    """The reference of a formal objection and appeal (bezwaar en beroep) against the finalised
    appraisal, recorded by HR (R6.12); null when none."""
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
    """The procedure's dates so far."""
    open_suggestions: int = Field(
        description="R6.10: the employee's suggestions to ask an informant that wait for the "
        "manager's answer; the appraisal is not finalised while there are any."
    )
    next_actor: Literal["manager", "employee"] | None
    """Who must act next; null once finalised."""
    actions: list[str]
    """What the caller may do now: `rate`, `share-draft`, `sign`, `object`, `record-hearing`,
    `finalise`, `record-reward`, `record-appeal-reference`. What is not listed is refused
    (hardship decisions aside)."""


class SignatureIn(ApiInput):
    """A signature of the appraisal after the talk (R6.11), for the caller themself."""

    content_version: WholeNumber = Field(
        ge=0,
        description="The version signed: the appraisal's current `contentVersion`, as read "
        "(R6.11).",
    )
    party: Literal["manager", "employee"] | None = Field(
        default=None, description="Who signs; optional, and when given the caller's own part."
    )
    kind: Literal["agree", "seen"] | None = Field(
        default=None,
        description='The employee: "agree", or "seen" (signed as seen, without agreeing; they '
        "may still object within 14 days); required for the employee, absent for the manager.",
    )


class ObjectionsIn(ApiInput):
    """The employee's written objections (bedenkingen) to the appraisal, within 14 days after
    the talk (R6.11)."""

    text: Annotated[
        str,
        StringConstraints(min_length=1, max_length=20000, strip_whitespace=True, pattern=NOT_BLANK),
    ]
    """The objections (1–20,000 characters)."""


class HearingIn(ApiInput):
    """The objection hearing (bedenkingengesprek, R6.12): held, or declined by the employee."""

    held_on: IsoDate = Field(
        description="The day of the hearing, or of the employee declining it (`declined`) "
        "(YYYY-MM-DD): not after today, not before the objections."
    )
    declined: StrictBool = Field(
        default=False,
        description='R6.12, Art. 6.12: the employee is given the opportunity ("in de '
        'gelegenheid gesteld") to explain the objections orally and may decline it: recorded '
        "with the day they declined, from which the 28 days to finalise run as after a hearing.",
    )


class FinalisationIn(ApiInput):
    """The manager finalises (vaststellen) the appraisal (R6.11, R6.12). Empty (`{}`) without
    objections; after a hearing with the answer to them."""

    response: Literal["met-fully", "partly-met", "explained"] | None = Field(
        default=None,
        description="After an objection hearing (R6.12): the objections are met fully (the "
        "appraisal was changed), partly met (changed, with an explanation of what was not "
        "changed and why), or explained: why it is not changed.",
    )
    explanation: Motivation | None = None
    """The written explanation (at most 4,000 characters); required with `partly-met` and
    `explained` (R6.12)."""


class RewardIn(ApiInput):
    """An extra reward (Regeling Flexibel Belonen) after a final rating goed or uitstekend
    (R6.9), recorded once."""

    description: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    """What the reward is, e.g. `Eenmalige uitkering` (1–4,000 characters)."""


class AppealIn(ApiInput):
    """The reference of a formal objection and appeal (bezwaar en beroep) against the
    finalised appraisal, recorded once by HR (R6.12)."""

    reference: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """The procedure's reference, e.g. `BZ-2027-014` (1–200 characters)."""


class AppealDecisionIn(ApiInput):
    """The outcome of a formal objection or appeal against a finalised appraisal (R6.12),
    recorded by HR."""

    procedure: Literal["objection", "appeal"] = Field(
        description="`objection`: the formal objection to the College (bezwaar); `appeal`: the "
        "appeal to the court (beroep). Each is recorded once per appraisal."
    )
    outcome: Literal["upheld", "partly-upheld", "rejected", "withdrawn"] = Field(
        description="Upheld in whole or part opens a superseding appraisal (R6.12)."
    )
    decided_on: IsoDate = Field(
        description="The day of the decision (YYYY-MM-DD): not in the future, not before the "
        "finalisation."
    )
    reference: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NOT_BLANK)]
    """The decision's reference (1–200 characters)."""


class AppealDecisionOut(ApiModel):
    """A recorded outcome of a formal objection or appeal against a finalised appraisal
    (R6.12)."""

    id: uuid.UUID
    """The record's id."""
    appraisal_id: uuid.UUID = Field(description="The finalised appraisal it was against.")
    procedure: Literal["objection", "appeal"]
    """`objection` (bezwaar, to the College) or `appeal` (beroep, to the court)."""
    outcome: Literal["upheld", "partly-upheld", "rejected", "withdrawn"]
    """How it ended: `upheld`, `partly-upheld`, `rejected` or `withdrawn`."""
    decided_on: date
    """The day of the decision."""
    reference: str
    """The decision's reference."""
    superseding_talk_id: uuid.UUID | None = Field(
        description="Upheld (in part): the new appraisal talk whose appraisal supersedes the "
        "finalised one; read it at `/v1/talks/{talkId}/appraisal`. Null otherwise."
    )
    recorded_by: str
    """The personnel number of the HR officer who recorded it."""
    recorded_at: datetime
    """When it was recorded (RFC 3339 date and time, UTC)."""


class AppealDecisionList(ApiModel):
    """The recorded outcomes of formal objections and appeals against an appraisal."""

    items: list[AppealDecisionOut]
    """The outcomes (at most one per procedure)."""


class OutcomeOut(ApiModel):
    """An appraisal's outcome for the HR information system (pay, rewards, probation
    decisions): no motivations, item scores, informants' input or objections."""

    appraisal_id: uuid.UUID
    """The appraisal's id."""
    talk_id: uuid.UUID
    """Its appraisal talk."""
    cycle_id: uuid.UUID
    """Its cycle."""
    employee: EmployeeRef
    """The employee appraised."""
    org_unit: str
    """The key of the employee's org unit."""
    state: State
    """Where the appraisal procedure stands."""
    probation: bool = Field(description="An appraisal of a probation cycle (R2.3, R6.2).")
    early: bool = Field(description="An early appraisal for a legal-status reason (R6.1).")
    final_rating: int | None = Field(
        description="The final rating, 1–5 (R6.6, R6.7); only once finalised, null before."
    )
    final_label: str | None
    """The final rating's Dutch label (e.g. `goed`); only once finalised."""
    reward: bool = Field(
        description="An extra reward was granted (R6.9); what it is, is not shown here."
    )
    finalised_on: date | None
    """The day it was finalised; null before."""
    appeal_reference: str | None = Field(
        description="The reference of a formal objection and appeal against it (R6.12); null "
        "when none."
    )
    supersedes: uuid.UUID | None = Field(
        description="R6.12: the appraisal this one supersedes (an objection or appeal against "
        "it was upheld); its outcome is the one that counts once this one is finalised."
    )
    superseded_by: uuid.UUID | None = Field(
        description="R6.12: the finalised appraisal that supersedes this one: use its rating."
    )


class OutcomePage(ApiModel):
    """A page of appraisal outcomes."""

    items: list[OutcomeOut]
    """The outcomes on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class InformantIn(ApiInput):
    """Who is asked for input (R6.10): a colleague by personnel number, or an external
    informant by name and e-mail; always with the working relationship (Art. 1.k)."""

    personnel_number: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,32}$")] | None
    ) = Field(
        default=None,
        description="An employee of the organisation (answers themselves), not the appraised "
        "employee; then no `name` or `email`.",
    )
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None,
        description="An external informant's name (1–200 characters), with `email`.",
    )
    email: (
        Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | None
    ) = None
    """An external informant's e-mail address, with `name`."""
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
    """The manager asks an informant for input on the appraisal (R6.10)."""

    informant: InformantIn
    """Who is asked."""
    question: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    """What the informant is asked (1–4,000 characters)."""


class InformantRequestOut(ApiModel):
    """A request to an informant for input on the appraisal, and the answer (R6.10). The
    employee sees it once the draft is shared."""

    id: uuid.UUID
    """The request's id."""
    talk_id: uuid.UUID
    """The appraisal talk it is for."""
    informant: str = Field(description="Who: the employee's name, or the external name.")
    external: bool
    """An external informant (no account: the manager records the input)."""
    relationship: WorkingRelationship | None = Field(
        description="Art. 1.k: the informant's working relationship with the employee (null for "
        "a request made before it was recorded)."
    )
    relationship_note: str | None
    """The relationship in a few words (null for a request made before it was recorded)."""
    question: str
    """What the informant was asked."""
    requested_by: str
    """The personnel number of the manager (or coordinator) who asked."""
    answer: str | None
    """The informant's input; null until answered."""
    received_on: date | None
    """The day the input was received (YYYY-MM-DD); null until answered."""
    recorded_on_behalf: bool = Field(
        description="An external informant's input, recorded by the manager (R6.10)."
    )
    suggestion_id: uuid.UUID | None
    """The employee's suggestion this request answers; null when the manager asked on their
    own."""


class InformantRequestPage(ApiModel):
    """A page of informant requests."""

    items: list[InformantRequestOut]
    """The requests on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class InformantResponseIn(ApiInput):
    """An informant's input (R6.10), given once: by the informant with their own login, or by
    the manager for an external informant."""

    answer: Annotated[str, StringConstraints(min_length=1, max_length=20000)]
    """The input (1–20,000 characters)."""
    received_on: IsoDate | None = Field(
        default=None,
        description="External informants: the day the manager received the input "
        "(YYYY-MM-DD, not in the future); required then. An informant answering themselves "
        "sends none (today is recorded).",
    )


class InformantSuggestionIn(ApiInput):
    """The employee asks the manager to ask someone for input (R6.10)."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """Who the employee suggests (1–200 characters)."""
    reason: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    """Why (1–4,000 characters)."""


class InformantSuggestionOut(ApiModel):
    """The employee's suggestion to ask an informant, and the manager's answer (R6.10)."""

    id: uuid.UUID
    """The suggestion's id."""
    talk_id: uuid.UUID
    """The appraisal talk it is for."""
    name: str
    """Who the employee suggested."""
    reason: str
    """Why."""
    suggested_by: str
    """The personnel number of the employee who suggested it."""
    status: Literal["open", "asked", "declined"]
    """`open` until the manager answers; `asked` (a request was made, `requestId`) or
    `declined` (with `answerReason`)."""
    answer_reason: str | None
    """The manager's reason for declining; null otherwise."""
    request_id: uuid.UUID | None = None
    """The informant request made for it; null unless asked."""


class InformantSuggestionPage(ApiModel):
    """A page of informant suggestions."""

    items: list[InformantSuggestionOut]
    """The suggestions on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class InformantSuggestionAnswerIn(ApiInput):
    """The manager's answer to the employee's suggestion of an informant (R6.10), given once:
    ask them, or decline with a reason."""

    decision: Literal["ask", "decline"]
    """`ask`: make the request (with `informant` and `question`); `decline`: refuse it (with
    `reason`)."""
    reason: Annotated[str, StringConstraints(max_length=4000)] | None = None
    """Why the suggestion is declined (at most 4,000 characters); required to decline
    (R6.10)."""
    informant: InformantIn | None = None
    """Who is asked; required to ask."""
    question: Annotated[str, StringConstraints(max_length=4000)] | None = None
    """What the informant is asked (at most 4,000 characters); required to ask."""


# --- the personal development plan (issue 18, toelichting Art. 4) ---------------------------


class PlanAgreementOut(ApiModel):
    """An agreement in the personal development plan, with its evaluation."""

    agreement_id: uuid.UUID
    """The agreement's id."""
    number: int = Field(description="The agreement's number in its cycle.")
    description: str
    """What is agreed."""
    evaluation: str | None = Field(
        description="The evaluation in the cycle's latest shared appraisal (Art. 6.4 b); null "
        "before it is shared, or when it did not evaluate this agreement."
    )


class PlanDevelopmentOut(PlanAgreementOut):
    """A development agreement in the personal development plan."""

    concerns: str | None = Field(description="The competency code, or `knowledge`.")
    concerns_name: str | None = Field(
        description="The competency's name, or the knowledge level of the function profile."
    )
    method: Method | None
    """How it is worked on."""
    method_detail: str | None
    """More about the method; null when none."""
    due_date: date | None
    """By when (YYYY-MM-DD)."""


class PlanCareerOut(PlanAgreementOut):
    """A career or life-phase agreement in the personal development plan (T4.1)."""

    career_type: CareerType | None
    """What it is about."""


class PlanAppraisalOut(ApiModel):
    """The appraisal whose evaluations the personal development plan shows."""

    talk_id: uuid.UUID
    """Its appraisal talk."""
    state: State
    """Where its procedure stands (shared or later)."""
    held_on: date | None
    """The day its talk was held; null before."""
    finalised_on: date | None
    """The day it was finalised; null before."""


class PersonalDevelopmentPlanOut(ApiModel):
    """The personal development plan (persoonlijk ontwikkelingsplan, POP; art. 17:4 AGM) of
    a cycle: its development and career agreements and conditions as last agreed, which
    together are the plan (toelichting Art. 4, T4.1), with their evaluations once an appraisal
    is shared. Work agreements are not part of it."""

    cycle_id: uuid.UUID
    """The cycle asked for."""
    personnel_number: str
    """The employee's personnel number."""
    employee_name: str
    """The employee's name."""
    function_title: str
    """The title of the function profile the cycle started with."""
    cycle_start: date
    """The cycle's first day."""
    cycle_end: date
    """The cycle's last day."""
    carried_over_from: uuid.UUID | None = Field(
        description="A bridging cycle: the probation cycle whose agreements it carries (T2.1)."
    )
    set_version: int | None = Field(
        description="The agreement set's version last agreed; null while nothing is agreed "
        "(the lists are then empty)."
    )
    development: list[PlanDevelopmentOut]
    """The development agreements (R4.1 b)."""
    career: list[PlanCareerOut]
    """The career and life-phase agreements (R4.1 c, T4.1)."""
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
