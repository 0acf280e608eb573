"""pgbench A/B of PostgreSQL's plan cache for the search statements: as the API's pool has it (`auto`:
five custom plans, then generic if that looks no dearer) against `force_generic_plan` and
`force_custom_plan`, on the bench database as `benchmark.py` left it, in interleaved rounds.

Usage: `BENCH_SOURCE=bench/search/out/src .venv/bin/python bench/search/plan_cache.py`
(PLAN_CACHE_REPEATS rounds, 3; BENCH_DURATION seconds per measurement, 15). Writes plan_cache.json.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import statistics
import subprocess
from pathlib import Path
from typing import Any

from benchmark import (
    OUT,
    ROOT,
    Config,
    CpuMeter,
    Scenario,
    _percentile,
    catalogue,
    execution_for,
    pgbench_command,
    pgbench_script,
    statement_for,
    table_facts,
    wait_for_quiet,
)

HERE = Path(__file__).resolve().parent
MODES = ("auto", "force_generic_plan", "force_custom_plan")


def measure(config: Config, scenario: Scenario, mode: str, points: list[tuple[float, float]]
            ) -> dict[str, Any]:
    categories = catalogue(config)
    script = OUT / f"plan-cache-{scenario.slug}.sql"
    constants = pgbench_script(scenario, categories, points, script)
    options = execution_for(statement_for(scenario, categories, *points[0])).pgoptions
    env = {**os.environ, "PGOPTIONS": f"{options} -c plan_cache_mode={mode}"}
    log_prefix = OUT / f"plan-cache-{scenario.slug}-{mode}"
    for old in OUT.glob(f"{log_prefix.name}.*"):
        old.unlink()
    command = pgbench_command(config, script, constants, config.duration_s, log_prefix)
    wait_for_quiet(config)
    print(f"  $ PGOPTIONS={shlex.quote(env['PGOPTIONS'])} {shlex.join(command)}", flush=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    with CpuMeter(config.database, [], process.pid) as meter:
        output = process.communicate()[0]
    tps = float(re.search(r"tps = ([\d.]+) \(without", output).group(1))
    latencies = sorted(int(line.split()[2]) for log in OUT.glob(f"{log_prefix.name}.*")
                       for line in log.read_text().splitlines())
    cpu = meter.seconds()
    result = {"tps": tps, "p50_ms": _percentile(latencies, 50) / 1000,
              "p95_ms": _percentile(latencies, 95) / 1000,
              "postgres_us_per_tx": round(cpu.get("postgres", 0.0) / len(latencies) * 1e6),
              "other_cpu_s": cpu.get("other", 0.0)}
    print(f"    {scenario.name}, {mode}: {tps:.0f} tps, p95 {result['p95_ms']:.2f} ms, "
          f"PostgreSQL {result['postgres_us_per_tx']} µs/tx", flush=True)
    return result


def main() -> None:
    config = Config()
    points = [(float(lat), float(lon)) for lat, lon in
              (line.split(",") for line in (OUT / "points.csv").read_text().splitlines())]
    scenarios = [Scenario(radius, category)
                 for radius in config.radii_km for category in (None, config.category)]
    repeats = int(os.environ.get("PLAN_CACHE_REPEATS", "3"))
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {s.name: {m: [] for m in MODES} for s in scenarios}
    for repeat in range(repeats):
        for scenario in scenarios:
            for mode in MODES:
                print(f"[plan cache] round {repeat + 1}/{repeats}: {scenario.name}, {mode}", flush=True)
                runs[scenario.name][mode].append(measure(config, scenario, mode, points))
                (HERE / "plan_cache.json").write_text(
                    json.dumps({"table": table_facts(config), "duration_s": config.duration_s, "runs": runs},
                               indent=1) + "\n")
    print(f"\nMedians of {repeats} rounds:\n")
    print("| scenario | plan cache | tps | p50 ms | p95 ms | PostgreSQL µs/tx |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, modes in runs.items():
        for mode, done in modes.items():
            def median(key: str, done: list[dict[str, float]] = done) -> float:
                return statistics.median(run[key] for run in done)

            print(f"| {name} | {mode} | {median('tps'):,.0f} | {median('p50_ms'):.2f} "
                  f"| {median('p95_ms'):.2f} | {median('postgres_us_per_tx'):.0f} |")


if __name__ == "__main__":
    main()
