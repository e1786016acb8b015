"""Pure rules of the reports: the small-group suppression, the timeliness of a talk and of a
shared draft, the R6.11/R6.12 follow-up of an appraisal. The SQL in ``queries`` computes the same
classifications set-wise; the tests hold the two to the same tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.appraisals.rules import (  # the deadlines of Article 6, defined once
    HEARING_DAYS,
    OBJECTION_DAYS,
    RESPONSE_DAYS,
    SHARE_DAYS_BEFORE,
    State,
)

MIN_GROUP = 5  # distributions over fewer people are suppressed (issue 8: privacy)
__all__ = ["HEARING_DAYS", "MIN_GROUP", "OBJECTION_DAYS", "RESPONSE_DAYS", "SHARE_DAYS_BEFORE"]


class Timeliness(StrEnum):
    on_time = "on-time"
    late = "late"
    overdue = "overdue"
    not_yet_due = "not-yet-due"


def timeliness(held_on: date | None, due_date: date, today: date) -> Timeliness:
    """A regular talk: held on or before its due date, held after it, not held and past it
    (overdue), or not held and not yet due."""
    if held_on is not None:
        return Timeliness.on_time if held_on <= due_date else Timeliness.late
    return Timeliness.overdue if due_date < today else Timeliness.not_yet_due


def shared_in_time(shared_on: date | None, held_on: date) -> bool:
    """R6.3: the draft was shared at least 7 days before the talk was held (a hardship
    decision may have let the talk be held sooner: then it counts as not in time)."""
    return shared_on is not None and shared_on + timedelta(days=SHARE_DAYS_BEFORE) <= held_on


class FollowUp(StrEnum):
    """Where a held appraisal stands after the talk, for the R6.11/R6.12 figures."""

    finalised = "finalised"
    in_objection = "in-objection"  # objected or heard, not finalised
    window_open = "window-open"  # R6.11: the employee may still object
    finalisation_due = "finalisation-due"  # R6.11: the window passed; the manager may finalise
    hearing_overdue = "hearing-overdue"  # R6.12: no hearing 14 days after the objections
    response_overdue = "response-overdue"  # R6.12: not finalised 28 days after the hearing


@dataclass(frozen=True)
class AppraisalFacts:
    state: str
    window_start: date | None = None  # the later of the talk's date and its recording/change
    signed_agree: bool = False
    objections_on: date | None = None
    hearing_on: date | None = None


def _past(start: date, days: int, today: date) -> bool:
    return start + timedelta(days=days) < today


def follow_up(facts: AppraisalFacts, today: date) -> list[FollowUp]:
    """The follow-up classes a held appraisal falls in today (an objected appraisal is in
    objection and may also be overdue for its hearing)."""
    if facts.state == "finalised":
        return [FollowUp.finalised]
    found: list[FollowUp] = []
    if facts.state in ("objected", "heard"):
        found.append(FollowUp.in_objection)
        objected_on, heard_on = facts.objections_on, facts.hearing_on
        if facts.state == "objected" and objected_on and _past(objected_on, HEARING_DAYS, today):
            found.append(FollowUp.hearing_overdue)
        if facts.state == "heard" and heard_on and _past(heard_on, RESPONSE_DAYS, today):
            found.append(FollowUp.response_overdue)
        return found
    if facts.state == State.held and facts.window_start is not None:
        closed = _past(facts.window_start, OBJECTION_DAYS, today)
        found.append(
            FollowUp.finalisation_due if closed or facts.signed_agree else FollowUp.window_open
        )
    return found


def suppressed(people: int, *, privileged: bool, own_people: int) -> bool:
    """A distribution over fewer than 5 people is withheld, except from HR and from the
    people's own manager (every person in the group is theirs)."""
    if privileged or people == 0:
        return False
    return people < MIN_GROUP and own_people < people
