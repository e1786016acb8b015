"""The reports' SQL: every figure is an aggregate computed by PostgreSQL, one statement per
table, grouped by org unit (or function group, competency, type); Python only sums the unit rows
into totals. The classifications mirror ``reports.rules`` (tested against the same tables)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from app.appraisals.rules import State
from app.authz import active_on
from app.models.agreements import Agreement, AgreementVersion
from app.models.appraisals import Appraisal, AppraisalRating, AppraisalSignature
from app.models.cycles import Cycle, Talk
from app.models.people import Employee, FunctionProfile, ManagerAssignment, OrgUnit
from app.reports import rules
from app.reports.scope import Scope
from app.states import AgreementStatus, CycleState, TalkStatus


@dataclass(frozen=True)
class Range:
    """The days a report covers, both included."""

    start: date
    end: date


def _count(condition) -> object:
    return func.count().filter(condition)


def _people(scope: Scope):
    """The number of distinct people, and of the caller's own among them (suppression)."""
    return (
        func.count(distinct(Employee.id)).label("people"),
        func.count(distinct(Employee.id)).filter(scope.own()).label("own_people"),
    )


def _regular_talks(scope: Scope, period: Range):
    """The talks of the cycle plan (not extra ones) of live cycles, due in the range; a talk
    not held by someone who has left counts no more (as ``cycles.rules.talk_overdue``)."""
    left = func.coalesce(and_(Cycle.end_reason == "leaving", Cycle.end_date < scope.today), False)
    return (
        select()
        .select_from(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
        .where(
            Talk.origin == "cycle",
            Talk.status != TalkStatus.cancelled,
            Cycle.state != CycleState.superseded,
            Talk.due_date.between(period.start, period.end),
            or_(Talk.status == TalkStatus.held, ~left),
            scope.people(),
        )
    )


def timeliness_sql(today: date):
    """``rules.timeliness`` in SQL."""
    return case(
        (
            and_(Talk.status == TalkStatus.held, Talk.held_on <= Talk.due_date),
            rules.Timeliness.on_time,
        ),
        (Talk.status == TalkStatus.held, rules.Timeliness.late),
        (Talk.due_date < today, rules.Timeliness.overdue),
        else_=rules.Timeliness.not_yet_due,
    )


async def coverage(session: AsyncSession, scope: Scope, period: Range, today: date) -> list[Row]:
    """Per org unit and talk kind: on time, late, overdue, not yet due (the talks of the plan
    due in the range). Counted per person first, then per unit: two hash aggregates, where a
    count of distinct people per unit sorted every talk of the range (on disk at 50,000)."""
    status = timeliness_sql(today)
    classes = ("on_time", "late", "overdue", "not_yet_due")
    per_person = (
        _regular_talks(scope, period)
        .add_columns(
            Employee.org_unit_id.label("org_unit_id"),
            Talk.kind.label("kind"),
            *(_count(status == getattr(rules.Timeliness, name)).label(name) for name in classes),
            func.count().label("total"),
        )
        .group_by(Employee.org_unit_id, Talk.kind, Employee.id)
        .subquery("per_person")
    )
    per_unit = (
        select(
            per_person.c.org_unit_id,
            per_person.c.kind,
            *(cast(func.sum(per_person.c[name]), Integer).label(name) for name in classes),
            cast(func.sum(per_person.c.total), Integer).label("total"),
            func.count().label("people"),
        )
        .group_by(per_person.c.org_unit_id, per_person.c.kind)
        .subquery("per_unit")
    )
    order = case({"planning": 1, "progress": 2}, value=per_unit.c.kind, else_=3)
    query = (
        select(
            OrgUnit.key.label("org_unit"),
            OrgUnit.name.label("org_unit_name"),
            per_unit.c.kind,
            *(per_unit.c[name] for name in (*classes, "total", "people")),
        )
        .join(OrgUnit, OrgUnit.id == per_unit.c.org_unit_id)
        .order_by(OrgUnit.key, order)
    )
    return list((await session.execute(query)).all())


def _window_start():
    """R6.11: the 14 days count from the later of the talk's date and its recording/change."""
    return func.greatest(Talk.held_on, func.coalesce(Appraisal.window_from, Talk.held_on))


def _agreement():
    """The employee's "agree" on the current version (R6.11: finalising may follow at once)."""
    return (
        AppraisalSignature.appraisal_id == Appraisal.id,
        AppraisalSignature.party == "employee",
        AppraisalSignature.kind == "agree",
        AppraisalSignature.content_version == Appraisal.content_version,
    )


def _signed_agree():
    return exists().where(*_agreement())


def _finalisation_from():
    """R6.11: the day the manager may finalise: the employee's "agree", or the 15th day of the
    window, whichever comes first."""
    agreed_on = select(func.min(AppraisalSignature.signed_on)).where(*_agreement())
    window_end = _window_start() + (rules.OBJECTION_DAYS + 1)
    return func.least(func.coalesce(agreed_on.scalar_subquery(), window_end), window_end)


def follow_up_sql(today: date) -> dict[str, object]:
    """``rules.follow_up`` in SQL: one condition per class."""
    window_closed = _window_start() + rules.OBJECTION_DAYS < today
    return {
        rules.FollowUp.finalised: Appraisal.state == "finalised",
        rules.FollowUp.in_objection: Appraisal.state.in_(("objected", "heard")),
        rules.FollowUp.window_open: and_(
            Appraisal.state == State.held, ~window_closed, ~_signed_agree()
        ),
        rules.FollowUp.finalisation_due: and_(
            Appraisal.state == State.held, or_(window_closed, _signed_agree())
        ),
        rules.FollowUp.hearing_overdue: and_(
            Appraisal.state == "objected", Appraisal.objections_on + rules.HEARING_DAYS < today
        ),
        rules.FollowUp.response_overdue: and_(
            Appraisal.state == "heard", Appraisal.hearing_on + rules.RESPONSE_DAYS < today
        ),
    }


async def appraisal_coverage(
    session: AsyncSession, scope: Scope, period: Range, today: date
) -> list[Row]:
    """Per org unit, the appraisal talks of the plan due in the range and held: drafts shared
    at least 7 days ahead (R6.3) and the follow-up after the talk (R6.11, R6.12)."""
    classes = follow_up_sql(today)
    in_time = Appraisal.shared_on + rules.SHARE_DAYS_BEFORE <= Talk.held_on
    query = (
        _regular_talks(scope, period)
        .join(Appraisal, Appraisal.talk_id == Talk.id)
        .where(Talk.kind == "appraisal", Talk.status == TalkStatus.held)
        .add_columns(
            OrgUnit.key.label("org_unit"),
            OrgUnit.name.label("org_unit_name"),
            *_people(scope),
            func.count().label("held"),
            _count(in_time).label("shared_in_time"),
            _count(~in_time).label("shared_late"),
            *(_count(when).label(name.replace("-", "_")) for name, when in classes.items()),
        )
        .group_by(OrgUnit.key, OrgUnit.name)
        .order_by(OrgUnit.key)
    )
    return list((await session.execute(query)).all())


def _manager_number(today: date):
    """The employee's current manager (personnel number), for the people lists."""
    manager = aliased(Employee)
    return (
        select(manager.personnel_number)
        .join(ManagerAssignment, ManagerAssignment.manager_id == manager.id)
        .where(ManagerAssignment.employee_id == Employee.id, active_on(ManagerAssignment, today))
        .order_by(ManagerAssignment.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )


FOLLOW_UP_KINDS = ("finalisation", "hearing", "response")
OVERDUE_KINDS = ("planning", "progress", "appraisal", *FOLLOW_UP_KINDS)


def overdue_people(scope: Scope, period: Range, today: date, kind: str) -> Select:
    """The people behind an overdue figure, most overdue first: a talk of the plan past its
    due date and not held, or an appraisal past an R6.11/R6.12 deadline."""
    columns = (
        Employee.personnel_number.label("personnel_number"),
        Employee.name.label("name"),
        OrgUnit.key.label("org_unit"),
        Talk.cycle_id.label("cycle_id"),
        Talk.id.label("talk_id"),
    )
    base = _regular_talks(scope, period)
    if kind in ("planning", "progress", "appraisal"):
        due = Talk.due_date
        # timeliness_sql(today) == overdue, written as what the partial index ix_talk_open_due
        # holds: not held (nor cancelled) and due before today. The planner read the CASE as
        # 0.5 % of the talks and joined them in nested loops (issue 20).
        query = base.where(
            Talk.kind == kind,
            Talk.status.in_((TalkStatus.open, TalkStatus.scheduled)),
            Talk.due_date < today,
        )
        rule = Talk.due_rule  # the rule that set the due date
    else:
        query = base.join(Appraisal, Appraisal.talk_id == Talk.id).where(
            follow_up_sql(today)[
                {
                    "finalisation": rules.FollowUp.finalisation_due,
                    "hearing": rules.FollowUp.hearing_overdue,
                    "response": rules.FollowUp.response_overdue,
                }[kind]
            ]
        )
        due = {
            "finalisation": _finalisation_from(),
            "hearing": Appraisal.objections_on + rules.HEARING_DAYS,
            "response": Appraisal.hearing_on + rules.RESPONSE_DAYS,
        }[kind]
        rule = literal("R6.11" if kind == "finalisation" else "R6.12")
    due = cast(due, Date)
    return query.add_columns(
        *columns,
        due.label("due_date"),
        (literal(today) - due).label("days_overdue"),
        rule.label("rule"),
        _manager_number(today).label("manager"),
    ).order_by(due, Employee.personnel_number)


def _in_service(day: date):
    leaving = Employee.leaving_date
    return and_(Employee.entry_date <= day, or_(leaving.is_(None), leaving > day))


def _planning_held_by(day: date):
    """A planning talk held by ``day`` in the employee's cycle that runs on that day."""
    return exists().where(*_planning_held_where(day), Cycle.employee_id == Employee.id)


def _planning_held_where(day: date):
    return (
        Cycle.state != CycleState.superseded,
        Cycle.start_date <= day,
        Cycle.end_date >= day,
        Talk.cycle_id == Cycle.id,
        Talk.kind == "planning",
        Talk.status == TalkStatus.held,
        Talk.held_on <= day,
    )


def _held_by(day: date):
    """The people (employee ids) with a planning talk held by ``day`` in their cycle that runs
    on that day: one set, joined once (an EXISTS in the select list ran per employee, twice)."""
    return (
        select(Cycle.employee_id.label("employee_id"))
        .select_from(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
        .where(*_planning_held_where(day))
        .distinct()
        .subquery("held")
    )


async def rollout(session: AsyncSession, scope: Scope, by: date) -> list[Row]:
    """The memo's roll-out check: per org unit, the people in service on ``by`` and how many
    of them had the planning talk of their running cycle by then."""
    held = _held_by(by)
    counted = (
        select(
            Employee.org_unit_id.label("org_unit_id"),
            func.count().label("employees"),
            func.count(held.c.employee_id).label("held"),
        )
        .select_from(Employee)
        .outerjoin(held, held.c.employee_id == Employee.id)
        .where(_in_service(by), scope.people())
        .group_by(Employee.org_unit_id)
        .subquery("counted")
    )
    query = (
        select(
            OrgUnit.key.label("org_unit"),
            OrgUnit.name.label("org_unit_name"),
            counted.c.employees,
            counted.c.held,
            (counted.c.employees - counted.c.held).label("not_held"),
        )
        .join(OrgUnit, OrgUnit.id == counted.c.org_unit_id)
        .order_by(OrgUnit.key)
    )
    return list((await session.execute(query)).all())


def rollout_missing(scope: Scope, by: date) -> Select:
    """The people in service on ``by`` without a planning talk held by then. For some units
    (an org unit asked for, a manager's), a NOT EXISTS per person, on the indexes; for the
    whole organisation, one hashed set of everyone who had it (a lookup per person cost
    13 µs, 0.7 s at 50,000)."""
    query = (
        select(
            Employee.personnel_number.label("personnel_number"),
            Employee.name.label("name"),
            OrgUnit.key.label("org_unit"),
            Employee.entry_date.label("entry_date"),
            _manager_number(scope.today).label("manager"),
        )
        .select_from(Employee)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
        .where(_in_service(by), scope.people())
        # By the key as a value: ordered by uq_org_unit_key, the planner joined the units in a
        # nested loop over every person (1.5 million comparisons at 50,000), for a page whose
        # total counts them all anyway.
        .order_by(OrgUnit.key + "", Employee.personnel_number)
    )
    if scope.unit is not None or (scope.manager_id is not None and not scope.privileged):
        return query.where(~_planning_held_by(by))
    # NOT IN a set that PostgreSQL hashes once (a hashed SubPlan), not a join: under the page's
    # LIMIT PostgreSQL 15 and 16 undercosted the window count and ran the anti join as a
    # nested loop over every pair, past the 30 s statement timeout at 200,000 (issue 20).
    # No DISTINCT: the hash keeps each id once. (cycle.employee_id is never NULL.)
    held = (
        select(Cycle.employee_id)
        .select_from(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
        .where(*_planning_held_where(by))
    )
    return query.where(Employee.id.not_in(held))


def _finalised_in(scope: Scope, period: Range):
    return (
        select()
        .select_from(Appraisal)
        .join(Talk, Talk.id == Appraisal.talk_id)
        .join(Cycle, Cycle.id == Appraisal.cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .join(OrgUnit, OrgUnit.id == Employee.org_unit_id)
        .where(
            Appraisal.state == "finalised",
            Appraisal.finalised_on.between(period.start, period.end),
            scope.people(),
        )
    )


def _distribution():
    return tuple(
        _count(Appraisal.final_rating == score).label(f"rating_{score}") for score in range(1, 6)
    )


async def outcomes_by_unit(session: AsyncSession, scope: Scope, period: Range) -> list[Row]:
    """Per org unit, the appraisals finalised in the range: the final-rating distribution,
    objections and how they ended, rewards, and the days from the talk to finalisation."""
    days = Appraisal.finalised_on - Talk.held_on
    query = (
        _finalised_in(scope, period)
        .add_columns(
            OrgUnit.key.label("org_unit"),
            OrgUnit.name.label("org_unit_name"),
            *_people(scope),
            func.count().label("finalised"),
            *_distribution(),
            _count(Appraisal.objections_on.is_not(None)).label("objected"),
            _count(Appraisal.response == "met-fully").label("met_fully"),
            _count(Appraisal.response == "partly-met").label("partly_met"),
            _count(Appraisal.response == "explained").label("explained"),
            _count(Appraisal.reward.is_not(None)).label("rewards"),
            func.percentile_cont(0.5).within_group(days).label("median_days"),
            func.avg(days).label("mean_days"),
            func.max(days).label("max_days"),
        )
        .group_by(OrgUnit.key, OrgUnit.name)
        .order_by(OrgUnit.key)
    )
    return list((await session.execute(query)).all())


async def outcomes_by_function_group(
    session: AsyncSession, scope: Scope, period: Range
) -> list[Row]:
    """Per function group (of the function profile the cycle started with, R3.5), the
    final-rating distribution of the appraisals finalised in the range."""
    query = (
        _finalised_in(scope, period)
        .join(FunctionProfile, FunctionProfile.id == Cycle.function_profile_id)
        .add_columns(
            FunctionProfile.function_group.label("function_group"),
            *_people(scope),
            func.count().label("finalised"),
            *_distribution(),
        )
        .group_by(FunctionProfile.function_group)
        .order_by(FunctionProfile.function_group)
    )
    return list((await session.execute(query)).all())


def _bridge_of(cycle):
    """T2.1: the bridging cycle that follows a probation cycle, whose agreements it carries
    over (as ``agreements.context.carried_from_of``, seen from the probation cycle): an
    alias of Cycle and the condition to LEFT JOIN it on (at most one: a cycle's start is
    unique per employee, ``uq_cycle_employee_start``)."""
    bridge = aliased(Cycle)
    on = and_(
        cycle.kind == "probation",
        bridge.employee_id == cycle.employee_id,
        bridge.start_date == cycle.end_date + 1,
        bridge.kind == "bridging",
        bridge.state != CycleState.superseded,
    )
    return bridge, on


def _current_agreements(scope: Scope, period: Range, bridge, on):
    """The agreements (as they stand) of the cycles that overlap the range, a probation
    cycle's also when only its bridging cycle (``bridge``, LEFT JOINed ``on``) does (T2.1:
    they carry over)."""
    overlapping = or_(
        and_(Cycle.start_date <= period.end, Cycle.end_date >= period.start),
        and_(bridge.start_date <= period.end, bridge.end_date >= period.start),
    )
    return (
        select()
        .select_from(AgreementVersion)
        .join(
            Agreement,
            and_(
                Agreement.id == AgreementVersion.agreement_id,
                Agreement.current_version == AgreementVersion.version,
            ),
        )
        .join(Cycle, Cycle.id == Agreement.cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .outerjoin(bridge, on)
        .where(
            Agreement.kind.in_(("development", "career")),
            Cycle.state != CycleState.superseded,
            overlapping,
            scope.people(),
        )
    )


def _rating_of(bridge, item, ref):
    """The score the item got in the last finalised appraisal: of the bridging cycle when a
    probation cycle's agreements carried over into one (T2.1: it is the later), else of the
    cycle's own. One LATERAL lookup per development agreement (``ix_appraisal_cycle_finalised``
    and ``pk_appraisal_rating``), where two correlated subqueries per use ran before."""
    return (
        select(AppraisalRating.score.label("score"))
        .join(Appraisal, Appraisal.id == AppraisalRating.appraisal_id)
        .where(
            Agreement.kind == "development",  # career agreements are not rated
            Appraisal.cycle_id.in_((Cycle.id, func.coalesce(bridge.id, Cycle.id))),
            Appraisal.state == "finalised",
            AppraisalRating.item == item,
            AppraisalRating.ref == ref,
        )
        .order_by(
            case((Appraisal.cycle_id == Cycle.id, 1), else_=0),  # the bridging cycle's first
            Appraisal.finalised_on.desc(),
        )
        .limit(1)
        .lateral("rating")
    )


async def development(session: AsyncSession, scope: Scope, period: Range) -> list[Row]:
    """The development and career agreements of the cycles that overlap the range, in one
    pass over them (they were three): per ``kind`` and ``subject`` ('competency' per
    ``competency``, 'knowledge'; career agreements per ``career_type``) the people, the
    agreements, the active ones, and for development agreements how the competency or the
    knowledge level was rated in the finalised appraisals of those cycles."""
    bridge, on = _bridge_of(Cycle)
    development = Agreement.kind == "development"
    subject = case((development, AgreementVersion.subject))
    on_competency = and_(development, AgreementVersion.subject == "competency")
    competency = case((on_competency, AgreementVersion.competency_code))
    career_type = case((Agreement.kind == "career", AgreementVersion.career_type))
    item = case((AgreementVersion.subject == "knowledge", "knowledge"), else_="competency")
    rating = _rating_of(bridge, item, func.coalesce(AgreementVersion.competency_code, ""))
    query = (
        _current_agreements(scope, period, bridge, on)
        .outerjoin(rating, true())
        .add_columns(
            Agreement.kind.label("kind"),
            subject.label("subject"),
            competency.label("competency"),
            career_type.label("career_type"),
            *_people(scope),
            func.count().label("agreements"),
            _count(AgreementVersion.status == AgreementStatus.active).label("active"),
            func.count(rating.c.score).label("rated"),
            func.avg(rating.c.score).label("mean_score"),
        )
        .group_by(Agreement.kind, subject, competency, career_type)
    )
    return list((await session.execute(query)).all())
