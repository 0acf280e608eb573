#!/usr/bin/env bash
# Matching benchmark (`make bench-matching`): reverse matching over 1M volunteer profiles (raw SQL, the
# worker's task and the service's stream, side by side) and "for you" through the API over 1M offers.
# Grows the database `volumap_bench` (shared with bench-search) to the target sizes first; seeding a
# million profiles takes several minutes. Prints progress and the time left.
# Knobs (environment): BENCH_OFFERS=1000000 BENCH_PROFILES=1000000 BENCH_MATCH_OFFERS=300 BENCH_BATCH=1000
# BENCH_PEOPLE=200 BENCH_DURATION=15 BENCH_WARMUP=3 BENCH_CONNECTIONS=8 BENCH_THREADS=2 BENCH_WORKERS=2
# BENCH_PORT=8792 BENCH_DATABASE=volumap_bench BENCH_RESULTS=bench/matching/results.json
# A short trial: BENCH_DATABASE=volumap_bench_trial BENCH_OFFERS=20000 BENCH_PROFILES=50000
#   BENCH_MATCH_OFFERS=40 BENCH_PEOPLE=20 BENCH_DURATION=3 BENCH_WARMUP=1 BENCH_RESULTS=/tmp/trial.json
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_tool wrk
bench_lock matching
bench_snapshot matching

.venv/bin/python bench/matching/benchmark.py
.venv/bin/python bench/matching/report.py "${BENCH_RESULTS:-bench/matching/results.json}"
