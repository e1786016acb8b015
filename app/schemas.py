"""The base models of the API contract: lowerCamelCase JSON, unknown fields rejected.

Plain pydantic, so that every package's schemas can use them without the HTTP layer."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0"
    r"\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What Python's ``str.strip()`` takes for white space, spelled out: ``\\s`` means other things
to other regular-expression engines (ECMA-262 leaves out U+0085, Rust and Python do not)."""
NOT_BLANK = rf"^[^\x00]*[^{_SPACE}\x00][^\x00]*$"
"""Text with at least one character that is not white space (and no NUL): what a required text
is once its surrounding white space is stripped, stated for the document."""
EMAIL_PATTERN = rf"^[^@{_SPACE}\x00]+@[^@{_SPACE}\x00]+\.[^@{_SPACE}\x00]+$"
"""An e-mail address as the HR system sends it: something@domain.tld, nothing stricter."""

KEY_PATTERN = r"^[A-Za-z0-9._-]{1,32}$"
"""The keys of the HR information system: personnel numbers, org unit keys, profile codes."""


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    """A date is written YYYY-MM-DD, as the contract says (``format: date``): not a number,
    which Pydantic would otherwise read as seconds since 1970."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date in a request: YYYY-MM-DD only."""


def _text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("must be a date and time written as in RFC 3339")
    return value


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_text)]


def whole_number(value: Any) -> Any:
    """An integer as JSON Schema means it: 3 or 3.0, never "3" or true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(whole_number)]
"""An integer in a request body: a JSON number without a fraction (``3.0`` is 3), never text
or a boolean (what ``strict`` ints refused, and ``3.0`` with them). Constraints go in a model
field's ``Field``, or before ``BeforeValidator(whole_number)`` in an alias of their own: after
it, the document would show ``ge``/``le`` instead of ``minimum``/``maximum``."""
"""A moment in a request: RFC 3339 text with its offset, never a number of seconds."""


class ApiModel(BaseModel):
    """A response body: JSON properties in lowerCamelCase."""

    # Built in code by field name or from ORM attributes. A field is documented by the
    # docstring on the line after it (``use_attribute_docstrings``): that docstring, or a
    # ``Field(description=...)``, is its description in the OpenAPI document, and the class
    # docstring is the schema's. Both are public: they are written for the API's reader, and
    # notes for developers go in ``#`` comments (tests/test_openapi.py checks that every schema
    # and property has a description).
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        extra="forbid",
        from_attributes=True,
        serialize_by_alias=True,
        use_attribute_docstrings=True,
    )


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_contains_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    return False


_WITHOUT_TEXT = frozenset({int, float, bool, type(None), date, datetime, Decimal, UUID})


class ApiInput(ApiModel):
    """A request body: only the lowerCamelCase names of the contract; unknown fields and text
    with a NUL character are refused (400)."""

    # The config is merged with ApiModel's (use_attribute_docstrings included). PostgreSQL
    # cannot store a NUL character, hence the validator below.
    model_config = ConfigDict(validate_by_name=False, from_attributes=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        # Most values are text, numbers, dates or models: answered without a call (an import
        # of 10,000 employees validates 120,000 of them, issue 20).
        kind = type(value)
        if kind is str:
            if "\x00" in value:
                raise ValueError("must not contain a NUL character (\\u0000)")
            return value
        if kind in _WITHOUT_TEXT or isinstance(value, BaseModel):
            return value  # a nested ApiInput checks its own fields (as before)
        if _contains_nul(value):
            raise ValueError("must not contain a NUL character (\\u0000)")
        return value
