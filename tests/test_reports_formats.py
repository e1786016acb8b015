"""The reports as CSV and XLSX (issue 8), by content negotiation, on a small organisation: the
one of tests/org.py with one appraisal finalised.

Medewerker Mo (100001, team-a) had the planning talk on 2026-11-20 (late), the appraisal draft
(all 4s) shared on 2026-11-29, the talk on 2026-12-06, signed in agreement and finalised the same
day. Today is 2026-12-06; the period 2026-2027. Nobody else had a talk: six planning talks are
overdue (due 2026-05-31, 189 days).

| unit | planning on time/late/overdue/not yet due | progress | appraisal | rollout: people/held/% |
|---|---|---|---|---|
| gemeente (900001, 100003) | 0/0/2/0 | 0/0/0/2 | 0/0/0/2 | 2/0/0.0 |
| team-a (100001, 100002, 100004) | 0/1/2/0 | 0/0/0/3 | 1/0/0/2 | 3/1/33.3 |
| team-b (200001, 200002) | 0/0/2/0 | 0/0/0/2 | 0/0/0/2 | 2/0/0.0 |
| Totaal | 0/1/6/0 | 0/0/0/7 | 1/0/0/6 | 7/1/14.3 |
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from tests.appraisals import agreed_and_held, share
from tests.cycles import talk_of
from tests.reports import XLSX, move_clock

CSV = "text/csv"
BOM = b"\xef\xbb\xbf"
PERIOD = "2026-01-01-2027-12-31"
OVERDUE = ["100002", "100003", "100004", "200001", "200002", "900001"]


@pytest.fixture
async def finalised(client, org, manager, employee, hr) -> dict:
    cycle = await agreed_and_held(client, manager, employee)
    talk = talk_of(cycle, "appraisal")["id"]
    await share(client, talk, manager)
    await move_clock(client, hr, "2026-12-06")
    url = f"/v1/talks/{talk}"
    held = await client.post(f"{url}/completions", json={"heldOn": "2026-12-06"}, headers=manager)
    assert held.status_code == 201, held.text
    for headers, extra in ((manager, {}), (employee, {"kind": "agree"})):
        version = (await client.get(f"{url}/appraisal", headers=headers)).json()["contentVersion"]
        signed = await client.post(
            f"{url}/signatures", json={"contentVersion": version, **extra}, headers=headers
        )
        assert signed.status_code == 201, signed.text
    final = await client.post(f"{url}/finalisations", json={}, headers=manager)
    assert final.status_code == 201, final.text
    return cycle


async def get(client, path: str, headers: dict, accept: str | None = None, **params):
    extra = {"Accept": accept} if accept else {}
    response = await client.get(f"/v1/reports/{path}", params=params, headers={**headers, **extra})
    assert response.status_code == 200, (path, params, response.text)
    return response


def lines(response) -> list[str]:
    assert response.content.startswith(BOM), response.content[:10]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content[len(BOM) :].decode("utf-8")
    assert text.endswith("\r\n")
    return text.split("\r\n")[:-1]


def workbook(response) -> openpyxl.Workbook:
    assert response.headers["content-type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- CSV ---------------------------------------------------------------------------------------


def nl(*json_names: str) -> list[str]:
    """The Dutch headers of JSON names (issue 19: the exports speak Dutch, JSON does not)."""
    from app.reports.labels import HEADERS

    return [HEADERS[_field(name)] for name in json_names]


def _field(json_name: str) -> str:
    from pydantic.alias_generators import to_snake

    return to_snake(json_name)


async def test_csv_is_utf8_with_a_bom_dutch_headers_and_semicolons(client, finalised, hr):
    body = (await get(client, "coverage", hr)).json()
    response = await get(client, "coverage", hr, CSV)
    assert lines(response) == [
        ";".join(nl(*body["talks"][0])),  # Dutch headers, in the JSON's order (issue 19)
        "gemeente;Gemeente Maastricht;planningsgesprek;0;0;2;0;2;2",
        "gemeente;Gemeente Maastricht;voortgangsgesprek;0;0;0;2;2;2",
        "gemeente;Gemeente Maastricht;beoordelingsgesprek;0;0;0;2;2;2",
        "team-a;Team A;planningsgesprek;0;1;2;0;3;3",
        "team-a;Team A;voortgangsgesprek;0;0;0;3;3;3",
        "team-a;Team A;beoordelingsgesprek;1;0;0;2;3;3",
        "team-b;Team B;planningsgesprek;0;0;2;0;2;2",
        "team-b;Team B;voortgangsgesprek;0;0;0;2;2;2",
        "team-b;Team B;beoordelingsgesprek;0;0;0;2;2;2",
        "Totaal;;planningsgesprek;0;1;6;0;7;7",
        "Totaal;;voortgangsgesprek;0;0;0;7;7;7",
        "Totaal;;beoordelingsgesprek;1;0;0;6;7;7",
    ]
    assert lines(response)[0] == (
        "Eenheid;Naam eenheid;Soort gesprek;Op tijd;Te laat;Achterstallig;Nog niet aan de beurt;"
        "Totaal;Personen"
    )
    assert response.headers["content-disposition"] == (
        f'attachment; filename="dekking-alle-eenheden-{PERIOD}-talks.csv"'
    )
    assert response.headers["cache-control"] == "private, no-store"


async def test_csv_has_a_decimal_comma_with_semicolons_and_a_point_with_separator_comma(
    client, finalised, hr
):
    semicolon = lines(await get(client, "rollout", hr, CSV))
    assert semicolon == [
        "Eenheid;Naam eenheid;Medewerkers;Gehouden;Niet gehouden;Percentage gehouden",
        "gemeente;Gemeente Maastricht;2;0;2;0,0",
        "team-a;Team A;3;1;2;33,3",
        "team-b;Team B;2;0;2;0,0",
        "Totaal;;7;1;6;14,3",
    ]
    comma = lines(await get(client, "rollout", hr, CSV, separator="comma"))
    assert comma == [
        "Eenheid,Naam eenheid,Medewerkers,Gehouden,Niet gehouden,Percentage gehouden",
        "gemeente,Gemeente Maastricht,2,0,2,0.0",
        "team-a,Team A,3,1,2,33.3",
        "team-b,Team B,2,0,2,0.0",
        "Totaal,,7,1,6,14.3",
    ]
    bad = await client.get("/v1/reports/rollout?separator=tab", headers={**hr, "Accept": CSV})
    assert bad.status_code == 400, bad.text


async def test_csv_table_picks_a_table_of_the_report_and_an_unknown_one_is_400(
    client, finalised, hr
):
    appraisals = await get(client, "coverage", hr, CSV, table="appraisals")
    assert lines(appraisals) == [
        ";".join(
            nl(
                *[
                    "orgUnit",
                    "orgUnitName",
                    "people",
                    "suppressed",
                    "held",
                    "sharedInTime",
                    "sharedLate",
                    "finalised",
                    "inObjection",
                    "windowOpen",
                    "finalisationDue",
                    "hearingOverdue",
                    "responseOverdue",
                ]
            )
        ),
        "team-a;Team A;1;nee;1;1;0;1;0;0;0;0;0",
        "Totaal;;1;nee;1;1;0;1;0;0;0;0;0",
    ]
    assert appraisals.headers["content-disposition"] == (
        f'attachment; filename="dekking-alle-eenheden-{PERIOD}-appraisals.csv"'
    )
    # The outcomes: names first, then the figures; yes/no as ja/nee, decimals with a comma.
    json_row = (await get(client, "outcomes", hr)).json()["byUnit"][0]
    by_unit = lines(await get(client, "outcomes", hr, CSV))
    header = by_unit[0].split(";")
    assert set(header) == set(nl(*json_row))
    assert header[:2] == ["Eenheid", "Naam eenheid"]
    assert by_unit[1:] == [
        "team-a;Team A;1;nee;1;0;0;0;1;0;0;0,0;0;0;0;0;0,0;0,0;0",
        "Totaal;;1;nee;1;0;0;0;1;0;0;0,0;0;0;0;0;;0,0;0",
    ]
    groups = lines(await get(client, "outcomes", hr, CSV, table="outcomes-by-function-group"))
    assert groups == [
        ";".join(nl(*["functionGroup", "people", "suppressed", "finalised"]))
        + ";1 onvoldoende;2 enigszins onvoldoende;3 normaal;4 goed;5 uitstekend",
        "beleidsmedewerker;1;nee;1;0;0;0;1;0",
    ]
    career = lines(await get(client, "development", hr, CSV, table="career-agreements"))
    assert career == [
        "Soort afspraak;Personen;Weggelaten (minder dan 5);Afspraken;Lopend",
        "loopbaanstap;1;nee;1;1",
    ]
    for path in ("coverage", "outcomes", "development"):
        unknown = await client.get(
            f"/v1/reports/{path}", params={"table": "talkz"}, headers={**hr, "Accept": CSV}
        )
        assert unknown.status_code == 400, (path, unknown.text)
        assert unknown.json()["invalidParams"][0]["name"] == "table"


async def test_csv_and_xlsx_are_attachments_named_after_report_unit_and_days(client, finalised, hr):
    for path, params, accept, filename in (
        ("coverage", {"orgUnit": "team-a"}, XLSX, f"dekking-team-a-{PERIOD}.xlsx"),
        ("outcomes", {}, XLSX, f"uitkomsten-alle-eenheden-{PERIOD}.xlsx"),
        (
            "development",
            {"from": "2026-12-01", "to": "2026-12-31"},
            CSV,
            "ontwikkeling-alle-eenheden-2026-12-01-2026-12-31-development-competencies.csv",
        ),
        ("rollout", {"by": "2026-06-01"}, CSV, "uitrol-alle-eenheden-2026-06-01-rollout.csv"),
        ("rollout/missing", {}, XLSX, "uitrol-ontbrekend-alle-eenheden-2026-12-06.xlsx"),
        (
            "overdue",
            {"kind": "planning"},
            CSV,
            f"achterstallig-planning-alle-eenheden-{PERIOD}-overdue.csv",
        ),
    ):
        response = await get(client, path, hr, accept, **params)
        assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'


# --- XLSX --------------------------------------------------------------------------------------


async def test_xlsx_has_a_sheet_per_table_frozen_headers_typed_cells_and_totaal(
    client, finalised, hr
):
    coverage = workbook(await get(client, "coverage", hr, XLSX))
    assert coverage.sheetnames == ["Gesprekken", "Beoordelingen", "over dit rapport"]
    # What the workbook covers, without its file name: dates as dates.
    about = dict(rows(coverage["over dit rapport"]))
    assert (about["vanaf"], about["tot en met"]) == (datetime(2026, 1, 1), datetime(2027, 12, 31))
    assert about["peildatum"] == datetime(2026, 12, 6) and about["eenheid"] == "alle eenheden"
    talks = coverage["Gesprekken"]
    assert talks.freeze_panes == "A2"
    table = rows(talks)
    assert table[0] == nl(
        "orgUnit",
        "orgUnitName",
        "kind",
        "onTime",
        "late",
        "overdue",
        "notYetDue",
        "total",
        "people",
    )
    assert table[4] == ["team-a", "Team A", "planningsgesprek", 0, 1, 2, 0, 3, 3]
    assert table[-3:] == [
        ["Totaal", None, "planningsgesprek", 0, 1, 6, 0, 7, 7],
        ["Totaal", None, "voortgangsgesprek", 0, 0, 0, 7, 7, 7],
        ["Totaal", None, "beoordelingsgesprek", 1, 0, 0, 6, 7, 7],
    ]
    assert all(type(v) is int for row in table[1:] for v in row[3:])
    assert rows(coverage["Beoordelingen"])[1:] == [
        ["team-a", "Team A", 1, False, 1, 1, 0, 1, 0, 0, 0, 0, 0],
        ["Totaal", None, 1, False, 1, 1, 0, 1, 0, 0, 0, 0, 0],
    ]
    assert coverage["Beoordelingen"].freeze_panes == "A2"

    outcomes = workbook(await get(client, "outcomes", hr, XLSX))
    assert outcomes.sheetnames == [
        "Eindoordelen per eenheid",
        "Eindoordelen per functiegroep",
        "over dit rapport",
    ]
    by_unit = rows(outcomes["Eindoordelen per eenheid"])
    assert by_unit[2][:5] == ["Totaal", None, 1, False, 1]  # yes/no as a boolean cell
    assert [s.freeze_panes for s in outcomes.worksheets] == ["A2", "A2", None]  # not "over"

    development = workbook(await get(client, "development", hr, XLSX))
    assert development.sheetnames == [
        "Ontwikkeling competenties",
        "Ontwikkeling kennisniveau",
        "Loopbaanafspraken",
        "over dit rapport",
    ]
    assert rows(development["Ontwikkeling kennisniveau"]) == [
        nl("people", "suppressed", "agreements", "rated", "meanScore"),
        [0, False, 0, 0, None],
    ]
    assert rows(development["Loopbaanafspraken"])[1] == ["loopbaanstap", 1, False, 1, 1]

    rollout = workbook(await get(client, "rollout", hr, XLSX))
    assert rollout.sheetnames == ["Invoering", "over dit rapport"]
    assert rows(rollout["Invoering"])[-1] == ["Totaal", None, 7, 1, 6, 14.3]


async def test_xlsx_dates_are_dates(client, finalised, hr):
    overdue = workbook(await get(client, "overdue", hr, XLSX, kind="planning"))
    assert overdue.sheetnames == ["Achterstallig", "over dit rapport"]
    sheet = overdue["Achterstallig"]
    assert sheet.freeze_panes == "A2"
    header, *table = rows(sheet)
    due, days = header.index("Uiterlijk"), header.index("Dagen te laat")
    assert [row[due] for row in table] == [datetime(2026, 5, 31)] * 6
    assert all(isinstance(row[due], date) for row in table)
    assert sheet.cell(row=2, column=due + 1).is_date
    assert [row[days] for row in table] == [189] * 6
    assert all(type(row[days]) is int for row in table)
    missing = workbook(await get(client, "rollout/missing", hr, XLSX))
    header, *table = rows(missing["Zonder planningsgesprek"])
    assert [row[header.index("In dienst")] for row in table] == [datetime(2020, 1, 1)] * 6


async def test_xlsx_charts_the_talks_totals_and_the_rating_distributions(client, finalised, hr):
    coverage = workbook(await get(client, "coverage", hr, XLSX))
    (chart,) = coverage["Gesprekken"]._charts
    # One series per figure over the three totals rows (11–13), labelled by the kind (C).
    assert [s.val.numRef.f for s in chart.series] == [
        f"'Gesprekken'!${column}$11:${column}$13" for column in "DEFG"
    ]
    assert chart.series[0].cat.numRef.f == "'Gesprekken'!$C$11:$C$13"
    assert chart.grouping == "stacked"
    assert coverage["Beoordelingen"]._charts == []

    outcomes = workbook(await get(client, "outcomes", hr, XLSX))
    (by_unit,) = outcomes["Eindoordelen per eenheid"]._charts
    # One series: the totals row (3) over rating1–rating5 (F–J), labelled by the header row.
    assert [s.val.numRef.f for s in by_unit.series] == ["'Eindoordelen per eenheid'!$F$3:$J$3"]
    assert by_unit.series[0].cat.numRef.f == "'Eindoordelen per eenheid'!$F$1:$J$1"
    (by_group,) = outcomes["Eindoordelen per functiegroep"]._charts
    # One series per function group (row 2), over rating1–rating5 (E–I).
    assert [s.val.numRef.f for s in by_group.series] == [
        "'Eindoordelen per functiegroep'!$E$2:$I$2"
    ]

    rollout = workbook(await get(client, "rollout", hr, XLSX))
    assert len(rollout["Invoering"]._charts) == 1
    # Issue 19: counts on whole-number axes from 0; every header fits its column.
    for each in (chart, by_unit, by_group, *rollout["Invoering"]._charts):
        assert each.y_axis.scaling.min == 0 and each.y_axis.number_format.formatCode == "0"
        assert each.y_axis.majorUnit >= 1 and float(each.y_axis.majorUnit).is_integer()
    for sheet in (
        coverage["Gesprekken"],
        outcomes["Eindoordelen per eenheid"],
        rollout["Invoering"],
    ):
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= len(str(cell.value)) + 5, (sheet.title, cell.value, width)


# --- the exports hold everyone ----------------------------------------------------------------


async def test_the_overdue_exports_hold_everyone_not_just_the_first_page(client, finalised, hr):
    page = (await get(client, "overdue", hr, kind="planning", pageSize=2)).json()
    assert [i["personnelNumber"] for i in page["items"]] == OVERDUE[:2]
    assert page["meta"] == {"page": 1, "pageSize": 2, "totalItems": 6, "totalPages": 3}
    csv = lines(await get(client, "overdue", hr, CSV, kind="planning", pageSize=2, page=2))
    header = csv[0].split(";")
    assert header[:3] == ["Personeelsnummer", "Naam", "Eenheid"]
    assert set(header) == set(nl(*page["items"][0]))
    assert [line.split(";")[0] for line in csv[1:]] == OVERDUE
    xlsx = workbook(await get(client, "overdue", hr, XLSX, kind="planning", pageSize=2))
    assert [row[0] for row in rows(xlsx["Achterstallig"])[1:]] == OVERDUE
    missing = lines(await get(client, "rollout/missing", hr, CSV, pageSize=1))
    assert [line.split(";")[0] for line in missing[1:]] == [
        "100003",
        "900001",
        "100002",
        "100004",
        "200001",
        "200002",
    ]


FORMULA = '=HYPERLINK("https://example.org/x","Nina")'


async def add_formula_name(client, auth) -> None:
    """A name from the HR information system that starts with "=": in Excel, a formula in a
    report runs when the file is opened (CSV/formula injection, CWE-1236)."""
    hris = auth(client="hris", scopes=["people:write"])
    added = await client.put(
        "/v1/employees/200003",
        json={
            "name": FORMULA,
            "orgUnitKey": "team-b",
            "functionProfileCode": "P22",
            "salaryScale": 10,
            "inFunctionScale": True,
            "entryDate": "2020-01-01",
            "managerPersonnelNumber": "200002",
        },
        headers=hris,
    )
    assert added.status_code == 201, added.text


async def test_the_xlsx_never_turns_a_name_into_a_formula(client, finalised, hr, auth):
    await add_formula_name(client, auth)
    sheet = workbook(await get(client, "rollout/missing", hr, XLSX))["Zonder planningsgesprek"]
    (cell,) = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "200003"]
    # FINDING: openpyxl stores a str that starts with "=" as a formula (data_type "f"), so
    # app/reports/formats.py:100 (sheet.append) writes the name as a live HYPERLINK formula.
    # Fix: in _write_sheet, set data_type "s" on text cells after appending (or quote them).
    assert (cell.data_type, cell.value) == ("s", FORMULA)


async def test_the_csv_never_starts_a_text_cell_with_a_formula(client, finalised, hr, auth):
    await add_formula_name(client, auth)
    csv = lines(await get(client, "rollout/missing", hr, CSV))
    (line,) = [line for line in csv if line.startswith("200003;")]
    name = line.split(";")[1].strip('"')
    # FINDING: app/reports/formats.py:29 (_csv_value) writes text as it is: Excel runs
    # '=HYPERLINK(…)' when the CSV is opened. Fix (OWASP): prefix "'" to text that starts
    # with =, +, -, @, a tab or a CR.
    assert not name.startswith(("=", "+", "-", "@", "\t", "\r")), line
    assert FORMULA.replace('"', '""') in line


def test_every_exported_column_and_sheet_has_its_dutch_words():
    """Issue 19: one catalogue (app/reports/labels.py) names every column and sheet."""
    import inspect

    from app.reports import schemas
    from app.reports.labels import HEADERS, SHEETS
    from app.reports.tables import columns_of

    rows = [
        obj
        for obj in vars(schemas).values()
        if inspect.isclass(obj) and getattr(obj, "sheet", None)
    ]
    assert {row.sheet for row in rows} <= set(SHEETS)
    assert all(len(title) <= 31 for title in SHEETS.values())  # Excel's limit
    missing = {c.name for row in rows for c in columns_of(row)} - set(HEADERS)
    assert missing == set()
