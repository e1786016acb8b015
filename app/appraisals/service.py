"""The appraisal of an appraisal talk: the manager's draft ratings (R6.4–R6.8) and sharing the
draft (R6.3). Every read of appraisal content is audited with its reader."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import approvals
from app.agreements import data as agreement_data
from app.agreements import rules as agreement_rules
from app.agreements.context import READERS, SetContext, carried_from_of, cycle_talks
from app.agreements.data import AgreementData
from app.agreements.service import work_weights
from app.appraisals import queries, rules
from app.appraisals.events import emit_appraisal
from app.appraisals.rules import State
from app.appraisals.schemas import RatingsIn
from app.audit.trail import record_read
from app.auth import Actor
from app.authz import cycle_relation_of, not_found, require_managing, viewer_params
from app.cycles.rules import Step, closed_for
from app.cycles.service import CycleRow, bypassed, cycle_of, cycle_row
from app.errors import Conflict, Forbidden, RuleViolation, invalid, param
from app.events.outbox import emit, url
from app.messages import msg, term
from app.models.appraisals import (
    Appraisal,
    AppraisalRating,
    AppraisalSignature,
    InformantSuggestion,
)
from app.models.cycles import Talk
from app.statements import fetch_one
from app.statements import item as row_item
from app.statements import items as row_items
from app.states import AgreementStatus, Relation, SuggestionStatus


@dataclass(frozen=True)
class Item:
    item: str
    ref: str
    title: str
    weight: int | None = None
    effective_weight: float | None = None
    crucial: bool = False
    criterion: str | None = None  # the main task (work), the knowledge level (knowledge)
    concerns: str | None = None  # development: the competency code, or "knowledge"


@dataclass
class Subject:
    """What the appraisal rates: the agreements and the competency set as agreed (R6.4)."""

    set_version: int
    items: list[Item]
    # The agreements not rated at all: the conditions (R4.3); for the record (R6.12).
    others: list[Item] = field(default_factory=list)

    def find(self, item: str, ref: str) -> Item | None:
        return next((i for i in self.items if i.item == item and i.ref == ref), None)


@dataclass
class AppraisalView:
    row: CycleRow
    relation: Relation
    talk: Talk
    appraisal: Appraisal | None
    subject: Subject
    ratings: dict[tuple[str, str], AppraisalRating] = field(default_factory=dict)
    signatures: list[AppraisalSignature] = field(default_factory=list)
    open_suggestions: int = 0
    supersedes_talk: uuid.UUID | None = None
    """Bezwaar en beroep (R6.12): the talk of the finalised appraisal this one supersedes."""
    superseded_by_talk: uuid.UUID | None = None
    """… and of the appraisal that supersedes this one."""

    @property
    def state(self) -> State:
        return State(self.appraisal.state) if self.appraisal else State.draft

    def scores(self) -> rules.FinalRating:
        work, competencies, knowledge = [], [], None
        for item in self.subject.items:
            rating = self.ratings.get((item.item, item.ref))
            if rating is None or rating.score is None:
                continue
            if item.item == "work":
                work.append(rules.WorkScore(rating.score, item.weight))
            elif item.item == "competency":
                competencies.append(rating.score)
            elif item.item == "knowledge":
                knowledge = rating.score
        return rules.final_rating(work, competencies, knowledge, work_share=self.work_share())

    def work_share(self) -> Fraction:
        """R6.6: the share stored with the appraisal when it was rated (the setting may have
        changed since; what was computed then stays explainable)."""
        percent = self.appraisal.work_share_percent if self.appraisal else None
        return Fraction(percent or rules.WORK_SHARE_PERCENT, 100)

    def crucial_scores(self) -> list[int]:
        return [
            r.score
            for (kind, ref), r in self.ratings.items()
            if kind == "competency" and r.score is not None and self._crucial(ref)
        ]

    def _crucial(self, code: str) -> bool:
        found = self.subject.find("competency", code)
        return found is not None and found.crucial

    def facts(self) -> rules.Facts:
        a = self.appraisal
        if a is None:
            return rules.Facts()
        employee = [s for s in self.signatures if s.party == "employee"]
        current = a.content_version
        return rules.Facts(
            shared_on=a.shared_on,
            held_on=self.talk.held_on,
            manager_signed=any(
                s.party == "manager" and s.content_version == current for s in self.signatures
            ),
            employee_signature=next(
                (s.kind for s in reversed(employee) if s.content_version == current), None
            ),
            objections_on=a.objections_on,
            hearing_on=a.hearing_on,
            window_from=a.window_from,
            open_suggestions=self.open_suggestions,
        )


async def _subject(
    session: AsyncSession,
    row: CycleRow,
    relation: Relation,
    today: date,
    *,
    as_of: int | None = None,
) -> Subject | None:
    """R6.4: what is rated, read from the database (see ``subject_of``)."""
    carried, talks, data = await load_agreements(session, row)
    return subject_of(row, relation, today, talks, data, carried, as_of=as_of)


async def load_agreements(
    session: AsyncSession, row: CycleRow
) -> tuple[uuid.UUID | None, list[Talk], AgreementData]:
    """The cycle's agreements with the talks they are agreed in: a bridging cycle's are the
    probation cycle's (``carried``, T2.1), agreed there or in its own progress talks."""
    carried = await carried_from_of(session, row)
    source = carried or row.cycle.id
    talks = await cycle_talks(session, source, row.cycle.id)
    return carried, talks, await agreement_data.load(session, source)


def last_agreed(
    row: CycleRow,
    relation: Relation,
    today: date,
    talks: list[Any],
    data: AgreementData,
    carried: uuid.UUID | None,
) -> int | None:
    """The agreement set's version last agreed in a talk; None while nothing is."""
    context = SetContext(row, relation, talks, data.agreement_set, carried)
    return agreed_version(approvals.set_view_of(context, data, today, writable=False))


def agreed_version(view: Any, as_of: int | None = None) -> int | None:
    """The set version last agreed in a talk (or ``as_of``); None when nothing was agreed."""
    if as_of is not None:
        return as_of
    agreed = [v for _, v, _ in view.agreed_talks()]
    return max(agreed) if agreed else None


def subject_of(
    row: CycleRow,
    relation: Relation,
    today: date,
    talks: list[Any],
    data: AgreementData,
    carried: uuid.UUID | None,
    *,
    as_of: int | None = None,
) -> Subject | None:
    """R6.4: the work agreements, career agreements and competencies as last agreed (a
    bridging cycle: the probation cycle's, T2.1), or as agreed at version ``as_of``; None when
    nothing was ever agreed. ``talks`` and ``data`` are of the cycle the agreements are of."""
    context = SetContext(row, relation, talks, data.agreement_set, carried)
    view = approvals.set_view_of(context, data, today, as_of=as_of, writable=False)
    version = agreed_version(view, as_of)
    if version is None:
        return None
    agreements = data.agreements_as_of(version)
    weights = agreement_rules.effective_weights(view.weighting, work_weights(agreements))
    revision = data.revision_as_of(version)
    items = [
        Item(
            "work",
            str(a.version.agreement_id),
            a.version.description,
            a.version.weight,
            weights.get(a.version.agreement_id),
            criterion=a.version.main_task,  # R4.1 a: the main task it comes from
        )
        for a in agreements
        if a.version.kind == "work" and a.version.status == AgreementStatus.active
    ]
    items += [
        Item("competency", m["code"], m["name"], crucial=m["crucial"])
        for m in (revision.members if revision else [])
    ]
    # Art. 4.1 b: rated against the profile's knowledge level, as when the set was composed.
    knowledge_level = revision.knowledge_level if revision else None
    items.append(
        Item("knowledge", "", "Kennisniveau van het functieprofiel", criterion=knowledge_level)
    )
    active = [a for a in agreements if a.version.status == AgreementStatus.active]
    # Art. 6.4 b: "het kennis- en competentieniveau en de daarover gemaakte
    # ontwikkelingsafspraken": each development agreement is evaluated (a text, no score).
    items += [
        Item(
            "development",
            str(a.version.agreement_id),
            a.version.description,
            concerns=a.version.competency_code or a.version.subject,
        )
        for a in active
        if a.version.kind == "development"
    ]
    items += [
        Item("career", str(a.version.agreement_id), a.version.description)
        for a in active
        if a.version.kind == "career"
    ]
    others = [
        Item(a.version.kind, "", a.version.description)
        for a in active
        if a.version.kind == "condition"
    ]
    return Subject(version, items, others)


def _require_reader(relation: Relation) -> None:
    if relation not in READERS:
        raise Forbidden(
            msg("appraisal-not-shared"),
            code="appraisal-not-shared",
        )


def _require_shared_for_employee(relation: Relation, appraisal: Any) -> None:
    # R6.3: the draft is invisible to the employee until it is shared.
    if relation is Relation.self and (appraisal is None or appraisal.state == State.draft):
        raise not_found("appraisal")


def _nothing_agreed() -> Conflict:
    return Conflict(
        msg("nothing-agreed"),
        code="nothing-agreed",
        rule="R6.4",
    )


async def load_for_change(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> AppraisalView:
    """The appraisal of ``talk_id`` with its cycle, talk and the caller's relation, locked for
    a change in this transaction (the cycle, the talk's appraisal row). 404 for whoever may not
    read it."""
    query = select(Talk.cycle_id).where(Talk.id == talk_id)
    row, relation = await cycle_of(session, query, "talk", actor, today, True)
    _require_reader(relation)
    talk = await session.get_one(Talk, talk_id, populate_existing=True)
    if talk.kind != "appraisal":
        raise not_found("appraisal")
    query = select(Appraisal).where(Appraisal.talk_id == talk_id).with_for_update(key_share=True)
    appraisal = (await session.execute(query.execution_options(populate_existing=True))).scalar()
    _require_shared_for_employee(relation, appraisal)  # R6.3
    subject = None
    if appraisal is not None and appraisal.state != State.draft:
        subject = await _frozen_subject(session, row, relation, today, appraisal)
    if subject is None:
        subject = await _subject(session, row, relation, today)
    if subject is None:
        raise _nothing_agreed()
    view = AppraisalView(row, relation, talk, appraisal, subject)
    if appraisal is not None:
        ratings = await session.scalars(
            select(AppraisalRating).where(AppraisalRating.appraisal_id == appraisal.id)
        )
        view.ratings = {(r.item, r.ref): r for r in ratings}
        view.signatures = list(
            await session.scalars(
                select(AppraisalSignature)
                .where(AppraisalSignature.appraisal_id == appraisal.id)
                .order_by(AppraisalSignature.signed_at)
            )
        )
        view.open_suggestions = (
            await session.scalar(
                select(func.count()).where(
                    InformantSuggestion.talk_id == talk.id,
                    InformantSuggestion.status == SuggestionStatus.open,
                )
            )
        ) or 0
        await _links(session, view, appraisal)
    return view


async def _links(session: AsyncSession, view: AppraisalView, appraisal: Appraisal) -> None:
    """R6.12: the appraisals this one supersedes and is superseded by; asked only when there
    can be one (a superseding appraisal; a finalised one)."""
    if appraisal.supersedes_id is not None:
        view.supersedes_talk = await session.scalar(
            select(Appraisal.talk_id).where(Appraisal.id == appraisal.supersedes_id)
        )
    if appraisal.state == State.finalised:
        view.superseded_by_talk = await session.scalar(
            select(Appraisal.talk_id).where(Appraisal.supersedes_id == appraisal.id)
        )


async def _frozen_subject(
    session: AsyncSession, row: CycleRow, relation: Relation, today: date, appraisal: Appraisal
) -> Subject | None:
    """Once shared, the appraisal rates the set as agreed at the version it was drafted on,
    whatever changed in the agreements since (with the weighting of that version)."""
    return await _subject(session, row, relation, today, as_of=appraisal.rated_set_version)


async def get_appraisal(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> AppraisalView:
    """The appraisal as the caller may see it (``read_appraisal``); the read is audited with
    the reader."""
    view = await read_appraisal(session, actor=actor, today=today, talk_id=talk_id)
    if view.appraisal is not None:
        await record_read(
            session,
            resource_type="appraisal",
            resource_id=str(view.appraisal.id),
            after={"state": view.appraisal.state, "relation": view.relation.value},
            actor=actor,
        )
    return view


async def read_appraisal(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID
) -> AppraisalView:
    """The appraisal as the caller may see it, read in one statement
    (``queries.APPRAISAL_BUNDLE``), for reading only (``load_for_change`` locks for a change).
    404 when the talk is not the caller's to see, and for the employee before the draft is
    shared (R6.3); 403 for a client; 409 ``nothing-agreed`` when there is nothing to rate (R6.4)."""
    row = await fetch_one(
        session, queries.APPRAISAL_BUNDLE, talk_id=talk_id, **viewer_params(actor, today)
    )
    relation = cycle_relation_of(actor, row, "talk")
    _require_reader(relation)
    talk, cycle, appraisal = row_item(row.talk), cycle_row(row), row_item(row.appraisal)
    if talk.kind != "appraisal":
        raise not_found("appraisal")
    _require_shared_for_employee(relation, appraisal)  # R6.3
    talks, data = row_items(row.talks), AgreementData.of(row)
    subject = None
    if appraisal is not None and appraisal.state != State.draft:
        # Once shared, the set as agreed at the version it was drafted on is rated.
        subject = subject_of(
            cycle, relation, today, talks, data, row.carried_from, as_of=appraisal.rated_set_version
        )
    if subject is None:
        subject = subject_of(cycle, relation, today, talks, data, row.carried_from)
    if subject is None:
        raise _nothing_agreed()
    view = AppraisalView(cycle, relation, talk, appraisal, subject)
    if appraisal is not None:
        view.ratings = {(r.item, r.ref): r for r in row_items(row.ratings)}
        view.signatures = row_items(row.signatures)
        view.open_suggestions = row.open_suggestions
        view.supersedes_talk, view.superseded_by_talk = row.supersedes_talk, row.superseded_by_talk
    return view


def as_params(gaps: list[rules.Gap]) -> list[dict]:
    return [param(g.name, g.code, g.reason, rule=g.rule) for g in gaps]


def _rating_problems(view: AppraisalView, body: RatingsIn) -> list[dict]:
    offered = [
        ("work", str(r.agreement_id), f"work.{i}.agreementId") for i, r in enumerate(body.work)
    ]
    offered += [
        ("competency", r.code, f"competencies.{i}.code") for i, r in enumerate(body.competencies)
    ]
    offered += [
        ("development", str(r.agreement_id), f"development.{i}.agreementId")
        for i, r in enumerate(body.development)
    ]
    offered += [
        ("career", str(r.agreement_id), f"career.{i}.agreementId")
        for i, r in enumerate(body.career)
    ]
    agreed = {(item.item, item.ref) for item in view.subject.items}
    return as_params(rules.rating_gaps(offered, agreed))  # R6.4


def _rows(body: RatingsIn) -> list[tuple[str, str, int | None, str | None]]:
    rows = [("work", str(r.agreement_id), r.score, r.motivation) for r in body.work]
    rows += [("competency", r.code, r.score, r.motivation) for r in body.competencies]
    if body.knowledge is not None:
        rows.append(("knowledge", "", body.knowledge.score, body.knowledge.motivation))
    rows += [("development", str(r.agreement_id), None, r.evaluation) for r in body.development]
    rows += [("career", str(r.agreement_id), None, r.evaluation) for r in body.career]
    return rows


async def put_ratings(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    body: RatingsIn,
    precondition: Callable[[AppraisalView], None],
) -> AppraisalView:
    """R6.4, R6.5, R6.7: the manager drafts (or redrafts) the ratings with their motivations;
    the final rating is computed (R6.6) unless the R6.7 override applies. A change raises the
    content version, which voids earlier signatures (R6.11). Not after finalisation."""
    view = await load_for_change(session, actor=actor, today=today, talk_id=talk_id)
    require_managing(view.relation, rule="R6.4", what=msg("act.rates-appraisal"))
    precondition(view)
    require_open(view)
    _require(view, rules.Event.rate)
    problems = _rating_problems(view, body)
    if problems:
        raise invalid(problems)
    appraisal = view.appraisal
    if appraisal is None:
        appraisal = Appraisal(
            talk_id=talk_id,
            cycle_id=view.row.cycle.id,
            state=State.draft.value,
            rated_set_version=view.subject.set_version,
            content_version=0,
        )
        session.add(appraisal)
        await session.flush()
        view.appraisal = appraisal
    elif appraisal.state == State.draft:
        appraisal.rated_set_version = view.subject.set_version
    # Item by item, through the ORM, so that every change of a rating is audited.
    wanted = {(item, ref): (score, motivation) for item, ref, score, motivation in _rows(body)}
    for key, rating in list(view.ratings.items()):
        if key not in wanted:
            await session.delete(rating)
            del view.ratings[key]
    for (item, ref), (score, motivation) in wanted.items():
        rating = view.ratings.get((item, ref))
        if rating is None:
            rating = AppraisalRating(appraisal_id=appraisal.id, item=item, ref=ref)
            session.add(rating)
            view.ratings[(item, ref)] = rating
        rating.score, rating.motivation = score, motivation
    appraisal.work_share_percent = rules.WORK_SHARE_PERCENT  # R6.6: each part 50 %
    scores = view.scores()
    final = body.final
    if final.override and not rules.override_allowed(view.crucial_scores()):
        # R6.7: the only override, and only with a crucial competency rated onvoldoende.
        raise RuleViolation(
            msg("override-without-crucial-onvoldoende"),
            rule="R6.7",
            code="override-without-crucial-onvoldoende",
            invalid_params=[param("final.override", "not_allowed", "no crucial onvoldoende")],
        )
    if final.override and not final.override_motivation:
        raise invalid(
            [
                param(
                    "final.overrideMotivation",
                    "missing",
                    "the override needs its own motivation (R6.7)",
                    rule="R6.7",
                )
            ]
        )
    appraisal.final_computed = scores.computed
    appraisal.final_override = final.override
    appraisal.final_rating = rules.ONVOLDOENDE if final.override else scores.computed
    appraisal.final_motivation = final.motivation
    appraisal.override_motivation = final.override_motivation if final.override else None
    appraisal.content_version += 1
    state = State(appraisal.state)
    if state is not State.draft:
        # R6.8: what the employee has seen stays complete.
        problems = completeness_problems(view)
        if problems:
            raise RuleViolation(
                msg("draft-incomplete.shared", count=len(problems)),
                rule="R6.8",
                code="draft-incomplete",
                invalid_params=problems,
            )
    if state is State.shared:
        # R6.3: the employee receives the draft a week before the talk: a changed draft counts
        # from the day it changed.
        appraisal.shared_on, appraisal.shared_version = today, appraisal.content_version
    elif state is State.held:
        # R6.11: the 14 days for objections count from the last change.
        appraisal.window_from = today
    await session.flush()
    await session.refresh(appraisal)
    return view


def require_open(view: AppraisalView) -> None:
    """Nothing is done on the appraisal of a cancelled talk or of a superseded cycle; a
    completed or ended cycle is not closed for it (``Step.appraise``): the procedure goes on
    after the talk."""
    if closed_for(Step.appraise, cycle_status=view.row.status, talk_status=view.talk.status):
        raise Conflict(
            msg(
                "talk-closed.appraisal",
                status=term("talk-status", view.talk.status),
                cycle=term("cycle-status", view.row.status),
            ),
            code="talk-closed",
        )


def _require(view: AppraisalView, event: rules.Event) -> State:
    found = rules.transition(view.state, event)
    if found is None:
        rule = rules.refusal_rule(view.state, event)
        raise Conflict(
            msg(
                "appraisal-state.event",
                state=term("appraisal-state", view.state),
                done=term("appraisal-event", event),
            ),
            code=f"appraisal-{view.state.value}",
            rule=rule,
        )
    return found[0]


def completeness_problems(view: AppraisalView) -> list[dict]:
    """R6.8: every item rated (development, career: evaluated) with a motivation, and the
    final rating computed (both parts rated, R6.6) and motivated, before the draft is shared."""
    appraisal = view.appraisal
    gaps = rules.completeness_gaps(  # R6.5, R6.6, R6.8
        [(item.item, item.ref) for item in view.subject.items],
        {key: (r.score, r.motivation) for key, r in view.ratings.items()},
        appraisal.final_rating if appraisal else None,
        appraisal.final_motivation if appraisal else None,
    )
    return as_params(gaps)


async def share_draft(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    precondition: Callable[[AppraisalView], None] = lambda _view: None,
) -> AppraisalView:
    """R6.3: the manager shares the complete draft (R6.8) with the employee; from then on the
    employee sees it, and the talk follows no earlier than 7 days later. With If-Match, only
    the draft the manager has read is shared."""
    view = await load_for_change(session, actor=actor, today=today, talk_id=talk_id)
    require_managing(view.relation, rule="R6.3", what=msg("act.shares-draft"))
    precondition(view)
    require_open(view)
    next_state = _require(view, rules.Event.share)
    problems = completeness_problems(view)
    if problems:
        raise RuleViolation(
            msg("draft-incomplete", count=len(problems)),
            rule="R6.8",
            code="draft-incomplete",
            invalid_params=problems,
        )
    appraisal = view.appraisal
    assert appraisal is not None
    appraisal.state = next_state.value
    appraisal.rated_set_version = view.subject.set_version  # what was checked complete
    appraisal.shared_on, appraisal.shared_by = today, actor.subject
    appraisal.shared_version = appraisal.content_version
    # R6.3: the employee receives the draft and the invitation (the notice: app/notices).
    emit_appraisal(
        session, "appraisal.draft-shared", view, sharedOn=today, talkFrom=today + timedelta(7)
    )
    await session.flush()
    await session.refresh(appraisal)
    return view


async def require_shared_before(
    session: AsyncSession,
    *,
    talk: Talk,
    day: date,
    field: str,
    holding: bool,
    today: date,
) -> None:
    """R6.3: an appraisal talk is scheduled or held no earlier than 7 days after the draft was
    shared; a hardship decision for R6.3 on the cycle or the talk is the only way around it
    (R7). Holding it moves the appraisal to ``held``. Called with the talk locked."""
    if talk.kind != "appraisal":
        return
    appraisal = (
        await session.execute(
            select(Appraisal)
            .where(Appraisal.talk_id == talk.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
    ).scalar()
    facts = rules.Facts(shared_on=appraisal.shared_on if appraisal else None)
    refusal = rules.check_hold(facts, day)
    # R7 can shorten the week, never skip the sharing itself.
    if refusal is not None and (
        refusal.code == "draft-not-shared"
        or not await bypassed(session, rule="R6.3", cycle_id=talk.cycle_id, talk_id=talk.id)
    ):
        raise RuleViolation(
            refusal.message,
            rule=refusal.rule,
            code=refusal.code,
            invalid_params=[param(field, refusal.code, refusal.detail, rule=refusal.rule)],
        )
    if holding and appraisal is not None:
        appraisal.state = _require_state(appraisal, rules.Event.hold).value
        appraisal.window_from = today  # R6.11: counted from when the employee can sign
        emit(
            session,
            "appraisal.talk-held",
            talk.id,
            talkId=talk.id,
            cycleId=talk.cycle_id,
            url=url(f"/talks/{talk.id}/appraisal"),
            state=appraisal.state,
            heldOn=day,
        )
        await session.flush()


async def before_scheduling(
    session: AsyncSession, *, talk: Talk, day: date, field: str, today: date, **_: object
) -> None:
    """``app.cycles.hooks.scheduling_talk``: R6.3 when an appraisal talk is scheduled."""
    await require_shared_before(
        session, talk=talk, day=day, field=field, holding=False, today=today
    )


async def before_holding(
    session: AsyncSession, *, talk: Talk, day: date, field: str, today: date, **_: object
) -> None:
    """``app.cycles.hooks.holding_talk``: R6.3 when an appraisal talk is held; the appraisal
    moves to ``held``."""
    await require_shared_before(session, talk=talk, day=day, field=field, holding=True, today=today)


def _require_state(appraisal: Appraisal, event: rules.Event) -> State:
    found = rules.transition(State(appraisal.state), event)
    if found is None:
        raise Conflict(
            msg(
                "appraisal-state.event",
                state=term("appraisal-state", appraisal.state),
                done=term("appraisal-event", event),
            ),
            code=f"appraisal-{appraisal.state}",
            rule=rules.refusal_rule(State(appraisal.state), event),
        )
    return found[0]
