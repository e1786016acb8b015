from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from app.pagination import PageMeta
from app.reference.document import Cluster
from app.reference.service import CompetencyView, ProfileView
from app.schemas import NOT_BLANK, ApiInput, ApiModel


class CompetencyLevelOut(ApiModel):
    level: int = Field(description="1, 2 or 3 (R3.4).")
    min_scale: int = Field(description="Lowest function scale (OIK) of this level.")
    max_scale: int = Field(description="Highest function scale (OIK) of this level.")
    behaviours: list[str] = Field(description="Characteristic behaviour (kenmerkend werkgedrag).")
    tips: list[str] = Field(description="Tips to develop the competency at this level.")


class CompetencyOut(ApiModel):
    code: str = Field(description="Stable code, e.g. `samenwerken`.")
    name: str = Field(description="The name as printed in the guide.")
    cluster: Cluster = Field(description="core, or the capability cluster: connect/choose/learn.")
    definition: str
    developability: str | None = Field(
        description="Always null: the guide shows this indicator as a picture only."
    )
    guide_version: str
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
    items: list[CompetencyOut]
    meta: PageMeta


class ProfileCompetencyOut(ApiModel):
    code: str
    name: str
    cluster: Cluster
    core: bool = Field(description="A core competency (every profile has the three).")


class CompetencyProfileOut(ApiModel):
    code: str
    name: str
    steering: bool = Field(description="A steering profile: nothing can be added (T3.2).")
    free_choices: int = Field(
        description="How many competencies the manager may still choose: 2, 6 (Vakspecialist: "
        "four function-specific plus two optional, R3.3) or 0 (steering, T3.2)."
    )
    guide_version: str
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
    items: list[CompetencyProfileOut]
    meta: PageMeta


class RatingValueOut(ApiModel):
    score: int = Field(description="1 … 5, for computation.")
    label: str = Field(description="The Dutch label, e.g. `enigszins onvoldoende`.")
    meaning: str = Field(description="What the value means, as the regulation words it.")


class RatingScaleOut(ApiModel):
    guide_version: str
    values: list[RatingValueOut] = Field(description="Ordered from 1 (onvoldoende) to 5.")


class PreparationTipOut(ApiModel):
    number: int
    text: str


class PreparationTipsOut(ApiModel):
    guide_version: str
    tips: list[PreparationTipOut]


class AdoptionOut(ApiModel):
    college_decision_date: date = Field(description="The day the College adopted the guide.")
    college_decision_reference: str = Field(description="The reference of its decision.")
    works_council_consent_date: date = Field(
        description="The day the works council consented (on or before the decision)."
    )
    recorded_at: datetime
    recorded_by: str = Field(description="Who recorded the adoption.")


class AdoptionIn(ApiInput):
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
    id: str
    title: str
    effective_date: date
    source: str
    content_hash: str = Field(description="SHA-256 of the loaded document (canonical JSON).")
    loaded_at: datetime
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
    items: list[GuideVersionOut]
