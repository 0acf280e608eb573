"""pyproject.toml says what ships and what it needs; these tests hold it to the code."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.support.servers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SHIPPED_CODE = ("api", "workers", "migrations")
# Declared but never imported: what the code runs under rather than calls.
RUN_UNDER = {"uvicorn": "the ASGI server the API runs in (infra/Dockerfile, infra/run.sh)"}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _third_party_imports(folders: tuple[str, ...]) -> dict[str, str]:
    """Top-level module name -> a file importing it, for every import that is neither stdlib nor ours."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("api", "workers", "__future__"):
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_package_of_the_code_is_shipped_and_nothing_else() -> None:
    on_disk = {
        ".".join(folder.relative_to(ROOT).parts)
        for top in ("api", "workers") for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir() and any(folder.glob("*.py"))
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])

    assert listed - {"api.migrations", "api.pwa"} == on_disk
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"api.migrations": "migrations", "api.pwa": "pwa"}


def test_every_library_the_shipped_code_imports_is_declared() -> None:
    declared = {_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    providers = packages_distributions()
    undeclared = {
        module: where for module, where in _third_party_imports(SHIPPED_CODE).items()
        if not {_name(dist) for dist in providers.get(module, [module])} & declared
    }

    assert undeclared == {}


def test_every_declared_dependency_is_used_by_the_shipped_code() -> None:
    providers = packages_distributions()
    imported = {_name(dist) for module in _third_party_imports(SHIPPED_CODE) for dist in providers.get(module, [])}
    unused = {_name(requirement) for requirement in PYPROJECT["project"]["dependencies"]} - imported - set(RUN_UNDER)

    assert unused == set()


def test_development_libraries_are_declared_as_such() -> None:
    """What tests, benchmarks and devtools import is in the dev extra (or comes with a runtime dependency)."""
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    declared |= {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    providers = packages_distributions()
    own = {"tests", "devtools", "bench", "benchmark", "report", "wrk"}  # bench scripts import their neighbours
    undeclared = {
        module: where for module, where in _third_party_imports(("tests", "devtools", "bench")).items()
        if module not in own and not {_name(dist) for dist in providers.get(module, [module])} & declared
    }

    assert undeclared == {}
