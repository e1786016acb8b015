"""Pure rules of cycles and talks, and the SQL status expression that mirrors them."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from app.cycles import rules
from app.cycles.queries import status_expression
from app.models import Cycle, Employee

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("state", "end_reason", "start", "end", "status"),
    [
        ("superseded", None, date(2026, 1, 1), date(2027, 12, 31), "superseded"),
        ("completed", None, date(2026, 1, 1), date(2027, 12, 31), "completed"),
        ("active", "leaving", date(2026, 1, 1), date(2026, 11, 28), "ended"),
        ("active", "leaving", date(2026, 1, 1), date(2026, 11, 29), "open"),  # ends today
        ("active", "placement", date(2026, 1, 1), date(2026, 10, 1), "ended"),
        ("active", None, date(2026, 11, 30), date(2027, 12, 31), "upcoming"),
        ("active", None, date(2026, 11, 29), date(2027, 12, 31), "open"),
        ("active", None, date(2024, 1, 1), date(2025, 12, 31), "open"),  # past, talks to hold
    ],
)
def test_cycle_status(state, end_reason, start, end, status):
    assert (
        rules.cycle_status(state=state, end_reason=end_reason, start=start, end=end, today=TODAY)
        == status
    )


async def test_the_sql_status_is_the_python_status(session):
    from tests.org import seed_org

    await seed_org(session)
    employee = await session.scalar(select(Employee).where(Employee.personnel_number == "900001"))
    combos = list(
        itertools.product(
            ("active", "completed", "superseded"),
            (None, "leaving"),
            (-400, -1, 0, 1),  # start relative to today
            (-1, 0, 1, 400),  # end relative to today
        )
    )
    rows = []
    for i, (state, reason, start, end) in enumerate(combos):
        start_date = TODAY + timedelta(days=start) - timedelta(days=1000 * (i + 1))
        # distinct start dates per employee; the status only looks at start vs today when the
        # start is after today, so shift only the past ones
        if start > 0:
            start_date = TODAY + timedelta(days=start + i * 1000)
        end_date = max(start_date, TODAY + timedelta(days=end))
        rows.append(
            {
                "id": uuid.uuid4(),
                "employee_id": employee.id,
                "kind": "regular",
                "rule": "T2.1",
                "start_date": start_date,
                "end_date": end_date,
                "end_reason": reason,
                "state": state,
                "function_profile_id": employee.function_profile_id,
            }
        )
    await session.execute(insert(Cycle.__table__), rows)
    found = dict(
        (
            await session.execute(
                select(Cycle.id, status_expression(TODAY)).where(
                    Cycle.id.in_([r["id"] for r in rows])
                )
            )
        ).all()
    )
    for row in rows:
        expected = rules.cycle_status(
            state=row["state"],
            end_reason=row["end_reason"],
            start=row["start_date"],
            end=row["end_date"],
            today=TODAY,
        )
        assert found[row["id"]] == expected, row


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("open", date(2026, 11, 28), True),
        ("scheduled", date(2026, 11, 28), True),
        ("open", TODAY, False),  # due today is not late yet
        ("held", date(2026, 1, 1), False),
        ("cancelled", date(2026, 1, 1), False),
    ],
)
def test_late_talks_are_flagged_never_refused(status, due, overdue):
    assert rules.talk_overdue(status=status, due_date=due, today=TODAY) is overdue


def test_nobody_is_chased_for_talks_of_someone_who_left():
    left = rules.left_before(end_reason="leaving", end=date(2026, 11, 1), today=TODAY)
    assert left is True
    assert (
        rules.talk_overdue(status="open", due_date=date(2026, 5, 31), today=TODAY, left=left)
        is False
    )
    assert rules.left_before(end_reason="leaving", end=TODAY, today=TODAY) is False
    assert rules.left_before(end_reason="placement", end=date(2026, 1, 1), today=TODAY) is False


def test_r2_1_a_talk_before_its_cycle():
    start = date(2026, 1, 1)
    assert rules.check_talk_date(field="x", day=start, cycle_start=start) is None
    late = date(2028, 3, 1)  # after the cycle: late, allowed
    assert rules.check_talk_date(field="x", day=late, cycle_start=start) is None
    violation = rules.check_talk_date(field="startsAt", day=date(2025, 12, 31), cycle_start=start)
    assert violation.rule == "R2.1" and violation.params[0]["name"] == "startsAt"


def test_r2_6_an_appointment_needs_a_place_or_a_link():
    at = datetime(2026, 12, 1, 10)
    assert rules.check_appointment(starts_at=at, ends_at=None, location="A", video_url=None) == []
    assert (
        rules.check_appointment(
            starts_at=at, ends_at=None, location=None, video_url="https://meet.example/u"
        )
        == []
    )
    (missing,) = rules.check_appointment(starts_at=at, ends_at=None, location=None, video_url=None)
    assert missing["rule"] == "R2.6"
    (order,) = rules.check_appointment(starts_at=at, ends_at=at, location="A", video_url=None)
    assert order["name"] == "endsAt"


@pytest.mark.parametrize(
    ("kind", "early", "due", "codes"),
    [
        ("progress", False, date(2027, 3, 1), []),
        ("appraisal", True, date(2027, 3, 1), []),
        ("progress", True, date(2027, 3, 1), ["early_not_appraisal"]),  # R6.1
        ("appraisal", True, date(2027, 12, 31), ["not_early"]),  # R6.1
        ("progress", False, date(2025, 12, 31), ["outside_cycle"]),  # R2.5
        ("appraisal", False, date(2028, 1, 1), ["outside_cycle"]),
    ],
)
def test_r2_5_r6_1_extra_talks_and_early_appraisals(kind, early, due, codes):
    problems = rules.check_extra_talk(
        kind=kind,
        early=early,
        due_date=due,
        cycle_start=date(2026, 1, 1),
        cycle_end=date(2027, 12, 31),
    )
    assert [p["code"] for p in problems] == codes


@pytest.mark.parametrize(
    ("relation", "status", "cycle_status", "pending", "actions"),
    [
        ("manager", "open", "open", set(), ["schedule", "mark-held", "propose-attendee"]),
        (
            "coordinator",
            "scheduled",
            "open",
            set(),
            ["reschedule", "mark-held", "propose-attendee"],
        ),
        (
            "manager",
            "open",
            "open",
            {"manager"},
            ["schedule", "mark-held", "propose-attendee", "consent-to-attendee"],
        ),
        ("self", "open", "open", {"employee"}, ["propose-attendee", "consent-to-attendee"]),
        ("self", "open", "open", {"manager"}, ["propose-attendee"]),
        ("hr", "open", "open", {"manager"}, []),
        ("former-manager", "open", "open", set(), []),
        ("manager", "held", "open", set(), []),
        ("manager", "open", "superseded", set(), []),
        ("manager", "open", "ended", {"manager"}, ["mark-held"]),
        ("self", "open", "ended", {"employee"}, []),
    ],
)
def test_the_actions_open_to_each_party(relation, status, cycle_status, pending, actions):
    assert (
        rules.talk_actions(
            relation=relation, status=status, cycle_status=cycle_status, pending_consent_of=pending
        )
        == actions
    )


def test_cycle_actions():
    assert rules.cycle_actions(relation="manager", status="open", open_requests=1) == [
        "add-talk",
        "record-cycle-decision",
        "answer-talk-request",
    ]
    assert rules.cycle_actions(relation="self", status="upcoming", open_requests=0) == [
        "request-talk"
    ]
    assert rules.cycle_actions(relation="hr", status="open", open_requests=0) == [
        "record-hardship-decision"
    ]
    assert rules.cycle_actions(relation="manager", status="completed", open_requests=1) == []


@pytest.mark.parametrize(
    ("cycle_status", "agreed", "actions"),
    [
        ("open", True, ["schedule", "mark-held", "propose-attendee"]),
        ("open", False, ["schedule", "propose-attendee"]),
        ("ended", True, ["mark-held"]),
        ("ended", False, []),
    ],
)
def test_r4_6_a_talk_without_an_agreed_set_is_not_offered_as_held(cycle_status, agreed, actions):
    assert (
        rules.talk_actions(
            relation="manager",
            status="open",
            cycle_status=cycle_status,
            pending_consent_of=set(),
            agreed=agreed,
        )
        == actions
    )


# --- what a closed cycle or talk still allows: one table (rules.CLOSED_CYCLES/CLOSED_TALKS) ----

S = rules.Step
CYCLE_STATUSES = ("upcoming", "open", "ended", "completed", "superseded")
# cycle status → the steps still possible in it (with a talk that is itself open).
OPEN_IN_CYCLE = {
    "upcoming": {S.plan, S.hold, S.agree, S.appraise},
    "open": {S.plan, S.hold, S.agree, S.appraise},
    # Cut short (placement, leaving): no new talks, but what is open is held and recorded late;
    # agreements only with a hardship decision (R4.1, R7, checked by the agreements).
    "ended": {S.hold, S.agree, S.appraise},
    # Every talk held: the appraisal procedure goes on after the talk (R6.11, R6.12).
    "completed": {S.appraise},
    # Replaced by a re-planned cycle: nothing.
    "superseded": set(),
}
# talk status → the steps still possible with it (in an open cycle).
OPEN_WITH_TALK = {
    "open": {S.plan, S.hold, S.agree, S.appraise},
    "scheduled": {S.plan, S.hold, S.agree, S.appraise},
    "held": {S.appraise},  # a held talk is what is appraised
    "cancelled": set(),
}


@pytest.mark.parametrize(("cycle_status", "step"), list(itertools.product(CYCLE_STATUSES, S)))
def test_what_a_closed_cycle_still_allows(cycle_status, step):
    refusal = rules.closed_for(step, cycle_status=cycle_status, talk_status="open")
    assert (refusal is None) == (step in OPEN_IN_CYCLE[cycle_status])
    if refusal is not None:
        assert (refusal.code, refusal.rule) == ("cycle-closed", None)
        assert cycle_status in refusal.detail


@pytest.mark.parametrize(("talk_status", "step"), list(itertools.product(OPEN_WITH_TALK, S)))
def test_what_a_closed_talk_still_allows(talk_status, step):
    refusal = rules.closed_for(step, cycle_status="open", talk_status=talk_status)
    assert (refusal is None) == (step in OPEN_WITH_TALK[talk_status])
    if refusal is not None:
        assert refusal.code == "talk-closed" and talk_status in refusal.detail


def test_a_closed_cycle_is_named_before_a_closed_talk():
    refusal = rules.closed_for(S.hold, cycle_status="superseded", talk_status="held")
    assert refusal is not None and refusal.code == "cycle-closed"
    assert rules.closed_for(S.plan, cycle_status="open") is None  # no talk: the cycle decides
