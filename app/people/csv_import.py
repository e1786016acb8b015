"""`goedgesprek import employees|org-units|function-profiles FILE.csv` for HR staff without an
integration: the same validation as the API, all or nothing, a progress line, a summary.

The CSV's header names the fields as the API does (``personnelNumber``, ``orgUnitKey``, …);
empty cells are empty values. Org units and function profiles are keyed by ``key`` and ``code``;
parents must come before their children.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import SYSTEM_ACTOR
from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.errors import InvalidInput, invalid_params, param
from app.messages import msg
from app.people import imports, service
from app.people.schemas import EmployeeImportRow, FunctionProfileIn, OrgUnitIn
from app.schemas import KEY_PATTERN

KINDS = ("employees", "org-units", "function-profiles")


def read_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = []
        for row in csv.DictReader(handle):
            cleaned: dict[str, Any] = {}
            for key, value in row.items():
                if key is None or value is None or value.strip() == "":
                    continue
                cleaned[key.strip()] = value.strip()
            if cleaned.get("mainTasks"):
                cleaned["mainTasks"] = [t.strip() for t in cleaned["mainTasks"].split("|")]
            rows.append(cleaned)
    return rows


def _progress(out: TextIO, label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            out.write("\n")
        out.flush()

    return show


def validate(
    model: type[BaseModel], rows: list[dict[str, Any]], progress: Callable[[int, int], None]
) -> Iterator[BaseModel]:
    """Every row validated; InvalidInput lists the problems of all rows (CSV line numbers)."""
    problems, valid = [], []
    step = max(len(rows) // 100, 1)
    for index, row in enumerate(rows):
        try:
            valid.append(model.model_validate(row))
        except ValidationError as exc:
            for problem in invalid_params(list(exc.errors())):
                problem["name"] = f"line {index + 2}: {problem['name']}"
                problems.append(problem)
        if index % step == 0 or index == len(rows) - 1:
            progress(index + 1, len(rows))
    if problems:
        raise InvalidInput(
            msg("invalid-input.file-problems", count=len(problems)), invalid_params=problems
        )
    return iter(valid)


def _line(name: str, offset: int = 2) -> str:
    """``employees.17.salaryScale`` → ``line 19: salaryScale`` (header is line 1)."""
    parts = name.split(".", 2)
    if len(parts) == 3 and parts[1].isdigit():
        return f"line {int(parts[1]) + offset}: {parts[2]}"
    return name


async def run(
    session: AsyncSession,
    *,
    kind: str,
    path: Path,
    today: date,
    out: TextIO | None = None,
    config: SchedulingConfig = DEFAULT_CONFIG,
) -> str:
    """Import one file in the session's transaction; returns the summary line."""
    rows = read_rows(path)
    session.info["actor"] = SYSTEM_ACTOR
    progress = _progress(out or sys.stderr, f"validating {len(rows)} {kind}")
    if kind == "employees":
        valid = list(validate(EmployeeImportRow, rows, progress))
        try:
            summary = await imports.import_employees(
                session, actor=SYSTEM_ACTOR, today=today, rows=valid, config=config
            )
        except InvalidInput as exc:
            for problem in exc.invalid_params or []:
                problem["name"] = _line(problem["name"])
            raise
        return (
            f"{summary.received} employees: {len(summary.created)} created, "
            f"{len(summary.updated)} updated, {summary.unchanged} unchanged, "
            f"{summary.manager_changes} manager changes"
        )
    key_field, model, upsert = {
        "org-units": ("key", OrgUnitIn, service.upsert_org_unit),
        "function-profiles": ("code", FunctionProfileIn, service.upsert_function_profile),
    }[kind]
    keys, key_problems, first_line = [], [], {}
    for index, row in enumerate(rows):
        key = row.pop(key_field, "")
        line = f"line {index + 2}: {key_field}"
        if not re.fullmatch(KEY_PATTERN, key):
            reason = "1 to 32 characters of A-Z a-z 0-9 . _ -"
            key_problems.append(param(line, "pattern_mismatch", reason))
        elif key in first_line:
            reason = f"also on line {first_line[key]}"
            key_problems.append(param(line, "duplicate_in_file", reason))
        first_line.setdefault(key, index + 2)
        keys.append(key)
    if key_problems:
        raise InvalidInput(
            msg("invalid-input.file-keys", count=len(key_problems)), invalid_params=key_problems
        )
    valid = list(validate(model, rows, progress))
    created = problems = 0
    found: list[dict[str, Any]] = []
    for index, (key, data) in enumerate(zip(keys, valid, strict=True)):
        kwargs: dict[str, Any] = {"actor": SYSTEM_ACTOR, "data": data}
        if kind == "function-profiles":
            kwargs.update(today=today, code=key)
        else:
            kwargs.update(key=key)
        try:
            _, was_created, *_ = await upsert(session, **kwargs)
        except InvalidInput as exc:
            problems += 1
            for problem in exc.invalid_params or []:
                found.append({**problem, "name": f"line {index + 2}: {problem['name']}"})
            continue
        created += was_created
    if found:
        raise InvalidInput(msg("invalid-input.file-rows", count=problems), invalid_params=found)
    return f"{len(valid)} {kind}: {created} created, {len(valid) - created} updated or unchanged"
