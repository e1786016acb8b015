"""Base schema of the API: lowerCamelCase JSON, unknown fields rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    """Responses: lowerCamelCase out; built in code by field name or from ORM attributes."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        extra="forbid",
        from_attributes=True,
        serialize_by_alias=True,
    )


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_contains_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    return False


class ApiInput(ApiModel):
    """Request bodies: only the lowerCamelCase names of the contract, unknown fields rejected,
    and no NUL characters in any text (PostgreSQL cannot store them)."""

    model_config = ConfigDict(validate_by_name=False, from_attributes=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _contains_nul(value):
            raise ValueError("must not contain a NUL character (\\u0000)")
        return value


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
