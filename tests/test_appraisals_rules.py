"""Pure rules of the appraisal (Article 6: R6.3–R6.12; R4.2)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from fractions import Fraction as F

import pytest
from pydantic import ValidationError

from app.appraisals.rules import (
    SCALE,
    Deadline,
    Event,
    Facts,
    Standing,
    State,
    WorkScore,
    appraisal_actions,
    check_finalise,
    check_hold,
    check_objection,
    completeness_gaps,
    deadlines,
    final_rating,
    may_answer,
    next_actor,
    override_allowed,
    part_a,
    part_b,
    rating_gaps,
    received_on_gap,
    refusal_rule,
    reward_allowed,
    round_half_up,
    transition,
)
from app.appraisals.schemas import RatingsIn

D = date
W = WorkScore


def code(refusal):
    """(rule, code) of a refusal, or None."""
    return None if refusal is None else (refusal.rule, refusal.code)


# --- rounding, parts and the final rating (R6.6, R4.2) ----------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("2.5"), 3),
        (F("3.5"), 4),
        (F("2.49"), 2),
        (F("4.5"), 5),
        (F("1.0"), 1),
        (F(5, 2), 3),
        (F(7, 2), 4),
        (F(299, 100), 3),
        (F(301, 100), 3),
        (F(3, 2), 2),
    ],
)
def test_r6_6_round_half_up(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        pytest.param([W(4, None), W(3, None), W(2, None)], F(3), id="equal"),
        pytest.param([W(5, None), W(2, None)], F(7, 2), id="equal-half"),
        pytest.param([W(5, 60), W(2, 40)], F(19, 5), id="custom-60-40"),
        pytest.param([W(5, 80), W(1, 20)], F(21, 5), id="custom-80-20"),
        pytest.param([W(5, 60), W(2, None)], F(7, 2), id="mixed-falls-back-to-equal"),
        pytest.param([W(3, 100)], F(3), id="single"),
        pytest.param([], None, id="empty"),
    ],
)
def test_r6_6_r4_2_part_a(work, expected):
    assert part_a(work) == expected


@pytest.mark.parametrize(
    ("competencies", "knowledge", "expected"),
    [
        pytest.param([3, 4], None, F(7, 2), id="competencies-only"),
        pytest.param([3, 4], 5, F(4), id="competencies-and-knowledge"),
        pytest.param([2, 2, 3], 4, F(11, 4), id="plain-mean-knowledge-one-item"),
        pytest.param([], 2, F(2), id="knowledge-only"),
        pytest.param([], None, None, id="nothing"),
    ],
)
def test_r6_6_part_b(competencies, knowledge, expected):
    assert part_b(competencies, knowledge) == expected


def eq(*scores):
    """Work agreements with equal shares (no custom weight, R4.2)."""
    return [W(score, None) for score in scores]


H = F(1, 2)


@pytest.mark.parametrize(
    ("work", "competencies", "knowledge", "share", "a", "b", "computed", "missing"),
    [
        (eq(3), [4], None, H, F(3), F(4), 4, ()),  # 3.5 → 4
        (eq(2, 3), [2, 3], None, H, F(5, 2), F(5, 2), 3, ()),  # 2.5 exactly → 3
        (eq(3), [3], 2, H, F(3), F(5, 2), 3, ()),  # 2.75 → 3
        (eq(2), [3], 2, H, F(2), F(5, 2), 2, ()),  # 2.25 → 2
        (eq(5, 1), [3], None, H, F(3), F(3), 3, ()),  # equal weights: 3
        ([W(5, 80), W(1, 20)], [3], None, H, F(21, 5), F(3), 4, ()),  # 80/20: 3.6 → 4
        ([W(5, 60), W(2, 40)], [2], 3, H, F(19, 5), F(5, 2), 3, ()),  # 3.15 → 3
        (eq(5), [1], None, H, F(5), F(1), 3, ()),
        (eq(5), [1], None, F(7, 10), F(5), F(1), 4, ()),  # 3.8 → 4
        (eq(1), [4], None, F(7, 10), F(1), F(4), 2, ()),  # 1.9 → 2
        (eq(2), [4], None, F(7, 10), F(2), F(4), 3, ()),  # 2.6 → 3
        ([], [4], 3, H, None, F(7, 2), None, ("work",)),
        (eq(4), [], None, H, F(4), None, None, ("competencies",)),
        ([], [], None, H, None, None, None, ("work", "competencies")),
    ],
)
def test_r6_6_r4_2_final_rating(work, competencies, knowledge, share, a, b, computed, missing):
    result = final_rating(work, competencies, knowledge, work_share=share)
    assert (result.part_a, result.part_b, result.computed) == (a, b, computed)
    assert (result.missing, result.complete) == (missing, computed is not None)


def test_r6_6_final_rating_default_share_is_half():
    assert final_rating([W(5, None)], [1], None).computed == 3


# --- override and reward (R6.7, R6.9) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("crucial", "expected"),
    [([1], True), ([3, 1, 5], True), ([2], False), ([2, 3, 5], False), ([], False)],
)
def test_r6_7_override_allowed(crucial, expected):
    assert override_allowed(crucial) is expected


@pytest.mark.parametrize(
    ("final", "expected"),
    [(5, True), (4, True), (3, False), (2, False), (1, False), (None, False)],
)
def test_r6_9_reward_allowed(final, expected):
    assert reward_allowed(final) is expected


# --- the procedure: transitions (R6.3, R6.5, R6.9, R6.11, R6.12) -----------------------------


# The procedure written out independently of TRANSITIONS: one row per state, one column per
# event (rate, share, hold, sign, object, hearing, finalise, reward, appeal); a cell is the state
# after the event, or "-" when the event is refused in that state.
EXPECTED = """
            rate       share    hold   sign   object    hearing  finalise   reward     appeal
draft       draft      shared   -      -      -         -        -          -          -
shared      shared     -        held   -      -         -        -          -          -
held        held       -        -      held   objected  -        finalised  -          -
objected    -          -        -      -      -         heard    -          -          -
heard       heard      -        -      heard  -         -        finalised  -          -
finalised   -          -        -      -      -         -        -          finalised  finalised
"""


def _expected_table() -> dict[tuple[State, Event], State | None]:
    header, *rows = [line.split() for line in EXPECTED.strip().splitlines()]
    return {
        (State(row[0]), Event(event)): None if cell == "-" else State(cell)
        for row in rows
        for event, cell in zip(header, row[1:], strict=True)
    }


def test_r6_3_r6_11_r6_12_the_expected_table_covers_every_pair():
    assert set(_expected_table()) == set(itertools.product(State, Event))


@pytest.mark.parametrize(("state", "event"), list(itertools.product(State, Event)))
def test_r6_3_r6_11_r6_12_every_transition(state, event):
    expected = _expected_table()[(state, event)]
    found = transition(state, event)
    assert (found[0] if found else None) == expected
    if found:  # the rule that governs an allowed step
        assert found[1] in {"R6.3", "R6.5", "R6.9", "R6.11", "R6.12"}


@pytest.mark.parametrize(
    ("state", "event", "rule"),
    [
        (State.draft, Event.finalise, "R6.11"),  # after the talk, both sign, then finalise
        (State.shared, Event.finalise, "R6.11"),
        (State.objected, Event.finalise, "R6.12"),  # the hearing first
        (State.finalised, Event.finalise, "R6.12"),
        (State.objected, Event.rate, "R6.12"),
        (State.finalised, Event.rate, "R6.12"),  # final means final
        (State.draft, Event.hold, "R6.3"),  # not before the draft is shared
        (State.shared, Event.sign, "R6.11"),
        (State.heard, Event.object, "R6.11"),
        (State.held, Event.reward, "R6.9"),
        (State.held, Event.appeal, "R6.12"),
        (State.shared, Event.share, "R6.3"),
    ],
)
def test_r6_3_r6_11_r6_12_a_refusal_names_its_rule(state, event, rule):
    assert transition(state, event) is None
    assert refusal_rule(state, event) == rule


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (State.draft, Event.share, (State.shared, "R6.3")),
        (State.shared, Event.hold, (State.held, "R6.3")),
        (State.held, Event.sign, (State.held, "R6.11")),
        (State.held, Event.object, (State.objected, "R6.11")),
        (State.objected, Event.hearing, (State.heard, "R6.12")),
        (State.heard, Event.finalise, (State.finalised, "R6.12")),
        (State.held, Event.finalise, (State.finalised, "R6.11")),
        (State.draft, Event.rate, (State.draft, "R6.5")),
    ],
)
def test_r6_3_r6_11_r6_12_procedure_path(state, event, expected):
    assert transition(state, event) == expected


@pytest.mark.parametrize(
    ("state", "event"),
    [
        pytest.param(State.draft, Event.hold, id="r6_3-no-hold-before-sharing"),
        pytest.param(State.draft, Event.object, id="r6_11-no-objection-in-draft"),
        pytest.param(State.shared, Event.object, id="r6_11-no-objection-before-talk"),
        pytest.param(State.draft, Event.sign, id="r6_11-no-signature-before-talk"),
        pytest.param(State.draft, Event.finalise, id="r6_11-no-finalise-in-draft"),
        pytest.param(State.objected, Event.finalise, id="r6_12-no-finalise-before-hearing"),
        pytest.param(State.held, Event.reward, id="r6_9-no-reward-before-final"),
    ],
)
def test_r6_3_r6_11_r6_12_not_possible(state, event):
    assert transition(state, event) is None


@pytest.mark.parametrize("event", list(Event))
def test_r6_12_r6_9_finalised_only_reward_or_appeal(event):
    allowed = {Event.reward: "R6.9", Event.appeal: "R6.12"}
    expected = (State.finalised, allowed[event]) if event in allowed else None
    assert transition(State.finalised, event) == expected


# --- checks (R6.3, R6.11, R6.12) ---------------------------------------------------------------

SHARED = Facts(shared_on=D(2026, 12, 1))
HELD = Facts(shared_on=D(2026, 12, 1), held_on=D(2026, 12, 10))


@pytest.mark.parametrize(
    ("facts", "day", "expected"),
    [
        (Facts(), D(2026, 12, 8), ("R6.3", "draft-not-shared")),
        (SHARED, D(2026, 12, 1), ("R6.3", "too-soon-after-sharing")),
        (SHARED, D(2026, 12, 7), ("R6.3", "too-soon-after-sharing")),
        (SHARED, D(2026, 12, 8), None),
        (SHARED, D(2027, 1, 15), None),
    ],
)
def test_r6_3_check_hold(facts, day, expected):
    assert code(check_hold(facts, day)) == expected


def with_sig(facts, signature, manager=True):
    return Facts(facts.shared_on, facts.held_on, manager, signature)


@pytest.mark.parametrize(
    ("signature", "day", "expected"),
    [
        (None, D(2026, 12, 10), None),
        (None, D(2026, 12, 24), None),
        ("seen", D(2026, 12, 24), None),
        (None, D(2026, 12, 25), ("R6.11", "objection-window-closed")),
        ("seen", D(2026, 12, 25), ("R6.11", "objection-window-closed")),
        ("agree", D(2026, 12, 11), ("R6.11", "signed-in-agreement")),
    ],
)
def test_r6_11_check_objection(signature, day, expected):
    assert code(check_objection(with_sig(HELD, signature), day)) == expected


@pytest.mark.parametrize(
    ("state", "signature", "manager", "today", "expected"),
    [
        (State.held, "agree", False, D(2027, 1, 1), ("R6.11", "manager-signature-missing")),
        (State.heard, None, False, D(2027, 1, 1), ("R6.11", "manager-signature-missing")),
        (State.held, "agree", True, D(2026, 12, 10), None),
        (State.held, "seen", True, D(2026, 12, 24), ("R6.11", "objection-window-open")),
        (State.held, None, True, D(2026, 12, 24), ("R6.11", "objection-window-open")),
        (State.held, "seen", True, D(2026, 12, 25), None),
        (State.held, None, True, D(2026, 12, 25), None),
        (State.heard, "seen", True, D(2026, 12, 20), None),
        (State.heard, "seen", True, D(2027, 6, 1), None),  # late: flagged, never refused
    ],
)
def test_r6_11_r6_12_check_finalise(state, signature, manager, today, expected):
    facts = with_sig(HELD, signature, manager)
    assert code(check_finalise(state, facts, today)) == expected


@pytest.mark.parametrize(
    ("state", "signature", "today", "open_suggestions", "expected"),
    [
        (State.held, "agree", D(2026, 12, 10), 1, ("R6.10", "suggestions-open")),
        (State.held, "seen", D(2026, 12, 25), 2, ("R6.10", "suggestions-open")),
        (State.heard, "seen", D(2027, 1, 4), 1, ("R6.10", "suggestions-open")),
        (State.held, "agree", D(2026, 12, 10), 0, None),
        # The window comes first: it is the employee's, whatever else is open.
        (State.held, "seen", D(2026, 12, 24), 1, ("R6.11", "objection-window-open")),
    ],
)
def test_r6_10_no_finalising_while_a_suggestion_waits_for_an_answer(
    state, signature, today, open_suggestions, expected
):
    facts = replace(with_sig(HELD, signature), open_suggestions=open_suggestions)
    assert code(check_finalise(state, facts, today)) == expected


# --- deadlines (R6.3, R6.11, R6.12) --------------------------------------------------------------

OBJ = Facts(D(2026, 12, 1), D(2026, 12, 10), True, "seen", objections_on=D(2026, 12, 20))
HEARD = Facts(D(2026, 12, 1), D(2026, 12, 10), True, "seen", D(2026, 12, 20), D(2027, 1, 3))
TALK = Deadline("talk-not-before", D(2026, 12, 8), "R6.3", "manager", False, None)
TALK_MET = Deadline("talk-not-before", D(2026, 12, 8), "R6.3", "manager", False, D(2026, 12, 10))
OBJ_OPEN = Deadline("objections-until", D(2026, 12, 24), "R6.11", "employee", False, None)
OBJ_MET = Deadline("objections-until", D(2026, 12, 24), "R6.11", "employee", False, D(2026, 12, 20))


def hearing(missed, met_on=None):
    return Deadline("hearing-by", D(2027, 1, 3), "R6.12", "manager", missed, met_on)


def finalise_by(missed, met_on=None):
    return Deadline("finalise-by", D(2027, 1, 31), "R6.12", "manager", missed, met_on)


BASE = [TALK_MET, OBJ_MET]
HEARING_MET = hearing(False, D(2027, 1, 3))


@pytest.mark.parametrize(
    ("state", "facts", "today", "finalised_on", "expected"),
    [
        (State.draft, Facts(), D(2026, 12, 1), None, []),
        (State.shared, SHARED, D(2026, 12, 2), None, [TALK]),
        (State.held, HELD, D(2026, 12, 11), None, [TALK_MET, OBJ_OPEN]),
        (State.held, with_sig(HELD, "agree"), D(2026, 12, 11), None, [TALK_MET]),  # no window
        (State.objected, OBJ, D(2027, 1, 3), None, [*BASE, hearing(False)]),  # due today
        (State.objected, OBJ, D(2027, 1, 4), None, [*BASE, hearing(True)]),  # missed
        (State.heard, HEARD, D(2027, 1, 10), None, [*BASE, HEARING_MET, finalise_by(False)]),
        (State.heard, HEARD, D(2027, 2, 1), None, [*BASE, HEARING_MET, finalise_by(True)]),
        (
            State.finalised,
            HEARD,
            D(2027, 3, 1),
            D(2027, 1, 31),
            [*BASE, HEARING_MET, finalise_by(False, D(2027, 1, 31))],
        ),
        (
            State.finalised,
            HEARD,
            D(2027, 3, 1),
            D(2027, 2, 1),  # one day after hearing + 28: late, flagged
            [*BASE, HEARING_MET, finalise_by(True, D(2027, 2, 1))],
        ),
    ],
)
def test_r6_3_r6_11_r6_12_deadlines(state, facts, today, finalised_on, expected):
    assert deadlines(state, facts, today, finalised_on=finalised_on) == expected


def test_r6_12_hearing_held_late_is_missed_but_met():
    late = Facts(D(2026, 12, 1), D(2026, 12, 10), True, "seen", D(2026, 12, 20), D(2027, 1, 4))
    found = {d.name: d for d in deadlines(State.heard, late, D(2027, 1, 5))}
    assert (found["hearing-by"].missed, found["hearing-by"].met_on) == (True, D(2027, 1, 4))
    # lateness is a flag only: finalising after the hearing is still possible
    assert check_finalise(State.heard, late, D(2027, 6, 1)) is None
    assert transition(State.heard, Event.finalise) == (State.finalised, "R6.12")


# --- next_actor (R6.3, R6.11, R6.12) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "facts", "today", "expected"),
    [
        (State.draft, Facts(), D(2026, 11, 1), "manager"),
        (State.shared, SHARED, D(2026, 12, 2), "manager"),
        (State.held, HELD, D(2026, 12, 10), "manager"),  # manager has not signed
        (State.held, with_sig(HELD, None, False), D(2027, 1, 1), "manager"),
        (State.held, with_sig(HELD, None), D(2026, 12, 10), "employee"),
        (State.held, with_sig(HELD, None), D(2026, 12, 24), "employee"),
        (State.held, with_sig(HELD, None), D(2026, 12, 25), "manager"),  # window passed
        # After "seen" the 14 days are the employee's: to object or not.
        (State.held, with_sig(HELD, "seen"), D(2026, 12, 11), "employee"),
        (State.held, with_sig(HELD, "seen"), D(2026, 12, 25), "manager"),
        (State.held, with_sig(HELD, "agree"), D(2026, 12, 11), "manager"),
        (State.objected, OBJ, D(2026, 12, 21), "manager"),
        (State.heard, HEARD, D(2027, 1, 4), "manager"),
        (State.finalised, HEARD, D(2027, 1, 20), None),
    ],
)
def test_r6_3_r6_11_r6_12_next_actor(state, facts, today, expected):
    assert next_actor(state, facts, today) == expected


# --- R6.4, R6.5, R6.8: what is rated, on which scale, and complete before sharing ------------

AGREED = {("work", "w1"), ("competency", "samenwerken"), ("knowledge", ""), ("career", "c1")}


@pytest.mark.parametrize(
    ("offered", "expected"),
    [
        ([("work", "w1", "work.0.agreementId")], []),
        (
            [("work", "w9", "work.0.agreementId")],
            [("work.0.agreementId", "not_rated_here", "R6.4")],
        ),
        (
            [("competency", "integriteit", "competencies.0.code")],
            [("competencies.0.code", "not_rated_here", "R6.4")],
        ),
        (
            [("career", "w1", "career.0.agreementId")],  # a work agreement is not a career one
            [("career.0.agreementId", "not_rated_here", "R6.4")],
        ),
        (
            [("competency", "samenwerken", "competencies.0.code")] * 2,
            [("competencies.0.code", "duplicate", None)],
        ),
    ],
)
def test_r6_4_only_what_was_agreed_is_rated_once(offered, expected):
    gaps = rating_gaps(offered, AGREED)
    assert [(g.name, g.code, g.rule) for g in gaps] == expected


def test_r6_5_the_scale_has_five_points_and_the_input_refuses_others():
    assert list(SCALE) == [1, 2, 3, 4, 5]
    assert SCALE[1] == "onvoldoende" and SCALE[3] == "normaal" and SCALE[5] == "uitstekend"
    for bad in (0, 6, -1):
        with pytest.raises(ValidationError):
            RatingsIn.model_validate({"competencies": [{"code": "x", "score": bad}]})
    assert RatingsIn.model_validate({"competencies": [{"code": "x", "score": 5}]})


ITEMS = [("work", "w1"), ("competency", "samenwerken"), ("knowledge", ""), ("career", "c1")]
COMPLETE = {
    ("work", "w1"): (4, "Behaald"),
    ("competency", "samenwerken"): (3, "Zichtbaar"),
    ("knowledge", ""): (4, "Op niveau"),
    ("career", "c1"): (None, "Besproken"),
}


@pytest.mark.parametrize(
    ("change", "final", "expected"),
    [
        ({}, (4, "Goed"), []),
        ({("work", "w1"): (None, "Behaald")}, (4, "Goed"), [("work w1", "not_rated", "R6.5")]),
        (
            {("competency", "samenwerken"): (3, "")},
            (4, "Goed"),
            [("competency samenwerken", "motivation_missing", "R6.8")],
        ),
        (
            {("knowledge", ""): None},
            (4, "Goed"),
            [("knowledge", "not_rated", "R6.5"), ("knowledge", "motivation_missing", "R6.8")],
        ),
        (
            {("career", "c1"): (None, None)},
            (4, "Goed"),
            [("career c1", "motivation_missing", "R6.8")],  # evaluated, never scored
        ),
        ({}, (None, "Goed"), [("final", "not_computed", "R6.6")]),
        ({}, (4, ""), [("final.motivation", "missing", "R6.8")]),
    ],
)
def test_r6_8_r6_5_a_draft_is_complete_before_it_is_shared(change, final, expected):
    ratings = {**COMPLETE, **change}
    ratings = {key: value for key, value in ratings.items() if value is not None}
    gaps = completeness_gaps(ITEMS, ratings, *final)
    assert [(g.name, g.code, g.rule) for g in gaps] == expected


# --- R6.10: who answers an informant request ------------------------------------------------


@pytest.mark.parametrize(
    ("external", "is_informant", "is_managing", "allowed"),
    [
        (False, True, False, True),  # the colleague asked, with their own login
        (False, False, True, False),  # the manager does not answer for a colleague
        (False, False, False, False),
        (True, False, True, True),  # the manager records external input
        (True, False, False, False),  # nobody else does
    ],
)
def test_r6_10_who_answers_an_informant_request(external, is_informant, is_managing, allowed):
    assert may_answer(external=external, is_informant=is_informant, is_managing=is_managing) is (
        allowed
    )


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("external", "received_on", "expected"),
    [
        (True, date(2026, 11, 30), None),
        (True, TODAY, None),
        (True, None, ("missing", "R6.10")),
        (True, date(2026, 12, 2), ("in_future", "R6.10")),
        (False, None, None),
        (False, TODAY, ("not_allowed", None)),
    ],
)
def test_r6_10_external_input_carries_the_day_it_was_received(external, received_on, expected):
    gap = received_on_gap(external=external, received_on=received_on, today=TODAY)
    assert (None if gap is None else (gap.code, gap.rule)) == expected


# --- what each party may do with the appraisal now: appraisal_actions as a table ---------------

TALK_DAY = date(2026, 12, 6)  # the talk
AFTER_TALK = Facts(shared_on=date(2026, 11, 28), held_on=TALK_DAY)
MANAGER_SIGNED = replace(AFTER_TALK, manager_signed=True)
READY = Standing(complete=True)


@pytest.mark.parametrize(
    ("relation", "state", "facts", "standing", "today", "actions"),
    [
        # R6.5/R6.8: the manager rates a draft; shares it only once it is complete.
        ("manager", State.draft, Facts(), Standing(), TALK_DAY, ["rate"]),
        ("coordinator", State.draft, Facts(), READY, TALK_DAY, ["rate", "share-draft"]),
        # R6.3: an unshared draft offers the employee nothing (the read is a 404 anyway).
        ("self", State.draft, Facts(), READY, TALK_DAY, []),
        # After the talk: the manager signs first (R6.11); the employee signs and may object.
        ("manager", State.held, AFTER_TALK, READY, TALK_DAY, ["rate", "sign"]),
        ("self", State.held, AFTER_TALK, READY, TALK_DAY, ["sign", "object"]),
        # R6.11: with both signatures "agree" the manager finalises at once; no objection.
        (
            "manager",
            State.held,
            replace(MANAGER_SIGNED, employee_signature="agree"),
            READY,
            TALK_DAY,
            ["rate", "finalise"],
        ),
        (
            "self",
            State.held,
            replace(MANAGER_SIGNED, employee_signature="agree"),
            READY,
            TALK_DAY,
            [],
        ),
        # "seen": may still become "agree"; finalised only after the 14 days (R6.11).
        (
            "self",
            State.held,
            replace(MANAGER_SIGNED, employee_signature="seen"),
            READY,
            TALK_DAY,
            ["sign", "object"],
        ),
        ("manager", State.held, MANAGER_SIGNED, READY, date(2026, 12, 21), ["rate", "finalise"]),
        ("self", State.held, MANAGER_SIGNED, READY, date(2026, 12, 21), ["sign"]),  # too late
        # R6.12: objections, then the hearing.
        (
            "manager",
            State.objected,
            replace(MANAGER_SIGNED, objections_on=TALK_DAY),
            READY,
            TALK_DAY,
            ["record-hearing"],
        ),
        # R6.9: a reward with goed or uitstekend, once; R6.12: HR records the appeal, once.
        (
            "manager",
            State.finalised,
            MANAGER_SIGNED,
            Standing(final_rating=4),
            TALK_DAY,
            ["record-reward"],
        ),
        ("manager", State.finalised, MANAGER_SIGNED, Standing(final_rating=3), TALK_DAY, []),
        (
            "manager",
            State.finalised,
            MANAGER_SIGNED,
            Standing(final_rating=4, rewarded=True),
            TALK_DAY,
            [],
        ),
        ("hr", State.finalised, MANAGER_SIGNED, Standing(), TALK_DAY, ["record-appeal-reference"]),
        ("hr", State.finalised, MANAGER_SIGNED, Standing(appeal_recorded=True), TALK_DAY, []),
        ("hr", State.held, AFTER_TALK, READY, TALK_DAY, []),
        # A cancelled talk or a superseded cycle: the manager can do nothing more.
        ("manager", State.draft, Facts(), Standing(closed=True, complete=True), TALK_DAY, []),
        # Readers only: a former manager, a client.
        ("former-manager", State.held, AFTER_TALK, READY, TALK_DAY, []),
        ("client", State.finalised, MANAGER_SIGNED, Standing(final_rating=5), TALK_DAY, []),
    ],
)
def test_r6_3_r6_11_r6_12_what_each_party_may_do_now(
    relation, state, facts, standing, today, actions
):
    found = appraisal_actions(
        relation=relation, state=state, facts=facts, standing=standing, today=today
    )
    assert found == actions
