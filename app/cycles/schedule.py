"""The scheduling engine: an employee's cycles and the talks due in each (pure, no I/O).

Implements "The scheduling model" of RULES.md (Article 2, R4.1, R5.1, R6.1, R6.2, T2.1). Given an
employee's situation it yields the sequence of cycles from the entry date, each with its talks and
their due dates, every one labelled with the rule that produced it. Today's date is never read
here: callers say up to which day they need the sequence.

Choices where the regulation and RULES.md are silent are listed in docs/rules.md
("Scheduling: choices"); each is marked *choice* below.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.cycles.calendar import DAY, PeriodGrid, add_months, months_remaining_at_least


class CycleKind(StrEnum):
    """The kind of cycle, which decides its length and its talks:

    - `regular`: one org-wide period, two calendar years by default (R2.1, T2.1);
    - `joining`: a new entrant's first cycle, or the one after placement in the function
      scale, from its start to the end of the period, or of the next one when fewer than 6
      months remain (R2.7, R2.4, T2.1);
    - `probation`: a probationary appointment (aanstelling bij wijze van proef), one year with
      a planning talk and two appraisal talks (R2.3, R6.2);
    - `bridging`: after probation, to the end of the period, with one appraisal talk and the
      probation agreements carried over (T2.1);
    - `entry-scale`: one-year cycles while the employee is in the entry scale (aanloopschaal,
      R2.4);
    - `one-year`: calendar-year cycles by the manager's recorded decision (R2.2)."""

    regular = "regular"
    joining = "joining"
    probation = "probation"
    bridging = "bridging"
    entry_scale = "entry-scale"
    one_year = "one-year"


class TalkKind(StrEnum):
    """The three kinds of talk of the cycle (R2.1): `planning` (planningsgesprek: the
    agreements are made, Article 4), `progress` (voortgangsgesprek: they are reviewed and
    adjusted, Article 5) and `appraisal` (beoordelingsgesprek: they are rated, Article 6)."""

    planning = "planning"
    progress = "progress"
    appraisal = "appraisal"


class EndReason(StrEnum):
    leaving = "leaving"
    """The employee leaves: the open cycle ends on the leaving date."""
    placement = "placement"
    """Placement in the function scale ends the entry-scale cycle the day before (R2.4)."""


@dataclass(frozen=True)
class CycleDecision:
    """R2.2: from ``from_year`` on, the employee's cycles are calendar years (``one_year``), or,
    when a later decision says ``one_year=False``, follow the org-wide periods again."""

    from_year: int
    one_year: bool = True


@dataclass(frozen=True)
class Situation:
    entry_date: date
    probation: bool = False
    probation_decision_date: date | None = None
    in_function_scale: bool = True
    function_scale_date: date | None = None
    leaving_date: date | None = None
    decisions: tuple[CycleDecision, ...] = ()
    """In the order they were recorded: for one year, the last decision that covers it wins."""

    def placed_on(self) -> date | None:
        """The first day in the function scale (R2.4); None while in the entry scale."""
        if not self.in_function_scale:
            return None
        return self.function_scale_date or self.entry_date

    def in_entry_scale(self, day: date) -> bool:
        placed = self.placed_on()
        return placed is None or day < placed

    def one_year_in(self, year: int) -> bool:
        """R2.2: the decision recorded last among those that cover ``year`` wins, so a later
        decision overrides an earlier one from its year on."""
        covering = [d for d in self.decisions if d.from_year <= year]
        return covering[-1].one_year if covering else False


def period_grid(config: SchedulingConfig) -> PeriodGrid:
    """The periods of T2.1 as configured."""
    return PeriodGrid(config.epoch_year, config.period_years)


@dataclass(frozen=True)
class TalkPlan:
    kind: TalkKind
    due_date: date
    rule: str
    sequence: int = 1
    """1, 2 … among the talks of this kind in the cycle (probation has two appraisals)."""
    window_start: date | None = None
    """Progress talks: the first day of the window they are due in (R5.1)."""


@dataclass(frozen=True)
class CyclePlan:
    kind: CycleKind
    start_date: date
    end_date: date
    rule: str
    talks: tuple[TalkPlan, ...] = field(default=())
    end_reason: EndReason | None = None

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


def plan_cycles(
    situation: Situation,
    *,
    until: date,
    config: SchedulingConfig = DEFAULT_CONFIG,
    since: date | None = None,
) -> list[CyclePlan]:
    """Every cycle from the entry date up to and including the one that contains ``until``
    (at least the first one). The leaving date is the first day out of service: no cycle
    starts on or after it, and the cycle running then ends on it (end reason ``leaving``);
    someone who leaves on their entry date has no cycle.

    ``since``: the caller needs no cycle that ends before this day, so a run of plain regular
    cycles may be skipped over (the same plans, computed faster for long-serving staff)."""
    cycles: list[CyclePlan] = []
    cursor, leaving = situation.entry_date, situation.leaving_date
    while leaving is None or cursor < leaving:
        previous = cycles[-1] if cycles else None
        if since is not None and _settled(situation, previous):
            cursor = _skip_regular(cursor, since, leaving, config)
        plan = _next_cycle(situation, cursor, previous, config)
        if leaving is not None and plan.end_date >= leaving:
            plan = _cut(plan, leaving, EndReason.leaving)  # leaving ends the open cycle
        cycles.append(plan)
        if plan.end_date >= until:
            break
        cursor = plan.end_date + DAY
    return cycles


def _settled(s: Situation, previous: CyclePlan | None) -> bool:
    """After a regular cycle, with no R2.2 decision, every next cycle is a regular one."""
    return previous is not None and previous.kind is CycleKind.regular and not s.decisions


def _skip_regular(
    cursor: date, since: date, leaving: date | None, config: SchedulingConfig
) -> date:
    """The start of the last regular period that ends before ``since`` is passed over: the
    cursor moves to the period that contains ``since`` (never past the leaving date)."""
    grid = period_grid(config)
    target = grid.containing(since).start
    if leaving is not None:
        target = min(target, grid.containing(leaving).start)
    return max(cursor, target)


def cycles_overlapping(
    situation: Situation, start: date, end: date, config: SchedulingConfig = DEFAULT_CONFIG
) -> list[CyclePlan]:
    """The planned cycles that overlap [start, end]."""
    return [
        c
        for c in plan_cycles(situation, until=end, config=config)
        if c.start_date <= end and c.end_date >= start
    ]


def _next_cycle(
    s: Situation, cursor: date, previous: CyclePlan | None, config: SchedulingConfig
) -> CyclePlan:
    first = cursor == s.entry_date
    if first and s.probation:
        return _probation(s)
    if previous is not None and previous.kind is CycleKind.probation:
        bridging = _bridging(s, cursor, config)
        if bridging is not None:
            return bridging
    if s.in_entry_scale(cursor):
        return _entry_scale(s, cursor, first, config)
    # R2.4: the first cycle from the placement date on (also when the entry-scale cycle ended
    # on its own the day before the placement).
    placed = previous is not None and previous.kind is CycleKind.entry_scale
    if s.one_year_in(cursor.year):
        return _one_year(s, cursor, first, placed, config)
    return _rhythm(s, cursor, first, placed, config)


def _probation(s: Situation) -> CyclePlan:
    """R2.3, R6.2: planning talk due a month after entry, the first appraisal at most five months
    after entry, the second one month before the decision on a permanent appointment."""
    entry = s.entry_date
    # choice: without a decision date (never from the sync, which requires it) assume one year.
    decision = s.probation_decision_date or add_months(entry, 12)
    end = max(entry, decision - DAY)  # choice: the probation cycle runs until the decision
    planning = min(add_months(entry, 1), end)  # R2.7
    second = min(max(add_months(decision, -1), planning), end)  # R6.2
    # R6.2: "de eerste beoordeling maximaal 5 maanden na" entry. Only when that is not before
    # the second appraisal (a decision date within about six months of entry) does it move,
    # halfway between the planning talk and the second appraisal, so that the talks keep their
    # order (planning ≤ first ≤ second).
    five = add_months(entry, 5)
    first = five if five < second else planning + (second - planning) // 2
    return CyclePlan(
        kind=CycleKind.probation,
        start_date=entry,
        end_date=end,
        rule="R2.3",
        talks=(
            TalkPlan(TalkKind.planning, planning, "R2.7"),
            TalkPlan(TalkKind.appraisal, first, "R6.2", sequence=1),
            TalkPlan(TalkKind.appraisal, second, "R6.2", sequence=2),
        ),
    )


BRIDGING_MAX_MONTHS = 12


def _bridging(s: Situation, cursor: date, config: SchedulingConfig) -> CyclePlan | None:
    """T2.1: after probation, to the end of the period, with one appraisal at its end. None when
    the probation ended with the period (a regular cycle follows), when fewer than
    ``bridging_min_months`` remain (the next cycle starts at once), or (choice) when more than a
    year remains: such a cycle needs its own planning and progress talk, so it is a joining
    cycle with all three."""
    if s.in_entry_scale(cursor):
        return None
    period = period_grid(config).containing(cursor)
    if cursor == period.start:
        return None
    if not months_remaining_at_least(cursor, period.end, config.bridging_min_months):
        return None
    if add_months(cursor, BRIDGING_MAX_MONTHS) <= period.end:
        return None  # more than a year remains
    # At most a year ending on 31 December: it never runs into another calendar year, so an
    # R2.2 decision never cuts it.
    return CyclePlan(
        kind=CycleKind.bridging,
        start_date=cursor,
        end_date=period.end,
        rule="T2.1",
        talks=(TalkPlan(TalkKind.appraisal, period.end, "T2.1"),),
    )


def _entry_scale(s: Situation, cursor: date, first: bool, config: SchedulingConfig) -> CyclePlan:
    """R2.4: one-year cycles with all three talks while in the entry scale; placement in the
    function scale ends the running one the day before."""
    end = add_months(cursor, 12) - DAY
    plan = CyclePlan(
        kind=CycleKind.entry_scale,
        start_date=cursor,
        end_date=end,
        rule="R2.4",
        talks=_three_talks(cursor, end, add_months(cursor, 1), "R2.7" if first else "R2.4", config),
    )
    placed = s.placed_on()
    if placed is not None and placed <= end:
        plan = _cut(plan, placed - DAY, EndReason.placement)
    return plan


def _one_year(
    s: Situation, cursor: date, first: bool, placed: bool, config: SchedulingConfig
) -> CyclePlan:
    """R2.2: calendar-year cycles (planning due 31 May) by the manager's decision."""
    end = date(cursor.year, 12, 31)
    if not _is_new_year(cursor) and not months_remaining_at_least(
        cursor, end, config.joining_min_months
    ):
        # choice: the 6-month rule, as for new entrants: on to the end of the next year if
        # that is a one-year year too, else into the next cycle of the periods.
        if not s.one_year_in(cursor.year + 1):
            return _rhythm(s, cursor, first, placed, config)
        end = date(cursor.year + 1, 12, 31)
    due, rule = _planning_due(cursor, first, placed, "R2.2", config)
    return CyclePlan(
        kind=CycleKind.one_year,
        start_date=cursor,
        end_date=end,
        rule="R2.2",
        talks=_three_talks(cursor, end, due, rule, config),
    )


def _until_decision(
    s: Situation, cursor: date, end: date, config: SchedulingConfig
) -> tuple[date, bool]:
    """R2.2: a cycle that would run into a year with one-year cycles ends on 31 December before
    it, unless (choice, the 6-month rule) that leaves fewer than 6 months: then it runs to the
    end of that year. Returns the end and whether a decision set it."""
    for year in range(cursor.year + 1, end.year + 1):
        if s.one_year_in(year):
            cut = date(year - 1, 12, 31)
            if _is_new_year(cursor) or months_remaining_at_least(
                cursor, cut, config.joining_min_months
            ):
                return cut, True
            return date(year, 12, 31), True
    return end, False


def _rhythm(
    s: Situation, cursor: date, first: bool, placed: bool, config: SchedulingConfig
) -> CyclePlan:
    """A cycle that follows, or joins, the org-wide periods (T2.1, R2.7, R2.4)."""
    grid = period_grid(config)
    period = grid.containing(cursor)
    end = period.end
    if cursor != period.start and not months_remaining_at_least(
        cursor, end, config.joining_min_months
    ):
        end = grid.after(period).end  # fewer than 6 months left: on to the next period's end
    end, by_decision = _until_decision(s, cursor, end, config)
    due, due_rule = _planning_due(cursor, first, placed, "R4.1", config)
    if first:
        kind, rule = CycleKind.joining, "R2.7"
    elif placed:
        kind, rule = CycleKind.joining, "R2.4"
    elif by_decision and _is_new_year(cursor) and end.year == cursor.year:
        kind, rule = CycleKind.one_year, "R2.2"  # the year before one-year cycles begin
    elif cursor == period.start and end == period.end:
        kind, rule = CycleKind.regular, "T2.1"
    else:
        kind, rule = CycleKind.joining, "R2.2" if by_decision else "T2.1"
    return CyclePlan(
        kind=kind,
        start_date=cursor,
        end_date=end,
        rule=rule,
        talks=_three_talks(cursor, end, due, due_rule, config),
    )


def _is_new_year(day: date) -> bool:
    return day.month == 1 and day.day == 1


def _planning_due(
    cursor: date, first: bool, after_placement: bool, calendar_rule: str, config: SchedulingConfig
) -> tuple[date, str]:
    if first:
        return add_months(cursor, 1), "R2.7"  # within a month of entry
    if after_placement:
        return add_months(cursor, 1), "R2.4"  # choice: as for a new entrant
    if _is_new_year(cursor):
        return date(cursor.year, config.planning_due_month, config.planning_due_day), calendar_rule
    # choice: a cycle starting in the course of a year (after probation without a bridging
    # cycle) starts like an entrant's, within a month.
    return add_months(cursor, 1), "R2.7"


def progress_window(start: date, end: date, config: SchedulingConfig) -> tuple[date, date]:
    """R5.1: the middle half of [start, end], counted in days: from the day at 25 % to the last
    day before 75 % (overdue after that)."""
    length = (end - start).days + 1
    window_start = start + DAY * (length * config.progress_from_percent // 100)
    due = start + DAY * (length * config.progress_until_percent // 100) - DAY
    return window_start, max(window_start, due)


def _three_talks(
    start: date, end: date, planning_due: date, planning_rule: str, config: SchedulingConfig
) -> tuple[TalkPlan, ...]:
    window_start, progress_due = progress_window(start, end, config)
    return (
        TalkPlan(TalkKind.planning, min(planning_due, end), planning_rule),
        TalkPlan(TalkKind.progress, progress_due, "R5.1", window_start=window_start),
        TalkPlan(TalkKind.appraisal, end, "R6.1"),
    )


def _cut(plan: CyclePlan, end: date, reason: EndReason) -> CyclePlan:
    """The cycle ends early on ``end``: talks due after it are no longer required. A cycle cut
    short by placement in the function scale (R2.4) still ends with its appraisal, due on its
    last day, when its planning talk falls within it: Art. 6.1, "Vóór het einde van de cyclus
    voeren direct-leidinggevende en de medewerker een beoordelingsgesprek", so the agreements
    made in it are rated (late is flagged, not refused). Before the planning talk there is
    nothing to appraise."""
    talks = [t for t in plan.talks if t.due_date <= end]
    planned = any(t.kind is TalkKind.planning for t in talks)
    if reason is EndReason.placement and planned:  # R6.1 (Art. 6.1)
        talks += [
            replace(t, due_date=end)
            for t in plan.talks
            if t.kind is TalkKind.appraisal and t.due_date > end
        ]
    return replace(plan, end_date=end, end_reason=reason, talks=tuple(talks))


def cycle_on(
    situation: Situation, day: date, config: SchedulingConfig = DEFAULT_CONFIG
) -> CyclePlan | None:
    """The planned cycle that contains ``day`` (the first one before the entry date)."""
    plans = plan_cycles(situation, until=day, config=config)
    if not plans:
        return None
    return next(
        (p for p in plans if p.contains(day)), plans[-1] if day > plans[-1].end_date else plans[0]
    )
