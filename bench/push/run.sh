#!/usr/bin/env bash
# Push delivery benchmark (`make bench-push`): 10,000 anonymous devices around one offer on the local push
# service; from publishing (the outbox event) to the last delivery through a real beat, relay, Celery worker
# and push service; sends per worker CPU-second beside the crypto-only rate of the same run; then a run in
# which the worker is killed (SIGKILL) mid-fan-out and started again. A few minutes; prints progress.
# Knobs (environment): BENCH_SUBSCRIPTIONS=10000 BENCH_KILL_N=$BENCH_SUBSCRIPTIONS BENCH_CRYPTO_MESSAGES=3000
# BENCH_WORKERS=2 BENCH_PUSH_PORT=8793 BENCH_DATABASE=volumap_bench_push BENCH_REDIS_DB=7 BENCH_BROKER_DB=6
# BENCH_KILL_DELAY_MS=20 BENCH_TIMEOUT=180 BENCH_RESULTS=bench/push/results.json; VOLUMAP_PUSH_CHUNK_SIZE and
# VOLUMAP_PUSH_IN_FLIGHT pass through to the workers.
# A short trial: BENCH_DATABASE=volumap_bench_push_trial BENCH_SUBSCRIPTIONS=1000 BENCH_CRYPTO_MESSAGES=500
#   BENCH_RESULTS=/tmp/push-trial.json
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_lock push
bench_snapshot push

.venv/bin/python bench/push/benchmark.py
.venv/bin/python bench/push/report.py "${BENCH_RESULTS:-bench/push/results.json}"
