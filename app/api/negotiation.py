"""Content negotiation (RFC 9110 § 12.5.1): the best of what a route offers for the request's
Accept header, or 406. Every route offers JSON, unless it declares its own media types (the
reports add CSV and XLSX; the archive copy is a PDF only)."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import NotAcceptable
from app.messages import joined, msg

JSON = "application/json"


def _ranges(accept: str) -> tuple[list[tuple[float, int, str]], set[str]]:
    """The media ranges of an Accept header, best first (by q, then as listed), and the types
    refused with ``q=0`` (which no wildcard brings back)."""
    found, refused = [], set()
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            name, _, value = p.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            found.append((-q, position, media.lower()))
        elif media:
            refused.add(media.lower())
    return sorted(found), refused


def _matching(media: str, offered: Sequence[str]) -> list[str]:
    if media == "*/*":
        return list(offered)
    if media.endswith("/*"):
        return [o for o in offered if o.split("/", 1)[0] == media[:-2]]
    return [o for o in offered if o == media]


def best_match(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered when it names
    none), or None when it allows none of them."""
    if not accept or not accept.strip():
        return offered[0]
    ranges, refused = _ranges(accept)
    for _q, _position, media in ranges:
        for candidate in _matching(media, offered):
            if candidate not in refused:
                return candidate
    return None


def negotiate(accept: str | None, offered: Sequence[str]) -> str:
    """``best_match``, or 406 naming what the route offers."""
    found = best_match(accept, offered)
    if found is None:
        raise NotAcceptable(
            msg("not-acceptable", offered=joined(offered)),
            code="not-acceptable",
        )
    return found
