"""The event catalogue: every type the service emits, what it means and which rule it follows.

Types are reverse-DNS (``nl.goedgesprek.appraisal.finalised``), as the NL GOV CloudEvents
profile asks. Data is thin: ids, the resource's URL (relative to the API's base), states and
dates. Never a motivation, a rating, an objection or any other free text: a consumer fetches the
content with its own token, so that the read is authorised and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "nl.goedgesprek."


@dataclass(frozen=True)
class EventType:
    name: str
    """Without the prefix: ``appraisal.finalised``."""
    subject: str
    """What ``subject`` holds."""
    meaning: str
    rule: str | None = None

    @property
    def type(self) -> str:
        return PREFIX + self.name


CATALOGUE: tuple[EventType, ...] = (
    EventType("employee.synced", "personnel number", "An employee was created or changed."),
    EventType("employee.left", "personnel number", "A leaving date was recorded or moved."),
    EventType("period.opened", "period id", "HR opened an organisation-wide period.", "T2.1"),
    EventType("cycle.created", "cycle id", "A cycle was planned for an employee.", "R2.1"),
    EventType(
        "cycle.changed", "cycle id", "A cycle's kind, end or end reason changed (re-planned)."
    ),
    EventType(
        "cycle.ended",
        "cycle id",
        "A cycle was completed (every talk held) or superseded by a re-planned one.",
    ),
    EventType("talk.scheduled", "talk id", "A talk's appointment was set or moved.", "R2.6"),
    EventType("talk.held", "talk id", "A talk was recorded as held.", "R2.1"),
    EventType("talk.overdue", "talk id", "A talk's due date passed while it was open.", "R2.1"),
    EventType(
        "agreement-set.approved",
        "talk id",
        "Both the employee and the manager approved the agreements of a talk.",
        "R4.6",
    ),
    EventType(
        "agreement-set.decided",
        "talk id",
        "The manager decided on agreements the employee did not approve.",
        "R4.7",
    ),
    EventType(
        "appraisal.draft-shared",
        "talk id",
        "The draft appraisal was shared with the employee, with the invitation.",
        "R6.3",
    ),
    EventType("appraisal.talk-held", "talk id", "The appraisal talk was held.", "R6.3"),
    EventType("appraisal.signed", "talk id", "The employee or the manager signed.", "R6.11"),
    EventType(
        "appraisal.objection-lodged", "talk id", "The employee lodged an objection.", "R6.11"
    ),
    EventType("appraisal.hearing-held", "talk id", "The objection was heard.", "R6.12"),
    EventType("appraisal.finalised", "talk id", "The appraisal was finalised.", "R6.12"),
    EventType(
        "appraisal.reward-recorded",
        "talk id",
        "The reward decision that follows the final rating was recorded.",
        "R6.9",
    ),
    EventType(
        "webhook-subscription.disabled",
        "subscription id",
        "A webhook subscription was disabled: its receiver answered 410 Gone, or failed "
        "for the whole retry schedule.",
    ),
)

BY_TYPE = {event.type: event for event in CATALOGUE}
TYPES = tuple(BY_TYPE)


def known(type_: str) -> bool:
    return type_ in BY_TYPE
