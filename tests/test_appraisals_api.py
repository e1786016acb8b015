"""The appraisal over HTTP (Article 6): drafting the ratings, the final rating, sharing the
draft; the employee never sees an unshared draft (R6.3); every read is audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.models import AuditEvent
from tests.agreements import agree
from tests.appraisals import (
    agreed_and_held,
    appraisal_url,
    complete_ratings,
    rate,
    read,
    share,
    sign,
    step,
)
from tests.cycles import current_cycle, talk_of
from tests.org import EMPLOYEE, HR_SUB, KNOWLEDGE_LEVELS, MANAGER


@pytest.fixture
async def cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee)


async def test_r6_4_the_items_to_rate_come_from_the_agreed_set(client, cycle, manager):
    response = await read(client, cycle, manager)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] is None and body["state"] == "draft" and body["contentVersion"] == 0
    kinds = [i["item"] for i in body["items"]]
    # One work agreement, the seven competencies, the knowledge level, the career agreement.
    assert kinds == ["work"] + ["competency"] * 7 + ["knowledge", "career"]
    crucial = [i["ref"] for i in body["items"] if i["crucial"]]
    assert crucial == ["integriteit"]
    assert body["actions"] == ["rate"]


async def test_r4_1_b_the_knowledge_level_is_rated_against_the_function_profile(
    client, cycle, manager, hr
):
    # Art. 4.1 b: "op basis van het kennisniveau zoals vastgelegd in functieprofiel".
    expected = KNOWLEDGE_LEVELS["P22"]
    profiles = (await client.get("/v1/function-profiles", headers=hr)).json()["items"]
    assert {p["code"]: p["knowledgeLevel"] for p in profiles}["P22"] == expected
    base = f"/v1/cycles/{cycle['id']}"
    composed = (await client.get(f"{base}/competency-set", headers=manager)).json()
    assert composed["knowledgeLevel"] == expected
    draft = (await read(client, cycle, manager)).json()
    criteria = {i["item"]: i["criterion"] for i in draft["items"]}
    assert criteria["knowledge"] == expected
    assert criteria["work"] == "Ontwikkelt beleid"  # R4.1 a: the main task it comes from
    assert criteria["competency"] is None
    # The set keeps the text it was composed with: a later sync changes the profile only.
    changed = await client.put(
        "/v1/function-profiles/P22",
        json={
            "title": "Beleidsmedewerker D",
            "functionGroup": "beleidsmedewerker",
            "scale": 10,
            "mainTasks": ["Ontwikkelt beleid", "Adviseert het bestuur"],
        },
        headers=hr,
    )
    assert changed.status_code == 200 and changed.json()["knowledgeLevel"] is None
    again = (await read(client, cycle, manager)).json()
    assert next(i for i in again["items"] if i["item"] == "knowledge")["criterion"] == expected


DEVELOP_INTEGRITY = {
    "kind": "development",
    "description": "Training integriteit gevolgd",
    "subject": "competency",
    "competencyCode": "integriteit",
    "method": "training",
    "dueDate": "2027-06-30",
}
DEVELOP_KNOWLEDGE = {
    "kind": "development",
    "description": "Cursus Omgevingswet afgerond",
    "subject": "knowledge",
    "method": "training",
    "dueDate": "2027-06-30",
}


async def test_r6_4_b_each_development_agreement_is_evaluated_not_scored(
    client, org, manager, employee, hr, auth
):
    # Art. 6.4 b: "het kennis- en competentieniveau en de daarover gemaakte
    # ontwikkelingsafspraken".
    cycle = await agreed_and_held(client, manager, employee, DEVELOP_INTEGRITY, DEVELOP_KNOWLEDGE)
    draft = (await read(client, cycle, manager)).json()
    development = [i for i in draft["items"] if i["item"] == "development"]
    assert [(i["title"], i["concerns"]) for i in development] == [
        ("Training integriteit gevolgd", "integriteit"),
        ("Cursus Omgevingswet afgerond", "knowledge"),
    ]
    # Not scored: R6.5 does not list them.
    body = complete_ratings(draft)
    scored = {**body, "development": [{"agreementId": development[0]["ref"], "score": 4}]}
    assert (await rate(client, cycle, manager, scored)).status_code == 400
    # Needed for completeness (R6.8): without an evaluation the draft is not shared.
    body["development"] = body["development"][:1]
    first = await rate(client, cycle, manager, body)
    assert first.status_code == 200, first.text
    refused = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["code"]) == ("R6.8", "draft-incomplete")
    names = [p["name"] for p in refused.json()["invalidParams"]]
    assert names == [f"development {development[1]['ref']}"]
    # The final rating does not count them: both drafts compute the same.
    complete = await rate(
        client, cycle, manager, complete_ratings(draft), etag=first.headers["ETag"]
    )
    assert complete.status_code == 200
    assert complete.json()["final"]["computed"] == first.json()["final"]["computed"] == 4
    evaluated = {i["ref"]: (i["score"], i["motivation"]) for i in complete.json()["items"]}
    assert evaluated[development[1]["ref"]] == (None, "Gelukt")
    shared = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert shared.status_code == 201, shared.text


async def test_r6_4_nothing_to_appraise_before_the_agreements_are_agreed(client, org, manager):
    fresh = await current_cycle(client, manager)
    response = await read(client, fresh, manager)
    assert response.status_code == 409 and response.json()["rule"] == "R6.4"


async def test_r6_3_the_employee_never_sees_an_unshared_draft(client, cycle, manager, employee):
    assert (await read(client, cycle, employee)).status_code == 404
    draft = (await read(client, cycle, manager)).json()
    assert (await rate(client, cycle, manager, complete_ratings(draft))).status_code == 200
    hidden = await read(client, cycle, employee)
    assert hidden.status_code == 404 and hidden.json()["code"] == "appraisal-not-found"
    # The talk and the cycle show nothing of it either.
    talk = await client.get(f"/v1/talks/{talk_of(cycle, 'appraisal')['id']}", headers=employee)
    assert "ratings" not in talk.text and "Behaald" not in talk.text
    shared = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert shared.status_code == 201, shared.text
    seen = await read(client, cycle, employee)
    assert seen.status_code == 200 and seen.json()["state"] == "shared"
    assert seen.json()["final"]["rating"] == 4


async def test_r6_6_the_final_rating_is_computed_with_both_part_scores(client, cycle, manager):
    draft = (await read(client, cycle, manager)).json()
    work = next(i["ref"] for i in draft["items"] if i["item"] == "work")
    body = complete_ratings(draft, score=3, **{work: 5})
    rated = await rate(client, cycle, manager, body)
    assert rated.status_code == 200, rated.text
    out = rated.json()
    # Part (a) = 5; part (b) = the 7 competencies and the knowledge level, all 3 → 3;
    # 0.5·5 + 0.5·3 = 4.
    assert out["workPart"] == {"score": 5.0, "items": 1}
    assert out["competencyPart"] == {"score": 3.0, "items": 8}
    assert out["final"]["computed"] == 4 and out["final"]["label"] == "goed"
    # Half up: a = 4, b = 3 → 3.5 → 4.
    body = complete_ratings(draft, score=3, **{work: 4})
    again = await rate(client, cycle, manager, body, etag=rated.headers["ETag"])
    assert again.json()["final"]["computed"] == 4 and again.json()["contentVersion"] == 2
    missing = await rate(client, cycle, manager, {"competencies": []}, etag=again.headers["ETag"])
    assert missing.json()["final"]["missing"] == ["work", "competencies"]


async def test_r6_6_each_part_weighs_half_and_a_stored_share_is_kept(
    client, session, cycle, manager
):
    """Art. 6.6: "Beide onderdelen wegen ieder voor 50% mee." The share is the regulation's,
    stored with the appraisal; one rated under another share (an earlier release had a
    setting) shows what was computed then until it is rated again."""
    draft = (await read(client, cycle, manager)).json()
    assert draft["final"]["workSharePercent"] is None  # nothing rated yet
    work = next(i["ref"] for i in draft["items"] if i["item"] == "work")
    rated = await rate(client, cycle, manager, complete_ratings(draft, 3, **{work: 5}))
    # ½·5 + ½·3 = 4.
    assert rated.json()["final"]["computed"] == 4
    assert rated.json()["final"]["workSharePercent"] == 50
    await session.execute(
        text("UPDATE appraisal SET work_share_percent = 75 WHERE id = :id"),
        {"id": rated.json()["id"]},
    )
    fresh = await read(client, cycle, manager)
    kept = fresh.json()
    # 0.75·5 + 0.25·3 = 4.5 → 5: as it was computed when it was rated.
    assert kept["final"]["computed"] == 5 and kept["final"]["workSharePercent"] == 75
    again = await rate(
        client, cycle, manager, complete_ratings(draft, 3, **{work: 5}), etag=fresh.headers["ETag"]
    )
    assert again.json()["final"]["workSharePercent"] == 50
    assert again.json()["final"]["computed"] == 4


def test_r6_6_the_share_is_no_setting_and_a_deployment_still_setting_it_is_told(monkeypatch):
    from app.config import ConfigurationError, Settings

    assert "final_work_share_percent" not in Settings.model_fields
    monkeypatch.setenv("GOEDGESPREK_FINAL_WORK_SHARE_PERCENT", "75")
    with pytest.raises(ConfigurationError, match=r"R6\.6"):
        Settings(database_url="postgresql://x/y").check_startup()


async def test_r6_7_the_override_needs_a_crucial_onvoldoende(client, cycle, manager):
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft, score=4)
    body["final"] = {"motivation": "x", "override": True, "overrideMotivation": "Integriteit"}
    refused = await rate(client, cycle, manager, body)
    assert refused.status_code == 422 and refused.json()["rule"] == "R6.7"
    assert (await read(client, cycle, manager)).json()["id"] is None  # nothing stored
    body = complete_ratings(draft, score=4, integriteit=1)
    body["final"] = {"motivation": "x", "override": True}
    no_motivation = await rate(client, cycle, manager, body)
    assert no_motivation.status_code == 400 and no_motivation.json()["rule"] == "R6.7"
    body["final"]["overrideMotivation"] = "Integriteit is cruciaal"
    done = await rate(client, cycle, manager, body)
    assert done.status_code == 200, done.text
    final = done.json()["final"]
    assert (final["computed"], final["rating"], final["override"]) == (4, 1, True)


async def test_r6_8_a_draft_is_shared_only_when_complete(client, cycle, manager):
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft)
    body["competencies"][0]["motivation"] = None
    body["final"] = {}
    first = await rate(client, cycle, manager, body)
    refused = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("R6.8", "draft-incomplete")
    names = [p["name"] for p in refused.json()["invalidParams"]]
    assert names == ["competency samenwerken", "final.motivation"]
    assert (await read(client, cycle, manager)).json()["state"] == "draft"
    fixed = await rate(client, cycle, manager, complete_ratings(draft), etag=first.headers["ETag"])
    assert fixed.status_code == 200
    assert (
        await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    ).status_code == 201
    twice = await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    assert twice.status_code == 409


async def test_r6_3_with_if_match_only_the_draft_the_manager_read_is_shared(client, cycle, manager):
    draft = (await read(client, cycle, manager)).json()
    first = await rate(client, cycle, manager, complete_ratings(draft))
    second = await rate(
        client, cycle, manager, complete_ratings(draft, 3), etag=first.headers["ETag"]
    )
    url = appraisal_url(cycle, "draft-shares")
    stale = await client.post(url, headers={**manager, "If-Match": first.headers["ETag"]})
    assert stale.status_code == 412 and stale.headers["ETag"] == second.headers["ETag"]
    assert (await read(client, cycle, manager)).json()["state"] == "draft"  # nothing shared
    shared = await client.post(url, headers={**manager, "If-Match": second.headers["ETag"]})
    assert shared.status_code == 201 and shared.json()["state"] == "shared"


async def test_r6_4_ratings_are_for_what_was_agreed_and_only_by_the_manager(
    client, cycle, manager, employee, hr
):
    draft = (await read(client, cycle, manager)).json()
    body = complete_ratings(draft)
    body["competencies"].append({"code": "onderhandelen", "score": 3})
    refused = await rate(client, cycle, manager, body)
    assert refused.status_code == 400 and refused.json()["rule"] == "R6.4"
    assert refused.json()["invalidParams"][0]["name"] == "competencies.7.code"
    out_of_scale = complete_ratings(draft)
    out_of_scale["knowledge"]["score"] = 6
    assert (await rate(client, cycle, manager, out_of_scale)).status_code == 400
    assert (await rate(client, cycle, manager, complete_ratings(draft))).status_code == 200
    assert (await rate(client, cycle, hr, complete_ratings(draft))).status_code == 403
    # The employee: 404, as for reading (R6.3: not even that a draft exists shows).
    assert (await rate(client, cycle, employee, complete_ratings(draft))).status_code == 404
    no_etag = await rate(client, cycle, manager, complete_ratings(draft, score=3))
    assert no_etag.status_code == 428


async def test_every_read_of_an_appraisal_is_audited_with_its_reader(
    client, cycle, manager, hr, session
):
    draft = (await read(client, cycle, manager)).json()
    stored = await rate(client, cycle, manager, complete_ratings(draft))
    appraisal_id = stored.json()["id"]
    for headers in (manager, hr):
        assert (await read(client, cycle, headers)).status_code == 200
    readers = await session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.action == "read", AuditEvent.resource_id == appraisal_id
        )
    )
    assert sorted(readers) == sorted([MANAGER, HR_SUB])  # one read each, order not kept


async def test_r6_12_a_finalised_appraisal_is_immutable_in_the_database(
    client, cycle, manager, session
):
    draft = (await read(client, cycle, manager)).json()
    appraisal_id = (await rate(client, cycle, manager, complete_ratings(draft))).json()["id"]
    await session.execute(
        text(
            "UPDATE appraisal SET state = 'finalised', shared_on = '2026-11-01', "
            "finalised_on = '2026-11-29' WHERE id = :id"
        ),
        {"id": appraisal_id},
    )
    for statement in (
        "UPDATE appraisal SET final_rating = 5 WHERE id = :id",
        "DELETE FROM appraisal WHERE id = :id",
        "UPDATE appraisal_rating SET score = 5 WHERE appraisal_id = :id",
        "DELETE FROM appraisal_rating WHERE appraisal_id = :id",
    ):
        with pytest.raises(DBAPIError, match="immutable"):
            async with session.begin_nested():
                await session.execute(text(statement), {"id": appraisal_id})
    # What may follow finalisation: the appeal reference, and a reward with goed (R6.9).
    await session.execute(
        text(
            "UPDATE appraisal SET appeal_reference = 'BZ-2027-3', appeal_recorded_by = "
            "'100003', reward = 'Eenmalige beloning' WHERE id = :id"
        ),
        {"id": appraisal_id},
    )
    # Recorded once: neither the reward nor the appeal reference changes afterwards.
    for statement in (
        "UPDATE appraisal SET reward = 'Meer' WHERE id = :id",
        "UPDATE appraisal SET appeal_reference = NULL WHERE id = :id",
        "UPDATE appraisal SET appeal_recorded_by = 'iemand' WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="immutable"):
            async with session.begin_nested():
                await session.execute(text(statement), {"id": appraisal_id})
    refused = await client.put(
        appraisal_url(cycle, "ratings"),
        json=complete_ratings(draft),
        headers={**manager, "If-Match": "*"},
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "R6.12"
    assert await session.scalar(select(func.count()).select_from(text("appraisal_rating"))) > 0


async def test_r6_3_the_talk_is_held_no_earlier_than_7_days_after_sharing(
    client, cycle, manager, hr
):
    talk = talk_of(cycle, "appraisal")["id"]
    etag = (await client.get(f"/v1/talks/{talk}", headers=manager)).headers["ETag"]
    appointment = {"startsAt": "2026-12-10T10:00:00+01:00", "location": "Kamer 2"}
    unshared = await client.put(
        f"/v1/talks/{talk}/appointment", json=appointment, headers={**manager, "If-Match": etag}
    )
    assert unshared.status_code == 422, unshared.text
    assert (unshared.json()["rule"], unshared.json()["code"]) == ("R6.3", "draft-not-shared")
    held_early = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-11-29"}, headers=manager
    )
    assert held_early.status_code == 422 and held_early.json()["rule"] == "R6.3"
    await share(client, talk, manager)  # shared on 2026-11-29
    six_days = {**appointment, "startsAt": "2026-12-05T10:00:00+01:00"}
    soon = await client.put(
        f"/v1/talks/{talk}/appointment", json=six_days, headers={**manager, "If-Match": etag}
    )
    assert soon.status_code == 422 and soon.json()["code"] == "too-soon-after-sharing"
    seven_days = {**appointment, "startsAt": "2026-12-06T10:00:00+01:00"}
    scheduled = await client.put(
        f"/v1/talks/{talk}/appointment", json=seven_days, headers={**manager, "If-Match": etag}
    )
    assert scheduled.status_code == 200, scheduled.text
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    day_six = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-05"}, headers=manager
    )
    assert day_six.status_code == 422 and day_six.json()["rule"] == "R6.3"
    assert (await read(client, cycle, manager)).json()["state"] == "shared"
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    assert (await read(client, cycle, manager)).json()["state"] == "held"


async def test_r7_r6_3_a_hardship_decision_lets_the_talk_be_held_sooner(client, cycle, manager, hr):
    talk = talk_of(cycle, "appraisal")["id"]
    await share(client, talk, manager)
    decision = await client.post(
        "/v1/hardship-decisions",
        json={
            "reference": "B&W 2026/40",
            "reason": "Vertrek naar het buitenland: het gesprek moet deze week.",
            "rule": "R6.3",
            "cycleId": cycle["id"],
            "talkId": talk,
        },
        headers=hr,
    )
    assert decision.status_code == 201, decision.text
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-11-29"}, headers=manager
    )
    assert held.status_code == 201, held.text


# --- after the talk: signatures, objections, hearing, finalisation (R6.9, R6.11, R6.12) ----


async def held_appraisal(client, cycle, manager, hr, score: int = 4) -> str:
    """The appraisal drafted (all ``score``), shared on 2026-11-29 and held on 2026-12-06."""
    talk = talk_of(cycle, "appraisal")["id"]
    draft = (await read(client, cycle, manager)).json()
    assert (
        await rate(client, cycle, manager, complete_ratings(draft, score=score))
    ).status_code == 200
    assert (
        await client.post(appraisal_url(cycle, "draft-shares"), headers=manager)
    ).status_code == 201
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    return talk


async def test_r6_11_after_agreement_the_manager_finalises_at_once(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    early = await step(client, cycle, "finalisations", manager)
    assert early.status_code == 422 and early.json()["code"] == "manager-signature-missing"
    assert (await sign(client, cycle, manager)).status_code == 201
    signed = await sign(client, cycle, employee, kind="agree")
    assert signed.status_code == 201, signed.text
    assert [s["kind"] for s in signed.json()["signatures"]] == ["signed", "agree"]
    assert "finalise" in (await read(client, cycle, manager)).json()["actions"]
    final = await step(client, cycle, "finalisations", manager)
    assert final.status_code == 201, final.text
    assert (final.json()["state"], final.json()["finalisedOn"]) == ("finalised", "2026-12-06")
    # R6.12: final means final; only the appeal reference (HR) and a reward (R6.9) follow.
    changed = await client.put(
        appraisal_url(cycle, "ratings"), json={}, headers={**manager, "If-Match": "*"}
    )
    assert changed.status_code == 409 and changed.json()["rule"] == "R6.12"
    assert (
        await step(client, cycle, "appeal-references", manager, {"reference": "x"})
    ).status_code == 403
    appeal = await step(client, cycle, "appeal-references", hr, {"reference": "BZ-2027-001"})
    assert appeal.status_code == 201 and appeal.json()["appealReference"] == "BZ-2027-001"
    reward = await step(client, cycle, "rewards", manager, {"description": "Eenmalige uitkering"})
    assert reward.status_code == 201 and reward.json()["reward"] == "Eenmalige uitkering"
    again = await step(client, cycle, "rewards", manager, {"description": "Nog een"})
    assert again.status_code == 409


async def test_r6_11_after_seen_the_manager_waits_out_the_objection_window(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    assert (await sign(client, cycle, employee, kind="seen")).status_code == 201
    deadlines = (await read(client, cycle, employee)).json()["deadlines"]
    assert {"name": "objections-until", "due": "2026-12-20", "rule": "R6.11"}.items() <= next(
        d for d in deadlines if d["name"] == "objections-until"
    ).items()
    refused = await step(client, cycle, "finalisations", manager)
    assert refused.status_code == 422 and refused.json()["code"] == "objection-window-open"
    await client.put("/v1/clock", json={"today": "2026-12-20"}, headers=hr)
    assert (await step(client, cycle, "finalisations", manager)).status_code == 422
    await client.put("/v1/clock", json={"today": "2026-12-21"}, headers=hr)
    late = await step(client, cycle, "objections", employee, {"text": "Oneens"})
    assert late.status_code == 422, late.text
    assert (late.json()["rule"], late.json()["code"]) == ("R6.11", "objection-window-closed")
    assert (await step(client, cycle, "finalisations", manager)).status_code == 201


async def test_r6_12_objections_a_hearing_and_an_explained_finalisation(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    await client.put("/v1/clock", json={"today": "2026-12-20"}, headers=hr)  # day 14
    assert (await step(client, cycle, "objections", manager, {"text": "x"})).status_code == 403
    objected = await step(client, cycle, "objections", employee, {"text": "Te streng"})
    assert objected.status_code == 201 and objected.json()["state"] == "objected"
    before_hearing = await step(client, cycle, "finalisations", manager)
    assert before_hearing.status_code == 409 and before_hearing.json()["rule"] == "R6.12"
    # The hearing is late (due 2027-01-03): recorded and flagged, never refused.
    await client.put("/v1/clock", json={"today": "2027-01-10"}, headers=hr)
    hearing = await step(client, cycle, "objection-hearings", manager, {"heldOn": "2027-01-08"})
    assert hearing.status_code == 201, hearing.text
    flagged = {d["name"]: d for d in hearing.json()["deadlines"]}
    assert flagged["hearing-by"]["due"] == "2027-01-03" and flagged["hearing-by"]["missed"]
    assert flagged["finalise-by"]["due"] == "2027-02-05"
    no_response = await step(client, cycle, "finalisations", manager)
    assert no_response.status_code == 400 and no_response.json()["rule"] == "R6.12"
    no_text = await step(client, cycle, "finalisations", manager, {"response": "explained"})
    assert no_text.status_code == 400
    final = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {"response": "explained", "explanation": "De normen gelden voor iedereen."},
    )
    assert final.status_code == 201, final.text
    assert (final.json()["state"], final.json()["response"]) == ("finalised", "explained")


async def test_r6_12_objections_partly_met_change_the_appraisal_and_explain_the_rest(
    client, cycle, manager, employee, hr
):
    """Art. 6.12, "Indien hij de bezwaren niet (geheel) deelt": met partly, the appraisal is
    changed and the manager explains what was not changed and why."""
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    await client.put("/v1/clock", json={"today": "2026-12-20"}, headers=hr)
    assert (
        await step(client, cycle, "objections", employee, {"text": "Twee punten te laag"})
    ).status_code == 201
    assert (
        await step(client, cycle, "objection-hearings", manager, {"heldOn": "2026-12-20"})
    ).status_code == 201
    unchanged = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {"response": "partly-met", "explanation": "Eén punt is terecht."},
    )
    assert unchanged.status_code == 422 and unchanged.json()["code"] == "objections-not-met"
    fresh = await read(client, cycle, manager)
    draft = fresh.json()
    body = complete_ratings(draft, score=5)  # the ratings go up: the objections partly met
    assert (await rate(client, cycle, manager, body, etag=fresh.headers["ETag"])).status_code == 200
    signed = await sign(client, cycle, manager)  # the changed version (R6.11)
    assert signed.status_code == 201, signed.text
    silent = await step(client, cycle, "finalisations", manager, {"response": "partly-met"})
    assert silent.status_code == 400 and silent.json()["rule"] == "R6.12", silent.text
    final = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {
            "response": "partly-met",
            "explanation": "De werkafspraak is bijgesteld; de competenties niet, zie het verslag.",
        },
    )
    assert final.status_code == 201, final.text
    assert (final.json()["state"], final.json()["response"]) == ("finalised", "partly-met")


async def test_r6_12_a_hearing_offered_and_declined_counts_as_the_hearing(
    client, cycle, manager, employee, hr
):
    """Art. 6.12: the employee "in de gelegenheid gesteld deze mondeling toe te lichten" may
    decline; the 28 days to finalise run from the day they declined."""
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    await client.put("/v1/clock", json={"today": "2026-12-20"}, headers=hr)
    objected = await step(client, cycle, "objections", employee, {"text": "Te streng"})
    assert objected.status_code == 201, objected.text
    wrong = await step(
        client, cycle, "objection-hearings", manager, {"heldOn": "2026-12-22", "declined": 1}
    )
    assert wrong.status_code == 400
    declined = await step(
        client,
        cycle,
        "objection-hearings",
        manager,
        {"heldOn": "2026-12-20", "declined": True},
    )
    assert declined.status_code == 201, declined.text
    out = declined.json()
    assert (out["state"], out["hearingOn"], out["hearingDeclined"]) == (
        "heard",
        "2026-12-20",
        True,
    )
    flagged = {d["name"]: d for d in out["deadlines"]}
    assert flagged["finalise-by"]["due"] == "2027-01-17"  # 28 days after declining
    final = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {"response": "explained", "explanation": "De normen gelden voor iedereen."},
    )
    assert final.status_code == 201, final.text
    archive = await client.get(appraisal_url(cycle, "appraisal/archive-copy"), headers=hr)
    assert archive.status_code == 200


async def test_r6_11_each_signs_for_themselves_the_version_they_read(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    for_other = await sign(client, cycle, employee, kind="agree", party="manager")
    assert for_other.status_code == 403 and for_other.json()["rule"] == "R6.11"
    assert (await sign(client, cycle, hr)).status_code == 403
    no_kind = await sign(client, cycle, employee)
    assert no_kind.status_code == 400
    stale = await step(
        client, cycle, "signatures", employee, {"contentVersion": 0, "kind": "agree"}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "content-version-changed"
    assert (await sign(client, cycle, manager)).status_code == 201
    # A change after the signature voids it (R6.11): the manager signs again.
    current = await read(client, cycle, manager)
    draft = current.json()
    rerated = await rate(
        client, cycle, manager, complete_ratings(draft, score=3), etag=current.headers["ETag"]
    )
    assert rerated.status_code == 200 and rerated.json()["signatures"][0]["void"] is True
    await sign(client, cycle, employee, kind="agree")
    refused = await step(client, cycle, "finalisations", manager)
    assert refused.status_code == 422 and refused.json()["code"] == "manager-signature-missing"


async def test_r6_11_an_employee_who_signed_seen_may_still_agree_but_agree_stands(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    assert (await sign(client, cycle, manager)).status_code == 201
    assert (await sign(client, cycle, employee, kind="seen")).status_code == 201
    assert "finalise" not in (await read(client, cycle, manager)).json()["actions"]
    twice = await sign(client, cycle, employee, kind="seen")
    assert twice.status_code == 409 and twice.json()["code"] == "signed-already"
    agreed = await sign(client, cycle, employee, kind="agree")
    assert agreed.status_code == 201, agreed.text
    assert [s["kind"] for s in agreed.json()["signatures"]] == ["signed", "seen", "agree"]
    assert "finalise" in (await read(client, cycle, manager)).json()["actions"]
    back = await sign(client, cycle, employee, kind="seen")
    assert back.status_code == 409 and back.json()["rule"] == "R6.11"
    objection = await step(client, cycle, "objections", employee, {"text": "Toch niet eens"})
    assert objection.status_code == 422 and objection.json()["code"] == "signed-in-agreement"


async def test_r6_9_no_reward_with_normaal(client, cycle, manager, employee, hr):
    await held_appraisal(client, cycle, manager, hr, score=3)
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="agree")
    assert (await step(client, cycle, "finalisations", manager)).status_code == 201
    refused = await step(client, cycle, "rewards", manager, {"description": "Bonus"})
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("R6.9", "reward-needs-goed")
    assert (await read(client, cycle, manager)).json()["reward"] is None


async def test_outcomes_give_the_hris_the_outcome_and_never_the_content(
    client, cycle, manager, employee, hr, auth
):
    await held_appraisal(client, cycle, manager, hr)
    hris = auth(client="payroll", scopes=["outcomes:read"])
    before = (await client.get("/v1/appraisal-outcomes", headers=hris)).json()["items"]
    assert [(o["state"], o["finalRating"]) for o in before] == [("held", None)]
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="agree")
    await step(client, cycle, "finalisations", manager)
    await step(client, cycle, "rewards", manager, {"description": "Bonusregeling flexibel belonen"})
    for headers in (hris, hr):
        response = await client.get(
            "/v1/appraisal-outcomes",
            params={"state": "finalised", "finalisedSince": "2026-12-01", "orgUnit": "team-a"},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        (outcome,) = response.json()["items"]
        assert outcome["employee"]["personnelNumber"] == EMPLOYEE
        assert (outcome["finalRating"], outcome["finalLabel"], outcome["reward"]) == (
            4,
            "goed",
            True,
        )
        assert (outcome["probation"], outcome["early"]) == (False, False)
        # Property-level authorisation: none of the appraisal's content travels.
        for secret in ("motivation", "behaald", "objection", "bonusregeling", "informant"):
            assert secret not in response.text.lower()
    none = await client.get("/v1/appraisal-outcomes?finalRating=5", headers=hris)
    assert none.json()["items"] == []
    for headers in (employee, manager, auth(client="hris", scopes=["people:write"])):
        assert (await client.get("/v1/appraisal-outcomes", headers=headers)).status_code == 403


async def test_r6_12_the_talk_of_a_finalised_appraisal_is_closed_in_the_database(
    client, cycle, manager, session
):
    """R6.10/R6.12: informant input, suggestions and views stay as they were when finalised."""
    draft = (await read(client, cycle, manager)).json()
    appraisal_id = (await rate(client, cycle, manager, complete_ratings(draft))).json()["id"]
    question = {
        "informant": {
            "personnelNumber": "100004",
            "relationship": "colleague",
            "relationshipNote": "Werkt in hetzelfde team",
        },
        "question": "Hoe gaat het?",
    }
    assert (await step(client, cycle, "informant-requests", manager, question)).status_code == 201
    await session.execute(
        text(
            "UPDATE appraisal SET state = 'finalised', shared_on = '2026-11-01', "
            "finalised_on = '2026-11-29' WHERE id = :id"
        ),
        {"id": appraisal_id},
    )
    talk = {"talk": talk_of(cycle, "appraisal")["id"]}
    for statement in (
        "UPDATE informant_request SET answer = 'Later', answered_at = now() WHERE talk_id = :talk",
        "DELETE FROM informant_request WHERE talk_id = :talk",
        "INSERT INTO informant_suggestion (id, talk_id, name, reason, suggested_by) "
        "VALUES (gen_random_uuid(), :talk, 'Iemand', 'Achteraf', '100001')",
        "INSERT INTO talk_contribution (id, talk_id, kind, text, party, author) "
        "VALUES (gen_random_uuid(), :talk, 'view', 'Achteraf', 'employee', '100001')",
    ):
        with pytest.raises(DBAPIError, match="finalised appraisal is closed"):
            async with session.begin_nested():
                await session.execute(text(statement), talk)


# --- R6.10 informants --------------------------------------------------------------------


async def test_r6_10_an_informant_request_records_the_working_relationship(client, cycle, manager):
    """Art. 1.k: an informant is "degene die een relevante functionele werkrelatie met de
    medewerker heeft": the request says which relationship, in a few words too."""
    without = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {"informant": {"personnelNumber": "100004"}, "question": "Hoe gaat het?"},
    )
    assert without.status_code == 400 and without.json()["rule"] == "R6.10"
    assert {p["name"] for p in without.json()["invalidParams"]} == {
        "informant.relationship",
        "informant.relationshipNote",
    }
    unknown = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {
            "informant": {
                "personnelNumber": "100004",
                "relationship": "neighbour",
                "relationshipNote": "Woont naast haar",
            },
            "question": "Hoe gaat het?",
        },
    )
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["name"] == "informant.relationship"
    asked = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {
            "informant": {
                "name": "Ria Ketenpartner",
                "email": "ria@example.org",
                "relationship": "chain-partner",
                "relationshipNote": "  Ketenpartner jeugdzorg ",
            },
            "question": "Hoe verloopt de samenwerking?",
        },
    )
    assert asked.status_code == 201, asked.text
    assert (asked.json()["relationship"], asked.json()["relationshipNote"]) == (
        "chain-partner",
        "Ketenpartner jeugdzorg",
    )
    listed = (await client.get(appraisal_url(cycle, "informant-requests"), headers=manager)).json()
    assert [r["relationship"] for r in listed["items"]] == ["chain-partner"]


async def test_r6_10_informants_answer_once_and_the_employee_sees_it_when_shared(
    client, cycle, manager, employee, auth
):
    colleague = auth(role="employee", sub="100004")
    asked = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {
            "informant": {
                "personnelNumber": "100004",
                "relationship": "colleague",
                "relationshipNote": "Werkt in hetzelfde team",
            },
            "question": "Hoe verloopt de samenwerking?",
        },
    )
    assert asked.status_code == 201, asked.text
    assert (asked.json()["informant"], asked.json()["external"]) == ("Collega Cas", False)
    external = await step(
        client,
        cycle,
        "informant-requests",
        manager,
        {
            "informant": {
                "name": "Ria Ketenpartner",
                "email": "ria@example.org",
                "relationship": "chain-partner",
                "relationshipNote": "Ketenpartner jeugdzorg",
            },
            "question": "?",
        },
    )
    assert external.status_code == 201 and external.json()["external"] is True
    neither = await step(
        client, cycle, "informant-requests", manager, {"informant": {}, "question": "?"}
    )
    assert neither.status_code == 400 and neither.json()["rule"] == "R6.10"
    # The informant sees only their own request, and answers once.
    mine = (await client.get("/v1/informant-requests", headers=colleague)).json()["items"]
    assert [r["id"] for r in mine] == [asked.json()["id"]]
    assert (await client.get("/v1/informant-requests", headers=employee)).json()["items"] == []
    respond = f"/v1/informant-requests/{asked.json()['id']}/responses"
    by_manager = await client.post(respond, json={"answer": "Goed"}, headers=manager)
    assert by_manager.status_code == 403 and by_manager.json()["rule"] == "R6.10"
    by_stranger = await client.post(
        respond, json={"answer": "x"}, headers=auth(role="employee", sub="200001")
    )
    assert by_stranger.status_code == 404
    answered = await client.post(
        respond, json={"answer": "Prettige samenwerking"}, headers=colleague
    )
    assert answered.status_code == 201 and answered.json()["receivedOn"] == "2026-11-29"
    again = await client.post(respond, json={"answer": "Nog iets"}, headers=colleague)
    assert again.status_code == 409
    # The external input is recorded by the manager, with the date received.
    respond_external = f"/v1/informant-requests/{external.json()['id']}/responses"
    no_date = await client.post(respond_external, json={"answer": "Betrouwbaar"}, headers=manager)
    assert no_date.status_code == 400 and no_date.json()["rule"] == "R6.10"
    recorded = await client.post(
        respond_external,
        json={"answer": "Betrouwbaar", "receivedOn": "2026-11-27"},
        headers=manager,
    )
    assert recorded.status_code == 201 and recorded.json()["recordedOnBehalf"] is True
    # R6.3: invisible to the employee until the draft is shared; then who said what.
    listing = appraisal_url(cycle, "informant-requests")
    assert (await client.get(listing, headers=employee)).status_code == 404
    draft = (await read(client, cycle, manager)).json()
    await rate(client, cycle, manager, complete_ratings(draft))
    assert (await client.get(listing, headers=employee)).status_code == 404
    await step(client, cycle, "draft-shares", manager)
    seen = (await client.get(listing, headers=employee)).json()["items"]
    assert [(r["informant"], r["answer"]) for r in seen] == [
        ("Collega Cas", "Prettige samenwerking"),
        ("Ria Ketenpartner", "Betrouwbaar"),
    ]


async def test_r6_10_the_manager_answers_the_employees_suggestion(client, cycle, manager, employee):
    suggested = await step(
        client,
        cycle,
        "informant-suggestions",
        employee,
        {"name": "Collega Cas", "reason": "Werkt dagelijks met mij samen"},
    )
    assert suggested.status_code == 201 and suggested.json()["status"] == "open"
    by_manager = await step(
        client, cycle, "informant-suggestions", manager, {"name": "x", "reason": "y"}
    )
    assert by_manager.status_code == 403
    answer = f"/v1/informant-suggestions/{suggested.json()['id']}/answers"
    no_reason = await client.post(answer, json={"decision": "decline"}, headers=manager)
    assert no_reason.status_code == 400 and no_reason.json()["rule"] == "R6.10"
    assert (
        await client.post(answer, json={"decision": "decline", "reason": "x"}, headers=employee)
    ).status_code == 403
    asked = await client.post(
        answer,
        json={
            "decision": "ask",
            "informant": {
                "personnelNumber": "100004",
                "relationship": "colleague",
                "relationshipNote": "Werkt in hetzelfde team",
            },
            "question": "Hoe is de samenwerking?",
        },
        headers=manager,
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["status"] == "asked" and asked.json()["requestId"]
    twice = await client.post(answer, json={"decision": "decline", "reason": "x"}, headers=manager)
    assert twice.status_code == 409
    for headers in (employee, manager):
        listed = await client.get(appraisal_url(cycle, "informant-suggestions"), headers=headers)
        assert [(x["name"], x["status"], x["requestId"]) for x in listed.json()["items"]] == [
            ("Collega Cas", "asked", asked.json()["requestId"])
        ]


async def test_r6_10_the_appraisal_is_not_finalised_while_a_suggestion_waits(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    suggested = await step(
        client, cycle, "informant-suggestions", employee, {"name": "Cas", "reason": "Project"}
    )
    assert suggested.status_code == 201, suggested.text
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="agree")
    waiting = await read(client, cycle, manager)
    assert waiting.json()["openSuggestions"] == 1 and "finalise" not in waiting.json()["actions"]
    refused = await step(client, cycle, "finalisations", manager)
    assert refused.status_code == 422, refused.text
    assert (refused.json()["rule"], refused.json()["code"]) == ("R6.10", "suggestions-open")
    answer = f"/v1/informant-suggestions/{suggested.json()['id']}/answers"
    declined = await client.post(
        answer, json={"decision": "decline", "reason": "Geen zicht op je werk"}, headers=manager
    )
    assert declined.status_code == 201, declined.text
    final = await step(client, cycle, "finalisations", manager)
    assert final.status_code == 201 and final.json()["openSuggestions"] == 0


async def test_r6_2_r2_3_a_probation_goes_through_both_appraisals(client, org, manager, hr, auth):
    hris = auth(client="hris", scopes=["people:write"])
    newcomer = {
        "name": "Proef Pim",
        "orgUnitKey": "team-a",
        "functionProfileCode": "P22",
        "salaryScale": 9,
        "inFunctionScale": True,
        "entryDate": "2026-06-01",
        "managerPersonnelNumber": MANAGER,
        "managerFrom": "2026-06-01",
        "probation": True,
        "probationDecisionDate": "2027-06-01",
    }
    assert (
        await client.put("/v1/employees/300020", json=newcomer, headers=hris)
    ).status_code == 201
    pim = auth(role="employee", sub="300020")
    probation = await current_cycle(client, manager, "300020")
    assert probation["kind"] == "probation"
    appraisals = [t for t in probation["talks"] if t["kind"] == "appraisal"]
    assert [t["dueRule"] for t in appraisals] == ["R6.2", "R6.2"]
    planning = talk_of(probation, "planning")["id"]
    base = f"/v1/cycles/{probation['id']}"
    await client.put(f"{base}/competency-set", json={"chosen": [], "crucial": []}, headers=manager)
    work = {
        "kind": "work",
        "description": "Inwerken",
        "measure": "Zelfstandig",
        "dueDate": "2027-03-01",
        "mainTask": "Ontwikkelt beleid",
    }
    assert (await client.post(f"{base}/agreements", json=work, headers=manager)).status_code == 201
    await agree(client, probation["id"], planning, manager, pim)
    assert (
        await client.post(
            f"/v1/talks/{planning}/completions", json={"heldOn": "2026-06-20"}, headers=manager
        )
    ).status_code == 201
    today = "2026-11-29"
    for number, talk in enumerate(appraisals, start=1):
        await share(client, talk["id"], manager)
        held_on = (date.fromisoformat(today) + timedelta(days=7)).isoformat()
        await client.put("/v1/clock", json={"today": held_on}, headers=hr)
        held = await client.post(
            f"/v1/talks/{talk['id']}/completions", json={"heldOn": held_on}, headers=manager
        )
        assert held.status_code == 201, (number, held.text)
        url = f"/v1/talks/{talk['id']}"
        for headers, extra in ((manager, {}), (pim, {"kind": "agree"})):
            version = (await client.get(f"{url}/appraisal", headers=headers)).json()[
                "contentVersion"
            ]
            signed = await client.post(
                f"{url}/signatures", json={"contentVersion": version, **extra}, headers=headers
            )
            assert signed.status_code == 201, signed.text
        final = await client.post(f"{url}/finalisations", json={}, headers=manager)
        assert final.status_code == 201 and final.json()["state"] == "finalised"
        today = held_on
    outcomes = (await client.get("/v1/appraisal-outcomes?state=finalised", headers=hr)).json()
    assert [(o["probation"], o["finalRating"]) for o in outcomes["items"]] == [(True, 4), (True, 4)]


async def test_r6_1_an_early_appraisal_follows_the_same_procedure(client, cycle, manager, hr):
    early = await client.post(
        f"/v1/cycles/{cycle['id']}/talks",
        json={"kind": "appraisal", "dueDate": "2027-03-01", "reason": "Promotie", "early": True},
        headers=manager,
    )
    assert early.status_code == 201, early.text
    talk = early.json()["id"]
    too_soon = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-11-29"}, headers=manager
    )
    assert too_soon.status_code == 422 and too_soon.json()["rule"] == "R6.3"
    shared = await share(client, talk, manager)
    assert shared["state"] == "shared"
    (outcome,) = [
        o
        for o in (await client.get("/v1/appraisal-outcomes", headers=hr)).json()["items"]
        if o["talkId"] == talk
    ]
    assert (outcome["early"], outcome["state"], outcome["finalRating"]) == (True, "shared", None)


async def test_r7_r6_11_a_hardship_decision_admits_late_objections(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="seen")
    decision = {
        "reference": "B&W 2026/52",
        "reason": "Ziekenhuisopname: bezwaren later toegelaten.",
        "rule": "R6.11",
        "cycleId": cycle["id"],
        "talkId": talk_of(cycle, "appraisal")["id"],
    }
    await client.put("/v1/clock", json={"today": "2026-12-28"}, headers=hr)  # day 22
    late = await step(client, cycle, "objections", employee, {"text": "Alsnog"})
    assert late.status_code == 422 and late.json()["rule"] == "R6.11"
    recorded = await client.post("/v1/hardship-decisions", json=decision, headers=hr)
    assert recorded.status_code == 201, recorded.text
    admitted = await step(client, cycle, "objections", employee, {"text": "Alsnog"})
    assert admitted.status_code == 201 and admitted.json()["state"] == "objected"


async def test_r6_11_no_hardship_decision_shortens_the_employees_window(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    decision = {
        "reference": "B&W 2026/53",
        "reason": "Bezwaren later toegelaten.",
        "rule": "R6.11",
        "cycleId": cycle["id"],
    }
    assert (
        await client.post("/v1/hardship-decisions", json=decision, headers=hr)
    ).status_code == 201
    # R6.11 protects the employee: the decision admits late objections, it does not let the
    # manager finalise within the 14 days.
    refused = await step(client, cycle, "finalisations", manager)
    assert refused.status_code == 422 and refused.json()["code"] == "objection-window-open"


async def test_r6_11_a_change_after_the_talk_restarts_the_employees_window(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr)  # held and recorded on 2026-12-06
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="agree")
    await client.put("/v1/clock", json={"today": "2026-12-26"}, headers=hr)  # day 20
    current = await read(client, cycle, manager)
    lower = complete_ratings(current.json(), score=2)
    changed = await rate(client, cycle, manager, lower, etag=current.headers["ETag"])
    assert changed.status_code == 200, changed.text
    assert all(s["void"] for s in changed.json()["signatures"])
    await sign(client, cycle, manager)
    refused = await step(client, cycle, "finalisations", manager)
    assert refused.status_code == 422 and refused.json()["code"] == "objection-window-open"
    objected = await step(client, cycle, "objections", employee, {"text": "Lager beoordeeld"})
    assert objected.status_code == 201, objected.text
    deadline = next(d for d in objected.json()["deadlines"] if d["name"] == "objections-until")
    assert deadline["due"] == "2027-01-09"


async def test_r6_11_the_window_counts_from_when_the_talk_was_recorded(
    client, cycle, manager, employee, hr
):
    talk = talk_of(cycle, "appraisal")["id"]
    await share(client, talk, manager)
    await client.put("/v1/clock", json={"today": "2026-12-30"}, headers=hr)
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201
    await sign(client, cycle, manager)
    objected = await step(client, cycle, "objections", employee, {"text": "Net gezien"})
    assert objected.status_code == 201, objected.text


async def test_r6_3_a_changed_draft_counts_its_week_again(client, cycle, manager, hr):
    talk = talk_of(cycle, "appraisal")["id"]
    await share(client, talk, manager)  # 2026-11-29
    await client.put("/v1/clock", json={"today": "2026-12-03"}, headers=hr)
    current = await read(client, cycle, manager)
    changed = await rate(
        client,
        cycle,
        manager,
        complete_ratings(current.json(), score=3),
        etag=current.headers["ETag"],
    )
    assert changed.json()["sharedOn"] == "2026-12-03"
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    soon = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert soon.status_code == 422 and soon.json()["code"] == "too-soon-after-sharing"
    incomplete = complete_ratings(current.json(), score=3)
    incomplete["final"] = {}
    latest = await read(client, cycle, manager)
    refused = await rate(client, cycle, manager, incomplete, etag=latest.headers["ETag"])
    assert refused.status_code == 422 and refused.json()["rule"] == "R6.8"


async def test_r6_12_met_fully_needs_a_change_and_explained_none(
    client, cycle, manager, employee, hr
):
    await held_appraisal(client, cycle, manager, hr, score=3)
    await sign(client, cycle, manager)
    await step(client, cycle, "objections", employee, {"text": "Te laag"})
    await step(client, cycle, "objection-hearings", manager, {"heldOn": "2026-12-06"})
    unchanged = await step(client, cycle, "finalisations", manager, {"response": "met-fully"})
    assert unchanged.status_code == 422 and unchanged.json()["code"] == "objections-not-met"
    current = await read(client, cycle, manager)
    higher = await rate(
        client,
        cycle,
        manager,
        complete_ratings(current.json(), score=4),
        etag=current.headers["ETag"],
    )
    assert higher.status_code == 200, higher.text
    await sign(client, cycle, manager)  # the changed version
    explained = await step(
        client, cycle, "finalisations", manager, {"response": "explained", "explanation": "x"}
    )
    assert explained.status_code == 422 and explained.json()["code"] == "appraisal-changed"
    met = await step(client, cycle, "finalisations", manager, {"response": "met-fully"})
    assert met.status_code == 201 and met.json()["final"]["rating"] == 4


async def test_r7_r6_3_never_skips_the_sharing_itself(client, cycle, manager, hr):
    talk = talk_of(cycle, "appraisal")["id"]
    decision = {
        "reference": "B&W 2026/41",
        "reason": "Spoed",
        "rule": "R6.3",
        "cycleId": cycle["id"],
        "talkId": talk,
    }
    assert (
        await client.post("/v1/hardship-decisions", json=decision, headers=hr)
    ).status_code == 201
    refused = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-11-29"}, headers=manager
    )
    assert refused.status_code == 422 and refused.json()["code"] == "draft-not-shared"


async def test_every_change_of_a_rating_is_audited(client, cycle, manager, session):
    draft = (await read(client, cycle, manager)).json()
    first = await rate(client, cycle, manager, complete_ratings(draft, score=4))
    changed = complete_ratings(draft, score=4, integriteit=2)
    changed["competencies"] = [c for c in changed["competencies"] if c["code"] != "samenwerken"]
    await rate(client, cycle, manager, changed, etag=first.headers["ETag"])
    events = list(
        await session.execute(
            select(AuditEvent.action, AuditEvent.resource_id).where(
                AuditEvent.resource_type == "appraisal-rating"
            )
        )
    )
    actions = [a for a, rid in events if "integriteit" in rid or "samenwerken" in rid]
    assert sorted(actions) == ["create", "create", "delete", "update"]


async def test_r6_12_the_procedure_goes_on_in_a_completed_cycle(
    client, cycle, manager, employee, hr, session
):
    """Holding the appraisal talk completes the cycle; its appraisal is still signed, objected
    to, heard, changed and finalised."""
    progress = talk_of(cycle, "progress")["id"]
    await agree(client, cycle["id"], progress, manager, employee)
    held = await client.post(
        f"/v1/talks/{progress}/completions", json={"heldOn": "2026-11-25"}, headers=manager
    )
    assert held.status_code == 201, held.text
    await held_appraisal(client, cycle, manager, hr, score=3)
    status = (await client.get(f"/v1/cycles/{cycle['id']}", headers=manager)).json()["status"]
    assert status == "completed"
    await sign(client, cycle, manager)
    await step(client, cycle, "objections", employee, {"text": "Te laag"})
    await step(client, cycle, "objection-hearings", manager, {"heldOn": "2026-12-06"})
    current = await read(client, cycle, manager)
    assert "rate" in current.json()["actions"]
    changed = await rate(
        client,
        cycle,
        manager,
        complete_ratings(current.json(), score=4),
        etag=current.headers["ETag"],
    )
    assert changed.status_code == 200, changed.text
    await sign(client, cycle, manager)
    final = await step(client, cycle, "finalisations", manager, {"response": "met-fully"})
    assert final.status_code == 201 and final.json()["state"] == "finalised"


async def test_a_cancelled_talk_takes_no_appraisal_work(client, cycle, manager, session):
    talk = talk_of(cycle, "appraisal")["id"]
    await session.execute(
        text("UPDATE talk SET status = 'cancelled', cancelled_reason = 'x' WHERE id = :id"),
        {"id": talk},
    )
    draft = (await read(client, cycle, manager)).json()
    assert draft["actions"] == []
    refused = await rate(client, cycle, manager, complete_ratings(draft))
    assert refused.status_code == 409 and refused.json()["code"] == "talk-closed"


async def test_reads_of_outcomes_and_informant_input_are_audited(
    client, cycle, manager, hr, session
):
    await client.get("/v1/appraisal-outcomes", headers=hr)
    await client.get(appraisal_url(cycle, "informant-requests"), headers=manager)
    kinds = await session.scalars(
        select(AuditEvent.resource_type).where(AuditEvent.action == "read")
    )
    assert {"appraisal-outcomes", "informant-requests"} <= set(kinds)


async def test_r6_5_each_item_is_rated_separately_on_the_five_point_scale(client, cycle, manager):
    draft = (await read(client, cycle, manager)).json()
    for bad in (0, 6, "4", 3.5):
        body = complete_ratings(draft)
        body["competencies"][0]["score"] = bad
        response = await rate(client, cycle, manager, body)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["invalidParams"][0]["name"] == "competencies.0.score"
    body = complete_ratings(draft, score=3, integriteit=5, samenwerken=1)
    rated = (await rate(client, cycle, manager, body)).json()
    labels = {
        i["ref"]: (i["score"], i["label"]) for i in rated["items"] if i["item"] == "competency"
    }
    assert labels["integriteit"] == (5, "uitstekend")
    assert labels["samenwerken"] == (1, "onvoldoende")
    assert labels["klantgericht-werken"] == (3, "normaal")


async def test_the_audit_trail_withholds_appraisal_content_from_clients_and_audits_hr(
    client, cycle, manager, hr, auth, session
):
    first = await read(client, cycle, manager)
    stored = await rate(client, cycle, manager, complete_ratings(first.json()))
    assert stored.status_code == 200, stored.text
    appraisal_id = stored.json()["id"]
    query = {"resourceType": "appraisal", "resourceId": appraisal_id}

    hris = auth(client="audit-reader", scopes=["audit:read"])
    seen_by_client = await client.get("/v1/audit-events", params=query, headers=hris)
    assert seen_by_client.status_code == 200, seen_by_client.text
    events = seen_by_client.json()["items"]
    assert events and all(e["contentWithheld"] for e in events)
    assert all(e["before"] is None and e["after"] is None for e in events)
    assert "Goed" not in seen_by_client.text  # the final rating's motivation

    seen_by_hr = await client.get("/v1/audit-events", params=query, headers=hr)
    shown = seen_by_hr.json()["items"]
    assert not any(e["contentWithheld"] for e in shown)
    assert any(e["after"] and e["after"].get("finalMotivation") == "Goed" for e in shown)
    trail_reads = await session.scalars(
        select(AuditEvent).where(AuditEvent.resource_type == "audit-trail")
    )
    (trail_read,) = [e for e in trail_reads if e.actor_id == HR_SUB]
    assert trail_read.action == "read"
    assert set(trail_read.after["events"]) == {e["id"] for e in shown}


async def test_r6_3_an_hr_officer_reads_no_content_of_their_own_unshared_draft_in_the_audit_trail(
    client, cycle, manager, hr, auth
):
    first = await read(client, cycle, manager)
    stored = await rate(client, cycle, manager, complete_ratings(first.json()))
    query = {"resourceType": "appraisal", "resourceId": stored.json()["id"]}
    # The employee 100001 is an HR officer as well: on their own talks they are the employee.
    own = auth(role=["employee", "hr"], sub=EMPLOYEE)
    theirs = (await client.get("/v1/audit-events", params=query, headers=own)).json()["items"]
    assert theirs and all(e["contentWithheld"] for e in theirs)
    assert all(e["before"] is None and e["after"] is None for e in theirs)
    others = (await client.get("/v1/audit-events", params=query, headers=hr)).json()["items"]
    assert others and not any(e["contentWithheld"] for e in others)


async def test_r6_12_hr_records_no_appeal_reference_on_their_own_appraisal(
    client, cycle, manager, employee, hr, auth
):
    await held_appraisal(client, cycle, manager, hr)
    await sign(client, cycle, manager)
    await sign(client, cycle, employee, kind="agree")
    assert (await step(client, cycle, "finalisations", manager)).status_code == 201
    own = auth(role=["employee", "hr"], sub=EMPLOYEE)
    refused = await step(client, cycle, "appeal-references", own, {"reference": "BZ-1"})
    assert refused.status_code == 403 and refused.json()["rule"] == "R6.12"
    assert (await read(client, cycle, manager)).json()["appealReference"] is None


async def test_a_page_past_the_end_still_counts_every_item(client, cycle, manager, employee):
    question = {
        "informant": {
            "personnelNumber": "100004",
            "relationship": "colleague",
            "relationshipNote": "Werkt in hetzelfde team",
        },
        "question": "Hoe gaat het?",
    }
    assert (await step(client, cycle, "informant-requests", manager, question)).status_code == 201
    suggestion = {"name": "Cas", "reason": "Project"}
    assert (
        await step(client, cycle, "informant-suggestions", employee, suggestion)
    ).status_code == 201
    for tail in ("informant-requests", "informant-suggestions"):
        past = await client.get(appraisal_url(cycle, tail), params={"page": 3}, headers=manager)
        assert past.status_code == 200, past.text
        assert past.json()["items"] == [] and past.json()["meta"]["totalItems"] == 1


async def test_reads_of_informant_input_and_of_outcomes_are_audited_with_their_reader(
    client, cycle, manager, hr, session
):
    question = {
        "informant": {
            "personnelNumber": "100004",
            "relationship": "colleague",
            "relationshipNote": "Werkt in hetzelfde team",
        },
        "question": "Hoe gaat het?",
    }
    assert (await step(client, cycle, "informant-requests", manager, question)).status_code == 201
    assert (
        await client.get(appraisal_url(cycle, "informant-requests"), headers=manager)
    ).status_code == 200
    assert (await client.get("/v1/appraisal-outcomes", headers=hr)).status_code == 200
    reads = await session.execute(
        select(AuditEvent.resource_type, AuditEvent.resource_id, AuditEvent.actor_id).where(
            AuditEvent.action == "read",
            AuditEvent.resource_type.in_(("informant-requests", "appraisal-outcomes")),
            AuditEvent.occurred_at >= func.now(),  # this test's transaction only
        )
    )
    talk = talk_of(cycle, "appraisal")["id"]
    assert sorted(reads.all()) == [
        ("appraisal-outcomes", "list", HR_SUB),
        ("informant-requests", talk, MANAGER),
    ]
