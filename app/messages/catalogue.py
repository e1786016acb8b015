"""The catalogue: every part's sentences in one mapping, key → (English, Dutch)."""

from __future__ import annotations

from app.messages.texts import (
    access,
    agreements,
    appraisals,
    cycles,
    http,
    people,
    reference,
    reports,
    services,
    titles,
)

PARTS = (titles, http, access, people, cycles, agreements, appraisals, reference, reports, services)


def _merged() -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for part in PARTS:
        twice = catalogue.keys() & part.TEXTS.keys()
        if twice:
            raise ValueError(f"messages defined twice: {sorted(twice)}")
        catalogue.update(part.TEXTS)
    return catalogue


CATALOGUE: dict[str, tuple[str, str]] = _merged()
"""Key → (English template, Dutch template)."""
