# Shared by the benchmarks' run.sh scripts (sourced, from the repository root).

# bench_lock NAME: one run of a benchmark at a time; runs share databases, ports and output folders.
bench_lock() {
  mkdir -p "bench/$1/out"
  exec 9>"bench/$1/out/run.lock"
  flock -n 9 || { echo "another bench-$1 run is in progress (bench/$1/out/run.lock)" >&2; exit 1; }
}

# bench_snapshot NAME: every step of a run must measure the same code, also when files change during the
# run, so the API, its migrations and the seeders run from a copy of the working tree taken now (SNAPSHOT
# says which commit and which uncommitted changes), laid out as the installed package is (migrations/ and pwa/
# inside api/, as pyproject.toml maps them). Exports BENCH_SOURCE and PYTHONPATH.
bench_snapshot() {
  local source="bench/$1/out/src"
  rm -rf "$source" && mkdir -p "$source"
  tar --exclude=__pycache__ -cf - api workers devtools | tar -xf - -C "$source"
  tar --exclude=__pycache__ -cf - migrations pwa | tar -xf - -C "$source/api"
  { git rev-parse --short HEAD; git status --porcelain -- api workers devtools migrations pwa; } > "$source/SNAPSHOT"
  export BENCH_SOURCE="$source" PYTHONPATH="$PWD/$source"
}

# bench_tool PACKAGE: installs a Debian package's tool when it is missing.
bench_tool() {
  if ! command -v "$1" >/dev/null; then
    echo "installing $1 (Debian package)"
    $(test "$(id -u)" = 0 || echo sudo) apt-get install -y -q "$1" >/dev/null
  fi
}
