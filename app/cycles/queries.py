"""The statements that read cycles and talks, built once at import with bound parameters.

A cycle, or a talk, with everything its representation shows (its talks, attendees, requests,
hardship decisions, which talks are agreed) and the caller's relation to it is one statement:
the child rows come as arrays of whole rows (``array_agg(talk …)``), which asyncpg decodes
into records with their own types. Parameters: ``viewer`` and ``today`` (``app.authz``), and
the id.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Uuid

from app.authz import TODAY, VISIBLE_CYCLE_IDS, led_column, relation_column
from app.models.agreements import AgreementApproval, AgreementDecision, AgreementSet
from app.models.cycles import Cycle, HardshipDecision, Talk, TalkAttendee, TalkRequest
from app.models.people import Employee, FunctionProfile, OrgUnit
from app.statements import rows_of
from app.states import CycleState, CycleStatus
from app.tallies import tallied_total


def status_expression(today) -> ColumnElement[str]:
    """The cycle's status in SQL; mirrors ``rules.cycle_status``. ``today`` is a date or a
    bound parameter."""
    return case(
        # Spelled out rather than IN (…): a literal list would be expanded per execution.
        (
            or_(Cycle.state == CycleState.superseded, Cycle.state == CycleState.completed),
            Cycle.state,
        ),
        (
            and_(Cycle.end_reason.is_not(None), Cycle.end_date < today),
            literal(CycleStatus.ended.value),
        ),
        (Cycle.start_date > today, literal(CycleStatus.upcoming.value)),
        else_=literal(CycleStatus.open.value),
    )


def overdue_expression(today) -> ColumnElement[bool]:
    """A talk to hold is past its due date; not for someone who has left (their cycle ended
    on the leaving date: nobody is chased for it)."""
    left = and_(Cycle.end_reason == "leaving", Cycle.end_date < today)
    return and_(
        Cycle.state == CycleState.active, Cycle.next_due_date < today, ~func.coalesce(left, False)
    )


# The columns of ``service.CycleRow``: the cycle as a whole row, the employee's number and
# name, unit, the function profile the cycle started with, status and overdue today.
CYCLE_COLUMNS = (
    Cycle.__table__.table_valued().label("cycle"),
    Employee.personnel_number,
    Employee.name,
    OrgUnit.key.label("org_unit_key"),
    FunctionProfile.code.label("function_profile_code"),
    status_expression(TODAY).label("status"),
    func.coalesce(overdue_expression(TODAY), False).label("overdue"),
)


def with_employee(query: Select) -> Select:
    """``query`` on Cycle joined with what ``CYCLE_COLUMNS`` needs."""
    return (
        query.join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
        .join(FunctionProfile, FunctionProfile.id == Cycle.function_profile_id)
    )


CALLER = (
    relation_column(Cycle.employee_id, Employee.personnel_number).label("relation"),
    led_column(Cycle).label("led"),
)

CYCLE_BY_ID = with_employee(select(*CYCLE_COLUMNS, *CALLER).select_from(Cycle)).where(
    Cycle.id == bindparam("cycle_id")
)
"""One cycle with the caller's relation (``relation``, ``led``). Parameters: cycle_id, viewer,
today."""

CYCLE_BY_ID_LOCKED = CYCLE_BY_ID.with_for_update(of=Cycle, key_share=True)
"""The same, locking the cycle row (writes: a talk's change waits for another's)."""


def agreed_talk_ids(cycle_id: ColumnElement) -> Select:
    """Talks of the cycle whose set, at its current version, both approved or the manager
    decided (R4.6, R5.2)."""
    current = and_(AgreementSet.cycle_id == cycle_id)
    approved = (
        select(AgreementApproval.talk_id)
        .join(
            AgreementSet,
            and_(
                AgreementSet.cycle_id == AgreementApproval.cycle_id,
                AgreementSet.version == AgreementApproval.set_version,
            ),
        )
        .where(current)
        .group_by(AgreementApproval.talk_id)
        .having(func.count(AgreementApproval.party.distinct()) == 2)
    )
    decided = (
        select(AgreementDecision.talk_id)
        .join(
            AgreementSet,
            and_(
                AgreementSet.cycle_id == AgreementDecision.cycle_id,
                AgreementSet.version == AgreementDecision.set_version,
            ),
        )
        .where(current)
    )
    return union(approved, decided)


CYCLE_DETAIL = CYCLE_BY_ID.add_columns(
    rows_of(
        Talk,
        where=lambda t: t.cycle_id == Cycle.id,
        order=lambda t: (t.due_date, t.kind, t.sequence),
    ).label("talks"),
    rows_of(
        TalkAttendee,
        where=lambda a: a.talk_id.in_(
            select(Talk.id).where(Talk.cycle_id == Cycle.id).correlate(Cycle)
        ),
        order=lambda a: (a.created_at, a.id),
    ).label("attendees"),
    rows_of(
        TalkRequest,
        where=lambda r: r.cycle_id == Cycle.id,
        order=lambda r: (r.requested_at, r.id),
    ).label("talk_requests"),
    rows_of(
        HardshipDecision,
        where=lambda h: h.cycle_id == Cycle.id,
        order=lambda h: (h.recorded_at, h.id),
    ).label("hardship"),
    func.array(agreed_talk_ids(Cycle.id).scalar_subquery()).label("agreed"),
)
"""A cycle as ``GET /cycles/{id}`` shows it, in one statement. Parameters: cycle_id, viewer,
today."""

TALK_DETAIL = (
    with_employee(
        select(
            Talk.__table__.table_valued().label("talk"),
            *CYCLE_COLUMNS,
            *CALLER,
            rows_of(
                TalkAttendee,
                where=lambda a: a.talk_id == Talk.id,
                order=lambda a: (a.created_at, a.id),
            ).label("attendees"),
            Talk.id.in_(agreed_talk_ids(Cycle.id)).label("agreed"),
        )
        .select_from(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
    )
).where(Talk.id == bindparam("talk_id"))
"""A talk as ``GET /talks/{id}`` shows it, with its cycle's row and the caller's relation, in
one statement. Parameters: talk_id, viewer, today."""


# --- the list of cycles ----------------------------------------------------------------------


def visible_cycles(*, everyone: bool) -> ColumnElement[bool] | None:
    """The cycles a person sees: those of the employees they see (themself, whom they manage
    today), and those they led as manager (read-only). None: every cycle (HR, cycles:read)."""
    if everyone:
        return None
    return Cycle.id.in_(VISIBLE_CYCLE_IDS)


ORDER = (Cycle.next_due_date.asc().nulls_last(), Cycle.start_date, Cycle.id)
"""Overdue first: by the next due date (index ``ix_cycle_list_order``)."""


@lru_cache(maxsize=128)
def cycle_page(
    *,
    everyone: bool,
    employee: bool,
    org_unit: bool,
    period: bool,
    status: bool,
    overdue: bool | None,
    due_before: bool,
) -> tuple[Select, Select]:
    """The page statement (with the total over all pages as ``total``, counted on the cycle
    table with its filters, or the tally's for an unfiltered list of everyone's) and the count
    alone, for a page past the end; one pair per combination of filters, built on first use.
    Parameters: viewer, today, limit, offset, and employee, units (an array of org unit ids),
    period_start, period_end, status, due_before as the filters are present."""
    where = []
    visible = visible_cycles(everyone=everyone)
    if visible is not None:
        where.append(visible)
    if employee:
        where.append(
            Cycle.employee_id
            == select(Employee.id)
            .where(Employee.personnel_number == bindparam("employee"))
            .scalar_subquery()
        )
    if org_unit:
        in_units = Employee.org_unit_id == func.any(bindparam("units", type_=ARRAY(Uuid())))
        where.append(Cycle.employee_id.in_(select(Employee.id).where(in_units)))
    if period:
        where += [
            Cycle.start_date <= bindparam("period_end"),
            Cycle.end_date >= bindparam("period_start"),
        ]
    if status:
        where.append(status_expression(TODAY) == bindparam("status"))
    else:
        where.append(Cycle.state != CycleState.superseded)  # replaced plans only when asked for
    if overdue is not None:
        late = overdue_expression(TODAY)
        where.append(late if overdue else ~func.coalesce(late, False))
    if due_before:
        where += [
            Cycle.state == CycleState.active,
            Cycle.next_due_date < bindparam("due_before"),
            ~func.coalesce(and_(Cycle.end_reason == "leaving", Cycle.end_date < TODAY), False),
        ]
    unfiltered = everyone and not (employee or org_unit or period or status or due_before)
    if unfiltered and overdue is None:
        # Every cycle not superseded: the tally, not a count (docs/design.md, "Scale: reads").
        count = tallied_total("cycle")
    else:
        # Not correlated with the page's own cycle table: a count over all pages.
        count = select(func.count()).select_from(Cycle).where(*where).correlate(None)
    page = (
        with_employee(
            select(*CYCLE_COLUMNS, count.scalar_subquery().label("total")).select_from(Cycle)
        )
        .where(*where)
        .order_by(*ORDER)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return page, count
