"""Benchmark: goedgesprek's reads over HTTP, side by side with a bare FastAPI + asyncpg endpoint.

    make bench-http
    .venv/bin/python benchmarks/http_reads.py [--duration 5] [--rounds 2] [--only "by id"]

Needs `wrk` (Debian: `apt-get install wrk`); a load generator in Python would steal the CPU it
measures. What it does:

1. a throwaway embedded PostgreSQL (or a scratch database on DATABASE_URL's server);
2. the migrations, the guide, the demo organisation, and 10,000 employees through goedgesprek's
   own API (`POST /v1/employee-imports`, which also plans their cycles);
3. two servers on that one database, one worker each, the same uvicorn settings: goedgesprek as
   in production (`goedgesprek serve`, production mode, JWKS tokens signed RS256, access log
   off) and `benchmarks/bare_app.py` (one fixed query, Pydantic to JSON bytes, no auth);
4. for every endpoint and concurrency (c=10, c=50) and round: wrk on the bare endpoint and on
   goedgesprek's, one right after the other (the order alternates each round), each after a
   1-second warm-up; from /proc, the server's CPU time per request and its memory.

It prints, per endpoint and concurrency, the medians over the rounds of req/s, p50, p99 and
CPU ms per request for both, and the ratio of the pairs (goedgesprek ÷ bare). Each endpoint is
compared with the bare by-id endpoint, the page of employees with the bare page, as the issue
asks; the page of cycles also with the bare page. The machine is shared: read ratios and CPU
per request, not absolute figures.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bulk_import
from benchmarks.scratch_db import database

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
GG_PORT, BARE_PORT = 8111, 8112
ISSUER, AUDIENCE = "https://idp.bench.example", "goedgesprek"
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    reader: str  # key of the token
    bare: str  # the bare endpoint it is compared with: "one" or "page"


# --- the data ------------------------------------------------------------------------------


def synthetic(count: int) -> list[dict]:
    """Teams of ten in two of the demo's units: the first of each team leads the other nine and
    reports to Sara (S0002)."""
    return bulk_import.synthetic(
        count, units=("werk", "openbare-ruimte"), profile="P30", top="S0002", probation=False
    )


async def prepare(url: str, count: int, data_dir: Path) -> dict[str, str]:
    """Load the data; return the ids the endpoints read."""
    import httpx
    from sqlalchemy import text

    from app.auth import SYSTEM_ACTOR, mint_local_token
    from app.clock.today import real_today
    from app.config import AuthMode, Settings
    from app.db import create_engine, create_sessionmaker
    from app.demo import load_demo
    from app.main import create_app
    from app.migrate import upgrade
    from app.reference.service import ensure_bundled_guides

    settings = Settings(database_url=url, data_dir=data_dir, auth_mode=AuthMode.local)
    engine = create_engine(url, settings)
    await upgrade(engine)
    async with create_sessionmaker(engine).begin() as session:
        session.info["actor"] = SYSTEM_ACTOR
        await ensure_bundled_guides(session, actor=SYSTEM_ACTOR)
    async with create_sessionmaker(engine).begin() as session:
        await load_demo(session, today=real_today())
    app = create_app(settings)
    token = mint_local_token(settings, subject="hris", client_scopes=["people:write"])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
    ) as client:
        started = time.perf_counter()
        response = await client.post(
            "/v1/employee-imports",
            json={"employees": synthetic(count)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.text[:500]
        print(
            f"imported {count} employees through the API in {time.perf_counter() - started:.1f} s"
        )
    await app.state.engine.dispose()

    today = real_today()
    async with engine.connect() as conn:
        await conn.execute(text("ANALYZE"))
        cycle = (
            await conn.execute(
                text(
                    "SELECT c.id FROM cycle c JOIN employee e ON e.id = c.employee_id "
                    "WHERE e.personnel_number = 'E0001' AND c.state <> 'superseded' "
                    "AND c.start_date <= :today ORDER BY c.start_date DESC LIMIT 1"
                ),
                {"today": today},
            )
        ).scalar_one()
        talk = (
            await conn.execute(
                text("SELECT id FROM talk WHERE cycle_id = :c ORDER BY due_date LIMIT 1"),
                {"c": cycle},
            )
        ).scalar_one()
        appraisal = (
            await conn.execute(
                text(
                    "SELECT a.talk_id, m.personnel_number FROM appraisal a "
                    "JOIN cycle c ON c.id = a.cycle_id "
                    "JOIN manager_assignment ma ON ma.employee_id = c.employee_id "
                    " AND ma.valid_from <= :today "
                    " AND (ma.valid_to IS NULL OR ma.valid_to > :today) "
                    "JOIN employee m ON m.id = ma.manager_id "
                    "WHERE a.state = 'finalised' ORDER BY a.finalised_on DESC LIMIT 1"
                ),
                {"today": today},
            )
        ).one()
        counts = (
            await conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM employee), (SELECT count(*) FROM cycle), "
                    "(SELECT count(*) FROM talk)"
                )
            )
        ).one()
    await engine.dispose()
    print(f"database: {counts[0]} employees, {counts[1]} cycles, {counts[2]} talks")
    return {
        "cycle": str(cycle),
        "talk": str(talk),
        "appraisal_talk": str(appraisal[0]),
        "appraisal_reader": appraisal[1],
    }


def endpoints(ids: dict[str, str]) -> list[Endpoint]:
    return [
        Endpoint("employee by id", "/v1/employees/7000123", "hr", "one"),
        Endpoint("employees, page of 100", "/v1/employees?pageSize=100", "hr", "page"),
        Endpoint("cycle by id (talks)", f"/v1/cycles/{ids['cycle']}", "manager", "one"),
        Endpoint("cycles, page of 100", "/v1/cycles?pageSize=100", "hr", "one"),
        Endpoint("talk", f"/v1/talks/{ids['talk']}", "manager", "one"),
        Endpoint(
            "appraisal (audited)",
            f"/v1/talks/{ids['appraisal_talk']}/appraisal",
            "appraiser",
            "one",
        ),
        Endpoint("agreement set", f"/v1/cycles/{ids['cycle']}/agreement-set", "manager", "one"),
        Endpoint("competencies, page", "/v1/competencies?pageSize=100", "employee", "one"),
        Endpoint("/v1/me", "/v1/me", "hr", "one"),
    ]


# --- tokens (RS256, a JWKS file: as an identity provider would issue them) -----------------


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def tokens(folder: Path, appraiser: str) -> tuple[Path, dict[str, str]]:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_numbers()
    jwks = folder / "jwks.json"
    jwks.write_text(
        json.dumps(
            {
                "keys": [
                    {
                        "kty": "RSA",
                        "kid": "bench",
                        "use": "sig",
                        "alg": "RS256",
                        "n": _b64(public.n),
                        "e": _b64(public.e),
                    }
                ]
            }
        )
    )
    now = int(time.time())

    def mint(sub: str, role: str) -> str:
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": sub,
            "roles": [role],
            "iat": now,
            "exp": now + 6 * 3600,
        }
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "bench"})

    return jwks, {
        "hr": mint("H0001", "hr"),
        "manager": mint("T0001", "manager"),
        "employee": mint("E0001", "employee"),
        "appraiser": mint(appraiser, "manager"),
    }


# --- the servers ---------------------------------------------------------------------------


def _wait(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def servers(url: str, jwks: Path, data_dir: Path) -> Iterator[tuple[int, int]]:
    """goedgesprek and the bare app, one worker each; yields their pids."""
    from app.db import async_url

    plain = "postgresql://" + async_url(url).split("://", 1)[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GOEDGESPREK_ENVIRONMENT": "production",
        "GOEDGESPREK_AUTH_MODE": "jwks",
        "GOEDGESPREK_JWKS_FILE": str(jwks),
        "GOEDGESPREK_JWT_ISSUER": ISSUER,
        "GOEDGESPREK_JWT_AUDIENCE": AUDIENCE,
        "GOEDGESPREK_HOST": "127.0.0.1",
        "GOEDGESPREK_PORT": str(GG_PORT),
        "GOEDGESPREK_WORKERS": "1",
        "GOEDGESPREK_LOG_LEVEL": "WARNING",
        "GOEDGESPREK_DATA_DIR": str(data_dir),
        # wrk is three people asking as fast as they can: counted (the limiter's cost is in
        # the figures), never refused.
        "GOEDGESPREK_RATE_LIMIT_PERSON": "1000000000/minute",
    }
    gg = subprocess.Popen(
        [str(BIN / "goedgesprek"), "serve", "--skip-migrations"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    bare = subprocess.Popen(
        [
            str(BIN / "python"),
            "-m",
            "uvicorn",
            "benchmarks.bare_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(BARE_PORT),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env={**os.environ, "BARE_DATABASE_URL": plain},
        cwd=ROOT,
    )
    try:
        _wait(f"http://127.0.0.1:{GG_PORT}/v1/health", gg)
        _wait(f"http://127.0.0.1:{BARE_PORT}/employees/7000123", bare)
        yield gg.pid, bare.pid
    finally:
        for process in (gg, bare):
            process.terminate()
        for process in (gg, bare):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


# --- measuring -----------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """The process and its descendants (uvicorn with workers forks them)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return pids


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def memory_mib(pid: int) -> tuple[float, float]:
    """The largest resident set of the process tree now, and its peak (VmHWM)."""
    now = peak = 0.0
    for p in _tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        values = {
            line.split(":")[0]: int(line.split()[1])
            for line in status.splitlines()
            if line.startswith(("VmRSS", "VmHWM"))
        }
        now = max(now, values.get("VmRSS", 0) / 1024)
        peak = max(peak, values.get("VmHWM", 0) / 1024)
    return now, peak


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    errors: int


def wrk(url: str, token: str | None, connections: int, seconds: int, pid: int, lua: Path) -> Run:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(lua)]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    command.append(url)
    before = cpu_seconds(pid)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    used = cpu_seconds(pid) - before
    line = [ln for ln in output.splitlines() if ln.startswith("{")][-1]
    figures = json.loads(line)
    requests = max(figures["requests"], 1)
    return Run(
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        cpu_ms=used * 1000 / requests,
        errors=figures["errors"] + figures["non2xx"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", default="10,50")
    parser.add_argument("--only", help="endpoints whose name contains this text")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/http_reads.py needs wrk: apt-get install wrk")
    levels = [int(c) for c in args.connections.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="bench-http-"))
    lua = folder / "report.lua"
    lua.write_text(LUA)
    with database("bench-http") as url:
        ids = asyncio.run(prepare(url, args.employees, folder))
        jwks, token = tokens(folder, ids["appraisal_reader"])
        chosen = [e for e in endpoints(ids) if not args.only or args.only in e.name]
        with servers(url, jwks, folder) as (gg_pid, bare_pid):
            # Every request answers 200 before anything is measured.
            for e in chosen:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{GG_PORT}{e.path}",
                    headers={"Authorization": f"Bearer {token[e.reader]}"},
                )
                with urllib.request.urlopen(request) as response:
                    assert response.status == 200, (e.path, response.status)
            bare_paths = {
                "one": "/employees/7000123",
                "page": "/employees?pageSize=100",
            }
            results: dict[tuple[str, int], list[tuple[Run, Run]]] = {}
            for connections in levels:
                for round_no in range(args.rounds):
                    for e in chosen:
                        pair = [
                            (f"http://127.0.0.1:{BARE_PORT}{bare_paths[e.bare]}", None, bare_pid),
                            (f"http://127.0.0.1:{GG_PORT}{e.path}", token[e.reader], gg_pid),
                        ]
                        if round_no % 2:
                            pair.reverse()
                        runs = {}
                        for target, bearer, pid in pair:
                            wrk(target, bearer, connections, 1, pid, lua)  # warm-up
                            runs[pid] = wrk(target, bearer, connections, args.duration, pid, lua)
                        results.setdefault((e.name, connections), []).append(
                            (runs[bare_pid], runs[gg_pid])
                        )
                        print(
                            f"  c={connections} round {round_no + 1} {e.name}: "
                            f"{runs[gg_pid].rps:,.0f} vs bare {runs[bare_pid].rps:,.0f} req/s",
                            file=sys.stderr,
                        )
            rss, peak = memory_mib(gg_pid)
            bare_rss, bare_peak = memory_mib(bare_pid)
    report(results, args, rss, peak, bare_rss, bare_peak)


def report(results, args, rss: float, peak: float, bare_rss: float, bare_peak: float) -> None:
    med = statistics.median
    print()
    print(
        f"medians of {args.rounds} alternating rounds of {args.duration} s; one worker each; "
        f"CPU = server process CPU time per request"
    )
    header = (
        f"{'endpoint':<26}{'c':>4} | {'bare req/s':>10}{'p50':>7}{'p99':>7}{'CPU':>6} | "
        f"{'gg req/s':>9}{'p50':>7}{'p99':>8}{'CPU':>6} | {'ratio':>6}  errors"
    )
    print(header)
    print("-" * len(header))
    for (name, connections), pairs in results.items():
        bare = [b for b, _ in pairs]
        gg = [g for _, g in pairs]
        ratio = med([g.rps / b.rps for b, g in pairs])
        print(
            f"{name:<26}{connections:>4} | {med(r.rps for r in bare):>10,.0f}"
            f"{med(r.p50_ms for r in bare):>7.1f}{med(r.p99_ms for r in bare):>7.1f}"
            f"{med(r.cpu_ms for r in bare):>6.2f} | {med(r.rps for r in gg):>9,.0f}"
            f"{med(r.p50_ms for r in gg):>7.1f}{med(r.p99_ms for r in gg):>8.1f}"
            f"{med(r.cpu_ms for r in gg):>6.2f} | {ratio:>5.2f}x  "
            f"{sum(r.errors for r in gg)}/{sum(r.errors for r in bare)}"
        )
    for connections in sorted({c for _, c in results}):
        cycles = results.get(("cycles, page of 100", connections))
        employees = results.get(("employees, page of 100", connections))
        if cycles and employees:
            bare_page = med(b.rps for b, _ in employees)
            print(
                f"cycles, page of 100, c={connections}, against the bare page of 100 "
                f"employees: {med(g.rps for _, g in cycles) / bare_page:.2f}x"
            )
    print(
        f"memory: goedgesprek worker {rss:.0f} MiB resident, peak {peak:.0f} MiB; "
        f"bare {bare_rss:.0f} MiB, peak {bare_peak:.0f} MiB"
    )
    print("(latencies in ms; ratio = median of goedgesprek ÷ bare over the adjacent pairs)")


if __name__ == "__main__":
    main()
