"""Informants (R6.10): the manager asks people with a relevant working relationship for input;
the employee may ask the manager to ask someone, and the manager must answer; an informant
sees only their own request and answers once; the employee sees who said what once the draft
is shared (R6.3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.appraisals import rules
from app.appraisals.rules import State
from app.appraisals.service import as_params, load_for_change, read_appraisal, require_open
from app.audit.trail import record_read
from app.auth import Actor
from app.authz import not_found, require_managing, viewer_for
from app.cycles.rules import Step, closed_for
from app.cycles.service import cycle_of
from app.errors import Conflict, DomainError, Forbidden, invalid, param
from app.messages import msg, term
from app.models.appraisals import Appraisal, InformantRequest, InformantSuggestion
from app.models.cycles import Cycle, Talk
from app.models.people import Employee
from app.pagination import PageParams, fetch_page
from app.states import MANAGING, Relation, SuggestionStatus


@dataclass(frozen=True)
class Informant:
    personnel_number: str | None
    name: str | None
    email: str | None
    relationship: str | None = None
    """Art. 1.k: "een relevante functionele werkrelatie" (R6.10): required."""
    relationship_note: str | None = None


async def _not_final(session: AsyncSession, talk_id: uuid.UUID) -> None:
    """Locked as finalising locks it: nothing is added to an appraisal being finalised, nor to
    the appraisal of a cancelled talk or of a superseded cycle (as ``require_open``)."""
    talk_status, cycle_state = (
        await session.execute(
            select(Talk.status, Cycle.state)
            .join(Cycle, Cycle.id == Talk.cycle_id)
            .where(Talk.id == talk_id)
        )
    ).one()
    if closed_for(Step.appraise, cycle_status=cycle_state, talk_status=talk_status):
        raise Conflict(
            msg("talk-closed.informants"),
            code="talk-closed",
        )
    state = await session.scalar(
        select(Appraisal.state)
        .where(Appraisal.talk_id == talk_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if state == State.finalised:
        raise Conflict(msg("appraisal-finalised"), code="appraisal-finalised", rule="R6.12")


async def _new_request(
    session: AsyncSession,
    *,
    actor: Actor,
    talk: Talk,
    employee_id: uuid.UUID,
    informant: Informant,
    question: str,
    suggestion_id: uuid.UUID | None = None,
    prefix: str = "",
) -> InformantRequest:
    informant_id = None
    problems = []
    if informant.personnel_number is not None:
        informant_id = await session.scalar(
            select(Employee.id).where(Employee.personnel_number == informant.personnel_number)
        )
        if informant_id is None:
            problems.append(param(f"{prefix}personnelNumber", "unknown", "no such employee"))
        elif informant_id == employee_id:
            problems.append(
                param(f"{prefix}personnelNumber", "the_employee", "not the appraised employee")
            )
        if informant.name or informant.email:
            problems.append(
                param(f"{prefix}name", "not_allowed", "an employee is named by number only")
            )
    elif not (informant.name and informant.email):
        problems.append(
            param(
                f"{prefix}personnelNumber",
                "missing",
                "an employee's number, or an external informant's name and e-mail (R6.10)",
                rule="R6.10",
            )
        )
    # R6.10, Art. 1.k: an informant is someone with a relevant working relationship: which.
    if informant.relationship is None:
        problems.append(
            param(
                "informant.relationship",
                "missing",
                "the informant's working relationship with the employee (R6.10, Art. 1.k)",
                rule="R6.10",
            )
        )
    if not (informant.relationship_note or "").strip():
        problems.append(
            param(
                "informant.relationshipNote",
                "missing",
                "the working relationship in a few words (R6.10, Art. 1.k)",
                rule="R6.10",
            )
        )
    if problems:
        raise invalid(problems)
    request = InformantRequest(
        talk_id=talk.id,
        informant_id=informant_id,
        external_name=None if informant_id else informant.name,
        external_email=None if informant_id else informant.email,
        question=question,
        relationship=informant.relationship,
        relationship_note=informant.relationship_note.strip(),
        requested_by=actor.subject,
        suggestion_id=suggestion_id,
    )
    session.add(request)
    await session.flush()
    await session.refresh(request)
    return request


async def request_input(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    informant: Informant,
    question: str,
) -> tuple[InformantRequest, str | None]:
    """R6.10: the manager asks an informant: an employee by personnel number, or an external
    person by name and e-mail. Returns the request and the employee informant's name."""
    view = await load_for_change(session, actor=actor, today=today, talk_id=talk_id)
    require_managing(view.relation, rule="R6.10", what=msg("act.asks-informants"))
    require_open(view)
    await _not_final(session, talk_id)
    request = await _new_request(
        session,
        actor=actor,
        talk=view.talk,
        employee_id=view.row.cycle.employee_id,
        informant=informant,
        question=question,
    )
    name = None
    if request.informant_id is not None:
        name = await session.scalar(
            select(Employee.name).where(Employee.id == request.informant_id)
        )
    return request, name


async def list_requests(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, page: PageParams
) -> tuple[list[tuple[InformantRequest, str | None]], int]:
    """The informants asked for this appraisal and what each said: for the manager and HR,
    and for the employee once the draft is shared (R6.10, R6.3)."""
    # 404 before sharing
    view = await read_appraisal(session, actor=actor, today=today, talk_id=talk_id)
    rows, total = await _page(session, InformantRequest.talk_id == talk_id, page)
    # Informant input is appraisal content: the read is audited with its reader.
    await record_read(
        session,
        resource_type="informant-requests",
        resource_id=str(talk_id),
        after={"relation": view.relation.value, "count": len(rows)},
        actor=actor,
    )
    return rows, total


async def _page(session: AsyncSession, where, page: PageParams):
    query = (
        select(InformantRequest, Employee.name)
        .outerjoin(Employee, Employee.id == InformantRequest.informant_id)
        .where(where)
        .order_by(InformantRequest.requested_at, InformantRequest.id)
    )
    rows, total = await fetch_page(session, query, page)
    return [(r[0], r[1]) for r in rows], total


async def my_requests(
    session: AsyncSession, *, actor: Actor, today: date, page: PageParams
) -> tuple[list[tuple[InformantRequest, str | None]], int]:
    """R6.10: an informant sees only the requests addressed to them."""
    viewer = await viewer_for(session, actor, today)
    if viewer.employee_id is None:
        return [], 0
    return await _page(session, InformantRequest.informant_id == viewer.employee_id, page)


async def respond(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    request_id: uuid.UUID,
    answer: str,
    received_on: date | None,
) -> tuple[InformantRequest, str | None]:
    """R6.10: the informant answers once, with their own login; an external informant's input
    is recorded by the manager on their behalf, with the date it was received."""
    request = (
        await session.execute(
            select(InformantRequest)
            .where(InformantRequest.id == request_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar()
    if request is None:
        raise not_found("informant request")
    viewer = await viewer_for(session, actor, today)
    external = request.informant_id is None
    is_informant = not external and viewer.employee_id == request.informant_id
    is_managing = False
    if not is_informant:
        is_managing = await _visible_or_404(session, actor, today, request) in MANAGING
    # R6.10: the informant answers with their own login; external input is recorded by the manager.
    if not rules.may_answer(external=external, is_informant=is_informant, is_managing=is_managing):
        raise Forbidden(
            msg("forbidden.external-informant" if external else "forbidden.internal-informant"),
            rule="R6.10",
        )
    gap = rules.received_on_gap(external=external, received_on=received_on, today=today)
    if gap is not None:
        raise invalid(as_params([gap]))
    on_behalf = external
    if request.answered_at is not None:
        raise Conflict(msg("answered-already"), code="answered-already", rule="R6.10")
    await _not_final(session, request.talk_id)
    request.answer, request.answered_by = answer, actor.subject
    request.received_on = received_on or today
    request.recorded_on_behalf = on_behalf
    request.answered_at = datetime.now(UTC)
    await session.flush()
    name = None
    if request.informant_id is not None:
        name = await session.scalar(
            select(Employee.name).where(Employee.id == request.informant_id)
        )
    return request, name


async def _visible_or_404(
    session: AsyncSession, actor: Actor, today: date, request: InformantRequest
) -> Relation:
    try:
        view = await read_appraisal(session, actor=actor, today=today, talk_id=request.talk_id)
    except DomainError as error:  # whatever hides the appraisal hides the request
        if error.status in (403, 404, 409):
            raise not_found("informant request") from None
        raise
    return view.relation


# --- the employee's suggestions ---------------------------------------------------------------


async def suggest(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, name: str, reason: str
) -> InformantSuggestion:
    """R6.10: the employee asks the manager to ask someone; the manager must answer."""
    query = select(Talk.cycle_id).where(Talk.id == talk_id, Talk.kind == "appraisal")
    _, relation = await cycle_of(session, query, "talk", actor, today, False)
    if relation is not Relation.self:
        raise Forbidden(msg("forbidden.suggest-informants"), rule="R6.10")
    await _not_final(session, talk_id)
    suggestion = InformantSuggestion(
        talk_id=talk_id, name=name, reason=reason, suggested_by=actor.subject
    )
    session.add(suggestion)
    await session.flush()
    await session.refresh(suggestion)
    return suggestion


async def list_suggestions(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, page: PageParams
) -> tuple[list[tuple[InformantSuggestion, uuid.UUID | None]], int]:
    """R6.10: the employee's suggestions and the manager's answers, for the employee (they
    are theirs, shared or not), the manager and HR."""
    query = select(Talk.cycle_id).where(Talk.id == talk_id, Talk.kind == "appraisal")
    _, relation = await cycle_of(session, query, "talk", actor, today, False)
    if relation not in (
        Relation.self,
        Relation.manager,
        Relation.coordinator,
        Relation.hr,
        Relation.former_manager,
    ):
        raise Forbidden(msg("forbidden.suggestions"))
    query = (
        select(InformantSuggestion, InformantRequest.id)
        .outerjoin(InformantRequest, InformantRequest.suggestion_id == InformantSuggestion.id)
        .where(InformantSuggestion.talk_id == talk_id)
        .order_by(InformantSuggestion.suggested_at, InformantSuggestion.id)
    )
    rows, total = await fetch_page(session, query, page)
    return [(r[0], r[1]) for r in rows], total


async def answer_suggestion(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    suggestion_id: uuid.UUID,
    decision: str,
    reason: str | None,
    informant: Informant | None,
    question: str | None,
) -> tuple[InformantSuggestion, InformantRequest | None]:
    """R6.10: the manager answers the employee's suggestion: asks the informant (the request
    is made with it) or declines with a reason."""
    talk_id = await session.scalar(
        select(InformantSuggestion.talk_id).where(InformantSuggestion.id == suggestion_id)
    )
    if talk_id is None:
        raise not_found("informant suggestion")
    query = select(Talk.cycle_id).where(Talk.id == talk_id)
    _, relation = await cycle_of(session, query, "informant suggestion", actor, today, True)
    require_managing(relation, rule="R6.10", what=msg("act.answers-suggestion"))
    view = None
    if decision != "decline":
        # Asking is asking (request_input): with the agreements agreed, on an open talk; the
        # appraisal is locked before the suggestion, in the order request_input takes them.
        view = await load_for_change(session, actor=actor, today=today, talk_id=talk_id)
        require_open(view)
    suggestion = (
        await session.execute(
            select(InformantSuggestion)
            .where(InformantSuggestion.id == suggestion_id)
            .with_for_update()
        )
    ).scalar_one()
    if suggestion.status != SuggestionStatus.open:
        raise Conflict(
            msg("answered", status=term("suggestion-status", suggestion.status)),
            code="answered",
            rule="R6.10",
        )
    await _not_final(session, talk_id)
    request = None
    if decision == "decline":
        if not reason:
            raise invalid(
                [param("reason", "missing", "a declined suggestion needs a reason", rule="R6.10")]
            )
        suggestion.status = SuggestionStatus.declined
    else:
        assert view is not None
        if informant is None or not question:
            raise invalid(
                [
                    param(
                        "question",
                        "missing",
                        "asking needs the informant and a question",
                        rule="R6.10",
                    )
                ]
            )
        request = await _new_request(
            session,
            actor=actor,
            talk=view.talk,
            employee_id=view.row.cycle.employee_id,
            informant=informant,
            question=question,
            suggestion_id=suggestion.id,
            prefix="informant.",
        )
        suggestion.status = SuggestionStatus.asked
    suggestion.answer_reason = reason
    suggestion.answered_by, suggestion.answered_at = actor.subject, datetime.now(UTC)
    await session.flush()
    return suggestion, request
