"""ETag and If-None-Match for read-only representations (reference data)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Header, Request, Response
from pydantic import BaseModel

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


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def cached_json(model: BaseModel, request: Request) -> Response:
    """The model as JSON with a strong ETag of its bytes; 304 when the client has it already.
    Several If-None-Match lines count as one comma-separated list (RFC 9110 § 5.3)."""
    body = model.model_dump_json(by_alias=True).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": REVALIDATE}
    if_none_match = ",".join(request.headers.getlist("if-none-match"))
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
