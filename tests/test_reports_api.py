"""The management-information reports over HTTP (issue 8), every figure against the hand-computed
expectations on one small organisation built through the API (tests/reports.py
``build_organisation_fixture``; HR moves the clock forward between the steps).

The organisation of tests/org.py, plus Nieuwe Nina (200003, team-b, manager 200002), with
Directeur Dirk (900001) made the head of gemeente (so he sees every unit). One period,
2026-01-01 – 2027-12-31: planning talks due 2026-05-31 (R4.1), progress 2027-07-01 (R5.1),
appraisals 2027-12-31 (R6.1). Today (the end of the fixture) is **2027-01-20**.

| person | unit | function group | manager | planning talk |
|---|---|---|---|---|
| 900001 Dirk | gemeente | directieleden | – | not held: overdue |
| 100003 Hanna | gemeente | beleidsmedewerker | 900001 | 2026-11-20 (late) |
| 100001 Mo | team-a | beleidsmedewerker | 100002 | 2026-05-20 (on time) |
| 100004 Cas | team-a | beleidsmedewerker | 100002 | 2026-11-20 (late) |
| 100002 Mila | team-a | teammanager | 900001 | 2026-11-20 (late) |
| 200002 Max | team-b | teammanager | 900001 | 2026-11-20 (late) |
| 200001 Bea | team-b | beleidsmedewerker | 200002 | 2026-11-20 (late) |
| 200003 Nina | team-b | beleidsmedewerker | 200002 | 2026-11-20 (late) |

The appraisals (drafts shared 2026-11-29, talks held 2026-12-06, unless said otherwise):

| person | rating | after the talk | today |
|---|---|---|---|
| Dirk | – | – (talk not held: not yet due) | – |
| Hanna | 4 | objected 12-08, no hearing | hearing due 12-22: 29 days overdue |
| Mo | 4 | agree; finalised 12-06 (0 days); reward | finalised |
| Cas | 3 | objected 12-10, heard 12-15, "explained" 12-20 | finalised (14 days) |
| Mila | 4 | objected 12-10, heard 12-15 | response due 2027-01-12: 8 days over |
| Max | 4→5 | objected 12-10, heard 12-15, changed, "met-fully" | finalised 12-27 (21 d); reward |
| Bea | 4 | signed "seen" | finalisation due from 12-21: 30 days |
| Nina | 4 | shared 2027-01-15, held 01-18 (R7 decision) | R6.3 late; window open |

Development agreements: samenwerken for Mo (rated 4), Cas (rated 3) and Mila (not finalised);
integriteit for Hanna (not finalised); the knowledge level for Max (rated 5). Career agreements:
career-step for Mo and Max, mobility for Cas, approaching-retirement for Bea.

Coverage (talks of the plan due in the period; HR):

| unit | kind | on time | late | overdue | not yet due | total |
|---|---|---|---|---|---|---|
| gemeente | planning | 0 | 1 | 1 | 0 | 2 |
| gemeente | progress | 0 | 0 | 0 | 2 | 2 |
| gemeente | appraisal | 1 | 0 | 0 | 1 | 2 |
| team-a | planning | 1 | 2 | 0 | 0 | 3 |
| team-a | progress | 0 | 0 | 0 | 3 | 3 |
| team-a | appraisal | 3 | 0 | 0 | 0 | 3 |
| team-b | planning | 0 | 3 | 0 | 0 | 3 |
| team-b | progress | 0 | 0 | 0 | 3 | 3 |
| team-b | appraisal | 3 | 0 | 0 | 0 | 3 |
| total | planning | 1 | 6 | 1 | 0 | 8 |
| total | progress | 0 | 0 | 0 | 8 | 8 |
| total | appraisal | 7 | 0 | 0 | 1 | 8 |

| unit | held | R6.3 in time/late | finalised | in objection | window open | fin. due | R6.12 |
|---|---|---|---|---|---|---|---|
| gemeente | 1 | 1/0 | 0 | 1 | 0 | 0 | 1/0 |
| team-a | 3 | 3/0 | 2 | 1 | 0 | 0 | 0/1 |
| team-b | 3 | 2/1 | 1 | 0 | 1 | 1 | 0/0 |
| total | 7 | 6/1 | 3 | 2 | 1 | 1 | 1/1 |

R6.12: hearing overdue / response overdue; fin. due: finalisation due (R6.11).

Outcomes (finalised in the period):

| row | people | final. | 1–5 | objected | rate | met/explained | rewards | days: median/mean/max |
|---|---|---|---|---|---|---|---|---|
| team-a | 2 | 2 | 0,0,1,1,0 | 1 | 0.5 | 0/1 | 1 | 7.0/7.0/14 |
| team-b | 1 | 1 | 0,0,0,0,1 | 1 | 1.0 | 1/0 | 1 | 21.0/21.0/21 |
| total | 3 | 3 | 0,0,1,1,1 | 2 | 0.667 | 1/1 | 2 | –/11.7 (35/3)/21 |
| beleidsmedewerker | 2 | 2 | 0,0,1,1,0 | | | | | |
| teammanager | 1 | 1 | 0,0,0,0,1 | | | | | |

Rollout: by 2026-06-01 gemeente 2/0 (0.0 %), team-a 3/1 (33.3 %), team-b 3/0, total 8/1 (12.5 %);
by 2026-12-01 gemeente 2/1 (50.0 %), team-a 3/3, team-b 3/3, total 8/7 (87.5 %).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import (
    bind_sessions,
    make_client,
    module_transaction,
    restore_sessions,
    savepoint,
)
from tests.cycles import current_cycle, talk_of
from tests.org import freeze_clock, seed_org
from tests.reports import (
    FIXTURE_TODAY,
    OVERDUE,
    XLSX,
    build_organisation_fixture,
    move_clock,
    overdue,
    pick,
    report,
)

TODAY = FIXTURE_TODAY
PATHS = (
    "coverage",
    "overdue?kind=planning",
    "rollout",
    "rollout/missing",
    "outcomes",
    "development",
)


@pytest.fixture(scope="module")
async def world(engine, session_app, auth) -> AsyncIterator[tuple[AsyncConnection, dict]]:
    """The organisation of the table above, built once for the module through the API in an
    outer transaction that is rolled back at its end."""
    async with module_transaction(engine) as (conn, maker):
        async with maker() as session:
            await freeze_clock(session)
            await seed_org(session)
            await session.commit()
        original = bind_sessions(session_app, maker)
        try:
            async with make_client(session_app) as client:
                people = await build_organisation_fixture(client, auth)
        finally:
            restore_sessions(session_app, original)
        yield conn, people


@pytest.fixture
async def connection(world) -> AsyncIterator[AsyncConnection]:
    """Each test on a savepoint inside the module's organisation, rolled back after it."""
    async with savepoint(world[0]) as conn:
        yield conn


@pytest.fixture
def people(world) -> dict:
    return world[1]


@pytest.fixture
def dirk(auth):
    return auth(role="manager", sub="900001")


@pytest.fixture
def mila(auth):
    return auth(role="manager", sub="100002")


@pytest.fixture
def bi(auth):
    return auth(client="bi", scopes=["reports:read"])


TALKS = ("orgUnit", "kind", "onTime", "late", "overdue", "notYetDue", "total")
APPRAISALS = (
    "orgUnit",
    "held",
    "sharedInTime",
    "sharedLate",
    "finalised",
    "inObjection",
    "windowOpen",
    "finalisationDue",
    "hearingOverdue",
    "responseOverdue",
)
ALL_TALKS = [
    ("gemeente", "planning", 0, 1, 1, 0, 2),
    ("gemeente", "progress", 0, 0, 0, 2, 2),
    ("gemeente", "appraisal", 1, 0, 0, 1, 2),
    ("team-a", "planning", 1, 2, 0, 0, 3),
    ("team-a", "progress", 0, 0, 0, 3, 3),
    ("team-a", "appraisal", 3, 0, 0, 0, 3),
    ("team-b", "planning", 0, 3, 0, 0, 3),
    ("team-b", "progress", 0, 0, 0, 3, 3),
    ("team-b", "appraisal", 3, 0, 0, 0, 3),
]
ALL_APPRAISALS = [
    ("gemeente", 1, 1, 0, 0, 1, 0, 0, 1, 0),
    ("team-a", 3, 3, 0, 2, 1, 0, 0, 0, 1),
    ("team-b", 3, 2, 1, 1, 0, 1, 1, 0, 0),
]


# --- coverage and timeliness -----------------------------------------------------------------


async def test_coverage_counts_the_talks_per_unit_and_kind_and_in_total(client, people, hr):
    body = await report(client, "coverage", hr)
    assert (body["start"], body["end"], body["asOf"], body["orgUnit"]) == (
        "2026-01-01",
        "2027-12-31",
        TODAY,
        None,
    )
    assert pick(body["talks"], *TALKS) == ALL_TALKS
    assert [r["orgUnitName"] for r in body["talks"]] == ["Gemeente Maastricht"] * 3 + [
        "Team A"
    ] * 3 + ["Team B"] * 3
    assert pick(body["talkTotals"], *TALKS, "orgUnitName") == [
        (None, "planning", 1, 6, 1, 0, 8, None),
        (None, "progress", 0, 0, 0, 8, 8, None),
        (None, "appraisal", 7, 0, 0, 1, 8, None),
    ]


async def test_r6_3_r6_11_r6_12_appraisal_coverage_per_unit_and_in_total(client, people, hr):
    body = await report(client, "coverage", hr)
    assert pick(body["appraisals"], *APPRAISALS) == ALL_APPRAISALS
    assert pick([body["appraisalTotals"]], *APPRAISALS) == [(None, 7, 6, 1, 3, 2, 1, 1, 1, 1)]


# --- the people behind the overdue figures ---------------------------------------------------


async def test_overdue_planning_talks_name_who_the_due_date_how_late_and_the_rule(
    client, people, hr
):
    body = await report(client, "overdue", hr, kind="planning")
    (item,) = body["items"]
    dirk_cycle = await current_cycle(client, hr, "900001")
    talk = talk_of(dirk_cycle, "planning")
    assert item == {
        "personnelNumber": "900001",
        "name": "Directeur Dirk",
        "orgUnit": "gemeente",
        "manager": None,
        "cycleId": dirk_cycle["id"],
        "talkId": talk["id"],
        "dueDate": "2026-05-31",
        "daysOverdue": 234,  # 2026-05-31 → 2027-01-20
        "rule": "R4.1",
    }
    assert body["meta"] == {"page": 1, "pageSize": 25, "totalItems": 1, "totalPages": 1}
    # Nothing else is overdue: the progress talks are due in July, the appraisals in December.
    assert await overdue(client, hr, "progress") == []
    assert await overdue(client, hr, "appraisal") == []


async def test_r6_11_r6_12_overdue_after_the_talk_names_the_people_behind_each_deadline(
    client, people, hr
):
    assert await overdue(client, hr, "finalisation") == [
        ("200001", "Buiten Bea", "team-b", "200002", "2026-12-21", 30, "R6.11"),
    ]
    assert await overdue(client, hr, "hearing") == [
        ("100003", "HR Hanna", "gemeente", "900001", "2026-12-22", 29, "R6.12"),
    ]
    assert await overdue(client, hr, "response") == [
        ("100002", "Manager Mila", "team-a", "900001", "2027-01-12", 8, "R6.12"),
    ]
    unknown = await client.get("/v1/reports/overdue?kind=signature", headers=hr)
    assert unknown.status_code == 400, unknown.text
    assert (await client.get("/v1/reports/overdue", headers=hr)).status_code == 400


async def test_r6_11_an_appraisal_the_employee_agreed_to_is_not_due_in_the_future(
    client, people, hr
):
    """Nina's manager signs and she agrees on 2027-01-20: the manager may finalise at once
    (R6.11), so she moves from "window open" to "finalisation due", due today."""
    nina = people["200003"]
    await nina.sign(client)
    await nina.sign(client, "agree")
    team_b = (await report(client, "coverage", hr, orgUnit="team-b"))["appraisals"]
    assert pick(team_b, *APPRAISALS) == [("team-b", 3, 2, 1, 1, 0, 0, 2, 0, 0)]
    # FINDING: the drill-down gives Nina dueDate 2027-02-02 and daysOverdue -13: the due date
    # of "finalisation" is always window start + 15 days (app/reports/queries.py:212), also
    # after "agree", when the manager may finalise at once. "The deadline that passed" lies in
    # the future and the days overdue are negative. Expected: due on the day of the agreement
    # (0 days), e.g. least(window start + 15, the employee's agree signature's signedOn).
    assert await overdue(client, hr, "finalisation") == [
        ("200001", "Buiten Bea", "team-b", "200002", "2026-12-21", 30, "R6.11"),
        ("200003", "Nieuwe Nina", "team-b", "200002", TODAY, 0, "R6.11"),
    ]


async def test_r6_11_the_window_closes_after_its_14th_day_in_the_figures_too(client, people, hr):
    """Nina's talk was held (and recorded) on 2027-01-18: she may object up to 02-01, the
    manager finalises from 02-02."""
    await move_clock(client, hr, "2027-02-01")
    team_b = await report(client, "coverage", hr, orgUnit="team-b")
    assert pick(team_b["appraisals"], *APPRAISALS) == [("team-b", 3, 2, 1, 1, 0, 1, 1, 0, 0)]
    await move_clock(client, hr, "2027-02-02")
    team_b = await report(client, "coverage", hr, orgUnit="team-b")
    assert pick(team_b["appraisals"], *APPRAISALS) == [("team-b", 3, 2, 1, 1, 0, 0, 2, 0, 0)]
    body = await report(client, "overdue", hr, kind="finalisation")
    assert pick(body["items"], *OVERDUE) == [
        ("200001", "Buiten Bea", "team-b", "200002", "2026-12-21", 43, "R6.11"),
        ("200003", "Nieuwe Nina", "team-b", "200002", "2027-02-02", 0, "R6.11"),
    ]


async def test_r6_12_the_hearing_and_response_deadlines_fall_on_their_days(client, people, hr):
    """Nina objects on 2027-01-20: the hearing is due by 02-03, overdue from 02-04; heard on
    02-04, the response is due by 03-04, overdue from 03-05."""
    nina = people["200003"]
    await nina.sign(client)
    await nina.step(client, "objections", nina.me, {"text": "Oneens"})
    checks = (
        ("2027-02-03", ("team-b", 3, 2, 1, 1, 1, 0, 1, 0, 0), []),
        (
            "2027-02-04",
            ("team-b", 3, 2, 1, 1, 1, 0, 1, 1, 0),
            [("200003", "Nieuwe Nina", "team-b", "200002", "2027-02-03", 1, "R6.12")],
        ),
    )
    for day, figures, listed in checks:
        await move_clock(client, hr, day)
        team_b = await report(client, "coverage", hr, orgUnit="team-b")
        assert pick(team_b["appraisals"], *APPRAISALS) == [figures], day
        assert await overdue(client, hr, "hearing", day, orgUnit="team-b") == listed, day
    await nina.step(client, "objection-hearings", nina.boss, {"heldOn": "2027-02-04"})
    checks = (
        ("2027-03-04", ("team-b", 3, 2, 1, 1, 1, 0, 1, 0, 0), []),
        (
            "2027-03-05",
            ("team-b", 3, 2, 1, 1, 1, 0, 1, 0, 1),
            [("200003", "Nieuwe Nina", "team-b", "200002", "2027-03-04", 1, "R6.12")],
        ),
    )
    for day, figures, listed in checks:
        await move_clock(client, hr, day)
        team_b = await report(client, "coverage", hr, orgUnit="team-b")
        assert pick(team_b["appraisals"], *APPRAISALS) == [figures], day
        assert await overdue(client, hr, "response", day, orgUnit="team-b") == listed, day
        assert await overdue(client, hr, "hearing", day, orgUnit="team-b") == [], day


# --- the roll-out check --------------------------------------------------------------------

ROLLOUT = ("orgUnit", "orgUnitName", "employees", "held", "notHeld", "percentHeld")
MISSING = ("personnelNumber", "name", "orgUnit", "entryDate", "manager")


async def test_rollout_counts_who_had_the_planning_talk_by_the_day(client, people, hr):
    june = await report(client, "rollout", hr, by="2026-06-01")
    assert (june["by"], june["orgUnit"]) == ("2026-06-01", None)
    assert pick(june["units"], *ROLLOUT) == [
        ("gemeente", "Gemeente Maastricht", 2, 0, 2, 0.0),
        ("team-a", "Team A", 3, 1, 2, 33.3),
        ("team-b", "Team B", 3, 0, 3, 0.0),
    ]
    assert pick([june["totals"]], *ROLLOUT) == [(None, None, 8, 1, 7, 12.5)]
    december = await report(client, "rollout", hr, by="2026-12-01")
    assert pick(december["units"], *ROLLOUT) == [
        ("gemeente", "Gemeente Maastricht", 2, 1, 1, 50.0),
        ("team-a", "Team A", 3, 3, 0, 100.0),
        ("team-b", "Team B", 3, 3, 0, 100.0),
    ]
    assert pick([december["totals"]], *ROLLOUT) == [(None, None, 8, 7, 1, 87.5)]
    # Held on the day counts: Mo's talk of 2026-05-20.
    for day, held in (("2026-05-19", 0), ("2026-05-20", 1)):
        body = await report(client, "rollout", hr, by=day, orgUnit="team-a")
        assert pick(body["units"], *ROLLOUT) == [
            ("team-a", "Team A", 3, held, 3 - held, [0.0, 33.3][held])
        ]
    # Without `by`: today; before anyone entered service: nobody.
    assert (await report(client, "rollout", hr))["by"] == TODAY
    empty = await report(client, "rollout", hr, by="2019-12-31")
    assert empty["units"] == [] and pick([empty["totals"]], *ROLLOUT) == [
        (None, None, 0, 0, 0, None)
    ]


async def test_rollout_missing_lists_the_people_without_a_planning_talk_by_the_day(
    client, people, hr
):
    june = await report(client, "rollout/missing", hr, by="2026-06-01")
    assert june["by"] == "2026-06-01"
    assert pick(june["items"], *MISSING) == [
        ("100003", "HR Hanna", "gemeente", "2020-01-01", "900001"),
        ("900001", "Directeur Dirk", "gemeente", "2020-01-01", None),
        ("100002", "Manager Mila", "team-a", "2020-01-01", "900001"),
        ("100004", "Collega Cas", "team-a", "2020-01-01", "100002"),
        ("200001", "Buiten Bea", "team-b", "2020-01-01", "200002"),
        ("200002", "Manager Max", "team-b", "2020-01-01", "900001"),
        ("200003", "Nieuwe Nina", "team-b", "2020-01-01", "200002"),
    ]
    assert june["meta"]["totalItems"] == 7
    paged = await report(client, "rollout/missing", hr, by="2026-06-01", pageSize=2, page=2)
    assert [i["personnelNumber"] for i in paged["items"]] == ["100002", "100004"]
    assert paged["meta"] == {"page": 2, "pageSize": 2, "totalItems": 7, "totalPages": 4}
    december = await report(client, "rollout/missing", hr, by="2026-12-01")
    assert pick(december["items"], *MISSING) == [
        ("900001", "Directeur Dirk", "gemeente", "2020-01-01", None),
    ]


async def test_rollout_missing_the_whole_organisation_and_per_unit_agree(client, people, hr):
    """Issue 20: who is missing is one anti join for the whole organisation and a NOT EXISTS
    per person for an org unit; both say the same, on each day."""
    for day in ("2026-05-19", "2026-05-20", "2026-06-01", "2026-12-01"):
        whole = await report(client, "rollout/missing", hr, by=day, pageSize=100)
        for unit in ("gemeente", "team-a", "team-b"):
            narrowed = await report(client, "rollout/missing", hr, by=day, orgUnit=unit)
            below = {"gemeente": {"gemeente", "team-a", "team-b"}}.get(unit, {unit})
            expected = [i for i in whole["items"] if i["orgUnit"] in below]
            assert narrowed["items"] == expected, (day, unit)
        rollout = await report(client, "rollout", hr, by=day)
        assert rollout["totals"]["notHeld"] == whole["meta"]["totalItems"], day


# --- outcomes ------------------------------------------------------------------------------

RATINGS = tuple(f"rating{n}" for n in range(1, 6))
UNIT = (
    "orgUnit",
    "orgUnitName",
    "people",
    "suppressed",
    "finalised",
    *RATINGS,
    "objected",
    "objectionRate",
    "metFully",
    "partlyMet",
    "explained",
    "rewards",
    "medianDaysToFinalise",
    "meanDaysToFinalise",
    "maxDaysToFinalise",
)
GROUP = ("functionGroup", "people", "suppressed", "finalised", *RATINGS)
TEAM_A = ("team-a", "Team A", 2, False, 2, 0, 0, 1, 1, 0, 1, 0.5, 0, 0, 1, 1, 7.0, 7.0, 14)
TEAM_B = ("team-b", "Team B", 1, False, 1, 0, 0, 0, 0, 1, 1, 1.0, 1, 0, 0, 1, 21.0, 21.0, 21)


async def test_r6_12_objections_met_in_part_are_counted_apart(client, people, hr):
    # Mila's objections were heard on 15 December: she is changed and finalised partly-met.
    mila = people["100002"]
    await mila.rate(client, 5)
    await mila.sign(client)
    await mila.step(
        client,
        "finalisations",
        mila.boss,
        {"response": "partly-met", "explanation": "De rest van de beoordeling blijft staan."},
    )
    body = await report(client, "outcomes", hr)
    counts = ("finalised", "objected", "metFully", "partlyMet", "explained")
    assert pick([body["totals"]], *counts) == [(4, 3, 1, 1, 1)]
    assert sum(row["partlyMet"] for row in body["byUnit"]) == 1


def hidden_unit(key: str, name: str) -> tuple:
    return (key, name, None, True) + (None,) * 15


async def test_outcomes_per_unit_rating_distribution_objections_rewards_and_days(
    client, people, hr
):
    body = await report(client, "outcomes", hr)
    assert (body["start"], body["end"], body["asOf"]) == ("2026-01-01", "2027-12-31", TODAY)
    assert pick(body["byUnit"], *UNIT) == [TEAM_A, TEAM_B]
    # The totals: the median of 0, 14 and 21 days is not derived from the unit rows (by design,
    # app/reports/service.py:228); the mean is weighted: (7·2 + 21·1) / 3 = 11.67.
    assert pick([body["totals"]], *UNIT) == [
        (None, None, 3, False, 3, 0, 0, 1, 1, 1, 2, 0.667, 1, 0, 1, 2, None, 11.7, 21)
    ]


async def test_outcomes_per_function_group_of_the_cycles_profile(client, people, hr):
    body = await report(client, "outcomes", hr)
    assert pick(body["byFunctionGroup"], *GROUP) == [
        ("beleidsmedewerker", 2, False, 2, 0, 0, 1, 1, 0),
        ("teammanager", 1, False, 1, 0, 0, 0, 0, 1),
    ]


# --- development and careers -----------------------------------------------------------------

COMPETENCY = ("competency", "competencyName", "people", "suppressed", "agreements", "rated")
KNOWLEDGE = ("people", "suppressed", "agreements", "rated", "meanScore")
CAREER = ("careerType", "people", "suppressed", "agreements", "active")


async def test_development_competencies_knowledge_and_career_types(client, people, hr):
    body = await report(client, "development", hr)
    assert (body["start"], body["end"], body["asOf"]) == ("2026-01-01", "2027-12-31", TODAY)
    # Most frequent first: samenwerken 3 (Mo 4 and Cas 3 rated, Mila not finalised).
    assert pick(body["competencies"], *COMPETENCY, "meanScore") == [
        ("samenwerken", "Samenwerken", 3, False, 3, 2, 3.5),
        ("integriteit", "Integriteit", 1, False, 1, 0, None),
    ]
    assert pick([body["knowledge"]], *KNOWLEDGE) == [(1, False, 1, 1, 5.0)]
    assert pick(body["career"], *CAREER) == [
        ("approaching-retirement", 1, False, 1, 1),
        ("career-step", 2, False, 2, 2),
        ("mobility", 1, False, 1, 1),
    ]


# --- who sees what (issue 8, privacy) --------------------------------------------------------


async def test_reports_privacy_employees_see_no_reports(client, people, auth, employee):
    for headers in (employee, auth(role="employee", sub="200001")):
        for path in PATHS:
            response = await client.get(f"/v1/reports/{path}", headers=headers)
            assert response.status_code == 403, (path, response.text)
            assert response.json()["code"] == "reports-not-for-employees"
    other = auth(client="hris", scopes=["people:write"])
    for path in PATHS:
        assert (await client.get(f"/v1/reports/{path}", headers=other)).status_code == 403, path
        assert (await client.get(f"/v1/reports/{path}")).status_code == 401, path


async def test_reports_privacy_a_service_client_gets_figures_and_never_names(client, people, bi):
    coverage = await report(client, "coverage", bi)
    assert pick(coverage["talks"], *TALKS) == ALL_TALKS  # the process: never withheld
    # What happened to the appraisals (who is in objection) is withheld like the outcomes.
    assert [(r["orgUnit"], r["suppressed"], r["held"]) for r in coverage["appraisals"]] == [
        (unit, True, None) for unit, *_ in ALL_APPRAISALS
    ]
    # The organisation as a whole: 7 people, shown.
    totals = coverage["appraisalTotals"]
    assert (totals["suppressed"], totals["people"], totals["held"]) == (False, 7, 7)
    rollout = await report(client, "rollout", bi, by="2026-12-01")
    assert pick([rollout["totals"]], "employees", "held") == [(8, 7)]
    outcomes = await report(client, "outcomes", bi)
    # Every group is under 5 people and a client is nobody's manager: all withheld.
    assert pick(outcomes["byUnit"], *UNIT) == [
        hidden_unit("team-a", "Team A"),
        hidden_unit("team-b", "Team B"),
    ]
    assert pick([outcomes["totals"]], *UNIT) == [hidden_unit(None, None)]
    assert pick(outcomes["byFunctionGroup"], *GROUP) == [
        ("beleidsmedewerker", None, True) + (None,) * 6,
        ("teammanager", None, True) + (None,) * 6,
    ]
    development = await report(client, "development", bi)
    assert [
        (r["competency"], r["suppressed"], r["agreements"]) for r in development["competencies"]
    ] == [
        ("samenwerken", True, None),
        ("integriteit", True, None),
    ]
    assert pick([development["knowledge"]], *KNOWLEDGE) == [(None, True, None, None, None)]
    assert all(r["suppressed"] and r["agreements"] is None for r in development["career"])
    for path in ("overdue?kind=planning", "overdue?kind=hearing", "rollout/missing"):
        refused = await client.get(f"/v1/reports/{path}", headers=bi)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["code"] == "names-not-for-clients"
        csv = await client.get(f"/v1/reports/{path}", headers={**bi, "Accept": "text/csv"})
        assert csv.status_code == 403, path


async def test_reports_privacy_a_manager_sees_only_their_own_people(client, people, mila):
    """Manager Mila heads no unit: she sees 100001 (Mo) and 100004 (Cas), not 200001 nor
    herself."""
    coverage = await report(client, "coverage", mila)
    assert pick(coverage["talks"], *TALKS) == [
        ("team-a", "planning", 1, 1, 0, 0, 2),
        ("team-a", "progress", 0, 0, 0, 2, 2),
        ("team-a", "appraisal", 2, 0, 0, 0, 2),
    ]
    assert pick(coverage["appraisals"], *APPRAISALS) == [("team-a", 2, 2, 0, 2, 0, 0, 0, 0, 0)]
    missing = await report(client, "rollout/missing", mila, by="2026-06-01")
    assert [i["personnelNumber"] for i in missing["items"]] == ["100004"]  # Mo held it in May
    rollout = await report(client, "rollout", mila, by="2026-06-01")
    assert pick(rollout["units"], *ROLLOUT) == [("team-a", "Team A", 2, 1, 1, 50.0)]
    for kind in ("planning", "finalisation", "hearing", "response"):
        assert await overdue(client, mila, kind) == [], kind
    # Her own people's figures, under 5 of them, are hers to see.
    outcomes = await report(client, "outcomes", mila)
    assert pick(outcomes["byUnit"], *UNIT) == [TEAM_A]
    assert pick(outcomes["byFunctionGroup"], *GROUP) == [
        ("beleidsmedewerker", 2, False, 2, 0, 0, 1, 1, 0)
    ]
    development = await report(client, "development", mila)
    assert pick(development["competencies"], *COMPETENCY, "meanScore") == [
        ("samenwerken", "Samenwerken", 2, False, 2, 2, 3.5)
    ]
    assert pick([development["knowledge"]], *KNOWLEDGE) == [(0, False, 0, 0, None)]
    assert pick(development["career"], *CAREER) == [
        ("career-step", 1, False, 1, 1),
        ("mobility", 1, False, 1, 1),
    ]
    # Another unit: nothing of it.
    team_b = await report(client, "coverage", mila, orgUnit="team-b")
    assert team_b["talks"] == [] and team_b["appraisals"] == []


async def test_reports_privacy_small_groups_are_withheld_from_the_head_not_from_hr_or_their_manager(
    client, people, dirk, mila, hr
):
    """Dirk heads gemeente (every unit) and manages 100002, 100003 and 200002 directly, not
    100001/100004: team-a's 2 finalised (Mo, Cas) are withheld from him, team-b's 1 (Max, his
    own) is not; HR and Mila see team-a."""
    outcomes = await report(client, "outcomes", dirk)
    assert pick(outcomes["byUnit"], *UNIT) == [hidden_unit("team-a", "Team A"), TEAM_B]
    assert pick([outcomes["totals"]], *UNIT) == [hidden_unit(None, None)]  # 1 own of 3
    assert pick(outcomes["byFunctionGroup"], *GROUP) == [
        ("beleidsmedewerker", None, True) + (None,) * 6,
        ("teammanager", 1, False, 1, 0, 0, 0, 0, 1),
    ]
    for headers in (hr, mila):
        seen = await report(client, "outcomes", headers)
        assert pick(seen["byUnit"], *UNIT)[0] == TEAM_A
    development = await report(client, "development", dirk)
    assert pick(development["competencies"], *COMPETENCY) == [
        ("samenwerken", "Samenwerken", None, True, None, None),  # Mila's only of 3
        ("integriteit", "Integriteit", 1, False, 1, 0),  # Hanna, his own
    ]
    assert pick([development["knowledge"]], *KNOWLEDGE) == [(1, False, 1, 1, 5.0)]  # Max
    assert [r["suppressed"] for r in development["career"]] == [True, True, True]
    # The counts of talks are no distribution: the head sees every unit's.
    coverage = await report(client, "coverage", dirk)
    assert pick(coverage["talks"], *TALKS) == ALL_TALKS


# --- the parameters: orgUnit, period, from/to, Accept ---------------------------------------


async def test_reports_org_unit_narrows_to_the_unit_and_those_below(client, people, hr):
    team_b = await report(client, "coverage", hr, orgUnit="team-b")
    assert team_b["orgUnit"] == "team-b"
    assert pick(team_b["talks"], *TALKS) == ALL_TALKS[6:]
    assert pick(team_b["talkTotals"], *TALKS) == [
        (None, "planning", 0, 3, 0, 0, 3),
        (None, "progress", 0, 0, 0, 3, 3),
        (None, "appraisal", 3, 0, 0, 0, 3),
    ]
    assert pick(team_b["appraisals"], *APPRAISALS) == ALL_APPRAISALS[2:]
    outcomes = await report(client, "outcomes", hr, orgUnit="team-b")
    assert pick(outcomes["byUnit"], *UNIT) == [TEAM_B]
    assert pick(outcomes["byFunctionGroup"], *GROUP) == [
        ("teammanager", 1, False, 1, 0, 0, 0, 0, 1)
    ]
    assert await overdue(client, hr, "response", orgUnit="team-b") == []
    missing = await report(client, "rollout/missing", hr, orgUnit="team-b", by="2026-06-01")
    assert [i["personnelNumber"] for i in missing["items"]] == ["200001", "200002", "200003"]
    whole = await report(client, "coverage", hr, orgUnit="gemeente")
    assert pick(whole["talks"], *TALKS) == ALL_TALKS
    for path in PATHS:
        sep = "&" if "?" in path else "?"
        unknown = await client.get(f"/v1/reports/{path}{sep}orgUnit=team-z", headers=hr)
        assert unknown.status_code == 400, (path, unknown.text)
        assert unknown.json()["invalidParams"][0]["name"] == "orgUnit"


async def test_reports_period_or_a_date_range_and_the_400s(client, people, hr):
    period = await report(client, "coverage", hr, period="2026-2027")
    assert pick(period["talks"], *TALKS) == ALL_TALKS
    other = await report(client, "coverage", hr, period="2028-2029")
    assert (other["start"], other["end"], other["talks"]) == ("2028-01-01", "2029-12-31", [])
    # Only the planning talks are due in May–June 2026.
    spring = await report(client, "coverage", hr, **{"from": "2026-05-01", "to": "2026-06-30"})
    assert (spring["start"], spring["end"]) == ("2026-05-01", "2026-06-30")
    assert pick(spring["talks"], *TALKS) == [r for r in ALL_TALKS if r[1] == "planning"]
    assert spring["appraisals"] == []
    # Finalised in 1–20 December 2026: Mo and Cas.
    december = await report(client, "outcomes", hr, **{"from": "2026-12-01", "to": "2026-12-20"})
    assert pick(december["byUnit"], *UNIT) == [TEAM_A]
    one_day = await report(client, "outcomes", hr, **{"from": "2026-12-27", "to": "2026-12-27"})
    assert pick(one_day["byUnit"], *UNIT) == [TEAM_B]
    for params, names in (
        ({"period": "2026-2027", "from": "2026-01-01", "to": "2026-12-31"}, ["period"]),
        ({"period": "2026-2027", "to": "2026-12-31"}, ["period"]),
        ({"from": "2026-01-01"}, ["to"]),
        ({"to": "2026-12-31"}, ["from"]),
        ({"from": "2026-12-31", "to": "2026-01-01"}, ["to"]),
    ):
        for path, extra in (
            ("coverage", {}),
            ("overdue", {"kind": "planning"}),
            ("outcomes", {}),
            ("development", {}),
        ):
            response = await client.get(
                f"/v1/reports/{path}", params={**params, **extra}, headers=hr
            )
            assert response.status_code == 400, (path, params, response.text)
            assert [p["name"] for p in response.json()["invalidParams"]] == names, params
    bad = await client.get("/v1/reports/coverage", params={"period": "2026"}, headers=hr)
    assert bad.status_code == 400, bad.text


async def test_reports_406_when_the_accept_header_allows_no_format(client, people, hr):
    for path in PATHS:
        response = await client.get(
            f"/v1/reports/{path}", headers={**hr, "Accept": "application/xml"}
        )
        assert response.status_code == 406, (path, response.text)
    for accept, media in (
        ("*/*", "application/json"),
        ("application/xml, text/csv;q=0.5", "text/csv"),
        (f"text/csv;q=0.5, {XLSX}", XLSX),
    ):
        response = await client.get("/v1/reports/coverage", headers={**hr, "Accept": accept})
        assert response.status_code == 200, (accept, response.text)
        assert response.headers["content-type"].split(";")[0] == media, accept


async def test_reports_privacy_a_head_of_unit_sees_names_after_the_talk_only_of_their_own(
    client, people, hr, dirk
):
    """Who is past an R6.11/R6.12 deadline tells who objected: like the withheld appraisal
    figures, the head of gemeente sees only the people he manages himself, while the overdue
    talks of every unit below him stay his to see (the process)."""
    assert await overdue(client, hr, "finalisation") == [
        ("200001", "Buiten Bea", "team-b", "200002", "2026-12-21", 30, "R6.11"),
    ]
    assert await overdue(client, dirk, "finalisation") == []  # 200001 is not his own
    assert await overdue(client, dirk, "hearing") == await overdue(client, hr, "hearing")
    planning = [row[0] for row in await overdue(client, dirk, "planning")]
    assert planning == [row[0] for row in await overdue(client, hr, "planning")]
