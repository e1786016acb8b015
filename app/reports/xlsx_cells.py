"""The rows of an XLSX sheet, written as SpreadsheetML text into the file openpyxl saved.

openpyxl builds the workbook: the styles, the header row, the widths, the frozen pane, the
filter, the charts and the "over dit rapport" sheet. Its cell writer, though, spends about
25 µs a cell (an element tree per cell): 11 s for the 200,000-employee coverage report, whose
JSON takes 3 s (issue 20, profiled with py-spy). So each data sheet is saved with one row of
placeholders whose cells carry the columns' styles, and ``with_rows`` replaces that row with
every row, written here in the form openpyxl writes them (inline strings, numbers, dates as
serial days with the column's date style, booleans), about 20 times faster.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date
from typing import Any

EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (the 1900 date system)
# Characters XML 1.0 does not allow (openpyxl refuses them with IllegalCharacterError): left
# out of the text, so that a stray control character in a name never breaks an export.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PLACEHOLDER_STYLE = re.compile(r'<c r="([A-Z]+)2" s="(\d+)"')


def with_rows(xlsx: bytes, sheets: dict[str, list[list[Any]]]) -> bytes:
    """``xlsx`` with each named sheet's placeholder row (row 2) replaced by ``rows``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            rows = sheets.get(info.filename)
            if rows:
                data = sheet_with_rows(data.decode("utf-8"), rows).encode("utf-8")
            target.writestr(info, data, compresslevel=1 if rows else None)
    return out.getvalue()


def sheet_with_rows(xml: str, rows: list[list[Any]]) -> str:
    start = xml.index('<row r="2"')
    end = xml.index("</sheetData>", start)
    styles = dict(PLACEHOLDER_STYLE.findall(xml, start, xml.index("</row>", start)))
    from openpyxl.utils import get_column_letter  # late, as in formats.py

    letters = [get_column_letter(n) for n in range(1, len(rows[0]) + 1)]
    prefixes = [(f'<c r="{x}', f' s="{styles[x]}"' if x in styles else "") for x in letters]
    body = "".join(_row(number, values, prefixes) for number, values in enumerate(rows, 2))
    dimension = f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>'
    head = re.sub(r'<dimension ref="[^"]*"/>', dimension, xml[:start], count=1)
    return head + body + xml[end:]


def _row(number: int, values: list[Any], prefixes: list[tuple[str, str]]) -> str:
    cells = [
        _cell(f'{ref}{number}"', style, value)
        for (ref, style), value in zip(prefixes, values, strict=True)
        if value is not None
    ]
    return f'<row r="{number}">{"".join(cells)}</row>'


def _cell(ref: str, style: str, value: Any) -> str:
    if isinstance(value, str):
        return f'{ref} t="inlineStr"><is>{_text(value)}</is></c>'
    if isinstance(value, bool):
        return f'{ref} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'{ref}{style} t="n"><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f'{ref}{style} t="n"><v>{value!r}</v></c>'
    if isinstance(value, date):
        return f'{ref}{style} t="n"><v>{value.toordinal() - EPOCH}</v></c>'
    return f'{ref} t="inlineStr"><is>{_text(str(value))}</is></c>'


def _text(value: str) -> str:
    if ILLEGAL.search(value):
        value = ILLEGAL.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[:1].isspace() or value[-1:].isspace():
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"
