"""A large organisation written set-based in SQL (INSERT … SELECT generate_series): for the
report benchmark at scale (``benchmarks/reports_scale.py``) and the query-plan test
(``tests/test_query_plans.py``). 200,000 employees with two cycles each, their talks,
appraisals, ratings and agreements take about a minute on a 2-core machine.

Needs a migrated database with the bundled guides and ``tests.org.seed_org`` (the function
profiles P22, P-TM, P-DIR; HR Hanna). The cycles are those of the two-year periods 2024-2025
(completed) and 2026-2027 (active); every 50th employee joined on probation in 2025 (a
probation cycle ending 2025-12-31, then a bridging cycle). What happened is then written as of
``day`` by ``benchmarks.reports.ACTIVITY`` (about 85 % of the talks due held, appraisals in
every state, ratings, development and career agreements)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

TEAM_SIZE = 250  # employees per team; 20 teams per sector

STRUCTURE = [
    # Sectors and teams below "gemeente" (tests/org.py), managed by the team's first employee.
    """
    INSERT INTO org_unit (id, key, name, parent_id)
    SELECT gen_random_uuid(), 'lsector-' || s, 'Sector ' || s,
           (SELECT id FROM org_unit WHERE key = 'gemeente')
    FROM generate_series(1, CAST(:sectors AS int)) s
    """,
    """
    INSERT INTO org_unit (id, key, name, parent_id)
    SELECT gen_random_uuid(), 'lteam-' || t, 'Team ' || t,
           (SELECT id FROM org_unit WHERE key = 'lsector-' || (1 + (t - 1) / 20))
    FROM generate_series(1, CAST(:teams AS int)) t
    """,
    # The employees: number n in team 1 + (n - 1) / TEAM_SIZE; entry dates spread over ten
    # years, every 50th on probation since 2025-01-01; one in a hundred has left.
    """
    INSERT INTO employee (id, personnel_number, name, email, org_unit_id, function_profile_id,
        salary_scale, in_function_scale, function_scale_date, entry_date, probation,
        probation_decision_date, leaving_date)
    SELECT gen_random_uuid(), 'L' || lpad(n::text, 7, '0'), 'Medewerker ' || n, NULL,
        u.id, CASE WHEN n % CAST(:team_size AS int) = 1 THEN tm.id ELSE p.id END,
        10, true, DATE '2015-01-01',
        CASE WHEN n % 50 = 0 THEN DATE '2025-01-01'
             ELSE DATE '2014-01-01' + (n % 3650) END,
        n % 50 = 0, CASE WHEN n % 50 = 0 THEN DATE '2025-12-31' END,
        CASE WHEN n % 100 = 7 THEN DATE '2027-03-31' END
    FROM generate_series(1, CAST(:employees AS int)) n
    JOIN org_unit u ON u.key = 'lteam-' || (1 + (n - 1) / CAST(:team_size AS int))
    CROSS JOIN (SELECT id FROM function_profile WHERE code = 'P22') p
    CROSS JOIN (SELECT id FROM function_profile WHERE code = 'P-TM') tm
    """,
    """
    UPDATE org_unit u SET manager_id = e.id
    FROM employee e
    WHERE u.key LIKE 'lteam-%' AND e.personnel_number =
        'L' || lpad((1 + (substr(u.key, 7)::int - 1) * CAST(:team_size AS int))::text, 7, '0')
    """,
    """
    INSERT INTO manager_assignment (id, employee_id, manager_id, valid_from, valid_to)
    SELECT gen_random_uuid(), e.id, u.manager_id, DATE '2024-01-01', NULL
    FROM employee e JOIN org_unit u ON u.id = e.org_unit_id
    WHERE u.key LIKE 'lteam-%' AND u.manager_id <> e.id
    """,
    # Cycles: 2024-2025 completed and 2026-2027 active (regular), or for the probationers a
    # probation cycle in 2025 and a bridging cycle 2026-2027.
    """
    INSERT INTO cycle (id, employee_id, kind, rule, start_date, end_date, end_reason, state,
        function_profile_id)
    SELECT gen_random_uuid(), e.id, c.kind, 'T2.1', c.start_date,
        CASE WHEN e.leaving_date IS NOT NULL AND c.end_date > e.leaving_date
             THEN e.leaving_date ELSE c.end_date END,
        CASE WHEN e.leaving_date IS NOT NULL AND c.end_date > e.leaving_date
             THEN 'leaving' END,
        c.state, e.function_profile_id
    FROM employee e
    CROSS JOIN LATERAL (VALUES
        (CASE WHEN e.probation THEN 'probation' ELSE 'regular' END,
         CASE WHEN e.probation THEN DATE '2025-01-01' ELSE DATE '2024-01-01' END,
         DATE '2025-12-31', 'completed'),
        (CASE WHEN e.probation THEN 'bridging' ELSE 'regular' END,
         DATE '2026-01-01', DATE '2027-12-31', 'active')
    ) AS c(kind, start_date, end_date, state)
    WHERE e.personnel_number LIKE 'L%'
    """,
    # The talks of the plan: planning a month in, progress halfway, appraisal a month before
    # the end (a probation cycle: planning and appraisal only).
    """
    INSERT INTO talk (id, cycle_id, kind, sequence, origin, due_date, due_rule, status)
    SELECT gen_random_uuid(), c.id, k.kind, 1, 'cycle',
        CASE k.kind WHEN 'planning' THEN c.start_date + 30
                    WHEN 'progress' THEN c.start_date + (c.end_date - c.start_date) / 2
                    ELSE c.end_date - 30 END,
        CASE k.kind WHEN 'planning' THEN 'R2.2' WHEN 'progress' THEN 'R2.3' ELSE 'R2.4' END,
        'open'
    FROM cycle c
    JOIN employee e ON e.id = c.employee_id AND e.personnel_number LIKE 'L%'
    CROSS JOIN (VALUES ('planning'), ('progress'), ('appraisal')) AS k(kind)
    WHERE NOT (c.kind = 'probation' AND k.kind = 'progress')
      AND c.end_date - 30 > c.start_date + 30
    """,
]


async def fill(conn: AsyncConnection, employees: int, day: date) -> None:
    """Write the organisation and what happened in it by ``day``; ANALYZE at the end."""
    from benchmarks.reports import ACTIVITY

    teams = max(1, -(-employees // TEAM_SIZE))
    values = {
        "employees": employees,
        "teams": teams,
        "sectors": -(-teams // 20),
        "team_size": TEAM_SIZE,
        "day": day,
    }
    await conn.execute(text("SET LOCAL statement_timeout = 0"))  # minutes at 200,000
    for statement in STRUCTURE:
        await conn.execute(text(statement), values)
    for statement in ACTIVITY:
        await conn.execute(text(statement), {"day": day})
    await conn.execute(text("ANALYZE"))
