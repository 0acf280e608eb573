"""The Redis fault timeline (issue 17): how long after Redis stops or freezes the API's signed-in requests
answer 503, how long each 503 takes, and how long after Redis is back they answer again; public searches
beside them all along.

A private PostgreSQL cluster and a private redis-server (tests/support/faults.py), and the API as a real uvicorn
process on them (tests/support/servers.py); the machine's shared servers are not touched. One prober sends signed-in
requests (GET /api/v1/me) one after another, another public searches; each round stops (or freezes) Redis for
BENCH_OUTAGE_S seconds, then starts (or thaws) it.

After a stop, Redis comes back empty: the session is gone, so recovery is the first answer that is not 503
(401, "sign in"), and the bench signs in again. After a freeze the session is still there: recovery is the first
200. Knobs: BENCH_ROUNDS=5 BENCH_OUTAGE_S=4 BENCH_RESULTS=bench/faults/results.json
Run: `.venv/bin/python bench/faults/benchmark.py` (a minute or two)."""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.accounts import Person, make_person  # noqa: E402
from tests.support.factories import BIELEFELD_MITTE, make_offer, make_organisation  # noqa: E402
from tests.support.faults import PrivateRedis, private_postgres, private_redis  # noqa: E402
from tests.support.servers import api_server  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
OUTAGE_S = float(os.environ.get("BENCH_OUTAGE_S", "4"))
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench/faults/results.json"))
SEARCH = f"/api/v1/offers?lat={BIELEFELD_MITTE[0]}&lon={BIELEFELD_MITTE[1]}&radius_km=5"


@dataclass
class Sample:
    started: float
    ended: float
    status: int


@dataclass
class Prober:
    """Sends one request after another (20 ms apart) and keeps each one's times and status."""

    client: httpx.Client
    path: str
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status = self.client.get(self.path).status_code
            except httpx.HTTPError:
                status = 0
            self.samples.append(Sample(started, time.monotonic(), status))
            time.sleep(0.02)

    def __enter__(self) -> Prober:
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, timeout=30, headers={"Origin": base_url})


def _sign_in(client: httpx.Client, person: Person) -> None:
    """Tries a few times: versions before issue 17 failed the first Redis command after a restart."""
    for _ in range(10):
        client.cookies.clear()
        client.get("/api/v1/session")
        response = client.post("/api/v1/session", json={"email": person.email, "password": person.password},
                               headers={"X-CSRFToken": client.cookies.get("csrftoken") or ""})
        if response.status_code < 500:
            break
        time.sleep(0.1)
    response.raise_for_status()


def _round(kind: str, redis_server: PrivateRedis, base_url: str, person: Person) -> dict[str, Any]:
    signed_in, public = _client(base_url), _client(base_url)
    _sign_in(signed_in, person)
    with Prober(signed_in, "/api/v1/me") as me, Prober(public, SEARCH) as search:
        time.sleep(1)
        fault = time.monotonic()
        redis_server.stop() if kind == "stop" else redis_server.freeze()
        time.sleep(OUTAGE_S)
        back = time.monotonic()
        redis_server.start() if kind == "stop" else redis_server.thaw()
        time.sleep(2)
    recovered = 401 if kind == "stop" else 200
    # 503 here; counted as any server error (or none at all), so that the bench measures older versions too.
    unavailable = [s for s in me.samples if s.status >= 500 or s.status == 0]
    first_503 = min((s.ended for s in unavailable), default=math.nan)
    first_back = min(s.ended for s in me.samples if s.started >= back and s.status == recovered)
    latencies = [s.ended - s.started for s in unavailable] or [math.nan]
    slowest = max(s.ended - s.started for s in me.samples if s.ended >= fault and s.started < back)
    during = [s for s in search.samples if fault <= s.started < back]
    signed_in.close()
    public.close()
    return {
        "statuses": sorted({s.status for s in me.samples}),
        "to_first_503_s": first_503 - fault,
        "answers_503": len(unavailable),
        "latency_503_median_s": statistics.median(latencies),
        "latency_503_max_s": max(latencies),
        "slowest_signed_in_answer_s": slowest,
        "back_to_answer_s": first_back - back,
        "search_during_outage": len(during),
        "search_ok_during_outage": sum(s.status == 200 for s in during),
        "search_median_during_outage_s": statistics.median(s.ended - s.started for s in during),
    }


def main() -> None:
    with private_postgres() as postgres, private_redis() as redis_server:
        env = {
            **os.environ,
            "VOLUMAP_ENVIRONMENT": "bench",
            "VOLUMAP_SECRET_KEY": "bench-secret-key-0123456789abcdef-0123456789",
            "VOLUMAP_DATABASE_URL": postgres.url().replace("postgresql://", "postgresql+asyncpg://", 1),
            "VOLUMAP_REDIS_URL": redis_server.url(0),
            "VOLUMAP_CELERY_BROKER_URL": redis_server.url(1),
            "VOLUMAP_SESSION_COOKIE_SECURE": "false",
            "VOLUMAP_RATE_LIMIT_LOGIN": "10000/minute",
            "VOLUMAP_RATE_LIMIT_LOGIN_PER_ADDRESS": "10000/minute",
        }
        with psycopg.connect(postgres.url(), autocommit=True) as db:
            person = make_person(db)
            make_offer(db, make_organisation(db))
        with api_server(env) as (base_url, _log):
            results = {kind: [_round(kind, redis_server, base_url, person) for _ in range(ROUNDS)]
                       for kind in ("stop", "freeze")}
    RESULTS.write_text(json.dumps({"rounds": ROUNDS, "outage_s": OUTAGE_S, "results": results}, indent=2) + "\n")
    print("| fault | statuses seen | to first 503 s (median, max) | 503 latency s (median, max)"
          " | slowest signed-in answer s (median, max) | back to answering s (median, max)"
          " | searches during outage (200 / all, median s) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind, rounds in results.items():
        def span(key: str, rounds: list[dict[str, Any]] = rounds) -> str:
            values = [float(r[key]) for r in rounds]
            return f"{statistics.median(values):.3f}, {max(values):.3f}"
        ok = sum(int(r["search_ok_during_outage"]) for r in rounds)
        total = sum(int(r["search_during_outage"]) for r in rounds)
        search_s = statistics.median(float(r["search_median_during_outage_s"]) for r in rounds)
        latency = (f"{statistics.median(float(r['latency_503_median_s']) for r in rounds):.3f}, "
                   f"{max(float(r['latency_503_max_s']) for r in rounds):.3f}")
        statuses = ", ".join(map(str, sorted({status for r in rounds for status in r["statuses"]})))
        print(f"| {kind} | {statuses} | {span('to_first_503_s')} | {latency} | {span('slowest_signed_in_answer_s')} | "
              f"{span('back_to_answer_s')} | "
              f"{ok} / {total}, {search_s:.4f} |")


if __name__ == "__main__":
    main()
