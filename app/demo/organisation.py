"""`goedgesprek demo`: a fictional organisation to try every endpoint in minutes.

Idempotent: running it again changes nothing. Covers a probation, the entry scale and a
placement in the function scale, a Vakspecialist, steering profiles, a coordinator delegation
(T1.g) and a leaver. Later features extend it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pydantic import BaseModel
from pydantic.alias_generators import to_camel
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import SYSTEM_ACTOR, Actor, Role
from app.clock.today import AMSTERDAM
from app.config import DEFAULT_CONFIG, SchedulingConfig
from app.cycles import service as cycles
from app.cycles import talks
from app.demo.agreements import agreement_activity
from app.demo.appraisals import appraisal_activity
from app.models.cycles import Cycle, CycleDecision, Talk
from app.models.people import CoordinatorDelegation, Employee
from app.people import service
from app.people.schemas import EmployeeIn, FunctionProfileIn, OrgUnitIn
from app.reference.document import BUNDLED_GUIDES, read_document
from app.states import CycleState, TalkStatus

UNITS = [  # key, name, parent
    ("gemeente", "Gemeente Maastricht", None),
    ("sociaal", "Sector Sociaal Domein", "gemeente"),
    ("jeugd", "Team Jeugd", "sociaal"),
    ("werk", "Team Werk en Inkomen", "sociaal"),
    ("ruimte", "Sector Ruimte", "gemeente"),
    ("openbare-ruimte", "Team Openbare Ruimte", "ruimte"),
]
PROFILES = [  # code, title, function group, scale
    ("P01", "Directeur", "directieleden", 17),
    ("P05", "Sectormanager", "manager-beleid-of-bedrijf", 15),
    ("P10", "Teammanager", "teammanager", 13),
    ("P30", "Adviseur", "adviseur", 11),
    ("P40", "Vakspecialist ICT", "vakspecialist", 9),
    ("P50", "Medewerker Frontoffice", "medewerker-frontoffice", 6),
    ("P60", "Technisch Uitvoerend Medewerker", "technisch-uitvoerend-medewerker", 5),
    ("P70", "Administratief Medewerker", "administratief-medewerker", 5),
]
# personnel number, name, unit, profile, salary scale, manager, extra
D = date
PEOPLE = [
    ("D0001", "Dana Directeur", "gemeente", "P01", 17, None, {}),
    ("S0001", "Sem Sectormanager", "sociaal", "P05", 15, "D0001", {}),
    ("S0002", "Sara Sectormanager", "ruimte", "P05", 15, "D0001", {}),
    ("T0001", "Tim Teammanager", "jeugd", "P10", 13, "S0001", {}),
    ("T0002", "Tara Teammanager", "werk", "P10", 13, "S0001", {}),
    ("T0003", "Teun Teammanager", "openbare-ruimte", "P10", 13, "S0002", {}),
    ("H0001", "Hanna HR-adviseur", "gemeente", "P30", 11, "D0001", {}),
    ("E0001", "Eva Beleidsmedewerker", "jeugd", "P22", 10, "T0001", {}),
    ("E0002", "Emre Adviseur", "jeugd", "P30", 11, "T0001", {}),
    ("E0003", "Fleur Frontoffice", "jeugd", "P50", 6, "T0001", {}),
    (
        "E0004",
        "Pim Proeftijd",
        "jeugd",
        "P50",
        6,
        "T0001",
        {"probation": True, "probation_decision_date": D(2027, 3, 1), "entry_date": D(2026, 3, 1)},
    ),
    (
        "E0005",
        "Ilse Instroom",
        "jeugd",
        "P22",
        8,
        "T0001",
        {"in_function_scale": False, "entry_date": D(2025, 9, 1)},
    ),
    ("E0006", "Vince Vakspecialist", "werk", "P40", 9, "T0002", {}),
    ("E0007", "Wendy Werk", "werk", "P70", 5, "T0002", {}),
    ("E0008", "Wout Werk", "werk", "P70", 5, "T0002", {}),
    ("E0009", "Kees Coördinator", "werk", "P30", 11, "T0002", {}),
    ("E0010", "Lotte Vertrokken", "werk", "P70", 5, "T0002", {"leaving_date": D(2026, 6, 30)}),
    ("E0011", "Bas Buiten", "openbare-ruimte", "P60", 5, "T0003", {}),
    ("E0012", "Bo Buiten", "openbare-ruimte", "P60", 5, "T0003", {}),
    ("E0013", "Cas Civiel", "openbare-ruimte", "P30", 11, "T0003", {}),
    ("E0014", "Dewi Data", "werk", "P40", 9, "T0002", {}),
    ("E0015", "Fenna Frontoffice", "werk", "P50", 6, "T0002", {}),
    ("E0016", "Gijs Groen", "openbare-ruimte", "P60", 5, "T0003", {}),
    ("E0017", "Hugo Handhaving", "openbare-ruimte", "P60", 6, "T0003", {}),
    ("E0018", "Iris Inkomen", "werk", "P22", 10, "T0002", {}),
    ("E0019", "Joep Jeugdzorg", "jeugd", "P22", 10, "T0001", {}),
    ("E0020", "Kim Kwaliteit", "jeugd", "P30", 11, "T0001", {}),
    (
        "E0021",
        "Lars Leerling",
        "openbare-ruimte",
        "P60",
        3,
        "T0003",
        {"in_function_scale": False, "entry_date": D(2026, 8, 1)},
    ),
    ("E0022", "Mila Meldpunt", "jeugd", "P50", 6, "T0001", {}),
    ("E0023", "Noor Netwerk", "werk", "P30", 11, "T0002", {}),
    # R2.4, R6.1 (issue 18): entered in the entry scale, to be placed in the function scale
    # on 1 January 2027: the entry-scale cycle ends the day before, with its appraisal.
    (
        "E0024",
        "Olga Overgang",
        "werk",
        "P22",
        9,
        "T0002",
        {"entry_date": D(2026, 4, 1), "function_scale_date": D(2027, 1, 1)},
    ),
]
DELEGATION = ("E0009", "E0007", "MT-besluit 2026-14")  # coordinator, employee, decision
TOKENS = [("hr", "H0001", "hr"), ("manager", "T0001", "manager"), ("employee", "E0001", "employee")]


def _build(model: type[BaseModel], **fields: object) -> BaseModel:
    return model.model_validate({to_camel(k): v for k, v in fields.items()})


async def load_demo(
    session: AsyncSession, *, today: date, config: SchedulingConfig = DEFAULT_CONFIG
) -> dict[str, int]:
    """Upsert the demo organisation (created or unchanged); returns what was created."""
    session.info["actor"] = SYSTEM_ACTOR
    created = {"org units": 0, "function profiles": 0, "employees": 0, "delegations": 0}
    for key, name, parent in UNITS:
        _, new = await service.upsert_org_unit(
            session,
            actor=SYSTEM_ACTOR,
            key=key,
            data=_build(OrgUnitIn, name=name, parent_key=parent),
        )
        created["org units"] += new
    sample = read_document(BUNDLED_GUIDES[0]).sample_function_profiles[0]  # P22 from the guide
    profiles = [*PROFILES, (sample.code, sample.name, sample.competency_profile, sample.scale)]
    for code, title, group, scale in profiles:
        extra = (
            {
                "purpose": sample.purpose,
                "main_tasks": sample.main_tasks,
                # Art. 4.1 b: the seed's P22 names no knowledge level; the demo gives it one.
                "knowledge_level": "HBO werk- en denkniveau; kennis van het sociaal domein",
                "version_date": sample.version_date,
            }
            if code == sample.code
            else {}
        )
        _, new, _ = await service.upsert_function_profile(
            session,
            actor=SYSTEM_ACTOR,
            today=today,
            code=code,
            data=_build(FunctionProfileIn, title=title, function_group=group, scale=scale, **extra),
        )
        created["function profiles"] += new
    for number, name, unit, profile, scale, manager, extra in PEOPLE:
        fields = {
            "name": name,
            "email": f"{number.lower()}@demo.maastricht.example",
            "org_unit_key": unit,
            "function_profile_code": profile,
            "salary_scale": scale,
            "in_function_scale": True,
            "entry_date": date(2015, 1, 1),
            "manager_personnel_number": manager,
            "manager_from": date(2015, 1, 1),
            **extra,
        }
        if fields["entry_date"] > date(2015, 1, 1):
            fields["manager_from"] = fields["entry_date"]
        _, new = await service.upsert_employee(
            session,
            actor=SYSTEM_ACTOR,
            today=today,
            personnel_number=number,
            data=_build(EmployeeIn, **fields),
            config=config,
        )
        created["employees"] += new
    has_delegation = await session.scalar(
        select(CoordinatorDelegation.id).where(
            CoordinatorDelegation.decision_reference == DELEGATION[2]
        )
    )
    if has_delegation is None:
        hr = Actor(kind="person", subject="H0001", roles=frozenset({Role.hr}))  # T1.g: HR only
        session.info["actor"] = hr
        await service.record_delegation(
            session,
            actor=hr,
            coordinator=DELEGATION[0],
            employee=DELEGATION[1],
            decision_reference=DELEGATION[2],
            valid_from=date(2026, 1, 1),
            valid_to=None,
            decided_by="MT Sociaal Domein",
            motivation="De teamleider is met verlof; de coördinator voert de gesprekken.",
        )
        created["delegations"] += 1
    created["cycle activities"] = await _cycle_activity(session, today=today, config=config)
    # The worker's reminder run, when this commits: the demo's managers find their reminders
    # in GET /v1/me/notifications at once.
    await session.execute(text("SELECT goedgesprek_wake('remind')"))
    return created


def _person(number: str, role: Role) -> Actor:
    return Actor(kind="person", subject=number, roles=frozenset({role}))


async def _current_talk(session: AsyncSession, number: str, kind: str, today: date) -> Talk:
    return await session.scalar(
        select(Talk)
        .join(Cycle, Cycle.id == Talk.cycle_id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .where(
            Employee.personnel_number == number,
            Cycle.state == CycleState.active,
            Cycle.start_date <= today,
            Cycle.end_date >= today,
            Talk.kind == kind,
        )
    )


async def _cycle_activity(session: AsyncSession, *, today: date, config: SchedulingConfig) -> int:
    """Talks at different stages (once): agreements at different stages (``app.demo.agreements``:
    planning talks held, approved or decided), a progress talk scheduled, an
    employee's request for an extra talk waiting for an answer (R2.5), one-year cycles by the
    manager's decision (R2.2)."""
    one_year = await session.scalar(
        select(CycleDecision.id)
        .join(Employee, Employee.id == CycleDecision.employee_id)
        .where(Employee.personnel_number == "E0008")
    )
    if one_year is not None:
        return 0
    steps = 0
    manager = _person("T0002", Role.manager)
    session.info["actor"] = manager
    e0008 = await session.scalar(select(Employee.id).where(Employee.personnel_number == "E0008"))
    await cycles.record_cycle_decision(
        session,
        actor=manager,
        today=today,
        config=config,
        personnel_number="E0008",
        from_year=await cycles.earliest_decision_year(session, e0008, today),
        one_year=True,
        reason="Nieuwe taken: elk jaar de hele cyclus (R2.2).",
    )
    steps += 1
    steps += await agreement_activity(session, today=today)
    steps += await appraisal_activity(session, today=today)
    manager = _person("T0001", Role.manager)
    session.info["actor"] = manager
    progress = await _current_talk(session, "E0002", "progress", today)
    if progress is not None and progress.status == TalkStatus.open:
        await talks.schedule_talk(
            session,
            actor=manager,
            today=today,
            talk_id=progress.id,
            starts_at=datetime.combine(today + timedelta(days=14), time(10), tzinfo=AMSTERDAM),
            ends_at=datetime.combine(today + timedelta(days=14), time(11), tzinfo=AMSTERDAM),
            location="Stadhuis, kamer 1.12",
            video_url=None,
            precondition=lambda _view: None,
        )
        steps += 1
    employee = _person("E0003", Role.employee)
    session.info["actor"] = employee
    cycle_id = await session.scalar(
        select(Cycle.id)
        .join(Employee, Employee.id == Cycle.employee_id)
        .where(
            Employee.personnel_number == "E0003", Cycle.start_date <= today, Cycle.end_date >= today
        )
    )
    if cycle_id is not None:
        await talks.request_talk(
            session,
            actor=employee,
            today=today,
            cycle_id=cycle_id,
            kind="progress",
            reason="Mijn taken zijn veranderd; ik wil de afspraken bijstellen.",
        )
        steps += 1
    return steps
