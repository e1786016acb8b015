"""The competency guide over HTTP: /v1/competencies, /v1/competency-profiles, … (R3.1–R3.5)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.auth import SYSTEM_ACTOR
from app.reference.service import load_guide
from tests.guides import synthetic_guide
from tests.sql_counter import count_statements


@pytest.fixture
def headers(auth):
    return auth(role="employee")


async def test_r3_1_every_competency_with_three_levels(client, headers):
    response = await client.get("/v1/competencies?pageSize=100", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["totalItems"] == 27 == len(body["items"])
    default_page = await client.get("/v1/competencies", headers=headers)
    assert len(default_page.json()["items"]) == 25  # the default page size
    assert default_page.json()["meta"]["totalPages"] == 2
    first = body["items"][0]
    assert (first["code"], first["name"], first["cluster"]) == (
        "samenwerken",
        "Samenwerken",
        "core",
    )
    assert first["guideVersion"] == "2014" and first["developability"] is None
    for item in body["items"]:
        assert [lvl["level"] for lvl in item["levels"]] == [1, 2, 3]
        assert [(lvl["minScale"], lvl["maxScale"]) for lvl in item["levels"]] == [
            (3, 7),
            (8, 10),
            (11, 18),
        ]
        assert all(lvl["behaviours"] and lvl["tips"] for lvl in item["levels"])


@pytest.mark.parametrize(
    ("cluster", "count"), [("core", 3), ("connect", 8), ("choose", 7), ("learn", 9)]
)
async def test_filter_by_cluster(client, headers, cluster, count):
    response = await client.get(f"/v1/competencies?cluster={cluster}", headers=headers)
    assert response.status_code == 200
    assert {item["cluster"] for item in response.json()["items"]} == {cluster}
    assert response.json()["meta"]["totalItems"] == count


async def test_unknown_cluster_is_400(client, headers):
    response = await client.get("/v1/competencies?cluster=verbinden", headers=headers)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "cluster"


@pytest.mark.parametrize(("scale", "level"), [(3, 1), (7, 1), (8, 2), (10, 2), (11, 3), (18, 3)])
async def test_r3_4_function_scale_keeps_only_its_level(client, headers, scale, level):
    response = await client.get(
        f"/v1/competencies?functionScale={scale}&pageSize=100", headers=headers
    )
    assert response.status_code == 200
    for item in response.json()["items"]:
        assert [lvl["level"] for lvl in item["levels"]] == [level]
    one = await client.get(f"/v1/competencies/integriteit?functionScale={scale}", headers=headers)
    assert [lvl["level"] for lvl in one.json()["levels"]] == [level]


@pytest.mark.parametrize("scale", [0, 2, 19, 100])
async def test_r3_4_a_scale_outside_3_to_18_is_400_naming_the_rule(client, headers, scale):
    for path in ("/v1/competencies", "/v1/competencies/integriteit"):
        response = await client.get(f"{path}?functionScale={scale}", headers=headers)
        assert response.status_code == 400
        body = response.json()
        assert body["rule"] == "R3.4"
        assert body["invalidParams"][0]["name"] == "functionScale"


async def test_one_competency_and_unknown_codes(client, headers):
    response = await client.get("/v1/competencies/klantgericht-werken", headers=headers)
    assert response.status_code == 200
    assert response.json()["name"] == "Klantgericht werken"
    missing = await client.get("/v1/competencies/toveren", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["code"] == "competency-not-found"
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_unknown_guide_version_is_404(client, headers):
    response = await client.get("/v1/competencies?guideVersion=1999", headers=headers)
    assert response.status_code == 404
    assert response.json()["code"] == "guide-version-not-found"


async def test_profiles_with_competencies_resolved(client, headers):
    response = await client.get("/v1/competency-profiles", headers=headers)
    assert response.status_code == 200
    items = {p["code"]: p for p in response.json()["items"]}
    assert len(items) == 16
    policy = items["beleidsmedewerker"]
    assert [c["code"] for c in policy["competencies"]] == [
        "samenwerken",
        "klantgericht-werken",
        "integriteit",
        "gevoel-voor-bestuurlijke-verhouding",
        "werken-in-netwerken",
        "visie-ontwikkelen",
        "resultaatgerichtheid",
    ]
    assert [c["core"] for c in policy["competencies"]] == [True] * 3 + [False] * 4
    assert policy["competencies"][3]["name"] == "Gevoel voor bestuurlijke verhouding"
    assert policy["competencies"][3]["cluster"] == "connect"
    assert (policy["steering"], policy["freeChoices"]) == (False, 2)
    team = items["teammanager"]
    assert (team["steering"], team["freeChoices"], len(team["competencies"])) == (True, 0, 9)
    vak = items["vakspecialist"]
    assert (vak["steering"], vak["freeChoices"], len(vak["competencies"])) == (False, 6, 3)


async def test_one_profile_and_unknown_profile(client, headers):
    response = await client.get("/v1/competency-profiles/programma-manager", headers=headers)
    assert response.status_code == 200 and response.json()["steering"] is True
    missing = await client.get("/v1/competency-profiles/astronaut", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["code"] == "competency-profile-not-found"


async def test_rating_scale_tips_and_versions(client, headers):
    scale = (await client.get("/v1/rating-scale", headers=headers)).json()
    assert [v["label"] for v in scale["values"]] == [
        "onvoldoende",
        "enigszins onvoldoende",
        "normaal",
        "goed",
        "uitstekend",
    ]
    assert [v["score"] for v in scale["values"]] == [1, 2, 3, 4, 5]
    tips = (await client.get("/v1/preparation-tips", headers=headers)).json()
    assert [t["number"] for t in tips["tips"]] == list(range(1, 9))
    versions = (await client.get("/v1/guide-versions", headers=headers)).json()["items"]
    in_force = [v for v in versions if v["inForce"]]
    assert [v["id"] for v in in_force] == ["2014"]
    assert in_force[0]["effectiveDate"] == "2014-01-01"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/competencies",
        "/v1/competencies/samenwerken",
        "/v1/competency-profiles",
        "/v1/competency-profiles/adviseur",
        "/v1/rating-scale",
        "/v1/preparation-tips",
        "/v1/guide-versions",
    ],
)
async def test_reference_responses_carry_an_etag_and_answer_304(client, headers, path):
    first = await client.get(path, headers=headers)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = await client.get(path, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert again.headers["API-Version"]
    weak = await client.get(path, headers={**headers, "If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    other = await client.get(path, headers={**headers, "If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.headers["ETag"] == etag


async def test_a_different_representation_has_a_different_etag(client, headers):
    all_levels = await client.get("/v1/competencies/samenwerken", headers=headers)
    one_level = await client.get("/v1/competencies/samenwerken?functionScale=5", headers=headers)
    assert all_levels.headers["ETag"] != one_level.headers["ETag"]


async def test_reference_lists_issue_a_constant_number_of_statements(client, headers, engine):
    # The first read of a guide version in a process keeps its content (R3.5: it never
    # changes); after that a page of competencies is the test clock and the version in force.
    assert (await client.get("/v1/competencies", headers=headers)).status_code == 200
    counts = []
    for path in (
        "/v1/competencies?pageSize=1",
        "/v1/competencies?pageSize=27",
        "/v1/competency-profiles?pageSize=1",
        "/v1/competency-profiles?pageSize=16",
    ):
        with count_statements(engine) as log:
            assert (await client.get(path, headers=headers)).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] == 2
    assert counts[2] == counts[3]


async def test_r3_5_an_older_or_later_version_stays_readable(client, headers, session):
    session.info["actor"] = SYSTEM_ACTOR
    await load_guide(session, document=synthetic_guide(), actor=SYSTEM_ACTOR)
    await session.flush()
    pinned = await client.get("/v1/competencies?guideVersion=test-1", headers=headers)
    assert pinned.json()["meta"]["totalItems"] == 13
    assert {item["guideVersion"] for item in pinned.json()["items"]} == {"test-1"}
    # test-1 takes effect in 2030: today the 2014 guide is still the one in force.
    current = await client.get("/v1/competencies", headers=headers)
    assert {item["guideVersion"] for item in current.json()["items"]} == {"2014"}
    versions = (await client.get("/v1/guide-versions", headers=headers)).json()["items"]
    assert {v["id"]: v["inForce"] for v in versions} == {"2014": True, "test-1": False}


async def test_r3_5_the_database_refuses_to_change_a_loaded_version(connection):
    for statement in (
        "UPDATE competency SET name = 'Anders' WHERE code = 'samenwerken'",
        "DELETE FROM competency_level WHERE competency_code = 'integriteit'",
        "UPDATE guide_version SET title = 'x'",
    ):
        savepoint = await connection.begin_nested()
        with pytest.raises(DBAPIError, match="immutable"):
            await connection.execute(text(statement))
        await savepoint.rollback()


async def test_if_none_match_on_several_header_lines_counts_as_one_list(client, headers):
    etag = (await client.get("/v1/rating-scale", headers=headers)).headers["ETag"]
    for lines in (
        [("If-None-Match", '"x"'), ("If-None-Match", etag)],
        [("If-None-Match", etag), ("If-None-Match", '"x"')],
    ):
        response = await client.get("/v1/rating-scale", headers=[*headers.items(), *lines])
        assert response.status_code == 304


async def test_reference_data_may_be_cached_but_is_revalidated(client, headers):
    response = await client.get("/v1/competencies/samenwerken", headers=headers)
    assert response.headers["Cache-Control"] == "private, no-cache"
    personal = await client.get("/v1/me", headers=headers)
    assert personal.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/competencies/Samenwerken",
        "/v1/competencies/klantgericht_werken",
        "/v1/competency-profiles/Adviseur",
        "/v1/competencies/" + "x" * 61,
    ],
)
async def test_any_unknown_code_is_404(client, headers, path):
    response = await client.get(path, headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_r3_5_a_newer_version_in_force_and_the_older_one_pinned(client, headers, session):
    from datetime import date

    session.info["actor"] = SYSTEM_ACTOR
    newer = synthetic_guide(version="test-2020", effective=date(2020, 1, 1))
    await load_guide(session, document=newer, actor=SYSTEM_ACTOR)
    await session.flush()
    current = await client.get("/v1/competencies?pageSize=100", headers=headers)
    assert {item["guideVersion"] for item in current.json()["items"]} == {"test-2020"}
    pinned = await client.get("/v1/competencies?guideVersion=2014&pageSize=100", headers=headers)
    assert pinned.json()["meta"]["totalItems"] == 27
    assert {item["guideVersion"] for item in pinned.json()["items"]} == {"2014"}
    gone = await client.get("/v1/competencies/gevoel-voor-bestuurlijke-verhouding", headers=headers)
    assert gone.status_code == 404  # not in the version in force
    kept = await client.get(
        "/v1/competencies/gevoel-voor-bestuurlijke-verhouding?guideVersion=2014", headers=headers
    )
    assert kept.status_code == 200


async def test_r3_5_the_bundled_2014_guide_is_adopted_as_the_seed_records_it(client, headers):
    versions = (await client.get("/v1/guide-versions", headers=headers)).json()["items"]
    guide = next(v for v in versions if v["id"] == "2014")
    assert guide["status"] == "adopted" and guide["inForce"] is True
    # "Gelet de instemming van de Ondernemingsraad van 30 januari 2014"; the college note is
    # dated 24-2-14.
    assert guide["adoption"]["worksCouncilConsentDate"] == "2014-01-30"
    assert guide["adoption"]["collegeDecisionDate"] == "2014-02-24"
    assert "Regeling gesprekscyclus" in guide["adoption"]["collegeDecisionReference"]


async def test_r3_5_a_draft_version_is_readable_but_never_in_force(client, headers, session):
    from datetime import date

    session.info["actor"] = SYSTEM_ACTOR
    draft = synthetic_guide(version="draft-2020", effective=date(2020, 1, 1), adopted=False)
    result = await load_guide(session, document=draft, actor=SYSTEM_ACTOR)
    assert (result.created, result.adopted) == (True, False)
    await session.flush()
    # Its effective date has passed, but without the College's adoption 2014 stays in force.
    current = await client.get("/v1/competencies", headers=headers)
    assert {item["guideVersion"] for item in current.json()["items"]} == {"2014"}
    pinned = await client.get("/v1/competencies?guideVersion=draft-2020", headers=headers)
    assert pinned.json()["meta"]["totalItems"] == 13
    versions = (await client.get("/v1/guide-versions", headers=headers)).json()["items"]
    listed = {v["id"]: (v["status"], v["inForce"], v["adoption"]) for v in versions}
    assert listed["draft-2020"] == ("draft", False, None)
    assert listed["2014"][:2] == ("adopted", True)


async def test_r3_5_hr_records_the_adoption_once_and_the_draft_comes_into_force(
    client, auth, headers, session
):
    from datetime import date

    session.info["actor"] = SYSTEM_ACTOR
    draft = synthetic_guide(version="draft-2020", effective=date(2020, 1, 1), adopted=False)
    await load_guide(session, document=draft, actor=SYSTEM_ACTOR)
    await session.flush()
    body = {
        "collegeDecisionDate": "2026-03-03",
        "collegeDecisionReference": "B&W 2026/12",
        "worksCouncilConsentDate": "2026-02-20",
    }
    hr = auth(role="hr", sub="100003")
    refused = await client.post(
        "/v1/guide-versions/draft-2020/adoption", json=body, headers=headers
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "R3.5"
    adopted = await client.post("/v1/guide-versions/draft-2020/adoption", json=body, headers=hr)
    assert adopted.status_code == 201, adopted.text
    out = adopted.json()
    assert (out["status"], out["inForce"]) == ("adopted", True)
    assert out["adoption"]["collegeDecisionReference"] == "B&W 2026/12"
    assert out["adoption"]["recordedBy"] == "100003"
    current = await client.get("/v1/competencies", headers=headers)
    assert {item["guideVersion"] for item in current.json()["items"]} == {"draft-2020"}
    again = await client.post("/v1/guide-versions/draft-2020/adoption", json=body, headers=hr)
    assert again.status_code == 409
    assert (again.json()["code"], again.json()["rule"]) == ("guide-version-adopted", "R3.5")
    missing = await client.post("/v1/guide-versions/nope/adoption", json=body, headers=hr)
    assert missing.status_code == 404


async def test_r3_5_adoption_comes_after_consent_and_is_not_in_the_future(client, auth, session):
    from datetime import date

    session.info["actor"] = SYSTEM_ACTOR
    draft = synthetic_guide(version="draft-2020", effective=date(2020, 1, 1), adopted=False)
    await load_guide(session, document=draft, actor=SYSTEM_ACTOR)
    await session.flush()
    hr = auth(role="hr", sub="100003")
    response = await client.post(
        "/v1/guide-versions/draft-2020/adoption",
        json={
            "collegeDecisionDate": "2099-01-01",  # after today
            "collegeDecisionReference": "B&W 2099/1",
            "worksCouncilConsentDate": "2099-02-01",  # after the decision
        },
        headers=hr,
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["rule"] == "R3.5"
    assert {p["name"] for p in problem["invalidParams"]} == {
        "collegeDecisionDate",
        "worksCouncilConsentDate",
    }
    blank = await client.post(
        "/v1/guide-versions/draft-2020/adoption",
        json={
            "collegeDecisionDate": "2026-03-03",
            "collegeDecisionReference": " ",
            "worksCouncilConsentDate": "2026-02-20",
        },
        headers=hr,
    )
    assert blank.status_code == 400
    assert blank.json()["invalidParams"][0]["name"] == "collegeDecisionReference"
