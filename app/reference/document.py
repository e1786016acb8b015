"""The competency guide as a document: the schema of ``data/*.json`` and of what
``goedgesprek guide load FILE`` accepts (R3.1, R3.5).

One document is one version of the guide: its 27 competencies with their three levels, the 16
competency profiles, the preparation tips, the rating scale (R6.5) and sample function profiles.
Everything is validated on load; a document that breaks an invariant is refused whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_GUIDES = (DATA_DIR / "guide-2014.json",)

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class Cluster(StrEnum):
    """Where a competency belongs in the guide: `core` (a core competency, kerncompetentie,
    in every profile: Samenwerken, Klantgericht werken, Integriteit), or the capability
    cluster (organisatiebekwaamheid) it serves: `connect` (verbinden), `choose` (kiezen) or
    `learn` (leren)."""

    core = "core"
    connect = "connect"  # verbinden
    choose = "choose"  # kiezen
    learn = "learn"  # leren


class _Doc(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, extra="forbid", frozen=True
    )


class LevelBand(_Doc):
    """R3.4: a competency level belongs to a band of function scales (OIK)."""

    level: Annotated[int, Field(ge=1, le=3)]
    min_scale: Annotated[int, Field(ge=3, le=18)]
    max_scale: Annotated[int, Field(ge=3, le=18)]


class CompetencyLevel(_Doc):
    level: Annotated[int, Field(ge=1, le=3)]
    behaviours: Annotated[list[Text], Field(min_length=1)]  # kenmerkend werkgedrag
    tips: Annotated[list[Text], Field(min_length=1)]  # tips om deze competentie te ontwikkelen


class Competency(_Doc):
    code: Code
    name: Text
    cluster: Cluster
    definition: Text
    developability: str | None = Field(
        default=None,
        description="The guide shows it as a picture that the text source lacks: always null.",
    )
    levels: Annotated[list[CompetencyLevel], Field(min_length=3, max_length=3)]

    @model_validator(mode="after")
    def _levels_one_two_three(self) -> Competency:
        if [lvl.level for lvl in self.levels] != [1, 2, 3]:
            raise ValueError(f"{self.code}: levels must be 1, 2 and 3 in that order")
        return self


class CompetencyProfile(_Doc):
    """R3.2/R3.3/T3.2: a function group's profile; the core competencies are implied."""

    code: Code
    name: Text
    steering: bool = Field(description="A steering (management/programme) profile: T3.2.")
    specific_competencies: list[Code] = Field(description="Function-specific, in printed order.")
    free_choices: Annotated[int, Field(ge=0, le=6)]


class RatingValue(_Doc):
    score: Annotated[int, Field(ge=1, le=5)]
    label: Text
    meaning: Text


class FunctionProfile(_Doc):
    """Sample function profile (functieprofiel) for tests and the demo."""

    code: Text
    name: Text
    competency_profile: Code = Field(description="The competency profile of its function group.")
    scale: Annotated[int, Field(ge=3, le=18)]
    function_type: Text
    version_date: date
    positioning: Text
    purpose: Text
    responsibilities: Annotated[list[Text], Field(min_length=1)]
    main_tasks: Annotated[list[Text], Field(min_length=1)]


CONSENT_FIRST = (
    "R3.5: the College adopts the guide after the works council has consented: "
    "worksCouncilConsentDate must not be after collegeDecisionDate"
)


class Adoption(_Doc):
    """R3.5: the College decision that adopted the guide after the works council consented."""

    college_decision_date: date = Field(description="The day the College decided.")
    college_decision_reference: Text = Field(description="The decision's reference.")
    works_council_consent_date: date = Field(description="The day the works council consented.")

    @model_validator(mode="after")
    def _consent_first(self) -> Adoption:
        if self.works_council_consent_date > self.college_decision_date:  # R3.5
            raise ValueError(CONSENT_FIRST)
        return self


class GuideDocument(_Doc):
    version: Code
    title: Text
    effective_date: date
    source: Text
    level_bands: Annotated[list[LevelBand], Field(min_length=3, max_length=3)]
    competencies: Annotated[list[Competency], Field(min_length=1)]
    profiles: list[CompetencyProfile]
    preparation_tips: list[Text]
    rating_scale: Annotated[list[RatingValue], Field(min_length=5, max_length=5)]
    sample_function_profiles: list[FunctionProfile] = []
    adoption: Adoption | None = Field(
        default=None,
        description="R3.5: the College decision and the works council's consent. Without it the "
        "version is loaded as a draft: readable by its id, never in force.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> GuideDocument:
        codes = [c.code for c in self.competencies]
        if len(set(codes)) != len(codes):
            raise ValueError("competency codes must be unique")
        if len({c.name for c in self.competencies}) != len(codes):
            raise ValueError("competency names must be unique")
        bands = [(b.level, b.min_scale, b.max_scale) for b in self.level_bands]
        scales = [s for _, lo, hi in bands for s in range(lo, hi + 1)]
        if [b[0] for b in bands] != [1, 2, 3] or scales != list(range(3, 19)):
            raise ValueError("level bands must be levels 1-3 covering scales 3-18 once, in order")
        if [v.score for v in self.rating_scale] != [1, 2, 3, 4, 5]:
            raise ValueError("the rating scale must have scores 1 to 5 in order")
        profile_codes = [p.code for p in self.profiles]
        if len(set(profile_codes)) != len(profile_codes):
            raise ValueError("profile codes must be unique")
        core = {c.code for c in self.competencies if c.cluster is Cluster.core}
        if len(core) != 3:  # R3.2: Samenwerken, Klantgericht werken, Integriteit
            raise ValueError(
                f"the guide must have exactly three core competencies, not {len(core)}"
            )
        for profile in self.profiles:
            _check_profile(profile, core=core, codes=set(codes))
        for sample in self.sample_function_profiles:
            if sample.competency_profile not in set(profile_codes):
                raise ValueError(
                    f"function profile {sample.code} names unknown competency profile "
                    f"{sample.competency_profile}"
                )
        return self

    def canonical_json(self) -> str:
        """Stable across schema changes that only add optional fields (their defaults are left
        out), so that loading an unchanged file again stays a no-op (R3.5)."""
        return json.dumps(self.content(), sort_keys=True)

    def content(self) -> dict[str, Any]:
        """The guide itself, without its adoption (recorded apart, once: R3.5)."""
        return self.model_dump(
            mode="json", by_alias=True, exclude_defaults=True, exclude={"adoption"}
        )

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


def _check_profile(profile: CompetencyProfile, *, core: set[str], codes: set[str]) -> None:
    """A competency profile as the guide allows it (R3.2, R3.3, T3.2)."""
    if profile.steering and profile.free_choices:  # T3.2
        raise ValueError(f"steering profile {profile.code} cannot have free choices")
    size = len(core) + len(profile.specific_competencies) + profile.free_choices
    if size > 9:  # T3.2
        raise ValueError(f"profile {profile.code} allows {size} competencies; at most 9")
    if not profile.specific_competencies and not profile.steering and profile.free_choices != 6:
        raise ValueError(  # R3.3: four function-specific picks plus two optional ones
            f"profile {profile.code} lists no specific competencies: it needs 6 free choices"
        )
    unknown = [c for c in profile.specific_competencies if c not in codes]
    if unknown:
        raise ValueError(f"profile {profile.code} names unknown competencies {unknown}")
    if core & set(profile.specific_competencies):
        raise ValueError(f"profile {profile.code} lists a core competency as specific")
    if len(set(profile.specific_competencies)) != len(profile.specific_competencies):
        raise ValueError(f"profile {profile.code} lists a competency twice")


def slug(name: str) -> str:
    """The stable code of a printed name: lower case, ASCII, words joined by hyphens."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def read_document(path: Path) -> GuideDocument:
    return GuideDocument.model_validate_json(path.read_text(encoding="utf-8"))
