from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from app.pagination import PageMeta
from app.reference.document import Cluster
from app.reference.service import CompetencyView, ProfileView
from app.schemas import NOT_BLANK, ApiInput, ApiModel


class CompetencyLevelOut(ApiModel):
    """A competency described at one of its three levels, for a band of function scales
    (R3.4)."""

    level: int = Field(description="1, 2 or 3 (R3.4).")
    min_scale: int = Field(description="Lowest function scale (OIK) of this level.")
    max_scale: int = Field(description="Highest function scale (OIK) of this level.")
    behaviours: list[str] = Field(description="Characteristic behaviour (kenmerkend werkgedrag).")
    tips: list[str] = Field(description="Tips to develop the competency at this level.")


class CompetencyOut(ApiModel):
    """A competency (competentie) of the competency guide (competentiegids), with its
    definition and its three levels (R3.1, R3.4)."""

    code: str = Field(description="Stable code, e.g. `samenwerken`.")
    name: str = Field(description="The name as printed in the guide.")
    cluster: Cluster = Field(description="core, or the capability cluster: connect/choose/learn.")
    definition: str
    """The competency's definition, as printed in the guide (Dutch)."""
    developability: str | None = Field(
        description="Always null: the guide shows this indicator as a picture only."
    )
    guide_version: str
    """The guide version it was read from, e.g. `2014` (R3.5)."""
    levels: list[CompetencyLevelOut] = Field(
        description="All three levels, or only the one of the requested `functionScale`."
    )

    @classmethod
    def of(cls, version: str, view: CompetencyView) -> CompetencyOut:
        c = view.competency
        return cls(
            code=c.code,
            name=c.name,
            cluster=Cluster(c.cluster),
            definition=c.definition,
            developability=c.developability,
            guide_version=version,
            levels=[
                CompetencyLevelOut(
                    level=row.level,
                    min_scale=band.min_scale,
                    max_scale=band.max_scale,
                    behaviours=row.behaviours,
                    tips=row.tips,
                )
                for row, band in view.levels
            ],
        )


class CompetencyPage(ApiModel):
    """A page of competencies, in the guide's order."""

    items: list[CompetencyOut]
    """The competencies on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class ProfileCompetencyOut(ApiModel):
    """A competency of a competency profile."""

    code: str
    """The competency's code, e.g. `samenwerken`."""
    name: str
    """The competency's name as printed in the guide."""
    cluster: Cluster
    """Core competency, or the capability cluster it serves."""
    core: bool = Field(description="A core competency (every profile has the three).")


class CompetencyProfileOut(ApiModel):
    """A competency profile (competentieprofiel) of a function group: the three core
    competencies and, in principle, four function-specific ones (R3.2)."""

    code: str
    """The profile's code, e.g. `beleidsmedewerker`: what a function profile names in
    `functionGroup`."""
    name: str
    """The profile's name as printed in the guide, e.g. `Beleidsmedewerker`."""
    steering: bool = Field(description="A steering profile: nothing can be added (T3.2).")
    free_choices: int = Field(
        description="How many competencies the manager may still choose: 2, 6 (Vakspecialist: "
        "four function-specific plus two optional, R3.3) or 0 (steering, T3.2)."
    )
    guide_version: str
    """The guide version it was read from (R3.5)."""
    competencies: list[ProfileCompetencyOut] = Field(
        description="The core competencies, then the function-specific ones in printed order."
    )

    @classmethod
    def of(cls, version: str, view: ProfileView) -> CompetencyProfileOut:
        p = view.profile
        return cls(
            code=p.code,
            name=p.name,
            steering=p.steering,
            free_choices=p.free_choices,
            guide_version=version,
            competencies=[
                ProfileCompetencyOut(
                    code=c.code, name=c.name, cluster=Cluster(c.cluster), core=core
                )
                for c, core in view.competencies
            ],
        )


class CompetencyProfilePage(ApiModel):
    """A page of competency profiles."""

    items: list[CompetencyProfileOut]
    """The competency profiles on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class RatingValueOut(ApiModel):
    """One value of the five-point rating scale (R1.l, R6.5)."""

    score: int = Field(description="1 … 5, for computation.")
    label: str = Field(description="The Dutch label, e.g. `enigszins onvoldoende`.")
    meaning: str = Field(description="What the value means, as the regulation words it.")


class RatingScaleOut(ApiModel):
    """The rating scale of the regulation (R6.5): five values from onvoldoende to
    uitstekend, each scored 1–5."""

    guide_version: str
    """The guide version it was read from (R3.5)."""
    values: list[RatingValueOut] = Field(description="Ordered from 1 (onvoldoende) to 5.")


class PreparationTipOut(ApiModel):
    """One of the guide's tips for preparing a talk."""

    number: int
    """The tip's number, 1, 2, … in the guide's order."""
    text: str
    """The tip, as printed in the guide (Dutch)."""


class PreparationTipsOut(ApiModel):
    """The competency guide's tips for preparing the talk (Tips om het gesprek voor te
    bereiden)."""

    guide_version: str
    """The guide version they were read from (R3.5)."""
    tips: list[PreparationTipOut]
    """The tips, in the guide's order."""


class AdoptionOut(ApiModel):
    """The adoption of a guide version (R3.5): the Board (College) adopted it after the works
    council (OR) consented."""

    college_decision_date: date = Field(description="The day the College adopted the guide.")
    college_decision_reference: str = Field(description="The reference of its decision.")
    works_council_consent_date: date = Field(
        description="The day the works council consented (on or before the decision)."
    )
    recorded_at: datetime
    """When the adoption was recorded (RFC 3339 date and time, UTC)."""
    recorded_by: str = Field(
        description="Who recorded the adoption: an HR officer's personnel number, or "
        "`goedgesprek` when the guide was loaded with it from the command line."
    )


class AdoptionIn(ApiInput):
    """HR records that the Board (College) adopted a draft guide version after the works
    council's consent (R3.5): from then on it is in force from its effective date."""

    college_decision_date: date = Field(
        description="The day the College adopted the guide: not after today."
    )
    college_decision_reference: Annotated[
        str, StringConstraints(min_length=1, max_length=200, pattern=NOT_BLANK)
    ] = Field(description="The decision's reference, e.g. the number of the college note.")
    works_council_consent_date: date = Field(
        description="The day the works council consented: on or before the decision (R3.5)."
    )


class GuideVersionOut(ApiModel):
    """A loaded version of the competency guide (R3.5). A loaded version never changes; a
    cycle keeps the version in force on its start date."""

    id: str
    """The version's id, e.g. `2014`: the `guideVersion` of the other resources."""
    title: str
    """The guide's title, e.g. `Competentiegids gemeente Maastricht`."""
    effective_date: date
    """The day from which it applies once adopted (YYYY-MM-DD)."""
    source: str
    """Where its text was taken from (the source document)."""
    content_hash: str = Field(description="SHA-256 of the loaded document (canonical JSON).")
    loaded_at: datetime
    """When it was loaded into the service (RFC 3339 date and time, UTC)."""
    status: Literal["draft", "adopted"] = Field(
        description="R3.5: `adopted` once the College decision after the works council's "
        "consent is recorded; a `draft` is readable by its id but never in force."
    )
    adoption: AdoptionOut | None = Field(description="The adoption; null for a draft.")
    in_force: bool = Field(
        description="The version in force today: the adopted one with the latest effective "
        "date on or before today."
    )

    @classmethod
    def of(cls, row: Any, adoption: Any, *, in_force: bool) -> GuideVersionOut:
        return cls(
            id=row.id,
            title=row.title,
            effective_date=row.effective_date,
            source=row.source,
            content_hash=row.content_hash,
            loaded_at=row.loaded_at,
            status="adopted" if adoption is not None else "draft",
            adoption=None if adoption is None else AdoptionOut.model_validate(adoption),
            in_force=in_force,
        )


class GuideVersionList(ApiModel):
    """Every loaded version of the competency guide."""

    items: list[GuideVersionOut]
    """The versions."""
