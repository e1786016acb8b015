"""Article 3 rules as pure functions: R3.2, T3.2, R3.3, R3.4, R3.5 (no database)."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput, RuleViolation
from app.reference.document import BUNDLED_GUIDES, read_document
from app.reference.rules import compose_competency_set, level_for_scale
from tests.guides import CORE, OTHERS, synthetic_guide

GUIDE = synthetic_guide()
PROFILES = {p.code: p for p in GUIDE.profiles}


def compose(profile: str, chosen: list[str], scale: int = 10, guide=GUIDE):
    return compose_competency_set(PROFILES[profile], scale, chosen, guide=guide)


@pytest.mark.parametrize(
    ("scale", "level"), [(3, 1), (5, 1), (7, 1), (8, 2), (9, 2), (10, 2), (11, 3), (14, 3), (18, 3)]
)
def test_r3_4_the_function_scale_chooses_the_level(scale, level):
    assert level_for_scale(scale, GUIDE.level_bands) == level
    assert {m.level for m in compose("normaal", [], scale).members} == {level}


@pytest.mark.parametrize("scale", [-1, 0, 1, 2, 19, 20, 99])
def test_r3_4_a_scale_outside_3_to_18_is_an_error_not_a_guess(scale):
    with pytest.raises(InvalidInput) as raised:
        level_for_scale(scale, GUIDE.level_bands)
    assert raised.value.rule == "R3.4"
    assert raised.value.invalid_params[0]["name"] == "functionScale"
    with pytest.raises(InvalidInput):
        compose("normaal", [], scale)


@pytest.mark.parametrize(
    ("profile", "chosen", "size"),
    [
        ("normaal", [], 7),
        ("normaal", OTHERS[4:5], 8),
        ("normaal", OTHERS[4:6], 9),
        ("sturend", [], 9),
        ("vakspecialist", OTHERS[:4], 7),
        ("vakspecialist", OTHERS[:5], 8),
        ("vakspecialist", OTHERS[:6], 9),
    ],
)
def test_r3_2_allowed_compositions(profile, chosen, size):
    result = compose(profile, chosen)
    assert len(result.members) == size <= 9
    assert result.codes[:3] == CORE
    assert result.codes[3:] == PROFILES[profile].specific_competencies + chosen


def test_r3_2_members_say_where_they_come_from():
    result = compose("normaal", ["extra-5"])
    assert [m.source for m in result.members] == ["core"] * 3 + ["profile"] * 4 + ["chosen"]
    assert result.guide_version == GUIDE.version and result.level == 2


@pytest.mark.parametrize(
    ("profile", "chosen", "rule", "code"),
    [
        ("normaal", OTHERS[4:7], "R3.2", "too-many-additions"),
        ("normaal", ["extra-1"], "R3.2", "competency-already-in-profile"),
        ("normaal", ["samenwerken"], "R3.2", "competency-already-in-profile"),
        ("normaal", ["extra-5", "extra-5"], "R3.2", "competency-chosen-twice"),
        ("normaal", ["no-such-competency"], "R3.2", "competency-not-in-guide"),
        ("sturend", ["extra-7"], "T3.2", "steering-profile-is-complete"),
        ("sturend", ["no-such-competency"], "T3.2", "steering-profile-is-complete"),
        ("sturend", ["extra-1"], "T3.2", "steering-profile-is-complete"),
        ("sturend", ["extra-7", "extra-7"], "T3.2", "steering-profile-is-complete"),
        ("vakspecialist", [], "R3.3", "function-specific-picks-missing"),
        ("vakspecialist", OTHERS[:3], "R3.3", "function-specific-picks-missing"),
        ("vakspecialist", OTHERS[:7], "R3.3", "too-many-choices"),
        ("vakspecialist", ["integriteit", *OTHERS[:3]], "R3.2", "competency-already-in-profile"),
    ],
)
def test_r3_2_t3_2_r3_3_refused_compositions_name_their_rule(profile, chosen, rule, code):
    with pytest.raises(RuleViolation) as raised:
        compose(profile, chosen)
    assert (raised.value.rule, raised.value.code) == (rule, code)


def test_t3_2_steering_profiles_take_no_additions():
    with pytest.raises(RuleViolation) as raised:
        compose("sturend", ["extra-7"])
    assert raised.value.rule == "T3.2"


def test_r3_3_vakspecialist_needs_exactly_four_picks_plus_at_most_two():
    assert len(compose("vakspecialist", OTHERS[:4]).members) == 7
    for chosen in (OTHERS[:3], OTHERS[:7]):
        with pytest.raises(RuleViolation):
            compose("vakspecialist", chosen)


def test_r3_3_vakspecialist_picks_are_told_from_additions():
    result = compose("vakspecialist", OTHERS[:6])
    assert [m.source for m in result.members] == ["core"] * 3 + ["pick"] * 4 + ["chosen"] * 2


def test_r3_3_no_more_choices_than_the_profile_allows():
    narrow = PROFILES["vakspecialist"].model_copy(update={"free_choices": 4})
    guide = GUIDE.model_copy(update={"profiles": [*GUIDE.profiles[:2], narrow]})
    with pytest.raises(RuleViolation) as raised:
        compose_competency_set(narrow, 10, OTHERS[:5], guide=guide)
    assert (raised.value.rule, raised.value.code) == ("R3.3", "too-many-choices")


def test_t3_2_never_more_than_nine_in_all():
    # A profile that a validated guide cannot contain (3 + 7 specific > 9): the rule holds anyway.
    wide = PROFILES["normaal"].model_copy(update={"specific_competencies": OTHERS[:7]})
    guide = GUIDE.model_copy(update={"profiles": [wide]})
    with pytest.raises(RuleViolation) as raised:
        compose_competency_set(wide, 10, [], guide=guide)
    assert (raised.value.rule, raised.value.code) == ("T3.2", "too-many-competencies")


def test_r3_5_only_profiles_and_codes_of_the_same_guide_version():
    later = synthetic_guide(version="test-2")
    # test-2's "normaal" profile lists other specific competencies than test-1's.
    changed = later.profiles[0].model_copy(update={"specific_competencies": OTHERS[5:9]})
    with pytest.raises(RuleViolation) as raised:
        compose_competency_set(changed, 10, [], guide=GUIDE)
    assert (raised.value.rule, raised.value.code) == ("R3.5", "profile-not-in-guide-version")
    only_later = later.model_copy(
        update={"competencies": [*later.competencies, _extra_competency("only-in-test-2")]}
    )
    assert "only-in-test-2" in {c.code for c in only_later.competencies}
    with pytest.raises(RuleViolation) as raised:
        compose("normaal", ["only-in-test-2"])  # a code of test-2, composed in test-1
    assert (raised.value.rule, raised.value.code) == ("R3.2", "competency-not-in-guide")


def _extra_competency(code: str):
    return GUIDE.competencies[-1].model_copy(update={"code": code, "name": code})


def test_r3_2_every_profile_of_the_real_guide_composes():
    guide = read_document(BUNDLED_GUIDES[0])
    others = [c.code for c in guide.competencies if c.cluster != "core"]
    for profile in guide.profiles:
        free = [code for code in others if code not in profile.specific_competencies]
        if profile.steering:
            chosen = []
        elif not profile.specific_competencies:  # Vakspecialist (R3.3)
            chosen = free[:6]
        else:
            chosen = free[:2]
        result = compose_competency_set(profile, 12, chosen, guide=guide)
        assert len(result.members) == 9, profile.code
        assert {m.level for m in result.members} == {3}
