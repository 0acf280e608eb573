"""The floor under reverse matching's target: what PostgreSQL on this machine needs to write one delivery row
per match when finding the matches costs nothing.

The target is p95 ≤ 5 ms + 3 µs per matched profile for finding the matches *and* writing their rows
(INSERT … SELECT). This script inserts as many rows as a typical and a p95 offer matches (ids prepared
beforehand in a temporary table, so only the insert is timed) into tables shaped like `offer_match`:
with both of its indexes and without its foreign keys, with the primary key alone, and unlogged. Each
variant runs `BENCH_REPEAT` times per size, alternating, each into a fresh table; the median is reported.

    .venv/bin/python bench/matching/insert_floor.py            # against BENCH_DATABASE (volumap_bench)

Nothing is left behind: every table is created in a transaction that is rolled back.
"""

from __future__ import annotations

import os
import statistics
import time

import psycopg

DATABASE = os.environ.get("BENCH_DATABASE", "volumap_bench")
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
SIZES = (14_000, 32_500)  # p50 and p95 matches per offer in bench-matching at 1M profiles
BUDGET_US = 3.0

VARIANTS = {
    "logged, primary key + user index (offer_match without its foreign keys)": (
        "CREATE TABLE floor_rows (offer_id uuid NOT NULL, user_id uuid NOT NULL, distance_m float8 NOT NULL,"
        " matched_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (offer_id, user_id));"
        " CREATE INDEX ON floor_rows (user_id)"
    ),
    "logged, primary key only": (
        "CREATE TABLE floor_rows (offer_id uuid NOT NULL, user_id uuid NOT NULL, distance_m float8 NOT NULL,"
        " matched_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (offer_id, user_id))"
    ),
    "unlogged, primary key + user index": (
        "CREATE UNLOGGED TABLE floor_rows (offer_id uuid NOT NULL, user_id uuid NOT NULL, distance_m float8"
        " NOT NULL, matched_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (offer_id, user_id));"
        " CREATE INDEX ON floor_rows (user_id)"
    ),
}
INSERT = ("INSERT INTO floor_rows (offer_id, user_id, distance_m)"
          " SELECT '00000000-0000-4000-8000-000000000001', user_id, distance_m FROM floor_matches")


def one_insert(db: psycopg.Connection, create: str, rows: int) -> float:
    """Seconds for one INSERT … SELECT of `rows` prepared matches into a fresh table (rolled back)."""
    with db.transaction(force_rollback=True):
        db.execute("CREATE TEMP TABLE floor_matches ON COMMIT DROP AS SELECT gen_random_uuid() AS user_id,"
                   " random() * 10000 AS distance_m FROM generate_series(1, %s)", (rows,))
        db.execute(create)
        began = time.perf_counter()
        db.execute(INSERT)
        return time.perf_counter() - began


def main() -> None:
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", autocommit=True) as db:
        db.execute("SET synchronous_commit = on")
        timings: dict[tuple[str, int], list[float]] = {}
        for _ in range(REPEAT):
            for rows in SIZES:
                for name, create in VARIANTS.items():
                    timings.setdefault((name, rows), []).append(one_insert(db, create, rows))
    print(f"Insert floor ({DATABASE}, median of {REPEAT}; budget 5 ms + {BUDGET_US:g} µs per match)\n")
    print("| table | rows | ms | µs per row | share of the budget |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for (name, rows), seconds in timings.items():
        median = statistics.median(seconds)
        budget_s = 0.005 + BUDGET_US * 1e-6 * rows
        print(f"| {name} | {rows:,} | {median * 1000:.1f} | {median * 1e6 / rows:.2f} | {median / budget_s:.0%} |")


if __name__ == "__main__":
    main()
