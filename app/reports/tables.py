"""A report as tables, for CSV and XLSX: the report's rows grouped by their ``sheet``, columns
from the row model (the JSON names), names first, figures after."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.reports import labels
from app.reports.schemas import Row
from app.schemas import ApiModel

# The cell types a column may have: text, whole number, decimal, date, yes/no.
CELL_TYPES = (str, int, float, date, bool)
TOTAL = "Totaal"  # the org unit column of a totals row in CSV and XLSX (JSON: null)


@dataclass(frozen=True)
class Column:
    name: str  # the field
    header: str  # the Dutch header (app/reports/labels.py), the JSON name without one
    kind: type


@dataclass
class Table:
    sheet: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    def values(self, row: Row) -> list[Any]:
        """The row's cells: numbers, dates and yes/no as they are, anything else as text; the
        totals row (no org unit) says so."""
        return [
            TOTAL
            if c.name == "org_unit" and getattr(row, c.name) is None
            else _cell(labels.value(c.name, getattr(row, c.name)))
            for c in self.columns
        ]

    @property
    def title(self) -> str:
        """The sheet's Dutch title (the ``table`` parameter keeps naming it by ``sheet``)."""
        return labels.sheet_title(self.sheet)

    def column(self, name: str) -> int:
        """The 1-based position of a column (for spreadsheet references)."""
        return next(i for i, c in enumerate(self.columns, 1) if c.name == name)


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, CELL_TYPES) else str(value)


def _cell_type(annotation: Any) -> type:
    """The cell type of a field's annotation (``int | None`` is int)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return next((t for t in CELL_TYPES if annotation is t), str)


def columns_of(model: type[Row]) -> list[Column]:
    found = [
        Column(name, labels.header(name, info.alias or name), _cell_type(info.annotation))
        for name, info in model.model_fields.items()
    ]
    return [c for c in found if c.kind is str] + [c for c in found if c.kind is not str]


def tables_of(report: ApiModel) -> list[Table]:
    """The report's tables in the order of its fields; a single row (the totals) goes at the
    end of the table of its kind."""
    tables: dict[str, Table] = {}
    for name, info in type(report).model_fields.items():
        model = _row_model(info.annotation)
        if model is None:
            continue
        table = tables.setdefault(model.sheet, Table(model.sheet, columns_of(model)))
        value = getattr(report, name)
        table.rows += value if isinstance(value, list) else [value]
    return list(tables.values())


def _row_model(annotation: Any) -> type[Row] | None:
    """The row model of a report field (``list[CoverageRow]`` or ``CoverageRow``), if any;
    an empty list still makes its table (with the header row)."""
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, Row) else None


def rows_table(model: type[Row], rows: list[Row]) -> Table:
    return Table(model.sheet, columns_of(model), list(rows))
