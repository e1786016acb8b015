"""The reports as JSON. Each report is a header (what it covers) and tables of rows; the same
row models make the CSV files and the XLSX sheets (one sheet per table), so the three formats
never disagree."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import Field

from app.pagination import PageMeta
from app.schemas import ApiModel


class ReportHeader(ApiModel):
    start: date = Field(description="The first day the report covers.")
    end: date = Field(description="The last day the report covers.")
    as_of: date = Field(description="The service's today: overdue means past due on this day.")
    org_unit: str | None = Field(description="The org unit asked for (with its sub-units).")


class Row(ApiModel):
    """A table row; ``sheet`` names its table in CSV and XLSX."""

    sheet: ClassVar[str] = ""


class Suppressible(Row):
    people: int | None = Field(description="The people counted; null when suppressed.")
    suppressed: bool = Field(
        description="Fewer than 5 people and the caller is neither HR nor their own manager: "
        "the figures are withheld (null)."
    )


class CoverageRow(Row):
    sheet: ClassVar[str] = "talks"
    org_unit: str | None = Field(description="null in the totals.")
    org_unit_name: str | None
    kind: str = Field(description="planning, progress or appraisal")
    on_time: int = Field(description="Held on or before the due date.")
    late: int = Field(description="Held after the due date.")
    overdue: int = Field(description="Not held, past the due date.")
    not_yet_due: int
    total: int = Field(description="Talks: a person with two (probation, R6.2) counts twice.")
    people: int = Field(description="The distinct employees these talks are of.")


class AppraisalCoverageRow(Suppressible):
    """What happened to appraisals: withheld over fewer than 5 people, like the outcomes (who
    is in objection is about a person, not only about the process)."""

    sheet: ClassVar[str] = "appraisals"
    org_unit: str | None = Field(description="null in the totals.")
    org_unit_name: str | None
    held: int | None = Field(description="Appraisal talks of the plan due in the range and held.")
    shared_in_time: int | None = Field(description="R6.3: the draft shared at least 7 days before.")
    shared_late: int | None = Field(
        description="R6.3: shared less than 7 days before (an R7 decision)."
    )
    finalised: int | None
    in_objection: int | None = Field(description="R6.11/R6.12: objected or heard, not finalised.")
    window_open: int | None = Field(description="R6.11: the employee may still object.")
    finalisation_due: int | None = Field(
        description="R6.11: the 14 days passed (or the employee agreed): the manager finalises."
    )
    hearing_overdue: int | None = Field(
        description="R6.12: no hearing 14 days after the objections."
    )
    response_overdue: int | None = Field(
        description="R6.12: not finalised 28 days after the hearing."
    )


class CoverageReport(ReportHeader):
    talks: list[CoverageRow] = Field(description="Per org unit and talk kind.")
    talk_totals: list[CoverageRow] = Field(description="Per talk kind, all units together.")
    appraisals: list[AppraisalCoverageRow] = Field(description="Per org unit.")
    appraisal_totals: AppraisalCoverageRow


class OverdueRow(Row):
    sheet: ClassVar[str] = "overdue"
    personnel_number: str
    name: str
    org_unit: str
    manager: str | None = Field(description="The current manager's personnel number.")
    cycle_id: uuid.UUID
    talk_id: uuid.UUID
    due_date: date = Field(description="The deadline that passed.")
    days_overdue: int
    rule: str


class OverduePage(ApiModel):
    kind: str
    as_of: date
    items: list[OverdueRow]
    meta: PageMeta


class RolloutRow(Row):
    sheet: ClassVar[str] = "rollout"
    org_unit: str | None = Field(description="null in the totals.")
    org_unit_name: str | None
    employees: int = Field(description="In service on the day.")
    held: int = Field(description="Had the planning talk of their running cycle by the day.")
    not_held: int
    percent_held: float | None


class RolloutReport(ApiModel):
    by: date
    org_unit: str | None
    units: list[RolloutRow]
    totals: RolloutRow


class MissingRow(Row):
    sheet: ClassVar[str] = "missing"
    personnel_number: str
    name: str
    org_unit: str
    entry_date: date
    manager: str | None


class MissingPage(ApiModel):
    by: date
    items: list[MissingRow]
    meta: PageMeta


class RatingRow(Suppressible):
    finalised: int | None
    rating_1: int | None = Field(description="onvoldoende")
    rating_2: int | None = Field(description="enigszins onvoldoende")
    rating_3: int | None = Field(description="normaal")
    rating_4: int | None = Field(description="goed")
    rating_5: int | None = Field(description="uitstekend")


class UnitOutcomeRow(RatingRow):
    sheet: ClassVar[str] = "outcomes-by-unit"
    org_unit: str | None = Field(description="null in the totals.")
    org_unit_name: str | None
    objected: int | None = Field(description="R6.11: appraisals with written objections.")
    objection_rate: float | None = Field(description="objected / finalised")
    met_fully: int | None = Field(description="R6.12: objections met in full.")
    partly_met: int | None = Field(
        description="R6.12: objections met in part: changed, with a written explanation of the "
        "rest (issue 18)."
    )
    explained: int | None = Field(description="R6.12: unchanged, with a written explanation.")
    rewards: int | None = Field(description="R6.9: extra rewards granted.")
    median_days_to_finalise: float | None = Field(description="From the talk to finalisation.")
    mean_days_to_finalise: float | None
    max_days_to_finalise: int | None


class GroupOutcomeRow(RatingRow):
    sheet: ClassVar[str] = "outcomes-by-function-group"
    function_group: str


class OutcomesReport(ReportHeader):
    by_unit: list[UnitOutcomeRow]
    totals: UnitOutcomeRow
    by_function_group: list[GroupOutcomeRow]


class CompetencyRow(Suppressible):
    sheet: ClassVar[str] = "development-competencies"
    competency: str
    competency_name: str | None
    agreements: int | None = Field(description="Development agreements on this competency.")
    rated: int | None = Field(description="Of those, rated in a finalised appraisal.")
    mean_score: float | None = Field(description="Their mean rating (1–5).")


class KnowledgeRow(Suppressible):
    sheet: ClassVar[str] = "development-knowledge"
    agreements: int | None = Field(description="Development agreements on the knowledge level.")
    rated: int | None
    mean_score: float | None


class CareerRow(Suppressible):
    sheet: ClassVar[str] = "career-agreements"
    career_type: str
    agreements: int | None
    active: int | None = Field(description="Not ended.")


class DevelopmentReport(ReportHeader):
    competencies: list[CompetencyRow]
    knowledge: KnowledgeRow
    career: list[CareerRow]
