"""Talks: scheduling (R2.6), holding, extra talks and early appraisals (R2.5, R6.1), attendees
(R2.8) and the employee's requests for an extra talk (R2.5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Uuid, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import Actor
from app.authz import cycle_relation_of, not_found, require_managing, viewer_params
from app.clock.today import AMSTERDAM
from app.cycles import events, queries, rules
from app.cycles.hooks import holding_talk, scheduling_talk
from app.cycles.rules import Step, needs_agreement
from app.cycles.service import CycleRow, bypassed, cycle_of, cycle_row, load_cycle
from app.errors import Conflict, Forbidden, RuleViolation, invalid, param
from app.events import outbox
from app.messages import msg, term
from app.models.cycles import Cycle, Talk, TalkAttendee, TalkRequest
from app.models.people import Employee
from app.statements import fetch_one, item, items
from app.states import (
    MANAGING,
    OPEN_TALK,
    CycleState,
    CycleStatus,
    Relation,
    RequestStatus,
    TalkStatus,
)


@dataclass
class TalkView:
    talk: Talk
    attendees: list[TalkAttendee]
    row: CycleRow
    relation: Relation
    agreed: bool = True
    """For a planning or progress talk: its agreement set is agreed (R4.6, R5.2)."""

    @property
    def actions(self) -> list[str]:
        pending = set()
        for a in self.attendees:
            if a.manager_consent_at is None:
                pending.add("manager")
            if a.employee_consent_at is None:
                pending.add("employee")
        return rules.talk_actions(
            relation=self.relation.value,
            status=self.talk.status,
            cycle_status=self.row.status,
            pending_consent_of=pending,
            agreed=self.agreed,
        )


async def _load(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, lock: bool = False
) -> TalkView:
    row, relation = await cycle_of(
        session, select(Talk.cycle_id).where(Talk.id == talk_id), "talk", actor, today, lock
    )
    query = select(Talk).where(Talk.id == talk_id).execution_options(populate_existing=True)
    if lock:
        query = query.with_for_update(key_share=True)
    talk = (await session.execute(query)).scalar_one()
    attendees = list(
        (
            await session.execute(
                select(TalkAttendee)
                .where(TalkAttendee.talk_id == talk_id)
                .order_by(TalkAttendee.created_at, TalkAttendee.id)
            )
        ).scalars()
    )
    agreed = not needs_agreement(talk.kind, row.cycle.kind) or talk.id in set(
        await session.scalars(queries.agreed_talk_ids(literal(row.cycle.id, Uuid())))
    )
    return TalkView(talk, attendees, row, relation, agreed)


async def get_talk(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> TalkView:
    """A talk with its attendees, its cycle and the caller's relation: one statement
    (``queries.TALK_DETAIL``); 404 when it is not theirs to see."""
    row = await fetch_one(
        session, queries.TALK_DETAIL, talk_id=talk_id, **viewer_params(actor, today)
    )
    relation = cycle_relation_of(actor, row, "talk")
    talk, cycle = item(row.talk), cycle_row(row)
    agreed = not needs_agreement(talk.kind, cycle.cycle.kind) or bool(row.agreed)
    return TalkView(talk, items(row.attendees), cycle, relation, agreed)


async def _employee_active(session: AsyncSession, row: CycleRow, today: date) -> None:
    """A leaver's cycle ended on the leaving date (scheduling model): nothing more to plan."""
    leaving = await session.scalar(
        select(Employee.leaving_date).where(Employee.id == row.cycle.employee_id)
    )
    if leaving is not None and leaving <= today:
        raise RuleViolation(
            msg("employee-inactive", date=leaving.isoformat()),
            rule="R2.1",
            code="employee-inactive",
        )


def _require_open(step: Step, row: CycleRow, talk: Talk | None = None) -> None:
    """409 when the cycle (or the talk) is closed for ``step`` (``rules.closed_for``)."""
    refusal = rules.closed_for(
        step, cycle_status=row.status, talk_status=talk.status if talk is not None else None
    )
    if refusal is not None:
        raise refusal.error(Conflict)


async def _check_date(session: AsyncSession, view: TalkView, *, field: str, day: date) -> None:
    cycle = view.row.cycle
    violation = rules.check_talk_date(field=field, day=day, cycle_start=cycle.start_date)
    if violation is None:
        return
    # R7: a recorded hardship decision is the only way around the check.
    if await bypassed(session, rule=violation.rule, cycle_id=cycle.id, talk_id=view.talk.id):
        return
    raise violation.error()


async def schedule_talk(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime | None,
    location: str | None,
    video_url: str | None,
    precondition: Callable[[TalkView], None],
) -> TalkView:
    """R2.6: the manager (or delegated coordinator) schedules or reschedules a talk: date and
    time, and a place or a video link. A late talk is allowed (flagged overdue); a talk before
    its cycle starts is refused (R2.1) unless a hardship decision sets that aside (R7)."""
    view = await _load(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    require_managing(view.relation, rule="R2.6", what=msg("act.schedules-talks"))
    precondition(view)
    await _employee_active(session, view.row, today)
    _require_open(Step.hold, view.row, view.talk)
    problems = rules.check_appointment(
        starts_at=starts_at, ends_at=ends_at, location=location, video_url=video_url
    )
    if problems:
        raise invalid(problems)
    day = starts_at.astimezone(AMSTERDAM).date()
    await _check_date(session, view, field="startsAt", day=day)
    # R6.3: an appraisal talk no earlier than 7 days after the draft was shared (appraisals).
    await scheduling_talk(
        session,
        row=view.row,
        relation=view.relation,
        talk=view.talk,
        day=day,
        field="startsAt",
        today=today,
    )
    talk = view.talk
    talk.starts_at, talk.ends_at = starts_at, ends_at
    talk.location, talk.video_url = location, video_url
    talk.status, talk.scheduled_by = TalkStatus.scheduled, actor.subject
    outbox.add(
        session,
        [
            events.talk(
                "talk.scheduled",
                talk,
                number=view.row.personnel_number,
                startsAt=starts_at.astimezone(UTC),
                endsAt=ends_at.astimezone(UTC) if ends_at else None,
            )
        ],
    )
    await session.flush()
    await session.refresh(talk)  # as stored (times in UTC), so the ETag matches a later GET
    return view


async def record_held(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    held_on: date,
    attendee_ids: list[uuid.UUID],
) -> TalkView:
    """The manager records that the talk was held, on which day and with which others (each
    admitted by both, R2.8). Late is fine; before the cycle starts is not (R2.1, R7)."""
    view = await _load(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    require_managing(view.relation, rule="R2.6", what=msg("act.records-talk-held"))
    _require_open(Step.hold, view.row, view.talk)
    problems = rules.held_problems(held_on=held_on, today=today)
    known = {a.id: a for a in view.attendees}
    for i, attendee_id in enumerate(attendee_ids):
        attendee = known.get(attendee_id)
        if attendee is None:
            problems.append(param(f"attendeeIds.{i}", "unknown", "not an attendee of this talk"))
        elif not rules.admitted(attendee):  # R2.8
            problems.append(
                param(
                    f"attendeeIds.{i}",
                    "consent_missing",
                    "attends only with the consent of both manager and employee (R2.8)",
                    rule="R2.8",
                )
            )
    if problems:
        error = invalid(problems)
        if error.rule == "R2.8":
            raise RuleViolation(
                msg("attendee-without-consent"),
                rule="R2.8",
                code="attendee-without-consent",
                invalid_params=problems,
            )
        raise error
    await _check_date(session, view, field="heldOn", day=held_on)
    # R4.6, R5.2: the agreed set (agreements); R6.3: the draft shared a week before
    # (appraisals), which moves the appraisal to held.
    await holding_talk(
        session,
        row=view.row,
        relation=view.relation,
        talk=view.talk,
        day=held_on,
        field="heldOn",
        today=today,
    )
    view.talk.status, view.talk.held_on = TalkStatus.held, held_on
    view.talk.held_recorded_by = actor.subject
    found = [events.talk("talk.held", view.talk, number=view.row.personnel_number, heldOn=held_on)]
    await session.flush()
    remaining = await session.scalar(
        select(func.count()).where(Talk.cycle_id == view.row.cycle.id, Talk.status.in_(OPEN_TALK))
    )
    waiting = await session.scalar(
        select(func.count()).where(
            TalkRequest.cycle_id == view.row.cycle.id, TalkRequest.status == RequestStatus.open
        )
    )
    if remaining == 0 and waiting == 0:  # R2.5: an open request keeps the cycle open
        cycle = await session.get_one(Cycle, view.row.cycle.id)
        cycle.state = CycleState.completed
        found.append(
            events.cycle(
                "cycle.ended",
                cycle.id,
                number=view.row.personnel_number,
                kind=cycle.kind,
                state=cycle.state,
                start_date=cycle.start_date,
                end_date=cycle.end_date,
            )
        )
        await session.flush()
        view.row.status = CycleStatus.completed
    outbox.add(session, found)
    return view


async def add_talk(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    kind: str,
    due_date: date,
    reason: str,
    early: bool,
    origin: str | None = None,
) -> TalkView:
    """R2.5: the manager adds an extra progress or appraisal talk with a reason; R6.1: an
    early appraisal, for a legal-status reason, due before the end of the cycle."""
    row, relation = await load_cycle(
        session, actor=actor, today=today, cycle_id=cycle_id, lock=True
    )
    rule = "R6.1" if early else "R2.5"
    require_managing(relation, rule=rule, what=msg("act.adds-talks"))
    await _employee_active(session, row, today)
    _require_open(Step.plan, row)
    problems = rules.check_extra_talk(
        kind=kind,
        early=early,
        due_date=due_date,
        cycle_start=row.cycle.start_date,
        cycle_end=row.cycle.end_date,
    )
    if problems:
        raise invalid(problems)
    talk = await new_talk(
        session,
        row,
        kind=kind,
        due_date=due_date,
        reason=reason,
        origin=origin or ("early" if early else "extra"),
        rule=rule,
    )
    return TalkView(talk, [], row, relation, agreed=not needs_agreement(kind, row.cycle.kind))


async def new_talk(
    session: AsyncSession,
    row: CycleRow,
    *,
    kind: str,
    due_date: date,
    reason: str,
    origin: str,
    rule: str,
) -> Talk:
    sequence = await session.scalar(
        select(func.coalesce(func.max(Talk.sequence), 0)).where(
            Talk.cycle_id == row.cycle.id, Talk.kind == kind
        )
    )
    talk = Talk(
        cycle_id=row.cycle.id,
        kind=kind,
        sequence=sequence + 1,
        origin=origin,
        reason=reason,
        due_date=due_date,
        due_rule=rule,
        status=TalkStatus.open,
    )
    session.add(talk)
    await session.flush()
    await session.refresh(talk)
    return talk


# --- R2.8 attendees -------------------------------------------------------------------------


def _party(relation: Relation, *, rule: str) -> str:
    if relation is Relation.self:
        return "employee"
    if relation in MANAGING:
        return "manager"
    raise Forbidden(msg("forbidden.attendees"), rule=rule)


async def propose_attendee(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, name: str, role: str
) -> tuple[TalkAttendee, TalkView]:
    """R2.8: the manager or the employee proposes another attendee; the proposer's consent is
    recorded with it, the other party's follows separately."""
    view = await _load(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    party = _party(view.relation, rule="R2.8")
    _require_open(Step.plan, view.row, view.talk)
    now = datetime.now(UTC)
    attendee = TalkAttendee(talk_id=talk_id, name=name, role=role, proposed_by=party)
    setattr(attendee, f"{party}_consent_by", actor.subject)
    setattr(attendee, f"{party}_consent_at", now)
    session.add(attendee)
    await session.flush()
    await session.refresh(attendee)
    view.attendees.append(attendee)
    return attendee, view


async def consent_attendee(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, attendee_id: uuid.UUID
) -> tuple[TalkAttendee, TalkView]:
    """R2.8: the other party consents; the attendee is admitted once both have."""
    view = await _load(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    attendee = next((a for a in view.attendees if a.id == attendee_id), None)
    if attendee is None:
        raise not_found("attendee")
    party = _party(view.relation, rule="R2.8")
    _require_open(Step.plan, view.row, view.talk)
    if getattr(attendee, f"{party}_consent_at") is not None:
        raise Conflict(
            msg("already-consented", party=term("party", party)),
            code="already-consented",
            rule="R2.8",
        )
    setattr(attendee, f"{party}_consent_by", actor.subject)
    setattr(attendee, f"{party}_consent_at", datetime.now(UTC))
    await session.flush()
    return attendee, view


# --- R2.5 requests for an extra talk ---------------------------------------------------------


async def request_talk(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID, kind: str, reason: str
) -> TalkRequest:
    """R2.5: the employee asks for an extra progress or appraisal talk; the manager must answer."""
    row, relation = await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    if relation is not Relation.self:
        raise Forbidden(msg("forbidden.talk-request"), rule="R2.5")
    _require_open(Step.plan, row)
    request = TalkRequest(cycle_id=cycle_id, kind=kind, reason=reason, requested_by=actor.subject)
    session.add(request)
    await session.flush()
    await session.refresh(request)
    return request


async def answer_talk_request(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    request_id: uuid.UUID,
    decision: str,
    due_date: date | None,
    reason: str | None,
) -> TalkRequest:
    """R2.5: the manager answers a request: schedules the extra talk (a due date within the
    cycle) or declines with a reason. A request is answered once."""
    query = select(TalkRequest.cycle_id).where(TalkRequest.id == request_id)
    row, relation = await cycle_of(session, query, "talk request", actor, today, True)
    require_managing(relation, rule="R2.5", what=msg("act.answers-talk-request"))
    request = (
        await session.execute(
            select(TalkRequest).where(TalkRequest.id == request_id).with_for_update()
        )
    ).scalar_one()
    if request.status != RequestStatus.open:
        raise Conflict(
            msg("request-answered", status=term("request-status", request.status)),
            code="request-answered",
        )
    problems = []
    if decision == "decline" and not reason:
        problems.append(
            param("reason", "missing", "a declined request needs a reason (R2.5)", rule="R2.5")
        )
    if decision == "schedule":
        if due_date is None:
            problems.append(param("dueDate", "missing", "required to schedule the talk"))
        else:
            problems += rules.check_extra_talk(
                kind=request.kind,
                early=False,
                due_date=due_date,
                cycle_start=row.cycle.start_date,
                cycle_end=row.cycle.end_date,
            )
    if problems:
        raise invalid(problems)
    if decision == "schedule":
        await _employee_active(session, row, today)
        _require_open(Step.plan, row)
        talk = await new_talk(
            session,
            row,
            kind=request.kind,
            due_date=due_date,
            reason=request.reason,
            origin="requested",
            rule="R2.5",
        )
        request.talk_id, request.status = talk.id, RequestStatus.scheduled
    else:
        request.status = RequestStatus.declined
    request.answer_reason = reason
    request.answered_by, request.answered_at = actor.subject, datetime.now(UTC)
    await session.flush()
    return request
