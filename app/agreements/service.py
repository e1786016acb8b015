"""Agreements (R4.1–R4.5, R5.2): made by the manager in the planning talk, adjusted in a
progress talk; every change is a new version (nothing is overwritten or deleted), and every
change moves the set to a new version, which voids the approvals given before (R4.6)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.agreements import data as agreement_data
from app.agreements import rules
from app.agreements.context import (
    SetContext,
    bump,
    latest_revision,
    read_context,
    write_context,
)
from app.agreements.data import SetAgreement
from app.agreements.schemas import AgreementChange, AgreementContent
from app.auth import Actor
from app.authz import not_found
from app.errors import Conflict, InvalidInput, invalid, param
from app.messages import msg, term
from app.models.agreements import Agreement, AgreementVersion
from app.models.cycles import Talk
from app.models.people import FunctionProfile
from app.pagination import PageParams, fetch_page
from app.states import AgreementStatus

CONTENT_FIELDS = (
    "description",
    "measure",
    "due_date",
    "main_task",
    "subject",
    "competency_code",
    "method",
    "method_detail",
    "career_type",
)


def _content(body: AgreementContent) -> dict[str, Any]:
    """The stored content of a request body: the fields of its kind, the others empty."""
    values = {name: getattr(body, name, None) for name in CONTENT_FIELDS}
    return {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}


async def _check_content(
    session: AsyncSession, context: SetContext, body: AgreementContent
) -> None:
    cycle = context.row.cycle
    main_tasks = await session.scalar(
        select(FunctionProfile.main_tasks).where(FunctionProfile.id == cycle.function_profile_id)
    )
    revision = await latest_revision(session, context.cycle_id)
    problems = rules.content_problems(
        body.kind,
        body,
        rules.WorkContext(
            cycle_start=cycle.start_date,
            cycle_end=cycle.end_date,
            main_tasks=main_tasks or [],
            set_codes=[m["code"] for m in revision.members] if revision else None,
        ),
    )
    if problems:
        raise invalid(problems)


async def create_agreement(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    body: AgreementContent,
) -> tuple[AgreementVersion, int]:
    """R4.1: the manager records an agreement in the planning talk (or adds one in a progress
    talk, R5.2: its first version is ``created`` in that talk). 400 naming R4.5 or R4.1 for
    content the rules do not allow."""
    context, talk = await write_context(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        what=msg("act.records-agreements"),
        adjusting=True,
    )
    cycle_id = context.cycle_id  # T2.1: a bridging cycle adds to the probation cycle's set
    await _check_content(session, context, body)
    number = await session.scalar(
        select(func.coalesce(func.max(Agreement.number), 0)).where(Agreement.cycle_id == cycle_id)
    )
    agreement = Agreement(cycle_id=cycle_id, kind=body.kind, number=number + 1, current_version=1)
    session.add(agreement)
    await session.flush()
    version = AgreementVersion(
        agreement_id=agreement.id,
        version=1,
        cycle_id=cycle_id,
        kind=body.kind,
        set_version=bump(context),
        change="created",
        talk_id=talk.id,
        changed_by=actor.subject,
        status=AgreementStatus.active,
        **_content(body),
    )
    session.add(version)
    await session.flush()
    await session.refresh(version)
    return version, agreement.number


async def _current(
    session: AsyncSession, cycle_id: uuid.UUID, agreement_id: uuid.UUID, *, lock: bool = False
) -> tuple[Agreement, AgreementVersion]:
    query = select(Agreement).where(Agreement.id == agreement_id, Agreement.cycle_id == cycle_id)
    if lock:
        query = query.with_for_update()
    agreement = (
        await session.execute(query.execution_options(populate_existing=True))
    ).scalar_one_or_none()
    if agreement is None:
        raise not_found("agreement")
    version = await session.get_one(AgreementVersion, (agreement.id, agreement.current_version))
    return agreement, version


async def get_agreement(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    agreement_id: uuid.UUID,
) -> tuple[AgreementVersion, int]:
    context = await read_context(session, actor=actor, today=today, cycle_id=cycle_id)
    agreement, version = await _current(session, context.cycle_id, agreement_id)
    return version, agreement.number


def _next_version(
    agreement: Agreement,
    current: AgreementVersion,
    *,
    set_version: int,
    talk: Talk,
    actor: Actor,
    change: str,
    **fields: Any,
) -> AgreementVersion:
    content = {name: getattr(current, name) for name in (*CONTENT_FIELDS, "weight", "status")}
    content.update(fields)
    agreement.current_version += 1
    return AgreementVersion(
        agreement_id=agreement.id,
        version=agreement.current_version,
        cycle_id=agreement.cycle_id,
        kind=agreement.kind,
        set_version=set_version,
        change=change,
        talk_id=talk.id,
        changed_by=actor.subject,
        **content,
    )


async def change_agreement(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    agreement_id: uuid.UUID,
    body: AgreementChange,
    precondition: Callable[[AgreementVersion, int], None],
) -> tuple[AgreementVersion, int]:
    """R5.2: the manager refines, supplements or adjusts an agreement: a new version, with who,
    when and in which talk; the earlier versions stay. The same content again makes no
    version."""
    context, talk = await write_context(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        what=msg("act.changes-agreements"),
        adjusting=True,
    )
    agreement, current = await _current(session, context.cycle_id, agreement_id, lock=True)
    precondition(current, agreement.number)
    if agreement.ended:
        raise Conflict(msg("agreement-ended"), code="agreement-ended")
    if body.kind != agreement.kind:
        raise InvalidInput(
            msg("invalid-input.kind-changed", kind=term("agreement-kind", agreement.kind)),
            invalid_params=[param("kind", "changed", f"must be {agreement.kind!r}")],
        )
    await _check_content(session, context, body)
    content = _content(body)
    if all(getattr(current, k) == v for k, v in content.items()):
        return current, agreement.number
    version = _next_version(
        agreement,
        current,
        set_version=bump(context),
        talk=talk,
        actor=actor,
        change=body.change.value,
        reason=body.reason,
        **content,
    )
    session.add(version)
    await session.flush()
    await session.refresh(version)
    return version, agreement.number


async def end_agreement(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    agreement_id: uuid.UUID,
    reason: str,
    precondition: Callable[[AgreementVersion, int], None],
) -> tuple[AgreementVersion, int]:
    """R5.2: an agreement that no longer applies is ended, with a reason; it stays on record."""
    context, talk = await write_context(
        session,
        actor=actor,
        today=today,
        cycle_id=cycle_id,
        what=msg("act.ends-agreements"),
        adjusting=True,
    )
    agreement, current = await _current(session, context.cycle_id, agreement_id, lock=True)
    precondition(current, agreement.number)
    if agreement.ended:
        raise Conflict(msg("agreement-ended.already"), code="agreement-ended")
    version = _next_version(
        agreement,
        current,
        set_version=bump(context),
        talk=talk,
        actor=actor,
        change="ended",
        reason=reason,
        status=AgreementStatus.ended,
    )
    agreement.ended = True
    session.add(version)
    await session.flush()
    await session.refresh(version)
    return version, agreement.number


async def list_versions(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    agreement_id: uuid.UUID,
    page: PageParams,
) -> tuple[list[AgreementVersion], int, int]:
    """R5.2: every version of the agreement, the first first; its number; how many."""
    context = await read_context(session, actor=actor, today=today, cycle_id=cycle_id)
    agreement, _ = await _current(session, context.cycle_id, agreement_id)
    rows = await session.scalars(
        select(AgreementVersion)
        .where(AgreementVersion.agreement_id == agreement_id)
        .order_by(AgreementVersion.version)
        .offset(page.offset)
        .limit(page.page_size)
    )
    return list(rows), agreement.number, agreement.current_version


async def list_agreements(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    page: PageParams,
    kind: str | None,
    status: str | None,
) -> tuple[list[tuple[AgreementVersion, int]], int]:
    """The agreements of the cycle as they stand, in the order they were made."""
    context = await read_context(session, actor=actor, today=today, cycle_id=cycle_id)
    query = (
        select(AgreementVersion, Agreement.number)
        .join(
            Agreement,
            (Agreement.id == AgreementVersion.agreement_id)
            & (Agreement.current_version == AgreementVersion.version),
        )
        .where(Agreement.cycle_id == context.cycle_id)
    )
    if kind is not None:
        query = query.where(Agreement.kind == kind)
    if status is not None:
        query = query.where(Agreement.ended.is_(status == AgreementStatus.ended))
    rows, total = await fetch_page(session, query.order_by(Agreement.number), page)
    return [(r[0], r[1]) for r in rows], total


# --- R4.2 weights ----------------------------------------------------------------------------


async def current_agreements(
    session: AsyncSession, cycle_id: uuid.UUID, *, as_of: int | None = None
) -> list[SetAgreement]:
    """The agreements as they stand now, or as they stood at set version ``as_of`` (R5.2)."""
    return (await agreement_data.load(session, cycle_id)).agreements_as_of(as_of)


def work_weights(agreements: list[SetAgreement]) -> list[rules.WorkWeight]:
    return [
        rules.WorkWeight(a.version.agreement_id, a.number, a.version.weight)
        for a in agreements
        if a.version.kind == "work" and a.version.status == AgreementStatus.active
    ]


async def set_weights(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    cycle_id: uuid.UUID,
    weighting: str,
    weights: list[tuple[uuid.UUID, int]],
    precondition: Callable[[SetContext], Awaitable[None]],
) -> SetContext:
    """R4.2: equal weights, or a percentage per work agreement that adds up to 100, set by the
    manager. A changed weight is a new version of its agreement (``reweighted``)."""
    context, talk = await write_context(
        session, actor=actor, today=today, cycle_id=cycle_id, what=msg("act.sets-weights")
    )
    await precondition(context)
    agreements = await current_agreements(session, cycle_id)
    work = work_weights(agreements)
    if weighting == "equal" and weights:
        raise invalid(
            [
                param(
                    "weights", "not_allowed", "equal weighting takes no weights (R4.2)", rule="R4.2"
                )
            ]
        )
    problems = rules.weight_problems(weights, work) if weighting == "custom" else []
    if problems:
        raise invalid(problems)
    wanted = dict(weights) if weighting == "custom" else {w.agreement_id: None for w in work}
    changed = [
        a
        for a in agreements
        if a.version.agreement_id in wanted and a.version.weight != wanted[a.version.agreement_id]
    ]
    if not changed and context.weighting == weighting:
        return context
    set_version = bump(context)
    assert context.agreement_set is not None
    context.agreement_set.weighting = weighting
    # One statement for all of them; the set's lock already keeps other writers out.
    rows = await session.scalars(
        select(Agreement)
        .where(Agreement.id.in_([item.version.agreement_id for item in changed]))
        .execution_options(populate_existing=True)
    )
    by_id = {a.id: a for a in rows}
    for item in changed:
        agreement = by_id[item.version.agreement_id]
        session.add(
            _next_version(
                agreement,
                item.version,
                set_version=set_version,
                talk=talk,
                actor=actor,
                change="reweighted",
                reason=None,
                weight=wanted[agreement.id],
            )
        )
    await session.flush()
    return context
