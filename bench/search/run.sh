#!/usr/bin/env bash
# Radius search benchmark (`make bench-search`): the API through wrk against the raw SQL through pgbench,
# at 10k, 100k and 1M synthetic offers. Takes 30–40 minutes; prints progress and the time left.
# Knobs (environment): BENCH_SIZES=10000,100000,1000000 BENCH_DURATION=15 BENCH_WARMUP=3
# BENCH_CONNECTIONS=8 BENCH_THREADS=2 BENCH_WORKERS=2 BENCH_POINTS=1000 BENCH_PORT=8791
# BENCH_DATABASE=volumap_bench BENCH_FRESH=1 BENCH_GZIP=0 BENCH_RESULTS=bench/search/results.json
# A short trial: BENCH_SIZES=2000,5000 BENCH_DURATION=3 BENCH_WARMUP=1 BENCH_RESULTS=/tmp/trial.json
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  $(test "$(id -u)" = 0 || echo sudo) apt-get install -y -q wrk >/dev/null
fi
for tool in wrk pgbench; do
  command -v "$tool" >/dev/null || { echo "bench-search needs $tool (apt-get install $tool)" >&2; exit 1; }
done

# One run at a time: runs share the database, the port and bench/search/out.
mkdir -p bench/search/out
exec 9>bench/search/out/run.lock
flock -n 9 || { echo "another bench-search run is in progress (bench/search/out/run.lock)" >&2; exit 1; }

# Every size must measure the same code, also when files change during the run: the API, its migrations
# and the seeder run from a copy of the working tree taken now (SNAPSHOT says which commit and changes).
SOURCE=bench/search/out/src
rm -rf "$SOURCE" && mkdir -p "$SOURCE"
tar --exclude=__pycache__ -cf - api migrations alembic.ini pwa | tar -xf - -C "$SOURCE"
{ git rev-parse --short HEAD; git status --porcelain -- api migrations alembic.ini pwa; } > "$SOURCE/SNAPSHOT"
export BENCH_SOURCE="$SOURCE" PYTHONPATH="$PWD/$SOURCE"

.venv/bin/python bench/search/benchmark.py
.venv/bin/python bench/search/report.py "${BENCH_RESULTS:-bench/search/results.json}"
