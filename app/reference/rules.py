"""Rules of Article 3 (competencies) as pure functions: no I/O, no clock.

* R3.4 — a competency is described at three levels, chosen by the function scale:
  3–7, 8–10, 11–18; a scale outside 3–18 is an error, not a guess.
* R3.2 / T3.2 / R3.3 — the composition of an employee's competency set from a profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import InvalidInput, RuleViolation
from app.messages import Message, joined, msg
from app.reference.document import Cluster, CompetencyProfile, GuideDocument, LevelBand

MIN_SCALE, MAX_SCALE = 3, 18
MAX_COMPETENCIES = 9  # T3.2
MAX_ADDITIONS = 2  # R3.2
VAKSPECIALIST_PICKS = 4  # R3.3


def level_for_scale(scale: int, bands: Sequence[LevelBand], *, field: str = "functionScale") -> int:
    """The competency level that function scale ``scale`` requires (R3.4)."""
    for band in bands:
        if band.min_scale <= scale <= band.max_scale:
            return band.level
    # R3.4: a scale outside 3–18 is an error, not a guess.
    raise InvalidInput(
        msg("scale-out-of-range", scale=scale),
        rule="R3.4",
        code="scale-out-of-range",
        invalid_params=[
            {"name": field, "in": "query", "code": "scale_out_of_range", "reason": "must be 3–18"}
        ],
    )


@dataclass(frozen=True)
class SetMember:
    code: str
    name: str
    cluster: Cluster
    level: int
    source: str  # "core" | "profile" | "pick" (R3.3, Vakspecialist) | "chosen" (an addition)


@dataclass(frozen=True)
class CompetencySet:
    guide_version: str
    profile_code: str
    function_scale: int
    level: int
    members: tuple[SetMember, ...]

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.members]


def _violation(message: Message, rule: str, code: str) -> RuleViolation:
    return RuleViolation(message, rule=rule, code=code)


def compose_competency_set(
    profile: CompetencyProfile,
    function_scale: int,
    chosen: Sequence[str],
    *,
    guide: GuideDocument,
) -> CompetencySet:
    """The employee's competency set: the three core competencies, the profile's specific ones,
    and the ``chosen`` ones, each at the level of ``function_scale``.

    For Vakspecialist (a profile without specific competencies, R3.3) the first four codes in
    ``chosen`` are its function-specific competencies and at most two more are optional ones.

    Raises InvalidInput (R3.4) for a scale outside 3–18 and RuleViolation naming R3.2, T3.2,
    R3.3 or R3.5 for a composition the regulation does not allow.
    """
    level = level_for_scale(function_scale, guide.level_bands)
    by_code = {c.code: c for c in guide.competencies}
    if profile not in guide.profiles:
        # R3.5: the set is made from one guide version only.
        raise _violation(
            msg("profile-not-in-guide-version", profile=profile.code, version=guide.version),
            "R3.5",
            "profile-not-in-guide-version",
        )
    if profile.steering and chosen:
        # T3.2: steering profiles already have six specific competencies; nothing is added.
        raise _violation(
            msg("steering-profile-is-complete", profile=profile.name),
            "T3.2",
            "steering-profile-is-complete",
        )
    unknown = [code for code in chosen if code not in by_code]
    if unknown:
        # R3.2/R3.5: additions come from the guide, in the cycle's version of it.
        raise _violation(
            msg("competency-not-in-guide", version=guide.version, codes=joined(unknown)),
            "R3.2",
            "competency-not-in-guide",
        )
    if len(set(chosen)) != len(chosen):
        raise _violation(msg("competency-chosen-twice"), "R3.2", "competency-chosen-twice")
    core = [c.code for c in guide.competencies if c.cluster is Cluster.core]
    again = [code for code in chosen if code in core or code in profile.specific_competencies]
    if again:
        # R3.2: additions are competencies the profile does not have yet.
        raise _violation(
            msg("competency-already-in-profile", codes=joined(again)),
            "R3.2",
            "competency-already-in-profile",
        )
    if not profile.specific_competencies and not profile.steering:
        # R3.3: the manager picks the four function-specific ones (plus at most two optional).
        if len(chosen) < VAKSPECIALIST_PICKS:
            raise _violation(
                msg("function-specific-picks-missing", profile=profile.name, got=len(chosen)),
                "R3.3",
                "function-specific-picks-missing",
            )
        if len(chosen) > profile.free_choices:
            raise _violation(
                msg(
                    "too-many-choices",
                    profile=profile.name,
                    allowed=profile.free_choices,
                    got=len(chosen),
                ),
                "R3.3",
                "too-many-choices",
            )
        additions = len(chosen) - VAKSPECIALIST_PICKS
        picks = VAKSPECIALIST_PICKS
    else:
        additions = len(chosen)
        picks = 0
    if additions > MAX_ADDITIONS or additions > profile.free_choices:
        # R3.2: at most two competencies from the guide may be added.
        raise _violation(
            msg(
                "too-many-additions",
                allowed=min(MAX_ADDITIONS, profile.free_choices),
                profile=profile.name,
                got=additions,
            ),
            "R3.2",
            "too-many-additions",
        )
    members = (
        [(code, "core") for code in core]
        + [(code, "profile") for code in profile.specific_competencies]
        + [(code, "pick") for code in chosen[:picks]]  # R3.3: Vakspecialist's specific four
        + [(code, "chosen") for code in chosen[picks:]]
    )
    if len(members) > MAX_COMPETENCIES:
        # T3.2: at most nine competencies in all.
        raise _violation(
            msg("too-many-competencies", allowed=MAX_COMPETENCIES, got=len(members)),
            "T3.2",
            "too-many-competencies",
        )
    return CompetencySet(
        guide_version=guide.version,
        profile_code=profile.code,
        function_scale=function_scale,
        level=level,
        members=tuple(
            SetMember(code, by_code[code].name, by_code[code].cluster, level, source)
            for code, source in members
        ),
    )
