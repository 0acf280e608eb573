"""The cross-cutting pieces in api/lib/ depend on no domain area (docs/development.md, "Style"): an area may use
api/lib, never the other way round, so a change in an area cannot break what every area relies on."""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[2] / "api" / "lib"


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


def _area_imports() -> dict[str, set[str]]:
    """Which domain areas each area imports (api/domain/<area>/…)."""
    domain = LIB.parent / "domain"
    edges: dict[str, set[str]] = {}
    for path in domain.rglob("*.py"):
        area = path.relative_to(domain).parts[0]
        if area.endswith(".py"):
            continue
        for module in _imported_modules(path):
            if module.startswith("api.domain.") and module.split(".")[2] != area:
                edges.setdefault(area, set()).add(module.split(".")[2])
    return edges


def test_no_two_domain_areas_import_each_other() -> None:
    """Offers once imported applications (places left, the offer's calendar) and organisations (membership)
    while both imported offers: a change on either side could break the other's import."""
    edges = _area_imports()
    mutual = {tuple(sorted((area, other))) for area, others in edges.items() for other in others
              if area in edges.get(other, set())}
    assert mutual == set()
