"""What building a search's statement costs per request: `build_search` of the working tree beside that of an
earlier commit (default 1d28368~1, the last with the WHERE clause joined as text), in one process, rounds
interleaved, so the machine's noise falls on both alike. The database's side is not part of it: both build
the same statement shapes (tests/integration/offers/test_search_plan.py checks the plans of the new one).

    .venv/bin/python bench/search/statement_cost.py [REV]     # results in bench/search/statement_cost.json

Searches: radius 5 km; radius 25 km with one category; with two categories and a cursor; a newest-first
search with four filters and a cursor; a text search near a point. Each round times 20,000 calls of each
build over the five searches; seven rounds; medians and the spread of the per-round ratio.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from api.db.offers import Commitment  # noqa: E402
from api.domain.offers import services as current  # noqa: E402

ROUNDS = 7
CALLS = 20_000


def _earlier(rev: str) -> ModuleType:
    """api/domain/offers/services.py as it was at `rev`, imported beside today's (its imports are today's)."""
    source = subprocess.run(["git", "show", f"{rev}:api/domain/offers/services.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("earlier_offer_services", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{rev}:api/domain/offers/services.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _searches(services: ModuleType) -> list[tuple[Any, Any]]:
    search, position = services.OfferSearch, services.SearchPosition
    now = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    offer = UUID("0b6f3f1e-5d1c-4a43-9a57-6a0d0c1f2e33")
    return [
        (search(lat=52.02, lon=8.53, radius_km=5.0), None),
        (search(lat=52.02, lon=8.53, radius_km=25.0, category_ids=[4]), None),
        (search(lat=52.02, lon=8.53, radius_km=25.0, category_ids=[4, 7]), position(812.5, [offer])),
        (search(category_ids=[3], commitment=Commitment.regular, starts_after=now, remote=False),
         position(now, [offer])),
        (search(lat=52.02, lon=8.53, radius_km=10.0, q="Garten"), None),
    ]


def _round(services: ModuleType, cases: list[tuple[Any, Any]]) -> float:
    """Microseconds per build."""
    build = services.build_search
    started = time.process_time()
    for _ in range(CALLS // len(cases)):
        for search, after in cases:
            build(search, after)
    return (time.process_time() - started) / CALLS * 1e6


def main() -> None:
    rev = sys.argv[1] if len(sys.argv) > 1 else "1d28368~1"
    earlier = _earlier(rev)
    builds = {"earlier": (earlier, _searches(earlier)), "current": (current, _searches(current))}
    for services, cases in builds.values():  # the same statements, and warm caches
        _round(services, cases)
    times: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(ROUNDS):
        for name, (services, cases) in builds.items():
            times[name].append(_round(services, cases))
    ratios = [new / old for new, old in zip(times["current"], times["earlier"], strict=True)]
    result = {
        "earlier": rev,
        "current": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                  text=True).stdout.strip() + " (working tree)",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "us_per_build_median": {name: round(statistics.median(values), 2) for name, values in times.items()},
        "us_per_build_rounds": {name: [round(v, 2) for v in values] for name, values in times.items()},
        "ratio_current_to_earlier_median": round(statistics.median(ratios), 3),
        "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
    }
    out = Path(__file__).with_name("statement_cost.json")
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
