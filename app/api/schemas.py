"""Base schema of the API: lowerCamelCase JSON, unknown fields rejected."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        from_attributes=True,
        serialize_by_alias=True,
    )


class InvalidParam(ApiModel):
    name: str = Field(description="The field, dotted for nested fields: `items.0.weight`.")
    location: str = Field(alias="in", description="body, query, path or header")
    code: str = Field(description="Stable machine-readable reason, e.g. `missing`.")
    reason: str


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
