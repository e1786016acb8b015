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
    cycle = "cycle"
    """Required by the cycle's plan."""
    extra = "extra"
    """Added by the manager (R2.5)."""
    early = "early"
    """An early appraisal (R6.1)."""
    requested = "requested"
    """Asked for by the employee and scheduled by the manager (R2.5)."""
    appeal = "appeal"
    """The appraisal talk of a superseding appraisal: a formal objection or appeal against the
    finalised appraisal was upheld (R6.12, issue 18)."""


class ExtraKind(StrEnum):
    progress = "progress"
    appraisal = "appraisal"


class Consent(ApiModel):
    by: str
    at: datetime


class AttendeeOut(ApiModel):
    id: uuid.UUID
    name: str
    role: str
    proposed_by: Literal["manager", "employee"]
    manager_consent: Consent | None
    employee_consent: Consent | None
    admitted: bool = Field(description="Both manager and employee consented (R2.8).")


class TalkOut(ApiModel):
    id: uuid.UUID
    cycle_id: uuid.UUID
    kind: TalkKind
    sequence: int = Field(description="1, 2 … among the talks of this kind in the cycle.")
    origin: TalkOrigin
    reason: str | None
    due_date: date
    window_start: date | None = Field(description="Progress talks: due from this day (R5.1).")
    due_rule: str = Field(description="The rule that set the due date, e.g. `R4.1`.")
    status: TalkStatus
    overdue: bool = Field(description="Not held and past its due date: flagged, never refused.")
    starts_at: datetime | None
    ends_at: datetime | None
    location: str | None
    video_url: str | None
    held_on: date | None
    cancelled_reason: str | None
    attendees: list[AttendeeOut]
    actions: list[str] = Field(description="What the caller may do with this talk now.")


class TalkRequestOut(ApiModel):
    id: uuid.UUID
    cycle_id: uuid.UUID
    kind: ExtraKind
    reason: str
    requested_by: str
    requested_at: datetime
    status: Literal["open", "scheduled", "declined"]
    answer_reason: str | None
    answered_by: str | None
    answered_at: datetime | None
    talk_id: uuid.UUID | None


class HardshipOut(ApiModel):
    id: uuid.UUID
    reference: str
    reason: str
    rule: str
    employee: EmployeeRef
    cycle_id: uuid.UUID
    talk_id: uuid.UUID | None
    recorded_by: str
    recorded_at: datetime


class CycleOut(ApiModel):
    id: uuid.UUID
    employee: EmployeeRef
    org_unit_key: str
    kind: CycleKind
    rule: str = Field(description="The rule that made this cycle, e.g. `T2.1` or `R2.3`.")
    start_date: date
    end_date: date
    end_reason: Literal["leaving", "placement"] | None
    status: CycleStatus
    guide_version: str | None = Field(description="The guide version it started with (R3.5).")
    function_profile_code: str = Field(description="The function profile it started with.")
    next_due_date: date | None = Field(description="The earliest due date of a talk to hold.")
    overdue: bool


class CycleDetail(CycleOut):
    talks: list[TalkOut]
    talk_requests: list[TalkRequestOut]
    hardship_decisions: list[HardshipOut]
    actions: list[str] = Field(description="What the caller may do with this cycle now.")


class CyclePage(ApiModel):
    items: list[CycleOut]
    meta: PageMeta


class AppointmentIn(ApiInput):
    """R2.6: the manager invites with a date and time, and a place or a video link."""

    starts_at: IsoDateTime
    ends_at: IsoDateTime | None = None
    location: Short | None = None
    video_url: Annotated[HttpUrl, UrlConstraints(max_length=2000)] | None = Field(
        default=None, description="An https link to the meeting."
    )


class TalkHeldIn(ApiInput):
    held_on: IsoDate
    attendee_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Others who attended; each needs both consents (R2.8).",
    )


class ExtraTalkIn(ApiInput):
    kind: ExtraKind
    due_date: IsoDate
    reason: Text = Field(description="Why (T2.5: positive or negative; R6.1: legal status).")
    early: bool = Field(default=False, description="An early appraisal (R6.1).")


class AttendeeIn(ApiInput):
    name: Short
    role: Short = Field(description="e.g. HR adviser, works-council member, interpreter.")


class TalkRequestIn(ApiInput):
    kind: ExtraKind
    reason: Text


class TalkRequestAnswerIn(ApiInput):
    decision: Literal["schedule", "decline"]
    due_date: IsoDate | None = Field(default=None, description="Required to schedule.")
    reason: Text | None = Field(default=None, description="Required to decline (R2.5).")


class CycleDecisionIn(ApiInput):
    from_year: int = Field(description="The first calendar year it applies to.")
    one_year: bool = Field(
        default=True, description="true: calendar-year cycles (R2.2); false: back to periods."
    )
    reason: Text


class CycleDecisionOut(ApiModel):
    id: uuid.UUID
    employee: EmployeeRef
    from_year: int
    one_year: bool
    reason: str
    decided_by: str
    decided_at: datetime


class CycleDecisionPage(ApiModel):
    items: list[CycleDecisionOut]
    meta: PageMeta


class HardshipIn(ApiInput):
    reference: Short = Field(description="The Board's decision reference.")
    reason: Text
    rule: RuleId = Field(description="The rule it sets aside, e.g. `R2.1`.")
    cycle_id: uuid.UUID
    talk_id: uuid.UUID | None = Field(default=None, description="Only for this talk.")


class HardshipPage(ApiModel):
    items: list[HardshipOut]
    meta: PageMeta


class PeriodOut(ApiModel):
    id: str = Field(description="e.g. `2016-2017`.")
    start_date: date
    end_date: date
    current: bool
    opened_at: datetime | None
    opened_by: str | None


class PeriodPage(ApiModel):
    items: list[PeriodOut]
    meta: PageMeta


class PeriodOpeningIn(ApiInput):
    period: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{4})?$")]


class PeriodOpeningOut(ApiModel):
    id: uuid.UUID
    period: str
    start_date: date
    end_date: date
    cycles_created: int = Field(description="0 when the period was opened before.")
    opened_by: str
    opened_at: datetime
