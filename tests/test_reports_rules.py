"""The pure rules of the reports (app/reports/rules.py), table by table: the timeliness of a talk,
a draft shared in time (R6.3), the follow-up of a held appraisal (R6.11, R6.12) and the
small-group suppression (issue 8, privacy). The SQL of app/reports/queries.py is held to the
same classifications by the figures of tests/test_reports_api.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.api.negotiation import negotiate
from app.errors import NotAcceptable
from app.reports.formats import OFFERED
from app.reports.rules import (
    AppraisalFacts,
    FollowUp,
    Timeliness,
    follow_up,
    shared_in_time,
    timeliness,
)
from app.reports.rules import suppressed as is_suppressed

TODAY = date(2027, 1, 20)
DUE = date(2026, 5, 31)


def days(n: int) -> timedelta:
    return timedelta(days=n)


# --- the timeliness of a talk of the plan (due dates: R4.1, R5.1, R6.1) ------------------------


@pytest.mark.parametrize(
    ("held_on", "today", "expected"),
    [
        (DUE - days(30), TODAY, Timeliness.on_time),
        (DUE, TODAY, Timeliness.on_time),  # on the due date itself
        (DUE + days(1), TODAY, Timeliness.late),  # a day after
        (DUE + days(1), DUE + days(1), Timeliness.late),
        (None, DUE - days(1), Timeliness.not_yet_due),
        (None, DUE, Timeliness.not_yet_due),  # due today: not yet overdue
        (None, DUE + days(1), Timeliness.overdue),  # the day after
        (None, TODAY, Timeliness.overdue),
        (DUE - days(1), DUE - days(5), Timeliness.on_time),  # held: today does not matter
    ],
)
def test_r4_1_r5_1_r6_1_a_talk_is_on_time_late_overdue_or_not_yet_due(held_on, today, expected):
    assert timeliness(held_on, DUE, today) is expected


def test_r4_1_r5_1_r6_1_the_timeliness_values_are_the_reports_names():
    assert [t.value for t in Timeliness] == ["on-time", "late", "overdue", "not-yet-due"]


# --- R6.3: the draft a week ahead --------------------------------------------------------------

HELD = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("shared_on", "expected"),
    [
        (HELD - days(30), True),
        (HELD - days(8), True),
        (HELD - days(7), True),  # exactly 7 days before: in time
        (HELD - days(6), False),  # 6: a hardship decision let the talk be held sooner
        (HELD - days(1), False),
        (HELD, False),
        (None, False),  # never shared
    ],
)
def test_r6_3_a_draft_is_shared_in_time_at_least_7_days_before_the_talk(shared_on, expected):
    assert shared_in_time(shared_on, HELD) is expected


# --- R6.11/R6.12: the follow-up of a held appraisal --------------------------------------------


def held(start_days_ago: int, *, agree: bool = False) -> AppraisalFacts:
    return AppraisalFacts(
        state="held", window_start=TODAY - days(start_days_ago), signed_agree=agree
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (held(0), [FollowUp.window_open]),
        (held(13), [FollowUp.window_open]),
        (held(14), [FollowUp.window_open]),  # the 14th day: the employee may still object
        (held(15), [FollowUp.finalisation_due]),  # the 15th: the manager finalises
        (held(100), [FollowUp.finalisation_due]),
        (held(0, agree=True), [FollowUp.finalisation_due]),  # agree closes the window at once
        (held(14, agree=True), [FollowUp.finalisation_due]),
        (AppraisalFacts(state="held"), []),  # no window start: nothing to say
    ],
)
def test_r6_11_the_objection_window_and_when_finalisation_is_due(facts, expected):
    assert follow_up(facts, TODAY) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            AppraisalFacts(state="objected", objections_on=TODAY - days(14)),
            [FollowUp.in_objection],  # the hearing may be on the 14th day
        ),
        (
            AppraisalFacts(state="objected", objections_on=TODAY - days(15)),
            [FollowUp.in_objection, FollowUp.hearing_overdue],
        ),
        (AppraisalFacts(state="objected", objections_on=TODAY), [FollowUp.in_objection]),
        (
            AppraisalFacts(
                state="heard", objections_on=TODAY - days(60), hearing_on=TODAY - days(28)
            ),
            [FollowUp.in_objection],  # finalised on the 28th day after the hearing: in time
        ),
        (
            AppraisalFacts(
                state="heard", objections_on=TODAY - days(60), hearing_on=TODAY - days(29)
            ),
            [FollowUp.in_objection, FollowUp.response_overdue],
        ),
        (
            # Heard: a late hearing is no longer overdue, whatever the objections' date.
            AppraisalFacts(state="heard", objections_on=TODAY - days(60), hearing_on=TODAY),
            [FollowUp.in_objection],
        ),
    ],
)
def test_r6_12_objections_the_hearing_within_14_days_the_response_within_28(facts, expected):
    assert follow_up(facts, TODAY) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (AppraisalFacts(state="finalised", window_start=TODAY - days(100)), [FollowUp.finalised]),
        (
            AppraisalFacts(state="finalised", objections_on=TODAY - days(90), hearing_on=TODAY),
            [FollowUp.finalised],  # a finalised appraisal is overdue for nothing
        ),
        (AppraisalFacts(state="draft"), []),
        (AppraisalFacts(state="shared"), []),
    ],
)
def test_r6_12_a_finalised_appraisal_is_only_finalised_and_a_draft_nothing(facts, expected):
    assert follow_up(facts, TODAY) == expected


def test_r6_11_r6_12_the_follow_up_values_are_the_reports_names():
    assert [f.value for f in FollowUp] == [
        "finalised",
        "in-objection",
        "window-open",
        "finalisation-due",
        "hearing-overdue",
        "response-overdue",
    ]


# --- issue 8, privacy: fewer than 5 people ------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "privileged", "own_people", "expected"),
    [
        (4, False, 0, True),  # 4 people, not privileged: withheld
        (1, False, 0, True),
        (5, False, 0, False),  # 5: shown
        (50, False, 0, False),
        (4, True, 0, False),  # HR: never
        (1, True, 0, False),
        (4, False, 4, False),  # their own manager of all 4
        (4, False, 3, True),  # of 3 of the 4: withheld
        (1, False, 1, False),
        (0, False, 0, False),  # nobody: nothing to withhold
    ],
)
def test_reports_privacy_a_group_under_5_is_suppressed_unless_hr_or_their_own_manager(
    people, privileged, own_people, expected
):
    assert is_suppressed(people, privileged=privileged, own_people=own_people) is expected


# --- content negotiation (RFC 9110 § 12.5.1) ------------------------------------------------

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("text/csv", CSV_TYPE),
        ("text/*", CSV_TYPE),
        (f"{XLSX_TYPE}, */*;q=0.1", XLSX_TYPE),
        ("text/csv;q=0.5, application/json", "application/json"),
        # q=0 refuses a type, and no wildcard brings it back.
        ("application/json;q=0, */*", CSV_TYPE),
        ("application/json;q=0, text/csv;q=0, */*", XLSX_TYPE),
        ("text/csv;q=0, text/*", None),
        ("application/xml", None),
    ],
)
def test_reports_formats_by_the_accept_header(accept, expected):
    if expected is None:
        with pytest.raises(NotAcceptable):
            negotiate(accept, OFFERED)
    else:
        assert negotiate(accept, OFFERED) == expected
