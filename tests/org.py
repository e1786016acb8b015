"""A small organisation for tests, made through the same services the sync API uses."""

from __future__ import annotations

from datetime import date

from pydantic.alias_generators import to_camel
from sqlalchemy import delete

from app.auth import Actor
from app.clock.today import real_today
from app.models.infrastructure import ClockSetting
from app.people import service
from app.people.schemas import EmployeeIn, FunctionProfileIn, OrgUnitIn

HRIS = Actor(kind="client", subject="hris", scopes=frozenset({"people:write"}))
TODAY = date(2026, 11, 29)
# The people most tests act as (tests/org.py PEOPLE): the employee, their manager, HR.
MANAGER, EMPLOYEE, HR_SUB = "100002", "100001", "100003"

# personnel number → (name, unit, profile, manager)
PEOPLE = {
    "900001": ("Directeur Dirk", "gemeente", "P-DIR", None),
    "100002": ("Manager Mila", "team-a", "P-TM", "900001"),
    "100001": ("Medewerker Mo", "team-a", "P22", "100002"),
    "100004": ("Collega Cas", "team-a", "P22", "100002"),
    "100003": ("HR Hanna", "gemeente", "P22", "900001"),
    "200002": ("Manager Max", "team-b", "P-TM", "900001"),
    "200001": ("Buiten Bea", "team-b", "P22", "200002"),
}


async def freeze_clock(session, today: date = TODAY) -> None:
    """Set the test clock so that the service's today is ``today`` (deterministic tests)."""
    session.info.setdefault("actor", HRIS)
    await session.execute(delete(ClockSetting))
    offset = (today - real_today()).days
    session.add(ClockSetting(id=1, offset_days=offset, set_by="tests"))
    await session.flush()


# A new entrant as the HR information system syncs them (PUT /v1/employees/{number}).
NEWCOMER = {
    "name": "Nieuwe Nina",
    "orgUnitKey": "team-a",
    "functionProfileCode": "P22",
    "salaryScale": 9,
    "inFunctionScale": True,
    "entryDate": "2026-12-01",
    "managerPersonnelNumber": MANAGER,
    "managerFrom": "2026-12-01",
}


MAIN_TASKS = {"P22": ["Ontwikkelt beleid", "Adviseert het bestuur"]}
# Art. 4.1 b: what the function asks; P-TM and P-DIR carry none.
KNOWLEDGE_LEVELS = {"P22": "HBO werk- en denkniveau; kennis van de Omgevingswet"}


async def seed_org(session) -> None:
    session.info["actor"] = HRIS
    for key, name, parent in (
        ("gemeente", "Gemeente Maastricht", None),
        ("team-a", "Team A", "gemeente"),
        ("team-b", "Team B", "gemeente"),
    ):
        await service.upsert_org_unit(
            session, actor=HRIS, key=key, data=build(OrgUnitIn, name=name, parent_key=parent)
        )
    for code, title, group, scale in (
        ("P22", "Beleidsmedewerker D", "beleidsmedewerker", 10),
        ("P-TM", "Teammanager", "teammanager", 12),
        ("P-DIR", "Directeur", "directieleden", 16),
    ):
        await service.upsert_function_profile(
            session,
            actor=HRIS,
            today=TODAY,
            code=code,
            data=build(
                FunctionProfileIn,
                title=title,
                function_group=group,
                scale=scale,
                main_tasks=MAIN_TASKS.get(code, []),
                knowledge_level=KNOWLEDGE_LEVELS.get(code),
            ),
        )
    for number, (name, unit, profile, manager) in PEOPLE.items():
        await service.upsert_employee(
            session,
            actor=HRIS,
            today=TODAY,
            personnel_number=number,
            data=employee_in(name=name, unit=unit, profile=profile, manager=manager),
        )


def build(model, **fields):
    """An API input model from Python names (inputs accept only their camelCase names)."""
    return model.model_validate({to_camel(k): v for k, v in fields.items()})


def employee_in(
    *, name: str = "Nieuwe Nina", unit: str = "team-a", profile: str = "P22", manager=None, **extra
) -> EmployeeIn:
    return build(
        EmployeeIn,
        name=name,
        org_unit_key=unit,
        function_profile_code=profile,
        salary_scale=10,
        in_function_scale=True,
        entry_date=date(2020, 1, 1),
        manager_personnel_number=manager,
        manager_from=date(2020, 1, 1),
        **extra,
    )
