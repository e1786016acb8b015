"""The XLSX rows written as text (``app.reports.xlsx_cells``, issue 20): read back by openpyxl,
every value has its type, its style and its place, whatever its text holds."""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import ClassVar

import openpyxl
from openpyxl.utils import get_column_letter

from app.reports import formats
from app.reports.schemas import Row
from app.reports.tables import rows_table


class Sample(Row):
    sheet: ClassVar[str] = "overdue"
    name: str
    note: str | None = None
    count: int | None = None
    share: float | None = None
    due: date | None = None
    done: bool | None = None


def _read(rows: list[Sample]) -> openpyxl.worksheet.worksheet.Worksheet:
    xlsx = formats.to_xlsx([rows_table(Sample, rows)], title="t")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return book.worksheets[0]


def test_every_type_reads_back_with_its_type_and_the_columns_style():
    sheet = _read(
        [
            Sample(name="Jansen", note="x", count=3, share=0.25, due=date(2027, 3, 1), done=True),
            Sample(name="de Vries", count=0, share=1.5, due=date(1999, 12, 31), done=False),
        ]
    )
    header = [c.value for c in sheet[1]]
    assert sheet.max_row == 3 and sheet.dimensions == f"A1:{get_column_letter(len(header))}3"
    values = [c.value for c in sheet[2]]
    assert "Jansen" in values and "x" in values and 3 in values and 0.25 in values
    dates = [c for c in sheet[2] if c.is_date]
    assert [d.value.date() for d in dates] == [date(2027, 3, 1)]
    assert dates[0].number_format == "dd-mm-yyyy"
    assert [c.number_format for c in sheet[2] if c.value == 0.25] == ["0.0#"]
    assert True in values and False in [c.value for c in sheet[3]]
    assert sheet[3][1].value is None  # no note: an empty cell, not the text "None"
    # Texts first; "name" has a Dutch header.
    assert header == ["Naam", "note", "count", "share", "due", "done"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions


def test_text_is_escaped_kept_as_text_and_keeps_its_spaces():
    names = ["A & B <c> \"d\" 'e'", "=SUM(A1:A9)", "+31 6", "  spaced  ", "Ünïcødé ✓"]
    sheet = _read([Sample(name=n) for n in names])
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(names))]
    assert [c.value for c in cells] == names
    assert {c.data_type for c in cells} == {"s"}  # never a formula


def test_a_control_character_that_xml_cannot_hold_is_left_out_not_a_broken_export():
    sheet = _read([Sample(name="Jan\x01sen\x1f", note="tab\tand\nnewline")])
    assert sheet.cell(row=2, column=1).value == "Jansen"
    assert sheet.cell(row=2, column=2).value == "tab\tand\nnewline"


def test_thousands_of_rows_all_arrive_in_order():
    rows = [Sample(name=f"p{n:05d}", count=n, note=str(uuid.UUID(int=n))) for n in range(5000)]
    sheet = _read(rows)
    assert sheet.max_row == 5001
    assert [c.value for c in sheet["A"][1:]] == [f"p{n:05d}" for n in range(5000)]
    assert sheet.cell(row=5001, column=3).value == 4999


def test_an_empty_table_has_its_header_only():
    sheet = _read([])
    assert sheet.max_row == 1 and sheet.cell(row=1, column=1).value
