"""Extract the competency guide (Competentiegids gemeente Maastricht, 2014) from its text source.

The source is the collegenota with the regulation, its notes and the guide, converted from PDF to
plain text (``seed/000_eb75be18cb468ead.txt``). This script reads the guide part and
writes ``app/reference/data/guide-2014.json``, validated by ``GuideDocument``::

    .venv/bin/python scripts/extract_guide.py seed/000_eb75be18cb468ead.txt \\
        app/reference/data/guide-2014.json

The output is deterministic: running it again on the same source gives the same bytes. Every
reading decision is described in ``docs/guide-data.md``; the repair rules are in ``join_lines``.
Pure standard library plus ``app.reference.document``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.reference.document import GuideDocument, slug

VERSION = "2014"
TITLE = "Competentiegids gemeente Maastricht"
# The regulation (Artikel 8 lid 2) and the college decision: in force from 1 January 2014.
EFFECTIVE_DATE = "2014-01-01"

CLUSTERS = {
    "Kerncompetenties": "core",
    "Verbinden": "connect",
    "Kiezen": "choose",
    "Leren": "learn",
}
# The profile tables name a competency's cluster ("Bekwaamheid"); core rows have none.
PROFILE_CLUSTERS = {"Verbinden": "connect", "Kiezen": "choose", "Leren": "learn"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus")
MONTHS += ("september", "oktober", "november", "december")
DUTCH_MONTHS = {name: number for number, name in enumerate(MONTHS, start=1)}

BULLET = re.compile(r"^\s*•\s*(.*)$")
# A level label on a line of its own, as the PDF conversion leaves it: "3", "–7", "8", "–1",
# "0", "11" (the printed headings are "3–7", "8–10" and "11–18", broken over lines).
LEVEL_LABEL = re.compile(r"^[–-]?\d{1,2}$")
# "Kenmerkend werkgedrag", sometimes with the tail of a level label in front ("0   Kenmerkend").
BEHAVIOURS_HEADING = re.compile(r"^(?:[–-]?\d{1,2}\s+)?Kenmerkend werkgedrag$")
TIPS_HEADING = "Tips om deze competentie te ontwikkelen"
PAGE_NUMBER = re.compile(r"^(?:Pagina|PAGINA)\s+\d+$")
WORD = r"[^\W\d_]+"


class ExtractionError(ValueError):
    """The source does not have the structure this script expects."""


@dataclass
class Line:
    """One source line: its text without surrounding blanks, and what the conversion left."""

    number: int  # 1-based, for error messages
    raw: str

    @property
    def text(self) -> str:
        return " ".join(self.raw.split())

    @property
    def page_start(self) -> bool:
        # The converter starts the first line of a page with one space.
        return self.raw.startswith(" ") and not self.raw.startswith("  ") and bool(self.text)

    @property
    def trailing_space(self) -> bool:
        return self.raw != self.raw.rstrip()


@dataclass
class Source:
    lines: list[Line]
    hyphenated: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, text: str) -> Source:
        lines = [Line(i, raw) for i, raw in enumerate(text.split("\n"), start=1)]
        # Compounds written with a hyphen inside a line ("politiek-bestuurlijke"): a line-end
        # hyphen that joins such a pair is a real hyphen, not a word break.
        hyphenated = {
            pair.lower()
            for line in lines
            for pair in re.findall(rf"(?<![\w-]){WORD}-{WORD}(?![\w-])", line.raw)
        }
        return cls(lines, hyphenated)

    def index(self, predicate, start: int = 0, what: str = "") -> int:
        for i in range(start, len(self.lines)):
            if predicate(self.lines[i]):
                return i
        raise ExtractionError(f"not found after line {start + 1}: {what}")


# --- repairing text -------------------------------------------------------------------------


def join_lines(source: Source, lines: list[Line], first: str | None = None) -> str:
    """One paragraph from the lines that the PDF conversion broke it into ("|" = line break).

    ``first`` replaces the text of the first line (e.g. without its bullet). The rules:

    * a line ending in letter + ``-`` is a word broken at a hyphen: the hyphen goes
      ("vaardig-|heden" -> "vaardigheden"), unless the next word is ``en``/``of`` (a suspended
      compound, "voor- |en nadelen") or the hyphenated pair is written so elsewhere in the
      source on one line ("politiek-|bestuurlijke" -> "politiek-bestuurlijke");
    * the converter ends every line that was wrapped at a space with that space; a line ending
      without one, followed by a lowercase letter, was broken inside a word whose soft hyphen got
      lost ("verbeter|mogelijkheden"), or after a ``/`` or ``(team)`` that belongs to the next
      word ("en/|of", "(team)|manager"): joined without a space;
    * otherwise lines are joined with one space, and runs of blanks become one space.

    No other change is made: the authors' wording, spelling and punctuation stay as printed.
    """
    parts = [line for line in lines if line.text]
    if not parts:
        return ""
    text = first if first is not None else parts[0].text
    previous = parts[0]
    for line in parts[1:]:
        nxt = line.text
        head = re.match(WORD, nxt)
        broken = re.search(rf"({WORD})-$", text)
        if broken and head:
            if head.group(0) in ("en", "of"):
                text = f"{text} {nxt}"
            elif f"{broken.group(1)}-{head.group(0)}".lower() in source.hyphenated:
                text = text + nxt
            else:
                text = text[:-1] + nxt
        elif not previous.trailing_space and nxt[0].islower():
            text = text + nxt
        else:
            text = f"{text} {nxt}"
        previous = line
    return " ".join(text.split())


# --- competencies ---------------------------------------------------------------------------


def find_headings(source: Source, start: int, end: int) -> list[int]:
    """Competency headings: a line on its own, a blank line, then the definition "Je ..."."""
    found = []
    for i in range(start, end):
        line = source.lines[i]
        if not line.text or BULLET.match(line.raw) or line.text in CLUSTERS:
            continue
        if i + 2 >= end or source.lines[i + 1].text:
            continue
        if source.lines[i - 1].text and not line.page_start:
            continue
        j = i + 1
        while j < end and not source.lines[j].text:
            j += 1
        if source.lines[j].text.startswith("Je ") and not re.search(r"[.,;:]$", line.text):
            found.append(i)
    return found


@dataclass
class Item:
    lines: list[Line]
    first: str


def parse_competency(
    source: Source, heading: int, end: int, names: list[str]
) -> tuple[str, list[dict]]:
    """The definition and the three levels of the competency whose heading is at ``heading``."""
    name = source.lines[heading].text
    i = heading + 1
    while not source.lines[i].text:
        i += 1
    definition_lines = []
    while (
        source.lines[i].text
        and not LEVEL_LABEL.match(source.lines[i].text)
        and not BEHAVIOURS_HEADING.match(source.lines[i].text)
        and not BULLET.match(source.lines[i].raw)
    ):
        definition_lines.append(source.lines[i])
        i += 1
    definition = join_lines(source, definition_lines)

    levels: list[dict[str, list[Item]]] = []
    state = None  # "behaviours" or "tips" of levels[-1]
    cue = False  # a level label or "Kenmerkend werkgedrag" since the last bullet
    current: Item | None = None
    for k in range(i, end):
        line = source.lines[k]
        text = line.text
        if not text:
            continue
        if line.page_start and not (
            BULLET.match(line.raw) or LEVEL_LABEL.match(text) or BEHAVIOURS_HEADING.match(text)
        ):
            break  # the next page is a cluster's title page or the profiles: the competency ends
        if PAGE_NUMBER.match(text) or sidebar_entry(text, names):
            current = None
            continue
        if LEVEL_LABEL.match(text) or BEHAVIOURS_HEADING.match(text):
            if state == "behaviours" and levels and levels[-1]["behaviours"]:
                raise ExtractionError(f"line {line.number}: level heading inside behaviours")
            cue, current = True, None
            continue
        if text == TIPS_HEADING:
            if state != "behaviours":
                raise ExtractionError(f"line {line.number}: tips without behaviours")
            state, current = "tips", None
            continue
        bullet = BULLET.match(line.raw)
        if bullet:
            content = " ".join(bullet.group(1).split())
            # A new level starts with its behaviours after the previous level's tips. Where the
            # conversion lost the level's headings, the behaviour itself shows it: behaviours
            # are statements "Je ...", tips are instructions.
            if state is None or (state == "tips" and (cue or content.startswith("Je "))):
                levels.append({"behaviours": [], "tips": []})
                state = "behaviours"
            cue = False
            current = Item([line], content)
            levels[-1][state].append(current)
            continue
        if current is None:
            raise ExtractionError(f"line {line.number}: text outside a bullet: {text!r}")
        current.lines.append(line)

    if len(levels) != 3:
        raise ExtractionError(f"{name}: {len(levels)} levels instead of 3")
    result = []
    for number, level in enumerate(levels, start=1):
        behaviours = [join_lines(source, it.lines, it.first) for it in level["behaviours"]]
        tips = [join_lines(source, it.lines, it.first) for it in level["tips"]]
        if not behaviours or not tips:
            raise ExtractionError(f"{name} level {number}: no behaviours or no tips")
        result.append({"level": number, "behaviours": behaviours, "tips": tips})
    return definition, result


def sidebar_entry(text: str, names: list[str]) -> bool:
    """A page's navigation list ("5 Resultaatgerichtheid", "6 Verantwoordelijkheid nemen")."""
    match = re.match(r"^\d{1,2} (.+)$", text)
    return bool(match) and any(match.group(1).startswith(name) for name in names)


def parse_competencies(source: Source, start: int, end: int) -> list[dict]:
    headings = find_headings(source, start, end)
    names = [source.lines[h].text for h in headings]
    cluster_lines = [
        (i, CLUSTERS[source.lines[i].text])
        for i in range(start, end)
        if source.lines[i].text in CLUSTERS
    ]
    if [c for _, c in cluster_lines] != ["core", "connect", "choose", "learn"]:
        raise ExtractionError(f"cluster titles not as expected: {cluster_lines}")
    competencies = []
    for n, heading in enumerate(headings):
        stop = headings[n + 1] if n + 1 < len(headings) else end
        cluster = [c for i, c in cluster_lines if i < heading][-1]
        name = source.lines[heading].text
        definition, levels = parse_competency(source, heading, stop, names)
        competencies.append(
            {
                "code": slug(name),
                "name": name,
                "cluster": cluster,
                "definition": definition,
                "developability": None,  # a picture in the guide, absent from the text
                "levels": levels,
            }
        )
    return competencies


# --- the other parts ------------------------------------------------------------------------


def parse_level_bands(source: Source, start: int, end: int) -> list[dict]:
    """'Samenhang met functieprofiel: 3 niveaus': OIK 3 t/m OIK 7, 8 t/m 10, 11 t/m 18."""
    text = " ".join(line.text for line in source.lines[start:end])
    bands = re.findall(r"OIK (\d+) t/m OIK (\d+)", text)
    if len(bands) != 3:
        raise ExtractionError(f"level bands: {bands}")
    return [
        {"level": n, "minScale": int(lo), "maxScale": int(hi)}
        for n, (lo, hi) in enumerate(bands, start=1)
    ]


def parse_preparation_tips(source: Source, start: int, end: int) -> list[str]:
    """'Tips om het gesprek voor te bereiden': numbered tips, the number and tabs dropped."""
    tips: list[Item] = []
    for line in source.lines[start:end]:
        numbered = re.match(r"^\s*(\d)\s*\t\s*(.*)$", line.raw)
        if numbered:
            if int(numbered.group(1)) != len(tips) + 1:
                raise ExtractionError(f"line {line.number}: tip number out of order")
            tips.append(Item([line], " ".join(numbered.group(2).split())))
        elif tips and line.text:
            tips[-1].lines.append(line)
    return [join_lines(source, tip.lines, tip.first) for tip in tips]


def parse_rating_scale(source: Source) -> list[dict]:
    """Artikel 5 lid 5 of the regulation: the five qualifications and what they mean."""
    start = source.index(lambda ln: "volgende kwalificaties:" in ln.text, what="rating scale")
    scale = []
    for line in source.lines[start + 1 : start + 6]:
        match = re.match(r"^- (.+?) : (.+)$", line.text)
        if not match:
            raise ExtractionError(f"line {line.number}: not a qualification")
        scale.append(
            {"score": len(scale) + 1, "label": match.group(1).lower(), "meaning": match.group(2)}
        )
    return scale


def parse_profiles(source: Source, start: int, competencies: list[dict]) -> list[dict]:
    """'Competentieprofielen': one table per function group, in printed order."""
    by_name = {c["name"].lower(): c for c in competencies}
    core = [c["name"] for c in competencies if c["cluster"] == "core"]
    profiles: list[dict] = []
    pending = ""
    lines = source.lines[start + 1 :]
    for k, line in enumerate(lines):
        text = line.text
        following = next((ln.text for ln in lines[k + 1 :] if ln.text), "")
        if text and following.startswith("Competentie ") and following.endswith("Blz."):
            profiles.append({"name": text, "rows": []})
            continue
        if not text or text.startswith("Competentie ") or not profiles:
            continue
        if text == "Eigen keuze":
            profiles[-1]["rows"].append(text)
            continue
        pending = f"{pending} {text}".strip()
        if re.search(r" \d+$", pending):  # a row ends with the guide's page number
            profiles[-1]["rows"].append(pending)
            pending = ""
    if pending:
        raise ExtractionError(f"profiles: unfinished row {pending!r}")

    result = []
    for profile in profiles:
        names, free = [], 0
        for row in profile["rows"]:
            if row == "Eigen keuze":
                free += 1
                continue
            match = re.match(r"^(.+?)(?: (Verbinden|Kiezen|Leren))? (\d+)$", row)
            if not match:
                raise ExtractionError(f"profile {profile['name']}: row {row!r}")
            competency = by_name.get(match.group(1).lower())
            if competency is None:
                raise ExtractionError(f"profile {profile['name']}: unknown {match.group(1)!r}")
            expected = PROFILE_CLUSTERS.get(match.group(2) or "", "core")
            if competency["cluster"] != expected:
                raise ExtractionError(f"{competency['name']}: cluster {expected} in a profile")
            names.append(competency["name"])
        if names[:3] != core:
            raise ExtractionError(f"profile {profile['name']}: does not start with the core")
        specific = [slug(name) for name in names[3:]]
        result.append(
            {
                "code": slug(profile["name"]),
                "name": profile["name"],
                # A steering profile has its six competencies fixed: no free choices (T3.2).
                "steering": free == 0,
                "specificCompetencies": specific,
                "freeChoices": free,
            }
        )
    return result


def parse_function_profile(source: Source, start: int, end: int) -> dict:
    """The sample function profile printed in the guide's introduction (P22)."""
    lines = source.lines[start:end]
    header = re.match(r"^(P\d+) (.+?) OIK (\d+)$", lines[0].text)
    if not header:
        raise ExtractionError(f"line {lines[0].number}: not a function profile header")
    whole = "\n".join(line.text for line in lines)
    function_type = re.search(r"Type functie (\S+)", whole)
    version = re.search(r"Versiedatum (\d{1,2}) (\w+) (\d{4})", whole)
    if not function_type or not version:
        raise ExtractionError("P22: no function type or version date")
    day, month, year = version.groups()

    def section(title: str, until: str) -> list[Line]:
        first = next(k for k, ln in enumerate(lines) if ln.text.startswith(title))
        last = next(k for k, ln in enumerate(lines) if k > first and ln.text.startswith(until))
        return lines[first + 1 : last]

    def dashed(part: list[Line]) -> list[str]:
        items: list[Item] = []
        for line in part:
            dash = re.match(r"^\s*-\s+(.*)$", line.raw)
            if dash:
                items.append(Item([line], " ".join(dash.group(1).split())))
            elif items and line.text:
                items[-1].lines.append(line)
        return [join_lines(source, item.lines, item.first) for item in items]

    responsibilities = section("VERANTWOORDELIJKHEDEN EN BEVOEGDHEDEN", "HOOFDTAKEN")
    lead = next(
        k for k, ln in enumerate(responsibilities) if ln.text == "Is verantwoordelijk voor:"
    )
    main_tasks_start = next(k for k, ln in enumerate(lines) if ln.text == "HOOFDTAKEN")
    return {
        "code": header.group(1),
        "name": header.group(2),
        # The function group is the title without its grade letter ("Beleidsmedewerker D" is
        # a Beleidsmedewerker), whose competency profile is printed at the end of the guide.
        "competencyProfile": slug(re.sub(r" [A-F]$", "", header.group(2))),
        "scale": int(header.group(3)),
        "functionType": function_type.group(1),
        "versionDate": f"{year}-{DUTCH_MONTHS[month]:02d}-{int(day):02d}",
        "positioning": join_lines(
            source, section("ORGANOGRAM/ORGANISATORISCHE INBEDDING", "DOEL VAN DE FUNCTIE")
        ),
        "purpose": join_lines(
            source, section("DOEL VAN DE FUNCTIE", "VERANTWOORDELIJKHEDEN EN BEVOEGDHEDEN")
        ),
        "responsibilities": dashed(responsibilities[lead + 1 :]),
        "mainTasks": dashed(lines[main_tasks_start + 1 :]),
    }


# --- the document ---------------------------------------------------------------------------


def build(text: str, source_name: str) -> dict:
    source = Source.read(text)
    guide = source.index(lambda ln: ln.text == "Competentiegids", what="Competentiegids")
    prep = source.index(
        lambda ln: ln.text == "Tips om het gesprek voor te bereiden", guide, "preparation tips"
    )
    body = source.index(lambda ln: ln.text == "Kerncompetenties", prep, "Kerncompetenties")
    profiles = source.index(
        lambda ln: ln.text == "Competentieprofielen" and ln.page_start, body, "profiles"
    )
    sample = source.index(lambda ln: re.match(r"^P\d+ .+ OIK \d+$", ln.text), guide, "P22")
    # The sample ends where the guide's example page ("how to read a competency") begins.
    sample_end = find_headings(source, sample, prep)[0]

    competencies = parse_competencies(source, body, profiles)
    document = {
        "version": VERSION,
        "title": TITLE,
        "effectiveDate": EFFECTIVE_DATE,
        "source": source_name,
        "levelBands": parse_level_bands(source, guide, sample),
        "competencies": competencies,
        "profiles": parse_profiles(source, profiles, competencies),
        "preparationTips": parse_preparation_tips(source, prep + 1, body),
        "ratingScale": parse_rating_scale(source),
        "sampleFunctionProfiles": [parse_function_profile(source, sample, sample_end)],
        "adoption": parse_adoption(text),
    }
    validated = GuideDocument.model_validate(document)
    return validated.model_dump(mode="json", by_alias=True)


def parse_adoption(text: str) -> dict:
    """R3.5: the works council's consent, from the decision's preamble, and the college note,
    whose date and number the seed leaves blank: it is dated by its department, "Shared
    Service Center 24-2-14", which stands for the College decision (docs/rules.md)."""
    consent = re.search(r"instemming van de Ondernemingsraad van (\d+) (\w+) (\d{4})", text)
    note = re.search(r"Shared Service Center (\d+)-(\d+)-(\d{2})\b", text)
    if consent is None or note is None:
        raise ValueError("the seed no longer names the works council's consent or the note")
    day, month, year = consent.groups()
    note_day, note_month, note_year = (int(part) for part in note.groups())
    return {
        "collegeDecisionDate": f"20{note_year:02d}-{note_month:02d}-{note_day:02d}",
        "collegeDecisionReference": "Collegenota Regeling gesprekscyclus het goede gesprek "
        f"(Shared Service Center, {note.group(0).rsplit(' ', 1)[1]})",
        "worksCouncilConsentDate": f"{year}-{DUTCH_MONTHS[month]:02d}-{int(day):02d}",
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the text source (seed/000_....txt)")
    parser.add_argument("output", type=Path, help="the JSON document to write")
    args = parser.parse_args(argv)
    text = args.source.read_text(encoding="utf-8")
    document = build(text, f"seed/{args.source.name}")
    args.output.write_text(render(document), encoding="utf-8")
    print(
        f"{args.output}: {len(document['competencies'])} competencies, "
        f"{len(document['profiles'])} profiles"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
