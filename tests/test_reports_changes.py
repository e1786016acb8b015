"""Reports after changes a test makes itself, on the organisation of tests/org.py (not the
shared organisation of tests/test_reports_api.py): leavers are not overdue, and development
figures follow the probation agreements into the bridging cycle (T2.1)."""

from __future__ import annotations

from sqlalchemy import text

from tests.reports import overdue, report


async def test_a_talk_not_held_by_someone_who_has_left_is_not_overdue(client, org, hr, auth):
    """As the cycles say (``talk_overdue``): after leaving, nobody is behind on their talks."""
    planning = [row[0] for row in await overdue(client, hr, "planning", as_of="2026-11-29")]
    assert "200001" in planning
    hris = auth(client="hris", scopes=["people:write"])
    bea = {
        "name": "Buiten Bea",
        "orgUnitKey": "team-b",
        "functionProfileCode": "P22",
        "salaryScale": 10,
        "inFunctionScale": True,
        "entryDate": "2020-01-01",
        "managerPersonnelNumber": "200002",
        "managerFrom": "2020-01-01",
        "leavingDate": "2026-10-31",
    }
    left = await client.put("/v1/employees/200001", json=bea, headers=hris)
    assert left.status_code in (200, 201), left.text
    after = [row[0] for row in await overdue(client, hr, "planning", as_of="2026-11-29")]
    assert after == [number for number in planning if number != "200001"]
    coverage = await report(client, "coverage", hr, orgUnit="team-b")
    assert "200001" not in str(coverage)
    team_b = next(t for t in coverage["talks"] if t["kind"] == "planning")
    assert team_b["overdue"] == len([n for n in after if n.startswith("2000")])


async def _probation_with_development(client, hr, manager, hris, number: str) -> dict:
    """A newcomer on probation from 1 February 2026 (a bridging cycle follows, T2.1) with a
    development agreement on integriteit in the probation cycle; returns the bridging cycle."""
    newcomer = {
        "name": f"Proef {number}",
        "orgUnitKey": "team-a",
        "functionProfileCode": "P22",
        "salaryScale": 9,
        "inFunctionScale": True,
        "entryDate": "2026-02-01",
        "managerPersonnelNumber": "100002",
        "managerFrom": "2026-02-01",
        "probation": True,
        "probationDecisionDate": "2027-02-01",
    }
    assert (await client.put(f"/v1/employees/{number}", json=newcomer, headers=hris)).status_code
    cycles = (await client.get(f"/v1/cycles?employee={number}", headers=hr)).json()["items"]
    probation, bridging = sorted(cycles, key=lambda c: c["startDate"])
    assert (probation["kind"], bridging["kind"]) == ("probation", "bridging")
    base = f"/v1/cycles/{probation['id']}"
    composed = await client.put(
        f"{base}/competency-set", json={"chosen": [], "crucial": ["integriteit"]}, headers=manager
    )
    assert composed.status_code == 200, composed.text
    development = {
        "kind": "development",
        "description": "Training integriteit",
        "subject": "competency",
        "competencyCode": "integriteit",
        "method": "training",
        "dueDate": "2027-01-15",
    }
    made = await client.post(f"{base}/agreements", json=development, headers=manager)
    assert made.status_code == 201, made.text
    return bridging


async def _finalised_rating(client, session, hr, cycle: dict, score: int) -> None:
    """A finalised appraisal in ``cycle`` rating integriteit ``score`` (written in SQL)."""
    detail = (await client.get(f"/v1/cycles/{cycle['id']}", headers=hr)).json()
    talk = next(t for t in detail["talks"] if t["kind"] == "appraisal")
    values = {"talk": talk["id"], "cycle": cycle["id"], "score": score}
    for statement in (
        "INSERT INTO appraisal (id, talk_id, cycle_id, state, rated_set_version, "
        "content_version, final_computed, final_rating, final_motivation, shared_on, "
        "shared_by, shared_version) VALUES (gen_random_uuid(), :talk, :cycle, 'held', 1, "
        "1, 3, 3, 'Normaal', '2027-05-01', '100002', 1)",
        "INSERT INTO appraisal_rating (appraisal_id, item, ref, score, motivation) "
        "SELECT id, 'competency', 'integriteit', :score, 'Zo' FROM appraisal "
        "WHERE talk_id = :talk",
        "UPDATE appraisal SET state = 'finalised', finalised_on = '2027-05-20', "
        "finalised_by = '100002' WHERE talk_id = :talk",
    ):
        await session.execute(text(statement), values)


async def test_t2_1_development_follows_the_probation_agreements_into_the_bridging_cycle(
    client, org, hr, manager, auth, session
):
    """A bridging cycle carries the probation cycle's agreements over (T2.1): the development
    figures count them for a range only the bridging cycle overlaps, and take their rating
    from each one's own bridging cycle's appraisal."""
    hris = auth(client="hris", scopes=["people:write"])
    pien = await _probation_with_development(client, hr, manager, hris, "300007")
    piet = await _probation_with_development(client, hr, manager, hris, "300008")
    only_bridging = {"from": "2027-03-01", "to": "2027-06-30"}  # after the probation year

    def integriteit(body: dict) -> tuple:
        row = next(r for r in body["competencies"] if r["competency"] == "integriteit")
        return row["agreements"], row["rated"], row["meanScore"]

    assert integriteit(await report(client, "development", hr, **only_bridging)) == (2, 0, None)
    await _finalised_rating(client, session, hr, pien, 2)
    assert integriteit(await report(client, "development", hr, **only_bridging)) == (2, 1, 2.0)
    await _finalised_rating(client, session, hr, piet, 4)
    assert integriteit(await report(client, "development", hr, **only_bridging)) == (2, 2, 3.0)
