"""Schemathesis hooks for `make contract` (scripts/contract.py).

One check differs from Schemathesis's own: ``schema_valid_requests_are_not_refused_for_their_shape``
replaces ``positive_data_acceptance`` (ST202). A request that fits the OpenAPI document must not
be refused for its *shape*: a 400 that names a Pydantic error type (a type, a length, a
pattern, a missing field, an unknown field) means the document understates what the service
enforces, and fails. A 400 whose every invalid parameter names a rule of the regulation, or a
code of the service's own (``unknown_org_unit``, ``unknown_period``, ``not_yet`` …), is the
service refusing what the data or the regulation does not allow, which no schema can state
(a key that does not exist, a period off the grid, a date before another): that is the API
working, as ``invalidParams`` documents. So is a 422 that names the rule of the regulation it
enforces (``rule``: approving a set whose competency set is not composed, R3.2): whether it
applies depends on the state of the data, which the request's shape cannot show. So, last, is
the 422 ``idempotency-key-reused``: Schemathesis sends the same generated key (``0``) with
different bodies, and the service refuses to replay the first answer for another body, as the
document declares. Every other status is judged as Schemathesis does.
"""

from __future__ import annotations

import typing

import pydantic_core.core_schema as core_schema
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

SHAPE_CODES = frozenset(typing.get_args(core_schema.ErrorType)) | {"nul_character"}


def refused_on_the_data(response) -> bool:
    """A 400 naming only rules of the regulation or the service's own codes, or a 422 naming
    the rule of the regulation that refuses the request in the data's present state."""
    if response.status_code not in (400, 422):
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    if response.status_code == 422:
        # A rule refusing the data as it is now, or a key already used for another body.
        return bool(body.get("rule")) or body.get("code") == "idempotency-key-reused"
    params = body.get("invalidParams") or []
    return bool(params) and all(p.get("rule") or p.get("code") not in SHAPE_CODES for p in params)


@schemathesis.check
def schema_valid_requests_are_not_refused_for_their_shape(ctx, response, case):
    if refused_on_the_data(response):
        return None
    return positive_data_acceptance(ctx, response, case)
