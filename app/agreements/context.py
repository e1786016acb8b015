"""Who may read and write a cycle's agreements, in which talk they change now, and the lock
that serialises every change to one cycle's agreement set."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import rules
from app.auth import Actor
from app.authz import require_managing
from app.cycles.rules import Step, closed_for
from app.cycles.service import CycleRow, bypassed, load_cycle
from app.errors import Conflict, Forbidden, RuleViolation
from app.messages import Message, msg, term
from app.models.agreements import AgreementSet, CompetencySetRevision
from app.models.cycles import Cycle, Talk
from app.states import MANAGING, CycleState, Relation

READERS = frozenset(
    {
        Relation.self,
        Relation.manager,
        Relation.coordinator,
        Relation.hr,
        Relation.former_manager,
    }
)


@dataclass
class SetContext:
    row: CycleRow
    relation: Relation
    talks: list[Talk]
    agreement_set: AgreementSet | None
    carried_from: uuid.UUID | None = None
    """A bridging cycle has no planning talk: the probation cycle's agreements carry over
    (T2.1), and are read from there."""

    @property
    def cycle_id(self) -> uuid.UUID:
        """The cycle whose agreements these are (the probation cycle for a bridging one)."""
        return self.carried_from or self.row.cycle.id

    @property
    def version(self) -> int:
        return self.agreement_set.version if self.agreement_set else 0

    @property
    def weighting(self) -> str:
        return self.agreement_set.weighting if self.agreement_set else "equal"

    @property
    def talk(self) -> Talk | None:
        """The planning or progress talk in which the set is made or adjusted now. In a
        bridging cycle: an open progress talk of its own, where the carried-over agreements
        are adjusted (Art. 5.2); ``talks`` then holds both cycles' talks."""
        own = [t for t in self.talks if t.cycle_id == self.row.cycle.id]
        return rules.agreement_talk(own)


def require_reader(relation: Relation) -> None:
    """The employee, their manager or coordinator (also a former one, for the cycles they led)
    and HR read agreements; a service client does not, whatever its scopes."""
    if relation not in READERS:
        raise Forbidden(
            msg("agreements-not-shared"),
            code="agreements-not-shared",
        )


async def cycle_talks(
    session: AsyncSession, cycle_id: uuid.UUID, also: uuid.UUID | None = None
) -> list[Talk]:
    """The talks of the cycle; for a bridging cycle (``also``: its own id, ``cycle_id`` the
    probation cycle's) those of both (T2.1, Art. 5.2)."""
    query = (
        select(Talk)
        .where(Talk.cycle_id.in_({cycle_id, also or cycle_id}))
        .order_by(Talk.due_date, Talk.kind, Talk.sequence)
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(query)).scalars())


async def lock_set(session: AsyncSession, cycle_id: uuid.UUID) -> AgreementSet:
    """The cycle's agreement set, created when missing and locked: every change to a set, every
    approval and every holding of its talk queue here, so that none acts on a stale version."""
    await session.execute(insert(AgreementSet).values(cycle_id=cycle_id).on_conflict_do_nothing())
    query = (
        select(AgreementSet)
        .where(AgreementSet.cycle_id == cycle_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()


async def read_context(
    session: AsyncSession, *, actor: Actor, today: date, cycle_id: uuid.UUID
) -> SetContext:
    row, relation = await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    require_reader(relation)
    carried_from = await carried_from_of(session, row)
    source = carried_from or cycle_id
    agreement_set = await session.get(AgreementSet, source, populate_existing=True)
    talks = await cycle_talks(session, source, cycle_id)
    return SetContext(row, relation, talks, agreement_set, carried_from)


async def carried_from_of(session: AsyncSession, row: CycleRow) -> uuid.UUID | None:
    """T2.1: for a bridging cycle, the probation cycle it follows on: its agreements carry
    over."""
    cycle = row.cycle
    if cycle.kind != "bridging":
        return None
    return await session.scalar(
        select(Cycle.id).where(
            Cycle.employee_id == cycle.employee_id,
            Cycle.kind == "probation",
            Cycle.state != CycleState.superseded,
            Cycle.end_date == cycle.start_date - timedelta(days=1),
        )
    )


def change_window(row: CycleRow, today: date) -> str:
    """Whether agreements may change now (R4.1, R5.2): "open" within the cycle, "closed" once
    it is superseded or completed, "hardship" after it ended: then only a hardship decision
    for the cycle allows it (R7)."""
    if rules.open_for_changes(status=row.status, today=today, cycle_end=row.cycle.end_date):
        return "open"
    if closed_for(Step.agree, cycle_status=row.status):
        return "closed"
    return "hardship"


async def changes_allowed(session: AsyncSession, row: CycleRow, today: date) -> bool:
    """Agreements are made for the cycle, within it (R4.1, R5.2): not after it ended, unless
    a hardship decision sets that aside for the cycle (R7)."""
    window = change_window(row, today)
    if window != "hardship":
        return window == "open"
    # R7: a recorded hardship decision is the only way around the check.
    return await bypassed(session, rule="R4.1", cycle_id=row.cycle.id) is not None


async def require_live(session: AsyncSession, row: CycleRow, today: date) -> None:
    cycle = row.cycle
    if await changes_allowed(session, row, today):
        return
    status = row.status if row.status != "open" else "over"
    raise RuleViolation(
        msg(
            "cycle-ended",
            status=term("cycle-status", status),
            end=cycle.end_date.isoformat(),
        ),
        rule="R4.1",
        code="cycle-ended",
    )


async def write_context(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    what: Message,
    adjusting: bool = False,
) -> tuple[SetContext, Talk]:
    """For the manager (or delegated coordinator) changing the set: the locked set and the
    talk the change is made in. 403 for anyone else, 422 after the cycle, 409 when no planning
    or progress talk is open to make the change in (R5.2). ``adjusting``: a change of an
    agreement, which a bridging cycle allows in a progress talk of its own (T2.1, Art. 5.2)."""
    row, relation = await load_cycle(session, actor=actor, today=today, cycle_id=cycle_id)
    require_reader(relation)
    require_managing(relation, rule="R4.1", what=what)
    carried_from = await carried_from_of(session, row) if row.cycle.kind == "bridging" else None
    if row.cycle.kind == "bridging" and (carried_from is None or not adjusting):
        raise Conflict(
            msg("agreements-carried-over"),
            code="agreements-carried-over",
            rule="T2.1",
        )
    await require_live(session, row, today)
    source = carried_from or cycle_id
    agreement_set = await lock_set(session, source)
    talks = await cycle_talks(session, source, cycle_id)
    context = SetContext(row, relation, talks, agreement_set, carried_from)
    talk = context.talk
    if talk is None and carried_from is not None:
        raise Conflict(  # T2.1, Art. 5.2: "Zo nodig worden de afspraken … bijgesteld"
            msg("agreements-carried-over.no-progress-talk"),
            code="agreements-carried-over",
            rule="T2.1",
        )
    if talk is None:
        raise Conflict(
            msg("no-agreement-talk"),
            code="no-agreement-talk",
            rule="R5.2",
        )
    return context, talk


def bump(context: SetContext) -> int:
    """The next version of the set: every change makes one (R4.6: it voids approvals)."""
    assert context.agreement_set is not None  # locked by write_context
    context.agreement_set.version += 1
    return context.agreement_set.version


def party_of(relation: Relation, *, rule: str) -> str:
    if relation is Relation.self:
        return "employee"
    if relation in MANAGING:
        return "manager"
    raise Forbidden(msg("forbidden.not-a-party"), rule=rule)


async def latest_revision(
    session: AsyncSession, cycle_id: uuid.UUID, *, as_of: int | None = None
) -> CompetencySetRevision | None:
    query = select(CompetencySetRevision).where(CompetencySetRevision.cycle_id == cycle_id)
    if as_of is not None:
        query = query.where(CompetencySetRevision.set_version <= as_of)
    query = query.order_by(CompetencySetRevision.revision.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()
