"""benchmarks/scale.py (issue 20): the synthetic organisation's shape, without a server or a
database (nothing is timed here)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from app.people.schemas import EmployeeImportRow, FunctionProfileIn, OrgUnitIn
from benchmarks import scale

GUIDE = Path(__file__).resolve().parent.parent / "app" / "reference" / "data" / "guide-2014.json"


def test_the_organisation_has_the_documented_shape():
    org = scale.organisation(10_000)
    rows = org.employees
    assert len(rows) == 10_000
    assert len({r["personnelNumber"] for r in rows}) == 10_000
    # A root, 20 sectors, and a unit for every team of 15–25 people.
    assert org.units[0] == ("gemeente", "Gemeente Maastricht", None)
    assert sum(parent == "gemeente" for _, _, parent in org.units) == scale.SECTORS
    assert len(org.units) == 1 + scale.SECTORS + len(org.teams)
    per_team = Counter(r["orgUnitKey"] for r in rows)
    sizes = [per_team[key] for key, _lead in org.teams]
    assert all(15 <= n <= 25 for n in sizes[:-1]) and 1 <= sizes[-1] <= 25
    assert 400 <= len(org.teams) <= 670
    # The director, an HR adviser, a head per sector, a lead per team; the lead reports to
    # the sector head, the rest of the team to the lead.
    managers = {r["managerPersonnelNumber"] for r in rows} - {None}
    assert len(managers) == 1 + scale.SECTORS + len(org.teams)
    assert [r["managerPersonnelNumber"] for r in rows].count(None) == 1
    by_number = {r["personnelNumber"]: r for r in rows}
    for key, lead in org.teams[:50]:
        head = by_number[rows[lead]["managerPersonnelNumber"]]
        assert head["functionProfileCode"] == scale.SECTOR_HEAD
        assert key.startswith(head["orgUnitKey"] + "-")
        team = [r for r in rows if r["orgUnitKey"] == key]
        assert all(r["managerPersonnelNumber"] == rows[lead]["personnelNumber"] for r in team[1:])
    # Every manager comes before the people they lead (the imports go in batches, in order).
    seen: set[str] = set()
    for row in rows:
        assert row["managerPersonnelNumber"] in seen | {None}
        seen.add(row["personnelNumber"])
    # Every 50th leaves (never a manager); some joined this year; a few on probation.
    leavers = [r for r in rows if r["leavingDate"]]
    assert 150 <= len(leavers) <= 200
    assert not {r["personnelNumber"] for r in leavers} & managers
    this_year = sum(r["entryDate"] >= f"{scale.IMPORT_DAY.year}-01-01" for r in rows)
    assert 300 <= this_year <= 700
    assert 0 < sum(r["probation"] for r in rows) <= 500


def test_the_rows_are_what_the_api_accepts():
    org = scale.organisation(500)
    for row in org.employees:
        EmployeeImportRow.model_validate(row)
    for _key, name, parent in org.units:
        OrgUnitIn.model_validate({"name": name, "parentKey": parent})
    groups = {p["code"] for p in json.loads(GUIDE.read_text())["profiles"]}
    assert len(org.profiles) == 30
    for _code, body in org.profiles:
        FunctionProfileIn.model_validate(body)
        assert body["functionGroup"] in groups
    for row in scale.changed(org):
        EmployeeImportRow.model_validate(row)


def test_the_organisation_and_the_changes_are_deterministic():
    assert scale.organisation(3_000) == scale.organisation(3_000)
    assert scale.changed(scale.organisation(3_000)) == scale.changed(scale.organisation(3_000))
    org = scale.organisation(20_000)
    changes = scale.changed(org)
    assert len(changes) == scale.CHANGED
    before = {r["personnelNumber"]: r for r in org.employees}
    assert all(r != before[r["personnelNumber"]] for r in changes)
    moved = [r for r in changes if r["orgUnitKey"] != before[r["personnelNumber"]]["orgUnitKey"]]
    assert len(moved) == scale.CHANGED // 10
