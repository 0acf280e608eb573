"""Matching benchmark: reverse matching over 1M volunteer profiles and "for you" over 1M offers.

`make bench-matching` runs it through `bench/matching/run.sh`. It grows the bench database to the target
numbers of published offers and synthetic volunteers (`python -m devtools seed-synthetic --offers N --volunteers N`),
then measures, on a quiet machine:

1. Reverse matching for a fixed sample of published offers, three ways side by side, offer by offer:
   the raw SQL (`MATCH_INSERT_SQL` as a prepared statement through psycopg, rolled back), the worker's
   task body (`match_published_offer` on an outbox event, as Celery runs it, committed) and the service's
   streaming read (`stream_reach` through SQLAlchemy's async session, every batch consumed). Each offer's
   matches are counted; the target is p95 ≤ 5 ms + 3 µs per matched profile.
2. "For you" through the API (`GET /api/v1/me/offers/for-you`) with wrk, 8 connections, each request
   signed in as one of a fixed sample of synthetic volunteers.

Results go to `bench/matching/results.json`; `report.py` fills the section in `bench/RESULTS.md`.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT))
from api.domain.volunteers.matching import MATCH_INSERT_SQL, stream_reach  # noqa: E402
from api.lib.passwords import hash_password  # noqa: E402
from bench.search.benchmark import (  # noqa: E402  (puts the measured code copy on sys.path first)
    ApiServer,
    CpuMeter,
    _percentile,
    _relative,
    _wait_with_ticker,
    code_version,
    machine,
    run,
    undisturbed,
)

PASSWORD = "Benchmark Teutoburger Wald"
PER_MATCH_US = 3.0
BASE_BUDGET_MS = 5.0
FOR_YOU_P95_MS = 15.0


@dataclass(frozen=True)
class Config:
    """Each field can be set with the environment variable in its comment."""

    offers: int = int(os.environ.get("BENCH_OFFERS", "1000000"))  # BENCH_OFFERS, published offers
    profiles: int = int(os.environ.get("BENCH_PROFILES", "1000000"))  # BENCH_PROFILES, volunteers
    match_offers: int = int(os.environ.get("BENCH_MATCH_OFFERS", "300"))  # BENCH_MATCH_OFFERS, sample
    batch_size: int = int(os.environ.get("BENCH_BATCH", "1000"))  # BENCH_BATCH, stream_reach batches
    for_you_people: int = int(os.environ.get("BENCH_PEOPLE", "200"))  # BENCH_PEOPLE, signed-in volunteers
    duration_s: int = int(os.environ.get("BENCH_DURATION", "15"))
    warmup_s: int = int(os.environ.get("BENCH_WARMUP", "3"))
    connections: int = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    threads: int = int(os.environ.get("BENCH_THREADS", "2"))
    workers: int = int(os.environ.get("BENCH_WORKERS", "2"))
    port: int = int(os.environ.get("BENCH_PORT", "8792"))
    database: str = os.environ.get("BENCH_DATABASE", "volumap_bench")
    random_seed: int = int(os.environ.get("BENCH_SEED", "2026"))
    quiet_cpu: float = float(os.environ.get("BENCH_QUIET_CPU", "0.15"))
    quiet_wait_s: int = int(os.environ.get("BENCH_QUIET_WAIT", "300"))
    max_interference: float = float(os.environ.get("BENCH_MAX_INTERFERENCE", "0.05"))
    retries: int = int(os.environ.get("BENCH_RETRIES", "4"))
    results: Path = field(default_factory=lambda: Path(os.environ.get("BENCH_RESULTS", str(HERE / "results.json"))))

    @property
    def libpq_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:5432/{self.database}"

    @property
    def api_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "VOLUMAP_DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{self.database}",
            # The sample signs in from one address, more often than a person would.
            "VOLUMAP_RATE_LIMIT_LOGIN": "100000/minute",
            "VOLUMAP_RATE_LIMIT_LOGIN_PER_ADDRESS": "100000/minute",
            # Plain http on loopback: the session cookie must travel without TLS here.
            "VOLUMAP_SESSION_COOKIE_SECURE": "false",
        }


def step(started: float, message: str) -> None:
    elapsed = int(time.monotonic() - started)
    print(f"\n[bench {elapsed // 60}:{elapsed % 60:02d} elapsed] {message}", flush=True)


# Data --------------------------------------------------------------------------------------------------


def prepare(config: Config) -> dict[str, Any]:
    """Creates or grows the bench database to the configured numbers; returns what was seeded."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config.database,)).fetchone():
            admin.execute(f'CREATE DATABASE "{config.database}"')
    run([".venv/bin/volumap", "migrate"], env=config.api_env)
    seeded: dict[str, Any] = {}
    with psycopg.connect(config.libpq_dsn) as db:
        offers = db.execute("SELECT count(*) FROM offer WHERE status = 'published'").fetchone()[0]
        people = db.execute("SELECT count(*) FROM volunteer_profile").fetchone()[0]
    for option, have, want, name in (("--offers", offers, config.offers, "offers"),
                                     ("--volunteers", people, config.profiles, "volunteers")):
        if have < want:
            started = time.monotonic()
            run([".venv/bin/python", "-m", "devtools", "seed-synthetic", option, str(want - have)], env=config.api_env)
            seeded[name] = {"rows": want - have, "seconds": round(time.monotonic() - started, 1)}
    # Settle every table the measurements read, as in service (no hint-bit writes on first reads).
    settle(config, ("offer", "offer_category_point", "organisation", "volunteer_profile", "user_account",
                    "offer_match", "outbox_event", "application"))
    return seeded


def settle(config: Config, tables: tuple[str, ...]) -> None:
    """VACUUM (ANALYZE) and a CHECKPOINT, so that autovacuum and the checkpointer do not start on rows
    written just before in the middle of a measurement."""
    with psycopg.connect(config.libpq_dsn, autocommit=True) as db:
        for table in tables:
            db.execute(f"VACUUM (ANALYZE) {table}")
        db.execute("CHECKPOINT")


def facts(config: Config) -> dict[str, Any]:
    with psycopg.connect(config.libpq_dsn) as db:
        row = db.execute(
            "SELECT (SELECT count(*) FROM offer WHERE status = 'published'), (SELECT count(*) FROM volunteer_profile),"
            " pg_total_relation_size('volunteer_profile'), pg_relation_size('ix_volunteer_profile_reach'),"
            " (SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY radius_km) FROM volunteer_profile)"
        ).fetchone()
    return {"published_offers": row[0], "profiles": row[1], "profile_table_mb": round(row[2] / 2**20, 1),
            "reach_index_mb": round(row[3] / 2**20, 1), "radius_km_p50_p90_p99": row[4]}


def sample_offers(config: Config) -> list[str]:
    """A fixed sample of located published offers: the same ones in every run of the same data."""
    with psycopg.connect(config.libpq_dsn) as db:
        rows = db.execute(
            "SELECT id::text FROM offer WHERE status = 'published' AND location IS NOT NULL"
            " ORDER BY md5(id::text || %s) LIMIT %s",
            (str(config.random_seed), config.match_offers),
        ).fetchall()
    return [row[0] for row in rows]


# Reverse matching --------------------------------------------------------------------------------------


def _psycopg(sql: str) -> str:
    return sql.replace(":offer_id", "%(offer_id)s")


def match_raw(db: psycopg.Connection, offer_id: str) -> tuple[float, int]:
    """The statement alone, prepared, in a transaction that is rolled back."""
    started = time.perf_counter()
    with db.transaction(force_rollback=True):
        count = db.execute(_psycopg(MATCH_INSERT_SQL), {"offer_id": offer_id}, prepare=True).rowcount
    return time.perf_counter() - started, count


def match_worker(db: psycopg.Connection, offer_id: str) -> tuple[float, int]:
    """The Celery task's body on a fresh outbox event (the task is called in this process, without the
    broker), then the matches are removed again so the next run of the same offer starts the same."""
    from workers.tasks.matching import match_published_offer

    with db.transaction():
        event_id = db.execute(
            "INSERT INTO outbox_event (kind, payload, attempts) VALUES ('offer.published', %s, 0) RETURNING id",
            (json.dumps({"offer_id": offer_id}),),
        ).fetchone()[0]
    started = time.perf_counter()
    count = match_published_offer(event_id)
    elapsed = time.perf_counter() - started
    with db.transaction():
        db.execute("DELETE FROM offer_match WHERE offer_id = %s", (offer_id,))
        db.execute("DELETE FROM outbox_event WHERE id = %s", (event_id,))
    return elapsed, count


async def match_stream(sessionmaker: Any, offer_id: str, batch_size: int) -> tuple[float, int]:
    started = time.perf_counter()
    count = 0
    async with sessionmaker() as session:
        async for batch in stream_reach(session, offer_id, batch_size=batch_size):
            count += len(batch)
    return time.perf_counter() - started, count


def _summary(times_s: list[float], matches: list[int]) -> dict[str, Any]:
    ms = sorted(t * 1000 for t in times_s)
    excess = sorted(t * 1000 - PER_MATCH_US * m / 1000 for t, m in zip(times_s, matches, strict=True))
    within = sum(t * 1000 <= BASE_BUDGET_MS + PER_MATCH_US * m / 1000
                 for t, m in zip(times_s, matches, strict=True))
    # Least squares t = a + b * matches: the fixed cost and the cost per match.
    n = len(times_s)
    mean_m, mean_t = sum(matches) / n, sum(times_s) / n
    var_m = sum((m - mean_m) ** 2 for m in matches)
    slope = sum((m - mean_m) * (t - mean_t) for m, t in zip(matches, times_s, strict=True)) / var_m if var_m else 0.0
    return {
        "p50_ms": round(_percentile(ms, 50), 3), "p95_ms": round(_percentile(ms, 95), 3),
        "max_ms": round(ms[-1], 3),
        "p95_excess_ms": round(_percentile(excess, 95), 3),
        "within_budget": within, "offers": n,
        "fixed_ms": round((mean_t - slope * mean_m) * 1000, 3), "per_match_us": round(slope * 1e6, 3),
    }


def measure_matching(config: Config, offers: list[str]) -> dict[str, Any]:
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    os.environ["VOLUMAP_DATABASE_URL"] = config.api_env["VOLUMAP_DATABASE_URL"]
    engine = create_async_engine(config.api_env["VOLUMAP_DATABASE_URL"], pool_size=1)
    sessionmaker = async_sessionmaker(engine)
    loop = asyncio.new_event_loop()
    rows = []
    with psycopg.connect(config.libpq_dsn) as db:
        # One warm-up pass over a few offers: connections, prepared statements and PROJ's transform cache.
        for offer_id in offers[:5]:
            match_raw(db, offer_id)
            match_worker(db, offer_id)
            loop.run_until_complete(match_stream(sessionmaker, offer_id, config.batch_size))
        started = time.monotonic()
        for number, offer_id in enumerate(offers, 1):
            raw_s, raw_n = match_raw(db, offer_id)
            worker_s, worker_n = match_worker(db, offer_id)
            stream_s, stream_n = loop.run_until_complete(match_stream(sessionmaker, offer_id, config.batch_size))
            if not raw_n == worker_n == stream_n:
                raise SystemExit(f"offer {offer_id}: the three ways found {raw_n}, {worker_n}, {stream_n} matches")
            rows.append({"offer_id": offer_id, "matches": raw_n, "raw_ms": round(raw_s * 1000, 3),
                         "worker_ms": round(worker_s * 1000, 3), "stream_ms": round(stream_s * 1000, 3)})
            if number % 50 == 0:
                left = (time.monotonic() - started) / number * (len(offers) - number)
                print(f"    {number}/{len(offers)} offers, ~{int(left)} s left", flush=True)
    loop.run_until_complete(engine.dispose())
    loop.close()
    matches = [row["matches"] for row in rows]
    ordered = sorted(matches)
    result = {
        "matches": {"p50": _percentile(ordered, 50), "p95": _percentile(ordered, 95), "max": ordered[-1],
                    "mean": round(sum(matches) / len(matches), 1), "zero": matches.count(0)},
        "raw_sql": _summary([row["raw_ms"] / 1000 for row in rows], matches),
        "worker": _summary([row["worker_ms"] / 1000 for row in rows], matches),
        "stream": _summary([row["stream_ms"] / 1000 for row in rows], matches),
        "offers": rows,
    }
    for way in ("raw_sql", "worker", "stream"):
        s = result[way]
        print(f"    {way}: p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p95 of (time − 3 µs × matches) "
              f"{s['p95_excess_ms']} ms, {s['per_match_us']} µs per match", flush=True)
    return result


# "For you" ---------------------------------------------------------------------------------------------


def sign_in_sample(config: Config, api: ApiServer) -> list[str]:
    """A fixed sample of synthetic volunteers gets a password and signs in through the API; returns
    their session cookies."""
    with psycopg.connect(config.libpq_dsn) as db:
        people = [row[0] for row in db.execute(
            "SELECT u.email FROM volunteer_profile p JOIN user_account u ON u.id = p.user_id"
            " ORDER BY md5(u.id::text || %s) LIMIT %s", (str(config.random_seed), config.for_you_people)
        )]
        db.execute("UPDATE user_account SET password_hash = %s WHERE email = ANY(%s)",
                   (hash_password(PASSWORD), people))
        db.commit()
    cookies = []
    for email in people:
        with httpx.Client(base_url=api.base_url, timeout=30) as client:
            client.get("/api/v1/session")
            response = client.post("/api/v1/session", json={"email": email, "password": PASSWORD},
                                   headers={"X-CSRFToken": client.cookies["csrftoken"]})
            response.raise_for_status()
            cookies.append(client.cookies["session"])
    return cookies


def run_for_you(config: Config, api: ApiServer, cookies_file: Path) -> dict[str, Any]:
    def command(seconds: int) -> list[str]:
        return ["wrk", f"-t{config.threads}", f"-c{config.connections}", f"-d{seconds}s", "--timeout", "5s",
                "-s", _relative(HERE / "for_you.lua"), api.base_url, "--", _relative(cookies_file),
                str(config.threads)]

    subprocess.run(command(config.warmup_s), check=True, cwd=ROOT, capture_output=True)
    measured = command(config.duration_s)
    print("  $ " + shlex.join(measured), flush=True)
    process = subprocess.Popen(measured, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    with CpuMeter(config.database, api.worker_pids(), process.pid) as meter:
        _wait_with_ticker(process, config.duration_s, "wrk")
    output = process.stdout.read()
    line = next((line for line in output.splitlines() if line.startswith("WRK_RESULT ")), None)
    if process.returncode or line is None:
        raise SystemExit(f"wrk failed:\n{output}")
    raw = json.loads(line.removeprefix("WRK_RESULT "))
    if sum(raw["errors"].values()):
        raise SystemExit(f"wrk saw errors: {raw['errors']}\n{output}")
    result = {
        "command": shlex.join(measured), "requests": raw["requests"],
        "throughput": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
        "bytes_per_response": round(raw["bytes"] / max(1, raw["requests"])),
        "cpu_s": meter.seconds(), "api_worker_cpu_s": meter.api_worker_seconds(),
        "machine_busy": round(meter.machine_busy, 3),
    }
    print(f"    API: p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, "
          f"{result['throughput']:.0f} req/s", flush=True)
    return result


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    config = Config()
    OUT.mkdir(exist_ok=True)
    started = time.monotonic()
    print(f"Matching benchmark: {config.offers:,} offers, {config.profiles:,} volunteer profiles, "
          f"{config.match_offers} offers matched three ways, 'for you' for {config.for_you_people} people", flush=True)
    step(started, "preparing the database (seeding what is missing)")
    seeded = prepare(config)
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"), "code": code_version(),
        "machine": machine(), "config": {k: v for k, v in asdict(config).items() if k != "results"},
        "seeded": seeded, "table": facts(config),
    }
    offers = sample_offers(config)
    step(started, f"reverse matching: {len(offers)} offers × (raw SQL, worker task, stream)")
    results["reverse_matching"] = undisturbed(
        config, lambda: _metered(config, lambda: measure_matching(config, offers))
    )
    config.results.write_text(json.dumps(results, indent=1) + "\n")
    step(started, f"'for you' through the API: signing in {config.for_you_people} volunteers")
    with ApiServer(config) as api:
        cookies_file = OUT / "sessions.txt"
        cookies_file.write_text("\n".join(sign_in_sample(config, api)) + "\n")
        sample = httpx.get(api.base_url + "/api/v1/me/offers/for-you",
                           cookies={"session": cookies_file.read_text().split()[0]}, timeout=10)
        sample.raise_for_status()
        results["for_you_sample"] = {"items": len(sample.json()["items"]), "bytes": len(sample.content)}
        # Reverse matching inserted and deleted millions of offer_match rows, and the sign-ins wrote too:
        # without this, autovacuum ran in the middle of the measurement (p99 327 ms in the 15:50 run).
        settle(config, ("offer_match", "outbox_event", "user_account", "push_delivery"))
        step(started, "'for you' through the API (wrk)")
        results["for_you"] = undisturbed(config, lambda: run_for_you(config, api, cookies_file))
        results["for_you"]["api_memory"] = api.memory()
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    config.results.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nResults: {_relative(config.results)}")


def _metered(config: Config, measure: Any) -> dict[str, Any]:
    """CPU per process group around a measurement that runs in this process."""
    began = time.monotonic()
    with CpuMeter(config.database, [], -1) as meter:
        result = measure()
    result["seconds"] = round(time.monotonic() - began, 1)
    result["cpu_s"] = meter.seconds()
    result["machine_busy"] = round(meter.machine_busy, 3)
    return result


if __name__ == "__main__":
    main()
