"""From the appraisal to its response body: what the caller may see, deadlines, actions."""

from __future__ import annotations

from datetime import date

from app.appraisals import rules, service
from app.appraisals.schemas import (
    AppraisalOut,
    DeadlineOut,
    FinalOut,
    ObjectionsOut,
    Part,
    RatedItem,
    SignatureOut,
)
from app.appraisals.service import AppraisalView
from app.cycles.rules import Step, closed_for


def _part(value, items: int) -> Part:
    return Part(score=float(value) if value is not None else None, items=items)


def actions(view: AppraisalView, today: date) -> list[str]:
    """What the caller may do now (``rules.appraisal_actions``)."""
    appraisal = view.appraisal
    closed = closed_for(Step.appraise, cycle_status=view.row.status, talk_status=view.talk.status)
    standing = rules.Standing(
        closed=closed is not None,
        complete=not service.completeness_problems(view),
        final_rating=appraisal.final_rating if appraisal else None,
        rewarded=appraisal is not None and appraisal.reward is not None,
        appeal_recorded=appraisal is not None and appraisal.appeal_reference is not None,
    )
    return rules.appraisal_actions(
        relation=view.relation, state=view.state, facts=view.facts(), standing=standing, today=today
    )


def appraisal_out(view: AppraisalView, today: date) -> AppraisalOut:
    items = []
    for item in view.subject.items:
        rating = view.ratings.get((item.item, item.ref))
        score = rating.score if rating else None
        items.append(
            RatedItem(
                item=item.item,
                ref=item.ref or None,
                title=item.title,
                weight=item.effective_weight,
                crucial=item.crucial,
                criterion=item.criterion,
                concerns=item.concerns,
                score=score,
                label=rules.SCALE.get(score) if score else None,
                motivation=rating.motivation if rating else None,
            )
        )
    scores = view.scores()
    appraisal = view.appraisal
    rated = [i for i in items if i.score is not None]
    final_rating = appraisal.final_rating if appraisal else None
    facts = view.facts()
    return AppraisalOut(
        id=appraisal.id if appraisal else None,
        talk_id=view.talk.id,
        cycle_id=view.row.cycle.id,
        state=view.state,
        rated_set_version=appraisal.rated_set_version if appraisal else view.subject.set_version,
        content_version=appraisal.content_version if appraisal else 0,
        items=items,
        work_part=_part(scores.part_a, sum(i.item == "work" for i in rated)),
        competency_part=_part(
            scores.part_b, sum(i.item in ("competency", "knowledge") for i in rated)
        ),
        final=FinalOut(
            computed=scores.computed,
            work_share_percent=appraisal.work_share_percent if appraisal else None,
            rating=final_rating,
            label=rules.SCALE.get(final_rating) if final_rating else None,
            motivation=appraisal.final_motivation if appraisal else None,
            override=appraisal.final_override if appraisal else False,
            override_motivation=appraisal.override_motivation if appraisal else None,
            missing=list(scores.missing),
        ),
        shared_on=appraisal.shared_on if appraisal else None,
        signatures=[
            SignatureOut(
                party=sig.party,
                kind=sig.kind,
                content_version=sig.content_version,
                signed_by=sig.signed_by,
                signed_on=sig.signed_on,
                void=appraisal is None or sig.content_version != appraisal.content_version,
            )
            for sig in view.signatures
        ],
        objections=ObjectionsOut(text=appraisal.objections, submitted_on=appraisal.objections_on)
        if appraisal is not None and appraisal.objections_on is not None
        else None,
        hearing_on=appraisal.hearing_on if appraisal else None,
        hearing_declined=bool(appraisal and appraisal.hearing_declined),
        response=appraisal.response if appraisal else None,
        response_text=appraisal.response_text if appraisal else None,
        finalised_on=appraisal.finalised_on if appraisal else None,
        reward=appraisal.reward if appraisal else None,
        appeal_reference=appraisal.appeal_reference if appraisal else None,
        supersedes=view.supersedes_talk,
        superseded_by=view.superseded_by_talk,
        deadlines=[
            DeadlineOut(
                name=d.name, due=d.due, rule=d.rule, actor=d.actor, missed=d.missed, met_on=d.met_on
            )
            for d in rules.deadlines(
                view.state, facts, today, finalised_on=appraisal.finalised_on if appraisal else None
            )
        ],
        open_suggestions=view.open_suggestions,
        next_actor=rules.next_actor(view.state, facts, today),
        actions=actions(view, today),
    )
