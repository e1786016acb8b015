"""ETag and If-None-Match for read-only representations (reference data)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Header, Request, Response
from pydantic import BaseModel

from app.errors import PreconditionFailed, PreconditionRequired
from app.messages import msg

# Declared for the OpenAPI document; cached_json reads every If-None-Match line itself.
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        description="ETags from earlier responses: answered with 304 when one still matches.",
    ),
]

NOT_MODIFIED = {304: {"description": "Not modified: the representation has this ETag still."}}
# Reference data may be kept by browsers and caches, but must be revalidated (If-None-Match).
REVALIDATE = "private, no-cache"
# Personal data (cycles, talks): the ETag serves If-None-Match and If-Match, nothing is stored.
PERSONAL = "no-store"


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


@dataclass(frozen=True)
class Body:
    """A representation as JSON bytes with its strong ETag."""

    content: bytes
    etag: str


def json_body(model: BaseModel) -> Body:
    # Straight to bytes (model_dump_json would decode them to str, and we encode them again).
    content = model.__pydantic_serializer__.to_json(model, by_alias=True)
    return Body(content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"')


class KeptBodies:
    """Representations of content that never changes (a guide version, R3.5), kept by a key
    that identifies that content; bounded, least recently used out first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._bodies: OrderedDict[Hashable, Body] = OrderedDict()

    def get(self, key: Hashable) -> Body | None:
        body = self._bodies.get(key)
        if body is not None:
            self._bodies.move_to_end(key)
        return body

    def put(self, key: Hashable, body: Body) -> Body:
        self._bodies[key] = body
        while len(self._bodies) > self._size:
            self._bodies.popitem(last=False)
        return body


def cached_json(model: BaseModel, request: Request, *, cache_control: str = REVALIDATE) -> Response:
    """The model as JSON with a strong ETag of its bytes; 304 when the client has it already.
    Several If-None-Match lines count as one comma-separated list (RFC 9110 § 5.3). Personal
    data is sent with ``PERSONAL`` (never stored by browsers or caches)."""
    return cached_body(json_body(model), request, cache_control=cache_control)


def cached_body(body: Body, request: Request, *, cache_control: str = REVALIDATE) -> Response:
    """As ``cached_json``, for a representation made already."""
    etag = body.etag
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if_none_match = ",".join(request.headers.getlist("if-none-match"))
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body.content, media_type="application/json", headers=headers)


# Declared for the OpenAPI document; require_if_match reads the header itself.
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of the representation this change is based on (required).",
    ),
]
# The same header where it is optional: when sent, a stale ETag is a 412.
OptionalIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="Optional: the ETag of the representation the caller acts on; when sent "
        "and the resource changed since, the request is refused with 412.",
    ),
]


def check_if_match(request: Request, current: str) -> None:
    """Like :func:`require_if_match`, but only when the caller sent If-Match."""
    if ",".join(request.headers.getlist("if-match")).strip():
        require_if_match(request, current)


PRECONDITIONS = {
    412: {"description": "The resource changed since the ETag in If-Match was issued."},
    428: {"description": "If-Match is required: send the ETag of the last GET."},
}


def etag_of(model: BaseModel) -> str:
    """A strong ETag of the representation: what the caller saw, byte for byte."""
    return json_body(model).etag


def require_if_match(request: Request, current: str) -> None:
    """Updates are based on what the caller last saw: 428 without If-Match, 412 when the
    resource (as this caller sees it) has changed since (RFC 9110 § 13.1.1, strong match)."""
    value = ",".join(request.headers.getlist("if-match"))
    if not value.strip():
        raise PreconditionRequired(
            msg("if-match-required"),
            code="if-match-required",
        )
    tags = {tag.strip() for tag in value.split(",")}
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed(
        msg("etag-mismatch"),
        code="etag-mismatch",
        headers={"ETag": current},
    )


def tagged(model: BaseModel, *, status_code: int = 200) -> Response:
    """The model as personal JSON with its ETag, e.g. a resource just created or changed, so
    that the next update can name it in If-Match without another GET."""
    body = json_body(model)
    headers = {"ETag": body.etag, "Cache-Control": PERSONAL}
    return Response(
        body.content, status_code=status_code, media_type="application/json", headers=headers
    )
