"""SQL is written once, as a named statement at module level (docs/development.md, "Reading rows"): `_DELETE =
text("DELETE FROM …")` and `session.execute(_DELETE, params)`, never `session.execute(text("DELETE …"))` in the
middle of a function. A reader finds an area's statements in one place, a statement is parsed once, and no
function assembles SQL from pieces (optional filters are composed with SQLAlchemy Core: `build_search` in
api/domain/offers/services.py; or bound as parameters: `_CHANGE` in api/domain/push/services.py).

Checked on the syntax of api/ and workers/: a `text(…)` call inside a function whose argument is written
there (a string, an f-string, or strings joined) is refused; `text(statement.sql)` of a composed statement is
not SQL written there."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.lint import lines_found

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [path for folder in ("api", "workers") for path in sorted((ROOT / folder).rglob("*.py"))]


def _written_here(argument: ast.expr) -> bool:
    if isinstance(argument, ast.Constant | ast.JoinedStr):
        return True
    if isinstance(argument, ast.BinOp):
        return _written_here(argument.left) or _written_here(argument.right)
    return False


def _inline_sql(path: Path) -> list[str]:
    relative = path.relative_to(ROOT)
    findings = []
    for function in ast.walk(ast.parse(path.read_text())):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) == "text"
                    and node.args and _written_here(node.args[0])):
                findings.append(f"{relative}:{node.lineno} in {function.name}()")
    return findings


def test_statements_are_named_at_module_level() -> None:
    findings = [finding for path in SHIPPED for finding in _inline_sql(path)]
    assert findings == [], "SQL written inside functions:\n" + "\n".join(sorted(set(findings)))


def test_the_rule_finds_what_it_is_meant_to() -> None:
    lines = lines_found(
        _inline_sql,
        "_NAMED = text('SELECT 1')\n"
        "async def f(session, statement, where):\n"
        "    await session.execute(_NAMED)\n"
        "    await session.execute(text('SELECT 2'))\n"
        "    await session.execute(text(f'SELECT {where}'))\n"
        "    await session.execute(sa.text('SELECT ' + where))\n"
        "    await session.execute(text(statement.sql))\n"
    )
    assert lines == [4, 5, 6]
