"""Agreeing on the set (R4.6, R4.7, R5.2, R5.4), the topics and views both bring in (R4.4,
R5.3), and the set as a whole: its agreements, weights, approvals and history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import data as agreement_data
from app.agreements import queries, rules
from app.agreements.context import (
    SetContext,
    carried_from_of,
    change_window,
    changes_allowed,
    cycle_talks,
    lock_set,
    party_of,
    require_reader,
)
from app.agreements.data import AgreementData, SetAgreement
from app.agreements.service import work_weights
from app.auth import Actor
from app.authz import cycle_relation_of, require_managing, viewer_params
from app.cycles.rules import AGREEMENT_TALK_KINDS, Step, closed_for, needs_agreement
from app.cycles.service import CycleRow, cycle_of, cycle_row
from app.errors import Conflict, Forbidden, Refusal, RuleViolation, invalid, param
from app.events.outbox import emit, url
from app.messages import msg, term
from app.models.agreements import (
    Agreement,
    AgreementApproval,
    AgreementDecision,
    AgreementSet,
    TalkContribution,
)
from app.models.appraisals import Appraisal
from app.models.cycles import Talk
from app.pagination import PageParams, fetch_page
from app.statements import fetch_one, item, items
from app.states import OPEN_TALK, AgreementStatus, Relation, TalkStatus


@dataclass
class SetView:
    context: SetContext
    agreements: list[SetAgreement]
    revision: int | None
    approvals: list[AgreementApproval]
    decisions: list[AgreementDecision]
    employee_views: dict[uuid.UUID, list[TalkContribution]]
    today: date
    as_of: int | None = None
    weighting: str = "equal"
    writable: bool = True
    """Changes can be made: within the cycle (R4.1) or by a hardship decision (R7)."""
    blockers: list[Refusal] = field(default_factory=list)

    def outcome(self, talk_id: uuid.UUID, set_version: int) -> str:
        return rules.agreement_outcome(
            approvals=[a for a in self.approvals if a.talk_id == talk_id],
            decisions=[d for d in self.decisions if d.talk_id == talk_id],
            set_version=set_version,
        )

    def agreed_talks(self) -> list[tuple[Talk, int, str]]:
        """Held planning and progress talks with the version agreed in them (R4.6, R5.2); for
        a bridging cycle, those of the probation cycle and its own progress talks (T2.1)."""
        agreed = []
        for talk in self.context.talks:
            if talk.kind not in AGREEMENT_TALK_KINDS or talk.status != TalkStatus.held:
                continue
            versions = {a.set_version for a in self.approvals if a.talk_id == talk.id} | {
                d.set_version for d in self.decisions if d.talk_id == talk.id
            }
            for version in sorted(versions, reverse=True):
                outcome = self.outcome(talk.id, version)
                if rules.agreed(outcome):
                    agreed.append((talk, version, outcome))
                    break
        return agreed

    def valid_version(self, talk: Talk) -> int | None:
        """The version an approval in this talk must name to count: the current one while the
        talk is open, the one it was agreed at once it is held."""
        if talk.status in OPEN_TALK:
            return self.context.version
        return next((v for t, v, _ in self.agreed_talks() if t.id == talk.id), None)

    @property
    def actions(self) -> list[str]:
        talk = self.context.talk
        row = self.context.row
        if (
            self.as_of is not None
            or talk is None
            or closed_for(Step.agree, cycle_status=row.status)
        ):
            return []
        return rules.set_actions(
            relation=self.context.relation.value,
            writable=self.writable,
            outcome=self.outcome(talk.id, self.context.version),
            blockers=self.blockers,
        )


async def _set_view(
    session: AsyncSession, context: SetContext, today: date, *, as_of: int | None = None
) -> SetView:
    data = await agreement_data.load(session, context.cycle_id)
    writable = await changes_allowed(session, context.row, today)
    return set_view_of(context, data, today, as_of=as_of, writable=writable)


def set_view_of(
    context: SetContext,
    data: AgreementData,
    today: date,
    *,
    as_of: int | None = None,
    writable: bool,
) -> SetView:
    """The set as it stands (or stood at ``as_of``), from what it is made of: no I/O."""
    agreements = data.agreements_as_of(as_of)
    revision = data.revision_as_of(as_of)
    decisions = data.decisions_upto(as_of)
    work = work_weights(agreements)
    weighting = context.weighting
    if as_of is not None:  # as it stood then: custom weights are stored on the versions
        weighting = "custom" if any(w.weight is not None for w in work) else "equal"
    view = SetView(
        context,
        agreements,
        revision.revision if revision else None,
        data.approvals_upto(as_of),
        decisions,
        data.views_of(d.talk_id for d in decisions),
        today,
        as_of,
        weighting=weighting,
        writable=writable,
    )
    cycle = context.row.cycle
    # T2.1: a bridging cycle's set also holds the probation cycle's agreements, due then.
    start = cycle.start_date if context.carried_from is None else date.min
    view.blockers = rules.approval_blockers(
        has_competency_set=revision is not None,
        weighting=weighting,
        work=work,
        outside_cycle=[
            a.number
            for a in agreements
            if a.version.status == AgreementStatus.active
            and a.version.due_date is not None
            and not start <= a.version.due_date <= cycle.end_date
        ],
    )
    return view


async def employee_views(
    session: AsyncSession, talk_ids: set[uuid.UUID]
) -> dict[uuid.UUID, list[TalkContribution]]:
    """The views the employee brought in for these talks (kept beside a decision, R4.7)."""
    views: dict[uuid.UUID, list[TalkContribution]] = {}
    if not talk_ids:
        return views
    for c in await session.scalars(
        select(TalkContribution)
        .where(
            TalkContribution.talk_id.in_(talk_ids),
            TalkContribution.party == "employee",
            TalkContribution.kind == "view",
        )
        .order_by(TalkContribution.created_at, TalkContribution.id)
    ):
        views.setdefault(c.talk_id, []).append(c)
    return views


async def get_set(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    as_of: int | None = None,
) -> SetView:
    """The agreement set, now or as it stood at an earlier version (R5.2): one statement
    (``queries.SET_BUNDLE``). 404 when the cycle is not the caller's to see, 403 for a
    client."""
    row = await fetch_one(
        session, queries.SET_BUNDLE, cycle_id=cycle_id, **viewer_params(actor, today)
    )
    relation = cycle_relation_of(actor, row, "cycle")
    require_reader(relation)
    cycle = cycle_row(row)
    context = SetContext(
        cycle, relation, items(row.talks), item(row.agreement_set), row.carried_from
    )
    if as_of is not None and as_of > context.version:
        raise invalid(
            [
                param(
                    "version",
                    "not_yet",
                    f"the set is at version {context.version}",
                    location="query",
                )
            ]
        )
    window = change_window(cycle, today)
    writable = window == "open" or (window == "hardship" and row.r4_1_set_aside)  # R4.1, R7
    return set_view_of(context, AgreementData.of(row), today, as_of=as_of, writable=writable)


async def set_view(
    session: AsyncSession, context: SetContext, today: date, *, as_of: int | None = None
) -> SetView:
    return await _set_view(session, context, today, as_of=as_of)


# --- approvals and decisions -----------------------------------------------------------------


@dataclass
class TalkContext:
    row: CycleRow
    relation: Relation
    talk: Talk
    context: SetContext


async def _talk_context(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, lock: bool
) -> TalkContext:
    query = select(Talk.cycle_id).where(Talk.id == talk_id)
    row, relation = await cycle_of(session, query, "talk", actor, today, False)
    require_reader(relation)
    carried_from = await carried_from_of(session, row)
    cycle_id = carried_from or row.cycle.id  # T2.1: a bridging cycle's set is carried over
    agreement_set = (
        await lock_set(session, cycle_id)
        if lock
        else await session.get(AgreementSet, cycle_id, populate_existing=True)
    )
    # Read after the lock: the talk as it is now.
    talks = await cycle_talks(session, cycle_id, row.cycle.id)
    talk = next(t for t in talks if t.id == talk_id)
    context = SetContext(row, relation, talks, agreement_set, carried_from)
    return TalkContext(row, relation, talk, context)


def _require_agreement_talk(tc: TalkContext, *, rule: str) -> None:
    talk = tc.talk
    if closed_for(Step.agree, cycle_status=tc.row.status):
        raise Conflict(
            msg("cycle-closed.agreeing", status=term("cycle-status", tc.row.status)),
            code="cycle-closed",
            rule=rule,
        )
    if talk.kind not in AGREEMENT_TALK_KINDS:
        raise Conflict(
            msg("not-an-agreement-talk"),
            code="not-an-agreement-talk",
            rule=rule,
        )
    if talk.status not in OPEN_TALK:
        raise Conflict(
            msg("talk-closed.agreeing", status=term("talk-status", talk.status)),
            code="talk-closed",
            rule=rule,
        )
    current = tc.context.talk
    if current is None:
        raise Conflict(
            msg("agreements-final"),
            code="agreements-final",
            rule=rule,
        )
    if current.id != talk.id:
        raise Conflict(
            msg("not-the-agreement-talk", kind=term("talk", current.kind), id=current.id),
            code="not-the-agreement-talk",
            rule=rule,
        )


async def _ready(
    session: AsyncSession, tc: TalkContext, today: date, *, set_version: int, rule: str
) -> SetView:
    """The version given is the current one, and the set is complete enough to agree on."""
    if set_version != tc.context.version:
        raise Conflict(
            msg("set-version-changed", version=tc.context.version, read=set_version, rule=rule),
            code="set-version-changed",
            rule=rule,
        )
    view = await _set_view(session, tc.context, today)
    if view.blockers:
        first = view.blockers[0]
        raise RuleViolation(
            msg("set-blocked.agreeing", blockers=[b.message for b in view.blockers]),
            rule=first.rule,
            code=first.code,
            invalid_params=[
                param("setVersion", b.code, b.detail, rule=b.rule) for b in view.blockers
            ],
        )
    return view


async def approve(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    set_version: int,
    party: str | None,
) -> tuple[AgreementApproval, bool]:
    """R4.6 (R5.2 in a progress talk): the caller approves the set at the version they read,
    for themselves only. Any later change voids it. Returns the approval and whether the set
    is now approved by both."""
    tc = await _talk_context(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    rule = rules.rule_for(tc.talk.kind)
    mine = party_of(tc.relation, rule=rule)
    if party is not None and party != mine:
        raise Forbidden(
            msg("approval-for-someone-else", party=term("party", mine), rule=rule),
            code="approval-for-someone-else",
            rule=rule,
        )
    _require_agreement_talk(tc, rule=rule)
    view = await _ready(session, tc, today, set_version=set_version, rule=rule)
    outcome = view.outcome(tc.talk.id, set_version)
    if outcome == "decided":
        raise Conflict(msg("decided"), code="decided", rule=rule)
    if outcome in ("approved", f"approved-by-{mine}"):
        raise Conflict(msg("approved-already", party=term("party", mine)), code="approved-already")
    approval = AgreementApproval(
        talk_id=tc.talk.id,
        cycle_id=tc.context.cycle_id,  # T2.1: the set it agrees on
        set_version=set_version,
        party=mine,
        approved_by=actor.subject,
    )
    session.add(approval)
    both = outcome != "open"
    if both:
        _agreed(session, "agreement-set.approved", tc, set_version)
    await session.flush()
    await session.refresh(approval)
    return approval, both


async def decide(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    set_version: int,
    reason: str,
    employee_view: str | None,
) -> tuple[AgreementDecision, list[TalkContribution]]:
    """R4.7 (R5.4 in a progress talk): manager and employee disagree, and the manager decides:
    the set at this version is recorded as decided by the manager, with the reason; the
    employee's views on the talk stay on record beside it."""
    tc = await _talk_context(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    rule = rules.rule_for(tc.talk.kind, decided=True)
    require_managing(tc.relation, rule=rule, what=msg("act.decides-on-agreements"))
    _require_agreement_talk(tc, rule=rule)
    view = await _ready(session, tc, today, set_version=set_version, rule=rule)
    outcome = view.outcome(tc.talk.id, set_version)
    if outcome == "approved":
        raise Conflict(msg("approved"), code="approved")
    if outcome == "decided":
        raise Conflict(msg("decided"), code="decided")
    views = await employee_views(session, {tc.talk.id})
    if not views.get(tc.talk.id) and not employee_view:
        # R4.7: the manager decides when they disagree; the disagreement is on record.
        raise RuleViolation(
            msg("disagreement-not-on-record"),
            rule=rule,
            code="disagreement-not-on-record",
            invalid_params=[
                param(
                    "employeeView",
                    "missing",
                    f"required when the employee brought in no view on this talk ({rule})",
                    rule=rule,
                )
            ],
        )
    decision = AgreementDecision(
        talk_id=tc.talk.id,
        cycle_id=tc.context.cycle_id,  # T2.1: the set it agrees on
        set_version=set_version,
        rule=rule,
        reason=reason,
        employee_view=employee_view,
        decided_by=actor.subject,
    )
    session.add(decision)
    _agreed(session, "agreement-set.decided", tc, set_version, rule=rule)
    await session.flush()
    await session.refresh(decision)
    return decision, views.get(tc.talk.id, [])


def _agreed(session: AsyncSession, name: str, tc: Any, set_version: int, **extra: Any) -> None:
    """The event of a set agreed in a talk (R4.6) or decided by the manager (R4.7)."""
    cycle_id = tc.row.cycle.id
    emit(
        session,
        name,
        tc.talk.id,
        talkId=tc.talk.id,
        cycleId=cycle_id,
        url=url(f"/cycles/{cycle_id}/agreement-set"),
        personnelNumber=tc.row.personnel_number,
        talkKind=tc.talk.kind,
        setVersion=set_version,
        **extra,
    )


async def list_approvals(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, page: PageParams
) -> tuple[list[AgreementApproval], int, int | None]:
    """The approvals given in a talk, each with the version it approved; and the version that
    counts in the talk: the current one while it is open, the agreed one once it is held (an
    approval of another version is void)."""
    tc = await _talk_context(session, actor=actor, today=today, talk_id=talk_id, lock=False)
    query = select(AgreementApproval).where(AgreementApproval.talk_id == talk_id)
    rows, total = await fetch_page(
        session, query.order_by(AgreementApproval.approved_at, AgreementApproval.id), page
    )
    view = await _set_view(session, tc.context, today)
    return [r[0] for r in rows], total, view.valid_version(tc.talk)


async def require_agreed(
    session: AsyncSession,
    *,
    row: CycleRow,
    relation: Relation,
    talk: Talk,
    day: date,
    field: str,
    today: date,
) -> None:
    """R4.6/R4.7 (R5.2/R5.4): a planning or progress talk is held only with the set approved
    by both or decided by the manager, at its current version, and nothing blocking it (a
    re-planned cycle can leave a due date outside it, R4.5). Not in a bridging cycle (T2.1).
    Registered for ``app.cycles.hooks.holding_talk``: called with the talk locked; locks the
    set."""
    if not needs_agreement(talk.kind, row.cycle.kind):
        return
    agreement_set = await lock_set(session, row.cycle.id)
    context = SetContext(row, relation, await cycle_talks(session, row.cycle.id), agreement_set)
    view = await _set_view(session, context, today)
    version = agreement_set.version
    outcome = view.outcome(talk.id, version)
    rule = rules.rule_for(talk.kind)
    if not rules.agreed(outcome):
        decided = rules.rule_for(talk.kind, decided=True)
        raise RuleViolation(
            msg(
                "agreements-not-agreed",
                kind=term("talk", talk.kind),
                version=version,
                rule=rule,
                decided=decided,
                outcome=term("agreement-outcome", outcome),
            ),
            rule=rule,
            code="agreements-not-agreed",
        )
    if view.blockers:
        first = view.blockers[0]
        raise RuleViolation(
            msg("set-blocked.holding", blockers=[b.message for b in view.blockers]),
            rule=first.rule,
            code=first.code,
        )


# --- R4.4, R5.3 topics and views ------------------------------------------------------------


async def contribute(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    kind: str,
    text: str,
    agreement_id: uuid.UUID | None,
) -> TalkContribution:
    """R4.4, R5.3: the manager or the employee brings in a topic or a view, before or during
    the talk, as themselves; both see it. R6.3: on an appraisal talk, once the draft is
    shared (the employee's views on the draft)."""
    # Locked like the holding of the talk: nothing is added to a talk once it is held.
    tc = await _talk_context(session, actor=actor, today=today, talk_id=talk_id, lock=True)
    rule = {"progress": "R5.3", "appraisal": "R6.3"}.get(tc.talk.kind, "R4.4")
    party = party_of(tc.relation, rule=rule)
    if tc.talk.kind == "appraisal":
        if party != "employee":
            # R6.3: the views on the draft are the employee's; the manager's is the draft.
            raise Forbidden(
                msg("views-are-the-employees"),
                rule=rule,
                code="views-are-the-employees",
            )
        # R6.3: the employee brings in their views on the draft, once it is shared.
        # Locked as the holding of the talk locks it: nothing is added once the talk is held.
        shared = await session.scalar(
            select(Appraisal.shared_on)
            .where(Appraisal.talk_id == tc.talk.id)
            .with_for_update(key_share=True)
        )
        await session.refresh(tc.talk, ["status"])
        if shared is None:
            raise Conflict(
                msg("draft-not-shared.views"),
                code="draft-not-shared",
                rule=rule,
            )
    if closed_for(Step.agree, cycle_status=tc.row.status, talk_status=tc.talk.status):
        closed = (
            term("talk-status", tc.talk.status)
            if tc.talk.status not in OPEN_TALK
            else term("cycle-status", tc.row.status)
        )
        raise Conflict(
            msg("talk-closed.contributions", status=closed),
            code="talk-closed",
            rule=rule,
        )
    if agreement_id is not None:
        found = await session.scalar(
            select(Agreement.id).where(
                Agreement.id == agreement_id, Agreement.cycle_id == tc.context.cycle_id
            )
        )
        if found is None:
            raise invalid(
                [param("agreementId", "unknown", "not an agreement of this talk's cycle")]
            )
    contribution = TalkContribution(
        talk_id=talk_id,
        kind=kind,
        text=text,
        agreement_id=agreement_id,
        party=party,
        author=actor.subject,
    )
    session.add(contribution)
    await session.flush()
    await session.refresh(contribution)
    return contribution


async def list_contributions(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, page: PageParams
) -> tuple[list[TalkContribution], int]:
    await _talk_context(session, actor=actor, today=today, talk_id=talk_id, lock=False)
    query = (
        select(TalkContribution)
        .where(TalkContribution.talk_id == talk_id)
        .order_by(TalkContribution.created_at, TalkContribution.id)
    )
    rows, total = await fetch_page(session, query, page)
    return [r[0] for r in rows], total
