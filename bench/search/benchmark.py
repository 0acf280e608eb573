"""Radius search benchmark: the API over HTTP (wrk) against the SQL it runs (pgbench), as the table grows.

`make bench-search` runs it through `bench/search/run.sh`. For every table size it seeds synthetic offers
(`python -m devtools seed-synthetic --offers N`, incrementally), starts the API with uvicorn and measures, scenario by
scenario and one tool after the other, wrk against the API and pgbench against the same statement
(`build_search`, planner settings and all). Results go to `bench/search/results.json`, then
`report.py` draws `p95.png` and fills the tables in `bench/RESULTS.md`. Settings: see `Config`.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# The code under test: run.sh copies the working tree there so that every size measures the same code.
SOURCE = (ROOT / os.environ.get("BENCH_SOURCE", ".")).resolve()
OUT = HERE / "out"  # logs, points and pgbench scripts; git-ignored
RESULTS = HERE / "results.json"
BIN = ROOT / ".venv" / "bin"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

sys.path.insert(0, str(SOURCE))
from api.domain.categories.services import CategoryCatalogue, CategoryRow  # noqa: E402
from api.domain.offers.services import OfferSearch, SearchStatement, build_search  # noqa: E402
from api.settings import Settings  # noqa: E402


def _env_int_list(name: str, default: str) -> list[int]:
    return [int(part.replace("_", "")) for part in os.environ.get(name, default).split(",") if part.strip()]


@dataclass(frozen=True)
class Config:
    """Everything a run depends on; each field can be set with the environment variable in its comment."""

    sizes: list[int] = field(default_factory=lambda: _env_int_list("BENCH_SIZES", "10000,100000,1000000"))
    duration_s: int = int(os.environ.get("BENCH_DURATION", "15"))  # BENCH_DURATION, per tool and scenario
    warmup_s: int = int(os.environ.get("BENCH_WARMUP", "3"))  # BENCH_WARMUP, before each measured run
    connections: int = int(os.environ.get("BENCH_CONNECTIONS", "8"))  # wrk -c, pgbench -c
    threads: int = int(os.environ.get("BENCH_THREADS", "2"))  # wrk -t, pgbench -j
    workers: int = int(os.environ.get("BENCH_WORKERS", "2"))  # uvicorn --workers
    points: int = int(os.environ.get("BENCH_POINTS", "1000"))  # query points, the same for both tools
    port: int = int(os.environ.get("BENCH_PORT", "8791"))
    database: str = os.environ.get("BENCH_DATABASE", "volumap_bench")
    fresh: bool = os.environ.get("BENCH_FRESH", "1") == "1"  # 0: keep the database and seed the difference
    gzip: bool = os.environ.get("BENCH_GZIP", "0") == "1"  # 1: wrk sends Accept-Encoding: gzip like browsers
    category: str = os.environ.get("BENCH_CATEGORY", "environment")
    radii_km: list[int] = field(default_factory=lambda: _env_int_list("BENCH_RADII", "5,25"))
    quiet_cpu: float = float(os.environ.get("BENCH_QUIET_CPU", "0.15"))  # busy share that counts as quiet
    quiet_wait_s: int = int(os.environ.get("BENCH_QUIET_WAIT", "300"))
    # A measurement during which processes outside the benchmark used more than this share of the
    # machine is repeated (BENCH_RETRIES times at most); the least disturbed attempt is kept.
    max_interference: float = float(os.environ.get("BENCH_MAX_INTERFERENCE", "0.05"))
    retries: int = int(os.environ.get("BENCH_RETRIES", "4"))
    results: Path = Path(os.environ.get("BENCH_RESULTS", str(RESULTS)))
    # SQL run after the migrations, to try a schema change (an index, say) before it is a migration.
    extra_sql: str = os.environ.get("BENCH_EXTRA_SQL", "")

    @property
    def libpq_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:5432/{self.database}"

    @property
    def api_env(self) -> dict[str, str]:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{self.database}"
        return {**os.environ, "VOLUMAP_DATABASE_URL": url}


@dataclass(frozen=True)
class Scenario:
    radius_km: int
    category: str | None

    @property
    def name(self) -> str:
        return f"{self.radius_km} km" + (f" + {self.category}" if self.category else "")

    @property
    def slug(self) -> str:
        return f"r{self.radius_km}" + ("-cat" if self.category else "")

    @property
    def query(self) -> str:
        return f"&radius_km={self.radius_km}" + (f"&category={self.category}" if self.category else "")


# Progress ----------------------------------------------------------------------------------------------


class Progress:
    """Prints each step with the time spent and an estimate of the time left (steps ahead are known)."""

    def __init__(self, config: Config, start_rows: int) -> None:
        self.config = config
        self.started = time.monotonic()
        self.seed_rate = 10000.0  # offers per second until the first seeding measured it
        self.rows = start_rows
        per_size = 2 * len(config.radii_km) * 2 * (config.warmup_s + config.duration_s + 4) + 25
        self.bench_left = per_size * len(config.sizes)
        self.per_measurement = config.warmup_s + config.duration_s + 4

    def seeded(self, rows: int, seconds: float) -> None:
        if rows:
            self.seed_rate = rows / max(seconds, 0.1)

    def left_s(self, rows_still_to_seed: int) -> float:
        return rows_still_to_seed / self.seed_rate + self.bench_left

    def step(self, message: str, rows_still_to_seed: int) -> None:
        elapsed = time.monotonic() - self.started
        left = self.left_s(rows_still_to_seed)
        print(f"\n[bench {_clock(elapsed)} elapsed, ~{_clock(left)} left] {message}", flush=True)

    def measured(self) -> None:
        self.bench_left = max(0.0, self.bench_left - self.per_measurement)

    def size_done(self) -> None:
        self.bench_left = max(0.0, self.bench_left - 25)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}m"


# CPU accounting ----------------------------------------------------------------------------------------


def _proc_ticks(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _machine_busy_ticks() -> tuple[int, int]:
    parts = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts[:8]) - idle, sum(parts[:8])


class CpuMeter:
    """CPU seconds per process group during one measured run, by polling /proc.

    Groups: the API workers, the load tool (wrk or pgbench), PostgreSQL backends of the bench database,
    and everything else on the machine (to see whether something outside the benchmark interfered).
    Processes that exit during the run lose at most one polling interval of CPU time.
    """

    INTERVAL_S = 0.5

    def __init__(self, database: str, api_pids: list[int], tool_pid: int) -> None:
        self.database = database
        self.api_pids = set(api_pids)
        self.tool_pid = tool_pid
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.group: dict[int, str] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _classify(self, pid: int) -> str:
        if pid in self.api_pids:
            return "api"
        if pid == self.tool_pid:
            return "tool"
        if pid == os.getpid():
            return "driver"
        cmd = _cmdline(pid)
        if cmd.startswith("postgres:") and f" {self.database} " in cmd:
            return "postgres"
        return "other"

    def _scan(self, initial: bool) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            ticks = _proc_ticks(pid)
            if ticks is None:
                continue
            if pid not in self.first:
                # A process born during the run spent all its CPU time inside it.
                self.first[pid] = ticks if initial else 0
                self.group[pid] = self._classify(pid)
            self.last[pid] = ticks

    def _run(self) -> None:
        while not self.stop_event.wait(self.INTERVAL_S):
            self._scan(initial=False)

    def __enter__(self) -> CpuMeter:
        self.machine_start = _machine_busy_ticks()
        self._scan(initial=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join()
        self._scan(initial=False)
        busy, total = _machine_busy_ticks()
        self.machine_busy = (busy - self.machine_start[0]) / max(1, total - self.machine_start[1])

    def _spent(self, pid: int) -> float:
        return (self.last[pid] - self.first[pid]) / CLOCK_TICKS

    def seconds(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for pid in self.first:
            group = self.group[pid]
            totals[group] = totals.get(group, 0.0) + self._spent(pid)
        return {group: round(value, 2) for group, value in sorted(totals.items())}

    def api_worker_seconds(self) -> list[float]:
        """CPU seconds of each API worker, busiest first: how evenly the load tool's connections were spread
        (uvicorn's workers accept from one socket, so 8 connections may land 4/4 or 8/0)."""
        return sorted((round(self._spent(pid), 2) for pid in self.first if self.group[pid] == "api"),
                      reverse=True)


def wait_for_quiet(config: Config) -> float:
    """Waits (BENCH_QUIET_WAIT at most) until the machine was nearly idle over three seconds;
    returns the busy share seen last. The benchmark itself is idle between measurements."""
    deadline = time.monotonic() + config.quiet_wait_s
    waited = 0
    while True:
        before = _machine_busy_ticks()
        time.sleep(3.0)
        after = _machine_busy_ticks()
        busy = (after[0] - before[0]) / max(1, after[1] - before[1])
        if busy <= config.quiet_cpu or time.monotonic() > deadline:
            if busy > config.quiet_cpu:
                print(f"  ! machine still {busy:.0%} busy with other work; measuring anyway", flush=True)
            return round(busy, 3)
        if waited % 5 == 0:
            left = max(0, int(deadline - time.monotonic()))
            print(f"  waiting for the machine to calm down ({busy:.0%} busy; at most {left} s more)…",
                  flush=True)
        waited += 1


def undisturbed(config: Config, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Runs a measurement on a quiet machine; repeats it if other processes got in the way."""
    attempts = []
    for attempt in range(1 + config.retries):
        busy_before = wait_for_quiet(config)
        result = measure()
        # A measurement without a fixed length (one that runs in this process) says how long it took.
        capacity = (os.cpu_count() or 1) * result.get("seconds", config.duration_s)
        interference = round(result["cpu_s"].get("other", 0.0) / capacity, 3)
        result.update(busy_before=busy_before, interference=interference)
        attempts.append(result)
        if result["interference"] <= config.max_interference:
            break
        then = "repeating it" if attempt < config.retries else "keeping the least disturbed attempt"
        print(f"  ! other processes used {interference:.0%} of the machine during the run; {then}",
              flush=True)
    best = min(attempts, key=lambda r: r["interference"])
    best["attempts"] = len(attempts)
    return best


# Database ----------------------------------------------------------------------------------------------


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess:
    print("  $ " + shlex.join(command), flush=True)
    return subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def prepare_database(config: Config) -> int:
    """Creates (or, with BENCH_FRESH=0, reuses) the bench database; returns the offers it holds."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config.database,)).fetchone()
        if config.fresh or not exists:
            admin.execute(f'DROP DATABASE IF EXISTS "{config.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{config.database}"')
    run([".venv/bin/volumap", "migrate"], env=config.api_env)
    if config.extra_sql:
        print(f"  BENCH_EXTRA_SQL: {config.extra_sql}", flush=True)
        with psycopg.connect(config.libpq_dsn, autocommit=True) as db:
            db.execute(config.extra_sql)
    with psycopg.connect(config.libpq_dsn) as db:
        return db.execute("SELECT count(*) FROM offer").fetchone()[0]


def seed(config: Config, rows: int) -> float:
    started = time.monotonic()
    run([".venv/bin/python", "-m", "devtools", "seed-synthetic", "--offers", str(rows)], env=config.api_env)
    seconds = time.monotonic() - started
    # Settle the table as it would be in service: autovacuum would otherwise start on the new rows in the
    # middle of a measurement, and the first reads would be setting hint bits. Every table a search reads:
    # the run of commit 928989c left out offer_category_point, and its 1M category searches dirtied pages
    # on read and ran 2.4 times slower than at 10k (1.1 ms per query once it was vacuumed).
    with psycopg.connect(config.libpq_dsn, autocommit=True) as db:
        for table in ("offer", "offer_category_point", "organisation"):
            db.execute(f"VACUUM (ANALYZE) {table}")
        db.execute("CHECKPOINT")
    return seconds


def table_facts(config: Config) -> dict[str, Any]:
    with psycopg.connect(config.libpq_dsn) as db:
        published, total = db.execute(
            "SELECT count(*) FILTER (WHERE status = 'published'), count(*) FROM offer"
        ).fetchone()
        table_bytes, index_bytes = db.execute(
            "SELECT pg_table_size('offer'), pg_indexes_size('offer')"
        ).fetchone()
    return {"published": published, "offers": total, "table_mb": round(table_bytes / 2**20, 1),
            "indexes_mb": round(index_bytes / 2**20, 1)}


def choose_points(config: Config) -> list[tuple[float, float]]:
    """Query points where offers are: the locations of existing offers, drawn at random (offer ids are
    random UUIDs), so the points follow the synthetic data's city density, countryside included. They
    are drawn once, from the smallest table, and kept for every size (those offers stay)."""
    with psycopg.connect(config.libpq_dsn) as db:
        rows = db.execute(
            "SELECT round(ST_Y(geog::geometry)::numeric, 6)::float8, "
            "round(ST_X(geog::geometry)::numeric, 6)::float8 "
            "FROM offer WHERE geog IS NOT NULL ORDER BY id LIMIT %s",
            (config.points,),
        ).fetchall()
    if len(rows) < config.points:
        raise SystemExit(f"only {len(rows)} offers to draw {config.points} query points from")
    return [(lat, lon) for lat, lon in rows]


def catalogue(config: Config) -> CategoryCatalogue:
    with psycopg.connect(config.libpq_dsn) as db:
        rows = db.execute("SELECT id, slug, label_de, label_en FROM category ORDER BY position").fetchall()
    return CategoryCatalogue([CategoryRow(*row) for row in rows])


@dataclass(frozen=True)
class Execution:
    """How the API sends a search statement to PostgreSQL, for pgbench and the checks to copy: settings
    of the connection, and statements run before it in the same transaction (none: autocommit)."""

    connection_settings: dict[str, str]
    in_transaction: list[str]

    @property
    def pgoptions(self) -> str:
        return " ".join(f"-c {name}={value}" for name, value in self.connection_settings.items())


def execution_for(statement: SearchStatement) -> Execution:
    if getattr(statement, "nearest_first", False):
        # api/db/engine.py, get_nearest_first_engine: autocommit, read-only, planned without sorts.
        from api.db.engine import NEAREST_FIRST_SETTINGS

        return Execution({"jit": "off", "default_transaction_read_only": "on", **NEAREST_FIRST_SETTINGS}, [])
    # Earlier releases: the request's session, with `SET LOCAL` planner settings in its transaction.
    setting_statements = getattr(statement, "setting_statements", lambda: [])
    return Execution({"jit": "off"}, setting_statements())


def statement_for(scenario: Scenario, catalogue: CategoryCatalogue, lat: float, lon: float
                  ) -> SearchStatement:
    """The statement the API builds for `GET /api/v1/offers?lat=…&lon=…&radius_km=…[&category=…]`."""
    search = OfferSearch.parse(
        Settings(), catalogue, lat=lat, lon=lon, radius_km=float(scenario.radius_km),
        categories=[scenario.category] if scenario.category else None, commitment=None, starts_after=None,
        starts_before=None, remote=None, accessible=None, q=None, limit=None,
    )
    return build_search(search)


def result_sizes(config: Config, scenario: Scenario, catalogue: CategoryCatalogue,
                 points: list[tuple[float, float]]) -> dict[str, Any]:
    """Rows the statement returns over all query points, and the plan of the first dense point: evidence
    of what each measured request did (the API returns up to `limit` of them)."""
    counts = []
    execution = execution_for(statement_for(scenario, catalogue, *points[0]))
    with psycopg.connect(config.libpq_dsn, autocommit=True, options=execution.pgoptions) as db:

        def rows(statement: SearchStatement, prefix: str = "") -> list[Any]:
            sql, params = _psycopg_sql(statement)
            with db.transaction():
                for setting in execution.in_transaction:
                    db.execute(setting)
                return db.execute(prefix + sql, params).fetchall()

        for lat, lon in points:
            counts.append(len(rows(statement_for(scenario, catalogue, lat, lon))))
        lat, lon = points[max(range(len(points)), key=counts.__getitem__)]
        statement = statement_for(scenario, catalogue, lat, lon)
        plan = rows(statement, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ")[0][0][0]
    counts.sort()
    limit = statement.params["limit"]
    return {
        "mean_rows": round(sum(counts) / len(counts), 2),
        "share_full_page": round(sum(1 for c in counts if c >= limit) / len(counts), 3),
        "share_empty": round(sum(1 for c in counts if c == 0) / len(counts), 3),
        "dense_point_plan": _plan_outline(plan["Plan"]),
        "dense_point_ms": plan["Execution Time"],
    }


def _psycopg_sql(statement: SearchStatement) -> tuple[str, dict[str, Any]]:
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", statement.sql), statement.params


def _plan_outline(node: dict[str, Any], depth: int = 0) -> list[str]:
    label = node["Node Type"] + (f" using {node['Index Name']}" if "Index Name" in node else "")
    if node.get("Order By"):
        label += " (ordered by distance)"
    lines = [" " * (2 * depth) + label]
    for child in node.get("Plans", []):
        lines += _plan_outline(child, depth + 1)
    return lines


# The API -----------------------------------------------------------------------------------------------


class ApiServer:
    """uvicorn with the app as it ships, on its own port, against the bench database."""

    def __init__(self, config: Config, app: str = "api.asgi:create_app", env: dict[str, str] | None = None
                 ) -> None:
        self.config = config
        self.env = {**config.api_env, **(env or {})}
        self.command = [
            ".venv/bin/uvicorn", app, "--factory", "--workers", str(config.workers),
            "--no-access-log", "--host", "127.0.0.1", "--port", str(config.port), "--log-level", "warning",
        ]
        if SOURCE.resolve() != ROOT:
            self.command += ["--app-dir", _relative(SOURCE)]
        self.base_url = f"http://127.0.0.1:{config.port}"

    def __enter__(self) -> ApiServer:
        print("  $ " + shlex.join(self.command), flush=True)
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited with {self.process.returncode}")
            if len(self.worker_pids()) == self.config.workers and self._live():
                break
            time.sleep(0.2)
        else:
            self.__exit__()
            raise SystemExit("the API did not come up within 60 s")
        return self

    def _live(self) -> bool:
        try:
            with urllib.request.urlopen(self.base_url + "/health/live", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.base_url + path, timeout=10) as response:
            return json.loads(response.read())

    def worker_pids(self) -> list[int]:
        if self.config.workers == 1:
            return [self.process.pid]  # uvicorn serves in its own process then
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []
        return [pid for pid in pids if "spawn_main" in _cmdline(pid)]

    def memory(self) -> dict[str, Any]:
        """Per worker: peak (VmHWM) and current (VmRSS) resident memory in MB."""
        workers = []
        for pid in self.worker_pids():
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            status = dict(line.split(":", 1) for line in lines if ":" in line)
            workers.append({"pid": pid, "peak_rss_mb": round(int(status["VmHWM"].split()[0]) / 1024, 1),
                            "rss_mb": round(int(status["VmRSS"].split()[0]) / 1024, 1)})
        return {"workers": workers,
                "max_peak_rss_mb": max(w["peak_rss_mb"] for w in workers),
                "max_rss_mb": max(w["rss_mb"] for w in workers)}

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# Load tools --------------------------------------------------------------------------------------------


def _relative(path: Path) -> str:
    """Paths in commands are relative to the repository root, where every command runs."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _wait_with_ticker(process: subprocess.Popen, seconds: int, label: str) -> None:
    started = time.monotonic()
    next_tick = 5.0
    while process.poll() is None:
        time.sleep(0.2)
        elapsed = time.monotonic() - started
        if elapsed >= next_tick and elapsed < seconds:
            print(f"    {label}: {int(elapsed)}/{seconds} s", flush=True)
            next_tick += 5.0


def wrk_command(config: Config, scenario: Scenario, seconds: int, points_file: Path) -> list[str]:
    command = ["wrk", f"-t{config.threads}", f"-c{config.connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", _relative(HERE / "search.lua")]
    if config.gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    return command + [f"http://127.0.0.1:{config.port}", "--", _relative(points_file), scenario.query,
                      str(config.threads)]


def run_wrk(config: Config, api: ApiServer, scenario: Scenario, points_file: Path) -> dict[str, Any]:
    warmup = wrk_command(config, scenario, config.warmup_s, points_file)
    subprocess.run(warmup, check=True, cwd=ROOT, capture_output=True)
    command = wrk_command(config, scenario, config.duration_s, points_file)
    print("  $ " + shlex.join(command), flush=True)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    with CpuMeter(config.database, api.worker_pids(), process.pid) as meter:
        _wait_with_ticker(process, config.duration_s, "wrk")
    output = process.stdout.read()
    if process.returncode:
        raise SystemExit(f"wrk failed:\n{output}")
    line = next(line for line in output.splitlines() if line.startswith("WRK_RESULT "))
    raw = json.loads(line.removeprefix("WRK_RESULT "))
    errors = sum(raw["errors"].values())
    if errors:
        raise SystemExit(f"wrk saw {errors} errors: {raw['errors']}\n{output}")
    throughput = raw["requests"] / (raw["duration_us"] / 1e6)
    result = {
        "command": shlex.join(command),
        "requests": raw["requests"],
        "throughput": round(throughput, 1),
        "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
        "mean_ms": round(raw["mean_us"] / 1000, 3), "max_ms": raw["max_us"] / 1000,
        "bytes_per_response": round(raw["bytes"] / max(1, raw["requests"])),
        "cpu_s": meter.seconds(), "api_worker_cpu_s": meter.api_worker_seconds(),
        "machine_busy": round(meter.machine_busy, 3),
    }
    print(f"    API: p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, {throughput:.0f} req/s",
          flush=True)
    return result


def pgbench_script(scenario: Scenario, catalogue: CategoryCatalogue, points: list[tuple[float, float]],
                   path: Path) -> dict[str, str]:
    """Writes the pgbench script for a scenario; returns the constant variables for `-D`.

    The SQL is `build_search`'s text as is: its `:name` placeholders are pgbench variables too. The point
    comes from the same list wrk cycles through: `k` is drawn uniformly and two balanced CASE trees (ten
    comparisons each) turn it into lat and lon, without adding a query to the measured transaction.
    """
    statement = statement_for(scenario, catalogue, *points[0])
    execution = execution_for(statement)
    constants = {name: _pgbench_literal(value) for name, value in statement.params.items()
                 if name not in ("lat", "lon")}
    lines = [
        f"\\set k random(0, {len(points) - 1})",
        f"\\set lat {_case_tree([lat for lat, _ in points], 0, len(points))}",
        f"\\set lon {_case_tree([lon for _, lon in points], 0, len(points))}",
    ]
    if execution.in_transaction:
        settings = [f"{setting};" for setting in execution.in_transaction]
        lines += ["BEGIN;", *settings, f"{statement.sql};", "COMMIT;"]
    else:
        lines.append(f"{statement.sql};")
    path.write_text("\n".join(lines) + "\n")
    return constants


def _pgbench_literal(value: Any) -> str:
    if isinstance(value, list):
        return "{" + ",".join(str(v) for v in value) + "}"
    return str(value)


def _case_tree(values: list[float], low: int, high: int) -> str:
    if high - low == 1:
        return f"{values[low]:.6f}"
    middle = (low + high) // 2
    below, above = _case_tree(values, low, middle), _case_tree(values, middle, high)
    return f"case when :k < {middle} then {below} else {above} end"


def pgbench_command(config: Config, script: Path, constants: dict[str, str], seconds: int,
                    log_prefix: Path | None) -> list[str]:
    command = ["pgbench", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-n", "-M", "prepared",
               "-c", str(config.connections), "-j", str(config.threads), "-T", str(seconds), "-P", "5",
               "--random-seed", "2026", "-f", _relative(script)]
    for name, value in constants.items():
        command += ["-D", f"{name}={value}"]
    if log_prefix is not None:
        command += ["-l", f"--log-prefix={_relative(log_prefix)}"]
    return command + [config.database]


def run_pgbench(config: Config, scenario: Scenario, catalogue: CategoryCatalogue,
                points: list[tuple[float, float]], size: int) -> dict[str, Any]:
    script = OUT / f"pgbench-{scenario.slug}.sql"
    constants = pgbench_script(scenario, catalogue, points, script)
    # pgbench's connections get the settings of the API's (api/db/engine.py).
    pgoptions = execution_for(statement_for(scenario, catalogue, *points[0])).pgoptions
    env = {**os.environ, "PGOPTIONS": pgoptions}
    subprocess.run(pgbench_command(config, script, constants, config.warmup_s, None), check=True, cwd=ROOT,
                   env=env, capture_output=True)
    log_prefix = OUT / f"pgbench-{size}-{scenario.slug}"
    for old in OUT.glob(f"{log_prefix.name}.*"):
        old.unlink()
    command = pgbench_command(config, script, constants, config.duration_s, log_prefix)
    print(f"  $ PGOPTIONS={shlex.quote(pgoptions)} " + shlex.join(command), flush=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output_lines: list[str] = []
    with CpuMeter(config.database, [], process.pid) as meter:
        for line in process.stdout:
            output_lines.append(line)
            if line.startswith("progress:"):
                print("    " + line.rstrip(), flush=True)
        process.wait()
    output = "".join(output_lines)
    if process.returncode:
        raise SystemExit(f"pgbench failed:\n{output}")
    failed = re.search(r"number of failed transactions: (\d+)", output)
    if failed and int(failed.group(1)):
        raise SystemExit(f"pgbench: {failed.group(1)} failed transactions\n{output}")
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))
    latencies = []
    for log in OUT.glob(f"{log_prefix.name}.*"):
        for line in log.read_text().splitlines():
            latencies.append(int(line.split()[2]))
    latencies.sort()
    result = {
        "command": f"PGOPTIONS={shlex.quote(pgoptions)} " + shlex.join(command),
        "transactions": len(latencies),
        "throughput": round(tps, 1),
        "p50_ms": _percentile(latencies, 50) / 1000, "p95_ms": _percentile(latencies, 95) / 1000,
        "p99_ms": _percentile(latencies, 99) / 1000,
        "mean_ms": round(sum(latencies) / len(latencies) / 1000, 3), "max_ms": latencies[-1] / 1000,
        "cpu_s": meter.seconds(), "machine_busy": round(meter.machine_busy, 3),
    }
    print(f"    SQL: p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, {tps:.0f} tps", flush=True)
    return result


def _percentile(sorted_values: list[int], percent: float) -> int:
    """Nearest-rank percentile, as wrk reports it."""
    index = max(0, min(len(sorted_values) - 1, int(round(percent / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


# The run -----------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as db:
        pg_version = db.execute("SHOW server_version").fetchone()[0]
        pg_settings = dict(db.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('shared_buffers', "
            "'work_mem', 'effective_cache_size', 'max_connections', 'jit', 'random_page_cost')"
        ).fetchall())
    with psycopg.connect(Config().libpq_dsn) as db:
        postgis = db.execute("SELECT postgis_lib_version()").fetchone()[0]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    tools = {name: subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0].strip()
             for name, command in (("wrk", ["wrk", "-v"]), ("pgbench", ["pgbench", "--version"]),
                                   ("uvicorn", [str(BIN / "uvicorn"), "--version"]))}
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(), "postgresql": pg_version,
            "postgis": postgis, "postgresql_settings": pg_settings, "tools": tools}


def code_version() -> dict[str, Any]:
    """The commit the measured code is based on and the files that differed from it (run.sh's SNAPSHOT)."""
    snapshot = SOURCE / "SNAPSHOT"
    if snapshot.exists():
        commit, *changes = snapshot.read_text().splitlines()
    else:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        changes = subprocess.run(["git", "status", "--porcelain", "--", "api", "migrations"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.splitlines()
    return {"commit": commit, "uncommitted": [line.strip() for line in changes if line.strip()]}


def save(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def main() -> None:
    # Stopped with SIGTERM, still stop the API and the load tool on the way out (context managers).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    config = Config()
    OUT.mkdir(exist_ok=True)
    scenarios = [Scenario(radius, category)
                 for radius in config.radii_km for category in (None, config.category)]
    sizes = sorted(config.sizes)
    print(f"Radius search benchmark: sizes {sizes}, {len(scenarios)} scenarios, {config.duration_s} s per "
          f"tool after {config.warmup_s} s warm-up, {config.connections} connections, "
          f"{config.workers} API workers", flush=True)
    current = prepare_database(config)
    if current > sizes[0]:
        raise SystemExit(f"{config.database} already holds {current} offers, more than {sizes[0]}; "
                         "use BENCH_FRESH=1")
    progress = Progress(config, current)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "machine": machine(),
        "config": {key: value for key, value in asdict(config).items() if key != "results"},
        "api_command": shlex.join(ApiServer(config).command),
        "api_pool_size": Settings().database_pool_size,
        "sizes": [],
    }
    points: list[tuple[float, float]] = []
    points_file = OUT / "points.csv"
    categories: CategoryCatalogue | None = None
    for size in sizes:
        to_seed = size - current
        rows_left = sum(b - a for a, b in zip(sizes, sizes[1:], strict=False) if a >= size)
        progress.step(f"seeding {to_seed:,} offers ({current:,} → {size:,})", to_seed + rows_left)
        seed_s = seed(config, to_seed) if to_seed > 0 else 0.0
        progress.seeded(to_seed, seed_s)
        current = size
        facts = table_facts(config)
        if categories is None:
            categories = catalogue(config)
        if not points and not config.fresh and points_file.exists():
            # A database kept from an earlier run: ask the questions of that run again.
            points = [(float(lat), float(lon)) for lat, lon in
                      (line.split(",") for line in points_file.read_text().splitlines()[: config.points])]
        if not points:
            points = choose_points(config)
            points_file.write_text("".join(f"{lat:.6f},{lon:.6f}\n" for lat, lon in points))
        entry: dict[str, Any] = {"size": size, "seed_s": round(seed_s, 1), "table": facts, "scenarios": []}
        results["sizes"].append(entry)
        with ApiServer(config) as api:
            for number, scenario in enumerate(scenarios, 1):
                evidence = result_sizes(config, scenario, categories, points)
                where = f"{size:,} offers · scenario {number}/{len(scenarios)} “{scenario.name}”"
                progress.step(f"{where} · API (wrk)", rows_left)
                sample = api.get_json(f"/api/v1/offers?lat={points[0][0]}&lon={points[0][1]}{scenario.query}")
                assert isinstance(sample.get("items"), list), sample
                api_result = undisturbed(config, partial(run_wrk, config, api, scenario, points_file))
                progress.measured()
                progress.step(f"{where} · SQL (pgbench)", rows_left)
                sql_result = undisturbed(
                    config, partial(run_pgbench, config, scenario, categories, points, size)
                )
                progress.measured()
                entry["scenarios"].append({"name": scenario.name, "radius_km": scenario.radius_km,
                                           "category": scenario.category, **evidence,
                                           "api": api_result, "sql": sql_result})
                save(results, config.results)
            entry["api_memory"] = api.memory()
            print(f"  API workers: peak RSS {entry['api_memory']['max_peak_rss_mb']} MB, "
                  f"now {entry['api_memory']['max_rss_mb']} MB", flush=True)
        progress.size_done()
        save(results, config.results)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    save(results, config.results)
    print(f"\nResults: {_relative(config.results)}")


if __name__ == "__main__":
    main()
