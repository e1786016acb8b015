"""From service views to response bodies (shared by the routers and the ETag checks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.cycles import rules
from app.cycles.schemas import (
    AttendeeOut,
    Consent,
    CycleDecisionOut,
    CycleDetail,
    CycleOut,
    HardshipOut,
    TalkOut,
    TalkRequestOut,
)
from app.cycles.service import CycleRow, CycleView
from app.cycles.talks import TalkView
from app.models.cycles import CycleDecision, HardshipDecision, Talk, TalkAttendee, TalkRequest
from app.models.people import Employee
from app.people.schemas import EmployeeRef


def cycle_out(row: CycleRow, cls: type[CycleOut] = CycleOut, **extra: Any) -> CycleOut:
    """A cycle as ``cls`` (a subclass with ``extra`` fields: built at once)."""
    c = row.cycle
    return cls(
        id=c.id,
        employee=EmployeeRef(personnel_number=row.personnel_number, name=row.name),
        org_unit_key=row.org_unit_key,
        kind=c.kind,
        rule=c.rule,
        start_date=c.start_date,
        end_date=c.end_date,
        end_reason=c.end_reason,
        status=row.status,
        guide_version=c.guide_version_id,
        function_profile_code=row.function_profile_code,
        next_due_date=c.next_due_date,
        overdue=row.overdue,
        **extra,
    )


def attendee_out(a: TalkAttendee) -> AttendeeOut:
    return AttendeeOut(
        id=a.id,
        name=a.name,
        role=a.role,
        proposed_by=a.proposed_by,
        manager_consent=Consent(by=a.manager_consent_by, at=a.manager_consent_at)
        if a.manager_consent_at
        else None,
        employee_consent=Consent(by=a.employee_consent_by, at=a.employee_consent_at)
        if a.employee_consent_at
        else None,
        admitted=rules.admitted(a),
    )


def _talk(
    t: Talk, attendees: list[TalkAttendee], actions: list[str], today: date, left: bool
) -> TalkOut:
    return TalkOut(
        id=t.id,
        cycle_id=t.cycle_id,
        kind=t.kind,
        sequence=t.sequence,
        origin=t.origin,
        reason=t.reason,
        due_date=t.due_date,
        window_start=t.window_start,
        due_rule=t.due_rule,
        status=t.status,
        overdue=rules.talk_overdue(status=t.status, due_date=t.due_date, today=today, left=left),
        starts_at=t.starts_at,
        ends_at=t.ends_at,
        location=t.location,
        video_url=t.video_url,
        held_on=t.held_on,
        cancelled_reason=t.cancelled_reason,
        attendees=[attendee_out(a) for a in attendees],
        actions=actions,
    )


def _left(row: CycleRow, today: date) -> bool:
    c = row.cycle
    return rules.left_before(end_reason=c.end_reason, end=c.end_date, today=today)


def talk_out(view: TalkView, today: date) -> TalkOut:
    return _talk(view.talk, view.attendees, view.actions, today, _left(view.row, today))


def request_out(r: TalkRequest) -> TalkRequestOut:
    return TalkRequestOut.model_validate(r)


def hardship_out(d: HardshipDecision, employee: Employee | EmployeeRef) -> HardshipOut:
    ref = (
        employee
        if isinstance(employee, EmployeeRef)
        else EmployeeRef(personnel_number=employee.personnel_number, name=employee.name)
    )
    return HardshipOut(
        id=d.id,
        reference=d.reference,
        reason=d.reason,
        rule=d.rule,
        employee=ref,
        cycle_id=d.cycle_id,
        talk_id=d.talk_id,
        recorded_by=d.recorded_by,
        recorded_at=d.recorded_at,
    )


def cycle_detail(view: CycleView, today: date) -> CycleDetail:
    ref = EmployeeRef(personnel_number=view.row.personnel_number, name=view.row.name)
    talks = [
        _talk(
            t,
            view.attendees.get(t.id, []),
            TalkView(
                t,
                view.attendees.get(t.id, []),
                view.row,
                view.relation,
                agreed=not rules.needs_agreement(t.kind, view.row.cycle.kind)
                or t.id in view.agreed,
            ).actions,
            today,
            _left(view.row, today),
        )
        for t in view.talks
    ]
    return cycle_out(
        view.row,
        CycleDetail,
        talks=talks,
        talk_requests=[request_out(r) for r in view.requests],
        hardship_decisions=[hardship_out(d, ref) for d in view.hardship],
        actions=view.actions,
    )


def decision_out(d: CycleDecision, employee: Employee) -> CycleDecisionOut:
    return CycleDecisionOut(
        id=d.id,
        employee=EmployeeRef(personnel_number=employee.personnel_number, name=employee.name),
        from_year=d.from_year,
        one_year=d.one_year,
        reason=d.reason,
        decided_by=d.decided_by,
        decided_at=d.decided_at,
    )
