"""Pure rules for cycles and talks: status, the checks of Article 2, and the actions open to
each party. No I/O; today's date is a parameter."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.errors import Refusal, param
from app.messages import msg, term
from app.states import MANAGING, OPEN_TALK, CycleState, CycleStatus, Relation, TalkStatus

# R7: the rule checks a recorded Board decision may set aside, with what they protect.
BYPASSABLE = {
    "R2.1": "a talk dated before its cycle starts",
    "R4.1": "agreements made or changed after the cycle ended",
    "R6.3": "an appraisal talk earlier than 7 days after the draft was shared",
    "R6.11": "objections after the 14 days",
}
# Checks of the cycle as a whole: a hardship decision for them names no talk.
CYCLE_WIDE = frozenset({"R4.1"})


AGREEMENT_TALK_KINDS = ("planning", "progress")
"""The talks in which the set of agreements is agreed (R4.6) or adjusted (R5.2)."""


def needs_agreement(talk_kind: str, cycle_kind: str) -> bool:
    """R4.6, R5.2: a planning or progress talk is held only with an agreed set; not in a
    bridging cycle, which carries the probation cycle's agreements over unchanged (T2.1)."""
    return talk_kind in AGREEMENT_TALK_KINDS and cycle_kind != "bridging"


def cycle_status(
    *, state: str, end_reason: str | None, start: date, end: date, today: date
) -> CycleStatus:
    """superseded / completed (stored), ended (cut short and past), upcoming, or open.
    Mirrors ``queries.status_expression`` (SQL); a test keeps them equal."""
    if state in (CycleState.superseded, CycleState.completed):
        return CycleStatus(state)
    if end_reason is not None and end < today:
        return CycleStatus.ended
    if start > today:
        return CycleStatus.upcoming
    return CycleStatus.open


class Step(StrEnum):
    """What is done with a talk or within a cycle, for the table of what a closed one allows."""

    plan = "plan"
    """Add a talk, request or answer one, propose attendees and consent, decide on the cycle."""
    hold = "hold"
    """Schedule a talk that is due, or record that it was held: late is fine (R2.6)."""
    agree = "agree"
    """The agreements of a planning or progress talk (Articles 4 and 5)."""
    appraise = "appraise"
    """The appraisal procedure and its informants (Article 6)."""


CLOSED_CYCLES: dict[Step, frozenset[CycleStatus]] = {
    # A cycle cut short (placement, leaving) takes no new talks …
    Step.plan: frozenset({CycleStatus.superseded, CycleStatus.completed, CycleStatus.ended}),
    # … but what is still open in it can be held and recorded, late.
    Step.hold: frozenset({CycleStatus.superseded, CycleStatus.completed}),
    # After its end only a hardship decision opens the agreements again (R4.1, R7).
    Step.agree: frozenset({CycleStatus.superseded, CycleStatus.completed}),
    # The procedure goes on after the talk, past the cycle's end or completion (R6.11, R6.12).
    Step.appraise: frozenset({CycleStatus.superseded}),
}
"""The cycles in which a step can no longer be taken."""

CLOSED_TALKS: dict[Step, frozenset[TalkStatus]] = {
    Step.plan: frozenset({TalkStatus.held, TalkStatus.cancelled}),
    Step.hold: frozenset({TalkStatus.held, TalkStatus.cancelled}),
    Step.agree: frozenset({TalkStatus.held, TalkStatus.cancelled}),
    Step.appraise: frozenset({TalkStatus.cancelled}),  # a held talk is what is appraised
}
"""The talks with which a step can no longer be taken."""


def closed_for(step: Step, *, cycle_status: str, talk_status: str | None = None) -> Refusal | None:
    """Whether the cycle (or the talk) is closed for ``step``: the one answer to "is this
    closed?" (``CLOSED_CYCLES``, ``CLOSED_TALKS``)."""
    if cycle_status in CLOSED_CYCLES[step]:
        return Refusal(
            None, "cycle-closed", msg("cycle-closed", status=term("cycle-status", cycle_status))
        )
    if talk_status is not None and talk_status in CLOSED_TALKS[step]:
        return Refusal(
            None, "talk-closed", msg("talk-closed", status=term("talk-status", talk_status))
        )
    return None


def talk_overdue(*, status: str, due_date: date, today: date, left: bool = False) -> bool:
    """Late talks are flagged, never refused (scheduling model); not once the employee has
    left (``left``: the cycle ended on a leaving date before today)."""
    return status in OPEN_TALK and due_date < today and not left


def left_before(*, end_reason: str | None, end: date, today: date) -> bool:
    return end_reason == "leaving" and end < today


def check_talk_date(*, field: str, day: date, cycle_start: date) -> Refusal | None:
    """R2.1: a talk belongs to its cycle, so it cannot take place before the cycle starts. A
    late talk (after the due date or the cycle's end) is allowed and flagged. R7: a hardship
    decision for this cycle may set the check aside (the caller consults it)."""
    if day >= cycle_start:
        return None
    reason = f"is before the cycle starts ({cycle_start.isoformat()})"
    return Refusal(
        rule="R2.1",
        code="talk-before-cycle",
        message=msg("talk-before-cycle", field=field, start=cycle_start.isoformat()),
        params=(param(field, "before_cycle_start", reason, rule="R2.1"),),
    )


def check_appointment(
    *, starts_at: datetime, ends_at: datetime | None, location: str | None, video_url: str | None
) -> list[dict[str, Any]]:
    """R2.6: the manager invites with a date and time, and a place or a video link."""
    problems = []
    for name, value in (("startsAt", starts_at), ("endsAt", ends_at)):
        if value is not None and not 1900 <= value.year <= 2200:
            problems.append(param(name, "out_of_range", "must lie in 1900–2200"))
    if problems:
        return problems
    if not (location or video_url):
        problems.append(
            param("location", "place_required", "give a location or a videoUrl (R2.6)", rule="R2.6")
        )
    if video_url and not video_url.lower().startswith("https://"):
        problems.append(param("videoUrl", "not_https", "must be an https link"))
    if ends_at is not None and ends_at <= starts_at:
        problems.append(param("endsAt", "ends_before_start", "must be after startsAt"))
    return problems


def check_extra_talk(
    *, kind: str, early: bool, due_date: date, cycle_start: date, cycle_end: date
) -> list[dict[str, Any]]:
    """R2.5: extra progress or appraisal talks within the cycle; R6.1: an early appraisal is an
    appraisal due before the end of the cycle."""
    problems = []
    if early and kind != "appraisal":
        problems.append(
            param(
                "early", "early_not_appraisal", "only an appraisal can be early (R6.1)", rule="R6.1"
            )
        )
    if not cycle_start <= due_date <= cycle_end:
        problems.append(
            param(
                "dueDate",
                "outside_cycle",
                f"must lie within the cycle ({cycle_start.isoformat()} – {cycle_end.isoformat()})"
                " (R2.5)",
                rule="R2.5",
            )
        )
    elif early and due_date >= cycle_end:
        problems.append(
            param(
                "dueDate",
                "not_early",
                "an early appraisal is due before the end of the cycle (R6.1)",
                rule="R6.1",
            )
        )
    return problems


def held_problems(*, held_on: date, today: date) -> list[dict[str, Any]]:
    if held_on > today:
        return [param("heldOn", "in_future", f"is after today ({today.isoformat()})")]
    return []


def admitted(attendee: Any) -> bool:
    """R2.8: another person attends only with the recorded consent of both."""
    return attendee.manager_consent_at is not None and attendee.employee_consent_at is not None


def cycle_actions(*, relation: str, status: str, open_requests: int) -> list[str]:
    live = closed_for(Step.plan, cycle_status=status) is None
    actions: list[str] = []
    if relation in MANAGING and live:
        actions += ["add-talk", "record-cycle-decision"]
        if open_requests:
            actions.append("answer-talk-request")
    if relation == Relation.self and live:
        actions.append("request-talk")
    if relation == Relation.hr:
        actions.append("record-hardship-decision")
    return actions


def talk_actions(
    *,
    relation: str,
    status: str,
    cycle_status: str,
    pending_consent_of: set[str],
    agreed: bool = True,
) -> list[str]:
    """What the caller may do with the talk now (like OrangeHRM's allowed actions). A planning
    or progress talk that is not ``agreed`` yet (R4.6, R5.2) cannot be marked held."""
    if closed_for(Step.hold, cycle_status=cycle_status, talk_status=status):
        return []
    if closed_for(Step.plan, cycle_status=cycle_status):  # cut short: recorded late, no more
        return ["mark-held"] if relation in MANAGING and agreed else []
        return ["mark-held"] if relation in MANAGING and agreed else []
    actions: list[str] = []
    if relation in MANAGING:
        actions.append("schedule" if status == TalkStatus.open else "reschedule")
        if agreed:
            actions.append("mark-held")
    if relation in MANAGING or relation == Relation.self:
        actions.append("propose-attendee")
        party = "employee" if relation == Relation.self else "manager"
        if party in pending_consent_of:
            actions.append("consent-to-attendee")
    return actions
