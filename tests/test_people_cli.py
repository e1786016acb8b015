"""`goedgesprek import …` (CSV, for HR staff) and `goedgesprek demo`."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg
import pytest
from sqlalchemy import func, select

from app.cli import main
from app.demo import PEOPLE, load_demo
from app.models import CoordinatorDelegation, CycleDecision, Employee
from tests.conftest import _plain_dsn

UNITS_CSV = "key,name,parentKey\ngemeente,Gemeente,\nteam-a,Team A,gemeente\n"
PROFILES_CSV = (
    "code,title,functionGroup,scale,mainTasks\n"
    "P22,Beleidsmedewerker D,beleidsmedewerker,10,adviseren|opstellen van beleidsstukken\n"
)
EMPLOYEES_CSV = (
    "personnelNumber,name,email,orgUnitKey,functionProfileCode,salaryScale,inFunctionScale,"
    "entryDate,probation,probationDecisionDate,managerPersonnelNumber\n"
    "1,Anna,anna@example.org,team-a,P22,10,true,2020-01-01,false,,\n"
    "2,Bram,,team-a,P22,9,false,2026-02-01,true,2027-02-01,1\n"
)


def _run(*argv: str):
    return asyncio.get_running_loop().run_in_executor(None, main, list(argv))


async def _numbers(url: str) -> list[str]:
    conn = await asyncpg.connect(_plain_dsn(url))
    try:
        rows = await conn.fetch("SELECT personnel_number FROM employee ORDER BY 1")
    finally:
        await conn.close()
    return [row["personnel_number"] for row in rows]


async def test_csv_import_all_three_kinds_then_a_bad_file_stores_nothing(
    scratch_database_url, tmp_path, capsys
):
    files = {}
    for kind, content in (
        ("org-units", UNITS_CSV),
        ("function-profiles", PROFILES_CSV),
        ("employees", EMPLOYEES_CSV),
    ):
        files[kind] = tmp_path / f"{kind}.csv"
        files[kind].write_text(content)
        assert await _run("import", kind, str(files[kind])) == 0, capsys.readouterr().err
    out = capsys.readouterr()
    assert "2 employees: 2 created, 0 updated, 0 unchanged, 1 manager changes" in out.out
    assert "validating 2 employees" in out.err  # the progress line
    assert await _numbers(scratch_database_url) == ["1", "2"]

    assert await _run("import", "employees", str(files["employees"])) == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(
        EMPLOYEES_CSV.splitlines()[0]
        + "\n3,Cas,,team-a,P22,10,true,2020-01-01,false,,\n"
        + "4,Dirk,,team-x,P22,30,true,2020-01-01,true,,4\n"
    )
    assert await _run("import", "employees", str(bad)) == 1
    err = capsys.readouterr().err
    assert "line 3: salaryScale" in err
    assert await _numbers(scratch_database_url) == ["1", "2"]  # Cas was not stored either


async def test_csv_import_reports_semantic_problems_by_line(scratch_database_url, tmp_path, capsys):
    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV)
    assert await _run("import", "org-units", str(units)) == 0
    profiles = tmp_path / "profiles.csv"
    profiles.write_text(PROFILES_CSV)
    assert await _run("import", "function-profiles", str(profiles)) == 0
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        EMPLOYEES_CSV.splitlines()[0] + "\n5,Eva,,team-x,P22,10,true,2020-01-01,false,,\n"
    )
    assert await _run("import", "employees", str(bad)) == 1
    assert "line 2: orgUnitKey" in capsys.readouterr().err


async def test_demo_loads_an_organisation_once(session):
    created = await load_demo(session, today=date(2026, 11, 29))
    assert created == {
        "org units": 6,
        "function profiles": 9,
        "employees": len(PEOPLE),
        "delegations": 1,
        "cycle activities": 22,
    }
    again = await load_demo(session, today=date(2026, 11, 29))
    assert set(again.values()) == {0}
    assert await session.scalar(select(func.count()).select_from(Employee)) >= 30
    assert await session.scalar(select(func.count()).select_from(CoordinatorDelegation)) == 1


async def test_csv_keys_are_checked_like_the_api_does(scratch_database_url, tmp_path, capsys):
    units = tmp_path / "units.csv"
    units.write_text("key,name\nteam a/b,Team A\ngemeente,Gemeente\ngemeente,Nog eens\n")
    assert await _run("import", "org-units", str(units)) == 1
    err = capsys.readouterr().err
    assert "line 2: key" in err and "pattern_mismatch" in err
    assert "line 4: key" in err and "duplicate_in_file" in err
    not_utf8 = tmp_path / "latin1.csv"
    not_utf8.write_bytes("key,name\ngemeente,Gemeente Maastricht \xe9\n".encode("latin-1"))
    assert await _run("import", "org-units", str(not_utf8)) == 1
    assert "Traceback" not in capsys.readouterr().err


async def test_the_clock_command_sets_advances_and_resets(
    scratch_database_url, capsys, monkeypatch
):
    from app.clock.today import real_today

    assert await _run("clock", "set", "2027-05-31") == 0
    assert "today 2027-05-31" in capsys.readouterr().out
    assert await _run("clock", "advance", "14") == 0
    assert "today 2027-06-14" in capsys.readouterr().out
    assert await _run("clock", "show") == 0
    assert "today 2027-06-14" in capsys.readouterr().out
    assert await _run("clock", "reset") == 0
    assert f"today {real_today().isoformat()}" in capsys.readouterr().out
    monkeypatch.setenv("GOEDGESPREK_TEST_CLOCK", "false")
    from app.config import get_settings

    get_settings.cache_clear()
    try:
        assert await _run("clock", "set", "2027-05-31") == 1
        assert "test clock is off" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("day", [date(2027, 3, 15), date(2027, 9, 1), date(2028, 2, 1)])
async def test_the_demo_loads_on_any_later_day(session, day):
    """The demo's R2.2 decision takes the earliest year the rule allows on that day: in 2027 the
    running 2026–2027 cycle is not cut back, so the decision is for 2028."""
    created = await load_demo(session, today=day)
    assert created["employees"] == len(PEOPLE)
    decided = await session.scalar(
        select(CycleDecision.from_year)
        .join(Employee, Employee.id == CycleDecision.employee_id)
        .where(Employee.personnel_number == "E0008")
    )
    assert decided == (2028 if day.year == 2027 else day.year)
