"""CSV and XLSX of a report's tables.

CSV: UTF-8 (with a byte-order mark, so that Excel reads the names right), a header row, ``;``
between fields and a decimal comma, as Dutch Excel expects; or ``,`` and a decimal point.

XLSX: one sheet per table, typed cells (whole numbers, decimals, dates as dates, yes/no), a
bold and frozen header row with a filter, and native Excel charts: the coverage per talk kind
and the rating distributions."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.reports import xlsx_cells
from app.reports.tables import Table

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl is imported by the functions that write XLSX, not here: the router imports this
# module, and openpyxl would otherwise sit in every server process from the start whether or
# not anyone exports (about 7 MB of RSS; docs/design.md, "Scale", "Memory").

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFERED = ("application/json", CSV, XLSX)
"""What a report comes as: JSON by default, CSV or XLSX when the Accept header asks for them."""


# A text cell that starts like this is a formula to a spreadsheet (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any, decimal_comma: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as text, never run
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_csv(table: Table, delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([c.header for c in table.columns])
    decimal_comma = delimiter == ";"
    for row in table.rows:
        writer.writerow([_csv_value(v, decimal_comma) for v in table.values(row)])
    return out.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart on a sheet: one series per column (``series``) over the rows picked by
    ``rows`` (labelled by ``category``), or, with ``per_row``, one series per row over the
    columns."""

    sheet: str
    title: str
    category: str
    series: tuple[str, ...]
    rows: str = "totals"  # "totals": the totals row; "units": every other row; "all": every row
    per_row: bool = False
    stacked: bool = False
    y_title: str = "aantal"


RATINGS = tuple(f"rating_{n}" for n in range(1, 6))
CHARTS = (
    ChartSpec(
        "talks",
        "Gesprekken per soort: op tijd, te laat, achterstallig, nog niet aan de beurt",
        "kind",
        ("on_time", "late", "overdue", "not_yet_due"),
        stacked=True,
    ),
    ChartSpec(
        "outcomes-by-unit",
        "Eindoordelen, hele selectie (1 onvoldoende … 5 uitstekend)",
        "org_unit",
        RATINGS,
        per_row=True,  # one series, the totals row, over the five ratings
    ),
    ChartSpec(
        "outcomes-by-function-group",
        "Eindoordelen per functiegroep (1 onvoldoende … 5 uitstekend)",
        "function_group",
        RATINGS,
        rows="all",
        per_row=True,
    ),
    ChartSpec(
        "rollout",
        "Planningsgesprek gehouden, per eenheid",
        "org_unit",
        ("held", "not_held"),
        rows="units",
        stacked=True,
    ),
)

HEADER_FONT = {"bold": True, "color": "FFFFFF"}
NUMBER_FORMATS = {date: "dd-mm-yyyy", float: "0.0#"}
PLACEHOLDER = {str: "", int: 0, float: 0.0, date: date(2000, 1, 1), bool: False}
"""A placeholder cell per column type: row 2 as openpyxl writes it, with the column's style,
until ``xlsx_cells.with_rows`` puts the rows there."""
HEADER_FILL = {"patternType": "solid", "fgColor": "305496"}


def _write_sheet(book: Workbook, table: Table) -> tuple[Any, list[list[Any]]]:
    """The sheet as openpyxl keeps it: the header row, one row of placeholders (its cells
    carry each column's style), the widths, the frozen header and the filter; and the rows'
    cells, which ``xlsx_cells.with_rows`` writes into the saved file in place of the
    placeholders."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.title)
    sheet.append([c.header for c in table.columns])
    font, fill = Font(**HEADER_FONT), PatternFill(**HEADER_FILL)
    for cell in sheet[1]:
        cell.font, cell.fill = font, fill
    rows = [table.values(row) for row in table.rows]  # once: used per column below too
    if rows:
        sheet.append([PLACEHOLDER[c.kind] for c in table.columns])
    for index, column in enumerate(table.columns, 1):
        letter = get_column_letter(index)
        if rows and column.kind in NUMBER_FORMATS:
            sheet.cell(row=2, column=index).number_format = NUMBER_FORMATS[column.kind]
        # The header is bold and carries the filter's button: room for both (issue 19).
        header = len(column.header) + 5
        longest = max([header] + [len(str(values[index - 1] or "")) + 2 for values in rows])
        sheet.column_dimensions[letter].width = min(max(10, longest), 60)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(rows) + 1}"
    return sheet, rows


def _add_chart(sheet: Any, table: Table, spec: ChartSpec, rows: list[list[Any]]) -> None:
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.utils import get_column_letter

    def wanted(row: Any) -> bool:
        totals = getattr(row, "org_unit", None) is None
        return spec.rows == "all" or totals == (spec.rows == "totals")

    picked = [i for i, row in enumerate(table.rows, 2) if wanted(row)]
    if not picked:
        return
    chart = BarChart()
    chart.type, chart.title, chart.y_axis.title = "col", spec.title, spec.y_title
    chart.height, chart.width = 9, 18
    if spec.stacked:
        chart.grouping, chart.overlap = "stacked", 100
    first, last = min(picked), max(picked)
    category = table.column(spec.category)
    if spec.per_row:
        columns = [table.column(name) for name in spec.series]
        for row in picked:
            values = Reference(sheet, min_col=min(columns), max_col=max(columns), min_row=row)
            title = str(rows[row - 2][category - 1])
            chart.series.append(Series(values, title=title))
        chart.set_categories(
            Reference(sheet, min_col=min(columns), max_col=max(columns), min_row=1, max_row=1)
        )
    else:
        for name in spec.series:
            column = table.column(name)
            values = Reference(sheet, min_col=column, min_row=first, max_row=last)
            chart.series.append(Series(values, title=table.columns[column - 1].header))
        chart.set_categories(Reference(sheet, min_col=category, min_row=first, max_row=last))
    series = [rows[r - 2] for r in picked]
    _whole_numbers(chart, series, [table.column(name) for name in spec.series])
    anchor = f"{get_column_letter(len(table.columns) + 2)}2"
    sheet.add_chart(chart, anchor)


def _whole_numbers(chart: Any, rows: list[list[Any]], columns: list[int]) -> None:
    """Counts have whole-number ticks (issue 19): from 0, a whole step, no decimals."""
    values = [row[c - 1] for row in rows for c in columns]
    numbers = [v for v in values if isinstance(v, int | float)]
    top = max(numbers, default=0)
    if chart.grouping == "stacked":
        top = max((sum(row[c - 1] or 0 for c in columns) for row in rows), default=0)
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = max(1, math.ceil(top / 8))
    chart.y_axis.number_format = "0"
    chart.y_axis.delete = False
    chart.x_axis.delete = False


ABOUT_SHEET = "over dit rapport"
ABOUT_LABELS = {  # the report's header fields (JSON names) in Dutch
    "start": "vanaf",
    "end": "tot en met",
    "asOf": "peildatum",
    "orgUnit": "eenheid",
    "kind": "soort gesprek",
}
SUPPRESSED_NOTE = (
    "Weggelaten (minder dan 5) = ja: minder dan 5 personen; de cijfers zijn weggelaten (behalve "
    "voor HR en de eigen leidinggevende)."
)


def _about(book: Workbook, title: str, about: list[tuple[str, Any]]) -> None:
    """What the workbook covers, typed (dates as dates): the period, the day "overdue" refers
    to, the org unit; read without the file name."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(ABOUT_SHEET)
    sheet.append(["rapport", title])
    for name, value in about:
        sheet.append(
            [ABOUT_LABELS.get(name, name), value if value is not None else "alle eenheden"]
        )
    sheet.append(["toelichting", SUPPRESSED_NOTE])
    for label, cell in sheet.iter_rows(min_row=1, max_col=2):
        label.font = Font(bold=True)
        if isinstance(cell.value, date):
            cell.number_format = "dd-mm-yyyy"
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60


def to_xlsx(tables: list[Table], *, title: str, about: list[tuple[str, Any]] = ()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = "goedgesprek"
    cells: dict[str, list[list[Any]]] = {}
    for number, table in enumerate(tables, 1):
        sheet, rows = _write_sheet(book, table)
        cells[f"xl/worksheets/sheet{number}.xml"] = rows  # openpyxl's names, in sheet order
        for spec in CHARTS:
            if spec.sheet == table.sheet:
                _add_chart(sheet, table, spec, rows)
    _about(book, title, list(about))
    out = io.BytesIO()
    book.save(out)
    return xlsx_cells.with_rows(out.getvalue(), cells)
