"""Walks every operation of the OpenAPI document with every kind of actor.

Every new route must be added to EXPECTED: the test fails on an operation it does not know.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import date

import pytest
from pydantic import TypeAdapter
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from app.agreements import approvals, competencies
from app.agreements import service as agreements
from app.agreements.schemas import AgreementIn
from app.appraisals import informants
from app.appraisals import service as appraisal_service
from app.appraisals.schemas import RatingsIn
from app.auth import Actor, Role
from app.cycles import talks
from app.events.outbox import event_row
from app.models.cycles import Cycle, Talk
from app.models.events import DomainEvent, WebhookDelivery, WebhookSubscription
from app.models.people import Employee, ManagerAssignment
from app.openapi_export import generate
from app.people.service import record_delegation
from app.reference.service import load_guide
from tests.conftest import module_transaction, savepoint
from tests.guides import synthetic_guide
from tests.org import TODAY, freeze_clock, seed_org

HR = Actor(kind="person", subject="100003", roles=frozenset({Role.hr}))

# The persons are employees of tests/org.py; none of them manages the foreign employee 200001.
ACTORS = {
    "anonymous": None,
    "employee": {"role": "employee", "sub": "100001"},
    "manager": {"role": "manager", "sub": "100002"},
    "hr": {"role": "hr", "sub": "100003"},
    "client": {"client": "hris", "scopes": ["people:write"]},
    "auditor": {"client": "auditor", "scopes": ["audit:read"]},
    # 100004 is, by a coordinator delegation (T1.g), the coordinator of 200001.
    "coordinator": {"role": "employee", "sub": "100004"},
    "reader": {"client": "reporting", "scopes": ["people:read"]},
    # 200001 themself: the owner of the sample cycle, talk and request.
    "owner": {"role": "employee", "sub": "200001"},
    # 900001 managed 200001 until 1 June 2026: a former manager of the sample cycle.
    "former": {"role": "manager", "sub": "900001"},
    # A management-information client: the reports' figures, never the people behind them.
    "analyst": {"client": "bi", "scopes": ["reports:read"]},
    # Issue 17: a consumer of the event feed, the owner of the sample webhook subscription,
    # and another client that manages webhooks of its own (never someone else's).
    "consumer": {"client": "hris-events", "scopes": ["events:read"]},
    "hooks": {"client": "hris-hooks", "scopes": ["webhooks:manage"]},
    "other-hooks": {"client": "crm-hooks", "scopes": ["webhooks:manage"]},
}

OK, CREATED, UNAUTH, FORBIDDEN, NOT_FOUND, CONFLICT = 200, 201, 401, 403, 404, 409
ACCEPTED, NO_CONTENT = 202, 204
PUBLIC = dict.fromkeys(ACTORS, OK)
SIGNED_IN = {**dict.fromkeys(ACTORS, OK), "anonymous": UNAUTH}
SYNC = {  # the HR information system (people:write) and HR
    "anonymous": UNAUTH,
    "employee": FORBIDDEN,
    "manager": FORBIDDEN,
    "hr": CREATED,
    "client": CREATED,
    "auditor": FORBIDDEN,
    "coordinator": FORBIDDEN,
    "reader": FORBIDDEN,
    "owner": FORBIDDEN,
    "former": FORBIDDEN,
}
HR_ONLY = {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": UNAUTH, "hr": OK}
# Someone else's employee record: 404 (not 403) for whoever may not see it.
FOREIGN_EMPLOYEE = {
    "anonymous": UNAUTH,
    "employee": NOT_FOUND,
    "manager": NOT_FOUND,
    "hr": OK,
    "client": OK,
    "auditor": NOT_FOUND,
    "coordinator": OK,  # the delegation names them for this employee
    "reader": OK,
    "owner": OK,
    "former": NOT_FOUND,  # manages 200001 no longer
}
# 200001's cycle and talks: the owner, their coordinator (T1.g) and HR see them; nobody else
# (not even a people:read or people:write client: cycles need cycles:read).
FOREIGN_CYCLE = {
    **dict.fromkeys(ACTORS, NOT_FOUND),
    "anonymous": UNAUTH,
    "hr": OK,
    "coordinator": OK,
    "owner": OK,
    "former": OK,  # read-only: the cycle they led
}
# What only the manager (here: the delegated coordinator) may do: 403 for who sees it.
MANAGING = {
    **FOREIGN_CYCLE,
    "hr": FORBIDDEN,
    "owner": FORBIDDEN,
    "former": FORBIDDEN,
    "coordinator": CREATED,
}
HR_CREATES = {**HR_ONLY, "hr": CREATED}
# Reports (issue 8): HR, and managers on their own units and people (by role; 900001 and 100002
# are managers); employees see no reports; clients need reports:read (tests/test_reports_api.py
# has that client: aggregates yes, the people behind them no).
REPORTS = {**HR_ONLY, "manager": OK, "former": OK, "analyst": OK}
REPORT_NAMES = {**REPORTS, "analyst": FORBIDDEN}  # drill-downs: names, not for clients
# The caller's own inbox, notifications and preference: every person, no service client.
PERSONS = {
    **dict.fromkeys(("employee", "manager", "hr", "coordinator", "owner", "former"), OK),
    "anonymous": UNAUTH,
    "client": FORBIDDEN,
    "auditor": FORBIDDEN,
    "reader": FORBIDDEN,
}
# The sample webhook subscription belongs to "hooks"; another webhooks client gets a 404.
HOOKS = {
    **dict.fromkeys(ACTORS, FORBIDDEN),
    "anonymous": UNAUTH,
    "hooks": OK,
    "other-hooks": NOT_FOUND,
}

EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/health"): PUBLIC,
    ("get", "/health/ready"): PUBLIC,
    ("get", "/me"): SIGNED_IN,
    ("put", "/org-units/{key}"): SYNC,
    ("get", "/org-units"): SIGNED_IN,
    ("put", "/function-profiles/{code}"): SYNC,
    ("get", "/function-profiles"): SIGNED_IN,
    ("put", "/employees/{personnelNumber}"): SYNC,
    ("get", "/employees"): SIGNED_IN,
    ("post", "/employee-imports"): SYNC,
    ("post", "/org-unit-imports"): SYNC,
    ("get", "/employees/{personnelNumber}"): FOREIGN_EMPLOYEE,
    ("post", "/coordinator-delegations"): {**HR_ONLY, "hr": CREATED},
    ("get", "/coordinator-delegations"): HR_ONLY,
    ("post", "/coordinator-delegations/{delegationId}/endings"): HR_CREATES,
    ("get", "/competencies"): SIGNED_IN,
    ("get", "/competencies/{code}"): SIGNED_IN,
    ("get", "/competency-profiles"): SIGNED_IN,
    ("get", "/competency-profiles/{code}"): SIGNED_IN,
    ("get", "/rating-scale"): SIGNED_IN,
    ("get", "/preparation-tips"): SIGNED_IN,
    ("get", "/guide-versions"): SIGNED_IN,
    ("post", "/guide-versions/{versionId}/adoption"): HR_CREATES,
    ("get", "/cycles"): SIGNED_IN,
    ("get", "/cycles/{cycleId}"): FOREIGN_CYCLE,
    # T4.1 (issue 18): the plan is for the appraisal's readers.
    ("get", "/cycles/{cycleId}/personal-development-plan"): FOREIGN_CYCLE,
    ("post", "/cycles/{cycleId}/talks"): MANAGING,
    ("post", "/cycles/{cycleId}/talk-requests"): {
        **FOREIGN_CYCLE,
        "hr": FORBIDDEN,
        "coordinator": FORBIDDEN,
        "owner": CREATED,
        "former": FORBIDDEN,
    },
    ("post", "/talk-requests/{requestId}/answers"): MANAGING,
    ("get", "/talks/{talkId}"): FOREIGN_CYCLE,
    ("put", "/talks/{talkId}/appointment"): {**MANAGING, "coordinator": OK},
    ("post", "/talks/{talkId}/completions"): MANAGING,
    ("post", "/talks/{talkId}/attendees"): {**MANAGING, "owner": CREATED},
    # The sample attendee was proposed by the owner, whose consent is recorded already.
    ("post", "/talks/{talkId}/attendees/{attendeeId}/consents"): {**MANAGING, "owner": CONFLICT},
    # Decisions that shape the cycles: seen like the cycles (clients need cycles:read).
    ("get", "/employees/{personnelNumber}/cycle-decisions"): {**FOREIGN_CYCLE, "former": NOT_FOUND},
    ("post", "/employees/{personnelNumber}/cycle-decisions"): {
        **FOREIGN_EMPLOYEE,
        "hr": FORBIDDEN,
        "client": FORBIDDEN,
        "reader": FORBIDDEN,
        "owner": FORBIDDEN,
        "coordinator": CREATED,
    },
    # Agreements (Articles 3-5): read by the owner, their coordinator, a former manager of the
    # cycle and HR; written by the coordinator (as manager) only; approvals and topics by both.
    ("get", "/cycles/{cycleId}/competency-set"): FOREIGN_CYCLE,
    ("put", "/cycles/{cycleId}/competency-set"): {**MANAGING, "coordinator": OK},
    ("get", "/cycles/{cycleId}/agreement-set"): FOREIGN_CYCLE,
    ("put", "/cycles/{cycleId}/agreement-set/weights"): {**MANAGING, "coordinator": OK},
    ("get", "/cycles/{cycleId}/agreements"): FOREIGN_CYCLE,
    ("post", "/cycles/{cycleId}/agreements"): MANAGING,
    ("get", "/cycles/{cycleId}/agreements/{agreementId}"): FOREIGN_CYCLE,
    ("put", "/cycles/{cycleId}/agreements/{agreementId}"): {**MANAGING, "coordinator": OK},
    ("post", "/cycles/{cycleId}/agreements/{agreementId}/endings"): MANAGING,
    ("get", "/cycles/{cycleId}/agreements/{agreementId}/versions"): FOREIGN_CYCLE,
    ("get", "/talks/{talkId}/approvals"): FOREIGN_CYCLE,
    ("post", "/talks/{talkId}/approvals"): {**MANAGING, "owner": CREATED},
    ("post", "/talks/{talkId}/manager-decisions"): MANAGING,
    ("get", "/talks/{talkId}/contributions"): FOREIGN_CYCLE,
    ("post", "/talks/{talkId}/contributions"): {**MANAGING, "owner": CREATED},
    # The appraisal (Article 6). The sample draft is complete but not shared: its owner gets
    # the same 404 as a stranger (R6.3: the draft is invisible until shared).
    ("get", "/talks/{talkId}/appraisal"): {**FOREIGN_CYCLE, "owner": NOT_FOUND},
    # The archive copy (R6.12): the sample appraisal is not finalised, so its readers get a
    # 409 appraisal-not-finalised, and its owner the 404 of an unshared draft.
    ("get", "/talks/{talkId}/appraisal/archive-copy"): {
        **FOREIGN_CYCLE,
        "owner": NOT_FOUND,
        "hr": CONFLICT,
        "coordinator": CONFLICT,
        "former": CONFLICT,
    },
    ("put", "/talks/{talkId}/ratings"): {
        **MANAGING,
        "owner": NOT_FOUND,
        "coordinator": OK,
    },
    ("post", "/talks/{talkId}/draft-shares"): {**MANAGING, "owner": NOT_FOUND},
    # Steps after the talk: the sample draft is not even shared, so who may act gets a 409
    # (not possible yet), and its owner still a 404.
    ("post", "/talks/{talkId}/signatures"): {
        **MANAGING,
        "owner": NOT_FOUND,
        "coordinator": CONFLICT,
    },
    ("post", "/talks/{talkId}/objections"): {
        **MANAGING,
        "owner": NOT_FOUND,
        "coordinator": FORBIDDEN,
    },
    ("post", "/talks/{talkId}/objection-hearings"): {
        **MANAGING,
        "owner": NOT_FOUND,
        "coordinator": CONFLICT,
    },
    ("post", "/talks/{talkId}/finalisations"): {
        **MANAGING,
        "owner": NOT_FOUND,
        "coordinator": CONFLICT,
    },
    ("post", "/talks/{talkId}/rewards"): {**MANAGING, "owner": NOT_FOUND, "coordinator": CONFLICT},
    ("post", "/talks/{talkId}/appeal-references"): {**HR_ONLY, "hr": CONFLICT},
    # R6.12 (issue 18): the sample appraisal is a draft, not finalised: 409 for HR.
    ("post", "/talks/{talkId}/appeal-decisions"): {**HR_ONLY, "hr": CONFLICT},
    ("get", "/talks/{talkId}/appeal-decisions"): {**FOREIGN_CYCLE, "owner": NOT_FOUND},
    ("get", "/appraisal-outcomes"): HR_ONLY,  # and clients with outcomes:read
    # R6.10 informants: the sample request asks 100001 ("employee") about 200001's appraisal;
    # the sample suggestion is the owner's.
    ("post", "/talks/{talkId}/informant-requests"): {**MANAGING, "owner": NOT_FOUND},
    ("get", "/talks/{talkId}/informant-requests"): {**FOREIGN_CYCLE, "owner": NOT_FOUND},
    ("get", "/informant-requests"): SIGNED_IN,
    ("post", "/informant-requests/{requestId}/responses"): {
        **FOREIGN_CYCLE,
        "owner": NOT_FOUND,
        "employee": CREATED,
        "coordinator": FORBIDDEN,
        "hr": FORBIDDEN,
        "former": FORBIDDEN,
    },
    ("post", "/talks/{talkId}/informant-suggestions"): {
        **MANAGING,
        "coordinator": FORBIDDEN,
        "owner": CREATED,
    },
    ("post", "/informant-suggestions/{suggestionId}/answers"): MANAGING,
    ("get", "/talks/{talkId}/informant-suggestions"): FOREIGN_CYCLE,
    ("get", "/hardship-decisions"): HR_ONLY,
    ("post", "/hardship-decisions"): HR_CREATES,
    ("get", "/periods"): SIGNED_IN,
    ("post", "/period-openings"): HR_CREATES,
    ("get", "/clock"): SIGNED_IN,
    ("put", "/clock"): HR_ONLY,
    ("delete", "/clock"): HR_ONLY,
    ("post", "/clock/advances"): HR_CREATES,
    ("get", "/reports/coverage"): REPORTS,
    ("get", "/reports/overdue"): REPORT_NAMES,
    ("get", "/reports/rollout"): REPORTS,
    ("get", "/reports/rollout/missing"): REPORT_NAMES,
    ("get", "/reports/outcomes"): REPORTS,
    ("get", "/reports/development"): REPORTS,
    ("get", "/audit-events"): {
        **dict.fromkeys(ACTORS, FORBIDDEN),
        "anonymous": UNAUTH,
        "hr": OK,
        "auditor": OK,
    },
    # Notices (issue 17): a person's own; the team's (managers) and the organisation's (HR)
    # overdue tasks are scopes of /me/tasks (tests/test_notices.py).
    ("get", "/me/tasks"): PERSONS,
    ("get", "/me/notifications"): PERSONS,
    ("get", "/me/notification-preferences"): PERSONS,
    ("put", "/me/notification-preferences"): PERSONS,
    # Events (issue 17): the feed for events:read, the webhooks for webhooks:manage, each
    # client seeing only its own subscriptions (another's is a 404, as if it did not exist).
    ("get", "/events"): {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": UNAUTH, "consumer": OK},
    ("post", "/webhook-subscriptions"): {**HOOKS, "other-hooks": CREATED, "hooks": CREATED},
    ("get", "/webhook-subscriptions"): {**HOOKS, "other-hooks": OK},
    ("get", "/webhook-subscriptions/{subscriptionId}"): HOOKS,
    ("put", "/webhook-subscriptions/{subscriptionId}"): HOOKS,
    ("delete", "/webhook-subscriptions/{subscriptionId}"): {**HOOKS, "hooks": NO_CONTENT},
    ("post", "/webhook-subscriptions/{subscriptionId}/secret-rotations"): {
        **HOOKS,
        "hooks": CREATED,
    },
    ("get", "/webhook-subscriptions/{subscriptionId}/deliveries"): HOOKS,
    ("post", "/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliveries"): {
        **HOOKS,
        "hooks": ACCEPTED,
    },
}
# Everywhere else the analyst, the event consumer and the webhook clients are clients whose
# scope opens nothing, like the auditor (whose audit:read opens only the audit trail).
for _expected in EXPECTED.values():
    for _client in ("analyst", "consumer", "hooks", "other-hooks"):
        _expected.setdefault(_client, _expected["auditor"])

# A real object for every path parameter, so that a 200 can be told from a 404.
SAMPLE_PATHS = {
    "/guide-versions/{versionId}/adoption": "/guide-versions/matrix-draft/adoption",
    "/org-units/{key}": "/org-units/team-z",
    "/function-profiles/{code}": "/function-profiles/P77",
    "/employees/{personnelNumber}": "/employees/200001",  # someone else's record
    ("put", "/employees/{personnelNumber}"): "/employees/300009",  # a new employee
    "/competencies/{code}": "/competencies/samenwerken",
    "/competency-profiles/{code}": "/competency-profiles/beleidsmedewerker",
    "/employees/{personnelNumber}/cycle-decisions": "/employees/200001/cycle-decisions",
    # The progress talk is the sample talk; holding it needs an agreed set (R5.2), so the
    # completion is tried on an extra appraisal talk whose draft was shared on 1 November
    # (R6.3).
    ("post", "/talks/{talkId}/completions"): "/talks/{sharedId}/completions",
    "/talks/{talkId}/appraisal": "/talks/{appraisalId}/appraisal",
    "/talks/{talkId}/appraisal/archive-copy": "/talks/{appraisalId}/appraisal/archive-copy",
    "/talks/{talkId}/ratings": "/talks/{appraisalId}/ratings",
    "/talks/{talkId}/draft-shares": "/talks/{appraisalId}/draft-shares",
    "/talks/{talkId}/informant-requests": "/talks/{appraisalId}/informant-requests",
    "/talks/{talkId}/informant-suggestions": "/talks/{appraisalId}/informant-suggestions",
    "/informant-requests/{requestId}/responses": "/informant-requests/{informantId}/responses",
    "/reports/overdue": "/reports/overdue?kind=planning",
    **{
        f"/talks/{{talkId}}/{step}": f"/talks/{{appraisalId}}/{step}"
        for step in (
            "signatures",
            "objections",
            "objection-hearings",
            "finalisations",
            "rewards",
            "appeal-references",
            "appeal-decisions",
        )
    },
}
# Paths with ids made at seeding: {cycle}, {talk}, {request} and {attendee} are filled in.
SAMPLE_IDS = {
    "{cycleId}": "cycle",
    "{talkId}": "talk",
    "{requestId}": "request",
    "{attendeeId}": "attendee",
    "{agreementId}": "agreement",
    "{appraisalId}": "appraisal",
    "{sharedId}": "shared",
    "{informantId}": "informant_request",
    "{suggestionId}": "suggestion",
    "{subscriptionId}": "subscription",
    "{deliveryId}": "delivery",
    "{delegationId}": "delegation",
}
SAMPLE_HEADERS = {
    (method, path): {"If-Match": "*"}
    for method, path in (
        ("put", "/talks/{talkId}/appointment"),
        ("put", "/cycles/{cycleId}/competency-set"),
        ("put", "/cycles/{cycleId}/agreement-set/weights"),
        ("put", "/cycles/{cycleId}/agreements/{agreementId}"),
        ("post", "/cycles/{cycleId}/agreements/{agreementId}/endings"),
        ("put", "/talks/{talkId}/ratings"),
    )
}
WORK = {
    "kind": "work",
    "description": "Dossiers afgehandeld",
    "measure": "Twintig per maand",
    "dueDate": "2027-06-30",
    "mainTask": "Ontwikkelt beleid",
}

# A valid body for every operation that takes one, so that authorisation is what decides.
SAMPLE_BODIES = {
    ("put", "/org-units/{key}"): {"name": "Team Z", "parentKey": "gemeente"},
    ("put", "/function-profiles/{code}"): {
        "title": "Adviseur",
        "functionGroup": "adviseur",
        "scale": 11,
    },
    ("put", "/employees/{personnelNumber}"): {
        "name": "Buiten Bea",
        "orgUnitKey": "team-b",
        "functionProfileCode": "P22",
        "salaryScale": 10,
        "inFunctionScale": True,
        "entryDate": "2020-01-01",
        "managerPersonnelNumber": "200002",
        "managerFrom": "2020-01-01",
    },
    ("post", "/org-unit-imports"): {
        "orgUnits": [{"key": "team-c", "name": "Team C", "parentKey": "gemeente"}]
    },
    ("post", "/employee-imports"): {
        "employees": [
            {
                "personnelNumber": "300010",
                "name": "Nieuwe Nina",
                "orgUnitKey": "team-a",
                "functionProfileCode": "P22",
                "salaryScale": 8,
                "inFunctionScale": False,
                "entryDate": "2026-10-01",
            }
        ]
    },
    ("post", "/coordinator-delegations"): {
        "coordinatorPersonnelNumber": "100001",
        "employeePersonnelNumber": "200002",
        "decisionReference": "MT-1",
        "decidedBy": "MT",
        "motivation": "Coördinator voert de gesprekken",
        "validFrom": "2026-01-01",
    },
    ("post", "/coordinator-delegations/{delegationId}/endings"): {"validTo": "2027-01-01"},
    ("post", "/guide-versions/{versionId}/adoption"): {
        "collegeDecisionDate": "2026-11-01",
        "collegeDecisionReference": "B&W 2026/41",
        "worksCouncilConsentDate": "2026-10-15",
    },
    ("post", "/cycles/{cycleId}/talks"): {
        "kind": "progress",
        "dueDate": "2027-03-01",
        "reason": "Interim promotion (T2.5)",
    },
    ("post", "/cycles/{cycleId}/talk-requests"): {"kind": "progress", "reason": "Workload"},
    ("post", "/talk-requests/{requestId}/answers"): {
        "decision": "decline",
        "reason": "We discussed it last week",
    },
    ("put", "/talks/{talkId}/appointment"): {
        "startsAt": "2027-01-12T10:00:00+01:00",
        "location": "Mosae Forum, room 2.14",
    },
    ("post", "/talks/{talkId}/completions"): {"heldOn": "2026-11-20"},
    ("post", "/talks/{talkId}/attendees"): {"name": "Hans HR", "role": "HR adviser"},
    ("post", "/talks/{talkId}/attendees/{attendeeId}/consents"): {},
    ("post", "/employees/{personnelNumber}/cycle-decisions"): {
        "fromYear": 2027,
        "reason": "Under-performance: a shorter rhythm (R2.2)",
    },
    ("put", "/cycles/{cycleId}/competency-set"): {"chosen": ["analyseren"], "crucial": []},
    ("put", "/cycles/{cycleId}/agreement-set/weights"): {"weighting": "equal"},
    ("post", "/cycles/{cycleId}/agreements"): WORK,
    ("put", "/cycles/{cycleId}/agreements/{agreementId}"): {
        **WORK,
        "measure": "Vijfentwintig per maand",
        "change": "adjusted",
    },
    ("post", "/cycles/{cycleId}/agreements/{agreementId}/endings"): {"reason": "Taak vervallen"},
    ("post", "/talks/{talkId}/approvals"): {"setVersion": 2},
    ("post", "/talks/{talkId}/manager-decisions"): {
        "setVersion": 2,
        "reason": "De norm geldt voor het hele team.",
        "employeeView": "De norm is te hoog.",
    },
    ("post", "/talks/{talkId}/contributions"): {"kind": "topic", "text": "Werkdruk"},
    ("put", "/talks/{talkId}/ratings"): {"competencies": [{"code": "samenwerken", "score": 3}]},
    ("post", "/talks/{talkId}/draft-shares"): {},
    ("post", "/talks/{talkId}/signatures"): {"contentVersion": 1, "kind": "agree"},
    ("post", "/talks/{talkId}/objections"): {"text": "Ik ben het er niet mee eens."},
    ("post", "/talks/{talkId}/objection-hearings"): {"heldOn": "2026-11-28"},
    ("post", "/talks/{talkId}/finalisations"): {},
    ("post", "/talks/{talkId}/rewards"): {"description": "Eenmalige uitkering"},
    ("post", "/talks/{talkId}/appeal-references"): {"reference": "BZ-2027-001"},
    ("post", "/talks/{talkId}/appeal-decisions"): {
        "procedure": "objection",
        "outcome": "upheld",
        "decidedOn": "2026-11-28",
        "reference": "BZ-2027-001",
    },
    ("post", "/talks/{talkId}/informant-requests"): {
        "informant": {
            "name": "Ria Ketenpartner",
            "email": "ria@example.org",
            "relationship": "chain-partner",
            "relationshipNote": "Ketenpartner jeugdzorg",
        },
        "question": "Hoe verloopt de samenwerking?",
    },
    ("post", "/informant-requests/{requestId}/responses"): {"answer": "Prettig"},
    ("post", "/talks/{talkId}/informant-suggestions"): {"name": "Collega Cas", "reason": "Team"},
    ("post", "/informant-suggestions/{suggestionId}/answers"): {
        "decision": "decline",
        "reason": "Werkt niet met de medewerker samen",
    },
    ("post", "/hardship-decisions"): "hardship",
    ("put", "/clock"): {"today": "2027-01-01"},
    ("post", "/clock/advances"): {"days": 7},
    ("post", "/period-openings"): {"period": "2028-2029"},
    ("post", "/webhook-subscriptions"): {"url": "http://127.0.0.1:9/events"},
    ("put", "/me/notification-preferences"): {"reminders": False},
    ("put", "/webhook-subscriptions/{subscriptionId}"): {
        "url": "http://127.0.0.1:9/events",
        "eventTypes": ["nl.goedgesprek.appraisal.finalised"],
    },
    ("post", "/webhook-subscriptions/{subscriptionId}/secret-rotations"): {},
    ("post", "/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliveries"): {},
}

OPERATIONS = [
    (method, path)
    for path, item in json.loads(generate())["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


def test_every_operation_is_in_the_matrix():
    assert sorted(OPERATIONS) == sorted(EXPECTED)


@pytest.fixture(scope="module")
async def world(engine) -> AsyncIterator[tuple[AsyncConnection, dict[str, object]]]:
    """The organisation, the delegation, the former manager and the sample objects, made once
    for the module in an outer transaction that is rolled back at its end."""
    async with module_transaction(engine) as (conn, maker):
        async with maker() as session:
            await freeze_clock(session)
            await seed_org(session)
            delegation = await record_delegation(
                session,
                actor=HR,
                coordinator="100004",
                employee="200001",
                decision_reference="MT-matrix",
                valid_from=date(2026, 1, 1),
                valid_to=None,
                decided_by="MT",
                motivation="Coördinator voert de gesprekken",
            )
            await _make_former_manager(session)
            # R3.5: a draft guide version, for HR to record its adoption.
            await load_guide(
                session,
                document=synthetic_guide("matrix-draft", date(2031, 1, 1), adopted=False),
                actor=HR,
            )
            await session.flush()
            ids = await _sample_objects(session)
            ids["delegation"] = delegation.id
            await session.commit()
        yield conn, ids


@pytest.fixture
async def connection(world) -> AsyncIterator[AsyncConnection]:
    """Each test on a savepoint inside the module's world, rolled back after it: what one
    request writes is gone before the next test."""
    async with savepoint(world[0]) as conn:
        yield conn


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("actor", list(ACTORS))
async def test_authorization_matrix(client, auth, world, method, path, actor):
    _, ids = world
    headers = auth(**ACTORS[actor]) if ACTORS[actor] else {}
    headers.update(SAMPLE_HEADERS.get((method, path), {}))
    concrete = SAMPLE_PATHS.get((method, path)) or SAMPLE_PATHS.get(path, path)
    for placeholder, name in SAMPLE_IDS.items():
        concrete = concrete.replace(placeholder, str(ids[name]))
    assert "{" not in concrete, f"add a sample for {path} to SAMPLE_PATHS"
    body = SAMPLE_BODIES.get((method, path))
    if body == "hardship":
        body = {
            "reference": "B&W 2026/17",
            "reason": "The planning talk was held before the cycle started.",
            "rule": "R2.1",
            "cycleId": str(ids["cycle"]),
        }
    assert body is not None or method in {"get", "delete"}, f"add a body for {method} {path}"
    expected = EXPECTED[(method, path)][actor]
    response = await client.request(method.upper(), "/v1" + concrete, headers=headers, json=body)
    assert response.status_code == expected, response.text
    if response.status_code == CREATED:  # issue 19: every 201 says where to read it
        assert response.headers["Location"].startswith("/v1/"), response.headers
    if response.status_code == UNAUTH:
        assert "WWW-Authenticate" in response.headers


OWNER = Actor(kind="person", subject="200001", roles=frozenset({Role.employee}))
COORDINATOR = Actor(kind="person", subject="100004", roles=frozenset({Role.employee}))


async def _sample_objects(session) -> dict[str, object]:
    """200001's open cycle, its planning talk, a request for an extra talk and an attendee
    (both from the owner)."""
    cycle = await session.scalar(
        select(Cycle)
        .join(Employee, Employee.id == Cycle.employee_id)
        .where(Employee.personnel_number == "200001", Cycle.start_date <= TODAY)
        .order_by(Cycle.start_date.desc())
    )
    talk = await session.scalar(
        select(Talk).where(Talk.cycle_id == cycle.id, Talk.kind == "progress")
    )
    session.info["actor"] = OWNER
    request = await talks.request_talk(
        session, actor=OWNER, today=TODAY, cycle_id=cycle.id, kind="appraisal", reason="Promotion"
    )
    attendee, _ = await talks.propose_attendee(
        session, actor=OWNER, today=TODAY, talk_id=talk.id, name="Vera Vakbond", role="Union"
    )
    agreement = await _agreed_planning(session, cycle)
    appraisal = await session.scalar(
        select(Talk.id).where(Talk.cycle_id == cycle.id, Talk.kind == "appraisal")
    )
    await _complete_draft(session, appraisal)
    shared = await _shared_extra_appraisal(session, cycle)
    session.info["actor"] = COORDINATOR
    informant_request, _ = await informants.request_input(
        session,
        actor=COORDINATOR,
        today=TODAY,
        talk_id=appraisal,
        informant=informants.Informant(
            "100001", None, None, "colleague", "Werkt in hetzelfde team"
        ),
        question="Hoe verloopt de samenwerking?",
    )
    session.info["actor"] = OWNER
    suggestion = await informants.suggest(
        session, actor=OWNER, today=TODAY, talk_id=appraisal, name="Collega Cas", reason="Team"
    )
    await session.flush()
    subscription, delivery = await _sample_webhook(session)
    return {
        "subscription": subscription,
        "delivery": delivery,
        "cycle": cycle.id,
        "talk": talk.id,
        "request": request.id,
        "attendee": attendee.id,
        "agreement": agreement,
        "appraisal": appraisal,
        "shared": shared,
        "informant_request": informant_request.id,
        "suggestion": suggestion.id,
    }


async def _sample_webhook(session) -> tuple[uuid.UUID, uuid.UUID]:
    """A subscription of the "hooks" client with one delivery of an event."""
    session.info["actor"] = HR
    subscription = WebhookSubscription(
        url="http://127.0.0.1:9/events", secret="whsec_c2FtcGxl", owner="hris-hooks"
    )
    event = DomainEvent(**event_row("period.opened", "2026-2027", {"period": "2026-2027"}))
    session.add_all([subscription, event])
    await session.flush()
    delivery = WebhookDelivery(subscription_id=subscription.id, event_id=event.id)
    session.add(delivery)
    await session.flush()
    return subscription.id, delivery.id


async def _shared_extra_appraisal(session, cycle) -> uuid.UUID:
    """An extra appraisal talk (R2.5) with a complete draft shared on 1 November 2026."""
    view = await talks.add_talk(
        session,
        actor=COORDINATOR,
        today=TODAY,
        cycle_id=cycle.id,
        kind="appraisal",
        due_date=date(2026, 12, 15),
        reason="Tussentijdse beoordeling",
        early=False,
    )
    await _complete_draft(session, view.talk.id)
    await appraisal_service.share_draft(
        session, actor=COORDINATOR, today=date(2026, 11, 1), talk_id=view.talk.id
    )
    return view.talk.id


async def _complete_draft(session, talk_id) -> None:
    """A complete draft appraisal of the sample appraisal talk, not shared."""
    session.info["actor"] = COORDINATOR
    view = await appraisal_service.get_appraisal(
        session, actor=COORDINATOR, today=TODAY, talk_id=talk_id
    )
    items = {"work": [], "competencies": [], "career": [], "final": {"motivation": "Goed"}}
    for item in view.subject.items:
        if item.item == "work":
            items["work"].append({"agreementId": item.ref, "score": 4, "motivation": "x"})
        elif item.item == "competency":
            items["competencies"].append({"code": item.ref, "score": 4, "motivation": "x"})
        elif item.item == "knowledge":
            items["knowledge"] = {"score": 4, "motivation": "x"}
    await appraisal_service.put_ratings(
        session,
        actor=COORDINATOR,
        today=TODAY,
        talk_id=talk_id,
        body=RatingsIn.model_validate(items),
        precondition=lambda _seen: None,
    )


async def _agreed_planning(session, cycle) -> uuid.UUID:
    """The planning talk held with a set agreed at version 2 (the competency set and one work
    agreement): the progress talk is where the set is adjusted now."""
    planning = await session.scalar(
        select(Talk).where(Talk.cycle_id == cycle.id, Talk.kind == "planning")
    )
    session.info["actor"] = COORDINATOR
    await competencies.compose(
        session,
        actor=COORDINATOR,
        today=TODAY,
        cycle_id=cycle.id,
        chosen=[],
        crucial=[],
        precondition=lambda _seen: None,
    )
    version, _ = await agreements.create_agreement(
        session,
        actor=COORDINATOR,
        today=TODAY,
        cycle_id=cycle.id,
        body=TypeAdapter(AgreementIn).validate_python(WORK),
    )
    for actor in (COORDINATOR, OWNER):
        session.info["actor"] = actor
        await approvals.approve(
            session, actor=actor, today=TODAY, talk_id=planning.id, set_version=2, party=None
        )
    session.info["actor"] = COORDINATOR
    await talks.record_held(
        session,
        actor=COORDINATOR,
        today=TODAY,
        talk_id=planning.id,
        held_on=date(2026, 11, 1),
        attendee_ids=[],
    )
    return version.agreement_id


async def _make_former_manager(session) -> None:
    """900001 managed 200001 from 2020 until 1 June 2026, then 200002 (history as synced)."""
    employee = select(Employee.id).where(Employee.personnel_number == "200001").scalar_subquery()
    former = select(Employee.id).where(Employee.personnel_number == "900001").scalar_subquery()
    await session.execute(
        update(ManagerAssignment)
        .where(ManagerAssignment.employee_id == employee)
        .values(valid_from=date(2026, 6, 1))
    )
    await session.execute(
        insert(ManagerAssignment).values(
            id=uuid.uuid4(),
            employee_id=employee,
            manager_id=former,
            valid_from=date(2020, 1, 1),
            valid_to=date(2026, 6, 1),
        )
    )
