"""ETag and If-None-Match for read-only representations (reference data)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Header, Response
from pydantic import BaseModel

IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        description="An ETag from an earlier response: answered with 304 when unchanged.",
        max_length=1000,
    ),
]

NOT_MODIFIED = {304: {"description": "Not modified: the representation has this ETag still."}}


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def cached_json(model: BaseModel, if_none_match: str | None) -> Response:
    """The model as JSON with a strong ETag of its bytes; 304 when the client has it already."""
    body = model.model_dump_json(by_alias=True).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type="application/json", headers={"ETag": etag})
