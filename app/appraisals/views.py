"""From the appraisal to its response body: what the caller may see, deadlines, actions."""

from __future__ import annotations

from datetime import date

from app.appraisals import rules, service
from app.appraisals.schemas import AppraisalOut, DeadlineOut, FinalOut, Part, RatedItem
from app.appraisals.service import AppraisalView
from app.authz import MANAGING_RELATIONS


def _part(value, items: int) -> Part:
    return Part(score=float(value) if value is not None else None, items=items)


def actions(view: AppraisalView) -> list[str]:
    state = view.state
    if view.relation in MANAGING_RELATIONS:
        found = []
        if rules.transition(state, rules.Event.rate):
            found.append("rate")
        if rules.transition(state, rules.Event.share) and not service.completeness_problems(view):
            found.append("share-draft")
        return found
    return []


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
            rating=final_rating,
            label=rules.SCALE.get(final_rating) if final_rating else None,
            motivation=appraisal.final_motivation if appraisal else None,
            override=appraisal.final_override if appraisal else False,
            override_motivation=appraisal.override_motivation if appraisal else None,
            missing=list(scores.missing),
        ),
        shared_on=appraisal.shared_on if appraisal else None,
        deadlines=[
            DeadlineOut(
                name=d.name, due=d.due, rule=d.rule, actor=d.actor, missed=d.missed, met_on=d.met_on
            )
            for d in rules.deadlines(
                view.state, facts, today, finalised_on=appraisal.finalised_on if appraisal else None
            )
        ],
        next_actor=rules.next_actor(view.state, facts, today),
        actions=actions(view),
    )
