"""The README keeps its promises (issue 19): its tour is docs/tour.sh word for word (CI runs the
script: `make tour`), and it links nothing outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tour_block(readme: str) -> str:
    section = readme.split("## A five-minute tour", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readme_tour_is_the_tour_script():
    script = (ROOT / "docs" / "tour.sh").read_text(encoding="utf-8")
    body = script.split('cd "$(dirname "$0")/.."\n', 1)[1]
    assert _tour_block((ROOT / "README.md").read_text(encoding="utf-8")) == body


def test_the_tour_checks_every_request_it_makes():
    """Every curl of the tour is either a `call` with its status or feeds a value to the next
    step; none is left unchecked by accident."""
    body = (ROOT / "docs" / "tour.sh").read_text(encoding="utf-8").split("# --- the tour", 1)[1]
    unchecked = [
        line
        for line in body.splitlines()
        if re.match(r"\s*curl ", line) and not re.search(r"\)|\|\s*(json|tr)|\\$|# \d{3}", line)
    ]
    assert unchecked == [], unchecked


def test_the_docs_link_nothing_outside_the_repository():
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text, path
        for target in re.findall(r"\]\(([^)#]+)", text):
            if re.match(r"[a-z]+://", target):
                continue
            assert (path.parent / target).exists(), (path, target)
