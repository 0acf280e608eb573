"""Prices the parts of an API search request: wrk against each variant of `variants.py` in turn, on the
bench database as `benchmark.py` left it, with the same load, and the worker CPU per request of each.

Usage (after `make bench-search`, on the code snapshot it took):
    BENCH_SOURCE=bench/search/out/src .venv/bin/python bench/search/profile.py
Writes `bench/search/variants-<scenario>.json` and prints a table. PROFILE_VARIANTS (`;`-separated) picks
variants, PROFILE_RADIUS and PROFILE_CATEGORY the scenario (default 25 km, none), PROFILE_REPEATS the
rounds (3), BENCH_DURATION the seconds per measurement.
"""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import Any

from benchmark import (
    OUT,
    SOURCE,
    ApiServer,
    Config,
    Scenario,
    choose_points,
    code_version,
    run_wrk,
    table_facts,
    undisturbed,
)

HERE = Path(__file__).resolve().parent
VARIANTS = (
    "shipped;generic-plans;lazy-session;no-compression;no-auth-middleware;"
    "generic-plans,lazy-session,no-compression,no-auth-middleware;raw;empty"
)


def main() -> None:
    config = Config()
    variants = os.environ.get("PROFILE_VARIANTS", VARIANTS).split(";")
    scenario = Scenario(int(os.environ.get("PROFILE_RADIUS", "25")),
                        os.environ.get("PROFILE_CATEGORY") or None)
    points_file = OUT / "points.csv"
    if not points_file.exists():
        points_file.write_text("".join(f"{lat:.6f},{lon:.6f}\n" for lat, lon in choose_points(config)))
    results: dict[str, Any] = {"table": table_facts(config), "code": code_version(),
                               "scenario": scenario.name,
                               "duration_s": config.duration_s, "workers": config.workers, "variants": []}
    output = HERE / f"variants-{scenario.slug}.json"
    # Variants measured by an earlier call for the same scenario stay in the file.
    earlier = [row for row in json.loads(output.read_text())["variants"] if row["variant"] not in variants] \
        if output.exists() else []
    repeats = int(os.environ.get("PROFILE_REPEATS", "3"))
    reference: list[str] | None = None
    runs: dict[str, list[dict[str, Any]]] = {variant: [] for variant in variants}
    # Round robin, so that a slow phase of the machine does not land on one variant only.
    for repeat in range(repeats):
        for variant in variants:
            print(f"\n[profile] round {repeat + 1}/{repeats}, variant {variant}", flush=True)
            env = {"BENCH_VARIANT": variant, "PYTHONPATH": f"{SOURCE}:{HERE}"}
            with ApiServer(config, app="variants:create_app", env=env) as api:
                if variant != "empty":
                    lat, lon = points_file.read_text().splitlines()[0].split(",")
                    page = api.get_json(f"/api/v1/offers?lat={lat}&lon={lon}{scenario.query}")
                    ids = [item["id"] for item in page["items"]]
                    reference = reference or ids
                    assert ids == reference, f"{variant} answers differently"
                measured = undisturbed(config, lambda: run_wrk(config, api, scenario, points_file))
            runs[variant].append({
                "throughput": measured["throughput"],
                "p50_ms": measured["p50_ms"], "p95_ms": measured["p95_ms"],
                "cpu_us_per_request": {group: round(seconds / measured["requests"] * 1e6)
                                       for group, seconds in measured["cpu_s"].items()},
                "interference": measured["interference"],
            })
            results["variants"] = earlier + [{"variant": name, "runs": done} for name, done in runs.items()]
            output.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nMedians of {repeats} runs each:\n")
    print("| variant | req/s | p50 ms | p95 ms | worker CPU µs/req | PostgreSQL µs/req |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, done in runs.items():
        def median(key: Any, done: list[dict[str, Any]] = done) -> float:
            return statistics.median(key(run) for run in done)

        workers = median(lambda r: r["cpu_us_per_request"].get("api", 0))
        postgres = median(lambda r: r["cpu_us_per_request"].get("postgres", 0))
        print(f"| {name} | {median(lambda r: r['throughput']):,.0f} | {median(lambda r: r['p50_ms']):.2f} "
              f"| {median(lambda r: r['p95_ms']):.2f} | {workers:.0f} | {postgres:.0f} |")


if __name__ == "__main__":
    main()
