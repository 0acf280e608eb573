"""The cross-cutting pieces in api/lib/ depend on no domain area (docs/development.md, "Style"): an area may use
api/lib, never the other way round, so a change in an area cannot break what every area relies on. Areas may
use each other, but never in a cycle: an area's imports lead back to it through no chain of other areas, so
each area can be read, changed and tested with only the areas below it."""

from __future__ import annotations

import ast
from collections import deque
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIB = ROOT / "api" / "lib"
DOMAIN = ROOT / "api" / "domain"


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_api_lib_imports_no_domain_area() -> None:
    offenders = {
        f"{path.name}: {module}"
        for path in sorted(LIB.glob("*.py"))
        for module in _imported_modules(path)
        if module == "api.domain" or module.startswith("api.domain.")
    }
    assert offenders == set()


def _area_imports() -> dict[str, dict[str, set[str]]]:
    """Which domain areas each area imports (api/domain/<area>/…), with the files that import them."""
    edges: dict[str, dict[str, set[str]]] = {}
    for path in DOMAIN.rglob("*.py"):
        area = path.relative_to(DOMAIN).parts[0]
        if area.endswith(".py"):
            continue
        for module in _imported_modules(path):
            if module.startswith("api.domain.") and module.split(".")[2] != area:
                edges.setdefault(area, {}).setdefault(module.split(".")[2], set()).add(
                    str(path.relative_to(ROOT))
                )
    return edges


def _reachable(edges: dict[str, dict[str, set[str]]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for other in edges.get(todo.pop(), {}):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _shortest_cycle(edges: dict[str, dict[str, set[str]]], start: str, within: set[str]) -> list[str]:
    """The fewest areas from `start` back to it, staying among `within` (breadth first)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        area = queue.popleft()
        for other in sorted(edges.get(area, {})):
            if other == start:
                path = [area]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if other in within and other not in came_from:
                came_from[other] = area
                queue.append(other)
    raise AssertionError(f"{start} is on no cycle")


def area_cycles(edges: dict[str, dict[str, set[str]]]) -> list[str]:
    """One cycle through each group of areas that reach each other (a strongly connected component with more
    than one area), named with the files that make each step."""
    reach = {area: _reachable(edges, area) for area in edges}
    named: list[str] = []
    done: set[str] = set()
    for area in sorted(edges):
        if area in done or area not in reach[area]:
            continue
        component = {other for other in reach[area] if area in reach.get(other, set())}
        done |= component
        cycle = _shortest_cycle(edges, area, component)
        steps = [f"{a} -> {b} ({', '.join(sorted(edges[a][b]))})" for a, b in pairwise(cycle)]
        named.append(f"{' -> '.join(cycle)} [areas on cycles with it: {', '.join(sorted(component))}]: "
                     + "; ".join(steps))
    return named


def test_area_cycles_are_found_and_named() -> None:
    edges = {"a": {"b": {"a.py"}}, "b": {"c": {"b.py"}, "d": {"b2.py"}}, "c": {"a": {"c.py"}}, "d": {}}
    assert area_cycles(edges) == [
        "a -> b -> c -> a [areas on cycles with it: a, b, c]: a -> b (a.py); b -> c (b.py); c -> a (c.py)"
    ]
    assert area_cycles({"a": {"b": {"a.py"}}, "b": {"c": {"b.py"}}}) == []


def test_no_cycle_between_domain_areas() -> None:
    """Offers once imported applications (places left, the offer's calendar) and organisations (membership)
    while both imported offers; applications → push → volunteers → applications was a longer one (push used
    the volunteers' home point, now in api/lib/home_area.py): a change in any area on a cycle could break the
    import of every other."""
    cycles = area_cycles(_area_imports())
    assert cycles == [], "\n".join(cycles)
