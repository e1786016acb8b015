"""Rules of Article 6 as pure functions and tables: no I/O, today is a parameter.

* R6.5, R6.6 — the final rating: part (a) the weighted mean of the work agreements (weights
  R4.2), part (b) the mean of the competencies and the knowledge level, final = 0.5·a + 0.5·b
  rounded half up (the share is a setting, stored with each appraisal); both parts need at
  least one rated item.
* R6.7 — the only override: *onvoldoende* when a crucial competency is rated *onvoldoende*.
* R6.8 — every rating carries a motivation before the draft is shared.
* R6.9 — an extra reward only with *goed* or *uitstekend*.
* The procedure (R6.3, R6.11, R6.12) as a transition table, and its deadlines.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from app.errors import Refusal
from app.messages import msg
from app.states import MANAGING, Relation

SCALE = {1: "onvoldoende", 2: "enigszins onvoldoende", 3: "normaal", 4: "goed", 5: "uitstekend"}
ONVOLDOENDE, GOED = 1, 4
SHARE_DAYS_BEFORE = 7  # R6.3
OBJECTION_DAYS = 14  # R6.11
HEARING_DAYS = 14  # R6.12
RESPONSE_DAYS = 28  # R6.12
WORK_SHARE_PERCENT = 50
"""R6.6, Art. 6.6: "Beide onderdelen wegen ieder voor 50% mee bij het bepalen van de
eindkwalificatie." Stored with each appraisal when rated; an appraisal rated under another
share (an earlier release had a setting) keeps the figure it was rated with."""


def round_half_up(value: Fraction) -> int:
    """R6.6: to the nearest whole score, .5 upwards (exact: no binary floating point)."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@dataclass(frozen=True)
class WorkScore:
    score: int
    weight: int | None  # a custom weight in percent (R4.2); None: equal shares


@dataclass(frozen=True)
class FinalRating:
    part_a: Fraction | None
    part_b: Fraction | None
    computed: int | None
    missing: tuple[str, ...]  # the parts without a rated item

    @property
    def complete(self) -> bool:
        return self.computed is not None


def part_a(work: Sequence[WorkScore]) -> Fraction | None:
    """R6.6 (a), R4.2: the weighted mean of the work agreements' scores; equal weights unless
    every one has a custom weight."""
    if not work:
        return None
    if all(w.weight is not None for w in work):
        total = sum(w.weight for w in work)  # type: ignore[misc]
        return Fraction(sum(w.score * w.weight for w in work), total)  # type: ignore[operator]
    return Fraction(sum(w.score for w in work), len(work))


def part_b(competencies: Sequence[int], knowledge: int | None) -> Fraction | None:
    """R6.6 (b): the plain mean of the competency scores and the knowledge-level score."""
    scores = [*competencies, *([knowledge] if knowledge is not None else [])]
    return Fraction(sum(scores), len(scores)) if scores else None


def final_rating(
    work: Sequence[WorkScore],
    competencies: Sequence[int],
    knowledge: int | None,
    *,
    work_share: Fraction = Fraction(WORK_SHARE_PERCENT, 100),
) -> FinalRating:
    """R6.6: final = share·a + (1 − share)·b, rounded half up; ``None`` while a part has no
    rated item (both parts must have one)."""
    a, b = part_a(work), part_b(competencies, knowledge)
    missing = tuple(name for name, part in (("work", a), ("competencies", b)) if part is None)
    computed = None
    if a is not None and b is not None:
        computed = round_half_up(work_share * a + (1 - work_share) * b)
    return FinalRating(a, b, computed, missing)


@dataclass(frozen=True)
class Gap:
    """One problem with the input: the field (as sent), a code, the reason and its rule."""

    name: str
    code: str
    reason: str
    rule: str | None = None


def rating_gaps(
    offered: Sequence[tuple[str, str, str]], agreed: Collection[tuple[str, str]]
) -> list[Gap]:
    """R6.4: only what was agreed is rated (the work and career agreements and the competency
    set of the rated version), each item once. ``offered``: (item, ref, field name)."""
    gaps: list[Gap] = []
    seen: set[tuple[str, str]] = set()
    for item, ref, name in offered:
        if (item, ref) not in agreed:
            what = "competency of the set" if item == "competency" else f"{item} agreement"
            gaps.append(Gap(name, "not_rated_here", f"not a {what} as agreed (R6.4)", "R6.4"))
        elif (item, ref) in seen:
            gaps.append(Gap(name, "duplicate", "rated twice"))
        seen.add((item, ref))
    return gaps


# Art. 6.4 b, R6.4: items evaluated in words, never scored (R6.5 does not list them).
EVALUATED = frozenset({"development", "career"})


def completeness_gaps(
    items: Sequence[tuple[str, str]],
    ratings: Mapping[tuple[str, str], tuple[int | None, str | None]],
    final_rating: int | None,
    final_motivation: str | None,
) -> list[Gap]:
    """R6.5, R6.6, R6.8: before the draft is shared, every item is rated on the scale
    (development and career agreements: evaluated, no score; Art. 6.4 b) and motivated, and
    the final rating is computed (both parts rated) and motivated. ``ratings``: (item, ref) →
    (score, motivation)."""
    gaps: list[Gap] = []
    for item, ref in items:
        score, motivation = ratings.get((item, ref), (None, None))
        label = f"{item} {ref}".strip()
        if item not in EVALUATED and score not in SCALE:
            gaps.append(Gap(label, "not_rated", "every item is rated (R6.5)", "R6.5"))
        if not motivation:
            gaps.append(
                Gap(label, "motivation_missing", "every rating is motivated (R6.8)", "R6.8")
            )
    if final_rating is None:
        gaps.append(Gap("final", "not_computed", "both parts are rated (R6.6)", "R6.6"))
    if not final_motivation:
        gaps.append(
            Gap("final.motivation", "missing", "the final rating is motivated (R6.8)", "R6.8")
        )
    return gaps


def may_answer(*, external: bool, is_informant: bool, is_managing: bool) -> bool:
    """R6.10: an informant of the organisation answers with their own login; an external
    informant's input is recorded by the manager (or the delegated coordinator)."""
    return is_managing if external else is_informant


def received_on_gap(*, external: bool, received_on: date | None, today: date) -> Gap | None:
    """R6.10: external input carries the day it was received (not in the future); an internal
    informant's answer is dated by the service."""
    if not external:
        if received_on is not None:
            return Gap("receivedOn", "not_allowed", "only for external informants")
        return None
    if received_on is None or received_on > today:
        code = "missing" if received_on is None else "in_future"
        return Gap("receivedOn", code, "the date the external input was received (R6.10)", "R6.10")
    return None


def override_allowed(crucial_scores: Sequence[int]) -> bool:
    """R6.7: the final rating may be set to *onvoldoende* instead, only when a competency
    marked crucial is rated *onvoldoende*."""
    return any(score == ONVOLDOENDE for score in crucial_scores)


def reward_allowed(final: int | None) -> bool:
    """R6.9: an extra reward only with a final rating *goed* or *uitstekend*."""
    return final is not None and final >= GOED


# --- the procedure -------------------------------------------------------------------------


class State(StrEnum):
    """Where an appraisal's procedure stands (Article 6):

    - `draft`: the manager drafts the ratings; invisible to the employee (R6.3);
    - `shared`: the draft is shared with the employee; the talk follows at least 7 days later
      (R6.3);
    - `held`: the talk was held; both sign, and the employee may object within 14 days
      (R6.11);
    - `objected`: the employee submitted objections (bedenkingen); the hearing follows
      (R6.11, R6.12);
    - `heard`: the objection hearing was held (or declined); the manager answers and
      finalises (R6.12);
    - `finalised`: finalised (vastgesteld) and immutable (R6.11, R6.12)."""

    draft = "draft"
    shared = "shared"
    held = "held"
    objected = "objected"
    heard = "heard"
    finalised = "finalised"


class Event(StrEnum):
    rate = "rate"
    share = "share"
    hold = "hold"
    sign = "sign"
    object = "object"
    hearing = "hearing"
    finalise = "finalise"
    reward = "reward"
    appeal = "appeal"


# (state, event) → the state after it, and the rule that governs it. What is not listed is not
# possible in that state (409 naming the rule).
TRANSITIONS: dict[tuple[State, Event], tuple[State, str]] = {
    (State.draft, Event.rate): (State.draft, "R6.5"),
    (State.draft, Event.share): (State.shared, "R6.3"),
    (State.shared, Event.rate): (State.shared, "R6.5"),
    (State.shared, Event.hold): (State.held, "R6.3"),
    (State.held, Event.rate): (State.held, "R6.5"),
    (State.held, Event.sign): (State.held, "R6.11"),
    (State.held, Event.object): (State.objected, "R6.11"),
    (State.held, Event.finalise): (State.finalised, "R6.11"),
    (State.objected, Event.hearing): (State.heard, "R6.12"),
    (State.heard, Event.rate): (State.heard, "R6.12"),
    (State.heard, Event.sign): (State.heard, "R6.12"),
    (State.heard, Event.finalise): (State.finalised, "R6.12"),
    (State.finalised, Event.reward): (State.finalised, "R6.9"),
    (State.finalised, Event.appeal): (State.finalised, "R6.12"),
}


# The rule named when an event is not possible in the appraisal's state.
TRANSITION_RULES = {
    Event.rate: "R6.5",
    Event.share: "R6.3",
    Event.hold: "R6.3",
    Event.sign: "R6.11",
    Event.object: "R6.11",
    Event.hearing: "R6.12",
    Event.finalise: "R6.12",
    Event.reward: "R6.9",
    Event.appeal: "R6.12",
}


def refusal_rule(state: State, event: Event) -> str:
    """The rule named when ``event`` is not possible in ``state``: finalising before the talk
    is R6.11 (after the talk, both sign, then finalise); rating once objected (the hearing
    first) or finalised is R6.12; otherwise the event's own rule."""
    if event is Event.finalise and state in (State.draft, State.shared):
        return "R6.11"
    if event is Event.rate and state in (State.objected, State.finalised):
        return "R6.12"
    return TRANSITION_RULES[event]


def transition(state: State, event: Event) -> tuple[State, str] | None:
    return TRANSITIONS.get((state, event))


@dataclass(frozen=True)
class Facts:
    """What happened, as dates (Europe/Amsterdam)."""

    shared_on: date | None = None
    held_on: date | None = None
    manager_signed: bool = False
    employee_signature: str | None = None  # "agree" | "seen"
    objections_on: date | None = None
    hearing_on: date | None = None
    window_from: date | None = None  # the talk's recording, or a later change (R6.11)
    open_suggestions: int = 0  # the employee's suggestions the manager has not answered (R6.10)

    @property
    def window_start(self) -> date | None:
        """R6.11: the 14 days count from the talk, but never from before the employee could
        see what they sign or object to: the day it was recorded, or last changed."""
        days = [d for d in (self.held_on, self.window_from) if d is not None]
        return max(days) if days else None


def earliest_talk(shared_on: date) -> date:
    """R6.3: the talk is held (and scheduled) no earlier than 7 days after the sharing."""
    return shared_on + timedelta(days=SHARE_DAYS_BEFORE)


def objection_deadline(held_on: date) -> date:
    """R6.11: objections within 14 days after the talk (the last day they can be submitted)."""
    return held_on + timedelta(days=OBJECTION_DAYS)


def hearing_deadline(objections_on: date) -> date:
    """R6.12: the hearing within 14 days of submitting the objections."""
    return objections_on + timedelta(days=HEARING_DAYS)


def response_deadline(hearing_on: date) -> date:
    """R6.12: finalised no later than 28 days after the hearing."""
    return hearing_on + timedelta(days=RESPONSE_DAYS)


def check_hold(facts: Facts, day: date) -> Refusal | None:
    """R6.3: not before the draft was shared, and not earlier than 7 days after."""
    if facts.shared_on is None:
        return Refusal("R6.3", "draft-not-shared", msg("draft-not-shared"))
    earliest = earliest_talk(facts.shared_on)
    if day < earliest:
        return Refusal(
            "R6.3",
            "too-soon-after-sharing",
            msg(
                "too-soon-after-sharing",
                shared=facts.shared_on.isoformat(),
                earliest=earliest.isoformat(),
            ),
        )
    return None


def check_objection(facts: Facts, day: date) -> Refusal | None:
    """R6.11: objections after a signature "seen" or none, within 14 days after the talk."""
    if facts.employee_signature == "agree":
        return Refusal(
            "R6.11",
            "signed-in-agreement",
            msg("signed-in-agreement"),
        )
    start = facts.window_start
    assert start is not None
    last = objection_deadline(start)
    if day > last:
        return Refusal(
            "R6.11",
            "objection-window-closed",
            msg("objection-window-closed", talk=start.isoformat(), last=last.isoformat()),
        )
    return None


def check_finalise(state: State, facts: Facts, today: date) -> Refusal | None:
    """R6.11, R6.12: after the talk, with the manager's signature; at once after the
    employee's "agree", otherwise only when the 14 days passed without objections; after
    objections only once the hearing was held (lateness is flagged, never refused). R6.10: not
    while a suggestion of the employee waits for the manager's answer."""
    if not facts.manager_signed:
        return Refusal("R6.11", "manager-signature-missing", msg("manager-signature-missing"))
    if state is State.held and facts.employee_signature != "agree":
        assert facts.window_start is not None
        last = objection_deadline(facts.window_start)
        if today <= last:
            return Refusal(
                "R6.11",
                "objection-window-open",
                msg("objection-window-open", last=last.isoformat()),
            )
    if facts.open_suggestions:
        # R6.10: the manager must answer the employee's request to ask someone.
        return Refusal(
            "R6.10",
            "suggestions-open",
            msg("suggestions-open", count=facts.open_suggestions),
        )
    return None


@dataclass(frozen=True)
class Deadline:
    name: str
    due: date
    rule: str
    actor: str  # who must act: "manager" | "employee"
    missed: bool
    met_on: date | None = None


def deadlines(state: State, facts: Facts, today: date, *, finalised_on: date | None = None):
    """The deadlines of the procedure so far, each with its rule, who must act, and whether it
    is missed (passed without the act). The manager's lateness is flagged, never refused."""
    found: list[Deadline] = []
    if facts.shared_on is not None:
        found.append(
            Deadline(
                "talk-not-before",
                earliest_talk(facts.shared_on),
                "R6.3",
                "manager",
                False,
                facts.held_on,
            )
        )
    if facts.window_start is not None and facts.employee_signature != "agree":
        last = objection_deadline(facts.window_start)
        found.append(
            Deadline("objections-until", last, "R6.11", "employee", False, facts.objections_on)
        )
    if facts.objections_on is not None:
        due = hearing_deadline(facts.objections_on)
        done = facts.hearing_on
        found.append(
            Deadline(
                "hearing-by",
                due,
                "R6.12",
                "manager",
                (done or today) > due,
                done,
            )
        )
    if facts.hearing_on is not None:
        due = response_deadline(facts.hearing_on)
        found.append(
            Deadline(
                "finalise-by",
                due,
                "R6.12",
                "manager",
                (finalised_on or today) > due,
                finalised_on,
            )
        )
    return found


def next_actor(state: State, facts: Facts, today: date) -> str | None:
    """Who must act next: the manager drafts, shares, holds the talk, signs, holds the hearing
    and finalises; the employee signs, and while the 14 days run without "agree" it is theirs
    to object or not (the manager cannot finalise before)."""
    if state is State.finalised:
        return None
    if state is State.held:
        if not facts.manager_signed:
            return "manager"
        window_open = today <= objection_deadline(facts.window_start)  # type: ignore[arg-type]
        if facts.employee_signature != "agree" and window_open:
            return "employee"
        return "manager"
    return "manager"


@dataclass(frozen=True)
class Standing:
    """What the caller's actions depend on besides the procedure's facts."""

    closed: bool = False
    """The talk is cancelled or the cycle superseded (``cycles.rules.closed_for``)."""
    complete: bool = False
    """Every item rated and motivated, the final rating motivated (R6.8)."""
    final_rating: int | None = None
    rewarded: bool = False
    appeal_recorded: bool = False


def appraisal_actions(
    *, relation: str, state: State, facts: Facts, standing: Standing, today: date
) -> list[str]:
    """What the caller may do with the appraisal now, as the procedure and its deadlines allow:
    the manager (or coordinator) rates, shares, signs, records the hearing, finalises and the
    reward (R6.3-R6.12); the employee signs and objects (R6.11); HR records the appeal (R6.12)."""
    found: list[str] = []
    if relation in MANAGING and not standing.closed:
        if transition(state, Event.rate):
            found.append("rate")
        if transition(state, Event.share) and standing.complete:
            found.append("share-draft")
        if transition(state, Event.sign) and not facts.manager_signed:
            found.append("sign")
        if transition(state, Event.hearing):
            found.append("record-hearing")
        if transition(state, Event.finalise) and check_finalise(state, facts, today) is None:
            found.append("finalise")
        if (
            state is State.finalised
            and not standing.rewarded
            and reward_allowed(standing.final_rating)
        ):
            found.append("record-reward")
    if relation == Relation.self:
        if transition(state, Event.sign) and facts.employee_signature != "agree":
            found.append("sign")  # R6.11: "seen" may still become "agree"
        if transition(state, Event.object) and check_objection(facts, today) is None:
            found.append("object")
    if relation == Relation.hr and state is State.finalised and not standing.appeal_recorded:
        found.append("record-appeal-reference")
    return found
