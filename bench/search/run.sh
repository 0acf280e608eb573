#!/usr/bin/env bash
# Radius search benchmark (`make bench-search`): the API through wrk against the raw SQL through pgbench,
# at 10k, 100k and 1M synthetic offers. Takes 30–40 minutes; prints progress and the time left.
# Knobs (environment): BENCH_SIZES=10000,100000,1000000 BENCH_DURATION=15 BENCH_WARMUP=3
# BENCH_CONNECTIONS=8 BENCH_THREADS=2 BENCH_WORKERS=2 BENCH_POINTS=1000 BENCH_PORT=8791
# BENCH_DATABASE=volumap_bench BENCH_FRESH=1 BENCH_GZIP=0 BENCH_RESULTS=bench/search/results.json
# A short trial: BENCH_SIZES=2000,5000 BENCH_DURATION=3 BENCH_WARMUP=1 BENCH_RESULTS=/tmp/trial.json
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_tool wrk
command -v pgbench >/dev/null || { echo "bench-search needs pgbench (apt-get install postgresql-client)" >&2; exit 1; }
bench_lock search
bench_snapshot search

.venv/bin/python bench/search/benchmark.py
.venv/bin/python bench/search/report.py "${BENCH_RESULTS:-bench/search/results.json}"
