"""The personal development plan (POP) of a cycle (issue 18, T4.1): the development and career
agreements with the conditions, as last agreed, and their evaluations once the appraisal is
shared; JSON or PDF; for the appraisal's readers only, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEvent
from tests.appraisals import agreed_and_held, appraisal_url, complete_ratings, rate, read
from tests.pdf_text import pdf_text

DEVELOPMENT = {
    "kind": "development",
    "description": "Training integriteit gevolgd",
    "subject": "competency",
    "competencyCode": "integriteit",
    "method": "training",
    "methodDetail": "Dilemmatraining",
    "dueDate": "2027-06-30",
}
CONDITION = {"kind": "condition", "description": "Een uur per week studietijd"}


@pytest.fixture
async def cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee, DEVELOPMENT, CONDITION)


def plan_url(cycle: dict) -> str:
    return f"/v1/cycles/{cycle['id']}/personal-development-plan"


async def test_t4_1_the_plan_is_the_development_and_career_agreements_and_conditions(
    client, cycle, employee, manager, hr
):
    for reader in (employee, manager, hr):
        response = await client.get(plan_url(cycle), headers=reader)
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "private, no-store"
    plan = response.json()
    assert plan["personnelNumber"] == "100001" and plan["setVersion"] is not None
    assert [(d["description"], d["concerns"], d["concernsName"]) for d in plan["development"]] == [
        ("Training integriteit gevolgd", "integriteit", "Integriteit")
    ]
    assert plan["development"][0]["method"] == "training"
    assert [(c["description"], c["careerType"]) for c in plan["career"]] == [
        ("Doorgroeien", "career-step")
    ]
    assert [c["description"] for c in plan["conditions"]] == ["Een uur per week studietijd"]
    # No work agreements: they are not part of the plan.
    assert "Nota duurzaamheid opgeleverd" not in response.text
    assert plan["appraisal"] is None
    assert all(a["evaluation"] is None for a in plan["development"] + plan["career"])


async def test_t4_1_the_evaluations_appear_once_the_appraisal_is_shared(
    client, cycle, employee, manager
):
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft)
    body["development"][0]["evaluation"] = "Training gevolgd; zichtbaar in dilemma's"
    body["career"][0]["evaluation"] = "Opleiding tot projectleider gestart"
    assert (await rate(client, cycle, manager, body)).status_code == 200
    # A draft is the manager's work in progress: nobody's plan shows it yet (R6.3).
    for reader in (employee, manager):
        plan = (await client.get(plan_url(cycle), headers=reader)).json()
        assert plan["appraisal"] is None
        assert plan["development"][0]["evaluation"] is None
    shared = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert shared.status_code == 201, shared.text
    plan = (await client.get(plan_url(cycle), headers=employee)).json()
    assert plan["appraisal"]["state"] == "shared"
    assert plan["development"][0]["evaluation"] == "Training gevolgd; zichtbaar in dilemma's"
    assert plan["career"][0]["evaluation"] == "Opleiding tot projectleider gestart"
    assert plan["conditions"][0]["evaluation"] is None
    pdf = await client.get(plan_url(cycle), headers={**employee, "Accept": "application/pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="pop-100001-')
    text = pdf_text(pdf.content)
    for expected in (
        "Persoonlijk ontwikkelingsplan (POP)",
        "artikel 17:4 AGM",
        "Training integriteit gevolgd",
        "Dilemmatraining",
        "Training gevolgd; zichtbaar in dilemma's",
        "Opleiding tot projectleider gestart",
        "Een uur per week studietijd",
        "concept gedeeld",
    ):
        assert expected in text, expected


async def test_t4_1_the_plan_is_for_the_appraisals_readers_only_and_audited(
    client, cycle, auth, employee, session
):
    colleague = auth(role="employee", sub="100004")
    assert (await client.get(plan_url(cycle), headers=colleague)).status_code == 404
    stranger = auth(role="manager", sub="200002")
    assert (await client.get(plan_url(cycle), headers=stranger)).status_code == 404
    reader = auth(client="bi", scopes=["cycles:read"])
    assert (await client.get(plan_url(cycle), headers=reader)).status_code == 403
    refused = await client.get(plan_url(cycle), headers={**employee, "Accept": "text/csv"})
    assert refused.status_code == 406
    assert (await client.get(plan_url(cycle), headers=employee)).status_code == 200
    readers = await session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.action == "read",
            AuditEvent.resource_type == "personal-development-plan",
            AuditEvent.resource_id == cycle["id"],
        )
    )
    assert list(readers) == ["100001"]
