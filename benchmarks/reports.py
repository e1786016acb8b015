"""Benchmark: every report for the whole organisation, with 10,000 employees and two periods.

Target (issue 8): with 10,000 employees and two periods of data, every report for the whole
organisation returns in under 500 ms at the median on a 2-core machine.

    .venv/bin/python benchmarks/reports.py [--employees 10000] [--requests 30]

Runs on its own throwaway embedded PostgreSQL (or a scratch database on DATABASE_URL's server).
The organisation and the employees are those of ``benchmarks/cycles.py`` (five sectors of nine
teams), imported through the API on 2025-06-01 (period 2024-2025); HR opens 2026-2027 on
2025-12-15. What happened in the talks is then written set-wise in SQL, as of 2027-09-01: about
85 % of the talks due by then held (some late), appraisals in every state (most finalised, some
in their objection window, objected, heard; ratings of four competencies and the knowledge
level; rewards), development agreements on competencies and on the knowledge level, and career
agreements of every type. The reports are then asked for by HR, for the whole organisation,
through the whole app in-process (ASGI) with a real bearer token: JSON, and the coverage report
also as XLSX.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import event, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import mint_local_token
from app.config import AuthMode, Settings
from app.db import create_engine
from app.main import create_app
from app.models.agreements import Agreement
from app.models.appraisals import Appraisal, AppraisalRating
from app.models.cycles import Cycle, Talk
from app.people.schemas import OrgUnitIn
from benchmarks.cycles import HR_NUMBER, SECTORS, TEAMS, p95, synthetic, units
from benchmarks.scratch_db import database
from tests.org import HRIS, build, seed_org

IMPORT_DAY, OPENING_DAY, REPORT_DAY = date(2025, 6, 1), date(2025, 12, 15), date(2027, 9, 1)
WARM_UP = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = [
    ("coverage 2026-2027", "/v1/reports/coverage?period=2026-2027", None),
    ("coverage 2024-2025", "/v1/reports/coverage?period=2024-2025", None),
    ("coverage 2026-2027 as XLSX", "/v1/reports/coverage?period=2026-2027", XLSX),
    ("overdue planning talks (page)", "/v1/reports/overdue?kind=planning&period=2026-2027", None),
    ("overdue hearings (page)", "/v1/reports/overdue?kind=hearing&period=2026-2027", None),
    ("roll-out check on 2026-06-01", "/v1/reports/rollout?by=2026-06-01", None),
    ("roll-out: who is missing (page)", "/v1/reports/rollout/missing?by=2026-06-01", None),
    ("outcomes 2026-2027", "/v1/reports/outcomes?period=2026-2027", None),
    ("outcomes 2024-2025", "/v1/reports/outcomes?period=2024-2025", None),
    ("development and careers 2026-2027", "/v1/reports/development?period=2026-2027", None),
]

# What happened, written set-wise. ``h`` is a stable pseudo-random number 0–99 per row.
ACTIVITY = [
    # ~85 % of the talks due by the report day held, from 20 days early to 19 days late.
    """
    UPDATE talk SET status = 'held', held_on = due_date - 20 + (abs(hashtext(id::text)) % 40)
    WHERE status IN ('open', 'scheduled') AND abs(hashtext(id::text || 'h')) % 100 < 85
      AND due_date - 20 + (abs(hashtext(id::text)) % 40) <= CAST(:day AS date)
    """,
    # An appraisal for every held appraisal talk: shared 10 days ahead (every 20th only 5, by a
    # hardship decision), rated; 10 % objected, 10 % heard, the rest held for now.
    """
    INSERT INTO appraisal (id, talk_id, cycle_id, state, rated_set_version, content_version,
        final_computed, final_rating, final_motivation, shared_on, shared_by, shared_version,
        window_from, objections, objections_on, objections_version, hearing_on)
    SELECT gen_random_uuid(), t.id, t.cycle_id,
        CASE WHEN h BETWEEN 80 AND 89 AND t.held_on + 5 <= CAST(:day AS date) THEN 'objected'
             WHEN h >= 90 AND t.held_on + 15 <= CAST(:day AS date) THEN 'heard'
             ELSE 'held' END,
        1, 1, r, r, 'Motivering van het eindoordeel',
        t.held_on - CASE WHEN h % 20 = 0 THEN 5 ELSE 10 END, '900001', 1, t.held_on,
        CASE WHEN h >= 80 AND t.held_on + 5 <= CAST(:day AS date) THEN 'Bezwaar' END,
        CASE WHEN h >= 80 AND t.held_on + 5 <= CAST(:day AS date) THEN t.held_on + 5 END,
        CASE WHEN h >= 80 AND t.held_on + 5 <= CAST(:day AS date) THEN 1 END,
        CASE WHEN h >= 90 AND t.held_on + 15 <= CAST(:day AS date) THEN t.held_on + 15 END
    FROM (
        SELECT t.*, abs(hashtext(t.id::text || 'a')) % 100 AS h,
            (ARRAY[2,3,3,3,3,3,4,4,4,5])[1 + abs(hashtext(t.id::text || 'r')) % 10] AS r
        FROM talk t WHERE t.kind = 'appraisal' AND t.status = 'held'
    ) t
    """,
    # Four competencies and the knowledge level rated per appraisal, around the final rating.
    """
    INSERT INTO appraisal_rating (appraisal_id, item, ref, score, motivation)
    SELECT a.id, 'competency', c.code,
        greatest(1, least(5, a.final_rating - 1 + abs(hashtext(a.id::text || c.code)) % 3)),
        'Zichtbaar gedrag'
    FROM appraisal a
    CROSS JOIN (SELECT DISTINCT code FROM competency ORDER BY code LIMIT 4) c
    UNION ALL
    SELECT a.id, 'knowledge', '', a.final_rating, 'Op niveau' FROM appraisal a
    """,
    # Finalised: most held ones 20 days after the talk (a reward with goed or better, one in
    # four), and the heard ones 10 days after the hearing (met fully or explained).
    """
    UPDATE appraisal a SET state = 'finalised', finalised_on = t.held_on + 20,
        finalised_by = '900001',
        reward = CASE WHEN a.final_rating >= 4 AND abs(hashtext(a.id::text)) % 4 = 0
                      THEN 'Eenmalige uitkering' END
    FROM talk t
    WHERE t.id = a.talk_id AND a.state = 'held' AND t.held_on + 20 <= CAST(:day AS date)
      AND abs(hashtext(a.id::text || 'f')) % 100 < 88
    """,
    """
    UPDATE appraisal a SET state = 'finalised', finalised_on = a.hearing_on + 10,
        finalised_by = '900001',
        response = CASE WHEN abs(hashtext(a.id::text)) % 3 = 0 THEN 'met-fully'
                        ELSE 'explained' END,
        response_text = 'Toelichting', content_version = 2
    WHERE a.state = 'heard' AND a.hearing_on + 10 <= CAST(:day AS date)
      AND abs(hashtext(a.id::text || 'g')) % 2 = 0
    """,
    # Agreements made in the planning talks held: a development agreement on a competency
    # (half of them), on the knowledge level (a fifth), a career agreement (a third).
    """
    INSERT INTO agreement (id, cycle_id, kind, number, current_version)
    SELECT gen_random_uuid(), t.cycle_id, k.kind, k.number, 1
    FROM talk t
    CROSS JOIN (VALUES ('development', 1, 50, ''), ('development', 2, 20, 'k'),
                       ('career', 3, 33, 'c')) AS k(kind, number, share, salt)
    WHERE t.kind = 'planning' AND t.status = 'held'
      AND abs(hashtext(t.id::text || k.salt)) % 100 < k.share
    """,
    """
    INSERT INTO agreement_version (agreement_id, version, cycle_id, kind, set_version, change,
        talk_id, changed_by, status, description, due_date, subject, competency_code, method,
        career_type)
    SELECT a.id, 1, a.cycle_id, a.kind, 1, 'created', t.id, '900001', 'active',
        CASE a.number WHEN 1 THEN 'Ontwikkelen van een competentie'
                      WHEN 2 THEN 'Vakkennis bijhouden' ELSE 'Loopbaanstap' END,
        CASE WHEN a.kind = 'development' THEN c.end_date END,
        CASE a.number WHEN 1 THEN 'competency' WHEN 2 THEN 'knowledge' END,
        CASE WHEN a.number = 1 THEN (
            SELECT code FROM (SELECT DISTINCT code FROM competency ORDER BY code LIMIT 8) q
            ORDER BY abs(hashtext(a.id::text || q.code)) LIMIT 1) END,
        CASE WHEN a.kind = 'development' THEN 'training' END,
        CASE WHEN a.kind = 'career' THEN (ARRAY['career-step', 'mobility',
            'approaching-retirement', 'work-care-balance', 'other'])
            [1 + abs(hashtext(a.id::text)) % 5] END
    FROM agreement a
    JOIN cycle c ON c.id = a.cycle_id
    JOIN talk t ON t.cycle_id = a.cycle_id AND t.kind = 'planning' AND t.sequence = 1
    """,
]


async def count(engine, model) -> int:
    async with engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(model)) or 0


async def explain(engine, statements: list[tuple[str, tuple]]) -> list[tuple[float, str]]:
    """EXPLAIN ANALYZE each statement of a request with its parameters: (ms, plan)."""
    found = []
    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        for sql, parameters in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue  # SET LOCAL plan_cache_mode
            rows = await driver.fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql, *parameters)
            plan = "\n".join(r[0] for r in rows)
            ms = float(plan.rsplit("Execution Time: ", 1)[1].split(" ms")[0])
            found.append((ms, plan))
    return found


async def run(count_: int, url: str, requests: int, show_plans: int = 0) -> None:
    from app.auth import SYSTEM_ACTOR
    from app.db import create_sessionmaker
    from app.migrate import upgrade
    from app.models.agreements import CAREER_TYPES
    from app.people import service as people
    from app.reference.service import ensure_bundled_guides

    assert set(CAREER_TYPES) == {  # the types the activity writes
        "career-step",
        "mobility",
        "approaching-retirement",
        "work-care-balance",
        "other",
    }
    data_dir = Path(tempfile.mkdtemp())
    settings = Settings(
        database_url=url, data_dir=data_dir, auth_mode=AuthMode.local, test_clock=True
    )
    engine = create_engine(url, settings)
    await upgrade(engine)
    async with create_sessionmaker(engine).begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
        await seed_org(session)
        for key, name, parent in units():
            await people.upsert_org_unit(
                session, actor=HRIS, key=key, data=build(OrgUnitIn, name=name, parent_key=parent)
            )
    app = create_app(settings)
    hris_token = mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    hris = {"Authorization": f"Bearer {hris_token}"}
    hr = {"Authorization": f"Bearer {mint_local_token(settings, subject=HR_NUMBER, roles=['hr'])}"}
    transport = httpx.ASGITransport(app=app)
    statements: list[tuple[str, tuple]] = []

    def counter(_conn, _cursor, statement, parameters, *_rest) -> None:
        statements.append((statement, tuple(parameters or ())))

    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", timeout=600
    ) as client:

        async def set_today(day: date) -> None:
            response = await client.put("/v1/clock", json={"today": day.isoformat()}, headers=hr)
            assert response.status_code == 200, response.text[:500]

        started = time.perf_counter()
        await set_today(IMPORT_DAY)
        imported = await client.post(
            "/v1/employee-imports", json={"employees": synthetic(count_)}, headers=hris
        )
        assert imported.status_code == 201, imported.text[:500]
        await set_today(OPENING_DAY)
        opened = await client.post("/v1/period-openings", json={"period": "2026-2027"}, headers=hr)
        assert opened.status_code == 201, opened.text[:500]
        await set_today(REPORT_DAY)
        async with engine.begin() as conn:
            for statement in ACTIVITY:
                await conn.execute(text(statement), {"day": REPORT_DAY})
            await conn.execute(text("ANALYZE"))
        setup_s = time.perf_counter() - started
        sizes = {
            "cycles": await count(engine, Cycle),
            "talks": await count(engine, Talk),
            "appraisals": await count(engine, Appraisal),
            "ratings": await count(engine, AppraisalRating),
            "agreements": await count(engine, Agreement),
        }
        async with engine.connect() as conn:
            held = await conn.scalar(select(func.count()).where(Talk.status == "held"))
            grouped = select(Appraisal.state, func.count()).group_by(Appraisal.state)
            states = {state: n for state, n in (await conn.execute(grouped)).all()}

        results = []
        engine_of_app = app.state.engine.sync_engine
        for label, path, accept in REPORTS:
            headers = {**hr, **({"Accept": accept} if accept else {})}
            for _ in range(WARM_UP):
                assert (await client.get(path, headers=headers)).status_code == 200
            timings = []
            for _ in range(requests):
                began = time.perf_counter()
                response = await client.get(path, headers=headers)
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, response.text[:500]
            statements.clear()
            event.listen(engine_of_app, "before_cursor_execute", counter)
            last = await client.get(path, headers=headers)
            event.remove(engine_of_app, "before_cursor_execute", counter)
            plans = await explain(engine, list(statements)) if show_plans else []
            results.append((label, timings, len(statements), len(last.content), plans))
    await engine.dispose()

    print(
        f"organisation: {count_} employees in {SECTORS * TEAMS + SECTORS + 1} new org units; "
        f"{sizes['cycles']} cycles, {sizes['talks']} talks ({held} held), "
        f"{sizes['appraisals']} appraisals {states}, {sizes['ratings']} ratings, "
        f"{sizes['agreements']} agreements; set-up {setup_s:.1f} s"
    )
    print(f"HR, whole organisation, on {REPORT_DAY}; {requests} requests each after {WARM_UP}:")
    worst = 0.0
    for label, timings, statement_count, size, plans in results:
        median = statistics.median(timings)
        worst = max(worst, median)
        print(
            f"  {label:36} median {median:7.1f} ms   p95 {p95(timings):7.1f} ms   "
            f"{statement_count} SQL statements   {size:>8} bytes"
        )
        for ms, plan in plans:
            print(f"      EXPLAIN ANALYZE {ms:7.1f} ms")
            if show_plans > 1:
                print("        " + plan.replace("\n", "\n        "))
    verdict = "met" if worst < 500 else "MISSED"
    print(f"target: every report's median < 500 ms: {verdict} (slowest median {worst:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per report")
    parser.add_argument(
        "--plans", action="count", default=0, help="EXPLAIN ANALYZE times (twice: the plans)"
    )
    args = parser.parse_args()
    with database("bench-reports") as url:
        asyncio.run(run(args.employees, url, args.requests, args.plans))


if __name__ == "__main__":
    main()
