"""The language of a problem's ``title`` and ``detail`` (issue 19): Dutch when the request's
``Accept-Language`` prefers it over English, English otherwise.

``Accept-Language`` (RFC 9110 § 12.5.4) lists language ranges with optional weights:
``nl-NL, nl;q=0.9, en;q=0.8``. A range stands for its primary language: ``nl``, ``nl-NL`` and
``nl-BE`` all ask for Dutch (the one Dutch the service writes); the range without a region
counts before any regional one; ``*`` stands for every language the header does not name;
``q=0`` refuses a language. The higher weight wins; on equal weights the range listed first
does. A range or weight that is not well-formed is ignored, so an absent or unreadable header,
or one naming other languages only, gives English, the default. Every problem response says
which it is in ``Content-Language``, and ``Vary: Accept-Language``.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from app.messages import DEFAULT_LANGUAGE

DUTCH = "nl"

_RANGE = re.compile(r"^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
_MAX_RANGES = 50  # a header is short; more is not a browser's

Weight = tuple[float, int]  # (q, -position): the larger, the more preferred


def _ranges(header: str) -> list[tuple[str, float, int]]:
    """The well-formed ranges of the header: (range in lower case, q, position)."""
    found = []
    for position, part in enumerate(header.split(",")[:_MAX_RANGES]):
        value, *params = (p.strip() for p in part.split(";"))
        if not _RANGE.match(value):
            continue
        q = 1.0
        for param in params:
            name, _, weight = (s.strip() for s in param.partition("="))
            if name.lower() != "q":
                continue
            q = float(weight) if _QVALUE.match(weight) else -1.0
        if q >= 0:
            found.append((value.lower(), q, position))
    return found


def _weight(language: str, ranges: list[tuple[str, float, int]]) -> Weight | None:
    """How much the header wants ``language``: the range naming exactly it, else the best of
    its regional ranges, else ``*``; None when nothing names it."""
    exact = [(q, -pos) for value, q, pos in ranges if value == language]
    if exact:
        return exact[0]
    regional = [(q, -pos) for value, q, pos in ranges if value.split("-", 1)[0] == language]
    if regional:
        return max(regional)
    star = [(q, -pos) for value, q, pos in ranges if value == "*"]
    return star[0] if star else None


def preferred_language(header: str | None) -> str:
    """``nl`` when the Accept-Language header ranks Dutch above English (and above nothing,
    when it does not name English), else ``en``."""
    if not header:
        return DEFAULT_LANGUAGE
    ranges = _ranges(header)
    dutch = _weight(DUTCH, ranges)
    if dutch is None or dutch[0] <= 0:
        return DEFAULT_LANGUAGE
    english = _weight(DEFAULT_LANGUAGE, ranges)
    if english is not None and english >= dutch:
        return DEFAULT_LANGUAGE
    return DUTCH


def language_headers(language: str, headers: MutableMapping[str, str]) -> None:
    """``Content-Language`` and ``Vary: Accept-Language`` (merged with a Vary already there)."""
    headers["Content-Language"] = language
    vary = next((k for k in headers if k.lower() == "vary"), None)
    present = headers.pop(vary) if vary else ""
    names = [v.strip() for v in present.split(",") if v.strip()]
    if not any(n.lower() == "accept-language" or n == "*" for n in names):
        names.append("Accept-Language")
    headers["Vary"] = ", ".join(names)
