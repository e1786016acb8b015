"""The inbox and the notifications as the API shows them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field, StrictBool

from app.pagination import PageMeta
from app.schemas import ApiInput, ApiModel


class TaskOut(ApiModel):
    """An open action in the inbox: what someone must do, about whose talk or cycle, by when
    and under which rule."""

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
    """What must be done: `hold-talk`, `approve-agreements`, `share-draft`, `sign`,
    `consider-objection` (the employee who signed as seen may still object), `hold-hearing`,
    `finalise`, `answer-informant-request`, `answer-suggestion` (an informant the employee
    suggested) or `answer-talk-request`. `rule` names the rule behind it."""
    action: str = Field(description="What to do, in Dutch, as the reminder says it.")
    actor: str = Field(description="Personnel number of who must act.")
    role: Literal["manager", "employee", "informant"]
    """In which role the actor must act: `manager` (or coordinator), `employee` or
    `informant`."""
    personnel_number: str = Field(
        description="The personnel number of the employee whose talk or cycle it is."
    )
    name: str
    """The name of the employee whose talk or cycle it is."""
    org_unit: str
    """The key of that employee's org unit."""
    due: date | None = Field(
        description="By when (YYYY-MM-DD, Europe/Amsterdam); null: no deadline."
    )
    overdue: bool
    """Past its due date (`due` is before today)."""
    rule: str = Field(description="The rule that sets the task or its due date.")
    talk_id: uuid.UUID | None
    """The talk it is about; null when about no talk."""
    talk_kind: str | None
    """The kind of that talk: `planning`, `progress` or `appraisal`; null without a talk."""
    cycle_id: uuid.UUID | None
    """The cycle it is about; null when about no cycle."""
    url: str = Field(description="The API resource to act on, as a path, e.g. `/v1/talks/{id}`.")
    link: str = Field(
        description="The same in the E-module's frontend: a full URL under the frontend's "
        "configured address."
    )


class TaskPage(ApiModel):
    """A page of the inbox, by due date."""

    items: list[TaskOut]
    """The tasks on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class NotificationOut(ApiModel):
    """A notice made for the caller: a reminder, or a notice the regulation requires. It is
    mailed where a mail server is configured and the person has an e-mail address (see
    `transport`), and listed here in any case."""

    id: uuid.UUID
    """The notification's id."""
    kind: str = Field(description="reminder, draft-shared or appraisal-finalised")
    required: bool = Field(description="A notice the regulation requires: never muted.")
    subject: str
    """The mail's subject (Dutch)."""
    body: str
    """The mail's text (Dutch): what to do, by when, under which rule, with a link; never a
    rating, motivation or other content of a talk."""
    rule: str | None
    """The rule behind it, e.g. `R6.3`; null when none."""
    due_date: date | None
    """The due date of the task it reminds of (YYYY-MM-DD); null when none."""
    link: str
    """The page of the E-module's frontend it points to, as a path (e.g. `/talks/{talkId}`);
    the mail puts the frontend's address before it."""
    created_at: datetime
    """When it was made (RFC 3339 date and time, UTC)."""
    sent_at: datetime | None
    """When it was sent or captured; null while unsent."""
    transport: str | None = Field(
        description="smtp; capture (no SMTP server configured, as under `make run`); none "
        "(no e-mail address on record); null while unsent."
    )


class NotificationPage(ApiModel):
    """A page of the caller's notifications, newest first."""

    items: list[NotificationOut]
    """The notifications on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class PreferencesIn(ApiInput):
    """The caller's notification preferences."""

    reminders: StrictBool = Field(
        description="Receive reminders and escalations. The notices the regulation requires "
        "(the shared draft with the invitation, R6.3; the finalised appraisal) always go."
    )


class PreferencesOut(ApiModel):
    """The caller's notification preferences."""

    reminders: bool
    """Reminders and escalations are sent; the notices the regulation requires always go."""
