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
