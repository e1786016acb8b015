"""The scheduling engine as pure functions (no database): Article 2, R4.1, R5.1, R6.1, R6.2, T2.1.

Every expected date below is derived by hand from RULES.md ("The scheduling model") and from the
choices documented in ``app/cycles/schedule.py``, never copied from the engine's output. Day counts
for the progress window (R5.1, "the middle half counted in days": from the day at 25 % to the last
day entirely before 75 %) are written next to the values where they are not obvious.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest

from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.cycles.calendar import Period, PeriodGrid, add_months, months_remaining_at_least
from app.cycles.schedule import (
    CycleDecision,
    CycleKind,
    CyclePlan,
    EndReason,
    Situation,
    TalkKind,
    cycle_on,
    cycles_overlapping,
    period_grid,
    plan_cycles,
    progress_window,
)

D = date
ONE_DAY = timedelta(days=1)
FAR = D(2030, 12, 31)

REGULAR, JOINING, PROBATION = CycleKind.regular, CycleKind.joining, CycleKind.probation
BRIDGING, ENTRY_SCALE, ONE_YEAR = CycleKind.bridging, CycleKind.entry_scale, CycleKind.one_year


# Expected talks as (kind, due date, rule, progress window start).
def planning(due: date, rule: str) -> tuple:
    return (TalkKind.planning, due, rule, None)


def progress(window_start: date, due: date) -> tuple:
    return (TalkKind.progress, due, "R5.1", window_start)


def appraisal(due: date, rule: str = "R6.1") -> tuple:
    return (TalkKind.appraisal, due, rule, None)


def talks(cycle: CyclePlan) -> list[tuple]:
    return [(t.kind, t.due_date, t.rule, t.window_start) for t in cycle.talks]


def span(cycle: CyclePlan) -> tuple:
    return (cycle.kind, cycle.start_date, cycle.end_date)


def plan(situation: Situation, until: date = FAR, config: SchedulingConfig = DEFAULT_CONFIG):
    return plan_cycles(situation, until=until, config=config)


def first_starting(cycles: list[CyclePlan], start: date) -> CyclePlan:
    return next(c for c in cycles if c.start_date == start)


# --- calendar months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2014, 4, 1), 1, D(2014, 5, 1)),  # RULES: 1 April + 1 month = 1 May
        (D(2015, 1, 31), 1, D(2015, 2, 28)),  # clamped at the month end
        (D(2016, 1, 31), 1, D(2016, 2, 29)),  # leap year
        (D(2016, 1, 30), 1, D(2016, 2, 29)),
        (D(2015, 5, 31), 1, D(2015, 6, 30)),
        (D(2015, 11, 30), 1, D(2015, 12, 30)),
        (D(2015, 12, 1), 1, D(2016, 1, 1)),  # over the year end
        (D(2014, 12, 31), 2, D(2015, 2, 28)),
        (D(2015, 10, 31), 4, D(2016, 2, 29)),
        (D(2014, 4, 1), 5, D(2014, 9, 1)),  # R6.2 first probation appraisal
        (D(2016, 2, 29), 12, D(2017, 2, 28)),
        (D(2016, 2, 29), 48, D(2020, 2, 29)),
        (D(2015, 7, 15), 0, D(2015, 7, 15)),
        (D(2015, 4, 1), -1, D(2015, 3, 1)),
        (D(2015, 3, 31), -1, D(2015, 2, 28)),
        (D(2016, 3, 31), -1, D(2016, 2, 29)),
        (D(2015, 1, 15), -1, D(2014, 12, 15)),
        (D(2016, 1, 15), -13, D(2014, 12, 15)),
        (D(2015, 12, 31), -13, D(2014, 11, 30)),
        (D(2015, 8, 31), -6, D(2015, 2, 28)),
        (D(2015, 4, 1), -1, D(2015, 3, 1)),  # R6.2 second appraisal, T2.1 decision date
    ],
)
def test_r2_7_add_months_counts_calendar_months_clamped_at_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months", "expected"),
    [
        (D(2015, 7, 1), D(2015, 12, 31), 6, True),  # exactly six months
        (D(2015, 7, 2), D(2015, 12, 31), 6, False),
        (D(2015, 6, 30), D(2015, 12, 31), 6, True),
        (D(2014, 7, 1), D(2014, 12, 31), 6, True),
        (D(2015, 10, 1), D(2015, 12, 31), 3, True),  # exactly three months (bridging)
        (D(2015, 10, 2), D(2015, 12, 31), 3, False),
        (D(2015, 12, 1), D(2015, 12, 31), 1, True),
        (D(2015, 12, 31), D(2015, 12, 31), 1, False),
        (D(2015, 12, 31), D(2015, 12, 31), 0, True),
        (D(2014, 1, 1), D(2015, 12, 31), 24, True),  # a whole period
        (D(2014, 1, 2), D(2015, 12, 31), 24, False),
        (D(2015, 9, 1), D(2016, 2, 29), 6, True),  # leap-year end
        (D(2015, 9, 2), D(2016, 2, 29), 6, False),
    ],
)
def test_t2_1_months_remaining_at_least_at_its_boundary(start, end, months, expected):
    assert months_remaining_at_least(start, end, months) is expected


# --- org-wide periods --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end", "period_id"),
    [
        (D(2014, 1, 1), D(2014, 1, 1), D(2015, 12, 31), "2014-2015"),
        (D(2015, 12, 31), D(2014, 1, 1), D(2015, 12, 31), "2014-2015"),
        (D(2016, 1, 1), D(2016, 1, 1), D(2017, 12, 31), "2016-2017"),
        (D(2016, 2, 29), D(2016, 1, 1), D(2017, 12, 31), "2016-2017"),
        (D(2031, 6, 15), D(2030, 1, 1), D(2031, 12, 31), "2030-2031"),
        # years before the epoch: the grid extends backwards
        (D(2013, 12, 31), D(2012, 1, 1), D(2013, 12, 31), "2012-2013"),
        (D(2012, 1, 1), D(2012, 1, 1), D(2013, 12, 31), "2012-2013"),
        (D(2011, 6, 15), D(2010, 1, 1), D(2011, 12, 31), "2010-2011"),
        (D(1999, 1, 1), D(1998, 1, 1), D(1999, 12, 31), "1998-1999"),
    ],
)
def test_t2_1_the_period_containing_a_day(day, start, end, period_id):
    period = PeriodGrid().containing(day)
    assert (period.start, period.end, period.id) == (start, end, period_id)
    assert period.contains(day)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(start - ONE_DAY) and not period.contains(end + ONE_DAY)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period(D(2014, 1, 1), D(2015, 12, 31)), Period(D(2016, 1, 1), D(2017, 12, 31))),
        (Period(D(2012, 1, 1), D(2013, 12, 31)), Period(D(2014, 1, 1), D(2015, 12, 31))),
    ],
)
def test_t2_1_the_period_after(period, expected):
    assert PeriodGrid().after(period) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-2015", Period(D(2014, 1, 1), D(2015, 12, 31))),
        ("2016-2017", Period(D(2016, 1, 1), D(2017, 12, 31))),
        ("2012-2013", Period(D(2012, 1, 1), D(2013, 12, 31))),
        ("1998-1999", Period(D(1998, 1, 1), D(1999, 12, 31))),
        ("2015-2016", None),  # not on the grid
        ("2016-2018", None),
        ("2016-2016", None),
        ("2016", None),  # a one-year id on a two-year grid
        ("16-17", None),
        ("2016–2017", None),  # en dash
        (" 2016-2017", None),
        ("2016-2017\n", None),
        ("", None),
        ("abcd", None),
    ],
)
def test_t2_1_parse_a_period_id(value, expected):
    assert PeriodGrid().parse(value) == expected


@pytest.mark.parametrize(
    ("grid", "day", "start", "end", "period_id"),
    [
        (PeriodGrid(2015, 3), D(2015, 1, 1), D(2015, 1, 1), D(2017, 12, 31), "2015-2017"),
        (PeriodGrid(2015, 3), D(2014, 12, 31), D(2012, 1, 1), D(2014, 12, 31), "2012-2014"),
        (PeriodGrid(2015, 3), D(2018, 12, 31), D(2018, 1, 1), D(2020, 12, 31), "2018-2020"),
        (PeriodGrid(2015, 2), D(2016, 1, 1), D(2015, 1, 1), D(2016, 12, 31), "2015-2016"),
        (PeriodGrid(2014, 1), D(2016, 6, 15), D(2016, 1, 1), D(2016, 12, 31), "2016"),
        (PeriodGrid(2014, 1), D(2010, 6, 15), D(2010, 1, 1), D(2010, 12, 31), "2010"),
    ],
)
def test_t2_1_a_configured_epoch_and_length(grid, day, start, end, period_id):
    period = grid.containing(day)
    assert (period.start, period.end, period.id) == (start, end, period_id)
    assert grid.parse(period_id) == period
    assert grid.after(period).start == end + ONE_DAY


@pytest.mark.parametrize(
    ("grid", "value"),
    [
        (PeriodGrid(2015, 3), "2016-2018"),
        (PeriodGrid(2015, 3), "2014-2015"),
        (PeriodGrid(2015, 2), "2016-2017"),
        (PeriodGrid(2014, 1), "2016-2016"),
        (PeriodGrid(2014, 1), "2016-2017"),
    ],
)
def test_t2_1_an_id_off_a_configured_grid_is_not_a_period(grid, value):
    assert grid.parse(value) is None


# --- T2.1: the worked example ------------------------------------------------------------------

T2_1_EXAMPLE = Situation(D(2014, 4, 1), probation=True, probation_decision_date=D(2015, 4, 1))


def test_t2_1_worked_example():
    cycles = plan(T2_1_EXAMPLE, until=D(2016, 6, 1))
    assert [span(c) for c in cycles] == [
        (PROBATION, D(2014, 4, 1), D(2015, 3, 31)),  # until the decision date
        (BRIDGING, D(2015, 4, 1), D(2015, 12, 31)),  # to the end of 2014-2015
        (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
    ]
    probation, bridging, regular = cycles
    assert talks(probation) == [
        planning(D(2014, 5, 1), "R2.7"),  # entry + 1 month
        appraisal(D(2014, 9, 1), "R6.2"),  # entry + 5 months
        appraisal(D(2015, 3, 1), "R6.2"),  # decision - 1 month
    ]
    assert [t.sequence for t in probation.talks] == [1, 1, 2]
    assert talks(bridging) == [appraisal(D(2015, 12, 31), "T2.1")]
    # 2016-2017 has 731 days: 25 % = day 182.75 -> day 182 = 1 July 2016; 75 % = day 548.25,
    # the last day entirely before it is day 547 = 1 January 2017 + 181 days = 1 July 2017.
    assert talks(regular) == [
        planning(D(2016, 5, 31), "R4.1"),
        progress(D(2016, 7, 1), D(2017, 7, 1)),
        appraisal(D(2017, 12, 31)),
    ]
    assert (probation.rule, bridging.rule, regular.rule) == ("R2.3", "T2.1", "T2.1")
    assert all(c.end_reason is None for c in cycles)


def test_t2_1_worked_example_cycle_on_and_overlapping():
    assert cycle_on(T2_1_EXAMPLE, D(2015, 3, 31)).kind is PROBATION
    assert cycle_on(T2_1_EXAMPLE, D(2015, 4, 1)).kind is BRIDGING
    assert cycle_on(T2_1_EXAMPLE, D(2016, 1, 1)).kind is REGULAR
    assert cycle_on(T2_1_EXAMPLE, D(2014, 1, 1)).kind is PROBATION  # before entry: the first
    overlapping = cycles_overlapping(T2_1_EXAMPLE, D(2015, 3, 1), D(2016, 1, 1))
    assert [c.kind for c in overlapping] == [PROBATION, BRIDGING, REGULAR]
    assert [c.kind for c in cycles_overlapping(T2_1_EXAMPLE, D(2015, 5, 1), D(2015, 6, 1))] == [
        BRIDGING
    ]


def test_r2_3_without_a_decision_date_the_probation_lasts_one_year():
    # choice: no decision date -> entry + 12 months, i.e. the T2.1 example again
    situation = Situation(D(2014, 4, 1), probation=True)
    assert plan(situation, until=D(2016, 6, 1)) == plan(T2_1_EXAMPLE, until=D(2016, 6, 1))


# --- regular cycles (R4.1, R5.1, R6.1) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "planning_due", "window_start", "progress_due"),
    [
        # 730 days: 25 % = 182.5 -> day 182 = 2 July; 75 % = 547.5 -> day 546 = 1 July
        (D(2014, 1, 1), D(2015, 12, 31), D(2014, 5, 31), D(2014, 7, 2), D(2015, 7, 1)),
        # 731 days (leap first year): day 182 = 1 July; day 547 = 1 July
        (D(2016, 1, 1), D(2017, 12, 31), D(2016, 5, 31), D(2016, 7, 1), D(2017, 7, 1)),
        (D(2018, 1, 1), D(2019, 12, 31), D(2018, 5, 31), D(2018, 7, 2), D(2019, 7, 1)),
        (D(2020, 1, 1), D(2021, 12, 31), D(2020, 5, 31), D(2020, 7, 1), D(2021, 7, 1)),
    ],
)
def test_r4_1_a_regular_cycle_is_one_org_wide_period(
    start, end, planning_due, window_start, progress_due
):
    # entry 1 March 2013: the first cycle runs to 31 December 2013 (10 months left)
    cycles = plan(Situation(D(2013, 3, 1)), until=end)
    cycle = cycles[-1]
    assert span(cycle) == (REGULAR, start, end)
    assert cycle.rule == "T2.1"
    assert talks(cycle) == [
        planning(planning_due, "R4.1"),
        progress(window_start, progress_due),
        appraisal(end, "R6.1"),  # R6.1: on the last day
    ]


def test_r6_1_the_appraisal_is_due_on_the_last_day_of_every_three_talk_cycle():
    cycles = plan(Situation(D(2013, 3, 1)), until=D(2021, 1, 1))
    assert [(c.start_date, c.end_date) for c in cycles] == [
        (D(2013, 3, 1), D(2013, 12, 31)),
        (D(2014, 1, 1), D(2015, 12, 31)),
        (D(2016, 1, 1), D(2017, 12, 31)),
        (D(2018, 1, 1), D(2019, 12, 31)),
        (D(2020, 1, 1), D(2021, 12, 31)),
    ]
    for cycle in cycles:
        assert talks(cycle)[-1] == appraisal(cycle.end_date, "R6.1")


# --- R2.7: a new entrant's first cycle ---------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "end", "planning_due", "window_start", "progress_due"),
    [
        # the first day of a period: the whole period, planning a month after entry
        (D(2016, 1, 1), D(2017, 12, 31), D(2016, 2, 1), D(2016, 7, 1), D(2017, 7, 1)),
        # the last day of a period: fewer than 6 months -> to the end of the next period;
        # 732 days: 25 % = 183 -> 1 July 2016; 75 % = 549 -> day 548 = 1 July 2017
        (D(2015, 12, 31), D(2017, 12, 31), D(2016, 1, 31), D(2016, 7, 1), D(2017, 7, 1)),
        # exactly six months left (1 July - 31 December): 184 days, 25 % = 46 -> 16 August,
        # 75 % = 138 -> day 137 = 15 November
        (D(2015, 7, 1), D(2015, 12, 31), D(2015, 8, 1), D(2015, 8, 16), D(2015, 11, 15)),
        (D(2015, 6, 30), D(2015, 12, 31), D(2015, 7, 30), D(2015, 8, 15), D(2015, 11, 14)),
        # one day short of six months: on to the end of 2016-2017 (914 days: 228 -> 15 Feb 2016,
        # 685 -> day 684 = 16 May 2017)
        (D(2015, 7, 2), D(2017, 12, 31), D(2015, 8, 2), D(2016, 2, 15), D(2017, 5, 16)),
        # in the first year of a period: 18 months (549 days: 137 -> 15 Nov, 411 -> 15 Aug)
        (D(2014, 7, 1), D(2015, 12, 31), D(2014, 8, 1), D(2014, 11, 15), D(2015, 8, 15)),
        # 1 January of a period's second year: to the end of that year (365 days: 91, 272)
        (D(2015, 1, 1), D(2015, 12, 31), D(2015, 2, 1), D(2015, 4, 2), D(2015, 9, 30)),
        # 31 January + 1 month = 28/29 February
        (D(2015, 1, 31), D(2015, 12, 31), D(2015, 2, 28), D(2015, 4, 24), D(2015, 10, 8)),
        (D(2016, 1, 31), D(2017, 12, 31), D(2016, 2, 29), D(2016, 7, 24), D(2017, 7, 8)),
    ],
)
def test_r2_7_first_cycle_of_a_new_entrant(entry, end, planning_due, window_start, progress_due):
    cycles = plan(Situation(entry), until=end + ONE_DAY)
    first, following = cycles
    assert span(first) == (JOINING, entry, end)
    assert talks(first) == [
        planning(planning_due, "R2.7"),
        progress(window_start, progress_due),
        appraisal(end, "R6.1"),
    ]
    # the next cycle is a regular one: the entrant has joined the org-wide rhythm
    assert span(following) == (REGULAR, end + ONE_DAY, D(end.year + 2, 12, 31))
    assert talks(following)[0] == planning(D(end.year + 1, 5, 31), "R4.1")


@pytest.mark.parametrize(
    ("entry", "end"),
    [
        (D(2015, 7, 1), D(2015, 12, 31)),
        (D(2015, 7, 2), D(2017, 12, 31)),
        (D(2014, 7, 1), D(2015, 12, 31)),
        (D(2014, 7, 2), D(2015, 12, 31)),  # 18 months minus a day: still inside the period
        (D(2015, 12, 31), D(2017, 12, 31)),
        (D(2016, 1, 1), D(2017, 12, 31)),
    ],
)
def test_r2_7_the_6_month_rule_for_new_entrants(entry, end):
    assert plan(Situation(entry), until=entry)[0].end_date == end


# --- R2.3 / R6.2: probation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "decision", "end", "planning_due", "first", "second"),
    [
        (D(2014, 4, 1), D(2015, 4, 1), D(2015, 3, 31), D(2014, 5, 1), D(2014, 9, 1), D(2015, 3, 1)),
        # month ends: 31 Jan + 1 = 28 Feb, + 5 = 30 Jun; 31 Jan 2016 - 1 month = 31 Dec 2015
        (
            D(2015, 1, 31),
            D(2016, 1, 31),
            D(2016, 1, 30),
            D(2015, 2, 28),
            D(2015, 6, 30),
            D(2015, 12, 31),
        ),
        # 31 March 2016 - 1 month = 29 February 2016 (leap year)
        (
            D(2015, 3, 31),
            D(2016, 3, 31),
            D(2016, 3, 30),
            D(2015, 4, 30),
            D(2015, 8, 31),
            D(2016, 2, 29),
        ),
        # no decision date: 29 Feb 2016 + 12 months = 28 Feb 2017
        (D(2016, 2, 29), None, D(2017, 2, 27), D(2016, 3, 29), D(2016, 7, 29), D(2017, 1, 28)),
        # a longer probation: the cycle runs until the decision
        (
            D(2014, 4, 1),
            D(2015, 10, 1),
            D(2015, 9, 30),
            D(2014, 5, 1),
            D(2014, 9, 1),
            D(2015, 9, 1),
        ),
    ],
)
def test_r6_2_probation_appraisals(entry, decision, end, planning_due, first, second):
    situation = Situation(entry, probation=True, probation_decision_date=decision)
    cycle = plan(situation, until=entry)[0]
    assert span(cycle) == (PROBATION, entry, end)
    assert cycle.rule == "R2.3"
    assert talks(cycle) == [
        planning(planning_due, "R2.7"),
        appraisal(first, "R6.2"),
        appraisal(second, "R6.2"),
    ]
    assert not any(t.kind is TalkKind.progress for t in cycle.talks)  # R2.3: none required


@pytest.mark.parametrize(
    ("decision", "end", "first", "second"),
    [
        # R6.2: first = entry + 5 months (1 September 2014); only when that is not before the
        # second appraisal (decision - 1 month) does it move, halfway between the planning talk
        # (1 May 2014, entry + 1 month) and the second appraisal (issue 18, point 4).
        # decision 4 months after entry: second = 1 July, before 1 September: 1 May -> 1 July
        # = 61 days, // 2 = 30: 1 May + 30 = 31 May
        (D(2014, 8, 1), D(2014, 7, 31), D(2014, 5, 31), D(2014, 7, 1)),
        # exactly five months: second = 1 August; 1 May -> 1 August = 92 days, // 2 = 46:
        # 1 May + 46 = 16 June
        (D(2014, 9, 1), D(2014, 8, 31), D(2014, 6, 16), D(2014, 8, 1)),
        # three months: second = 1 June; 1 May -> 1 June = 31 days, // 2 = 15: 16 May
        (D(2014, 7, 1), D(2014, 6, 30), D(2014, 5, 16), D(2014, 6, 1)),
        # 5 months and a day: second = 2 August, still before 1 September: 93 // 2 = 46: 16 June
        (D(2014, 9, 2), D(2014, 9, 1), D(2014, 6, 16), D(2014, 8, 2)),
        # seven months: second = 1 October, after 1 September: the first stays at entry + 5
        (D(2014, 11, 1), D(2014, 10, 31), D(2014, 9, 1), D(2014, 10, 1)),
        # nine and ten months: likewise (the earlier reading pulled it to 16 and 31 August)
        (D(2015, 1, 1), D(2014, 12, 31), D(2014, 9, 1), D(2014, 12, 1)),
        (D(2015, 2, 1), D(2015, 1, 31), D(2014, 9, 1), D(2015, 1, 1)),
        (D(2015, 2, 2), D(2015, 2, 1), D(2014, 9, 1), D(2015, 1, 2)),
    ],
)
def test_r6_2_an_early_decision_keeps_the_two_appraisals_apart(decision, end, first, second):
    situation = Situation(D(2014, 4, 1), probation=True, probation_decision_date=decision)
    cycle = plan(situation, until=D(2014, 4, 1))[0]
    assert span(cycle) == (PROBATION, D(2014, 4, 1), end)
    appraisals = [t for t in cycle.talks if t.kind is TalkKind.appraisal]
    assert [(t.due_date, t.rule, t.sequence) for t in appraisals] == [
        (first, "R6.2", 1),
        (second, "R6.2", 2),
    ]
    assert cycle.start_date <= first < second <= cycle.end_date
    assert talks(cycle)[0] == planning(D(2014, 5, 1), "R2.7")


@pytest.mark.parametrize(
    ("decision", "end", "planning_due", "first", "second"),
    [
        # choice (absurdly short probations): planning = min(entry + 1 month, end); second =
        # decision - 1 month clamped to [planning, end]; first = planning + (second - planning)
        # // 2. They keep their order but may coincide.
        # decision 1 May: end 30 April; planning = min(1 May, 30 April) = 30 April; second =
        # 1 April clamped up to 30 April; first = 30 April + 0
        (D(2014, 5, 1), D(2014, 4, 30), D(2014, 4, 30), D(2014, 4, 30), D(2014, 4, 30)),
        # decision 2 May: end 1 May; planning 1 May; second = 2 April -> 1 May; first 1 May
        (D(2014, 5, 2), D(2014, 5, 1), D(2014, 5, 1), D(2014, 5, 1), D(2014, 5, 1)),
        # decision 1 June: end 31 May; planning 1 May; second = 1 May; first = 1 May + 0
        (D(2014, 6, 1), D(2014, 5, 31), D(2014, 5, 1), D(2014, 5, 1), D(2014, 5, 1)),
        # decision 2 June: second = 2 May; first = 1 May + 1 // 2 = 1 May
        (D(2014, 6, 2), D(2014, 6, 1), D(2014, 5, 1), D(2014, 5, 1), D(2014, 5, 2)),
        # decision 3 June: second = 3 May; first = 1 May + 2 // 2 = 2 May: all three apart
        (D(2014, 6, 3), D(2014, 6, 2), D(2014, 5, 1), D(2014, 5, 2), D(2014, 5, 3)),
    ],
)
def test_r2_3_an_early_decision_keeps_planning_before_the_two_appraisals(
    decision, end, planning_due, first, second
):
    situation = Situation(D(2014, 4, 1), probation=True, probation_decision_date=decision)
    cycle = plan(situation, until=D(2014, 4, 1))[0]
    assert span(cycle) == (PROBATION, D(2014, 4, 1), end)
    assert talks(cycle) == [
        planning(planning_due, "R2.7"),
        appraisal(first, "R6.2"),
        appraisal(second, "R6.2"),
    ]
    assert [t.sequence for t in cycle.talks] == [1, 1, 2]


PROBATION_ENTRIES = [D(2014, 4, 1), D(2015, 1, 31), D(2015, 8, 31), D(2016, 2, 29), D(2015, 12, 1)]


@pytest.mark.parametrize("entry", PROBATION_ENTRIES)
def test_r2_3_r6_2_probation_talks_keep_their_order_for_every_decision_date(entry):
    """The first appraisal at entry + 5 months whenever that is before the second."""
    # every decision date from entry + 1 month to entry + 14 months
    decisions = []
    day = add_months(entry, 1)
    while day <= add_months(entry, 14):
        decisions.append(day)
        day += ONE_DAY
    previous = None
    for decision in decisions:
        situation = Situation(entry, probation=True, probation_decision_date=decision)
        cycle = plan(situation, until=entry)[0]
        end = decision - ONE_DAY
        assert span(cycle) == (PROBATION, entry, end)
        planning_talk, first, second = cycle.talks
        kinds = [t.kind for t in cycle.talks]
        assert kinds == [TalkKind.planning, TalkKind.appraisal, TalkKind.appraisal]
        # R2.7: entry + 1 month, or the last day when the probation is shorter
        assert planning_talk.due_date == min(add_months(entry, 1), end)
        # R6.2: one month before the decision, never before the planning talk nor after the end
        assert second.due_date == min(max(add_months(decision, -1), planning_talk.due_date), end)
        assert first.due_date <= add_months(entry, 5)  # R6.2: at most five months after entry
        assert entry <= planning_talk.due_date <= first.due_date <= second.due_date <= end
        if decision >= add_months(entry, 3):  # apart once the probation is 3 months or longer
            assert planning_talk.due_date < first.due_date < second.due_date
        five = add_months(entry, 5)
        if five < second.due_date:  # R6.2: entry + 5 months, unless it would pass the second
            assert first.due_date == five
        else:
            halfway = planning_talk.due_date + (second.due_date - planning_talk.due_date) // 2
            assert first.due_date == halfway
        if previous is not None:
            # the talks move with the decision date, never back
            pairs = zip(previous.talks, cycle.talks, strict=True)
            assert all(b.due_date >= a.due_date for a, b in pairs)
        previous = cycle


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # probation ends 30 Sep 2015: exactly 3 months of 2014-2015 remain -> a bridging cycle
        (
            D(2014, 10, 1),
            [
                (PROBATION, D(2014, 10, 1), D(2015, 9, 30)),
                (BRIDGING, D(2015, 10, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # probation ends 31 March 2015: 9 months remain (T2.1)
        (
            D(2014, 4, 1),
            [
                (PROBATION, D(2014, 4, 1), D(2015, 3, 31)),
                (BRIDGING, D(2015, 4, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # probation ends 31 December 2014: exactly 12 months (2015) remain -> still bridging
        (
            D(2014, 1, 1),
            [
                (PROBATION, D(2014, 1, 1), D(2014, 12, 31)),
                (BRIDGING, D(2015, 1, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
    ],
)
def test_t2_1_a_bridging_cycle_after_probation(entry, expected):
    situation = Situation(entry, probation=True)  # decision = entry + 12 months
    cycles = plan(situation, until=D(2016, 1, 1))
    assert [span(c) for c in cycles] == expected
    assert cycles[1].rule == "T2.1"
    assert talks(cycles[1]) == [appraisal(expected[1][2], "T2.1")]
    assert talks(cycles[2])[0] == planning(D(2016, 5, 31), "R4.1")


@pytest.mark.parametrize(
    ("entry", "cursor", "window_start", "progress_due"),
    [
        # probation ends 31 May 2014: 1 June 2014 - 31 December 2015 is 19 months, more than 12
        # (choice, BRIDGING_MAX_MONTHS) -> a joining cycle with all three talks (T2.1).
        # 579 days (214 + 365): 25 % = 144.75 -> day 144 = 23 October 2014; 75 % = 434.25 ->
        # day 433 = 1 June 2015 + 68 = 8 August 2015
        (D(2013, 6, 1), D(2014, 6, 1), D(2014, 10, 23), D(2015, 8, 8)),
        # probation ends 30 November 2014: 1 December 2014 - 31 December 2015 is exactly 13
        # months. 396 days: 25 % = 99 -> 1 December + 99 = 10 March 2015; 75 % = 297 -> day 296
        # = 23 September 2015
        (D(2013, 12, 1), D(2014, 12, 1), D(2015, 3, 10), D(2015, 9, 23)),
        # probation ends 1 Jan 2014, the day after a period start: 2 Jan 2014 - 31 Dec 2015.
        # 729 days: 182.25 -> day 182 = 3 July 2014; 546.75 -> day 545 = 1 July 2015
        (D(2013, 1, 2), D(2014, 1, 2), D(2014, 7, 3), D(2015, 7, 1)),
    ],
)
def test_t2_1_more_than_12_months_left_after_probation_is_a_joining_cycle(
    entry, cursor, window_start, progress_due
):
    situation = Situation(entry, probation=True)  # decision = entry + 12 months
    cycles = plan(situation, until=D(2016, 1, 1))
    assert [span(c) for c in cycles] == [
        (PROBATION, entry, cursor - ONE_DAY),
        (JOINING, cursor, D(2015, 12, 31)),
        (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
    ]
    assert cycles[1].rule == "T2.1"
    # planning a month after the cycle starts (choice in _planning_due: rule R2.7)
    assert talks(cycles[1]) == [
        planning(add_months(cursor, 1), "R2.7"),
        progress(window_start, progress_due),
        appraisal(D(2015, 12, 31)),
    ]
    assert talks(cycles[2])[0] == planning(D(2016, 5, 31), "R4.1")


@pytest.mark.parametrize(
    ("entry", "cursor", "window_start", "progress_due"),
    [
        # 2 Dec 2014 + 12 months = 2 Dec 2015 <= 31 Dec 2015: 12 months and 30 days remain.
        # 395 days: 98.75 -> day 98 = 10 March 2015; 296.25 -> day 295 = 23 September 2015
        (D(2013, 12, 2), D(2014, 12, 2), D(2015, 3, 10), D(2015, 9, 23)),
        # 31 Dec 2014 + 12 months = 31 Dec 2015: 12 months and a day remain.
        # 366 days: 91.5 -> day 91 = 1 April 2015; 274.5 -> day 273 = 30 September 2015
        (D(2013, 12, 31), D(2014, 12, 31), D(2015, 4, 1), D(2015, 9, 30)),
    ],
)
def test_t2_1_a_bridging_cycle_never_spans_more_than_12_months(
    entry, cursor, window_start, progress_due
):
    cycles = plan(Situation(entry, probation=True), until=D(2016, 1, 1))
    assert [span(c) for c in cycles] == [
        (PROBATION, entry, cursor - ONE_DAY),
        (JOINING, cursor, D(2015, 12, 31)),
        (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
    ]
    assert talks(cycles[1]) == [
        planning(add_months(cursor, 1), "R2.7"),
        progress(window_start, progress_due),
        appraisal(D(2015, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("entry", "cursor", "planning_due", "window_start", "progress_due"),
    [
        # probation ends 1 Oct 2015: 2 Oct - 31 Dec is less than 3 months -> no bridging; the
        # next cycle starts the next day and (fewer than 6 months left) runs to the end of
        # 2016-2017. 822 days: 205 -> 24 April 2016, 616 -> day 615 = 8 June 2017.
        (D(2014, 10, 2), D(2015, 10, 2), D(2015, 11, 2), D(2016, 4, 24), D(2017, 6, 8)),
        # 792 days: 198 -> 17 May 2016, 594 -> day 593 = 16 June 2017
        (D(2014, 11, 1), D(2015, 11, 1), D(2015, 12, 1), D(2016, 5, 17), D(2017, 6, 16)),
        # one day left of 2014-2015 (732 days)
        (D(2014, 12, 31), D(2015, 12, 31), D(2016, 1, 31), D(2016, 7, 1), D(2017, 7, 1)),
    ],
)
def test_t2_1_no_bridging_cycle_when_fewer_than_3_months_remain(
    entry, cursor, planning_due, window_start, progress_due
):
    situation = Situation(entry, probation=True)
    cycles = plan(situation, until=D(2018, 1, 1))
    assert [span(c) for c in cycles] == [
        (PROBATION, entry, cursor - ONE_DAY),
        (JOINING, cursor, D(2017, 12, 31)),
        (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
    ]
    assert cycles[1].rule == "T2.1"
    # choice: a cycle starting in the course of a year starts like an entrant's, within a month
    assert talks(cycles[1]) == [
        planning(planning_due, "R2.7"),
        progress(window_start, progress_due),
        appraisal(D(2017, 12, 31)),
    ]


@pytest.mark.parametrize(
    "config",
    [DEFAULT_CONFIG, SchedulingConfig(bridging_min_months=0)],
    ids=["default", "bridging-0"],
)
def test_t2_1_probation_ending_on_the_last_day_of_a_period_needs_no_bridging_cycle(config):
    # the probation ends 31 Dec 2015: the next day starts 2016-2017, so a regular cycle follows
    situation = Situation(D(2015, 1, 1), probation=True, probation_decision_date=D(2016, 1, 1))
    cycles = plan(situation, until=D(2016, 1, 1), config=config)
    assert [span(c) for c in cycles] == [
        (PROBATION, D(2015, 1, 1), D(2015, 12, 31)),
        (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
    ]
    assert cycles[1].rule == "T2.1"
    # 731 days: day 182 = 1 July 2016; day 547 = 1 July 2017 (as in the worked example)
    assert talks(cycles[1]) == [
        planning(D(2016, 5, 31), "R4.1"),
        progress(D(2016, 7, 1), D(2017, 7, 1)),
        appraisal(D(2017, 12, 31)),
    ]


# --- R2.4: entry scale and placement in the function scale ---------------------------------------


def test_r2_4_one_year_cycles_from_the_entry_date_in_the_entry_scale():
    situation = Situation(D(2015, 3, 1), in_function_scale=False)
    cycles = plan(situation, until=D(2017, 3, 1))
    assert [span(c) for c in cycles] == [
        (ENTRY_SCALE, D(2015, 3, 1), D(2016, 2, 29)),  # 1 March 2016 - 1 day
        (ENTRY_SCALE, D(2016, 3, 1), D(2017, 2, 28)),
        (ENTRY_SCALE, D(2017, 3, 1), D(2018, 2, 28)),
    ]
    assert all(c.rule == "R2.4" for c in cycles)
    # 366 days: 25 % = 91.5 -> day 91 = 31 May; 75 % = 274.5 -> day 273 = 29 November
    assert talks(cycles[0]) == [
        planning(D(2015, 4, 1), "R2.7"),
        progress(D(2015, 5, 31), D(2015, 11, 29)),
        appraisal(D(2016, 2, 29)),
    ]
    # 365 days: day 91 = 31 May; 75 % = 273.75 -> day 272 = 28 November
    assert talks(cycles[1]) == [
        planning(D(2016, 4, 1), "R2.4"),
        progress(D(2016, 5, 31), D(2016, 11, 28)),
        appraisal(D(2017, 2, 28)),
    ]


def test_r2_4_entry_scale_cycles_at_a_month_end():
    cycles = plan(Situation(D(2015, 1, 31), in_function_scale=False), until=D(2016, 2, 1))
    assert [span(c) for c in cycles] == [
        (ENTRY_SCALE, D(2015, 1, 31), D(2016, 1, 30)),
        (ENTRY_SCALE, D(2016, 1, 31), D(2017, 1, 30)),
    ]
    assert talks(cycles[0])[0] == planning(D(2015, 2, 28), "R2.7")
    assert talks(cycles[1])[0] == planning(D(2016, 2, 29), "R2.4")


ENTRY_SCALE_TALKS_2015 = [
    planning(D(2015, 4, 1), "R2.7"),
    progress(D(2015, 5, 31), D(2015, 11, 29)),
]


@pytest.mark.parametrize(
    ("placed", "kept", "joining_end", "joining_talks"),
    [
        # 7 months left: to the end of 2014-2015 (214 days: 53 -> 24 Jul, 160 -> day 159 = 7 Nov)
        (
            D(2015, 6, 1),
            ENTRY_SCALE_TALKS_2015[:1],
            D(2015, 12, 31),
            [
                planning(D(2015, 7, 1), "R2.4"),
                progress(D(2015, 7, 24), D(2015, 11, 7)),
                appraisal(D(2015, 12, 31)),
            ],
        ),
        # exactly 6 months left
        (
            D(2015, 7, 1),
            ENTRY_SCALE_TALKS_2015[:1],
            D(2015, 12, 31),
            [
                planning(D(2015, 8, 1), "R2.4"),
                progress(D(2015, 8, 16), D(2015, 11, 15)),
                appraisal(D(2015, 12, 31)),
            ],
        ),
        # one day short of 6 months: to the end of 2016-2017
        (
            D(2015, 7, 2),
            ENTRY_SCALE_TALKS_2015[:1],
            D(2017, 12, 31),
            [
                planning(D(2015, 8, 2), "R2.4"),
                progress(D(2016, 2, 15), D(2017, 5, 16)),
                appraisal(D(2017, 12, 31)),
            ],
        ),
        # the progress talk was due 29 November 2015: kept when the cycle ends on that day ...
        (
            D(2015, 11, 30),
            ENTRY_SCALE_TALKS_2015,
            D(2017, 12, 31),
            [
                planning(D(2015, 12, 30), "R2.4"),
                # 763 days: 190 -> 7 June 2016, 572 -> day 571 = 23 June 2017
                progress(D(2016, 6, 7), D(2017, 6, 23)),
                appraisal(D(2017, 12, 31)),
            ],
        ),
        # ... and lost when it ends the day before
        (
            D(2015, 11, 29),
            ENTRY_SCALE_TALKS_2015[:1],
            D(2017, 12, 31),
            [
                planning(D(2015, 12, 29), "R2.4"),
                # 764 days: 191 -> 7 June 2016, 573 -> day 572 = 23 June 2017
                progress(D(2016, 6, 7), D(2017, 6, 23)),
                appraisal(D(2017, 12, 31)),
            ],
        ),
        # 1 December 2015 (762 days: 190 -> 8 June 2016, 571 -> day 570 = 23 June 2017)
        (
            D(2015, 12, 1),
            ENTRY_SCALE_TALKS_2015,
            D(2017, 12, 31),
            [
                planning(D(2016, 1, 1), "R2.4"),
                progress(D(2016, 6, 8), D(2017, 6, 23)),
                appraisal(D(2017, 12, 31)),
            ],
        ),
        # placed on the first day of a period: the whole period; choice: planning a month after
        (
            D(2016, 1, 1),
            ENTRY_SCALE_TALKS_2015,
            D(2017, 12, 31),
            [
                planning(D(2016, 2, 1), "R2.4"),
                progress(D(2016, 7, 1), D(2017, 7, 1)),
                appraisal(D(2017, 12, 31)),
            ],
        ),
    ],
)
def test_r2_4_placement_in_the_function_scale_mid_cycle(placed, kept, joining_end, joining_talks):
    situation = Situation(D(2015, 3, 1), function_scale_date=placed)
    cycles = plan(situation, until=joining_end + ONE_DAY)
    entry_cycle, joining, regular = cycles
    assert span(entry_cycle) == (ENTRY_SCALE, D(2015, 3, 1), placed - ONE_DAY)
    assert entry_cycle.end_reason is EndReason.placement
    # Talks due after the placement are no longer required, but the appraisal moves to the
    # cycle's last day (R6.1, Art. 6.1: the agreements made in the planning talk are rated).
    assert talks(entry_cycle) == [*kept, appraisal(placed - ONE_DAY)]
    assert span(joining) == (JOINING, placed, joining_end)
    assert joining.end_reason is None
    assert talks(joining) == joining_talks
    assert span(regular) == (REGULAR, joining_end + ONE_DAY, D(joining_end.year + 2, 12, 31))


def test_r2_4_placement_in_the_second_entry_scale_cycle():
    situation = Situation(D(2015, 3, 1), function_scale_date=D(2016, 9, 1))
    cycles = plan(situation, until=D(2018, 1, 1))
    assert [span(c) for c in cycles] == [
        (ENTRY_SCALE, D(2015, 3, 1), D(2016, 2, 29)),
        (ENTRY_SCALE, D(2016, 3, 1), D(2016, 8, 31)),
        (JOINING, D(2016, 9, 1), D(2017, 12, 31)),  # 16 months left of 2016-2017
        (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
    ]
    assert [c.end_reason for c in cycles] == [None, EndReason.placement, None, None]
    # the second entry-scale cycle's progress talk was due 28 November 2016: lost; its
    # appraisal is due on its last day (R6.1)
    assert talks(cycles[1]) == [planning(D(2016, 4, 1), "R2.4"), appraisal(D(2016, 8, 31))]
    assert cycles[2].rule == "R2.4"
    # 487 days: 121 -> 31 December 2016; 365 -> day 364 = 31 August 2017
    assert talks(cycles[2]) == [
        planning(D(2016, 10, 1), "R2.4"),
        progress(D(2016, 12, 31), D(2017, 8, 31)),
        appraisal(D(2017, 12, 31)),
    ]


def test_r2_4_placement_on_the_anniversary_of_entry_is_still_a_placement():
    # the entry-scale cycle ends on its own on 29 Feb 2016, the day before the placement: the
    # next cycle is still the placement cycle (R2.4, planning a month after, rule R2.4)
    situation = Situation(D(2015, 3, 1), function_scale_date=D(2016, 3, 1))
    cycles = plan(situation, until=D(2018, 1, 1))
    assert [span(c) for c in cycles] == [
        (ENTRY_SCALE, D(2015, 3, 1), D(2016, 2, 29)),
        (JOINING, D(2016, 3, 1), D(2017, 12, 31)),  # 22 months left of 2016-2017
        (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
    ]
    assert [c.end_reason for c in cycles] == [None, None, None]
    assert cycles[1].rule == "R2.4"
    # 671 days (306 + 365): 167.75 -> day 167 = 15 August 2016; 503.25 -> day 502 =
    # 1 March 2017 + 137 = 16 July 2017
    assert talks(cycles[1]) == [
        planning(D(2016, 4, 1), "R2.4"),
        progress(D(2016, 8, 15), D(2017, 7, 16)),
        appraisal(D(2017, 12, 31)),
    ]
    assert talks(cycles[2])[0] == planning(D(2018, 5, 31), "R4.1")


@pytest.mark.parametrize(
    ("decisions", "expected", "rule"),
    [
        # one-year cycles from 2016: 1 Sep 2016 leaves 4 months of 2016, and 2017 is a one-year
        # year too -> on to 31 December 2017 (choice, the 6-month rule)
        (
            (CycleDecision(2016),),
            [
                (ONE_YEAR, D(2016, 9, 1), D(2017, 12, 31)),
                (ONE_YEAR, D(2018, 1, 1), D(2018, 12, 31)),
            ],
            "R2.2",
        ),
        # revoked from 2017: the short 2016 remainder joins the periods instead -> to the end of
        # 2016-2017 (16 months left, joining rule R2.4)
        (
            (CycleDecision(2016), CycleDecision(2017, one_year=False)),
            [
                (JOINING, D(2016, 9, 1), D(2017, 12, 31)),
                (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
            ],
            "R2.4",
        ),
    ],
)
def test_r2_4_r2_2_placement_in_a_year_with_one_year_cycles(decisions, expected, rule):
    situation = Situation(D(2015, 3, 1), function_scale_date=D(2016, 9, 1), decisions=decisions)
    cycles = plan(situation, until=D(2018, 1, 1))
    assert [span(c) for c in cycles] == [
        (ENTRY_SCALE, D(2015, 3, 1), D(2016, 2, 29)),
        (ENTRY_SCALE, D(2016, 3, 1), D(2016, 8, 31)),
        *expected,
    ]
    assert cycles[1].end_reason is EndReason.placement
    assert cycles[2].rule == rule
    # the placement cycle: planning a month after the placement (R2.4); 487 days: 121 -> 31
    # December 2016; 365 -> day 364 = 31 August 2017
    assert talks(cycles[2]) == [
        planning(D(2016, 10, 1), "R2.4"),
        progress(D(2016, 12, 31), D(2017, 8, 31)),
        appraisal(D(2017, 12, 31)),
    ]


# --- R2.2: one-year cycles by the manager's decision ---------------------------------------------

ONE_YEAR_2016 = [  # 366 days: 91.5 -> 1 April; 274.5 -> day 273 = 30 September
    planning(D(2016, 5, 31), "R2.2"),
    progress(D(2016, 4, 1), D(2016, 9, 30)),
    appraisal(D(2016, 12, 31)),
]
ONE_YEAR_2017 = [  # 365 days: 91.25 -> 2 April; 273.75 -> day 272 = 30 September
    planning(D(2017, 5, 31), "R2.2"),
    progress(D(2017, 4, 2), D(2017, 9, 30)),
    appraisal(D(2017, 12, 31)),
]


def test_r2_2_calendar_year_cycles_from_the_decision_year():
    situation = Situation(D(2014, 1, 1), decisions=(CycleDecision(2016),))
    cycles = plan(situation, until=D(2018, 6, 1))
    assert [span(c) for c in cycles] == [
        (JOINING, D(2014, 1, 1), D(2015, 12, 31)),
        (ONE_YEAR, D(2016, 1, 1), D(2016, 12, 31)),
        (ONE_YEAR, D(2017, 1, 1), D(2017, 12, 31)),
        (ONE_YEAR, D(2018, 1, 1), D(2018, 12, 31)),
    ]
    assert all(c.rule == "R2.2" for c in cycles[1:])
    assert talks(cycles[1]) == ONE_YEAR_2016
    assert talks(cycles[2]) == ONE_YEAR_2017


def test_r2_2_a_decision_revoked_by_a_later_decision():
    decisions = (CycleDecision(2016), CycleDecision(2018, one_year=False))
    cycles = plan(Situation(D(2014, 1, 1), decisions=decisions), until=D(2020, 1, 1))
    assert [span(c) for c in cycles] == [
        (JOINING, D(2014, 1, 1), D(2015, 12, 31)),
        (ONE_YEAR, D(2016, 1, 1), D(2016, 12, 31)),
        (ONE_YEAR, D(2017, 1, 1), D(2017, 12, 31)),
        (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
        (REGULAR, D(2020, 1, 1), D(2021, 12, 31)),
    ]
    assert talks(cycles[3])[0] == planning(D(2018, 5, 31), "R4.1")


def test_r2_2_a_decision_revoked_in_the_second_year_of_a_period():
    decisions = (CycleDecision(2016), CycleDecision(2017, one_year=False))
    cycles = plan(Situation(D(2014, 1, 1), decisions=decisions), until=D(2018, 1, 1))
    # 2017 is what remains of 2016-2017 (12 months, so no 6-month extension)
    assert [(c.start_date, c.end_date) for c in cycles] == [
        (D(2014, 1, 1), D(2015, 12, 31)),
        (D(2016, 1, 1), D(2016, 12, 31)),
        (D(2017, 1, 1), D(2017, 12, 31)),
        (D(2018, 1, 1), D(2019, 12, 31)),
    ]
    assert cycles[1].kind is ONE_YEAR and cycles[3].kind is REGULAR
    assert talks(cycles[2]) == [
        planning(D(2017, 5, 31), "R4.1"),
        progress(D(2017, 4, 2), D(2017, 9, 30)),
        appraisal(D(2017, 12, 31)),
    ]


def test_r2_2_a_decision_from_the_second_year_of_a_regular_period():
    # the 2016-2017 cycle ends on 31 December of its first year; 2017 is a calendar-year cycle
    situation = Situation(D(2014, 1, 1), decisions=(CycleDecision(2017),))
    cycles = plan(situation, until=D(2017, 6, 1))
    assert [(c.start_date, c.end_date) for c in cycles] == [
        (D(2014, 1, 1), D(2015, 12, 31)),
        (D(2016, 1, 1), D(2016, 12, 31)),
        (D(2017, 1, 1), D(2017, 12, 31)),
    ]
    # starts 1 January and the decision cuts it to the same year's end: kind one-year, R2.2
    assert (cycles[1].kind, cycles[1].rule) == (ONE_YEAR, "R2.2")
    assert talks(cycles[1]) == [
        planning(D(2016, 5, 31), "R4.1"),  # still the org-wide planning date of 2016-2017
        progress(D(2016, 4, 1), D(2016, 9, 30)),
        appraisal(D(2016, 12, 31)),
    ]
    assert span(cycles[2]) == (ONE_YEAR, D(2017, 1, 1), D(2017, 12, 31))
    assert talks(cycles[2]) == ONE_YEAR_2017


def test_r2_2_a_decision_shortens_a_new_entrants_long_first_cycle():
    # entry 2 July 2015 would run to 31 December 2017; a decision from 2017 ends it on 31 Dec 2016
    situation = Situation(D(2015, 7, 2), decisions=(CycleDecision(2017),))
    cycles = plan(situation, until=D(2017, 1, 1))
    assert [span(c) for c in cycles] == [
        (JOINING, D(2015, 7, 2), D(2016, 12, 31)),
        (ONE_YEAR, D(2017, 1, 1), D(2017, 12, 31)),
    ]
    # 549 days: 137 -> 16 November 2015; 411 -> day 410 = 15 August 2016
    assert talks(cycles[0]) == [
        planning(D(2015, 8, 2), "R2.7"),
        progress(D(2015, 11, 16), D(2016, 8, 15)),
        appraisal(D(2016, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("entry", "end", "window_start", "progress_due"),
    [
        # 20 Nov 2015: cutting at 31 Dec 2015 leaves fewer than 6 months -> (choice, the
        # 6-month rule) the first cycle runs to the end of 2016, the first one-year year.
        # 408 days (42 + 366): 25 % = 102 -> 1 March 2016; 75 % = 306 -> day 305 = 20 Sep 2016
        (D(2015, 11, 20), D(2016, 12, 31), D(2016, 3, 1), D(2016, 9, 20)),
        # 31 Dec 2015: 367 days: 91.75 -> day 91 = 31 March; 275.25 -> day 274 = 30 September
        (D(2015, 12, 31), D(2016, 12, 31), D(2016, 3, 31), D(2016, 9, 30)),
        # 2 Jul 2015: one day short of 6 months -> to the end of 2016 (549 days: 137 -> 16 Nov
        # 2015, 411 -> day 410 = 15 August 2016)
        (D(2015, 7, 2), D(2016, 12, 31), D(2015, 11, 16), D(2016, 8, 15)),
        # 1 Jul 2015: exactly 6 months -> ends with the period on 31 December 2015, no cut
        # needed (184 days: 46 -> 16 August, 138 -> day 137 = 15 November)
        (D(2015, 7, 1), D(2015, 12, 31), D(2015, 8, 16), D(2015, 11, 15)),
    ],
)
def test_r2_2_a_decision_keeps_the_6_month_rule_for_entrants(
    entry, end, window_start, progress_due
):
    cycles = plan(Situation(entry, decisions=(CycleDecision(2016),)), until=D(2017, 1, 1))
    assert [span(c) for c in cycles] == [
        (JOINING, entry, end),
        *[(ONE_YEAR, D(y, 1, 1), D(y, 12, 31)) for y in range(end.year + 1, 2018)],
    ]
    assert cycles[0].rule == "R2.7"
    assert talks(cycles[0]) == [
        planning(add_months(entry, 1), "R2.7"),
        progress(window_start, progress_due),
        appraisal(end),
    ]
    assert all(c.rule == "R2.2" for c in cycles[1:])


def test_r2_2_a_decision_ends_the_cycle_after_probation_at_the_year_end():
    # probation ends 31 May 2014: 19 months of 2014-2015 remain, more than 12 -> no bridging
    # cycle but a joining one (choice), which the decision from 2015 ends on 31 December 2014
    # (7 months: at least 6, so the cut stands); kind joining, rule R2.2
    situation = Situation(D(2013, 6, 1), probation=True, decisions=(CycleDecision(2015),))
    cycles = plan(situation, until=D(2015, 1, 1))
    assert [span(c) for c in cycles] == [
        (PROBATION, D(2013, 6, 1), D(2014, 5, 31)),
        (JOINING, D(2014, 6, 1), D(2014, 12, 31)),
        (ONE_YEAR, D(2015, 1, 1), D(2015, 12, 31)),
    ]
    assert [c.rule for c in cycles] == ["R2.3", "R2.2", "R2.2"]
    # 214 days: 53.5 -> day 53 = 24 July; 160.5 -> day 159 = 7 November
    assert talks(cycles[1]) == [
        planning(D(2014, 7, 1), "R2.7"),
        progress(D(2014, 7, 24), D(2014, 11, 7)),
        appraisal(D(2014, 12, 31)),
    ]
    # 365 days: 91.25 -> day 91 = 2 April; 273.75 -> day 272 = 30 September
    assert talks(cycles[2]) == [
        planning(D(2015, 5, 31), "R2.2"),
        progress(D(2015, 4, 2), D(2015, 9, 30)),
        appraisal(D(2015, 12, 31)),
    ]


def test_r2_2_a_one_year_year_after_probation_holds_all_three_talks():
    situation = Situation(D(2013, 12, 2), probation=True, decisions=(CycleDecision(2015),))
    cycles = plan(situation, until=D(2016, 1, 1))
    covering_2015 = [c for c in cycles if c.contains(D(2015, 6, 30))]
    assert len(covering_2015) == 1
    (cycle,) = covering_2015
    assert cycle.end_date == D(2015, 12, 31)
    assert [t.kind for t in cycle.talks] == THREE_TALKS
    assert span(cycles[-1]) == (ONE_YEAR, D(2016, 1, 1), D(2016, 12, 31))


@pytest.mark.parametrize(
    ("entry", "end", "window_start", "progress_due"),
    [
        # 10 months left of 2016 (306 days: 76 -> 16 May, 229 -> day 228 = 15 October)
        (D(2016, 3, 1), D(2016, 12, 31), D(2016, 5, 16), D(2016, 10, 15)),
        # choice: 4 months left -> on to the end of 2017 (487 days: 121 -> 31 Dec 2016,
        # 365 -> day 364 = 31 August 2017)
        (D(2016, 9, 1), D(2017, 12, 31), D(2016, 12, 31), D(2017, 8, 31)),
    ],
)
def test_r2_2_a_new_entrant_under_a_one_year_decision(entry, end, window_start, progress_due):
    situation = Situation(entry, decisions=(CycleDecision(2016),))
    cycles = plan(situation, until=end + ONE_DAY)
    assert [span(c) for c in cycles] == [
        (ONE_YEAR, entry, end),
        (ONE_YEAR, end + ONE_DAY, D(end.year + 1, 12, 31)),
    ]
    assert talks(cycles[0]) == [
        planning(add_months(entry, 1), "R2.7"),  # R2.7: within a month of entry
        progress(window_start, progress_due),
        appraisal(end),
    ]


@pytest.mark.parametrize(
    ("decisions", "year", "expected"),
    [
        ((), 2016, False),
        ((CycleDecision(2016),), 2015, False),
        ((CycleDecision(2016),), 2016, True),
        ((CycleDecision(2016),), 2030, True),
        ((CycleDecision(2016), CycleDecision(2018, one_year=False)), 2017, True),
        ((CycleDecision(2016), CycleDecision(2018, one_year=False)), 2018, False),
        ((CycleDecision(2016), CycleDecision(2018, one_year=False)), 2025, False),
        ((CycleDecision(2018, one_year=False), CycleDecision(2016)), 2017, True),
        # the same year twice: the decision recorded last wins
        ((CycleDecision(2016), CycleDecision(2016, one_year=False)), 2016, False),
        ((CycleDecision(2016, one_year=False), CycleDecision(2016)), 2016, True),
        # recorded order, not from_year: the decision recorded last among those covering the
        # year wins. Recorded (2020 revoked, then 2016): 2016 covers 2020 and was recorded last
        pytest.param(
            (CycleDecision(2020, one_year=False), CycleDecision(2016)),
            2020,
            True,
            id="recorded-last-covers-2020",
        ),
        ((CycleDecision(2020, one_year=False), CycleDecision(2016)), 2019, True),
        # recorded (2018, then 2016 revoked): the revocation covers 2018 too and wins
        ((CycleDecision(2018), CycleDecision(2016, one_year=False)), 2018, False),
        ((CycleDecision(2018), CycleDecision(2016, one_year=False)), 2030, False),
        # a decision covering only later years does not count for an earlier one
        ((CycleDecision(2016), CycleDecision(2020, one_year=False)), 2019, True),
        ((CycleDecision(2016), CycleDecision(2020, one_year=False)), 2020, False),
    ],
)
def test_r2_2_which_decision_applies_to_a_year(decisions, year, expected):
    assert Situation(D(2014, 1, 1), decisions=decisions).one_year_in(year) is expected


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        # recorded: revoke from 2020, then one-year from 2016 -> one-year cycles from 2016 on,
        # 2020 and 2021 included (the later-recorded decision covers them)
        (
            (CycleDecision(2020, one_year=False), CycleDecision(2016)),
            [(ONE_YEAR, D(y, 1, 1), D(y, 12, 31)) for y in range(2016, 2022)],
        ),
        # recorded the other way round: one-year 2016-2019, the periods again from 2020
        (
            (CycleDecision(2016), CycleDecision(2020, one_year=False)),
            [(ONE_YEAR, D(y, 1, 1), D(y, 12, 31)) for y in range(2016, 2020)]
            + [(REGULAR, D(2020, 1, 1), D(2021, 12, 31))],
        ),
        # recorded: one-year from 2018, then revoked from 2016 -> no one-year year at all
        (
            (CycleDecision(2018), CycleDecision(2016, one_year=False)),
            [
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
                (REGULAR, D(2018, 1, 1), D(2019, 12, 31)),
                (REGULAR, D(2020, 1, 1), D(2021, 12, 31)),
            ],
        ),
    ],
)
def test_r2_2_decisions_apply_in_recorded_order(decisions, expected):
    cycles = plan(Situation(D(2014, 1, 1), decisions=decisions), until=D(2021, 1, 1))
    assert span(cycles[0]) == (JOINING, D(2014, 1, 1), D(2015, 12, 31))
    assert [span(c) for c in cycles[1:]] == expected
    for cycle in cycles[1:]:
        rule = "R2.2" if cycle.kind is ONE_YEAR else "R4.1"
        assert talks(cycle)[0] == planning(D(cycle.start_date.year, 5, 31), rule)


# --- leaving -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "leaving", "last_span", "last_talks"),
    [
        # leaving mid-cycle: talks due after the leaving date drop out
        (
            Situation(D(2014, 1, 1)),
            D(2016, 6, 30),
            (REGULAR, D(2016, 1, 1), D(2016, 6, 30)),
            [planning(D(2016, 5, 31), "R4.1")],
        ),
        # a talk due on the leaving date stays
        (
            Situation(D(2014, 1, 1)),
            D(2016, 5, 31),
            (REGULAR, D(2016, 1, 1), D(2016, 5, 31)),
            [planning(D(2016, 5, 31), "R4.1")],
        ),
        (Situation(D(2014, 1, 1)), D(2016, 5, 30), (REGULAR, D(2016, 1, 1), D(2016, 5, 30)), []),
        # leaving during probation: the second appraisal (1 March 2015) drops out
        (
            T2_1_EXAMPLE,
            D(2014, 10, 15),
            (PROBATION, D(2014, 4, 1), D(2014, 10, 15)),
            [planning(D(2014, 5, 1), "R2.7"), appraisal(D(2014, 9, 1), "R6.2")],
        ),
        # leaving on the second day of the bridging cycle: its appraisal drops out
        (T2_1_EXAMPLE, D(2015, 4, 2), (BRIDGING, D(2015, 4, 1), D(2015, 4, 2)), []),
        # leaving in the first entry-scale cycle
        (
            Situation(D(2015, 3, 1), in_function_scale=False),
            D(2015, 12, 15),
            (ENTRY_SCALE, D(2015, 3, 1), D(2015, 12, 15)),
            ENTRY_SCALE_TALKS_2015,
        ),
    ],
)
def test_r2_1_leaving_ends_the_open_cycle_on_the_leaving_date(
    situation, leaving, last_span, last_talks
):
    cycles = plan(replace(situation, leaving_date=leaving), until=FAR)
    assert span(cycles[-1]) == last_span
    assert cycles[-1].end_reason is EndReason.leaving
    assert talks(cycles[-1]) == last_talks
    assert all(c.start_date < leaving for c in cycles)
    assert all(c.end_reason is None for c in cycles[:-1])


@pytest.mark.parametrize(
    ("leaving", "ends"),
    [
        # leaving on the day a cycle would start: no cycle starts on the leaving date
        (D(2016, 1, 1), [D(2015, 12, 31)]),
        (D(2016, 1, 2), [D(2015, 12, 31), D(2016, 1, 2)]),
        # leaving on the entry date: no cycle at all
        (D(2014, 1, 1), []),
        (D(2013, 6, 1), []),
    ],
)
def test_r2_1_no_cycle_starts_on_or_after_the_leaving_date(leaving, ends):
    cycles = plan(Situation(D(2014, 1, 1), leaving_date=leaving), until=FAR)
    assert [c.end_date for c in cycles] == ends


@pytest.mark.parametrize(
    ("situation", "leaving", "spans", "last_talks"),
    [
        # the first cycle's natural end is 31 Dec 2015 = the leaving date: it ends there with
        # end reason leaving, all its talks still due (730 days: 2 July 2014, 1 July 2015)
        (
            Situation(D(2014, 1, 1)),
            D(2015, 12, 31),
            [(JOINING, D(2014, 1, 1), D(2015, 12, 31))],
            [
                planning(D(2014, 2, 1), "R2.7"),
                progress(D(2014, 7, 2), D(2015, 7, 1)),
                appraisal(D(2015, 12, 31)),
            ],
        ),
        # the T2.1 example leaving on the bridging cycle's natural end
        (
            T2_1_EXAMPLE,
            D(2015, 12, 31),
            [
                (PROBATION, D(2014, 4, 1), D(2015, 3, 31)),
                (BRIDGING, D(2015, 4, 1), D(2015, 12, 31)),
            ],
            [appraisal(D(2015, 12, 31), "T2.1")],
        ),
        # leaving on the probation's last day (the day before the decision)
        (
            T2_1_EXAMPLE,
            D(2015, 3, 31),
            [(PROBATION, D(2014, 4, 1), D(2015, 3, 31))],
            [
                planning(D(2014, 5, 1), "R2.7"),
                appraisal(D(2014, 9, 1), "R6.2"),
                appraisal(D(2015, 3, 1), "R6.2"),
            ],
        ),
        # an entry-scale cycle's natural end (29 Feb 2016; 366 days: 31 May, 29 Nov 2015)
        (
            Situation(D(2015, 3, 1), in_function_scale=False),
            D(2016, 2, 29),
            [(ENTRY_SCALE, D(2015, 3, 1), D(2016, 2, 29))],
            [*ENTRY_SCALE_TALKS_2015, appraisal(D(2016, 2, 29))],
        ),
    ],
)
def test_r2_1_leaving_on_a_natural_end_date_ends_the_cycle_by_leaving(
    situation, leaving, spans, last_talks
):
    cycles = plan(replace(situation, leaving_date=leaving), until=FAR)
    assert [span(c) for c in cycles] == spans
    assert [c.end_reason for c in cycles] == [None] * (len(cycles) - 1) + [EndReason.leaving]
    assert talks(cycles[-1]) == last_talks


def test_r2_1_leaving_on_the_entry_date_gives_no_cycle():
    for situation in (
        Situation(D(2014, 4, 1)),
        T2_1_EXAMPLE,
        Situation(D(2015, 3, 1), in_function_scale=False),
        Situation(D(2016, 3, 1), decisions=(CycleDecision(2016),)),
    ):
        left = replace(situation, leaving_date=situation.entry_date)
        assert plan(left, until=situation.entry_date) == []
        assert plan(left, until=FAR) == []
        assert cycle_on(left, situation.entry_date) is None
        assert cycles_overlapping(left, D(2010, 1, 1), FAR) == []


# --- R5.1: the progress window -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "config", "window"),
    [
        # 2016-2017, 731 days: day 182 (182.75) = 1 July 2016 ... day 547 (< 548.25) = 1 July 2017
        (D(2016, 1, 1), D(2017, 12, 31), DEFAULT_CONFIG, (D(2016, 7, 1), D(2017, 7, 1))),
        # 2014-2015, 730 days: day 182 (182.5) = 2 July 2014 ... day 546 (< 547.5) = 1 July 2015
        (D(2014, 1, 1), D(2015, 12, 31), DEFAULT_CONFIG, (D(2014, 7, 2), D(2015, 7, 1))),
        (D(2016, 1, 1), D(2016, 12, 31), DEFAULT_CONFIG, (D(2016, 4, 1), D(2016, 9, 30))),
        (D(2015, 7, 1), D(2015, 12, 31), DEFAULT_CONFIG, (D(2015, 8, 16), D(2015, 11, 15))),
        # 4 days: 25 % = day 1, 75 % = day 3 -> the last day before it is day 2
        (D(2016, 1, 1), D(2016, 1, 4), DEFAULT_CONFIG, (D(2016, 1, 2), D(2016, 1, 3))),
        (D(2016, 1, 1), D(2016, 1, 1), DEFAULT_CONFIG, (D(2016, 1, 1), D(2016, 1, 1))),
        # 40 % of 731 = 292.4 -> day 292 = 19 October 2016; 60 % = 438.6 -> day 437 = 13 Mar 2017
        (
            D(2016, 1, 1),
            D(2017, 12, 31),
            SchedulingConfig(progress_from_percent=40, progress_until_percent=60),
            (D(2016, 10, 19), D(2017, 3, 13)),
        ),
        (
            D(2016, 1, 1),
            D(2017, 12, 31),
            SchedulingConfig(progress_from_percent=0, progress_until_percent=100),
            (D(2016, 1, 1), D(2017, 12, 31)),
        ),
    ],
)
def test_r5_1_the_progress_window_is_the_middle_half(start, end, config, window):
    assert progress_window(start, end, config) == window


def test_r5_1_configured_progress_percentages_in_a_regular_cycle():
    config = SchedulingConfig(progress_from_percent=40, progress_until_percent=60)
    cycle = plan(Situation(D(2014, 1, 1)), until=D(2016, 1, 1), config=config)[-1]
    assert span(cycle) == (REGULAR, D(2016, 1, 1), D(2017, 12, 31))
    assert talks(cycle)[1] == progress(D(2016, 10, 19), D(2017, 3, 13))


# --- configurable thresholds (SchedulingConfig) --------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "end"),
    [
        (D(2015, 10, 1), D(2015, 12, 31)),  # exactly 3 months
        (D(2015, 10, 2), D(2017, 12, 31)),
        (D(2015, 8, 1), D(2015, 12, 31)),  # 5 months: enough with 3, not with the default 6
    ],
)
def test_r2_7_configured_joining_min_months(entry, end):
    config = SchedulingConfig(joining_min_months=3)
    first = plan(Situation(entry), until=entry, config=config)[0]
    assert span(first) == (JOINING, entry, end)
    assert talks(first)[0] == planning(add_months(entry, 1), "R2.7")


@pytest.mark.parametrize(
    ("bridging_min_months", "entry", "expected"),
    [
        # 0: even two months (2 Oct - 31 Dec 2015) get a bridging cycle
        (
            0,
            D(2014, 10, 2),
            [
                (PROBATION, D(2014, 10, 2), D(2015, 10, 1)),
                (BRIDGING, D(2015, 10, 2), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # 0: a single day (31 Dec 2015)
        (
            0,
            D(2014, 12, 31),
            [
                (PROBATION, D(2014, 12, 31), D(2015, 12, 30)),
                (BRIDGING, D(2015, 12, 31), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # 6: the T2.1 example has 9 months left -> bridging as usual
        (
            6,
            D(2014, 4, 1),
            [
                (PROBATION, D(2014, 4, 1), D(2015, 3, 31)),
                (BRIDGING, D(2015, 4, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # 6: exactly 6 months left (1 July - 31 December 2015)
        (
            6,
            D(2014, 7, 1),
            [
                (PROBATION, D(2014, 7, 1), D(2015, 6, 30)),
                (BRIDGING, D(2015, 7, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # 6: 5 months left -> no bridging; the next cycle runs to the end of 2016-2017
        (
            6,
            D(2014, 8, 1),
            [
                (PROBATION, D(2014, 8, 1), D(2015, 7, 31)),
                (JOINING, D(2015, 8, 1), D(2017, 12, 31)),
            ],
        ),
    ],
)
def test_t2_1_configured_bridging_min_months(bridging_min_months, entry, expected):
    config = SchedulingConfig(bridging_min_months=bridging_min_months)
    cycles = plan(Situation(entry, probation=True), until=D(2016, 1, 1), config=config)
    assert [span(c) for c in cycles] == expected
    if expected[1][0] is BRIDGING:
        assert talks(cycles[1]) == [appraisal(expected[1][2], "T2.1")]
    else:
        # 884 days: 221 -> 9 March 2016; 663 -> day 662 = 24 May 2017
        assert talks(cycles[1]) == [
            planning(D(2015, 9, 1), "R2.7"),
            progress(D(2016, 3, 9), D(2017, 5, 24)),
            appraisal(D(2017, 12, 31)),
        ]


def test_t2_1_configured_epoch_year():
    config = SchedulingConfig(epoch_year=2015)  # periods 2015-2016, 2017-2018, ...
    cycles = plan(Situation(D(2015, 3, 1)), until=D(2017, 1, 1), config=config)
    assert [span(c) for c in cycles] == [
        (JOINING, D(2015, 3, 1), D(2016, 12, 31)),
        (REGULAR, D(2017, 1, 1), D(2018, 12, 31)),
    ]
    # 672 days: 168 -> 16 August 2015; 504 -> day 503 = 16 July 2016
    assert talks(cycles[0]) == [
        planning(D(2015, 4, 1), "R2.7"),
        progress(D(2015, 8, 16), D(2016, 7, 16)),
        appraisal(D(2016, 12, 31)),
    ]
    assert talks(cycles[1]) == [
        planning(D(2017, 5, 31), "R4.1"),
        progress(D(2017, 7, 2), D(2018, 7, 1)),
        appraisal(D(2018, 12, 31)),
    ]
    # the T2.1 example on this grid: 1 April 2015 - 31 December 2016 is 21 months, more than
    # 12 -> (choice) no bridging cycle but a joining one with all three talks
    example = plan(T2_1_EXAMPLE, until=D(2017, 1, 1), config=config)
    assert [span(c) for c in example] == [
        (PROBATION, D(2014, 4, 1), D(2015, 3, 31)),
        (JOINING, D(2015, 4, 1), D(2016, 12, 31)),
        (REGULAR, D(2017, 1, 1), D(2018, 12, 31)),
    ]
    # 641 days (275 + 366): 160.25 -> day 160 = 8 September 2015; 480.75 -> day 479 =
    # 1 April 2016 + 113 = 23 July 2016
    assert talks(example[1]) == [
        planning(D(2015, 5, 1), "R2.7"),
        progress(D(2015, 9, 8), D(2016, 7, 23)),
        appraisal(D(2016, 12, 31)),
    ]
    # on this grid a bridging cycle needs a probation ending in the period's second year: the
    # example shifted a year (entry 1 April 2015) bridges 1 April - 31 December 2016
    shifted = plan(
        replace(T2_1_EXAMPLE, entry_date=D(2015, 4, 1), probation_decision_date=None),
        until=D(2017, 1, 1),
        config=config,
    )
    assert [span(c) for c in shifted] == [
        (PROBATION, D(2015, 4, 1), D(2016, 3, 31)),
        (BRIDGING, D(2016, 4, 1), D(2016, 12, 31)),
        (REGULAR, D(2017, 1, 1), D(2018, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            D(2015, 3, 1),
            [
                (JOINING, D(2015, 3, 1), D(2015, 12, 31)),
                (REGULAR, D(2016, 1, 1), D(2016, 12, 31)),
                (REGULAR, D(2017, 1, 1), D(2017, 12, 31)),
            ],
        ),
        # 4 months left of 2015 -> to the end of the next one-year period
        (
            D(2015, 9, 1),
            [
                (JOINING, D(2015, 9, 1), D(2016, 12, 31)),
                (REGULAR, D(2017, 1, 1), D(2017, 12, 31)),
            ],
        ),
    ],
)
def test_t2_1_configured_one_year_periods(entry, expected):
    config = SchedulingConfig(period_years=1)
    cycles = plan(Situation(entry), until=D(2017, 1, 1), config=config)
    assert [span(c) for c in cycles] == expected
    assert talks(cycles[-1]) == [
        planning(D(2017, 5, 31), "R4.1"),
        progress(D(2017, 4, 2), D(2017, 9, 30)),
        appraisal(D(2017, 12, 31)),
    ]


def test_r4_1_configured_planning_due_date():
    config = SchedulingConfig(planning_due_month=6, planning_due_day=30)
    cycles = plan(Situation(D(2014, 1, 1)), until=D(2016, 1, 1), config=config)
    assert talks(cycles[-1])[0] == planning(D(2016, 6, 30), "R4.1")
    one_year = plan(
        Situation(D(2014, 1, 1), decisions=(CycleDecision(2016),)),
        until=D(2016, 1, 1),
        config=config,
    )
    assert talks(one_year[-1])[0] == planning(D(2016, 6, 30), "R2.2")


# --- invariants over a sweep of entry dates ------------------------------------------------------

SWEEP = [D(2015, 1, 1) + timedelta(days=n) for n in range(731)]  # every day of 2015 and 2016

VARIANTS = {
    "function-scale": lambda e: Situation(e),
    "probation": lambda e: Situation(e, probation=True),
    "probation-9-months": lambda e: Situation(
        e, probation=True, probation_decision_date=e + timedelta(days=270)
    ),
    "entry-scale": lambda e: Situation(e, in_function_scale=False),
    "entry-scale-placed": lambda e: Situation(e, function_scale_date=e + timedelta(days=500)),
    "probation-entry-scale-placed": lambda e: Situation(
        e, probation=True, function_scale_date=e + timedelta(days=450)
    ),
    "one-year-from-entry-year": lambda e: Situation(
        e, decisions=(CycleDecision(e.year), CycleDecision(2019, one_year=False))
    ),
    # a decision that cuts the first cycle short (the 6-month rule applies)
    "one-year-from-the-next-year": lambda e: Situation(e, decisions=(CycleDecision(e.year + 1),)),
    "probation-one-year-from-the-next-year": lambda e: Situation(
        e, probation=True, decisions=(CycleDecision(e.year + 1),)
    ),
    # short probations (about 3 months): the three probation talks stay apart
    "probation-100-days": lambda e: Situation(
        e, probation=True, probation_decision_date=e + timedelta(days=100)
    ),
    "one-year-from-2018": lambda e: Situation(
        e, decisions=(CycleDecision(2018), CycleDecision(2020, one_year=False))
    ),
    # the 15th of June is never a cycle boundary of these situations
    "leaving": lambda e: Situation(e, leaving_date=D(e.year + 2, 6, 15)),
    # leaving during the probation year, during an entry-scale cycle
    "probation-leaving": lambda e: Situation(
        e, probation=True, leaving_date=e + timedelta(days=200)
    ),
    "entry-scale-leaving": lambda e: Situation(
        e, in_function_scale=False, leaving_date=e + timedelta(days=500)
    ),
}

THREE_TALKS = [TalkKind.planning, TalkKind.progress, TalkKind.appraisal]
COMPOSITION = {
    REGULAR: THREE_TALKS,
    JOINING: THREE_TALKS,
    ENTRY_SCALE: THREE_TALKS,
    ONE_YEAR: THREE_TALKS,
    PROBATION: [TalkKind.planning, TalkKind.appraisal, TalkKind.appraisal],
    BRIDGING: [TalkKind.appraisal],
}
RULES_BY_TALK = {
    TalkKind.planning: {"R2.7", "R2.4", "R4.1", "R2.2"},
    TalkKind.progress: {"R5.1"},
    TalkKind.appraisal: {"R6.1", "R6.2", "T2.1"},
}


def check_invariants(situation: Situation, until: date) -> None:
    cycles = plan(situation, until=until)
    leaving = situation.leaving_date
    assert cycles, "at least the first cycle"
    assert cycles[0].start_date == situation.entry_date
    for previous, cycle in pairwise(cycles):
        assert cycle.start_date == previous.end_date + ONE_DAY  # contiguous, never overlapping
    for cycle in cycles:
        assert cycle.start_date <= cycle.end_date
        assert cycle.rule
        for talk in cycle.talks:
            assert cycle.start_date <= talk.due_date <= cycle.end_date, (cycle, talk)
            assert talk.rule in RULES_BY_TALK[talk.kind], talk  # every due date has a rule id
            if talk.kind is TalkKind.progress:
                assert cycle.start_date <= talk.window_start <= talk.due_date
        dues = [t.due_date for t in cycle.talks]
        kinds = [t.kind for t in cycle.talks]
        moved = cycle.end_reason is EndReason.placement and TalkKind.planning in kinds
        if moved:  # R6.1: the appraisal moved to the last day, perhaps the progress talk's too
            assert kinds[-1] is TalkKind.appraisal and dues[-1] == cycle.end_date, cycle
            kinds, dues = kinds[:-1], dues[:-1]
        assert dues == sorted(dues) and len(set(dues)) == len(dues), cycle  # P < V < A (< A)
        if cycle.end_reason is None:
            assert kinds == COMPOSITION[cycle.kind], cycle
            if cycle.kind is not PROBATION:
                assert dues[-1] == cycle.end_date  # R6.1
        else:  # cut short: a prefix of the talks, none due after the new end
            assert kinds == COMPOSITION[cycle.kind][: len(kinds)], cycle
        if cycle.kind is REGULAR and cycle.end_reason is None:
            period = period_grid(DEFAULT_CONFIG).containing(cycle.start_date)
            assert (cycle.start_date, cycle.end_date) == (period.start, period.end)
            assert cycle.talks[0].due_date == D(cycle.start_date.year, 5, 31)
        if cycle.kind is PROBATION:
            assert [t.sequence for t in cycle.talks] == [1, 1, 2][: len(cycle.talks)]
    first_planning = next(t for t in cycles[0].talks if t.kind is TalkKind.planning)
    assert first_planning.rule == "R2.7"
    assert first_planning.due_date <= add_months(situation.entry_date, 1)  # R2.7
    if leaving is not None and leaving <= until:
        assert all(c.start_date < leaving for c in cycles)
        assert cycles[-1].end_date == leaving
        assert cycles[-1].end_reason is EndReason.leaving
    else:
        assert cycles[-1].contains(until)
        assert all(not c.contains(until) for c in cycles[:-1])


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_t2_1_invariants_over_every_entry_date_of_2015_and_2016(variant):
    make = VARIANTS[variant]
    for entry in SWEEP:
        situation = make(entry)
        for until in (entry, entry + timedelta(days=400), D(2021, 3, 1)):
            check_invariants(situation, until)


@pytest.mark.parametrize(
    "situation",
    [
        Situation(D(1990, 3, 15)),
        Situation(D(2001, 7, 2), leaving_date=D(2020, 5, 5)),
        Situation(D(2003, 2, 1), probation=True, probation_decision_date=D(2004, 2, 1)),
        Situation(D(2005, 9, 1), in_function_scale=True, function_scale_date=D(2007, 6, 1)),
        Situation(D(2006, 1, 1), decisions=(CycleDecision(2012), CycleDecision(2016, False))),
    ],
)
@pytest.mark.parametrize("since", [D(2014, 1, 1), D(2017, 6, 30), D(2021, 12, 31)])
def test_t2_1_skipping_regular_cycles_gives_the_same_plans(situation, since):
    # plan_cycles(since=…) may pass over plain regular cycles that end before ``since``:
    # every cycle that ends on or after it is the same as in the full plan.
    until = D(2025, 1, 1)
    full = plan(situation, until=until)
    fast = plan_cycles(situation, until=until, since=since)
    wanted = [c for c in full if c.end_date >= since]
    assert [c for c in fast if c.end_date >= since] == wanted
    assert set(fast) <= set(full)


def test_r6_2_the_first_probation_appraisal_is_due_five_months_after_entry():
    """Issue 18, point 4: entry 2026-06-01, decision 2027-02-01 gives 2026-11-01 (entry + 5
    months, before the second appraisal of 2027-01-01), not 2026-10-01."""
    situation = Situation(D(2026, 6, 1), probation=True, probation_decision_date=D(2027, 2, 1))
    cycle = plan(situation, until=D(2026, 6, 1))[0]
    first, second = [t for t in cycle.talks if t.kind is TalkKind.appraisal]
    assert (first.due_date, first.rule) == (D(2026, 11, 1), "R6.2")
    assert second.due_date == D(2027, 1, 1)
