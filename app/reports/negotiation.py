"""Content negotiation for the reports (RFC 9110 § 12.5.1): JSON by default, CSV or XLSX when
the Accept header asks for them, 406 when it accepts none of the three."""

from __future__ import annotations

from app.errors import NotAcceptable
from app.reports.formats import CSV, XLSX

JSON = "application/json"
OFFERED = (JSON, CSV, XLSX)


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


def negotiate(accept: str | None) -> str:
    if not accept or not accept.strip():
        return JSON
    ranges, refused = _ranges(accept)
    for _q, _position, media in ranges:
        wildcard = {"*/*": OFFERED, "application/*": (JSON, XLSX), "text/*": (CSV,)}.get(media)
        for offered in wildcard or ((media,) if media in OFFERED else ()):
            if offered not in refused:
                return offered
    raise NotAcceptable(
        f"The reports come as {', '.join(OFFERED)}; the Accept header allows none of them.",
        code="not-acceptable",
    )
