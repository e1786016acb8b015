"""The yardstick of `benchmarks/http.py`: the least a FastAPI service over asyncpg can do.

One fixed query each, returning the same employee data goedgesprek returns (the employee, the
org unit, the function profile and today's manager), serialised by Pydantic straight to JSON
bytes. No authentication, no authorisation, no middleware, no ORM. Served by uvicorn with the
same settings as goedgesprek:

    BARE_DATABASE_URL=postgresql://… uvicorn benchmarks.bare_app:app --port 8101
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import asyncpg
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic.alias_generators import to_camel

_SELECT = """
SELECT e.personnel_number, e.name, e.email, u.key AS unit_key, u.name AS unit_name,
       p.code, p.title, p.function_group, p.scale, e.salary_scale, e.in_function_scale,
       e.function_scale_date, e.entry_date, e.probation, e.probation_decision_date,
       e.leaving_date, m.personnel_number AS manager_number, m.name AS manager_name
FROM employee e
JOIN org_unit u ON u.id = e.org_unit_id
JOIN function_profile p ON p.id = e.function_profile_id
LEFT JOIN manager_assignment a ON a.employee_id = e.id AND a.valid_from <= $1
     AND (a.valid_to IS NULL OR a.valid_to > $1)
LEFT JOIN employee m ON m.id = a.manager_id
"""
BY_ID = _SELECT + "WHERE e.personnel_number = $2"
# The total over all pages as goedgesprek gives it: counted on the employee table alone (a
# count over the whole join, e.g. count(*) OVER (), would join every employee for each page).
PAGE = (
    _SELECT.replace("SELECT ", "SELECT (SELECT count(*) FROM employee) AS total, ", 1)
    + "ORDER BY e.personnel_number LIMIT $2 OFFSET $3"
)


class Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Ref(Model):
    key: str
    name: str


class Profile(Model):
    code: str
    title: str
    function_group: str
    scale: int


class Person(Model):
    personnel_number: str
    name: str


class Employee(Model):
    personnel_number: str
    name: str
    email: str | None
    org_unit: Ref
    function_profile: Profile
    salary_scale: int
    in_function_scale: bool
    function_scale_date: date | None
    entry_date: date
    probation: bool
    probation_decision_date: date | None
    leaving_date: date | None
    active: bool
    manager: Person | None


class Meta(Model):
    page: int
    page_size: int
    total_items: int
    total_pages: int


class Page(Model):
    items: list[Employee]
    meta: Meta


ONE = TypeAdapter(Employee)
MANY = TypeAdapter(Page)


def _employee(row: asyncpg.Record, today: date) -> dict:
    return {
        "personnel_number": row["personnel_number"],
        "name": row["name"],
        "email": row["email"],
        "org_unit": {"key": row["unit_key"], "name": row["unit_name"]},
        "function_profile": {
            "code": row["code"],
            "title": row["title"],
            "function_group": row["function_group"],
            "scale": row["scale"],
        },
        "salary_scale": row["salary_scale"],
        "in_function_scale": row["in_function_scale"],
        "function_scale_date": row["function_scale_date"],
        "entry_date": row["entry_date"],
        "probation": row["probation"],
        "probation_decision_date": row["probation_decision_date"],
        "leaving_date": row["leaving_date"],
        "active": row["leaving_date"] is None or row["leaving_date"] > today,
        "manager": None
        if row["manager_number"] is None
        else {"personnel_number": row["manager_number"], "name": row["manager_name"]},
    }


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(os.environ["BARE_DATABASE_URL"], max_size=10)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/employees/{personnel_number}")
async def one(personnel_number: str, request: Request) -> Response:
    today = date.today()
    row = await request.app.state.pool.fetchrow(BY_ID, today, personnel_number)
    if row is None:
        return Response(status_code=404)
    body = ONE.dump_json(ONE.validate_python(_employee(row, today)), by_alias=True)
    return Response(body, media_type="application/json")


@app.get("/employees")
async def page(request: Request, pageSize: int = 25, page: int = 1) -> Response:
    today = date.today()
    rows = await request.app.state.pool.fetch(PAGE, today, pageSize, (page - 1) * pageSize)
    total = rows[0]["total"] if rows else 0
    result = {
        "items": [_employee(row, today) for row in rows],
        "meta": {
            "page": page,
            "page_size": pageSize,
            "total_items": total,
            "total_pages": (total + pageSize - 1) // pageSize,
        },
    }
    body = MANY.dump_json(MANY.validate_python(result), by_alias=True)
    return Response(body, media_type="application/json")
