"""Request and response bodies of cycles, talks, requests, decisions, periods and the clock."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, StringConstraints, UrlConstraints

from app.cycles.schedule import CycleKind, TalkKind
from app.pagination import PageMeta
from app.people.schemas import EmployeeRef
from app.schemas import NOT_BLANK, ApiInput, ApiModel, IsoDate, IsoDateTime
from app.states import CycleStatus, TalkStatus

Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4000, strip_whitespace=True, pattern=NOT_BLANK),
]
Short = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=NOT_BLANK),
]
RuleId = Annotated[str, StringConstraints(pattern=r"^[RT][0-9]{1,2}\.[0-9]{1,2}$")]


class TalkOrigin(StrEnum):
    """Why a talk is in the cycle: `cycle` (required by the cycle's plan, Article 2),
    `extra` (added by the manager, R2.5), `early` (an early appraisal for a legal-status
    reason, R6.1), `requested` (asked for by the employee and scheduled by the manager, R2.5)
    or `appeal` (the appraisal talk of a superseding appraisal, after a formal objection or
    appeal against the finalised one was upheld, R6.12)."""

    cycle = "cycle"
    extra = "extra"
    early = "early"
    requested = "requested"
    appeal = "appeal"


class ExtraKind(StrEnum):
    """The kind of an extra or requested talk (R2.5): a `progress` talk (voortgangsgesprek)
    or an `appraisal` talk (beoordelingsgesprek). An extra planning talk does not exist."""

    progress = "progress"
    appraisal = "appraisal"


class Consent(ApiModel):
    """A consent to another attendee of a talk (R2.8): who gave it and when."""

    by: str
    """The personnel number of who consented (the manager or coordinator, or the employee)."""
    at: datetime
    """When they consented (RFC 3339 date and time, UTC)."""


class AttendeeOut(ApiModel):
    """Another person at a talk besides the manager and the employee (e.g. an HR adviser): it
    needs the consent of both (R2.8)."""

    id: uuid.UUID
    """The attendee's id: name it in `attendeeIds` when recording the talk held, and in the
    path of a consent."""
    name: str
    """The attendee's name."""
    role: str
    """The attendee's role at the talk, e.g. HR adviser, works-council member, interpreter."""
    proposed_by: Literal["manager", "employee"]
    """Who proposed the attendee: `manager` (or the delegated coordinator) or `employee`. The
    proposer's consent is recorded with the proposal."""
    manager_consent: Consent | None
    """The manager's (or coordinator's) consent; null until given."""
    employee_consent: Consent | None
    """The employee's consent; null until given."""
    admitted: bool = Field(
        description="Both manager and employee consented (R2.8): only then may the attendee be "
        "listed as present when the talk is recorded held."
    )


class TalkOut(ApiModel):
    """A talk of a cycle: a planning talk (planningsgesprek), progress talk
    (voortgangsgesprek) or appraisal talk (beoordelingsgesprek), with its due date, its
    appointment and whether it was held."""

    id: uuid.UUID
    """The talk's id."""
    cycle_id: uuid.UUID
    """The id of the cycle the talk belongs to."""
    kind: TalkKind
    """The kind of talk: planning, progress or appraisal."""
    sequence: int = Field(description="1, 2 … among the talks of this kind in the cycle.")
    origin: TalkOrigin
    """Why the talk is in the cycle: required by the plan, extra, early, requested or after an
    upheld appeal."""
    reason: str | None
    """Why an extra, early, requested or appeal talk was added; null for a talk the cycle's plan
    requires."""
    due_date: date
    """The day the talk is due (YYYY-MM-DD, Europe/Amsterdam): held after it, it is late but
    still recorded. The rule that set it is in `dueRule`."""
    window_start: date | None = Field(
        description="Progress talks: the first day of their window, at 25 % of the cycle "
        "(R5.1); the talk is due from this day to `dueDate`. Null for other talks."
    )
    due_rule: str = Field(
        description="The id of the rule that set the due date: `R4.1`, `R2.2`, `R2.7` or "
        "`R2.4` (planning), `R5.1` (progress), `R6.1`, `R6.2` or `T2.1` (appraisal), `R2.5` (an "
        "extra or requested talk)."
    )
    status: TalkStatus
    """Where the talk stands: open, scheduled, held or cancelled."""
    overdue: bool = Field(
        description="Not held (open or scheduled) and past its due date, and the employee has "
        "not left: flagged, never a reason to refuse recording it."
    )
    starts_at: datetime | None
    """The appointment's start (RFC 3339 date and time); null until scheduled (R2.6)."""
    ends_at: datetime | None
    """The appointment's end; null when not given."""
    location: str | None
    """Where the talk takes place, e.g. a room; null when not given (then `videoUrl` is)."""
    video_url: str | None
    """The https link to the video meeting; null when not given (then `location` is)."""
    held_on: date | None
    """The day the talk was held (YYYY-MM-DD); null until recorded held."""
    cancelled_reason: str | None
    """Why the talk was cancelled: "the employee left", "no longer required by the cycle's
    plan" or "the cycle was replaced by a new plan"; null unless cancelled."""
    attendees: list[AttendeeOut]
    """Others proposed to attend the talk besides manager and employee (R2.8)."""
    actions: list[str] = Field(
        description="What the caller may do with this talk now: `schedule`, `reschedule`, "
        "`mark-held`, `propose-attendee`, `consent-to-attendee`. What is not listed is "
        "refused."
    )


class TalkRequestOut(ApiModel):
    """The employee's request for an extra talk (R2.5), and the manager's answer."""

    id: uuid.UUID
    """The request's id."""
    cycle_id: uuid.UUID
    """The id of the cycle the talk is asked in."""
    kind: ExtraKind
    """The kind of talk asked for: progress or appraisal."""
    reason: str
    """Why the employee asks for it (T2.5: positive or negative)."""
    requested_by: str
    """The personnel number of the employee who asked."""
    requested_at: datetime
    """When it was asked (RFC 3339 date and time, UTC)."""
    status: Literal["open", "scheduled", "declined"]
    """`open` until the manager answers; `scheduled` (a talk was added, see `talkId`) or
    `declined` (with a reason, R2.5)."""
    answer_reason: str | None
    """The manager's reason with the answer (required to decline); null when none."""
    answered_by: str | None
    """The personnel number of who answered; null while open."""
    answered_at: datetime | None
    """When it was answered; null while open."""
    talk_id: uuid.UUID | None
    """The talk scheduled for it (`origin: requested`); null unless scheduled."""


class HardshipOut(ApiModel):
    """A hardship decision (hardheidsclausule, R7): a decision of the Board (the College) that
    sets one rule check aside for a cycle or one of its talks, recorded by HR."""

    id: uuid.UUID
    """The decision's id."""
    reference: str
    """The reference of the Board's decision."""
    reason: str
    """Why the rule is set aside."""
    rule: str
    """The id of the rule it sets aside: `R2.1`, `R4.1`, `R6.3` or `R6.11`."""
    employee: EmployeeRef
    """The employee whose cycle it is."""
    cycle_id: uuid.UUID
    """The cycle it applies to."""
    talk_id: uuid.UUID | None
    """The one talk it applies to; null: the whole cycle."""
    recorded_by: str
    """The personnel number of the HR officer who recorded it."""
    recorded_at: datetime
    """When it was recorded (RFC 3339 date and time, UTC)."""


class CycleOut(ApiModel):
    """A cycle (gesprekscyclus) of one employee: a span of time with its planning, progress
    and appraisal talks (Article 2), computed by the service from the employee's data and the
    org-wide periods (T2.1)."""

    id: uuid.UUID
    """The cycle's id."""
    employee: EmployeeRef
    """The employee whose cycle it is."""
    org_unit_key: str
    """The key of the employee's org unit today."""
    kind: CycleKind
    """What kind of cycle, which decides its length and talks."""
    rule: str = Field(description="The rule that made this cycle, e.g. `T2.1` or `R2.3`.")
    start_date: date
    """The cycle's first day (YYYY-MM-DD)."""
    end_date: date
    """The cycle's last day (YYYY-MM-DD, included)."""
    end_reason: Literal["leaving", "placement"] | None
    """Why the cycle was cut short: `leaving` (it ends on the leaving date, R2.1) or
    `placement` (placement in the function scale ended the entry-scale cycle the day before,
    R2.4); null when it runs its full length."""
    status: CycleStatus
    """Where the cycle stands today."""
    guide_version: str | None = Field(
        description="The version of the competency guide in force on its start date (the "
        "earliest version for a cycle that starts before any), which it keeps (R3.5), e.g. "
        "`2014`; null when no guide version was available when the cycle was planned."
    )
    function_profile_code: str = Field(
        description="The code of the function profile it started with, which it keeps (R3.5)."
    )
    next_due_date: date | None = Field(
        description="The earliest due date of a talk still to hold (open or scheduled); null "
        "when none is left."
    )
    overdue: bool
    """A talk still to hold is past its due date (not for a completed or superseded cycle,
    nor for someone who has left): flagged, never a reason to refuse."""


class CycleDetail(CycleOut):
    """A cycle with its talks, the employee's requests for extra talks, its hardship decisions
    and what the caller may do with it."""

    talks: list[TalkOut]
    """The cycle's talks, cancelled ones included."""
    talk_requests: list[TalkRequestOut]
    """The employee's requests for an extra talk (R2.5), answered or not."""
    hardship_decisions: list[HardshipOut]
    """The hardship decisions recorded for the cycle or its talks (R7)."""
    actions: list[str] = Field(
        description="What the caller may do with this cycle now: `add-talk`, "
        "`record-cycle-decision`, `answer-talk-request`, `request-talk`, "
        "`record-hardship-decision`. What is not listed is refused."
    )


class CyclePage(ApiModel):
    """A page of cycles."""

    items: list[CycleOut]
    """The cycles on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class AppointmentIn(ApiInput):
    """The appointment for a talk (R2.6): the manager invites with a date and time, and a
    place or a video link. It replaces the whole appointment."""

    starts_at: IsoDateTime
    """When the talk starts: RFC 3339 date and time with its offset, e.g.
    `2027-06-15T10:00:00+02:00`. Its date in Europe/Amsterdam is not before the cycle's start
    (R2.1) and, for an appraisal talk, at least 7 days after the draft was shared (R6.3)."""
    ends_at: IsoDateTime | None = None
    """When the talk ends (RFC 3339, with offset), after `startsAt`; optional."""
    location: Short | None = None
    """Where the talk takes place, e.g. `Stadhuis, kamer 1.12` (1–200 characters). A
    `location`, a `videoUrl` or both are required (R2.6)."""
    video_url: Annotated[HttpUrl, UrlConstraints(max_length=2000)] | None = Field(
        default=None, description="An https link to the video meeting (at most 2,000 characters)."
    )


class TalkHeldIn(ApiInput):
    """That a talk was held, on which day and with which other attendees."""

    held_on: IsoDate
    """The day the talk was held (YYYY-MM-DD): not in the future, not before the cycle's start
    (R2.1), and for an appraisal talk at least 7 days after the draft was shared (R6.3). A
    late day is accepted."""
    attendee_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="The ids of the other attendees who were there (at most 20); each needs "
        "the consent of both manager and employee (R2.8).",
    )


class ExtraTalkIn(ApiInput):
    """An extra progress or appraisal talk the manager adds to a cycle (R2.5), or an early
    appraisal (R6.1)."""

    kind: ExtraKind
    """The kind of talk: progress or appraisal."""
    due_date: IsoDate
    """The day the talk is due (YYYY-MM-DD), within the cycle (R2.5); an early appraisal before
    the cycle's last day (R6.1)."""
    reason: Text = Field(
        description="Why the talk is added (1–4,000 characters): positive or negative (T2.5), "
        "or the legal-status decision of an early appraisal (R6.1)."
    )
    early: bool = Field(
        default=False,
        description="An early appraisal because of a legal-status decision, e.g. promotion or "
        "the end of probation (R6.1); only with `kind` appraisal.",
    )


class AttendeeIn(ApiInput):
    """A proposal for another attendee of a talk (R2.8); the proposer's consent is recorded
    with it, the other party's is still needed."""

    name: Short
    """The attendee's name (1–200 characters)."""
    role: Short = Field(
        description="The attendee's role (1–200 characters), e.g. HR adviser, works-council "
        "member, interpreter."
    )


class TalkRequestIn(ApiInput):
    """The employee's request for an extra talk (R2.5)."""

    kind: ExtraKind
    """The kind of talk asked for: progress or appraisal."""
    reason: Text
    """Why the employee asks for it (1–4,000 characters)."""


class TalkRequestAnswerIn(ApiInput):
    """The manager's answer to a request for an extra talk (R2.5), given once."""

    decision: Literal["schedule", "decline"]
    """`schedule`: add the talk (with `dueDate`); `decline`: refuse it (with `reason`)."""
    due_date: IsoDate | None = Field(
        default=None,
        description="The talk's due date (YYYY-MM-DD), within the cycle; required to schedule.",
    )
    reason: Text | None = Field(
        default=None, description="Why (1–4,000 characters); required to decline (R2.5)."
    )


class CycleDecisionIn(ApiInput):
    """The manager's decision that the employee's cycles are one calendar year, with all three
    talks, or follow the org-wide periods again (R2.2). The cycles are re-planned at once."""

    from_year: int = Field(
        description="The first calendar year it applies to: from this year up to ten years "
        "ahead, and from next year when the running cycle started in an earlier year (R2.2)."
    )
    one_year: bool = Field(
        default=True,
        description="true: calendar-year cycles (R2.2); false: back to the org-wide periods.",
    )
    reason: Text
    """Why (1–4,000 characters)."""


class CycleDecisionOut(ApiModel):
    """A recorded decision on one-year cycles (R2.2); for a year, the one recorded last wins."""

    id: uuid.UUID
    """The decision's id."""
    employee: EmployeeRef
    """The employee it applies to."""
    from_year: int
    """The first calendar year it applies to."""
    one_year: bool
    """true: calendar-year cycles; false: back to the org-wide periods."""
    reason: str
    """Why."""
    decided_by: str
    """The personnel number of the manager (or coordinator) who decided."""
    decided_at: datetime
    """When it was recorded (RFC 3339 date and time, UTC)."""


class CycleDecisionPage(ApiModel):
    """A page of one-year cycle decisions."""

    items: list[CycleDecisionOut]
    """The decisions on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class HardshipIn(ApiInput):
    """A hardship decision of the Board (R7) that sets one rule check aside, for a cycle or
    one of its talks; recorded by HR."""

    reference: Short = Field(description="The Board's decision reference (1–200 characters).")
    reason: Text
    """Why the rule is set aside (1–4,000 characters)."""
    rule: RuleId = Field(
        description="The rule it sets aside: `R2.1` (a talk before its cycle), `R4.1` "
        "(agreements after the cycle; never with `talkId`), `R6.3` (the week between sharing "
        "and the appraisal talk) or `R6.11` (objections after the 14 days). Other rules cannot "
        "be set aside."
    )
    cycle_id: uuid.UUID
    """The cycle it applies to."""
    talk_id: uuid.UUID | None = Field(
        default=None, description="Only for this talk of the cycle; null: the whole cycle."
    )


class HardshipPage(ApiModel):
    """A page of hardship decisions."""

    items: list[HardshipOut]
    """The hardship decisions on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class PeriodOut(ApiModel):
    """An org-wide period (T2.1): the calendar years a regular cycle spans (two by default),
    counted from 1 January of the epoch year (2014 by default)."""

    id: str = Field(description="The period's id, e.g. `2016-2017`.")
    start_date: date
    """Its first day, 1 January (YYYY-MM-DD)."""
    end_date: date
    """Its last day, 31 December (YYYY-MM-DD)."""
    current: bool
    """Today falls in it."""
    opened_at: datetime | None
    """When HR first opened it (RFC 3339 date and time, UTC); null until then."""
    opened_by: str | None
    """The personnel number of the HR officer who first opened it; null until then."""


class PeriodPage(ApiModel):
    """A page of org-wide periods."""

    items: list[PeriodOut]
    """The periods on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class PeriodOpeningIn(ApiInput):
    """HR opens an org-wide period (T2.1): every employee who entered by its end and is active
    on its first day and today gets the cycles planned for it."""

    period: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{4})?$")]
    """The period's id, e.g. `2028-2029` (one year, e.g. `2028`, when periods are configured to
    last a year): a period of the grid, at most the one after today's."""


class PeriodOpeningOut(ApiModel):
    """An opening of an org-wide period (T2.1)."""

    id: uuid.UUID
    """The opening's id."""
    period: str
    """The period's id, e.g. `2028-2029`."""
    start_date: date
    """The period's first day."""
    end_date: date
    """The period's last day."""
    cycles_created: int = Field(
        description="How many cycles this opening planned; 0 when the period was opened before."
    )
    opened_by: str
    """The personnel number of the HR officer who opened it."""
    opened_at: datetime
    """When it was opened (RFC 3339 date and time, UTC)."""
