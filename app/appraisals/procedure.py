"""The appraisal's procedure after the talk: signatures (R6.11), objections (R6.11), the
objection hearing (R6.12), finalisation (R6.11, R6.12), the reward (R6.9) and the reference of
a formal objection and appeal (R6.12). The manager's lateness is flagged, never refused."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from app.appraisals import rules
from app.appraisals.events import emit_appraisal
from app.appraisals.rules import Event, State
from app.appraisals.service import AppraisalView, completeness_problems, load_for_change
from app.auth import Actor
from app.authz import require_hr, require_managing
from app.cycles.service import bypassed
from app.errors import Conflict, Forbidden, Refusal, RuleViolation, invalid, param
from app.messages import msg, term
from app.models.appraisals import AppraisalSignature
from app.states import Relation


def _advance(view: AppraisalView, event: Event) -> State:
    """The state after ``event``, or 409 naming the rule when the procedure does not allow it."""
    found = rules.transition(view.state, event)
    if found is None or view.appraisal is None:
        raise Conflict(
            msg("appraisal-state", state=term("appraisal-state", view.state)),
            code=f"appraisal-{view.state.value}",
            rule=rules.refusal_rule(view.state, event),
        )
    return found[0]


async def _view(
    session: AsyncSession, actor: Actor, today: date, talk_id: uuid.UUID
) -> AppraisalView:
    return await load_for_change(session, actor=actor, today=today, talk_id=talk_id)


def _refuse(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise refusal.error()


async def sign(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    party: str | None,
    kind: str | None,
    content_version: int,
) -> tuple[AppraisalSignature, AppraisalView]:
    """R6.11: manager and employee sign the content version they read; the employee signs
    "agree" or "seen". A later change of the ratings voids the signatures."""
    view = await _view(session, actor, today, talk_id)
    mine = (
        "employee"
        if view.relation is Relation.self
        else "manager"
        if view.relation in (Relation.manager, Relation.coordinator)
        else None
    )
    if mine is None or (party is not None and party != mine):
        raise Forbidden(
            msg("signature-for-someone-else"),
            code="signature-for-someone-else",
            rule="R6.11",
        )
    _advance(view, Event.sign)
    appraisal = view.appraisal
    assert appraisal is not None
    if content_version != appraisal.content_version:
        raise Conflict(
            msg(
                "content-version-changed",
                version=appraisal.content_version,
                read=content_version,
            ),
            code="content-version-changed",
            rule="R6.11",
        )
    problems = []
    if mine == "employee" and kind not in ("agree", "seen"):
        problems.append(
            param("kind", "missing", 'the employee signs "agree" or "seen" (R6.11)', rule="R6.11")
        )
    if mine == "manager" and kind not in (None, "signed"):
        problems.append(
            param("kind", "not_allowed", "the manager signs, without a kind (R6.11)", rule="R6.11")
        )
    if problems:
        raise invalid(problems)
    already = [
        s
        for s in view.signatures
        if s.party == mine and s.content_version == appraisal.content_version
    ]
    # R6.11: an employee who signed "seen" may still come round to "agree" on the same version
    # (a new signature; the latest counts). "Agree" waives the objections and stands.
    upgrade = mine == "employee" and kind == "agree" and all(s.kind == "seen" for s in already)
    if already and not upgrade:
        raise Conflict(
            msg("signed-already.in-agreement")
            if mine == "employee"
            else msg("signed-already", party=term("party", mine)),
            code="signed-already",
            rule="R6.11",
        )
    signature = AppraisalSignature(
        appraisal_id=appraisal.id,
        party=mine,
        kind=kind if mine == "employee" else "signed",
        content_version=appraisal.content_version,
        signed_by=actor.subject,
        signed_on=today,
    )
    session.add(signature)
    if not already:  # a second signature ("agree" after "seen") would tell how they signed
        emit_appraisal(session, "appraisal.signed", view, party=mine, signedOn=today)
    await session.flush()
    await session.refresh(signature)
    view.signatures.append(signature)
    return signature, view


async def object_to(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, text: str
) -> AppraisalView:
    """R6.11: the employee who did not sign in agreement submits written objections, within
    14 days after the talk (later only by a hardship decision, R7); the hearing follows within
    14 days (R6.12)."""
    view = await _view(session, actor, today, talk_id)
    if view.relation is not Relation.self:
        raise Forbidden(msg("forbidden.objections"), rule="R6.11")
    state = _advance(view, Event.object)
    refusal = rules.check_objection(view.facts(), today)
    # R7: a hardship decision can admit objections after the 14 days.
    if refusal is not None and not (
        refusal.code == "objection-window-closed"
        and await bypassed(session, rule="R6.11", cycle_id=view.row.cycle.id, talk_id=talk_id)
    ):
        _refuse(refusal)
    appraisal = view.appraisal
    assert appraisal is not None
    appraisal.state, appraisal.objections, appraisal.objections_on = state.value, text, today
    appraisal.objections_version = appraisal.content_version
    emit_appraisal(session, "appraisal.objection-lodged", view, objectionsOn=today)
    await session.flush()
    await session.refresh(appraisal)
    return view


async def record_hearing(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    held_on: date,
    declined: bool = False,
) -> AppraisalView:
    """R6.12: the manager records the objection hearing, or that the employee, given the
    opportunity ("in de gelegenheid gesteld"), declined it; after 14 days it is late, which
    is flagged (``missed``), never refused. The 28 days to finalise run from that day."""
    view = await _view(session, actor, today, talk_id)
    require_managing(view.relation, rule="R6.12", what=msg("act.holds-hearing"))
    state = _advance(view, Event.hearing)
    appraisal = view.appraisal
    assert appraisal is not None and appraisal.objections_on is not None
    problems = []
    if held_on > today:
        problems.append(
            param("heldOn", "in_future", f"is after today ({today.isoformat()})", rule="R6.12")
        )
    if held_on < appraisal.objections_on:
        problems.append(
            param(
                "heldOn",
                "before_objections",
                "is before the objections were submitted (R6.12)",
                rule="R6.12",
            )
        )
    if problems:
        raise invalid(problems)
    appraisal.state, appraisal.hearing_on = state.value, held_on
    appraisal.hearing_declined = declined  # R6.12: an opportunity the employee may decline
    emit_appraisal(session, "appraisal.hearing-held", view, hearingOn=held_on, declined=declined)
    await session.flush()
    await session.refresh(appraisal)
    return view


async def finalise(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    talk_id: uuid.UUID,
    response: str | None,
    explanation: str | None,
) -> AppraisalView:
    """R6.11, R6.12: the manager finalises, after signing: at once after the employee's
    "agree", otherwise once the 14 days passed without objections; after objections only once
    the hearing was held, meeting them fully (after changing the appraisal) or explaining in
    writing why not (unchanged). Late finalisation is flagged, never refused."""
    view = await _view(session, actor, today, talk_id)
    require_managing(view.relation, rule="R6.11", what=msg("act.finalises-appraisal"))
    state = _advance(view, Event.finalise)
    # No hardship decision shortens the employee's window (R6.11 protects the employee).
    _refuse(rules.check_finalise(view.state, view.facts(), today))
    appraisal = view.appraisal
    assert appraisal is not None
    problems = completeness_problems(view)
    if problems:  # R6.8, R6.6: a final appraisal is complete
        raise RuleViolation(
            msg("draft-incomplete.finalising", count=len(problems)),
            rule="R6.8",
            code="draft-incomplete",
            invalid_params=problems,
        )
    if view.state is State.heard:
        # R6.12, "Indien hij de bezwaren niet (geheel) deelt": after the hearing the manager
        # meets the objections fully, partly (and explains what not and why), or explains why
        # the appraisal is not changed.
        if response not in ("met-fully", "partly-met", "explained"):
            raise invalid(
                [
                    param(
                        "response",
                        "missing",
                        "after the hearing: met-fully, partly-met or explained (R6.12)",
                        rule="R6.12",
                    )
                ]
            )
        if response in ("partly-met", "explained") and not explanation:
            what = (
                "what was not changed and why"
                if response == "partly-met"
                else "why the appraisal is not changed"
            )
            raise invalid(
                [
                    param(
                        "explanation",
                        "missing",
                        f"a written explanation {what} (R6.12)",
                        rule="R6.12",
                    )
                ]
            )
        changed = appraisal.content_version != appraisal.objections_version
        if response in ("met-fully", "partly-met") and not changed:
            # R6.12: meeting the objections (fully or partly) means changing the appraisal.
            raise RuleViolation(
                msg("objections-not-met"),
                rule="R6.12",
                code="objections-not-met",
            )
        if response == "explained" and changed:
            raise RuleViolation(
                msg("appraisal-changed"),
                rule="R6.12",
                code="appraisal-changed",
            )
        appraisal.response, appraisal.response_text = response, explanation
    elif response is not None or explanation is not None:
        raise invalid(
            [
                param(
                    "response",
                    "not_allowed",
                    "only after an objection hearing (R6.12)",
                    rule="R6.12",
                )
            ]
        )
    appraisal.state = state.value
    appraisal.finalised_on, appraisal.finalised_by = today, actor.subject
    # R6.12: a superseding appraisal names the finalised one it replaces (its talk).
    superseded = {"supersedes": view.supersedes_talk} if view.supersedes_talk else {}
    emit_appraisal(session, "appraisal.finalised", view, finalisedOn=today, **superseded)
    await session.flush()
    await session.refresh(appraisal)
    return view


async def record_reward(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, description: str
) -> AppraisalView:
    """R6.9: with a final rating goed or uitstekend the manager may grant an extra reward;
    only then, and once the appraisal is final."""
    view = await _view(session, actor, today, talk_id)
    require_managing(view.relation, rule="R6.9", what=msg("act.grants-reward"))
    _advance(view, Event.reward)
    appraisal = view.appraisal
    assert appraisal is not None
    if not rules.reward_allowed(appraisal.final_rating):
        raise RuleViolation(
            msg(
                "reward-needs-goed",
                rating=term("rating", rules.SCALE.get(appraisal.final_rating or 0, "none")),
            ),
            rule="R6.9",
            code="reward-needs-goed",
        )
    if appraisal.reward is not None:
        raise Conflict(msg("reward-recorded"), code="reward-recorded", rule="R6.9")
    appraisal.reward, appraisal.reward_recorded_by = description, actor.subject
    emit_appraisal(session, "appraisal.reward-recorded", view, recordedOn=today)
    await session.flush()
    await session.refresh(appraisal)
    return view


async def record_appeal(
    session: AsyncSession, *, actor: Actor, today: date, talk_id: uuid.UUID, reference: str
) -> AppraisalView:
    """R6.12: HR records the reference of a formal objection and appeal (bezwaar en beroep)
    against the finalised appraisal; nothing else changes."""
    require_hr(actor, rule="R6.12")
    view = await _view(session, actor, today, talk_id)
    if view.relation is not Relation.hr:
        # R6.12: HR records it as HR, never on an appraisal of their own (or of their team).
        raise Forbidden(
            msg("appeal-not-as-hr.reference"),
            rule="R6.12",
            code="appeal-not-as-hr",
        )
    _advance(view, Event.appeal)
    appraisal = view.appraisal
    assert appraisal is not None
    if appraisal.appeal_reference is not None:
        raise Conflict(
            msg("appeal-recorded"),
            code="appeal-recorded",
            rule="R6.12",
        )
    appraisal.appeal_reference, appraisal.appeal_recorded_by = reference, actor.subject
    await session.flush()
    await session.refresh(appraisal)
    return view
