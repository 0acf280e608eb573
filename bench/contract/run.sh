#!/usr/bin/env bash
# The contract run (`make bench-contract`): tests/contract/ (Schemathesis against a real API process, every
# operation as every kind of caller), timed; prints per caller how long its turn took and how many requests
# it sent, as a Markdown table for bench/RESULTS.md. About 4 minutes.
# Knobs (environment): VOLUMAP_CONTRACT_BUDGET_S=210 (the run's wall-clock budget, shared by the callers),
# VOLUMAP_CONTRACT_SEED (Hypothesis' seed; default: the clock), BENCH_DATABASE=volumap_bench_contract and
# BENCH_REDIS_DB=5 (the suite's database and Redis databases 5 and 4: emptied by the run).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_lock contract

report=bench/contract/out/report.jsonl
rm -f "$report"
started=$(date +%s)
set +e
VOLUMAP_CONTRACT_REPORT="$report" \
VOLUMAP_TEST_DATABASE="${BENCH_DATABASE:-volumap_bench_contract}" \
VOLUMAP_TEST_REDIS_DB="${BENCH_REDIS_DB:-5}" \
  .venv/bin/python -m pytest tests/contract -m contract -q -p no:cacheprovider
status=$?
set -e
echo
echo "pytest exited with $status after $(( $(date +%s) - started )) s (start-up and teardown included)"
.venv/bin/python bench/contract/report.py "$report"
exit $status
