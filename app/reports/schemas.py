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
    # Not a schema of its own: the report schemas below inherit these fields.
    start: date = Field(description="The first day the report covers.")
    end: date = Field(description="The last day the report covers.")
    as_of: date = Field(description="The service's today: overdue means past due on this day.")
    org_unit: str | None = Field(
        description="The key of the org unit asked for (the report covers it with every unit "
        "below it); null: the whole organisation the caller may see."
    )


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
    """The timeliness of the talks of one kind in one org unit (or all units, in the totals):
    the talks of the cycle plan due in the report's range (Articles 4–6)."""

    sheet: ClassVar[str] = "talks"
    org_unit: str | None = Field(description="The org unit's key; null in the totals.")
    org_unit_name: str | None
    """The org unit's name; null in the totals."""
    kind: str = Field(description="The kind of talk: `planning`, `progress` or `appraisal`.")
    on_time: int = Field(description="Held on or before the due date.")
    late: int = Field(description="Held after the due date.")
    overdue: int = Field(description="Not held, past the due date.")
    not_yet_due: int
    """Not held, not yet due."""
    total: int = Field(description="Talks: a person with two (probation, R6.2) counts twice.")
    people: int = Field(description="The distinct employees these talks are of.")


class AppraisalCoverageRow(Suppressible):
    """What happened to the appraisals of one org unit (or all units, in the totals): the
    appraisal talks of the plan due in the report's range and held, the sharing of their
    drafts (R6.3) and what followed the talk (R6.11, R6.12). Counts of appraisals; a row over
    fewer than 5 people is withheld, as the outcomes are, for everyone but HR and the people's
    own manager (who is in objection is about a person)."""

    sheet: ClassVar[str] = "appraisals"
    org_unit: str | None = Field(description="The org unit's key; null in the totals.")
    org_unit_name: str | None
    """The org unit's name; null in the totals."""
    held: int | None = Field(description="Appraisal talks of the plan due in the range and held.")
    shared_in_time: int | None = Field(description="R6.3: the draft shared at least 7 days before.")
    shared_late: int | None = Field(
        description="R6.3: shared less than 7 days before (an R7 decision)."
    )
    finalised: int | None
    """Finalised (R6.11, R6.12)."""
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
    """The coverage report: whether the talks due in the range were held on time, per org unit
    and talk kind, and how the appraisals went after the talk. The council memo asks the
    E-module for this management information."""

    talks: list[CoverageRow] = Field(description="Per org unit and talk kind.")
    talk_totals: list[CoverageRow] = Field(description="Per talk kind, all units together.")
    appraisals: list[AppraisalCoverageRow] = Field(description="Per org unit.")
    appraisal_totals: AppraisalCoverageRow
    """The appraisals of all units together."""


class OverdueRow(Row):
    """One person behind an overdue figure: a talk of the plan past its due date and not held,
    or an appraisal past an R6.11/R6.12 deadline."""

    sheet: ClassVar[str] = "overdue"
    personnel_number: str
    """The employee's personnel number."""
    name: str
    """The employee's name."""
    org_unit: str
    """The key of the employee's org unit."""
    manager: str | None = Field(description="The current manager's personnel number.")
    cycle_id: uuid.UUID
    """The cycle's id."""
    talk_id: uuid.UUID
    """The talk's id (for an appraisal deadline: its appraisal talk)."""
    due_date: date = Field(
        description="The deadline that passed (for `finalisation`: the day the manager could "
        "finalise: the employee's agreement, or the 15th day of the objection window)."
    )
    days_overdue: int
    """Days from `dueDate` to the report's today (`asOf`)."""
    rule: str
    """The rule of the deadline: the talk's `dueRule`, or `R6.11` (finalisation), `R6.12`
    (hearing, response)."""


class OverduePage(ApiModel):
    """A page of the people behind an overdue figure, most overdue first."""

    kind: str
    """What is overdue, as asked: `planning`, `progress` or `appraisal` (the talk), or
    `finalisation` (R6.11), `hearing` or `response` (R6.12)."""
    as_of: date
    """The service's today: overdue means past due on this day."""
    items: list[OverdueRow]
    """The people on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class RolloutRow(Row):
    """The roll-out check of one org unit (or all units, in the totals): how many people in
    service on the day had the planning talk of their running cycle by then."""

    sheet: ClassVar[str] = "rollout"
    org_unit: str | None = Field(description="The org unit's key; null in the totals.")
    org_unit_name: str | None
    """The org unit's name; null in the totals."""
    employees: int = Field(description="In service on the day.")
    held: int = Field(description="Had the planning talk of their running cycle by the day.")
    not_held: int
    """Had not had it by the day."""
    percent_held: float | None
    """`held` as a percentage of `employees`, 0–100 with one decimal; null without
    employees."""


class RolloutReport(ApiModel):
    """The council memo's roll-out check: who had the planning talk by a day (every employee
    had to have one by 1 June 2014)."""

    by: date
    """The day checked (YYYY-MM-DD), as asked."""
    org_unit: str | None
    """The org unit asked for (with its sub-units); null: the whole organisation the caller
    may see."""
    units: list[RolloutRow]
    """Per org unit."""
    totals: RolloutRow
    """All units together."""


class MissingRow(Row):
    """A person in service on the day without a planning talk held by then in their running
    cycle."""

    sheet: ClassVar[str] = "missing"
    personnel_number: str
    """The employee's personnel number."""
    name: str
    """The employee's name."""
    org_unit: str
    """The key of the employee's org unit."""
    entry_date: date
    """The day the employee entered service."""
    manager: str | None
    """The personnel number of the employee's manager today; null when none."""


class MissingPage(ApiModel):
    """A page of the people without a planning talk by a day (the roll-out drill-down)."""

    by: date
    """The day checked, as asked."""
    items: list[MissingRow]
    """The people on this page."""
    meta: PageMeta
    """The page's place among all pages, and the totals."""


class RatingRow(Suppressible):
    # Not a schema of its own: the distribution of the final ratings, for the rows below.
    finalised: int | None
    """Appraisals finalised in the range."""
    rating_1: int | None = Field(description="Finalised with final rating 1, onvoldoende.")
    rating_2: int | None = Field(
        description="Finalised with final rating 2, enigszins onvoldoende."
    )
    rating_3: int | None = Field(description="Finalised with final rating 3, normaal.")
    rating_4: int | None = Field(description="Finalised with final rating 4, goed.")
    rating_5: int | None = Field(description="Finalised with final rating 5, uitstekend.")


class UnitOutcomeRow(RatingRow):
    """The outcomes of the appraisals of one org unit (or all units, in the totals) finalised
    in the range: final ratings (R6.6), objections and how they ended (R6.11, R6.12), rewards
    (R6.9) and the days from the talk to finalisation. Withheld over fewer than 5 people,
    except for HR and the people's own manager."""

    sheet: ClassVar[str] = "outcomes-by-unit"
    org_unit: str | None = Field(description="The org unit's key; null in the totals.")
    org_unit_name: str | None
    """The org unit's name; null in the totals."""
    objected: int | None = Field(description="R6.11: appraisals with written objections.")
    objection_rate: float | None = Field(
        description="`objected` / `finalised`, a fraction from 0 to 1 with three decimals; null "
        "without finalised appraisals."
    )
    met_fully: int | None = Field(description="R6.12: objections met in full.")
    partly_met: int | None = Field(
        description="R6.12: objections met in part: changed, with a written explanation of the "
        "rest (issue 18)."
    )
    explained: int | None = Field(description="R6.12: unchanged, with a written explanation.")
    rewards: int | None = Field(description="R6.9: extra rewards granted.")
    median_days_to_finalise: float | None = Field(
        description="The median of the days from the day the talk was held to finalisation; "
        "null in the totals (it needs the people, not the unit rows) and without finalised "
        "appraisals."
    )
    mean_days_to_finalise: float | None
    """The mean of those days, with one decimal; null without finalised appraisals."""
    max_days_to_finalise: int | None
    """The most of those days; null without finalised appraisals."""


class GroupOutcomeRow(RatingRow):
    """The final ratings of the appraisals finalised in the range, for one function group.
    Withheld over fewer than 5 people, except for HR and the people's own manager."""

    sheet: ClassVar[str] = "outcomes-by-function-group"
    function_group: str
    """The function group (competency profile code) of the function profile the cycle started
    with (R3.5)."""


class OutcomesReport(ReportHeader):
    """The outcomes report: what came out of the appraisals finalised in the range."""

    by_unit: list[UnitOutcomeRow]
    """Per org unit."""
    totals: UnitOutcomeRow
    """All units together."""
    by_function_group: list[GroupOutcomeRow]
    """Per function group."""


class CompetencyRow(Suppressible):
    """One competency on which development agreements were made (R4.1 b) in cycles that
    overlap the range, and how it was rated. Withheld over fewer than 5 people, except for HR
    and the people's own manager."""

    sheet: ClassVar[str] = "development-competencies"
    competency: str
    """The competency's code."""
    competency_name: str | None
    """The competency's name in the guide; null when no guide version has the code."""
    agreements: int | None = Field(description="Development agreements on this competency.")
    rated: int | None = Field(description="Of those, rated in a finalised appraisal.")
    mean_score: float | None = Field(description="Their mean rating (1–5).")


class KnowledgeRow(Suppressible):
    """The development agreements on the knowledge level (R4.1 b) in cycles that overlap the
    range, and how the knowledge level was rated. Withheld over fewer than 5 people, except
    for HR and the people's own manager."""

    sheet: ClassVar[str] = "development-knowledge"
    agreements: int | None = Field(description="Development agreements on the knowledge level.")
    rated: int | None
    """Of those, rated in a finalised appraisal of the same cycle."""
    mean_score: float | None
    """Their mean rating (1–5, two decimals); null when none is rated."""


class CareerRow(Suppressible):
    """The career and life-phase agreements of one type (T4.1) in cycles that overlap the
    range. Withheld over fewer than 5 people, except for HR and the people's own manager."""

    sheet: ClassVar[str] = "career-agreements"
    career_type: str
    """The type: `career-step`, `mobility`, `approaching-retirement`, `work-care-balance` or
    `other`."""
    agreements: int | None
    """Career agreements of this type."""
    active: int | None = Field(description="Of those, not ended (still active).")


class DevelopmentReport(ReportHeader):
    """The development report: the competencies and the knowledge level in development
    agreements and how they were rated, and the career and life-phase agreements by type."""

    competencies: list[CompetencyRow]
    """Per competency, most frequent first."""
    knowledge: KnowledgeRow
    """The knowledge level."""
    career: list[CareerRow]
    """Per career type."""
