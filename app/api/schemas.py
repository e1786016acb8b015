"""Schemas of the HTTP layer itself: RFC 9457 problem details."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.schemas import ApiModel


class InvalidParam(ApiModel):
    """One invalid field of a request: which one, where, and why. A 400 lists every invalid
    field at once; a refusal by a rule of the regulation (422) may name the fields at fault
    too."""

    name: str = Field(
        description="The field as the client sent it, dotted for nested fields and list items "
        "(`items.0.weight`, `employees.17.salaryScale`), or the name of the query, path or "
        "header parameter."
    )
    location: str = Field(
        alias="in", description="Where the field is: `body`, `query`, `path` or `header`."
    )
    code: str = Field(
        description="Stable machine-readable reason, meant for programs: e.g. `missing`, "
        "`outside_cycle`, `sum_not_100`, the validator's own (`less_than_equal`; "
        "`extra_forbidden` for an unknown field), or with a rule's refusal its code "
        "(`too-soon-after-sharing`)."
    )
    reason: str = Field(
        description="The reason in English, for people, e.g. `must lie within the cycle "
        "(2026-01-01 – 2027-12-31) (R4.5)`; `unknown field` for a field the contract does not "
        "have."
    )
    rule: str | None = Field(
        default=None,
        description="The id of the rule of the regulation this field breaks (e.g. `R4.5`, "
        "see docs/rules.md); absent when no rule of the regulation is involved (a plain "
        "format error).",
    )


class Problem(ApiModel):
    """RFC 9457 problem details: the body of every 4xx and 5xx answer
    (`application/problem+json`), with a stable `code` and, where a rule of the regulation
    refused the request, that rule's id in `rule`."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(
        description="URI identifying the kind of problem: "
        "`https://goedgesprek.maastricht.nl/problems/` followed by `code`."
    )
    title: str = Field(
        description="Short summary of the kind of problem, for people (e.g. `Invalid input`, "
        "`Rule of the regulation violated`)."
    )
    status: int = Field(description="The HTTP status code of the answer, repeated.")
    detail: str = Field(
        description="What went wrong in this case, in English, for people (e.g. `2 invalid "
        "parameter(s): dueDate, weight.`). Do not parse it: use `code`, `rule` and "
        "`invalidParams`."
    )
    code: str = Field(
        description="Stable machine-readable error code in kebab-case, e.g. `invalid-input`, "
        "`etag-mismatch`, `too-soon-after-sharing`; the API guide lists them per operation."
    )
    instance: str | None = Field(
        default=None, description="The path of the request that failed, e.g. `/v1/talks/…`."
    )
    rule: str | None = Field(
        default=None,
        description="The id of the rule of the regulation that refused the request, e.g. "
        "`R6.3` (ids of docs/rules.md: `R` for an article of the regulation, `T` for its "
        "explanatory notes, the toelichting). Absent when no rule is involved, or when the "
        "invalid fields break different rules (each then names its own in `invalidParams`).",
    )
    invalid_params: list[InvalidParam] | None = Field(
        default=None,
        description="Every invalid field of the request at once (with a 400 for invalid "
        "input, and with some 422s: the fields at fault). Absent when no field is at fault.",
    )
