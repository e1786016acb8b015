"""The inbox and the notifications as the API shows them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field, StrictBool

from app.pagination import PageMeta
from app.schemas import ApiInput, ApiModel


class TaskOut(ApiModel):
    kind: Literal[
        "hold-talk",
        "approve-agreements",
        "share-draft",
        "sign",
        "consider-objection",
        "hold-hearing",
        "finalise",
        "answer-informant-request",
        "answer-suggestion",
        "answer-talk-request",
    ]
    action: str = Field(description="What to do, in Dutch, as the reminder says it.")
    actor: str = Field(description="Personnel number of who must act.")
    role: Literal["manager", "employee", "informant"]
    personnel_number: str = Field(description="Whose talk or cycle it is.")
    name: str
    org_unit: str
    due: date | None = Field(description="By when (Europe/Amsterdam); null: no deadline.")
    overdue: bool
    rule: str = Field(description="The rule that sets the task or its due date.")
    talk_id: uuid.UUID | None
    talk_kind: str | None
    cycle_id: uuid.UUID | None
    url: str = Field(description="The API resource to act on.")
    link: str = Field(description="The same in the E-module's frontend.")


class TaskPage(ApiModel):
    items: list[TaskOut]
    meta: PageMeta


class NotificationOut(ApiModel):
    id: uuid.UUID
    kind: str = Field(description="reminder, draft-shared or appraisal-finalised")
    required: bool = Field(description="A notice the regulation requires: never muted.")
    subject: str
    body: str
    rule: str | None
    due_date: date | None
    link: str
    created_at: datetime
    sent_at: datetime | None
    transport: str | None = Field(
        description="smtp; capture (no SMTP server configured, as under `make run`); none "
        "(no e-mail address on record); null while unsent."
    )


class NotificationPage(ApiModel):
    items: list[NotificationOut]
    meta: PageMeta


class PreferencesIn(ApiInput):
    reminders: StrictBool = Field(
        description="Receive reminders and escalations. The notices the regulation requires "
        "(the shared draft with the invitation, R6.3; the finalised appraisal) always go."
    )


class PreferencesOut(ApiModel):
    reminders: bool
