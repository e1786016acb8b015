"""Bezwaar en beroep (Art. 6.12, toelichting; issue 18, R6.12): HR records the outcome of a
formal objection or appeal against a finalised appraisal; upheld in whole or part, a
superseding appraisal is opened, prefilled, through the same procedure, linked both ways; the
original stays immutable and the outcomes show the superseding rating once it is final."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.appraisals import (
    agreed_and_held,
    appraisal_url,
    complete_ratings,
    rate,
    read,
    sign,
    step,
)
from tests.cycles import talk_of
from tests.pdf_text import pdf_text


@pytest.fixture
async def cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee)


async def finalised(client, cycle, manager, employee, hr) -> dict:
    """Rated 3 throughout, shared 29 November, held 6 December, agreed, finalised at once."""
    draft = (await read(client, cycle, manager)).json()
    assert (await rate(client, cycle, manager, complete_ratings(draft, 3))).status_code == 200
    assert (await step(client, cycle, "draft-shares", manager)).status_code == 201
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    talk = talk_of(cycle, "appraisal")["id"]
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    assert (await sign(client, cycle, manager)).status_code == 201
    assert (await sign(client, cycle, employee, kind="agree")).status_code == 201
    final = await step(client, cycle, "finalisations", manager)
    assert final.status_code == 201, final.text
    return final.json()


def decide(outcome: str, day: str = "2027-01-15", procedure: str = "objection") -> dict:
    return {"procedure": procedure, "outcome": outcome, "decidedOn": day, "reference": "BZ-7"}


async def test_r6_12_an_upheld_objection_opens_a_superseding_appraisal(
    client, cycle, manager, employee, hr, connection
):
    original = await finalised(client, cycle, manager, employee, hr)
    await client.put("/v1/clock", json={"today": "2027-01-20"}, headers=hr)
    url = appraisal_url(cycle, "appeal-decisions")
    recorded = await client.post(url, json=decide("partly-upheld"), headers=hr)
    assert recorded.status_code == 201, recorded.text
    decision = recorded.json()
    assert (decision["outcome"], decision["appraisalId"]) == ("partly-upheld", original["id"])
    new_talk = decision["supersedingTalkId"]
    assert new_talk is not None
    # Linked both ways; the original unchanged.
    before = (await read(client, cycle, hr)).json()
    assert before["supersededBy"] == new_talk and before["state"] == "finalised"
    assert before["final"]["rating"] == original["final"]["rating"] == 3
    draft = (await client.get(f"/v1/talks/{new_talk}/appraisal", headers=manager)).json()
    assert draft["state"] == "draft" and draft["supersedes"] == original["talkId"]
    assert [(i["ref"], i["score"]) for i in draft["items"]] == [
        (i["ref"], i["score"]) for i in original["items"]
    ]
    assert draft["final"]["rating"] == 3 and draft["final"]["motivation"] == "Goed"
    # R6.3: the new draft is the manager's until it is shared.
    hidden = await client.get(f"/v1/talks/{new_talk}/appraisal", headers=employee)
    assert hidden.status_code == 404
    # The new talk is in the cycle: origin appeal, due four weeks after the decision.
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    added = next(t for t in detail["talks"] if t["id"] == new_talk)
    assert (added["kind"], added["origin"], added["dueDate"], added["dueRule"]) == (
        "appraisal",
        "appeal",
        "2027-02-12",
        "R6.12",
    )
    # Through the same procedure: redrafted, shared, held a week later, signed, finalised.
    base = f"/v1/talks/{new_talk}"
    etag = (await client.get(f"{base}/appraisal", headers=manager)).headers["ETag"]
    body = complete_ratings(draft, 4)
    redrafted = await client.put(
        f"{base}/ratings", json=body, headers={**manager, "If-Match": etag}
    )
    assert redrafted.status_code == 200, redrafted.text
    assert (await client.post(f"{base}/draft-shares", headers=manager)).status_code == 201
    await client.put("/v1/clock", json={"today": "2027-01-27"}, headers=hr)
    held = await client.post(f"{base}/completions", json={"heldOn": "2027-01-27"}, headers=manager)
    assert held.status_code == 201, held.text
    for who, extra in ((manager, {}), (employee, {"kind": "agree"})):
        version = (await client.get(f"{base}/appraisal", headers=who)).json()["contentVersion"]
        signed = await client.post(
            f"{base}/signatures", json={"contentVersion": version, **extra}, headers=who
        )
        assert signed.status_code == 201, signed.text
    final = await client.post(f"{base}/finalisations", json={}, headers=manager)
    assert final.status_code == 201, final.text
    assert final.json()["final"]["rating"] == 4
    # Its event names what it supersedes (a consumer replaces the earlier rating).
    event = await connection.scalar(
        text(
            "SELECT data FROM domain_event WHERE type = 'nl.goedgesprek.appraisal.finalised' "
            "AND subject = :talk"
        ),
        {"talk": new_talk},
    )
    assert event["supersedes"] == original["talkId"]
    # The outcomes for the HR system: the superseded one names the final one that counts.
    outcomes = (await client.get("/v1/appraisal-outcomes", headers=hr)).json()["items"]
    by_id = {o["appraisalId"]: o for o in outcomes}
    assert by_id[original["id"]]["supersededBy"] == final.json()["id"]
    assert by_id[final.json()["id"]]["supersedes"] == original["id"]
    assert by_id[final.json()["id"]]["finalRating"] == 4
    # The original stays immutable, in the database too.
    savepoint = await connection.begin_nested()
    with pytest.raises(DBAPIError, match="immutable"):
        await connection.execute(
            text("UPDATE appraisal SET final_rating = 4 WHERE id = :id"), {"id": original["id"]}
        )
    await savepoint.rollback()
    # Both archive copies say so.
    old_copy = pdf_text(
        (await client.get(appraisal_url(cycle, "appraisal/archive-copy"), headers=hr)).content
    )
    assert "Uitspraak bezwaar gedeeltelijk gegrond, 15 januari 2027 (kenmerk BZ-7)" in old_copy
    new_copy = pdf_text((await client.get(f"{base}/appraisal/archive-copy", headers=hr)).content)
    assert (
        "Deze beoordeling vervangt de beoordeling die op 6 december 2026 is vastgesteld: "
        "bezwaar gedeeltelijk gegrond verklaard op 15 januari 2027 (kenmerk BZ-7)."
    ) in new_copy
    # The employee reads the decisions on their appraisal.
    listed = (await client.get(url, headers=employee)).json()["items"]
    assert [(d["procedure"], d["outcome"], d["reference"]) for d in listed] == [
        ("objection", "partly-upheld", "BZ-7")
    ]


async def test_r6_12_an_outcome_is_recorded_once_and_supersedes_once(
    client, cycle, manager, employee, hr
):
    await finalised(client, cycle, manager, employee, hr)
    await client.put("/v1/clock", json={"today": "2027-01-20"}, headers=hr)
    url = appraisal_url(cycle, "appeal-decisions")
    assert (await client.post(url, json=decide("upheld"), headers=hr)).status_code == 201
    twice = await client.post(url, json=decide("rejected"), headers=hr)
    assert (twice.status_code, twice.json()["code"]) == (409, "appeal-decided")
    assert twice.json()["rule"] == "R6.12"
    # An appeal against the same original cannot open a second superseding appraisal.
    appeal = await client.post(url, json=decide("upheld", procedure="appeal"), headers=hr)
    assert (appeal.status_code, appeal.json()["code"]) == (409, "appraisal-superseded")


async def test_r6_12_rejected_or_withdrawn_opens_nothing_and_bad_input_is_refused(
    client, cycle, manager, employee, hr
):
    url = appraisal_url(cycle, "appeal-decisions")
    early = await client.post(url, json=decide("upheld", "2026-11-29"), headers=hr)
    assert (early.status_code, early.json()["code"]) == (409, "appraisal-not-finalised")
    await finalised(client, cycle, manager, employee, hr)
    assert (await client.post(url, json=decide("upheld"), headers=manager)).status_code == 403
    for day, code in (("2027-02-01", "in_future"), ("2026-12-01", "before_finalisation")):
        await client.put("/v1/clock", json={"today": "2027-01-20"}, headers=hr)
        refused = await client.post(url, json=decide("upheld", day), headers=hr)
        assert refused.status_code == 400, refused.text
        assert refused.json()["rule"] == "R6.12"
        assert [(p["name"], p["code"]) for p in refused.json()["invalidParams"]] == [
            ("decidedOn", code)
        ]
    withdrawn = await client.post(url, json=decide("withdrawn"), headers=hr)
    assert withdrawn.status_code == 201 and withdrawn.json()["supersedingTalkId"] is None
    rejected = await client.post(url, json=decide("rejected", procedure="appeal"), headers=hr)
    assert rejected.status_code == 201 and rejected.json()["supersedingTalkId"] is None
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    assert [t["kind"] for t in detail["talks"]].count("appraisal") == 1
    assert (await read(client, cycle, hr)).json()["supersededBy"] is None
