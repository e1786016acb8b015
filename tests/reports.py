"""Helpers for the report tests (issue 8): the steps of a cycle and an appraisal over HTTP, and
reading a report.

Every step goes through the API as the people of tests/org.py would take it; only HR moves the
test clock (``PUT /v1/clock``) between the steps, always forward."""

from __future__ import annotations

from tests.agreements import agree
from tests.appraisals import complete_ratings
from tests.cycles import current_cycle, talk_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each person's manager today (tests/org.py), for the steps a manager takes.
MANAGER_OF = {
    "100001": "100002",
    "100004": "100002",
    "100002": "900001",
    "100003": "900001",
    "200002": "900001",
    "200001": "200002",
}


class Person:
    """One employee of the fixture, with their manager, cycle and talks."""

    def __init__(self, auth, number: str, manager: str) -> None:
        self.number = number
        self.me = auth(role="employee", sub=number)
        self.boss = auth(role="manager", sub=manager)
        self.cycle: dict = {}

    @property
    def base(self) -> str:
        return f"/v1/cycles/{self.cycle['id']}"

    @property
    def appraisal(self) -> str:
        return f"/v1/talks/{talk_of(self.cycle, 'appraisal')['id']}"

    async def load(self, client) -> Person:
        self.cycle = await current_cycle(client, self.boss, self.number)
        return self

    async def compose(self, client) -> list[str]:
        """The default competency set; returns its codes."""
        composed = await client.put(
            f"{self.base}/competency-set", json={"chosen": [], "crucial": []}, headers=self.boss
        )
        assert composed.status_code == 200, composed.text
        return [c["code"] for c in composed.json()["members"]]

    async def add(self, client, body: dict) -> dict:
        created = await client.post(f"{self.base}/agreements", json=body, headers=self.boss)
        assert created.status_code == 201, created.text
        return created.json()

    async def plan(self, client, held_on: str) -> None:
        """The planning talk agreed by both and held on ``held_on``."""
        planning = talk_of(self.cycle, "planning")["id"]
        await agree(client, self.cycle["id"], planning, self.boss, self.me)
        held = await client.post(
            f"/v1/talks/{planning}/completions", json={"heldOn": held_on}, headers=self.boss
        )
        assert held.status_code == 201, held.text

    async def read(self, client, headers: dict | None = None):
        response = await client.get(f"{self.appraisal}/appraisal", headers=headers or self.boss)
        assert response.status_code == 200, response.text
        return response

    async def rate(self, client, score: int) -> dict:
        current = await self.read(client)
        extra = {"If-Match": current.headers["ETag"]} if current.json()["id"] else {}
        body = complete_ratings(current.json(), score=score)
        rated = await client.put(
            f"{self.appraisal}/ratings", json=body, headers={**self.boss, **extra}
        )
        assert rated.status_code == 200, rated.text
        return rated.json()

    async def step(self, client, path: str, headers: dict, body: dict | None = None) -> dict:
        response = await client.post(f"{self.appraisal}/{path}", json=body or {}, headers=headers)
        assert response.status_code == 201, (path, response.text)
        return response.json()

    async def share(self, client) -> dict:
        return await self.step(client, "draft-shares", self.boss)

    async def hold(self, client, held_on: str) -> None:
        held = await client.post(
            f"{self.appraisal}/completions", json={"heldOn": held_on}, headers=self.boss
        )
        assert held.status_code == 201, held.text

    async def sign(self, client, kind: str | None = None) -> dict:
        headers = self.boss if kind is None else self.me
        version = (await self.read(client, headers)).json()["contentVersion"]
        body = {"contentVersion": version, **({"kind": kind} if kind else {})}
        return await self.step(client, "signatures", headers, body)


async def move_clock(client, hr: dict, day: str) -> None:
    moved = await client.put("/v1/clock", json={"today": day}, headers=hr)
    assert moved.status_code == 200, moved.text


async def report(client, path: str, headers: dict, **params) -> dict:
    response = await client.get(f"/v1/reports/{path}", params=params, headers=headers)
    assert response.status_code == 200, (path, params, response.text)
    return response.json()


def development(code: str | None) -> dict:
    """A development agreement on competency ``code``, or on the knowledge level (None)."""
    return {
        "kind": "development",
        "description": "Ontwikkelen",
        "subject": "competency" if code else "knowledge",
        "competencyCode": code,
        "method": "training",
        "dueDate": "2027-03-01",
    }


def career(career_type: str) -> dict:
    return {"kind": "career", "description": "Loopbaan", "careerType": career_type}


NINA = {
    "name": "Nieuwe Nina",
    "orgUnitKey": "team-b",
    "functionProfileCode": "P22",
    "salaryScale": 10,
    "inFunctionScale": True,
    "entryDate": "2020-01-01",
    "managerPersonnelNumber": "200002",
    "managerFrom": "2020-01-01",
}


async def build_organisation_fixture(client, auth) -> dict[str, Person]:
    """The fixture of tests/test_reports_api.py (its docstring has the table)."""
    hr = auth(role="hr", sub="100003")
    hris = auth(client="hris", scopes=["people:write"])
    added = await client.put("/v1/employees/200003", json=NINA, headers=hris)
    assert added.status_code == 201, added.text
    headed = await client.put(
        "/v1/org-units/gemeente",
        json={"name": "Gemeente Maastricht", "managerPersonnelNumber": "900001"},
        headers=hris,
    )
    assert headed.status_code == 200, headed.text
    bosses = {**MANAGER_OF, "200003": "200002"}
    people = {n: await Person(auth, n, m).load(client) for n, m in bosses.items()}
    mo, cas, mila, hanna = (people[n] for n in ("100001", "100004", "100002", "100003"))
    max_, bea, nina = (people[n] for n in ("200002", "200001", "200003"))
    # 2026-11-29: sets, agreements, planning talks; the drafts (Nina's stays unshared).
    for person in people.values():
        codes = await person.compose(client)
        assert "samenwerken" in codes and "integriteit" in codes, codes
    for person, body in (
        (mo, development("samenwerken")),
        (cas, development("samenwerken")),
        (mila, development("samenwerken")),
        (hanna, development("integriteit")),
        (max_, development(None)),
        (mo, career("career-step")),
        (max_, career("career-step")),
        (cas, career("mobility")),
        (bea, career("approaching-retirement")),
    ):
        await person.add(client, body)
    for person in people.values():
        await person.plan(client, "2026-05-20" if person is mo else "2026-11-20")
    scores = {mo: 4, cas: 3, mila: 4, hanna: 4, max_: 4, bea: 4, nina: 4}
    for person, score in scores.items():
        await person.rate(client, score)
        if person is not nina:
            await person.share(client)
    # 2026-12-06: six talks held, the managers sign; Mo agrees and is finalised, Bea signs seen.
    await move_clock(client, hr, "2026-12-06")
    for person in (mo, cas, mila, hanna, max_, bea):
        await person.hold(client, "2026-12-06")
        await person.sign(client)
    await mo.sign(client, "agree")
    await mo.step(client, "finalisations", mo.boss)
    await mo.step(client, "rewards", mo.boss, {"description": "Eenmalige uitkering"})
    await bea.sign(client, "seen")
    await move_clock(client, hr, "2026-12-08")
    await hanna.step(client, "objections", hanna.me, {"text": "Oneens"})
    await move_clock(client, hr, "2026-12-10")
    for person in (cas, mila, max_):
        await person.step(client, "objections", person.me, {"text": "Oneens"})
    await move_clock(client, hr, "2026-12-15")
    for person in (cas, mila, max_):
        await person.step(client, "objection-hearings", person.boss, {"heldOn": "2026-12-15"})
    await move_clock(client, hr, "2026-12-20")
    explained = {"response": "explained", "explanation": "De normen gelden voor iedereen."}
    await cas.step(client, "finalisations", cas.boss, explained)
    await move_clock(client, hr, "2026-12-27")
    await max_.rate(client, 5)
    await max_.sign(client)
    await max_.step(client, "finalisations", max_.boss, {"response": "met-fully"})
    await max_.step(client, "rewards", max_.boss, {"description": "Eenmalige uitkering"})
    # 2027-01-15: Nina's draft shared; a hardship decision lets the talk be held on the 18th.
    await move_clock(client, hr, "2027-01-15")
    await nina.share(client)
    decision = await client.post(
        "/v1/hardship-decisions",
        json={
            "reference": "B&W 2027/3",
            "reason": "Vertrek: het gesprek moet deze week.",
            "rule": "R6.3",
            "cycleId": nina.cycle["id"],
            "talkId": talk_of(nina.cycle, "appraisal")["id"],
        },
        headers=hr,
    )
    assert decision.status_code == 201, decision.text
    await move_clock(client, hr, "2027-01-18")
    await nina.hold(client, "2027-01-18")
    await move_clock(client, hr, "2027-01-20")
    return people


FIXTURE_TODAY = "2027-01-20"
"""Today at the end of ``build_organisation_fixture``."""


def pick(items: list[dict], *keys: str) -> list[tuple]:
    return [tuple(item[k] for k in keys) for item in items]


OVERDUE = ("personnelNumber", "name", "orgUnit", "manager", "dueDate", "daysOverdue", "rule")


async def overdue(client, headers, kind: str, as_of: str = FIXTURE_TODAY, **params) -> list[tuple]:
    body = await report(client, "overdue", headers, kind=kind, **params)
    assert (body["kind"], body["asOf"]) == (kind, as_of)
    assert body["meta"]["totalItems"] == len(body["items"])
    return pick(body["items"], *OVERDUE)
