"""Schemas of the HTTP layer itself: RFC 9457 problem details."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.schemas import ApiModel


class InvalidParam(ApiModel):
    name: str = Field(description="The field, dotted for nested fields: `items.0.weight`.")
    location: str = Field(alias="in", description="body, query, path or header")
    code: str = Field(description="Stable machine-readable reason, e.g. `missing`.")
    reason: str
    rule: str | None = Field(default=None, description="The rule of the regulation, if any.")


class Problem(ApiModel):
    """RFC 9457 problem details, with the rule of the regulation where one was violated."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI identifying the kind of problem.")
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable machine-readable error code.")
    instance: str | None = None
    rule: str | None = Field(
        default=None, description="Id of the violated rule of the regulation, e.g. `R6.3`."
    )
    invalid_params: list[InvalidParam] | None = None
